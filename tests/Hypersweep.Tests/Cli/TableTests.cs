using Hypersweep.Cli.Output;

namespace Hypersweep.Tests.Cli;

/// <summary>Tables fit the terminal: the widest columns are cut with a marker; without a width they show whole.</summary>
public sealed class TableTests
{
    private static Table Sample()
    {
        var table = new Table("id", "state", "lr", "note");
        table.Add("1-0", "completed", "0.01", string.Empty);
        table.Add("1-1", "failed", "0.5", "exit code 1: ValueError: the learning rate 0.5 makes the loss diverge after 3 epochs, lower it");
        return table;
    }

    [Fact]
    public void WithAWidth_EveryLineFits_AndTheLongNoteIsCutWithAMarker()
    {
        var text = Sample().Render(maxCellWidth: 240, maxWidth: 60);

        var lines = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 60, $"{l.Length}: {l}"));
        Assert.Contains("exit code 1: ValueError", text, StringComparison.Ordinal);
        Assert.EndsWith("…", lines[^1], StringComparison.Ordinal);
        Assert.Contains("completed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAWidth_TheNoteShowsWhole()
    {
        var text = Sample().Render(maxCellWidth: 240);

        Assert.Contains("after 3 epochs, lower it", text, StringComparison.Ordinal);
        Assert.DoesNotContain("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ATooNarrowWidth_CutsColumnsNoFurtherThanEightCharacters()
    {
        var text = Sample().Render(maxCellWidth: 240, maxWidth: 10);

        Assert.Contains("complet…", text, StringComparison.Ordinal);
        Assert.Contains("exit co…", text, StringComparison.Ordinal);
    }
}
