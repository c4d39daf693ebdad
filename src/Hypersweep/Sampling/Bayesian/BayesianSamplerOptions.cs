namespace Hypersweep.Sampling.Bayesian;

/// <summary>Tuning knobs of <see cref="BayesianSampler"/>. The defaults suit budgets of tens to hundreds of trials.</summary>
public sealed record BayesianSamplerOptions
{
    /// <summary>The default options.</summary>
    public static BayesianSamplerOptions Default { get; } = new();

    /// <summary>
    /// How many trials come from the scrambled Sobol initial design before the model takes over; null picks
    /// D + 2 clamped to [5, 10] for D parameters, one more with constraints (the design also shows where they hold).
    /// <value>The default is null (automatic).</value>
    /// </summary>
    public int? InitialTrials { get; init; }

    /// <summary>
    /// Quasi-random candidates scored by the acquisition per suggestion; with more than 100 observations the pool
    /// (this and <see cref="LocalCandidates"/>) shrinks in proportion, to no less than 40%, and half as many candidates
    /// are refined. <value>The default is 1024.</value>
    /// </summary>
    public int SpaceCandidates { get; init; } = 1024;

    /// <summary>Candidates drawn around the best observed points per suggestion. <value>The default is 1024.</value></summary>
    public int LocalCandidates { get; init; } = 1024;

    /// <summary>How many of the best candidates are refined by L-BFGS. <value>The default is 8.</value></summary>
    public int RefinedCandidates { get; init; } = 8;

    /// <summary>
    /// At most this many observations condition the model; beyond it the best third and an evenly spread sample of
    /// the rest are kept, so suggestion time stays bounded. <value>The default is 300.</value>
    /// </summary>
    public int MaxModelPoints { get; init; } = 300;

    /// <summary>At most this many observations are used to fit the kernel's hyperparameters. <value>The default is 100.</value></summary>
    public int MaxFitPoints { get; init; } = 100;

    /// <summary>
    /// The initial-design size for a space of <paramref name="dimensions"/> parameters, with or without constraints.
    /// </summary>
    public int InitialTrialsFor(int dimensions, bool constrained) => InitialTrials ?? (Math.Clamp(dimensions + 2, 5, 10) + (constrained ? 1 : 0));
}
