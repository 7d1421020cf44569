using System.Text;

namespace Drivers.NotebookHosting.Files;

/// <summary>Writes generated files so that only their owner can read them (0600 on Unix).</summary>
internal static class OwnerOnlyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Write(string path, string text)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            // Narrow an existing file before the new content goes in, not after.
            File.SetUnixFileMode(path, OwnerReadWrite);
        }
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }
        using var stream = new FileStream(path, options);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
        stream.Write(bytes);
    }
}
