using System.Globalization;

namespace Hypersweep.Termination;

/// <summary>
/// An early-termination policy as configured (<c>early_termination</c> in a sweep file): HyperDrive's policies
/// (<see cref="IntervalPolicySpec"/>) or the rung-based ASHA and Hyperband.
/// </summary>
public abstract record EarlyTerminationSpec
{
    /// <summary>The policy's name as written in a sweep file.</summary>
    public abstract string Type { get; }

    /// <summary>Every problem with the settings, as "field: rule, got value" messages; empty when valid.</summary>
    public abstract IReadOnlyList<(string Field, string Message)> Check();

    /// <summary>A one-line description, e.g. <c>bandit(slack_factor=0.1, evaluation_interval=1, delay_evaluation=5)</c>.</summary>
    public abstract override string ToString();

    /// <summary>Invariant text of a number.</summary>
    protected static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// A policy evaluated for a trial each time it logs its primary metric, at intervals that are multiples of
/// <see cref="EvaluationInterval"/> and not before <see cref="DelayEvaluation"/>: HyperDrive's (Bandit, median stopping,
/// truncation selection) and Hypersweep's curve prediction.
/// </summary>
public abstract record IntervalPolicySpec : EarlyTerminationSpec
{
    /// <summary>The default evaluation interval.</summary>
    public const int DefaultEvaluationInterval = 1;

    /// <summary>Evaluate at intervals that are multiples of this; at least 1. <value>The default is 1.</value></summary>
    public int EvaluationInterval { get; init; } = DefaultEvaluationInterval;

    /// <summary>Do not evaluate before this many intervals; at least 0. <value>The default is 0.</value></summary>
    public int DelayEvaluation { get; init; }

    /// <inheritdoc />
    public override IReadOnlyList<(string Field, string Message)> Check()
    {
        var problems = new List<(string, string)>();
        if (EvaluationInterval < 1)
        {
            problems.Add(("evaluation_interval", $"must be a whole number >= 1, got {EvaluationInterval}"));
        }

        if (DelayEvaluation < 0)
        {
            problems.Add(("delay_evaluation", $"must be a whole number >= 0, got {DelayEvaluation}"));
        }

        return problems;
    }

    /// <summary>True when the policy is evaluated at this interval (1-based count of primary-metric values).</summary>
    public bool IsEvaluatedAt(int interval) => interval >= 1 && interval % EvaluationInterval == 0 && interval >= DelayEvaluation;

    /// <summary>The interval settings as text.</summary>
    protected string Intervals => $"evaluation_interval={EvaluationInterval}, delay_evaluation={DelayEvaluation}";
}

/// <summary>
/// Bandit: terminate a trial whose best value so far is not within the slack of the best value any trial reported at
/// the same interval (maximizing: below best / (1 + slack_factor), or below best - slack_amount).
/// </summary>
public sealed record BanditSpec : IntervalPolicySpec
{
    /// <summary>The allowed slack as a ratio; set this or <see cref="SlackAmount"/>.</summary>
    public double? SlackFactor { get; init; }

    /// <summary>The allowed slack as an absolute amount; set this or <see cref="SlackFactor"/>.</summary>
    public double? SlackAmount { get; init; }

    /// <inheritdoc />
    public override string Type => "bandit";

    /// <inheritdoc />
    public override IReadOnlyList<(string Field, string Message)> Check()
    {
        var problems = base.Check().ToList();
        if (SlackFactor is null == SlackAmount is null)
        {
            problems.Add(("slack_factor", "bandit needs exactly one of slack_factor and slack_amount"));
        }

        if (SlackFactor is { } f && !(f > 0 && double.IsFinite(f)))
        {
            problems.Add(("slack_factor", $"must be a number > 0, got {F(f)}"));
        }

        if (SlackAmount is { } a && !(a >= 0 && double.IsFinite(a)))
        {
            problems.Add(("slack_amount", $"must be a number >= 0, got {F(a)}"));
        }

        return problems;
    }

    /// <inheritdoc />
    public override string ToString() => SlackFactor is { } f
        ? $"bandit(slack_factor={F(f)}, {Intervals})"
        : $"bandit(slack_amount={F(SlackAmount ?? 0)}, {Intervals})";
}

/// <summary>
/// Median stopping: terminate a trial whose best value so far at interval N is worse than the median of the running
/// averages over intervals 1..N of all trials that reached N.
/// </summary>
public sealed record MedianStoppingSpec : IntervalPolicySpec
{
    /// <inheritdoc />
    public override string Type => "median_stopping";

    /// <inheritdoc />
    public override string ToString() => $"median_stopping({Intervals})";
}

/// <summary>Truncation selection: at each evaluation, terminate the trials in the lowest percentage at that interval.</summary>
public sealed record TruncationSelectionSpec : IntervalPolicySpec
{
    /// <summary>The percentage of trials to terminate at each evaluation, 1 to 99.</summary>
    public int TruncationPercentage { get; init; }

    /// <summary>When true, finished trials are left out of the comparison. <value>The default is false.</value></summary>
    public bool ExcludeFinishedJobs { get; init; }

    /// <inheritdoc />
    public override string Type => "truncation_selection";

    /// <inheritdoc />
    public override IReadOnlyList<(string Field, string Message)> Check()
    {
        var problems = base.Check().ToList();
        if (TruncationPercentage is < 1 or > 99)
        {
            problems.Add(("truncation_percentage", $"must be a whole number from 1 to 99, got {TruncationPercentage}"));
        }

        return problems;
    }

