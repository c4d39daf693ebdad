namespace Hypersweep.Storage;

/// <summary>A store could not be opened, read or written; the message names the store and the cause.</summary>
public class SweepStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SweepStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception around a driver error.</summary>
    public SweepStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An attempt to change a trial that has already finished; finished trials are immutable.</summary>
internal sealed class TrialAlreadyFinishedException : SweepStoreException
{
    /// <summary>Creates the exception.</summary>
    public TrialAlreadyFinishedException(string message)
        : base(message)
    {
    }
}
