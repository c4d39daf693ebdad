namespace Hypersweep.Specs;

/// <summary>A sweep spec built in code is invalid; <see cref="Problems"/> lists every problem.</summary>
public sealed class SweepSpecException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public SweepSpecException(IReadOnlyList<(string Field, string Message)> problems)
        : base("The sweep is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => $"  {p.Field}: {p.Message}")))
    {
        Problems = problems;
    }

    /// <summary>The problems as (field path, message) pairs.</summary>
    public IReadOnlyList<(string Field, string Message)> Problems { get; }
}
