using BenchmarkDotNet.Attributes;
using Drivers.NetworkManager.Protocol;

namespace Benchmarks.NetworkManager;

/// <summary>The pure core: classifying and describing an access point's security flags.</summary>
[MemoryDiagnoser]
public class SecurityBenchmarks
{
    [Benchmark]
    public string ClassifyAndDescribeWpa2() => SecurityClassifier.Describe(SecurityClassifier.Classify(0x1, 0, 0x188));

    [Benchmark]
    public string SsidDisplay() => SsidText.Display("HomeWPA2-5GHz"u8);
}
