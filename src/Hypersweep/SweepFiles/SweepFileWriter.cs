using System.Text;
using Hypersweep.Space;
using Hypersweep.Specs;

namespace Hypersweep.SweepFiles;

/// <summary>
/// Writes a sweep spec as a sweep file (Azure ML v2 YAML), so that a sweep built in code is recorded in the same form
/// as one loaded from a file, and can be inspected or re-run from the command line.
/// </summary>
public static class SweepFileWriter
{
    /// <summary>The spec as YAML. <see cref="SweepFile.Parse"/> of the result gives back an equal spec.</summary>
    public static string Write(SweepSpec spec)
    {
        var y = new StringBuilder();
        y.AppendLine("type: sweep");
        y.AppendLine($"name: {Quote(spec.EffectiveName)}");
        if (spec.Trial is { } trial)
        {
            y.AppendLine("trial:");
            SweepFileSections.Trial.Write(y, "  ", TrialSpec.Of(trial, spec.TrialRetries));
        }

        if (spec.Trial is { Inputs.Count: > 0 } withInputs)
        {
            y.AppendLine("inputs:");
            SweepFileMap.Write(y, "  ", withInputs.Inputs);
        }

        y.AppendLine("search_space:");
        WriteSpace(y, "  ", spec.SearchSpace, null);

        y.AppendLine("sampling_algorithm:");
        SweepFileSections.Sampling.Write(y, "  ", spec.Sampling);
        if (spec.SecondaryObjectives.Count == 0)
        {
            y.AppendLine("objective:");
            SweepFileSections.Objective.Write(y, "  ", spec.Objective);
        }
        else
        {
            y.AppendLine("objectives:");
            for (var i = 0; i < spec.Objectives.Count; i++)
            {
                var entry = new StringBuilder();
                SweepFileSections.ObjectiveAt(i).Write(entry, "    ", spec.Objectives[i]);
                y.Append("  - ").Append(entry.ToString().TrimStart());
            }
        }

        if (spec.Constraints.Count > 0)
        {
            y.AppendLine("constraints:");
            foreach (var constraint in spec.Constraints)
            {
                y.AppendLine($"  - {Quote(constraint.ToString())}");
            }
        }
        y.AppendLine("limits:");
        SweepFileSections.Limits.Write(y, "  ", spec.Limits);
        if (spec.EarlyTermination is { } policy)
        {
            y.AppendLine("early_termination:");
            y.AppendLine($"  type: {policy.Type}");
            SweepFileSections.Policies.Single(p => p.Initial.Type == policy.Type).Section.Write(y, "  ", policy);
        }

        if (spec.ResumeFrom.Count > 0)
        {
            y.AppendLine($"resume_from: {SectionField.List(spec.ResumeFrom)}");
        }

        if (spec.ResumeChildRuns.Count > 0)
        {
            y.AppendLine($"resume_child_runs: {SectionField.List(spec.ResumeChildRuns)}");
        }

        if (spec.InitialTrials.Count > 0)
        {
            // As JSON objects, which YAML reads as flow mappings: strings quoted, numbers and booleans as they are.
            y.AppendLine("initial_trials:");
            foreach (var chosen in spec.InitialTrials)
            {
                y.AppendLine($"  - {chosen.ToJson()}");
            }
        }

        return y.ToString();
    }

    /// <summary>
    /// The parameters that exist under <paramref name="condition"/> (null: the top level), each choice value that brings
    /// parameters written as <c>{value, search_space}</c> with its own level below it.
    /// </summary>
    private static void WriteSpace(StringBuilder y, string indent, SearchSpace space, ParameterCondition? condition)
    {
        foreach (var name in space.ChildrenOf(condition))
        {
            var distribution = space[name];
            y.AppendLine($"{indent}{name}:");
            y.AppendLine($"{indent}  type: {distribution.Type}");
            if (distribution is ChoiceDistribution choice && choice.Values.Any(v => space.ChildrenOf(new ParameterCondition(name, v)).Any()))
            {
                y.AppendLine($"{indent}  values:");
                foreach (var value in choice.Values)
                {
                    var branch = new ParameterCondition(name, value);
                    if (!space.ChildrenOf(branch).Any())
                    {
                        y.AppendLine($"{indent}    - {value.ToJson()}");
                        continue;
                    }

                    y.AppendLine($"{indent}    - value: {value.ToJson()}");
                    y.AppendLine($"{indent}      search_space:");
                    WriteSpace(y, indent + "        ", space, branch);
                }

                continue;
            }

            foreach (var (key, value) in Arguments(distribution))
            {
                y.AppendLine($"{indent}  {key}: {value}");
            }
        }
    }

    /// <summary>The expression's arguments by name: its signature's names with its own numbers (choice: its values).</summary>
    private static IEnumerable<(string, string)> Arguments(Distribution distribution) => distribution is ChoiceDistribution c
        ? [("values", "[" + string.Join(", ", c.Values.Select(v => v.ToJson())) + "]")]
        : SpaceExpression.Signatures[distribution.Type].Zip(distribution.Arguments, (name, value) => (name, N(value)));

    private static string N(double v) => SectionField.Number(v);

    private static string Quote(string s) => SectionField.Quote(s);
}
