using Hypersweep.Curves;

namespace Hypersweep.Sampling.Bayesian;

/// <summary>
/// Where the learning curves of stopped trials would have ended, read from a Gaussian process over the parameters and
/// the training progress that every trial's curve feeds, completed or stopped. Each curve is its best-so-far loss,
/// taken at the step where it ended and at steps T/3, T/9, ... before that (T the length of a completed trial), with
/// the progress coordinate ln(t) / ln(T) in [0, 1]; the kernel is the sampler's Matérn-5/2 with one more length scale,
/// for progress, and the prior mean its quadratic trend, so the loss can fall with progress. A stopped trial's
/// prediction is the posterior mean at its parameters and progress 1, never above the loss it already reached.
/// <para>
/// Why not extrapolate each curve on its own (<see cref="CurveExtrapolation"/>): under ASHA most trials stop after
/// three intervals, where a curve says how fast a configuration learns, not where it ends. On bench's learning_curve,
/// fast learners (a high learning rate) lead at epoch 3 and end high, so the model chased them: the best completed
/// trial under ASHA had a clean regret of 0.0105 against 0.0011 without a policy (bench/results/pruning.md). The joint
/// model learns from the trials that went on (completed, or promoted to a later rung), whose curves hold both the
/// early and the final loss, how the final loss depends on the parameters beyond what the early loss says; where no
/// such trial is near, the progress length scale tells how far an early loss carries. This is the "model over
/// parameters and training progress" of multi-fidelity BO (Swersky et al. 2014; Klein et al. 2017), kept apart from
/// the sampler's model: it only turns stopped trials into observations at full length, so the acquisition, the
/// incumbent and every run without stopped trials stay as they were.
/// </para>
/// </summary>
internal static class ProgressModel
{
    /// <summary>Below this many completed trials with curves, the joint model has too little to learn the ends from.</summary>
    public const int MinCompletedCurves = 3;

    /// <summary>
    /// Curves stopped before this share of a completed trial's length are read by this model; longer ones by their own
    /// shape (<see cref="CurveExtrapolation"/>), which by then says where they end: with the model reading every stopped
    /// curve, median stopping (where trials stop after 6 to 49 of 50 epochs) ended at a clean regret of the best trial
    /// of 0.0018 over seeds 1..10 of bench's learning_curve, against 0.0009 with the curve's own extrapolation; with
    /// this split, 0.0009, while Hyperband's went from 0.023 to 0.007 (bench/results/pruning.md).
    /// </summary>
    public const double MaxShareOfLength = 0.2;

    /// <summary>The ratio between the steps at which a curve is read, counting down from the completed length.</summary>
    private const double StepRatio = 3;

    /// <summary>
    /// The final losses (at progress 1) predicted for the trials flagged in <paramref name="stopped"/> (NaN for the
    /// others), given every trial's encoded point and best-so-far loss curve.
    /// </summary>
    /// <param name="encoding">The space's encoding, whose coordinates the points use.</param>
    /// <param name="points">The encoded point of each trial.</param>
    /// <param name="curves">The best-so-far losses of each trial, at steps 1, 2, ...; none empty.</param>
    /// <param name="stopped">Which trials to predict.</param>
    /// <param name="order">Each trial's place in the sweep's history, which decides the prefix the hyperparameters are fitted on.</param>
    /// <param name="length">The length T of a completed trial's curve.</param>
    /// <param name="options">The sampler's options, for the sizes of the fit and of the model.</param>
    public static double[] PredictFinal(SpaceEncoding encoding, IReadOnlyList<double[]> points, IReadOnlyList<double[]> curves, IReadOnlyList<bool> stopped, IReadOnlyList<int> order, int length, BayesianSamplerOptions options)
    {
        var d = encoding.Dimensions + 1;
        var (x, y, owners) = Data(points, curves, length);
        var (mean, scale, standardized) = Standardize(y);
        var categorical = encoding.Categorical.Append(false).ToArray();
        var trend = new QuadraticTrend(categorical, [.. encoding.Quantized.Append(false)], [.. encoding.Lower.Append(0)], [.. encoding.Upper.Append(1)]);

        // As the sampler's own model (HyperparameterCache): past 40 trials the hyperparameters are fitted to the first
        // A(m) trials of the history, refitted every ~10% of growth and kept meanwhile, a pure function of that prefix;
        // refitting them at every suggestion cost 40 ms at 200 trials with three in four stopped (bench suggestion-time).
        var anchor = HyperparameterCache.Anchor(points.Count);
        GpHyperparameters hyperparameters;
        if (anchor == points.Count)
        {
            hyperparameters = Fit(categorical, trend, x, standardized, d, options);
        }
        else
        {
            var firstInHistory = order.Order().Take(anchor).ToHashSet();
            var prefixRows = Enumerable.Range(0, y.Count).Where(r => firstInHistory.Contains(order[owners[r]])).ToArray();
            var prefixX = new List<double>(Rows(x, d, prefixRows));
            var prefixStandardized = Standardize([.. prefixRows.Select(r => y[r])]).Standardized;
            var key = FitMemo.Key(anchor, encoding, mix =>
            {
                mix((ulong)prefixX.Count);
                prefixX.ForEach(v => mix(FitMemo.Bits(v)));
                Array.ForEach(prefixStandardized, v => mix(FitMemo.Bits(v)));
            });
            hyperparameters = Fits.Get(key, () => Fit(categorical, trend, prefixX, prefixStandardized, d, options));
        }

        var modelRows = SurrogateModel.Subset(standardized, options.MaxModelPoints);
        var process = new GaussianProcess(hyperparameters, categorical, Rows(x, d, modelRows), [.. modelRows.Select(k => standardized[k])], modelRows.Length, 0, trend);

        var result = new double[points.Count];
        var query = new double[d];
        for (var i = 0; i < points.Count; i++)
        {
            if (!stopped[i])
            {
                result[i] = double.NaN;
                continue;
            }

            points[i].CopyTo(query, 0);
            query[^1] = 1;
            var predicted = mean + (scale * process.Predict(query).Mean);
            result[i] = Math.Min(predicted, curves[i][^1]);
        }

        return result;
    }

