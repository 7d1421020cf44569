using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Samples.Tests.ShutterWeb;

/// <summary>Hands a token to a sample process as a <see cref="TokenVia"/> says, and reads what others see of it.</summary>
internal static class TokenPassing
{
    /// <summary>
    /// Gives <paramref name="token"/> to the process that <paramref name="start"/> starts, as <paramref name="via"/>
    /// says; returns the token file to delete once the process has ended, if one was written.
    /// </summary>
    public static string? Pass(ProcessStartInfo start, string token, TokenVia via, string variable)
    {
        switch (via)
        {
            case TokenVia.Argument:
                start.ArgumentList.Add("--token");
                start.ArgumentList.Add(token);
                return null;
            case TokenVia.Environment:
                start.Environment[variable] = token;
                return null;
            default:
                var path = WritePrivateFile(token + "\n");
                start.ArgumentList.Add("--token-file");
                start.ArgumentList.Add(path);
                return path;
        }
    }

    /// <summary>Writes <paramref name="content"/> to a new file in the temporary directory, created with mode 0600.</summary>
    public static string WritePrivateFile(string content)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The token tests read /proc and file modes: Linux only.");
        }
        var path = Path.Combine(Path.GetTempPath(), $"token-tests-{Guid.NewGuid():N}");
        using var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
        file.Write(System.Text.Encoding.Latin1.GetBytes(content));
        return path;
    }

    /// <summary>The user and group "nobody" (65534, the overflow ID of proc(5)): another user than the tests' root.</summary>
    public const uint Nobody = 65534;

    /// <summary>Gives <paramref name="path"/> to user and group <paramref name="uid"/> (chown(2); the tests run as root).</summary>
    public static void GiveTo(string path, uint uid)
    {
        if (Chown(System.Text.Encoding.UTF8.GetBytes(path + "\0"), uid, uid) != 0)
        {
            throw new IOException($"chown {uid} {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown(byte[] path, uint owner, uint group); // a NUL-ended UTF-8 path

    /// <summary>The process's command line as every local user reads it (<c>/proc/PID/cmdline</c>, NUL-separated).</summary>
    public static string CommandLineOf(Process process) => System.IO.File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
}
