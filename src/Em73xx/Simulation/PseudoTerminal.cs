using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Drivers.Em73xx.Simulation;

/// <summary>
/// A Linux pseudo-terminal pair (posix_openpt, grantpt, unlockpt, ptsname_r; raw mode via cfmakeraw): the master
/// end is a stream for the simulator, the slave path (<c>/dev/pts/N</c>) is what a serial program opens.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class PseudoTerminal : IDisposable
{
    private const string Libc = "libc.so.6";
    private const int ReadWrite = 2; // O_RDWR
    private const int NoControllingTerminal = 0x100; // O_NOCTTY on Linux
    private const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux
    private const int SetNow = 0; // TCSANOW

    private int _slave;

    private PseudoTerminal(int master, int slave, string slavePath)
    {
        Stream = new PtyStream(master);
        _slave = slave;
        SlavePath = slavePath;
    }

    /// <summary>The path a serial program opens, e.g. <c>/dev/pts/3</c>.</summary>
    public string SlavePath { get; }

    /// <summary>The master end: what the simulator reads and writes.</summary>
    public Stream Stream { get; }

    public static unsafe PseudoTerminal Open()
    {
        // Close-on-exec: a process the host starts (a sample under test) must not inherit the master, or the port
        // would not vanish for its client when the simulator closes it (open(2), posix_openpt(3)).
        var master = posix_openpt(ReadWrite | NoControllingTerminal | CloseOnExec);
        if (master < 0)
        {
            throw Failure("posix_openpt");
        }
        try
        {
            if (grantpt(master) != 0)
            {
                throw Failure("grantpt");
            }
            if (unlockpt(master) != 0)
            {
                throw Failure("unlockpt");
            }
            var name = stackalloc byte[256];
            if (ptsname_r(master, name, 256) != 0)
            {
                throw Failure("ptsname_r");
            }
            var path = Marshal.PtrToStringUTF8((nint)name)!;
            // Holding the slave open keeps the master readable between clients (no EIO when one closes it).
            var slave = open(path, ReadWrite | NoControllingTerminal | CloseOnExec);
            if (slave < 0)
            {
                throw Failure("open " + path);
            }
            MakeRaw(slave);
            MakeRaw(master);
            return new PseudoTerminal(master, slave, path);
        }
        catch
        {
            _ = close(master);
            throw;
        }
    }

    public void Dispose()
    {
        Stream.Dispose();
        var slave = Interlocked.Exchange(ref _slave, -1);
        if (slave >= 0)
        {
            _ = close(slave);
        }
    }

    private static unsafe void MakeRaw(int fd)
    {
        // The termios layout differs between architectures, so libc fills and edits it; 256 bytes hold any of them.
        var termios = stackalloc byte[256];
        if (tcgetattr(fd, termios) != 0)
        {
            throw Failure("tcgetattr");
        }
        cfmakeraw(termios);
        if (tcsetattr(fd, SetNow, termios) != 0)
        {
            throw Failure("tcsetattr");
        }
    }

    private static IOException Failure(string call) =>
        new($"{call} failed: {Marshal.GetLastPInvokeErrorMessage()}");

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int posix_openpt(int flags);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial int ptsname_r(int fd, byte* buffer, nuint length);

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial int tcgetattr(int fd, byte* termios);

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial int tcsetattr(int fd, int actions, byte* termios);

    [LibraryImport(Libc)]
    private static unsafe partial void cfmakeraw(byte* termios);

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport(Libc, SetLastError = true)]
    private static unsafe partial int poll(PollDescriptor* descriptors, nuint count, int timeoutMilliseconds);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    /// <summary>The master fd as a stream; reads poll in short slices so that cancellation and disposal are noticed.</summary>
    private sealed class PtyStream(int fd) : Stream
    {
        private const short PollIn = 1;
        private const int Interrupted = 4; // EINTR
        private const int WouldBlock = 11; // EAGAIN
        private int _fd = fd;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(Task.Run(() => ReadBlocking(buffer, cancellationToken), cancellationToken));

        public override int Read(byte[] buffer, int offset, int count) => ReadBlocking(buffer.AsMemory(offset, count), CancellationToken.None);

        public override unsafe void Write(byte[] buffer, int offset, int count)
        {
            fixed (byte* start = buffer)
            {
                var done = 0;
                while (done < count)
                {
                    var written = write(Descriptor(), start + offset + done, (nuint)(count - done));
                    if (written < 0)
                    {
                        var error = Marshal.GetLastPInvokeError();
                        if (error is Interrupted or WouldBlock)
                        {
                            continue;
                        }
                        throw Failure("write");
                    }
                    done += (int)written;
                }
            }
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            var fd = Interlocked.Exchange(ref _fd, -1);
            if (fd >= 0)
            {
                _ = close(fd);
            }
            base.Dispose(disposing);
        }

        private int Descriptor() => Volatile.Read(ref _fd) is var fd and >= 0 ? fd : throw new ObjectDisposedException(nameof(PseudoTerminal));

        private unsafe int ReadBlocking(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var descriptor = new PollDescriptor { Fd = Descriptor(), Events = PollIn };
                var ready = poll(&descriptor, 1, 100);
                if (ready <= 0)
                {
                    continue;
                }
                using var pin = buffer.Pin();
                var count = read(descriptor.Fd, (byte*)pin.Pointer, (nuint)buffer.Length);
                if (count >= 0)
                {
                    return (int)count;
                }
                var error = Marshal.GetLastPInvokeError();
                if (error is not (Interrupted or WouldBlock))
                {
                    return 0; // EIO: every slave end closed
                }
            }
        }
    }
}
