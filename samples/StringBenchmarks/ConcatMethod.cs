namespace StringBenchmarks;

/// <summary>One way of building the string of the numbers 0..n-1.</summary>
/// <param name="Name">The name the tables print.</param>
/// <param name="Experiment">The number (1 to 6) of the original experiment's method this one stands for, or null for a .NET-only method.</param>
/// <param name="Build">Builds the string for n.</param>
internal sealed record ConcatMethod(string Name, int? Experiment, Func<int, string> Build);
