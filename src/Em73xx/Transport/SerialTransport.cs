using System.IO.Ports;

namespace Drivers.Em73xx.Transport;

/// <summary>Opens the modem's serial port and hands out its byte stream (closing the stream closes the port).</summary>
internal static class SerialTransport
{
    public static Stream Open(string devicePath)
    {
        // The baud rate means nothing to USB CDC-ACM; 460800 is what py-em73xx used. Linux raises DTR/RTS on open,
        // so they are not set here (setting them is an ioctl a pseudo-terminal refuses).
        if (!File.Exists(devicePath))
        {
            // SerialPort reports a missing device as access denied, which would send users after permissions.
            throw new ModemDisconnectedException(
                $"{devicePath} does not exist; is the modem switched on (rfkill, BIOS) and at that path (ls /dev/serial/by-id/)?");
        }
        var port = new SerialPort(devicePath, 460800) { Handshake = Handshake.None };
        try
        {
            port.Open();
            return new OwningStream(port);
        }
        catch (UnauthorizedAccessException e)
        {
            port.Dispose();
            // The system's reason (busy, permission denied, not a tty) is the inner exception's message.
            throw new ModemDisconnectedException(
                $"{devicePath} is busy or not permitted ({(e.InnerException ?? e).Message}); stop ModemManager (systemctl stop ModemManager) or join the dialout group.", e);
        }
        catch (IOException e)
        {
            port.Dispose();
            throw new ModemDisconnectedException($"{devicePath} cannot be opened ({e.Message}); is the modem there?", e);
        }
        catch (ArgumentException e)
        {
            port.Dispose();
            throw new ModemDisconnectedException($"{devicePath} is not a serial port ({e.Message}).", e);
        }
    }

    private sealed class OwningStream(SerialPort port) : Stream
    {
        private readonly Stream _inner = port.BaseStream;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.WriteAsync(buffer, cancellationToken);

        public override void Flush() => _inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                port.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
