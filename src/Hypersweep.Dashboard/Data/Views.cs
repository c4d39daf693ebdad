namespace Hypersweep.Dashboard.Data;

// What the JSON API returns (snake_case on the wire). Numbers that are not finite (NaN, infinity) are sent as null.

/// <summary>A sweep in the sweeps list.</summary>
public sealed record SweepSummaryView(
    long Id,
    string Name,
    string State,
    string? Message,
    string PrimaryMetric,
    string Goal,
    string Sampler,
    string? Policy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    int? MaxTotalTrials,
    int? MaxConcurrentTrials,
    CountsView Counts,
    BestReferenceView? Best,
    IReadOnlyDictionary<string, string> Tags,
    string? Note);

/// <summary>How many trials are in each state.</summary>
public sealed record CountsView(int Queued, int Running, int Completed, int Failed, int Terminated, int Canceled, int Finished, int Total);

/// <summary>The best trial's number and value.</summary>
public sealed record BestReferenceView(int Number, string Id, double Value);

/// <summary>A sweep with what its page needs to lay itself out.</summary>
/// <param name="Sweep">The summary.</param>
/// <param name="Parameters">The hyperparameters, in search-space order.</param>
/// <param name="Metrics">Every metric name logged by any trial, the primary metric first.</param>
/// <param name="EarlyTermination">The policy as configured, e.g. <c>bandit(slack_factor=0.1, ...)</c>, or null.</param>
/// <param name="Spec">The sweep file's text.</param>
/// <param name="Folder">The folder of the sweep's trial folders.</param>
/// <param name="Version">Changes whenever the sweep's data changes (what the events stream announces).</param>
/// <param name="Objectives">Every objective, the primary first (more than one: a multi-objective sweep).</param>
/// <param name="Constraints">The constraints, as written (e.g. <c>memory_mb &lt;= 4096</c>).</param>
public sealed record SweepDetailView(
    SweepSummaryView Sweep,
    IReadOnlyList<ParameterView> Parameters,
    IReadOnlyList<string> Metrics,
    string? EarlyTermination,
    string Spec,
    string Folder,
    string Version,
    IReadOnlyList<ObjectiveView> Objectives,
    IReadOnlyList<string> Constraints);

/// <summary>One objective: its metric and goal (<c>maximize</c> or <c>minimize</c>).</summary>
public sealed record ObjectiveView(string Metric, string Goal);

/// <summary>
/// A multi-objective sweep's Pareto front and how its hypervolume grew.
/// </summary>
/// <param name="Objectives">The objectives, the primary first.</param>
/// <param name="Front">The numbers of the trials on the front.</param>
/// <param name="Reference">The hypervolume's reference point, in each objective's own units.</param>
/// <param name="Hypervolume">After each finished trial (in the order they finished): the trial's number and the hypervolume of the front so far.</param>
public sealed record FrontView(IReadOnlyList<ObjectiveView> Objectives, IReadOnlyList<int> Front, IReadOnlyList<double> Reference, IReadOnlyList<HypervolumePointView> Hypervolume);

/// <summary>The hypervolume once a trial had finished.</summary>
public sealed record HypervolumePointView(int Number, DateTimeOffset? EndedAt, double Hypervolume);

/// <summary>A hyperparameter of a sweep.</summary>
/// <param name="Name">The name.</param>
/// <param name="Kind"><c>number</c> or <c>category</c>.</param>
/// <param name="Distribution">The distribution as written, e.g. <c>loguniform(-9, -2)</c>, when the sweep file still parses.</param>
/// <param name="Log">True for log-scaled distributions (loguniform, lognormal and their q- variants): plotted on a log axis.</param>
/// <param name="Categories">For a category, its values as text (the choice order, else the order first seen); for a choice of numbers, its values in increasing order.</param>
public sealed record ParameterView(string Name, string Kind, string? Distribution, bool Log, IReadOnlyList<string>? Categories);

/// <summary>A trial as a row of the trials table.</summary>
/// <param name="Number">The number within the sweep.</param>
/// <param name="Id">The display id, SWEEP-NUMBER.</param>
/// <param name="State">The state.</param>
/// <param name="Parameters">Parameter values (numbers, strings or booleans) by name.</param>
/// <param name="Value">The objective value (best logged primary metric), or null.</param>
/// <param name="Intervals">How many primary-metric values the trial logged.</param>
/// <param name="Metrics">The last logged value of every metric, by name.</param>
/// <param name="DurationSeconds">How long it ran (so far, when running).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Message">Why it failed, was terminated or canceled.</param>
/// <param name="Host">The machine it ran on (its worker's or Slurm node's host), when known.</param>
/// <param name="Values">Every objective's value, the primary first (null where none was logged).</param>
/// <param name="Infeasibility">Why the trial broke a constraint, or null when it is feasible.</param>
public sealed record TrialRowView(
    int Number,
    string Id,
    string State,
    IReadOnlyDictionary<string, object?> Parameters,
    double? Value,
    int Intervals,
    IReadOnlyDictionary<string, double?> Metrics,
    double? DurationSeconds,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    int? ExitCode,
    string? Message,
    string? Host,
    IReadOnlyList<double?> Values,
    string? Infeasibility);

