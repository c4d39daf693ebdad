using Hypersweep.Space;

namespace Hypersweep.Bench.Problems;

/// <summary>
/// The conditional benchmark problem (minimized): a synthetic validation error over an optimizer tree, the same
/// formulas as bench/peers/conditional.py (which states them and holds the test vectors <see cref="Check"/> checks).
/// lr is shared by every branch but has a different best value in each; sgd's best lr depends on its momentum
/// (lr / (1 - momentum) is what counts); the optimum (0.035) is two levels down: adam with amsgrad and clip 1. Its
/// V-shaped variant puts |d| where the quadratic one has d², kinked valleys that no quadratic model fits.
/// </summary>
internal static class ConditionalProblem
{
    public const double Optimum = 0.035;

    private static ParameterCondition When(string parent, string value) => new(parent, ParameterValue.Of(value));

    /// <summary>The search space: 9 coordinates, 3 to 6 of them active in a trial.</summary>
    public static SearchSpace Space() => new()
    {
        { "lr", Distributions.LogUniform(Math.Log(1e-4), Math.Log(1)) },
        { "optimizer", Distributions.Choice("sgd", "adam", "rmsprop") },
        { "momentum", Distributions.Uniform(0, 0.99), When("optimizer", "sgd") },
        { "nesterov", Distributions.Choice(true, false), When("optimizer", "sgd") },
        { "beta1", Distributions.Uniform(0.5, 0.999), When("optimizer", "adam") },
        { "beta2", Distributions.Uniform(0.9, 0.9999), When("optimizer", "adam") },
        { "amsgrad", Distributions.Choice(true, false), When("optimizer", "adam") },
        { "clip", Distributions.LogUniform(Math.Log(0.1), Math.Log(10)), new ParameterCondition("amsgrad", ParameterValue.Of(true)) },
        { "rho", Distributions.Uniform(0.5, 0.99), When("optimizer", "rmsprop") },
    };

    /// <summary>The loss of a trial's parameters; <paramref name="vShaped"/>: the V-shaped variant.</summary>
    public static double Loss(ParameterSet p, bool vShaped)
    {
        double Square(double x) => vShaped ? Math.Abs(x) : x * x;
        var lr = p["lr"].AsDouble();
        switch (p["optimizer"].AsString())
        {
            case "sgd":
                var m = p["momentum"].AsDouble();
                return 0.05 + (0.08 * Square(Math.Log10(lr / (1 - m)) + 0.5)) + (0.1 * Square(m - 0.9)) + (p["nesterov"].AsBoolean() ? 0 : 0.01);
            case "adam":
                var v = 0.04 + (0.06 * Square(Math.Log10(lr) + 3)) + (0.5 * Square(p["beta1"].AsDouble() - 0.9)) + (30 * Square(p["beta2"].AsDouble() - 0.999));
                return p["amsgrad"].AsBoolean() ? v + (0.005 * Square(Math.Log10(p["clip"].AsDouble()))) - 0.005 : v;
            default:
                return 0.045 + (0.07 * Square(Math.Log10(lr) + 2.5)) + (0.1 * Square(p["rho"].AsDouble() - 0.9));
        }
    }

    /// <summary>The branch a trial is on: sgd, adam, adam+amsgrad or rmsprop.</summary>
    public static string Branch(ParameterSet p) => p["optimizer"].AsString() + (p.TryGetValue("amsgrad", out var a) && a.AsBoolean() ? "+amsgrad" : string.Empty);

    /// <summary>Throws unless the formulas give conditional.py's test vectors.</summary>
    public static void Check()
    {
        static ParameterSet Set(params (string, object)[] values) => new(values.Select(v => new KeyValuePair<string, ParameterValue>(v.Item1, v.Item2 switch
        {
            string s => ParameterValue.Of(s),
            bool b => ParameterValue.Of(b),
            _ => ParameterValue.Of((double)v.Item2),
        })));
        (ParameterSet, bool, double)[] vectors =
        [
            (Set(("lr", 0.01), ("optimizer", "sgd"), ("momentum", 0.9), ("nesterov", true)), false, 0.05 + (0.08 * 0.25)),
            (Set(("lr", 0.001), ("optimizer", "adam"), ("beta1", 0.9), ("beta2", 0.999), ("amsgrad", true), ("clip", 1.0)), false, 0.035),
            (Set(("lr", 0.1), ("optimizer", "rmsprop"), ("rho", 0.5)), false, 0.045 + (0.07 * 2.25) + (0.1 * 0.16)),
            (Set(("lr", 0.01), ("optimizer", "sgd"), ("momentum", 0.9), ("nesterov", true)), true, 0.05 + (0.08 * 0.5)),
            (Set(("lr", 0.001), ("optimizer", "adam"), ("beta1", 0.9), ("beta2", 0.999), ("amsgrad", true), ("clip", 1.0)), true, 0.035),
            (Set(("lr", 0.1), ("optimizer", "rmsprop"), ("rho", 0.5)), true, 0.045 + (0.07 * 1.5) + (0.1 * 0.4)),
        ];
        foreach (var (p, vShaped, expected) in vectors)
        {
            if (Math.Abs(Loss(p, vShaped) - expected) > 1e-12)
            {
                throw new InvalidOperationException($"conditional problem: loss({p}) = {Loss(p, vShaped)}, expected {expected}");
            }
        }
    }

}
