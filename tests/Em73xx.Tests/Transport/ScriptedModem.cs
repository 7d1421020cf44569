using System.Text;
using Em73xx.Simulation;
using Em73xx.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Em73xx.Tests.Transport;

/// <summary>An AtChannel wired to a hand-driven device end: the test reads what the host sent and writes raw bytes back.</summary>
internal sealed class ScriptedModem : IAsyncDisposable
{
    private readonly Stream _device;
    private readonly byte[] _buffer = new byte[4096];
    private readonly StringBuilder _received = new();
    private readonly Lock _sync = new();
    private readonly List<(long Bytes, TaskCompletionSource Done)> _processedWaits = [];
    private long _sent;
    private long _processed;

    public ScriptedModem(TimeProvider? time = null)
    {
        var (host, device) = DuplexPipeStream.CreatePair();
        _device = device;
        Channel = new AtChannel(new ReaderWatch(host, this), time ?? TimeProvider.System, NullLogger.Instance);
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

    public Task SendAsync(string text, CancellationToken cancellationToken) => SendAsync(Encoding.Latin1.GetBytes(text), cancellationToken);

    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            _sent += bytes.Length;
        }
        await _device.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>
    /// Waits until the channel's reader loop has taken in and handled every byte sent so far: it asks the stream
    /// for more only after it has handled what it read. Fails after a generous 30 s.
    /// </summary>
    public Task ProcessedAsync(CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_sync)
        {
            if (_processed >= _sent)
            {
                return Task.CompletedTask;
            }
            _processedWaits.Add((_sent, done));
        }
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    private void ReaderWantsMore(long consumed)
    {
        List<TaskCompletionSource> done;
        lock (_sync)
        {
            _processed = consumed;
            done = [.. _processedWaits.Where(w => w.Bytes <= consumed).Select(w => w.Done)];
            _processedWaits.RemoveAll(w => w.Bytes <= consumed);
        }
        done.ForEach(d => d.TrySetResult());
    }

    public void Unplug() => _device.Dispose();

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync();
        await _device.DisposeAsync();
    }

    /// <summary>The host's end as the channel reads it, telling the modem how much the reader loop has handled.</summary>
    private sealed class ReaderWatch(Stream host, ScriptedModem modem) : Stream
    {
        private long _consumed;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // One reader loop, which handles each read before the next: everything consumed so far is handled.
            modem.ReaderWantsMore(_consumed);
            var count = await host.ReadAsync(buffer, cancellationToken);
            _consumed += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            host.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            host.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => host.Write(buffer, offset, count);

        public override void Flush() => host.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => host.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                host.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
