namespace StringBenchmarks;

/// <summary>One method's line of the table.</summary>
/// <remarks>The rate is computed from the median.</remarks>
internal sealed record ConcatRow(string Method, int? Experiment, double MedianMs, double MeanMs, double? ConcatenationsPerSecond, int OutputChars);

/// <summary>Runs every C# method for one n, checks that they all build the same string, and times them.</summary>
internal static class ConcatExperiment
{
    /// <summary>The reference string: the decimal forms of 0..n-1, one after the other.</summary>
    /// <remarks>Built the plainest way (<see cref="ConcatMethods.ListJoin"/> is the same idea) so that the check does not trust a clever method.</remarks>
    public static string Reference(int n) =>
        string.Join("", Enumerable.Range(0, n).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The first method whose output differs from the reference, or null when all agree.</summary>
    public static string? FirstMismatch(int n)
    {
        var reference = Reference(n);
        return ConcatMethods.All.FirstOrDefault(m => !string.Equals(m.Build(n), reference, StringComparison.Ordinal))?.Name;
    }

    /// <summary>Times every method; <paramref name="progress"/> hears each method's name before it is measured.</summary>
    public static IReadOnlyList<ConcatRow> Run(int n, int repeat, Action<int, string> progress, CancellationToken cancellationToken)
    {
        var rows = new List<ConcatRow>();
        var length = ConcatMethods.Length(n);
        for (var index = 0; index < ConcatMethods.All.Count; index++)
        {
            var method = ConcatMethods.All[index];
            progress(index, method.Name);
            string? sink = null;
            var timing = Measurement.Time(() => sink = method.Build(n), repeat, cancellationToken);
            GC.KeepAlive(sink);
            rows.Add(new ConcatRow(method.Name, method.Experiment, timing.MedianMs, timing.MeanMs, Measurement.PerSecond(n, timing.MedianMs), length));
        }
        return rows;
    }
}
