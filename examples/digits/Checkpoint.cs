using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Digits;

/// <summary>What a checkpoint records besides the model: checkpoint.json.</summary>
internal sealed record CheckpointState
{
    /// <summary>The last finished epoch (1-based).</summary>
    [JsonPropertyName("epoch")]
    public int Epoch { get; init; }

    /// <summary>The model file, next to checkpoint.json.</summary>
    [JsonPropertyName("model")]
    public string Model { get; init; } = string.Empty;

    [JsonPropertyName("accuracy")]
    public double Accuracy { get; init; }

    [JsonPropertyName("log_loss")]
    public double LogLoss { get; init; }

    [JsonPropertyName("l2")]
    public float L2 { get; init; }

    [JsonPropertyName("l1")]
    public float L1 { get; init; }
}

/// <summary>
/// Checkpoints in a folder: <c>model-epoch-NNNN.zip</c> (an ML.NET model) and <c>checkpoint.json</c> naming the
/// latest one. Both are written to a temporary file and renamed, model first, so a process killed at any moment
/// leaves the previous checkpoint or the new one, never half of either.
/// </summary>
internal static class Checkpoint
{
    public const string StateFile = "checkpoint.json";

    public static void Save(MLContext ml, MulticlassPredictionTransformer<MaximumEntropyModelParameters> model, DataViewSchema inputSchema, string directory, CheckpointState state)
    {
        Directory.CreateDirectory(directory);
        var modelName = string.Create(CultureInfo.InvariantCulture, $"model-epoch-{state.Epoch:D4}.zip");
        var modelPath = Path.Combine(directory, modelName);
        ml.Model.Save(model, inputSchema, modelPath + ".tmp");
        File.Move(modelPath + ".tmp", modelPath, overwrite: true);

        var statePath = Path.Combine(directory, StateFile);
        File.WriteAllText(statePath + ".tmp", JsonSerializer.Serialize(state with { Model = modelName }) + "\n");
        File.Move(statePath + ".tmp", statePath, overwrite: true);

        // Only the latest model is kept.
        foreach (var old in Directory.EnumerateFiles(directory, "model-epoch-*.zip"))
        {
            if (Path.GetFileName(old) != modelName)
            {
                File.Delete(old);
            }
        }
    }

    /// <summary>Reads the checkpoint in <paramref name="path"/> (a folder, or its checkpoint.json); null when the folder holds none.</summary>
    /// <exception cref="FileNotFoundException">The path does not exist, or the checkpoint names a model file that does not.</exception>
    public static (CheckpointState State, MaximumEntropyModelParameters Model)? Load(MLContext ml, string path)
    {
        var statePath = Directory.Exists(path) ? Path.Combine(path, StateFile) : path;
        if (!File.Exists(statePath))
        {
            return Directory.Exists(path) ? null : throw new FileNotFoundException($"there is no checkpoint at {Path.GetFullPath(path)}", path);
        }

        var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(statePath))
            ?? throw new InvalidDataException($"{statePath} is empty");
        var modelPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(statePath))!, state.Model);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"{statePath} names the model {state.Model}, which is not there", modelPath);
        }

        var transformer = ml.Model.Load(modelPath, out _);
        var parameters = (transformer as ISingleFeaturePredictionTransformer<object>)?.Model as MaximumEntropyModelParameters
            ?? throw new InvalidDataException($"{modelPath} does not hold a maximum entropy model");
        return (state, parameters);
    }
}
