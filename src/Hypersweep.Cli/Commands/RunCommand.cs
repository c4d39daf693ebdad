using System.CommandLine;
using Hypersweep.Launching.Slurm;
using Hypersweep.Storage;
using Hypersweep.SweepFiles;

namespace Hypersweep.Cli.Commands;

/// <summary><c>hypersweep run sweep.yml</c>: runs a sweep with live progress and prints the best trial at the end.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The sweep file (Azure ML v2 sweep job YAML)." };
        var store = CommonOptions.Store();
        var seed = new Option<long?>("--seed") { Description = "Seed for the sampler (overrides sampling_algorithm.seed)." };
        var name = new Option<string?>("--name") { Description = "Name of the sweep (overrides the file's name)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only finished trials and the result." };
        var plain = CommonOptions.Plain();
        var set = CommonOptions.Set();
        var command = new Command("run", "Run a sweep: sample hyperparameters, run the trials, print the best.") { file, set, store, seed, name, quiet, plain };
        var resumeFrom = new Option<string[]>("--resume-from") { Description = "Learn from an earlier sweep (name or id); may be given several times. Adds to the file's resume_from.", AllowMultipleArgumentsPerToken = false };
        command.Options.Add(resumeFrom);
        var shared = new Option<bool>("--shared") { Description = "Run as the first worker of a shared sweep that 'hypersweep worker' processes can join (always so with a PostgreSQL store)." };
        command.Options.Add(shared);
        var worker = WorkerSettings.Create();
        worker.AddTo(command);
        var launcher = new Option<string?>("--launcher") { Description = "Where trials run: local (processes on this machine) or slurm (a Slurm batch job each, with the file's trial.launcher settings or the defaults). Overrides trial.launcher." };
        launcher.AcceptOnlyFromAmong("local", "slurm");
        command.Options.Add(launcher);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var spec = SweepFile.LoadWithOverrides(path, parse.GetValue(set) ?? [], requireTrial: true);
            if (parse.GetValue(seed) is { } s)
            {
                spec = spec with { Sampling = spec.Sampling with { Seed = s } };
            }

            if (parse.GetValue(name) is { } n)
            {
                spec = spec with { Name = n };
            }

            if (parse.GetValue(resumeFrom) is { Length: > 0 } sources)
            {
                spec = spec with { ResumeFrom = [.. spec.ResumeFrom, .. sources] };
            }

            if (parse.GetValue(launcher) is { } kind && spec.Trial is { } trial && (kind == "slurm") != (trial.Slurm is not null))
            {
                // Record the sweep as it runs (SourceText = null writes the spec out), so that resume uses the same launcher.
                spec = spec with { Trial = trial with { Slurm = kind == "slurm" ? new SlurmSettings() : null }, SourceText = null };
            }

            await using var sweepStore = await SweepStores.OpenAsync(parse.GetValue(store), create: true, cancellationToken);
            if (parse.GetValue(shared) || sweepStore is PostgresSweepStore)
            {
                var options = worker.Read(parse);
                return await SweepConsole.RunAsync(spec, sweepStore, parse.GetValue(quiet), parse.GetValue(plain), (sweep, l, ct) => sweep.RunAsWorkerAsync(l, options, ct), cancellationToken);
            }

            return await SweepConsole.RunAsync(spec, sweepStore, parse.GetValue(quiet), parse.GetValue(plain), (sweep, l, ct) => sweep.RunAsync(l, ct), cancellationToken);
        });
        return command;
    }
}
