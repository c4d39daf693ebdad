using Hypersweep.Termination;

namespace Hypersweep.Tests.Termination;

public sealed class MaxResourceCheckTests
{
    [Fact]
    public void RungPolicies_AreWarnedThatTheirUpperRungsAreNeverReached()
    {
        var hyperband = MaxResourceCheck.Warning(new HyperbandSpec { MinResource = 1, ReductionFactor = 3, MaxResource = 81 }, [27, 27, 27], "accuracy");
        var asha = MaxResourceCheck.Warning(new AshaSpec { MinResource = 1, ReductionFactor = 3, MaxResource = 81 }, [27, 20, 27], "accuracy");

        Assert.Equal("early_termination.max_resource is 81, but the 3 trials that completed logged at most 27 values of accuracy: Hyperband's rungs above that are never reached; set max_resource to the number of values a full trial logs (27, if these trials ran in full)", hyperband);
        Assert.Contains("ASHA's rungs above that are never reached", asha, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingIsSaid_UntilThreeTrialsCompleted_NorWhenOneReachedMaxResource_NorWithoutAMaxResource()
    {
        var curve = new CurvePredictionSpec { MaxResource = 30 };

        Assert.Null(MaxResourceCheck.Warning(curve, [10, 10], "loss"));
        Assert.Null(MaxResourceCheck.Warning(curve, [10, 30, 10], "loss"));
        Assert.Null(MaxResourceCheck.Warning(new AshaSpec { MinResource = 1, ReductionFactor = 3 }, [10, 10, 10], "loss"));
        Assert.Null(MaxResourceCheck.Warning(new MedianStoppingSpec(), [10, 10, 10], "loss"));
        Assert.NotNull(MaxResourceCheck.Warning(curve, [10, 10, 10], "loss"));
    }
}
