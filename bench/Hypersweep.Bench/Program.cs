using Hypersweep.Bench;

// dotnet run -c Release --project bench/Hypersweep.Bench -- <benchmark> [options]
// Each benchmark writes bench/results/<name>.json and bench/results/<name>.md; 'report' assembles bench/RESULTS.md.
var name = args.Length > 0 ? args[0] : "help";
if (BenchmarkCatalog.Find(name) is not { } benchmark)
{
    BenchmarkCatalog.PrintUsage();
    return name == "help" ? 0 : 2;
}

try
{
    await benchmark.RunAsync([.. args.Skip(1)]);
}
catch (BenchUsageException e)
{
    Console.Error.WriteLine($"{name}: {e.Message}");
    return 2;
}

return 0;
