using BenchmarkDotNet.Running;

// One suite per package, in a folder named after it. Real measurements:
//   dotnet run -c Release --project tests/Benchmarks -- --filter '*'
// test.sh only checks that every suite still runs: --filter '*' --job dry --inProcess
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
