using System.Globalization;
using System.Text.RegularExpressions;
using Drivers.NotebookHosting.Files;

namespace Drivers.NotebookHosting.Tests.Hub;

/// <summary>
/// Accounts a killed test run (kill -9, a crashed runner) left behind. Before <c>useradd</c>, <see cref="TestAccount"/>
/// records the creating test process in a marker (<c>/var/tmp/nbh-test-accounts/NAME</c>: its id, its start time in
/// clock ticks since boot from /proc/PID/stat field 22, and the boot id, so that a reused process id does not count);
/// the sweep removes each account whose creator no longer runs, with its processes and home. Accounts without a
/// marker (made by an older test build, perhaps running now) are left alone.
/// </summary>
internal static partial class StaleAccounts
{
    private static readonly Lazy<IReadOnlyList<string>> Once = new(() => Sweep(Folder));

    public static string Folder => "/var/tmp/nbh-test-accounts";

    /// <summary>Sweeps once per test process (at the first hub fixture); as root only.</summary>
    public static void SweepOnce()
    {
        if (TestAccount.CanCreate && Once.Value.Count > 0)
        {
            TestContext.Current.SendDiagnosticMessage($"removed stale test accounts: {string.Join(", ", Once.Value)}");
        }
    }

    /// <summary>Records this process as the creator of <paramref name="name"/> (written whole, then renamed into place).</summary>
    public static void Mark(string folder, string name)
    {
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!IsOurs(folder))
        {
            throw new UnauthorizedAccessException($"{folder} is a link, or another user owns or can write it; remove it (it holds only test markers).");
        }
        var partial = Path.Combine(folder, $".{name}.{Environment.ProcessId}");
        File.WriteAllText(partial, Creator(Environment.ProcessId)!);
        File.Move(partial, Path.Combine(folder, name), overwrite: true);
    }

    public static void Unmark(string folder, string name) => File.Delete(Path.Combine(folder, name));

    /// <summary>Removes every marked account whose creator is gone, and its marker; returns their names.</summary>
    public static IReadOnlyList<string> Sweep(string folder)
    {
        if (!Directory.Exists(folder) || !IsOurs(folder))
        {
            return []; // another user could have planted any marker (or a pipe that blocks the read) in it
        }
        var swept = new List<string>();
        foreach (var marker in Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(marker);
            string recorded;
            try
            {
                recorded = File.ReadAllText(marker);
            }
            catch (IOException)
            {
                continue; // removed meanwhile by its own run
            }
            if (!AccountName().IsMatch(name) || !MarkerText().IsMatch(recorded) || Creator(int.Parse(recorded.Split(' ')[0], CultureInfo.InvariantCulture)) == recorded)
            {
                continue; // not ours, or its creator still runs
            }
            TestAccount.Remove(name);
            File.Delete(marker);
            swept.Add(name);
        }
        return swept;
    }

    // /var/tmp is open to every user: the folder counts only as a real folder of this user (root) that no one else can write.
    private static bool IsOurs(string folder)
    {
        if (new DirectoryInfo(folder).LinkTarget is not null)
        {
            return false;
        }
        try
        {
            OwnerOnlyFile.EnsurePrivateFolder(folder);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>"PID STARTTIME BOOTID\n" of a running process, or null when it is gone.</summary>
    public static string? Creator(int processId)
    {
        try
        {
            // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so fields count from after the last ')'.
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var startTime = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
            var boot = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            return $"{processId} {startTime} {boot}\n";
        }
        catch (IOException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\Anbh[0-9a-f]{12}\z")]
    private static partial Regex AccountName();

    [GeneratedRegex(@"\A[0-9]+ [0-9]+ [0-9a-f-]+\n\z")]
    private static partial Regex MarkerText();
}
