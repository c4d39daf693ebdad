using System.Text;

namespace Hypersweep.Cli.Output;

/// <summary>A plain-text table with a header row and left-aligned columns (numbers right-aligned).</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    public string Render(int maxCellWidth = 60)
    {
        var columns = headers.Length;
        var cells = _rows.Select(r => r.Select(c => Clip(c, maxCellWidth)).ToArray()).ToList();
        var widths = new int[columns];
        for (var i = 0; i < columns; i++)
        {
            widths[i] = Math.Max(headers[i].Length, cells.Count == 0 ? 0 : cells.Max(r => i < r.Length ? r[i].Length : 0));
        }

        var numeric = new bool[columns];
        for (var i = 0; i < columns; i++)
        {
            numeric[i] = cells.Count > 0 && cells.All(r => i >= r.Length || r[i].Length == 0 || r[i] == "-" || double.TryParse(r[i].TrimEnd('s'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
        }

        var sb = new StringBuilder();
        AppendRow(sb, headers, widths, new bool[columns]);
        sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
        {
            AppendRow(sb, row, widths, numeric);
        }

        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, string[] row, int[] widths, bool[] right)
    {
        var parts = new string[widths.Length];
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < row.Length ? row[i] : string.Empty;
            parts[i] = right[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]);
        }

        sb.AppendLine(string.Join("  ", parts).TrimEnd());
    }

    private static string Clip(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
