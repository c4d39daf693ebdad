using System.Globalization;

namespace Hypersweep.Storage;

/// <summary>
/// Gives each new sweep a folder of its own for its trials' logs, outputs and checkpoints, which no other store or
/// sweep has used: <c>ROOT/ID</c>, or <c>ROOT/ID-XXXXXX</c> when that folder already exists (a store deleted and made
/// again, a second store file beside the first, both numbering their sweeps from 1), so a new sweep never finds an
/// earlier sweep's checkpoints. The folder is claimed by creating its <see cref="OwnerFile"/> exclusively, which
/// names the store and sweep it belongs to, so two stores creating sweeps at once cannot take the same one.
/// </summary>
internal static class SweepFolders
{
    /// <summary>The file in a sweep folder naming the store and sweep it belongs to.</summary>
    public const string OwnerFile = "sweep-owner.txt";

    /// <summary>Creates and claims a fresh folder for a new sweep; returns its path.</summary>
    /// <exception cref="SweepStoreException">The folder cannot be created (the reason from the system).</exception>
    public static string Claim(string root, long sweepId, string sweepName, string storeLocation, DateTimeOffset created)
    {
        var id = sweepId.ToString(CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var folder = Path.Combine(root, attempt == 0 ? id : $"{id}-{Guid.NewGuid().ToString("N")[..6]}");
            if (Directory.Exists(folder))
            {
                continue;
            }

            try
            {
                Directory.CreateDirectory(folder);
                using var owner = new FileStream(Path.Combine(folder, OwnerFile), FileMode.CreateNew, FileAccess.Write);
                using var writer = new StreamWriter(owner);
                writer.WriteLine(FormattableString.Invariant($"sweep {sweepId} '{sweepName}' of the store {storeLocation}, created {created:yyyy-MM-dd HH:mm:ss} UTC"));
                return folder;
            }
            catch (IOException) when (File.Exists(Path.Combine(folder, OwnerFile)))
            {
                // Another store claimed this folder first: try another name.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SweepStoreException($"Cannot create the folder for the trials of sweep '{sweepName}': {FileErrors.Describe(e, folder, "creating")}.", e);
            }
        }

        throw new SweepStoreException($"Cannot find a free folder for the trials of sweep '{sweepName}' under {root}.");
    }
}
