using Hypersweep.Launching;
using Hypersweep.Tests.Support;

namespace Hypersweep.Tests.Launching;

public sealed class LogTailTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LastLines_AreTheEndOfTheFile_WithoutTrailingEmptyLines_AndLongLinesCut()
    {
        var path = _dir.Write("stderr.txt", string.Join("\r\n", Enumerable.Range(1, 30).Select(i => $"line {i}")) + "\n" + new string('x', 30) + "\n\n\n");

        Assert.Equal(["line 29", "line 30", "xxxxxxxxxx..."], LogTail.LastLines(path, 3, maxLineCharacters: 10));
    }

    [Fact]
    public void LastLines_ReadOnlyTheWindow_FromTheEnd()
    {
        var path = _dir.Write("big.txt", string.Concat(Enumerable.Range(0, 1000).Select(i => $"{i:D4}\n")));

        // 50 bytes hold the last 10 lines of 5 bytes each.
        Assert.Equal(10, LogTail.LastLines(path, 100, window: 50).Count);
        Assert.Equal("0999", LogTail.LastLines(path, 1, window: 50)[0]);
    }

    [Fact]
    public void LastLines_OfAMissingFile_AreNone() => Assert.Empty(LogTail.LastLines(_dir["nothing.txt"], 5));
}
