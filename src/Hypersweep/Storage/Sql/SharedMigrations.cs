namespace Hypersweep.Storage;

/// <summary>Schema migrations written the same for SQLite and PostgreSQL (each store lists them in its own numbering).</summary>
internal static class SharedMigrations
{
    /// <summary>Why a sweep ended, as a value (<see cref="SweepEndReason"/>); sweeps that ended before it existed get it from their message.</summary>
    public const string EndReason = """
        ALTER TABLE sweeps ADD COLUMN end_reason TEXT;
        UPDATE sweeps SET end_reason = CASE
            WHEN state = 'Canceled' THEN 'CanceledByUser'
            WHEN state = 'Failed' THEN 'TrialsFailed'
            WHEN message LIKE 'timeout of %' THEN 'TimedOut'
            WHEN message LIKE 'the grid is exhausted%' OR message = 'the sampler has no more points' THEN 'SpaceExhausted'
            WHEN message = 'the resumed trials have finished' THEN 'ResumedTrialsDone'
            ELSE 'BudgetUsed' END
        WHERE state <> 'Running';
        """;

    /// <summary>How each trial's program was started (<see cref="Trials.TrialInvocation"/>), as JSON.</summary>
    public const string TrialInvocation = """
        ALTER TABLE trials ADD COLUMN arguments TEXT;
        ALTER TABLE trials ADD COLUMN environment TEXT;
        """;

    /// <summary>
    /// A sweep's further objectives and constraints, and each trial's values for them and why it is infeasible
    /// (<see cref="Trials.TrialScoring"/>); sweeps from before have one objective and no constraints.
    /// </summary>
    public const string ObjectivesAndConstraints = """
        ALTER TABLE sweeps ADD COLUMN secondary_objectives TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE sweeps ADD COLUMN constraints TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE trials ADD COLUMN secondary_values TEXT;
        ALTER TABLE trials ADD COLUMN constraint_values TEXT;
        ALTER TABLE trials ADD COLUMN infeasibility TEXT;
        """;

    /// <summary>
    /// What people manage a sweep with (<c>hypersweep tag</c>, <c>cancel</c>): its tags as a JSON object, a free-text
    /// note, and whether someone asked the processes running it to cancel it.
    /// </summary>
    public const string SweepManagement = """
        ALTER TABLE sweeps ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE sweeps ADD COLUMN note TEXT;
        ALTER TABLE sweeps ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
        """;
}
