namespace Hypersweep.Dashboard.Api;

/// <summary>A sweep, trial, log or file that a request names does not exist (HTTP 404).</summary>
public sealed class DashboardNotFoundException(string message) : Exception(message);

/// <summary>A request names a path outside the trial's folder, directly or through a symbolic link (HTTP 403).</summary>
public sealed class PathOutsideSweepException(string message) : Exception(message);

/// <summary>A request is malformed: an unknown log stream, a bad number (HTTP 400).</summary>
public sealed class DashboardBadRequestException(string message) : Exception(message);