/// <summary>
/// One metric of the trials of a sweep: every trial's values, or, for a sweep with many trials (more than
/// <see cref="MetricCurves.AllCurvesLimit"/> logged it), the curves of the best trials and the running ones, with a
/// band of quantiles over every trial that logged it (<paramref name="Band"/>).
/// </summary>
/// <param name="Name">The metric.</param>
/// <param name="Trials">The trials whose curves are drawn.</param>
/// <param name="TotalTrials">How many trials logged the metric.</param>
/// <param name="Band">Null when every trial's curve is in <paramref name="Trials"/>.</param>
public sealed record MetricSeriesView(string Name, IReadOnlyList<TrialSeriesView> Trials, int TotalTrials, MetricBandView? Band);

/// <summary>The spread of a metric over every trial that logged it, at each step (or interval).</summary>
/// <param name="BySteps">True when x is the logged step (every value had one), false when it is the interval (the n-th value).</param>
/// <param name="X">The steps or intervals, increasing.</param>
/// <param name="Quantiles">The quantiles given, e.g. 0.1, 0.5, 0.9.</param>
/// <param name="Values">For each quantile, its value at each x.</param>
/// <param name="Counts">How many trials had a value at each x.</param>
public sealed record MetricBandView(bool BySteps, IReadOnlyList<double> X, IReadOnlyList<double> Quantiles, IReadOnlyList<IReadOnlyList<double>> Values, IReadOnlyList<int> Counts);

/// <summary>The rows of the trials table that changed since a page's cursor (all of them when <paramref name="Full"/>).</summary>
/// <param name="Cursor">What to send as <c>since</c> next time.</param>
/// <param name="Full">True when these are every trial (no cursor, or one of an earlier dashboard process).</param>
/// <param name="Total">How many trials the sweep has.</param>
/// <param name="Trials">The rows, by number.</param>
public sealed record TrialChangesView(string Cursor, bool Full, int Total, IReadOnlyList<TrialRowView> Trials);

/// <summary>The values one trial logged for a metric, in order (value i is interval i + 1).</summary>
public sealed record TrialSeriesView(int Number, string Id, string State, IReadOnlyList<double?> Values, IReadOnlyList<long?> Steps);

/// <summary>
/// What the sweep page shows before scrolling, read without the metrics of every trial (a large sweep's take most of
/// a second): the page draws it while the full views load.
/// </summary>
/// <param name="Detail">As <c>/api/sweeps/{id}</c>, but its metric names only those of the trials below (the full list follows).</param>
/// <param name="Best">The best trial, or null.</param>
/// <param name="Trials">The first rows of the trials table, by number.</param>
/// <param name="Total">How many trials the sweep has.</param>
/// <param name="History">Every trial's value, for the optimization history.</param>
public sealed record SweepFirstView(SweepDetailView Detail, BestTrialView? Best, IReadOnlyList<TrialRowView> Trials, int Total, HistoryPointsView History);

/// <summary>The trials that have a value, as columns: number, value, state, and the numbers of those that broke a constraint.</summary>
public sealed record HistoryPointsView(IReadOnlyList<int> Numbers, IReadOnlyList<double?> Values, IReadOnlyList<string> States, IReadOnlyList<int> Infeasible);

/// <summary>The best trial, with its final metrics and the arguments it ran with.</summary>
public sealed record BestTrialView(TrialRowView Trial, IReadOnlyList<string> Arguments, string CommandLine);

/// <summary>Everything the trial page shows.</summary>
public sealed record TrialDetailView(
    SweepSummaryView Sweep,
    TrialRowView Trial,
    IReadOnlyList<ParameterView> ParameterInfo,
    IReadOnlyList<TrialEventView> Events,
    IReadOnlyList<TrialMetricView> Metrics,
    IReadOnlyList<string> Arguments,
    string CommandLine,
    string Folder,
    IReadOnlyDictionary<string, LogInfoView> Logs,
    IReadOnlyList<FileView> Files,
    bool IsBest);

/// <summary>One entry of a trial's state history.</summary>
public sealed record TrialEventView(string State, DateTimeOffset Time, string? Message);

/// <summary>One metric series of a trial.</summary>
public sealed record TrialMetricView(string Name, IReadOnlyList<double?> Values, IReadOnlyList<long?> Steps, IReadOnlyList<DateTimeOffset> Times);

/// <summary>Whether a log file exists and how big it is.</summary>
public sealed record LogInfoView(bool Exists, long Size);

/// <summary>A file in a trial's folder, by its path relative to the folder (with / separators).</summary>
public sealed record FileView(string Path, long Size);

/// <summary>What the dashboard serves.</summary>
public sealed record InfoView(string Store, string Version, bool TokenRequired);

/// <summary>How much each hyperparameter mattered (PED-ANOVA), most important first.</summary>
/// <param name="Method">The method: <c>ped-anova</c>.</param>
/// <param name="TopQuantile">The share of the best finished trials compared with all of them.</param>
/// <param name="MinTrials">How many finished trials with a value are needed; fewer give no importances.</param>
/// <param name="Parameters">Each parameter and its importance (summing to 1), most important first; empty with too few trials.</param>
public sealed record ImportanceView(string Method, double TopQuantile, int MinTrials, IReadOnlyList<ParameterImportanceView> Parameters);

/// <summary>One parameter's importance.</summary>
/// <param name="Name">The parameter.</param>
/// <param name="Importance">Its share, from 0 to 1.</param>
public sealed record ParameterImportanceView(string Name, double Importance);