    /// <summary>The latest fits, shared by every sweep of the process (keyed by the encoding and the data).</summary>
    private static readonly FitMemo Fits = new();

    /// <summary>The rows the model reads (a trial's encoded point and progress, its best-so-far loss there), and the trial each row comes from.</summary>
    private static (List<double> X, List<double> Y, List<int> Owners) Data(IReadOnlyList<double[]> points, IReadOnlyList<double[]> curves, int length)
    {
        var x = new List<double>();
        var y = new List<double>();
        var owners = new List<int>();
        var logLength = Math.Log(Math.Max(2, length));
        for (var i = 0; i < points.Count; i++)
        {
            foreach (var step in Steps(curves[i].Length, length))
            {
                x.AddRange(points[i]);
                x.Add(Math.Clamp(Math.Log(step) / logLength, 0, 1));
                y.Add(curves[i][step - 1]);
                owners.Add(i);
            }
        }

        return (x, y, owners);
    }

    /// <summary>Standardized, not power-transformed, so the predictions map back to losses.</summary>
    private static (double Mean, double Scale, double[] Standardized) Standardize(List<double> y)
    {
        var mean = y.Average();
        var sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Count);
        var scale = sd > 1e-12 * Math.Max(1, Math.Abs(mean)) ? sd : 1;
        return (mean, scale, [.. y.Select(v => (v - mean) / scale)]);
    }

    private static GpHyperparameters Fit(bool[] categorical, QuadraticTrend trend, List<double> x, double[] standardized, int d, BayesianSamplerOptions options)
    {
        var fitRows = SurrogateModel.Subset(standardized, options.MaxFitPoints);
        return new GpFitter(categorical, Rows(x, d, fitRows), [.. fitRows.Select(k => standardized[k])], fitRows.Length, trend).Fit();
    }

    /// <summary>Whether a stopped curve of <paramref name="count"/> values is read by this model, for completed curves of <paramref name="length"/>.</summary>
    public static bool Reads(int count, int length) => count < MaxShareOfLength * length;

    /// <summary>The steps (1-based) at which a curve of <paramref name="count"/> values is read: its last, then T/3, T/9, ... below it.</summary>
    internal static IEnumerable<int> Steps(int count, int length)
    {
        yield return count;
        var previous = count;
        for (var target = length / StepRatio; target >= 1; target /= StepRatio)
        {
            var step = (int)Math.Round(target);
            if (step < count && step < previous && step >= 1)
            {
                yield return step;
                previous = step;
            }
        }
    }

    private static double[] Rows(List<double> x, int d, int[] rows)
    {
        var result = new double[rows.Length * d];
        for (var k = 0; k < rows.Length; k++)
        {
            for (var j = 0; j < d; j++)
            {
                result[(k * d) + j] = x[(rows[k] * d) + j];
            }
        }

        return result;
    }
}
