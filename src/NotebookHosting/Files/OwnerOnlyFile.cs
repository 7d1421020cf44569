using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Drivers.NotebookHosting.Files;

/// <summary>
/// Writes generated files so that only their owner can read them (0600 on Unix), never through a link someone
/// planted: the text goes into a new file (O_CREAT|O_EXCL, which fails on any existing name, links included)
/// that is then renamed over the target; rename(2) replaces a link itself, not the file it points to.
/// </summary>
internal static partial class OwnerOnlyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode WritableByOthers = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    public static void Write(string path, string text)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Refuses a folder that a user other than the current one (or root) could write into: they could swap a
    /// generated file between its writing and its installation.
    /// </summary>
    /// <exception cref="UnauthorizedAccessException">The folder is group- or world-writable, or owned by another user.</exception>
    public static void EnsurePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var full = Path.GetFullPath(folder);
        var mode = File.GetUnixFileMode(full);
        if ((mode & WritableByOthers) != 0)
        {
            throw new UnauthorizedAccessException(
                $"The output folder {full} is one that other users can write (mode {Convert.ToString((int)mode & 0b111_111_111, 8)}); use a folder only you can write, such as one made with 'mkdir -m 0700'.");
        }
        if (OwnerOf(full) is uint owner && owner != 0 && owner != GetEffectiveUserId())
        {
            throw new UnauthorizedAccessException(
                string.Create(CultureInfo.InvariantCulture, $"The output folder {full} belongs to another user (uid {owner}), who could write into it; use a folder of your own."));
        }
    }

    /// <summary>The folder's owner from statx(2), whose layout is the same on every architecture; null when unknown.</summary>
    private static unsafe uint? OwnerOf(string path)
    {
        const int AtFdCwd = -100;
        const uint StatxUid = 0x0008;
        const int UidOffset = 20; // struct statx: u32 stx_mask, u32 stx_blksize, u64 stx_attributes, u32 stx_nlink, u32 stx_uid
        var buffer = stackalloc byte[256];
        try
        {
            return Statx(AtFdCwd, path, 0, StatxUid, buffer) == 0 && (*(uint*)buffer & StatxUid) != 0 ? *(uint*)(buffer + UidOffset) : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library older than glibc 2.28: the mode check above still holds
        }
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
