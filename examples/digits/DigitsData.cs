using System.Globalization;
using System.IO.Compression;
using Microsoft.ML.Data;

namespace Digits;

/// <summary>One 8x8 image: 64 pixel intensities scaled to [0, 1], and its digit as an ML.NET key.</summary>
internal sealed class DigitImage
{
    public const int Pixels = 64;
    public const int Classes = 10;

    /// <summary>The digit 0..9. A class's key field holds the 0-based class index; ML.NET shifts it to its 1-based keys itself.</summary>
    [KeyType(Classes)]
    public uint Label { get; set; }

    [VectorType(Pixels)]
    public float[] Features { get; set; } = [];
}

/// <summary>The UCI/scikit-learn handwritten digits: 1797 rows of 64 pixels (0..16) and the digit.</summary>
internal static class DigitsData
{
    /// <summary>Every fifth image is held out for validation; the split is the same on every run.</summary>
    public const int ValidationEvery = 5;

    public static (List<DigitImage> Train, List<DigitImage> Validation) LoadSplit(string path)
    {
        var all = Load(path);
        var train = new List<DigitImage>();
        var validation = new List<DigitImage>();
        for (var i = 0; i < all.Count; i++)
        {
            (i % ValidationEvery == 0 ? validation : train).Add(all[i]);
        }

        return (train, validation);
    }

    public static List<DigitImage> Load(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var images = new List<DigitImage>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != DigitImage.Pixels + 1)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected {DigitImage.Pixels + 1} comma-separated numbers, got {cells.Length}");
            }

            var features = new float[DigitImage.Pixels];
            for (var p = 0; p < DigitImage.Pixels; p++)
            {
                features[p] = float.Parse(cells[p], NumberStyles.Float, CultureInfo.InvariantCulture) / 16f;
            }

            var digit = (uint)float.Parse(cells[DigitImage.Pixels], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (digit >= DigitImage.Classes)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: the label must be a digit 0..9, got {cells[DigitImage.Pixels]}");
            }

            images.Add(new DigitImage { Label = digit, Features = features });
        }

        return images;
    }
}
