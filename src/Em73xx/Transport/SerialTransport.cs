using System.IO.Ports;
using System.Runtime.InteropServices;
using Drivers.Em73xx.State;

namespace Drivers.Em73xx.Transport;

/// <summary>Opens the modem's serial port and hands out its byte stream (closing the stream closes the port).</summary>
internal static partial class SerialTransport
{
    private const string Libc = "libc";

    // errno(3) and open(2) values, the same on every Linux architecture .NET runs on.
    private const int ENoEnt = 2;
    private const int EAcces = 13;
    private const int EBusy = 16;
    private const int EPerm = 1;
    private const int OReadWrite = 0x2;
    private const int ONoCtty = 0x100;
    private const int ONonBlock = 0x800;
    private const int OCloseOnExec = 0x80000;
    private const int CharacterDevice = 0x2000; // S_IFCHR, inode(7)

    public static Stream Open(string devicePath)
    {
        // SerialPort reports every failure alike (access denied), which would send users after permissions or
        // ModemManager for a typo; one open(2) of our own tells the cases apart by errno first.
        if (Diagnose(devicePath) is { } problem)
        {
            throw new ModemDisconnectedException(problem);
        }
        // The baud rate means nothing to USB CDC-ACM; 460800 is what py-em73xx used. Linux raises DTR/RTS on open,
        // so they are not set here (setting them is an ioctl a pseudo-terminal refuses).
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

    /// <summary>Why <paramref name="devicePath"/> cannot be the modem's port, in one sentence; null when it may be.</summary>
    internal static string? Diagnose(string devicePath)
    {
        if (Directory.Exists(devicePath))
        {
            return $"{devicePath} is a folder, not a serial device; give the modem's AT port, e.g. /dev/ttyACM0 (ls /dev/serial/by-id/).";
        }
        if (!OperatingSystem.IsLinux())
        {
            return File.Exists(devicePath) ? null : NotThere(devicePath);
        }
        switch (PrivateFile.FileType(devicePath))
        {
            case null:
                return NotThere(devicePath);
            case not CharacterDevice:
                return NotSerial(devicePath); // a file, a socket, a pipe: nothing to open as a port
        }
        // O_NONBLOCK: a port waiting for carrier does not block; O_NOCTTY: the modem never becomes our terminal.
        var fd = open(devicePath, OReadWrite | ONoCtty | ONonBlock | OCloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var reason = Marshal.GetPInvokeErrorMessage(errno);
            return errno switch
            {
                ENoEnt => NotThere(devicePath),
                EBusy => $"{devicePath} is busy ({reason}): another program holds it; stop ModemManager (systemctl stop ModemManager) or whatever else uses the modem.",
                EAcces or EPerm => $"{devicePath} is not permitted ({reason}); join the group that owns it (ls -l {devicePath}; usually: sudo usermod -aG dialout $USER, then log in again).",
                _ => $"{devicePath} cannot be opened ({reason}); is the modem there?",
            };
        }
        try
        {
            return isatty(fd) == 1 ? null : NotSerial(devicePath);
        }
        finally
        {
            _ = close(fd);
        }
    }

    private static string NotSerial(string devicePath) =>
        $"{devicePath} is not a serial device; give the modem's AT port, e.g. /dev/ttyACM0 (ls /dev/serial/by-id/).";

    private static string NotThere(string devicePath) =>
        $"{devicePath} does not exist; is the modem switched on (rfkill, BIOS) and at that path (ls /dev/serial/by-id/)?";

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport(Libc)]
    private static partial int isatty(int fd);

    [LibraryImport(Libc)]
    private static partial int close(int fd);

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
