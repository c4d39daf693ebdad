using Hypersweep.Launching;

namespace Hypersweep.Tests.Launching;

public sealed class ShellWordsTests
{
    [Theory]
    [InlineData("--lr", "--lr")]
    [InlineData("0.001", "0.001")]
    [InlineData("a=b,c:d@e%f+g/h", "a=b,c:d@e%f+g/h")]
    [InlineData("", "''")]
    [InlineData("two words", "'two words'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME", "'$HOME'")]
    [InlineData("naïve", "'naïve'")]
    public void Quote_LeavesPlainAsciiWordsAlone_AndSingleQuotesTheRest(string word, string quoted) =>
        Assert.Equal(quoted, ShellWords.Quote(word));

    [Fact]
    public void Join_GivesBackTheWords_WhenAShellSplitsTheLine()
    {
        string[] words = ["--name", "it's a test", "", "$x", "naïve"];

        var line = ShellWords.Join(words);
        using var shell = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", "printf '%s\\n' " + line]) { RedirectStandardOutput = true })!;
        var printed = shell.StandardOutput.ReadToEnd();
        shell.WaitForExit();

        Assert.Equal(words, printed.Split('\n')[..^1]);
    }
}
