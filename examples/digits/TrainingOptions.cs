using System.Globalization;
using System.Text;

namespace Digits;

/// <summary>The command line: hyperparameters, the training length, and where to resume from.</summary>
internal sealed record TrainingOptions
{
    /// <summary>L2 regularization weight (ML.NET's L2Regularization): larger values shrink the weights. At least 0.</summary>
    public float L2 { get; init; } = 1f;

    /// <summary>L1 regularization weight (ML.NET's L1Regularization): larger values make the weights sparse. At least 0.</summary>
    public float L1 { get; init; } = 1f;

    /// <summary>L-BFGS memory: how many past updates approximate the curvature. At least 1.</summary>
    public int HistorySize { get; init; } = 20;

    /// <summary>L-BFGS iterations in one epoch. At least 1.</summary>
    public int Iterations { get; init; } = 4;

    /// <summary>Epochs in all (a resumed run counts the epochs it already has). At least 1.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>A checkpoint folder (or its checkpoint.json) to continue from; null to start at epoch 1.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>The data file (the gzip CSV of scikit-learn's digits).</summary>
    public string Data { get; init; } = Path.Combine(AppContext.BaseDirectory, "data", "digits.csv.gz");

    /// <summary>Where checkpoints go.</summary>
    public string OutputDirectory { get; init; } = ".";

    private static readonly string[] Names = ["--l2", "--l1", "--history-size", "--iterations", "--epochs", "--resume-from", "--data", "--output-dir"];

    public static string Usage =>
        """
        Trains a multiclass logistic regression (ML.NET L-BFGS maximum entropy) on the 8x8 handwritten digits,
        epoch by epoch, logging validation accuracy and log_loss after every epoch and saving a checkpoint.

        usage: dotnet Digits.dll [--l2 X] [--l1 X] [--history-size N] [--iterations N] [--epochs N]
                                 [--resume-from PATH] [--data FILE] [--output-dir DIR]

          --l2 X              L2 regularization weight, >= 0 (default 1)
          --l1 X              L1 regularization weight, >= 0 (default 1)
          --history-size N    L-BFGS memory size, >= 1 (default 20)
          --iterations N      L-BFGS iterations per epoch, >= 1 (default 4)
          --epochs N          epochs in all, >= 1 (default 10)
          --resume-from PATH  continue from the checkpoint in PATH (default: $HYPERSWEEP_RESUME_FROM)
          --data FILE         the data set (default: data/digits.csv.gz next to the program)
          --output-dir DIR    where checkpoints go (default: $HYPERSWEEP_OUTPUT_DIR, else the current folder)
        """;

    /// <summary>Reads the command line; the environment supplies the defaults for the resume and output folders.</summary>
    /// <exception cref="FormatException">An argument is unknown, lacks its value, or has a value out of range; the message lists them all.</exception>
    public static TrainingOptions Parse(IReadOnlyList<string> args, string? resumeFromEnvironment, string outputDirectory)
    {
        var options = new TrainingOptions { ResumeFrom = resumeFromEnvironment, OutputDirectory = outputDirectory };
        var errors = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            // "--name value" or "--name=value"; "--history_size" is read as "--history-size", so a sweep parameter
            // named history_size can be appended HyperDrive style.
            var (name, inline) = args[i].IndexOf('=', StringComparison.Ordinal) is var eq and > 0 && args[i].StartsWith("--", StringComparison.Ordinal)
                ? (args[i][..eq], args[i][(eq + 1)..])
                : (args[i], null);
            name = name.Replace('_', '-');
            if (!Names.Contains(name))
            {
                errors.AppendLine(CultureInfo.InvariantCulture, $"unknown argument '{args[i]}'");
                continue;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                errors.AppendLine(CultureInfo.InvariantCulture, $"{name} needs a value");
                continue;
            }

            options = name switch
            {
                "--l2" => options with { L2 = Float(name, value, errors) },
                "--l1" => options with { L1 = Float(name, value, errors) },
                "--history-size" => options with { HistorySize = Int(name, value, 1, errors) },
                "--iterations" => options with { Iterations = Int(name, value, 1, errors) },
                "--epochs" => options with { Epochs = Int(name, value, 1, errors) },
                "--resume-from" => options with { ResumeFrom = value },
                "--data" => options with { Data = value },
                _ => options with { OutputDirectory = value },
            };
        }

        return errors.Length == 0 ? options : throw new FormatException(errors.ToString().TrimEnd());
    }

    private static float Float(string name, string value, StringBuilder errors)
    {
        if (float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && float.IsFinite(f) && f >= 0)
        {
            return f;
        }

        errors.AppendLine(CultureInfo.InvariantCulture, $"{name} must be a number >= 0, got '{value}'");
        return 0;
    }

    private static int Int(string name, string value, int min, StringBuilder errors)
    {
        // Samplers may hand over whole numbers as "8.0"; accept those, reject "8.5".
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d >= min && d <= int.MaxValue)
        {
            return (int)d;
        }

        errors.AppendLine(CultureInfo.InvariantCulture, $"{name} must be a whole number >= {min}, got '{value}'");
        return min;
    }
}
