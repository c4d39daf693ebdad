using Hypersweep.Sampling;
using Hypersweep.Sampling.Bayesian;
using Hypersweep.Space;
using Hypersweep.Tests.Support;
using Hypersweep.Trials;

namespace Hypersweep.Tests.Sampling.Bayesian;

public sealed class SurrogateModelTests
{
    [Fact]
    public void IsNearPending_KeepsATenthOfALengthScaleClearWhereObservationsAreSparse_AndLessWhereTheyCrowd()
    {
        var space = new SearchSpace { { "x", Distributions.Uniform(-5, 10) }, { "y", Distributions.Uniform(0, 15) } };
        var encoding = new SpaceEncoding(space);
        var history = CompletedTrials.Of(new SobolSampler(1).Suggest(space, [], 12), p => Math.Sin(2 * p["x"].AsDouble()) + Math.Cos(2 * p["y"].AsDouble()));
        var observations = Observations.From(history, encoding, Goal.Minimize);
        var model = SurrogateModel.Build(observations, encoding, BayesianSamplerOptions.Default, new HyperparameterCache(), extraFantasies: 2);
        var scales = model.Process.Hyperparameters.InverseSquaredLengthScales();
        var step = model.Process.Hyperparameters.LengthScales[0];
        double Nearest(double[] point) => Enumerable.Range(0, observations.Count)
            .Min(i => Math.Sqrt(Matern52.ScaledDistance(point, observations.X.Skip(i * 2).Take(2).ToArray(), scales, encoding.Categorical)));
        double[] Along(double[] point, double lengthScales) => [point[0] + (lengthScales * step), point[1]];

        // Where observations are sparse: a tenth of a length scale around the pending point is passed over.
        var far = Enumerable.Range(0, 41 * 41)
            .Select(k => new[] { encoding.Lower[0] + ((encoding.Upper[0] - encoding.Lower[0]) * (k % 41) / 40), encoding.Lower[1] + ((encoding.Upper[1] - encoding.Lower[1]) * (k / 41) / 40) })
            .MaxBy(Nearest)!;
        Assert.True(Nearest(far) > 0.25, $"the emptiest grid point is {Nearest(far)} length scales from an observation");
        model.AddPending(far);
        Assert.True(model.IsNearPending(Along(far, 0.09)));
        Assert.True(model.IsNearPending(Along(far, -0.09)));
        Assert.False(model.IsNearPending(Along(far, 0.11)));

        // Beside an observation (0.02 length scales from it), only half that spacing is kept clear, so concurrent
        // trials can still refine there; a fixed radius of a tenth would pass over the point 0.015 further on.
        var observed = observations.X.Take(2).ToArray();
        var direction = observed[0] + (0.05 * step) <= encoding.Upper[0] ? 1 : -1;
        var crowded = Along(observed, 0.02 * direction);
        Assert.True(Nearest(crowded) > 0.019, "the pending point's nearest observation is the one beside it");
        model.AddPending(crowded);
        Assert.True(model.IsNearPending(Along(crowded, 0.005 * direction)));
        Assert.False(model.IsNearPending(Along(crowded, 0.015 * direction)));
        Assert.False(model.IsNearPending(Along(crowded, 0.03 * direction)));
    }
}
