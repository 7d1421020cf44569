using System.Runtime.InteropServices;

namespace Xsms;

/// <summary>
/// Tells when whoever reads xsms's output has gone (<c>xsms watch | head -1</c>). .NET drops console writes to a closed
/// pipe silently (no SIGPIPE, no exception), so a stream command would run on unseen; poll(2) reports POLLERR on a
/// pipe's write end once its reader closed it, and POLLHUP when a terminal hangs up.
/// </summary>
internal static partial class ReaderGone
{
    private const short PollErr = 0x8;
    private const short PollHup = 0x10;
    private const short PollNval = 0x20;

    /// <summary>Cancels <paramref name="source"/> when standard output's reader goes away; never for a file or on other systems.</summary>
    public static void CancelWhenGone(CancellationTokenSource source)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        // A background thread blocked in poll(2) with no events asked: it wakes only for an error or a hang-up.
        var thread = new Thread(() =>
        {
            var descriptor = new PollDescriptor { Fd = 1 };
            while (poll(ref descriptor, 1, -1) < 0 && Marshal.GetLastPInvokeError() == 4)
            {
                // EINTR: a signal (Ctrl-C is handled elsewhere); wait again.
            }
            if ((descriptor.Revents & (PollErr | PollHup | PollNval)) != 0)
            {
                try
                {
                    source.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The command ended meanwhile.
                }
            }
        })
        { IsBackground = true, Name = "xsms stdout watch" };
        thread.Start();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(ref PollDescriptor descriptors, nuint count, int timeoutMilliseconds);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
