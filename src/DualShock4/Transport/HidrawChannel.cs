using System.Diagnostics;

namespace Drivers.DualShock4;

/// <summary>
/// A <c>/dev/hidrawN</c> node: each <c>read()</c> returns one whole report, <c>write()</c> sends one output report,
/// and the <c>HIDIOCGFEATURE</c> ioctl reads a feature report (include/uapi/linux/hidraw.h, drivers/hid/hidraw.c).
/// </summary>
/// <remarks>
/// Reads use a non-blocking descriptor and <c>poll()</c> together with a wake-up pipe, so a blocked read ends at
/// once when the controller is disposed; <see cref="WakePacer"/> decides when a fast stream is read in batches.
/// The write descriptor is opened separately and only on the first write, so reading never makes this process a
/// writer of its own input (which matters when a FIFO stands in for the node).
/// </remarks>
internal sealed unsafe class HidrawChannel : IHidChannel
{
    private readonly string _writePath;
    private readonly int _readFd;
    private readonly int _wakeRead;
    private readonly int _wakeWrite;
    private readonly Lock _writeGate = new();
    private WakePacer _pacer;
    private long _wokeAt;
    private int _reportsSinceWake;
    private int _writeFd = -1;
    private volatile bool _cancelled;
    private bool _disposed;

    private HidrawChannel(string writePath, int readFd, int wakeRead, int wakeWrite, TimeSpan batchInterval)
    {
        _writePath = writePath;
        _readFd = readFd;
        _wakeRead = wakeRead;
        _wakeWrite = wakeWrite;
        _pacer = new WakePacer((long)(batchInterval.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>Opens <paramref name="path"/> for reading (and later writing).</summary>
    public static HidrawChannel Open(string path, TimeSpan batchInterval) => Open(path, path, batchInterval);

    /// <summary>Opens one node for reading and another for writing (tests use two FIFOs to capture output reports).</summary>
    public static HidrawChannel Open(string readPath, string writePath, TimeSpan batchInterval)
    {
        var fd = LibC.Open(readPath, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            throw OpenError(readPath, LibC.LastError);
        }
        var pipe = stackalloc int[2];
        if (LibC.Pipe2(pipe, LibC.O_NONBLOCK | LibC.O_CLOEXEC) < 0)
        {
            var errno = LibC.LastError;
            LibC.Close(fd);
            throw new IOException($"Could not create a wake-up pipe: {LibC.Describe(errno)}.");
        }
        return new HidrawChannel(writePath, fd, pipe[0], pipe[1], batchInterval);
    }

    public int Read(Span<byte> buffer, Action beforeWaiting)
    {
        var fds = stackalloc LibC.PollFd[2];
        while (!_cancelled)
        {
            nint n;
            fixed (byte* p = buffer)
            {
                n = LibC.Read(_readFd, p, buffer.Length);
            }
            if (n > 0)
            {
                _reportsSinceWake++;
                return (int)n;
            }
            if (n == 0)
            {
                return 0; // end of file: the writer of a FIFO went away
            }
            var errno = LibC.LastError;
            if (errno == LibC.EINTR)
            {
                continue;
            }
            if (errno != LibC.EAGAIN)
            {
                // EIO (or ENODEV) after an unplug, per drivers/hid/hidraw.c.
                throw new IOException($"Reading the controller failed: {LibC.Describe(errno)}.", errno);
            }
            // The kernel's queue is empty. A fast stream: sleep, then take what queued up meanwhile (the next read).
            // Otherwise wait for the next report.
            beforeWaiting();
            var resume = _pacer.Drained(_wokeAt, _reportsSinceWake);
            _reportsSinceWake = 0;
            if (SleepUntil(resume))
            {
                _wokeAt = Stopwatch.GetTimestamp();
                continue;
            }
            fds[0] = new LibC.PollFd { Fd = _readFd, Events = LibC.POLLIN };
            fds[1] = new LibC.PollFd { Fd = _wakeRead, Events = LibC.POLLIN };
            if (LibC.Poll(fds, 2, -1) < 0 && LibC.LastError != LibC.EINTR)
            {
                throw new IOException($"Waiting for the controller failed: {LibC.Describe(LibC.LastError)}.");
            }
            _wokeAt = Stopwatch.GetTimestamp();
        }
        return 0;
    }

    public void CancelPendingRead()
    {
        _cancelled = true;
        byte one = 1;
        LibC.Write(_wakeWrite, &one, 1);
    }

    public void Write(ReadOnlySpan<byte> report)
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writeFd < 0)
            {
                _writeFd = LibC.Open(_writePath, LibC.O_WRONLY | LibC.O_CLOEXEC);
                if (_writeFd < 0)
                {
                    throw OpenError(_writePath, LibC.LastError);
                }
            }
            nint written;
            fixed (byte* p = report)
            {
                written = LibC.Write(_writeFd, p, report.Length);
            }
            if (written < 0)
            {
                var errno = LibC.LastError;
                throw new IOException($"Writing to the controller failed: {LibC.Describe(errno)}.", errno);
            }
        }
    }

    public bool TryGetFeatureReport(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            // Not a hidraw node (a FIFO in tests: ENOTTY) or a pad that does not answer: no feature report.
            return LibC.Ioctl(_readFd, LibC.HidIocGetFeature(buffer.Length), p) > 0;
        }
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            if (_writeFd >= 0)
            {
                LibC.Close(_writeFd);
            }
        }
        LibC.Close(_readFd);
        LibC.Close(_wakeRead);
        LibC.Close(_wakeWrite);
    }

    // Watches only the wake-up pipe, so reports pile up in the kernel's queue meanwhile (64 per open node,
    // HIDRAW_BUFFER_SIZE in include/linux/hidraw.h) and disposal still ends the sleep at once.
    private bool SleepUntil(long timestamp)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }
        var wake = new LibC.PollFd { Fd = _wakeRead, Events = LibC.POLLIN };
        var timeout = new LibC.TimeSpec { Seconds = (nint)(remaining.Ticks / TimeSpan.TicksPerSecond), Nanoseconds = (nint)(remaining.Ticks % TimeSpan.TicksPerSecond * 100) };
        LibC.PPoll(&wake, 1, &timeout, null); // EINTR or a wake-up only shortens the sleep
        return true;
    }

    private static Exception OpenError(string path, int errno) => errno switch
    {
        LibC.EACCES => new ControllerAccessDeniedException(path),
        LibC.ENOENT or LibC.ENODEV => new ControllerNotFoundException($"The controller at {path} is gone (it was unplugged or switched off)."),
        _ => new IOException($"Could not open {path}: {LibC.Describe(errno)}.", errno),
    };
}
