using System.CommandLine;
using System.Globalization;
using Hypersweep.SweepFiles;

namespace Hypersweep.Cli.Commands;

/// <summary>
/// <c>hypersweep resume-trials SWEEP TRIAL...</c>: runs canceled or terminated trials again from their checkpoints
/// (HyperDrive's resume_child_runs), with the same hyperparameters and <c>--resume-from</c> their output folder.
/// </summary>
internal static class ResumeTrialsCommand
{
    public static Command Create()
    {
        var sweepArgument = CommonOptions.Sweep();
        var trials = new Argument<string[]>("trials") { Description = "Trial numbers (or ids such as 3-17) of canceled or terminated trials.", Arity = ArgumentArity.OneOrMore };
        var store = CommonOptions.Store();
        var plain = CommonOptions.Plain();
        var command = new Command("resume-trials", "Run canceled or terminated trials again from their checkpoints (--resume-from their output folder).") { sweepArgument, trials, store, plain };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var sweepStore = CommonOptions.OpenForReading(parse.GetValue(store));
            var sweep = await CommonOptions.FindSweepAsync(sweepStore, parse.GetValue(sweepArgument)!, cancellationToken);
            var numbers = new List<int>();
            foreach (var text in parse.GetValue(trials)!)
            {
                var tail = text.Contains('-', StringComparison.Ordinal) ? text[(text.LastIndexOf('-') + 1)..] : text;
                if (!int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    || (text.Contains('-', StringComparison.Ordinal) && text[..text.LastIndexOf('-')] != sweep.Id.ToString(CultureInfo.InvariantCulture)))
                {
                    throw new CliError($"'{text}' is not a trial of sweep '{sweep.Name}' (id {sweep.Id}); give trial numbers such as 7, or ids such as {sweep.Id}-7.");
                }

                numbers.Add(number);
            }

            var spec = RecordedSpec.Read(sweep);
            return await SweepConsole.RunAsync(spec, sweepStore, quiet: false, parse.GetValue(plain), (s, launcher, ct) => s.ResumeTrialsAsync(sweep.Id, numbers, launcher, ct), cancellationToken);
        });
        return command;
    }
}
