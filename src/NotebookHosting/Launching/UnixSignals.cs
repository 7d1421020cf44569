using System.Runtime.InteropServices;

namespace Drivers.NotebookHosting.Launching;

/// <summary>kill(2), for forwarding a shutdown to the child as the polite SIGTERM rather than Process.Kill's SIGKILL.</summary>
internal static partial class UnixSignals
{
    private const int SigTerm = 15;

    public static bool Terminate(int processId) => Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
