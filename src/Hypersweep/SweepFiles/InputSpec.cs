namespace Hypersweep.SweepFiles;

/// <summary>An entry of <c>inputs</c> given as a mapping, as read: its local path as written, or its value.</summary>
/// <param name="Path">The path, relative to the sweep file; when given, the input is this path made absolute.</param>
/// <param name="Value">The value, used when no path is given.</param>
internal sealed record InputSpec(string? Path = null, string? Value = null);
