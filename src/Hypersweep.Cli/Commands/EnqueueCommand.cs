using System.CommandLine;
using Hypersweep.Cli.Output;
using Hypersweep.Space;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;

namespace Hypersweep.Cli.Commands;

/// <summary>
/// <c>hypersweep enqueue SWEEP name=value ...</c>: queues a configuration someone knows is worth trying (Optuna's
/// <c>enqueue_trial</c>). A running sweep starts it before the sampler's next suggestion; a sweep that is not running
/// runs it when it is resumed. It counts toward max_total_trials, and the Bayesian sampler learns from its result.
/// </summary>
internal static class EnqueueCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var values = new Argument<string[]>("parameters") { Description = "A value for every parameter, as name=value (e.g. lr=0.01 optimizer=adam).", Arity = ArgumentArity.OneOrMore };
        var store = CommonOptions.Store();
        var json = CommonOptions.Json();
        var command = new Command("enqueue", "Queue a trial with the given hyperparameters: a running sweep starts it before its next sampled trial; any other sweep runs it when resumed.") { sweepArgument, values, store, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var item in parse.GetValue(values) ?? [])
            {
                var equals = item.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new CliError($"'{item}' is not name=value (e.g. lr=0.01).");
                }

                pairs.Add(new(item[..equals].Trim(), item[(equals + 1)..]));
            }

            await using var sweepStore = SweepStores.Open(parse.GetValue(store), create: false);
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var space = RecordedSpec.Read(sweep, requireTrial: false).SearchSpace;
            ParameterSet parameters;
            try
            {
                parameters = ChosenParameters.Parse(space, pairs);
            }
            catch (ArgumentException e)
            {
                throw new CliError($"Cannot queue this trial for sweep '{sweep.Name}' (id {sweep.Id}): {e.Message}");
            }

            var trial = await sweepStore.CreateTrialAsync(sweep.Id, parameters, TimeProvider.System.GetUtcNow(), cancellationToken: cancellationToken);
            var when = sweep.State == SweepState.Running
                ? "it starts before the sweep's next sampled trial"
                : $"the sweep is {sweep.State.ToString().ToLowerInvariant()}: 'hypersweep resume {sweep.Id}' runs it";
            Console.WriteLine(parse.GetValue(json)
                ? Json.Write(new { id = trial.DisplayId, number = trial.Number, state = trial.State.ToString(), parameters = System.Text.Json.JsonDocument.Parse(parameters.ToJson()).RootElement, sweep = sweep.Id, sweep_running = sweep.State == SweepState.Running })
                : $"Queued trial {trial.DisplayId} of sweep '{sweep.Name}' (id {sweep.Id}): {Format.Parameters(parameters)}; {when}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
