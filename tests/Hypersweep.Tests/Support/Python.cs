namespace Hypersweep.Tests.Support;

/// <summary>The Python interpreter the process tests run trial scripts with.</summary>
public static class Python
{
    /// <summary>
    /// Debian's /usr/bin/python3 (scripts/install-test-deps.sh installs it), else python3 from PATH. Debian's comes first:
    /// a python3 on PATH can be a version manager's shim (pyenv's is a shell script that starts 4 times slower, seconds
    /// under the full suite's load), and the tests that stop sweeps by a timeout then ran out of it.
    /// </summary>
    public static string Executable { get; } = Find();

    /// <summary>The interpreter with scikit-learn (scripts/install-test-deps.sh installs python3-sklearn for Debian's): <see cref="Executable"/>.</summary>
    public static string WithScikitLearn => Executable;

    private static string Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Prepend("/usr/bin"))
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
