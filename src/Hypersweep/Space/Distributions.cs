namespace Hypersweep.Space;

/// <summary>Short factory methods for the parameter expressions, for building a search space in code.</summary>
public static class Distributions
{
    /// <summary><c>choice</c> over whole numbers.</summary>
    public static ChoiceDistribution Choice(params long[] values) => new(values.Select(ParameterValue.Of));

    /// <summary><c>choice</c> over real numbers.</summary>
    public static ChoiceDistribution Choice(params double[] values) => new(values.Select(ParameterValue.Of));

    /// <summary><c>choice</c> over strings.</summary>
    public static ChoiceDistribution Choice(params string[] values) => new(values.Select(ParameterValue.Of));

    /// <summary><c>choice</c> over booleans.</summary>
    public static ChoiceDistribution Choice(params bool[] values) => new(values.Select(ParameterValue.Of));

    /// <summary><c>choice(range(start, stop, step))</c>: the whole numbers start, start + step, ... before stop.</summary>
    public static ChoiceDistribution ChoiceRange(long start, long stop, long step = 1) => new(SpaceExpression.Range(start, stop, step).Select(ParameterValue.Of));

    /// <summary><c>randint(upper)</c>.</summary>
    public static RandIntDistribution RandInt(long upper) => new(upper);

    /// <summary><c>uniform(min, max)</c>.</summary>
    public static UniformDistribution Uniform(double min, double max) => new(min, max);

    /// <summary><c>loguniform(min, max)</c> = exp(uniform(min, max)); the bounds are exponents.</summary>
    public static LogUniformDistribution LogUniform(double min, double max) => new(min, max);

    /// <summary><c>normal(mu, sigma)</c>.</summary>
    public static NormalDistribution Normal(double mu, double sigma) => new(mu, sigma);

    /// <summary><c>lognormal(mu, sigma)</c> = exp(normal(mu, sigma)).</summary>
    public static LogNormalDistribution LogNormal(double mu, double sigma) => new(mu, sigma);

    /// <summary><c>quniform(min, max, q)</c>.</summary>
    public static QUniformDistribution QUniform(double min, double max, double q) => new(min, max, q);

    /// <summary><c>qloguniform(min, max, q)</c>.</summary>
    public static QLogUniformDistribution QLogUniform(double min, double max, double q) => new(min, max, q);

    /// <summary><c>qnormal(mu, sigma, q)</c>.</summary>
    public static QNormalDistribution QNormal(double mu, double sigma, double q) => new(mu, sigma, q);

    /// <summary><c>qlognormal(mu, sigma, q)</c>.</summary>
    public static QLogNormalDistribution QLogNormal(double mu, double sigma, double q) => new(mu, sigma, q);
}
