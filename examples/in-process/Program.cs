// A sweep whose trials run in this process: ML.NET trains a multiclass logistic regression on the handwritten-digits
// data for each trial, epoch by epoch, and reports validation accuracy after every epoch. Hypersweep picks the
// hyperparameters with its Bayesian sampler, runs two trials at a time, stops poor trials early (median stopping), records everything in the
// SQLite store under .hypersweep/, and returns the best trial. The same sweep could be loaded from a sweep file with
// Sweep.Load("sweep.yml").
//
//   dotnet run --project examples/in-process [-- --trials 12]
using System.Globalization;
using Digits;
using Hypersweep.Space;
using Hypersweep.Specs;
using Hypersweep.Sweeps;
using Hypersweep.Termination;
using Hypersweep.Trials;
using Microsoft.ML;
using Microsoft.ML.Trainers;

var trials = args.Length == 2 && args[0] == "--trials" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 12;
var (trainImages, validationImages) = DigitsData.LoadSplit(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz"));

var sweep = new Sweep(new SweepSpec
{
    Name = "digits-in-process",
    SearchSpace = new SearchSpace
    {
        { "l2", Distributions.LogUniform(-5, 3) },
        { "l1", Distributions.LogUniform(-5, 3) },
        { "history_size", Distributions.Choice(5, 20, 50) },
    },
    Objective = new Objective("accuracy", Goal.Maximize),
    Sampling = new SamplingSpec(SamplingAlgorithm.Bayesian, Seed: 42),
    Limits = new SweepLimits { MaxTotalTrials = trials, MaxConcurrentTrials = 2 },
    EarlyTermination = new MedianStoppingSpec { EvaluationInterval = 1, DelayEvaluation = 3 },
})
{
    OnUpdate = update =>
    {
        if (update.Kind == SweepUpdateKind.TrialFinished && update.Trial is { } t)
        {
            Console.WriteLine($"trial {t.DisplayId} {t.State.ToString().ToLowerInvariant(),-10} accuracy {t.Value?.ToString("F4", CultureInfo.InvariantCulture) ?? "-"}  {t.Parameters}");
        }
    },
};

var result = await sweep.RunAsync(async (trial, cancellationToken) =>
{
    var ml = new MLContext(seed: 1);
    var train = ml.Data.LoadFromEnumerable(trainImages);
    var validation = ml.Data.LoadFromEnumerable(validationImages);
    var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
    {
        L2Regularization = (float)trial.GetDouble("l2"),
        L1Regularization = (float)trial.GetDouble("l1"),
        HistorySize = trial.GetInt32("history_size"),
        MaximumNumberOfIterations = 4,
        NumberOfThreads = 1,
    });
    MaximumEntropyModelParameters? weights = null;
    for (var epoch = 1; epoch <= 10 && !cancellationToken.IsCancellationRequested; epoch++)
    {
        // Each epoch continues from the previous one's weights.
        var model = weights is null ? trainer.Fit(train) : trainer.Fit(train, weights);
        weights = model.Model;
        var accuracy = ml.MulticlassClassification.Evaluate(model.Transform(validation)).MicroAccuracy;
        if (await trial.ReportAsync("accuracy", accuracy, epoch))
        {
            return; // the policy stopped this trial
        }
    }
});

var best = result.Best!;
Console.WriteLine();
Console.WriteLine($"{result.Counts.Completed} completed, {result.Counts.Terminated} stopped early; best: trial {best.DisplayId}, accuracy {best.Value:F4}, {best.Parameters}");
Console.WriteLine($"Recorded in .hypersweep/hypersweep.db: dotnet run --project src/Hypersweep.Cli -- trials {result.Sweep.Id}");
