using System.Runtime.InteropServices;
using System.Text;

namespace Drivers.Em73xx.State;

/// <summary>
/// Reads and writes small files in a folder that only the current user may change, without following a link anywhere:
/// a planted link, a file of another owner, a device or a folder in its place, or content too large, reads as nothing.
/// </summary>
internal static partial class PrivateFile
{
    /// <summary>The largest file read; anything longer is not ours (a SIM holds a few hundred messages at most).</summary>
    public const int MaxBytes = 64 * 1024;

    private const string Libc = "libc";
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100; // statx(2): report the link itself
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const int FileTypeMask = 0xF000; // inode(7): S_IFMT
    private const int RegularFile = 0x8000;
    private const int Directory = 0x4000;
    private const int GroupOrOtherWrite = 0x12; // S_IWGRP | S_IWOTH

    /// <summary>
    /// Creates <paramref name="folder"/> (mode 0700) if missing; true when it is a real folder (no link), owned by the
    /// current user and writable by nobody else, so that nothing in it can have been planted by another user.
    /// </summary>
    public static bool TryPrepareFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return false; // statx(2) and Unix modes: Linux only, as the modem's port is
        }
        try
        {
            if (!System.IO.Directory.Exists(folder) && !File.Exists(folder) && new FileInfo(folder).LinkTarget is null)
            {
                System.IO.Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            return Stat(folder) is { } stat && (stat.Mode & FileTypeMask) == Directory && stat.Uid == geteuid()
                && (stat.Mode & GroupOrOtherWrite) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The text of <paramref name="path"/>, or null when it is missing, not a regular file of ours, or too large.</summary>
    public static string? TryRead(string path)
    {
        try
        {
            if (Stat(path) is not { } stat || (stat.Mode & FileTypeMask) != RegularFile || stat.Uid != geteuid())
            {
                return null;
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
            var buffer = new byte[MaxBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }
            return total > MaxBytes ? null : Encoding.UTF8.GetString(buffer, 0, total);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="text"/> at once: written to a new file (mode 0600, created
    /// exclusively) and renamed over it, so a reader never sees half a file and a link in its place is replaced, not followed.
    /// </summary>
    /// <returns>False when it could not be written (the folder is gone, full or read-only).</returns>
    public static bool TryWrite(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Random.Shared.Next():x8}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
            File.Move(temporary, path, overwrite: true); // rename(2)
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the folder refuses changes.
            }
            return false;
        }
    }

    /// <summary>The file type bits of <paramref name="path"/>'s mode (S_IFMT, inode(7)) following links; null when it cannot be found.</summary>
    public static int? FileType(string path) =>
        OperatingSystem.IsWindows() ? null : Stat(path, followLinks: true) is { } stat ? stat.Mode & FileTypeMask : null;

    private static unsafe (int Mode, uint Uid)? Stat(string path, bool followLinks = false)
    {
        // statx(2) has one layout on every architecture: stx_uid at offset 20, stx_mode (16 bits) at 28; 256 bytes in all.
        var buffer = stackalloc byte[256];
        if (statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxMode | StatxUid, buffer) != 0)
        {
            return null;
        }
        return (*(ushort*)(buffer + 28), *(uint*)(buffer + 20));
    }

    [LibraryImport(Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Libc)]
    private static partial uint geteuid();
}
