using System.Text;
using BenchmarkDotNet.Attributes;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Benchmarks.Em73xx;

/// <summary>One AT round trip through the channel over an in-memory pipe, against a device end that answers at once.</summary>
[MemoryDiagnoser]
public class Em73xxChannelBenchmarks : IDisposable
{
    private static readonly byte[] Reply = Encoding.ASCII.GetBytes("\r\n+CSQ: 21,99\r\n\r\nOK\r\n");
    private AtChannel _channel = null!;
    private Stream _device = null!;
    private CancellationTokenSource _stop = null!;
    private Task _answering = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (host, device) = DuplexPipeStream.CreatePair();
        _device = device;
        _stop = new CancellationTokenSource();
        _channel = new AtChannel(host, TimeProvider.System, NullLogger.Instance);
        _channel.Start();
        _answering = Task.Run(AnswerAsync);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _channel.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _device.Dispose();
        _ = _answering.Exception;
    }

    public void Dispose()
    {
        _stop?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public async Task<int> RoundTrip() => (await _channel.ExecuteAsync("AT+CSQ", TimeSpan.FromSeconds(10), CancellationToken.None)).Count;

    private async Task AnswerAsync()
    {
        var buffer = new byte[256];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var count = await _device.ReadAsync(buffer, _stop.Token);
                if (count == 0)
                {
                    return;
                }
                // Every command ends with one CR; answer each one.
                for (var i = 0; i < count; i++)
                {
                    if (buffer[i] == '\r')
                    {
                        await _device.WriteAsync(Reply, _stop.Token);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Benchmark over.
        }
    }
}
