namespace Hypersweep.Cli;

/// <summary>Bad input from the user: printed without a stack trace, exit code 2.</summary>
internal sealed class CliError(string message) : Exception(message);

/// <summary>Exit codes of the hypersweep command.</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The sweep ran but ended in failure (e.g. its trials could not start).</summary>
    public const int SweepFailed = 1;

    /// <summary>Bad input: a sweep file, a store, a sweep name, a command-line option.</summary>
    public const int BadInput = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT).</summary>
    public const int Canceled = 130;
}
