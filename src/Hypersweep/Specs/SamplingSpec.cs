using Hypersweep.Sampling;
using Hypersweep.Sampling.Bayesian;
using Hypersweep.Trials;

namespace Hypersweep.Specs;

/// <summary>The sampling algorithms.</summary>
public enum SamplingAlgorithm
{
    /// <summary>Independent random draws (or a scrambled Sobol sequence with <see cref="SamplingRule.Sobol"/>).</summary>
    Random,
    /// <summary>Every combination of choice parameters.</summary>
    Grid,
    /// <summary>Gaussian-process Bayesian optimization.</summary>
    Bayesian,
}

/// <summary>The variant of random sampling.</summary>
public enum SamplingRule
{
    /// <summary>Independent pseudo-random draws.</summary>
    Random,
    /// <summary>Points of a scrambled Sobol sequence.</summary>
    Sobol,
}

/// <summary>The <c>sampling_algorithm</c> of a sweep.</summary>
/// <param name="Algorithm">Random, grid or Bayesian. <value>The default is random.</value></param>
/// <param name="Seed">The seed; null draws one, which is recorded so a resumed sweep continues the same sequence.</param>
/// <param name="Rule">For random sampling: random or sobol. <value>The default is random.</value></param>
public sealed record SamplingSpec(SamplingAlgorithm Algorithm = SamplingAlgorithm.Random, long? Seed = null, SamplingRule Rule = SamplingRule.Random)
{
    /// <summary>The algorithm's name as written in a sweep file.</summary>
    public string Name => Algorithm.ToString().ToLowerInvariant();

    /// <summary>Creates the sampler with the given effective seed, for a sweep with the given goal.</summary>
    /// <param name="seed">The effective seed.</param>
    /// <param name="goal">Whether the sweep maximizes or minimizes its primary metric (the Bayesian sampler models it).</param>
    public ISampler CreateSampler(long seed, Goal goal) => Algorithm switch
    {
        SamplingAlgorithm.Grid => new GridSampler(),
        SamplingAlgorithm.Random when Rule == SamplingRule.Sobol => new SobolSampler(seed),
        SamplingAlgorithm.Random => new RandomSampler(seed),
        SamplingAlgorithm.Bayesian => new BayesianSampler(seed, goal),
        _ => throw new NotSupportedException($"Unknown sampling algorithm {Algorithm}."),
    };

    /// <summary>Creates the sampler for a sweep with several objectives or constraints (only Bayesian sampling models them; the others ignore them).</summary>
    /// <param name="seed">The effective seed.</param>
    /// <param name="goals">Each objective's goal, the primary first.</param>
    /// <param name="constraints">The constraints.</param>
    public ISampler CreateSampler(long seed, IReadOnlyList<Goal> goals, IReadOnlyList<Constraint> constraints) => Algorithm == SamplingAlgorithm.Bayesian
        ? BayesianSampler.For(seed, goals, constraints)
        : CreateSampler(seed, goals[0]);
}
