namespace Hypersweep.Tests.Support;

/// <summary>The Python interpreter the process tests run trial scripts with.</summary>
public static class Python
{
    /// <summary>python3 from PATH, else /usr/bin/python3; the tests need one (CI installs Debian's python3).</summary>
    public static string Executable { get; } = Find();

    /// <summary>Debian's /usr/bin/python3, which has scikit-learn (scripts/install-test-deps.sh installs python3-sklearn), else <see cref="Executable"/>.</summary>
    public static string WithScikitLearn { get; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Executable;

    private static string Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            var candidate = System.IO.Path.Combine(dir, "python3");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("These tests run trial programs written in Python and need python3 on PATH (CI installs Debian's python3).");
    }
}
