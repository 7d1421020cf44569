using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;

namespace Samples.Tests.Xnm;

/// <summary>
/// The end of processes that are not this one's children, as an event rather than by looking again and again: a pidfd
/// (pidfd_open(2), Linux 5.3) becomes readable when its process ends, and poll(2) wakes then.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ProcessExits : IDisposable
{
    private const long PidfdOpen = 434; // the same number on every Linux architecture (the unified syscall table)
    private const short PollIn = 0x1; // POLLIN
    private const int NoSuchProcess = 3; // ESRCH: it has ended already
    private const int Interrupted = 4; // EINTR

    private readonly List<SafeFileHandle> _pidfds;

    private ProcessExits(List<SafeFileHandle> pidfds) => _pidfds = pidfds;

    /// <summary>
    /// Watches <paramref name="pids"/>; call it while they run, so that a PID the kernel reuses later is not mistaken
    /// for one of them. A process that has ended already is not watched.
    /// </summary>
    public static ProcessExits Watch(IEnumerable<int> pids)
    {
        var pidfds = new List<SafeFileHandle>();
        foreach (var pid in pids)
        {
            var fd = Syscall(PidfdOpen, pid, 0);
            if (fd < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == NoSuchProcess)
                {
                    continue;
                }
                pidfds.ForEach(p => p.Dispose());
                throw new Win32Exception(error, $"pidfd_open({pid}) failed");
            }
            pidfds.Add(new SafeFileHandle((IntPtr)fd, ownsHandle: true));
        }
        return new ProcessExits(pidfds);
    }

    /// <summary>True once every watched process has ended; false when <paramref name="timeout"/> passes first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout) => Task.Run(() =>
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var left = _pidfds.Select(p => new PollFd { Fd = (int)p.DangerousGetHandle(), Events = PollIn }).ToArray();
        while (left.Length > 0)
        {
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                return false;
            }
            if (Poll(left, (ulong)left.Length, (int)remaining) < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error != Interrupted)
                {
                    throw new Win32Exception(error, "poll on the pidfds failed");
                }
                continue;
            }
            left = [.. left.Where(p => (p.Revents & PollIn) == 0)];
        }
        return true;
    });

    public void Dispose() => _pidfds.ForEach(p => p.Dispose());

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern int Syscall(long number, int pid, uint flags);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int Poll([In, Out] PollFd[] fds, ulong count, int timeoutMilliseconds);
}
