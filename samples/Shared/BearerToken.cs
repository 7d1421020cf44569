using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Samples.Shared;

/// <summary>
/// Where a server sample takes its bearer token from: an environment variable, <c>--token-file FILE</c>, or
/// <c>--token T</c>. Any local user reads a command line in the process list (<c>/proc/PID/cmdline</c> is
/// world-readable), whereas <c>/proc/PID/environ</c> is readable by the process's owner only (proc(5)), and a file
/// is as private as its mode makes it.
/// </summary>
internal static class BearerToken
{
    /// <summary>A token file larger than this holds more than a token: it is a wrong path, not a secret.</summary>
    private const int MaxFileBytes = 4096;

    // Whoever can read the file knows the token; whoever can write it can put in one they know. A group is other
    // users too, so group and other bits both count, as OpenSSH counts them for a private key (sshkey_perm_ok in
    // authfile.c refuses a key whose mode has any of 077). Execute bits give nothing away, so they do not.
    private const UnixFileMode OpenToOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>
    /// The token from <paramref name="argument"/> (<c>--token</c>), <paramref name="file"/> (<c>--token-file</c>) or
    /// else the environment variable <paramref name="variable"/>; null when none is given. <paramref name="error"/> is
    /// one sentence, without a final period, when a given token is unusable.
    /// </summary>
    public static string? Resolve(string? argument, string? file, string variable, out string? error)
    {
        error = null;
        if (argument is not null && file is not null)
        {
            error = "--token and --token-file both give the token; give one of them";
            return null;
        }
        if (argument is not null)
        {
            return Checked(argument, "--token", "--token needs a non-empty value", out error);
        }
        if (file is not null)
        {
            return string.IsNullOrWhiteSpace(file)
                ? Fail("--token-file needs the path of a file that holds the token", out error)
                : FromFile(file, out error);
        }
        return Environment.GetEnvironmentVariable(variable) is string value
            ? Checked(value, variable, $"{variable} is set but empty; unset it or put the token in it", out error)
            : null;
    }

    private static string? FromFile(string path, out string? error)
    {
        if (Directory.Exists(path))
        {
            return Fail($"--token-file {path} is a folder, not a file that holds the token", out error);
        }
        byte[] content;
        try
        {
            // The type, owner and mode are read from the opened file (fstat, statx), so they are those of what is read.
            using var stream = OpenWithoutWaiting(path);
            if (!stream.CanSeek)
            {
                return Fail($"--token-file {path} is not a regular file (a pipe, socket or terminal); put the token in a plain file", out error);
            }
            if (OperatingSystem.IsLinux() && OwnerOf(stream.SafeFileHandle) is var owner && owner != GetEffectiveUserId())
            {
                return Fail($"--token-file {path} is owned by user '{UserName(owner)}', not by you ({UserName(GetEffectiveUserId())}), so that user may change the token; put the token in a file of your own", out error);
            }
            var mode = OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(stream.SafeFileHandle);
            if ((mode & OpenToOthers) != 0)
            {
                return Fail($"--token-file {path} may be read or written by other users (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}); keep it to yourself with 'chmod 600 {path}'", out error);
            }
            var buffer = new byte[MaxFileBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }
            if (length > MaxFileBytes)
            {
                return Fail($"--token-file {path} is larger than {MaxFileBytes} bytes; it should hold only the token", out error);
            }
            content = buffer[..length];
        }
        catch (FileNotFoundException)
        {
            return Fail($"--token-file {path} does not exist", out error);
        }
        catch (DirectoryNotFoundException)
        {
            return Fail($"--token-file {path} does not exist", out error);
        }
        catch (UnauthorizedAccessException)
        {
            return Fail($"you may not read --token-file {path} (permission denied)", out error);
        }
        catch (IOException e)
        {
            return Fail($"cannot read --token-file {path}: {e.Message.TrimEnd('.')}", out error);
        }
        // Latin-1 maps each byte to one char, so a byte outside visible ASCII stays one and is refused below.
        return Checked(Encoding.Latin1.GetString(content), $"the token in {path}", $"--token-file {path} is empty; put the token in it", out error);
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading without waiting: open(2) of a named pipe waits for a writer, maybe
    /// forever, unless O_NONBLOCK is given (fifo(7)); for a regular file the flag changes nothing.
    /// </summary>
    private static FileStream OpenWithoutWaiting(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read);
        }
        // O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, as the generic Linux headers (x86-64, arm, arm64) number them.
        var fd = Open(path, 0x800 | 0x100 | 0x80000);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var message = Marshal.GetPInvokeErrorMessage(errno);
            throw errno switch
            {
                2 or 20 => new FileNotFoundException(message, path), // ENOENT, ENOTDIR
                1 or 13 => new UnauthorizedAccessException(message), // EPERM, EACCES
                _ => new IOException(message),
            };
        }
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
    }

    /// <summary>
    /// The user who owns the opened file: whoever owns it may change its mode and the token at will, so a file another
    /// user owns is refused as ssh refuses such a configuration file ("Bad owner or permissions", readconf.c). Read with
    /// statx(2) on the handle itself (AT_EMPTY_PATH), whose struct statx, unlike struct stat, is laid out alike on every
    /// architecture.
    /// </summary>
    private static uint OwnerOf(SafeFileHandle handle)
    {
        const int AtEmptyPath = 0x1000, StatxUid = 0x8, UidOffset = 20; // <linux/fcntl.h>, <linux/stat.h>
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            Span<byte> buffer = stackalloc byte[256]; // sizeof(struct statx)
            if (Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxUid, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
            }
            return MemoryMarshal.Read<uint>(buffer[UidOffset..]);
        }
        catch (EntryPointNotFoundException)
        {
            throw new IOException("the C library has no statx (glibc has it from 2.28, musl from 1.2.5) to tell who owns it");
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>The name of user <paramref name="uid"/> (getpwuid(3)), or its number when it has none.</summary>
    private static string UserName(uint uid)
    {
        var entry = GetPasswordEntry(uid); // struct passwd begins with char *pw_name
        return entry != 0 && Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(entry)) is { Length: > 0 } name
            ? name
            : uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref byte buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    [DllImport("libc", EntryPoint = "getpwuid")]
    private static extern nint GetPasswordEntry(uint uid);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    /// <summary>
    /// <paramref name="value"/> without surrounding white space (the line end that <c>echo</c> adds); refused when empty
    /// or when it holds what a client cannot send in <c>Authorization: Bearer</c> (a header value is visible ASCII,
    /// RFC 9110 5.5; RFC 6750 2.1 narrows a bearer token further).
    /// </summary>
    private static string? Checked(string value, string what, string empty, out string? error)
    {
        var token = value.Trim();
        if (token.Length == 0)
        {
            return Fail(empty, out error);
        }
        if (token.Any(c => c is < '!' or > '~'))
        {
            return Fail($"{what} holds spaces, line breaks or other characters a client cannot send as a bearer token; use letters, digits and punctuation, as 'openssl rand -hex 16' prints", out error);
        }
        error = null;
        return token;
    }

    private static string? Fail(string sentence, out string? error)
    {
        error = sentence;
        return null;
    }
}