    /// <inheritdoc />
    public override string ToString() => $"truncation_selection(truncation_percentage={TruncationPercentage}, exclude_finished_jobs={(ExcludeFinishedJobs ? "true" : "false")}, {Intervals})";
}

/// <summary>
/// Curve prediction (beyond HyperDrive): at each evaluated interval, once min_completed trials have reached
/// max_resource, a trial whose learning curve extrapolated to max_resource ends worse than the second best of them (the
/// best while only one has), even allowing the surprise most of them showed, is stopped, unless it is as far on as one
/// of those two was at the same interval; decided up to two thirds of max_resource.
/// </summary>
public sealed record CurvePredictionSpec : IntervalPolicySpec
{
    /// <summary>The default number of trials that must reach max_resource before any trial is stopped.</summary>
    public const int DefaultMinCompleted = 5;

    /// <summary>The default delay_evaluation of this policy: a curve of fewer values says little about its end.</summary>
    public const int DefaultDelayEvaluation = 5;

    /// <summary>Creates the settings with their defaults (delay_evaluation 5).</summary>
    public CurvePredictionSpec()
    {
        DelayEvaluation = DefaultDelayEvaluation;
    }

    /// <summary>The intervals of a full trial; required.</summary>
    public int MaxResource { get; init; }

    /// <summary>Trials that must reach max_resource before any is stopped; at least 1. <value>The default is 5.</value></summary>
    public int MinCompleted { get; init; } = DefaultMinCompleted;

    /// <inheritdoc />
    public override string Type => "curve_prediction";

    /// <inheritdoc />
    public override IReadOnlyList<(string Field, string Message)> Check()
    {
        var problems = base.Check().ToList();
        if (MaxResource < 2)
        {
            problems.Add(("max_resource", MaxResource == 0 ? "is required: the number of intervals a full trial logs" : $"must be a whole number >= 2, got {MaxResource}"));
        }

        if (MinCompleted < 1)
        {
            problems.Add(("min_completed", $"must be a whole number >= 1, got {MinCompleted}"));
        }

        return problems;
    }

    /// <inheritdoc />
    public override string ToString() => $"curve_prediction(max_resource={MaxResource}, min_completed={MinCompleted}, {Intervals})";
}

/// <summary>
/// ASHA, asynchronous successive halving (beyond HyperDrive): rungs at min_resource * reduction_factor^k intervals
/// (below max_resource, when given); a trial reaching a rung continues only if its best value so far is in the top
/// 1 / reduction_factor of the other trials that reached that rung. Evaluated at its rungs only (HyperDrive's
/// evaluation_interval and delay_evaluation do not apply).
/// </summary>
public sealed record AshaSpec : EarlyTerminationSpec
{
    /// <summary>The default reduction factor.</summary>
    public const double DefaultReductionFactor = 3;

    /// <summary>The interval of the first rung; at least 1. <value>The default is 1.</value></summary>
    public int MinResource { get; init; } = 1;

    /// <summary>The factor between rungs, and the inverse of the fraction promoted; at least 2. <value>The default is 3.</value></summary>
    public double ReductionFactor { get; init; } = DefaultReductionFactor;

    /// <summary>The intervals of a full trial; no rung at or beyond it. <value>The default is none (rungs go on).</value></summary>
    public int? MaxResource { get; init; }

    /// <inheritdoc />
    public override string Type => "asha";

    /// <inheritdoc />
    public override IReadOnlyList<(string Field, string Message)> Check() => Rungs.Check(MinResource, ReductionFactor, MaxResource, maxRequired: false);

    /// <inheritdoc />
    public override string ToString() => $"asha(min_resource={MinResource}, reduction_factor={F(ReductionFactor)}{(MaxResource is { } m ? $", max_resource={m}" : string.Empty)})";
}

/// <summary>
/// Hyperband over ASHA (beyond HyperDrive): brackets b = 0..s_max with first rungs at min_resource * reduction_factor^b,
/// s_max = floor(log_reduction_factor(max_resource / min_resource)); trials are dealt to brackets in Hyperband's
/// proportions (more to the aggressive ones) by their number, and each bracket runs ASHA among its own trials.
/// </summary>
public sealed record HyperbandSpec : EarlyTerminationSpec
{
    /// <summary>The interval of the first rung of the most aggressive bracket; at least 1. <value>The default is 1.</value></summary>
    public int MinResource { get; init; } = 1;

    /// <summary>The factor between rungs; at least 2. <value>The default is 3.</value></summary>
    public double ReductionFactor { get; init; } = AshaSpec.DefaultReductionFactor;

    /// <summary>The intervals of a full trial; required.</summary>
    public int MaxResource { get; init; }

    /// <inheritdoc />
    public override string Type => "hyperband";

    /// <inheritdoc />
    public override IReadOnlyList<(string Field, string Message)> Check() => Rungs.Check(MinResource, ReductionFactor, MaxResource, maxRequired: true);

    /// <inheritdoc />
    public override string ToString() => $"hyperband(min_resource={MinResource}, reduction_factor={F(ReductionFactor)}, max_resource={MaxResource})";
}

/// <summary>Checks shared by ASHA and Hyperband.</summary>
internal static class Rungs
{
    public static IReadOnlyList<(string Field, string Message)> Check(int min, double factor, int? max, bool maxRequired)
    {
        var problems = new List<(string, string)>();
        if (min < 1)
        {
            problems.Add(("min_resource", $"must be a whole number >= 1, got {min}"));
        }

        if (!(factor >= 2) || !double.IsFinite(factor))
        {
            problems.Add(("reduction_factor", $"must be a number >= 2, got {factor.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (max is null or 0 && maxRequired)
        {
            problems.Add(("max_resource", "is required: the number of intervals a full trial logs"));
        }
        else if (max is { } m && m <= min)
        {
            problems.Add(("max_resource", $"must be greater than min_resource ({min}), got {m}"));
        }

        return problems;
    }
}
