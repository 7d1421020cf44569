using System.Diagnostics;
using Drivers.NotebookHosting.Tests.Infrastructure;

namespace Drivers.NotebookHosting.Tests.Hub;

/// <summary>
/// A local account that only this test uses: a unique name, a home (useradd -m) and a password (chpasswd);
/// removed with its home on dispose (userdel -r), its processes killed first. Only where the tests run as root.
/// </summary>
internal sealed class TestAccount : IDisposable
{
    private TestAccount(string name, string password, int userId, int groupId)
    {
        Name = name;
        Password = password;
        UserId = userId;
        GroupId = groupId;
    }

    public static bool CanCreate => Environment.UserName == "root";

    public string Name { get; }

    public string Password { get; }

    public int UserId { get; }

    public int GroupId { get; }

    /// <summary>Creates the account; <paramref name="system"/> makes a service account (no password, no login shell).</summary>
    public static async Task<TestAccount> CreateAsync(bool system = false)
    {
        Assert.True(CanCreate, "Only root creates test accounts.");
        var name = "nbh" + Guid.NewGuid().ToString("N")[..12];
        var password = "pw-" + Guid.NewGuid().ToString("N");
        StaleAccounts.Mark(StaleAccounts.Folder, name); // before the account exists, so a killed run leaves none unmarked
        var created = system
            ? await Tool.RunAsync("/usr/sbin/useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", name)
            : await Tool.RunAsync("/usr/sbin/useradd", "--create-home", "--user-group", "--shell", "/bin/sh", name);
        Assert.True(created.ExitCode == 0, $"useradd {name} failed: {created.StandardError}");
        var account = new TestAccount(name, password, await IdAsync("-u", name), await IdAsync("-g", name));
        if (!system)
        {
            var start = new ProcessStartInfo("/usr/sbin/chpasswd") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
            using var chpasswd = Process.Start(start)!;
            await chpasswd.StandardInput.WriteLineAsync($"{name}:{password}");
            chpasswd.StandardInput.Close();
            await chpasswd.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30));
            if (chpasswd.ExitCode != 0)
            {
                account.Dispose();
                Assert.Fail($"chpasswd for {name} failed: {await chpasswd.StandardError.ReadToEndAsync()}");
            }
        }
        return account;
    }

    public void Dispose()
    {
        Remove(Name, UserId);
        StaleAccounts.Unmark(StaleAccounts.Folder, Name);
    }

    /// <summary>Removes the account <paramref name="name"/> with its home, its processes first; its id is looked up when not given.</summary>
    public static void Remove(string name, int? userId = null)
    {
        var uid = userId ?? UserIdOf(name);
        if (uid is null)
        {
            return; // no such account (any more)
        }
        // Whatever of the account still runs (a server the hub did not stop) goes first: userdel refuses a busy account.
        foreach (var process in Process.GetProcesses())
        {
            using (process)
            {
                if (OwnerOf(process.Id) == uid)
                {
                    try
                    {
                        process.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // already gone
                    }
                }
            }
        }
        var start = new ProcessStartInfo("/usr/sbin/userdel", ["--remove", "--force", name]) { RedirectStandardError = true, UseShellExecute = false };
        using var userdel = Process.Start(start)!;
        userdel.StandardError.ReadToEnd(); // "mail spool not found" and the like: nothing to act on
        userdel.WaitForExit(30_000);
    }

    // The account's user id from the password database (getent), or null when there is no such account.
    private static int? UserIdOf(string name)
    {
        var start = new ProcessStartInfo("/usr/bin/getent", ["passwd", name]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var getent = Process.Start(start)!;
        var line = getent.StandardOutput.ReadToEnd();
        getent.WaitForExit(30_000);
        var fields = line.Split(':');
        return getent.ExitCode == 0 && fields.Length > 2 ? int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static async Task<int> IdAsync(string which, string name)
    {
        var id = await Tool.RunAsync("/usr/bin/id", which, name);
        return int.Parse(id.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // The real user id from /proc/PID/status ("Uid:\treal\teffective..."); -1 when the process is gone.
    private static int OwnerOf(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            return line is null ? -1 : int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
