using BenchmarkDotNet.Attributes;
using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Simulation;

namespace Benchmarks.Em73xx;

/// <summary>The pure parsers on the modem's hot lines: one GPS position report and a 50-message listing.</summary>
[MemoryDiagnoser]
public class Em73xxParsingBenchmarks
{
    private readonly string _fix = SimulatedModemOptions.SampleFixes[0];
    private readonly List<string> _listing = [];

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 1; i <= 50; i++)
        {
            _listing.Add($"+CMGL: {i},\"REC READ\",\"+420775123456\",,\"16/10/21,12:{i % 60:00}:00+08\",145,27");
            _listing.Add("Message number " + i.ToString("000000000000", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Benchmark]
    public double ParseFixLine() => XlcslsrParser.TryParse(_fix, out var fix) ? fix.Latitude : 0;

    [Benchmark]
    public int ParseListingOf50() => SmsListParser.ParseList(_listing).Count;
}
