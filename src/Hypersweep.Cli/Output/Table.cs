using System.Text;

namespace Hypersweep.Cli.Output;

/// <summary>A plain-text table with a header row and left-aligned columns (numbers right-aligned).</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params string[] cells) => _rows.Add(cells);

    /// <summary>The narrowest a column is cut to when the table must fit a width.</summary>
    private const int MinColumnWidth = 8;

    /// <summary>
    /// The table as text. Cells longer than <paramref name="maxCellWidth"/> are cut with "…"; with
    /// <paramref name="maxWidth"/> (a terminal's width), the widest columns are cut further, one at a time and never
    /// below <see cref="MinColumnWidth"/>, until every line fits.
    /// </summary>
    public string Render(int maxCellWidth = 60, int? maxWidth = null)
    {
        var columns = headers.Length;
        var cells = _rows.Select(r => r.Select(c => Clip(c, maxCellWidth)).ToArray()).ToList();
        var widths = new int[columns];
        for (var i = 0; i < columns; i++)
        {
            widths[i] = Math.Max(headers[i].Length, cells.Count == 0 ? 0 : cells.Max(r => i < r.Length ? r[i].Length : 0));
        }

        if (maxWidth is { } fit)
        {
            Fit(widths, fit);
            cells = [.. cells.Select(r => r.Select((c, i) => i < widths.Length ? Clip(c, widths[i]) : c).ToArray())];
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

    /// <summary>Narrows the widest columns (the later one on a tie) until the columns and their gaps fit <paramref name="width"/>.</summary>
    private static void Fit(int[] widths, int width)
    {
        while (widths.Sum() + (2 * (widths.Length - 1)) > width)
        {
            var widest = Enumerable.Range(0, widths.Length).OrderByDescending(i => widths[i]).ThenByDescending(i => i).First();
            if (widths[widest] <= MinColumnWidth)
            {
                return;
            }

            var over = widths.Sum() + (2 * (widths.Length - 1)) - width;
            var second = widths.Where((_, i) => i != widest).DefaultIfEmpty(0).Max();
            widths[widest] = Math.Max(MinColumnWidth, Math.Max(widths[widest] - over, Math.Min(widths[widest] - 1, second)));
        }
    }

    private static string Clip(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
