namespace Samples.Tests;

/// <summary>What a sample left behind after it ended.</summary>
/// <remarks>Shared by the mistakes tests of every sample (xnm, shutter-web, notebook-host).</remarks>
internal static class Leftovers
{
    /// <summary>The processes still carrying <paramref name="marker"/> in their environment: the sample and anything it started.</summary>
    public static List<string> Processes(string marker)
    {
        var left = new List<string>();
        foreach (var process in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(process, "environ")).Contains(marker, StringComparison.Ordinal))
                {
                    left.Add($"{Path.GetFileName(process)} {File.ReadAllText(Path.Combine(process, "comm")).Trim()}");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another user's process, or one that just ended
            }
        }
        return left;
    }
}
