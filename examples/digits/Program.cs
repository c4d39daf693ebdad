// Hypersweep example: a real training program for a sweep.
//
// Trains ML.NET's multiclass logistic regression (L-BFGS maximum entropy) on the UCI/scikit-learn 8x8 handwritten
// digits, a few L-BFGS iterations per epoch, each epoch continuing from the weights of the one before. After every
// epoch it logs validation accuracy and log_loss through Hypersweep.Client and saves a checkpoint; with
// --resume-from (or HYPERSWEEP_RESUME_FROM) it continues from a checkpoint at the next epoch. SIGTERM or Ctrl+C stops
// it after the running epoch (or abandons an epoch that takes over 2 s) with exit code 143; the last checkpoint
// stays valid.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Digits;
using Hypersweep.Client;
using Microsoft.ML;
using Microsoft.ML.Trainers;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(TrainingOptions.Usage);
    return 0;
}

TrainingOptions options;
try
{
    options = TrainingOptions.Parse(args, HypersweepRun.ResumeFrom, HypersweepRun.OutputDirectory);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"digits: {e.Message}");
    Console.Error.WriteLine(TrainingOptions.Usage);
    return 2;
}

var ml = new MLContext(seed: 0);
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    // Stay alive to stop cleanly after the running epoch (a fraction of a second with the defaults). An epoch that
    // takes longer is abandoned: checkpoints are written atomically, so exiting in the middle of one is safe.
    context.Cancel = true;
    if (!stop.IsCancellationRequested)
    {
        Console.Error.WriteLine($"digits: {context.Signal} received, stopping after this epoch");
        stop.Cancel();
        _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ =>
        {
            Console.Error.WriteLine("digits: the epoch is still running; abandoned it, the last checkpoint is kept");
            Environment.Exit(143);
        }, TaskScheduler.Default);
    }
}

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

List<DigitImage> trainImages, validationImages;
try
{
    (trainImages, validationImages) = DigitsData.LoadSplit(options.Data);
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"digits: cannot read the data set: {e.Message}");
    return 2;
}

var train = ml.Data.LoadFromEnumerable(trainImages);
var validation = ml.Data.LoadFromEnumerable(validationImages);

var firstEpoch = 1;
MaximumEntropyModelParameters? weights = null;
if (options.ResumeFrom is { } resumeFrom)
{
    (CheckpointState State, MaximumEntropyModelParameters Model)? checkpoint;
    try
    {
        checkpoint = Checkpoint.Load(ml, resumeFrom);
    }
    catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
    {
        Console.Error.WriteLine($"digits: cannot resume: {e.Message}");
        return 2;
    }

    if (checkpoint is { } c)
    {
        firstEpoch = c.State.Epoch + 1;
        weights = c.Model;
        Console.WriteLine($"Resuming at epoch {firstEpoch} from the checkpoint of epoch {c.State.Epoch} in {resumeFrom} (accuracy {c.State.Accuracy:F4}).");
        if (c.State.L2 != options.L2 || c.State.L1 != options.L1)
        {
            Console.Error.WriteLine($"digits: warning: the checkpoint was trained with l2={c.State.L2}, l1={c.State.L1}; continuing with l2={options.L2}, l1={options.L1}");
        }
    }
    else
    {
        Console.WriteLine($"No checkpoint in {resumeFrom}; starting at epoch 1.");
    }
}

if (firstEpoch > options.Epochs)
{
    Console.WriteLine($"The checkpoint already has all {options.Epochs} epochs; nothing to train.");
    return 0;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Digits: {trainImages.Count} training and {validationImages.Count} validation images; l2={options.L2}, l1={options.L1}, history_size={options.HistorySize}, {options.Iterations} L-BFGS iterations per epoch, epochs {firstEpoch}..{options.Epochs}; checkpoints in {Path.GetFullPath(options.OutputDirectory)}"));

var trainer = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
{
    L2Regularization = options.L2,
    L1Regularization = options.L1,
    HistorySize = options.HistorySize,
    MaximumNumberOfIterations = options.Iterations,
    OptimizationTolerance = 1e-10f,
    NumberOfThreads = 1,
});

var clock = Stopwatch.StartNew();
for (var epoch = firstEpoch; epoch <= options.Epochs; epoch++)
{
    if (stop.IsCancellationRequested)
    {
        break;
    }

    // Each epoch continues from the previous epoch's weights (or a checkpoint's), never from scratch.
    var model = weights is null ? trainer.Fit(train) : trainer.Fit(train, weights);
    var metrics = ml.MulticlassClassification.Evaluate(model.Transform(validation));
    weights = model.Model;

    // Checkpoint first, then report: every epoch Hypersweep has seen is in the checkpoint, so a resumed run never
    // reports an epoch twice.
    Checkpoint.Save(ml, model, train.Schema, options.OutputDirectory, new CheckpointState
    {
        Epoch = epoch,
        Accuracy = metrics.MicroAccuracy,
        LogLoss = metrics.LogLoss,
        L2 = options.L2,
        L1 = options.L1,
    });
    HypersweepRun.Log("accuracy", metrics.MicroAccuracy, step: epoch);
    HypersweepRun.Log("log_loss", metrics.LogLoss, step: epoch);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"epoch {epoch}/{options.Epochs}: accuracy {metrics.MicroAccuracy:F4}, log_loss {metrics.LogLoss:F4} ({clock.Elapsed.TotalSeconds:F1} s)"));
    if (epoch == options.Epochs)
    {
        Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());
    }
}

if (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("digits: stopped; the last complete epoch's checkpoint is kept");
    return 143;
}

return 0;
