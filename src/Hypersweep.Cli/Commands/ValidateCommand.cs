using System.CommandLine;
using Hypersweep.Launching;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.SweepFiles;

namespace Hypersweep.Cli.Commands;

/// <summary><c>hypersweep validate sweep.yml</c>: checks a sweep file without running anything.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The sweep file to check." };
        var json = CommonOptions.Json();
        var set = CommonOptions.Set();
        var command = new Command("validate", "Check a sweep file and describe the sweep it defines, without running it.") { file, set, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var spec = SweepFile.LoadWithOverrides(path, parse.GetValue(set) ?? [], requireTrial: true);
            if (spec.Trial is { } template && ProgramProblem(template) is { } problem)
            {
                // As run would find at its first trial, before anything runs.
                throw new SweepFileException(path, [new SweepFileError(path, 0, 0, "trial.command", problem)]);
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(Output.Json.Write(new
                {
                    file = Path.GetFullPath(path),
                    name = spec.EffectiveName,
                    warnings = spec.Warnings,
                    search_space = spec.SearchSpace.Select(p => new
                    {
                        name = p.Key,
                        expression = p.Value.ToString(),
                        samples = p.Value.SampledRange,
                        when = spec.SearchSpace.ConditionOf(p.Key) is { } c ? new { parameter = c.Parent, value = System.Text.Json.JsonDocument.Parse(c.Value.ToJson()).RootElement } : null,
                    }),
                    sampling = new { type = spec.Sampling.Name, seed = spec.Sampling.Seed, rule = spec.Sampling.Rule.ToString().ToLowerInvariant() },
                    objective = new { primary_metric = spec.Objective.PrimaryMetric, goal = spec.Objective.Goal.ToString().ToLowerInvariant() },
                    objectives = spec.Objectives.Select(o => new { metric = o.PrimaryMetric, goal = o.Goal.ToString().ToLowerInvariant() }),
                    constraints = spec.Constraints.Select(c => c.ToString()),
                    limits = new
                    {
                        max_total_trials = spec.Limits.MaxTotalTrials,
                        max_concurrent_trials = spec.Limits.EffectiveMaxConcurrentTrials,
                        timeout_seconds = spec.Limits.Timeout?.TotalSeconds,
                        trial_timeout_seconds = spec.Limits.TrialTimeout?.TotalSeconds,
                    },
                    early_termination = spec.EarlyTermination?.ToString(),
                    command = spec.Trial?.Command.Text,
                    code = spec.Trial?.CodeDirectory,
                }));
                return ExitCodes.Ok;
            }

            foreach (var warning in spec.Warnings)
            {
                Console.Error.WriteLine($"warning: {warning}");
            }

            Console.WriteLine($"{parse.GetValue(file)} is a valid sweep file: '{spec.EffectiveName}'");
            Console.WriteLine("  search space (what each parameter samples):");
            WriteSpace(spec.SearchSpace, null, "    ");

            var sampling = spec.Sampling.Rule == SamplingRule.Sobol ? "random (sobol)" : spec.Sampling.Name;
            Console.WriteLine($"  sampling: {sampling}{(spec.Sampling.Seed is { } s ? $", seed {s}" : string.Empty)}");
            Console.WriteLine(spec.SecondaryObjectives.Count == 0
                ? $"  objective: {spec.Objective.Goal.ToString().ToLowerInvariant()} {spec.Objective.PrimaryMetric}"
                : $"  objectives: {string.Join(", ", spec.Objectives.Select(o => $"{o.Goal.ToString().ToLowerInvariant()} {o.PrimaryMetric}"))} (the result is the Pareto front; early termination uses {spec.Objective.PrimaryMetric})");
            if (spec.Constraints.Count > 0)
            {
                Console.WriteLine($"  constraints: {string.Join(", ", spec.Constraints)} (a trial that breaks one is infeasible: never the best, never on the front)");
            }
            Console.WriteLine($"  limits: {spec.Limits.MaxTotalTrials} trials, {spec.Limits.EffectiveMaxConcurrentTrials} at a time" +
                (spec.Limits.Timeout is { } t ? $", timeout {t.TotalSeconds} s" : string.Empty) +
                (spec.Limits.TrialTimeout is { } tt ? $", trial_timeout {tt.TotalSeconds} s" : string.Empty));
            Console.WriteLine($"  early termination: {spec.EarlyTermination?.ToString() ?? "none"}");
            if (spec.Trial is { } trial)
            {
                Console.WriteLine($"  trial: {trial.Command} (in {trial.CodeDirectory})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The parameters under a condition (null: those that always exist), each with what it samples; below a choice, a
    /// "when NAME = VALUE:" line for each value that brings parameters, and those parameters indented under it.
    /// </summary>
    private static void WriteSpace(SearchSpace space, ParameterCondition? condition, string indent)
    {
        var level = space.Where(p => space.ConditionOf(p.Key) == condition).ToList();
        var width = level.Max(p => p.Key.Length + p.Value.ToString().Length) + 2;
        foreach (var (name, distribution) in level)
        {
            Console.WriteLine($"{indent}{$"{name}: {distribution}".PadRight(width)}  {distribution.SampledRange}");
            if (distribution is not ChoiceDistribution choice)
            {
                continue;
            }

            foreach (var value in choice.Values)
            {
                var branch = new ParameterCondition(name, value);
                if (space.Any(p => space.ConditionOf(p.Key) == branch))
                {
                    Console.WriteLine($"{indent}  when {branch}:");
                    WriteSpace(space, branch, indent + "    ");
                }
            }
        }
    }

    /// <summary>Why the trial command's program cannot be started, or null (also when its name is a placeholder).</summary>
    private static string? ProgramProblem(TrialTemplate template)
    {
        var program = template.Command.Arguments[0];
        var path = template.EnvironmentVariables.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH");
        return program.Contains("${{", StringComparison.Ordinal) ? null : TrialProgram.Problem(program, template.CodeDirectory, path);
    }
}
