using System.Text;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drivers.Em73xx.Tests.Transport;

/// <summary>An AtChannel wired to a hand-driven device end: the test reads what the host sent and writes raw bytes back.</summary>
internal sealed class ScriptedModem : IAsyncDisposable
{
    private readonly Stream _device;
    private readonly byte[] _buffer = new byte[4096];
    private readonly StringBuilder _received = new();

    public ScriptedModem(TimeProvider? time = null)
    {
        var (host, device) = DuplexPipeStream.CreatePair();
        _device = device;
        Channel = new AtChannel(host, time ?? TimeProvider.System, NullLogger.Instance);
        Channel.Start();
    }

    public AtChannel Channel { get; }

    /// <summary>Waits for the next carriage-return-terminated command from the host.</summary>
    public async Task<string> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var text = _received.ToString();
            var end = text.IndexOf('\r', StringComparison.Ordinal);
            if (end >= 0)
            {
                _received.Remove(0, end + 1);
                return text[..end];
            }
            var count = await _device.ReadAsync(_buffer, cancellationToken);
            if (count == 0)
            {
                throw new EndOfStreamException();
            }
            _received.Append(Encoding.Latin1.GetString(_buffer, 0, count));
        }
    }

    /// <summary>Waits until the host has sent <paramref name="count"/> more bytes, returned raw.</summary>
    public async Task<string> ReceiveRawAsync(int count, CancellationToken cancellationToken)
    {
        while (_received.Length < count)
        {
            var read = await _device.ReadAsync(_buffer, cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }
            _received.Append(Encoding.Latin1.GetString(_buffer, 0, read));
        }
        var text = _received.ToString(0, count);
        _received.Remove(0, count);
        return text;
    }

    public async Task SendAsync(string text, CancellationToken cancellationToken) =>
        await _device.WriteAsync(Encoding.Latin1.GetBytes(text), cancellationToken);

    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken) => await _device.WriteAsync(bytes, cancellationToken);

    public void Unplug() => _device.Dispose();

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync();
        await _device.DisposeAsync();
    }
}
