using BenchmarkDotNet.Attributes;
using Drivers.DualShock4;
using Drivers.DualShock4.Simulation;

namespace Benchmarks.DualShock4;

/// <summary>The pure protocol core: one input report parsed (Bluetooth includes the CRC-32 check), one output report written.</summary>
[MemoryDiagnoser]
public class DualShock4ReportBenchmarks
{
    private readonly byte[] _usb = InputReportWriter.ToArray(Sample(ReportFormat.Usb));
    private readonly byte[] _bluetooth = InputReportWriter.ToArray(Sample(ReportFormat.Bluetooth));
    private readonly byte[] _output = new byte[OutputReport.BluetoothLength];

    [Benchmark]
    public ControllerState ParseUsb()
    {
        return InputReport.TryParse(_usb, out var state) ? state : throw new InvalidOperationException("The USB report must parse.");
    }

    [Benchmark]
    public ControllerState ParseBluetoothWithCrc()
    {
        return InputReport.TryParse(_bluetooth, out var state) ? state : throw new InvalidOperationException("The Bluetooth report must parse.");
    }

    [Benchmark]
    public int WriteBluetoothOutputWithCrc() =>
        OutputReport.Write(new ControllerFeedback { Red = 255, Blue = 64, WeakRumble = 10 }, ConnectionBus.Bluetooth, _output);

    private static ControllerState Sample(ReportFormat format) => Motion.Demo.StateAt(TimeSpan.FromSeconds(1.3)) with { Format = format };
}
