using Samples.Tests.Infrastructure;

namespace Samples.Tests.NotebookHost;

/// <summary>The mistakes a user makes with notebook-host, each answered with its documented exit code and one sentence, writing nothing.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NotebookHostMistakesTests
{
    private const int Error = 1; // samples/NotebookHost/README.md, "Exit codes"
    private const int Usage = 2;

    private static readonly string NotebookHost = Repository.SampleDll("NotebookHost", "notebook-host");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The command line (words split on '|'), the password on standard input (or null for none at all), the exit code
    /// and a fragment of the one sentence on stderr. <c>{dir}</c> is an empty private folder; <c>{full}</c> a folder
    /// holding a file that is not a venv; <c>{open}</c> a folder every user can write; <c>{file}</c> a file.
    /// </summary>
    public static TheoryData<string, string?, int, string> Mistakes { get; } = new()
    {
        // The command line.
        { "", null, Usage, "'notebook-host' needs a command: passwd, iis, systemd, hub or launch" },
        { "frobnicate", null, Usage, "'frobnicate' is not a command of 'notebook-host'" },
        { "sytemd|init", null, Usage, "'sytemd' is not a command of 'notebook-host' (did you mean 'systemd'?)" },
        { "systemd|int|--output|x", null, Usage, "'int' is not a command of 'notebook-host systemd' (did you mean 'init'?)" },
        { "systemd", null, Usage, "'notebook-host systemd' needs a command: init" },
        { "systemd|init", null, Usage, "'notebook-host systemd init' needs --output DIR" },
        { "iis|init", null, Usage, "'notebook-host iis init' needs --site-dir DIR and --python PATH" },
        { "iis|init|--python|x", null, Usage, "'notebook-host iis init' needs --site-dir DIR" },
        { "passwd|--algorithm|md5", null, Usage, "--algorithm is argon2 or sha1, not 'md5'" },
        { "passwd|--algoritm|sha1", null, Usage, "'--algoritm' is not an option of 'notebook-host passwd' (did you mean '--algorithm'?)" },
        { "passwd|--password-stdin", "", Usage, "No password was set" },
        { "passwd", "", Usage, "pipe it in with --password-stdin" },

        // systemd init: each value named by its option, before a password is read.
        { "systemd|init|--output|{dir}/o|--port|abc", "pw", Usage, "--port takes a TCP port from 1 to 65535, not 'abc'" },
        { "systemd|init|--output|{dir}/o|--port", "pw", Usage, "--port takes a TCP port from 1 to 65535" },
        { "systemd|init|--output|{dir}/o|--port|70000|--password-stdin", "pw", Usage, "--port '70000' must be a TCP port from 1 to 65535" },
        { "systemd|init|--output|{dir}/o|--user|Root|--password-stdin", "pw", Usage, "--user 'Root' must be a system user name" },
        { "systemd|init|--output|{dir}/o|--ip|localhost|--password-stdin", "pw", Usage, "--ip 'localhost' must be an IP address" },
        { "systemd|init|--output|{dir}/o|--notebook-dir|/srv/%h|--password-stdin", "pw", Usage, "--notebook-dir '/srv/%h' must be an absolute path" },
        { "systemd|init|--output|{dir}/o|--venv|relative|--password-stdin", "pw", Usage, "--venv 'relative' must be an absolute path" },
        { "systemd|init|--output|{dir}/o|--venv|/usr|--password-stdin", "pw", Usage, "--venv '/usr' is a system folder, and the install steps would create a virtual environment over it; give a folder of its own such as /opt/jupyter/venv." },
        { "systemd|init|--output|{dir}/o|--venv|/usr/local/|--password-stdin", "pw", Usage, "--venv '/usr/local/' is a system folder" },
        { "systemd|init|--output|{dir}/o|--venv|/|--password-stdin", "pw", Usage, "--venv '/' is a system folder" },
        { "systemd|init|--output|{dir}/o|--venv|//usr|--password-stdin", "pw", Usage, "--venv '//usr' is a system folder" },
        { "systemd|init|--output|{dir}/o|--venv|/usr/lib/../bin/venv|--password-stdin", "pw", Usage, "--venv '/usr/lib/../bin/venv' is a system folder" },
        { "systemd|init|--output|{dir}/o|--venv|/usr/local/sbin|--password-stdin", "pw", Usage, "--venv '/usr/local/sbin' is a system folder" },
        { "systemd|init|--output|{dir}/o|--venv|{full}|--password-stdin", "pw", Usage, "holds files but is not a virtual environment (it has no pyvenv.cfg)" },
        { "systemd|init|--output|{file}|--password-stdin", "pw", Usage, "--output '{file}' is a file; give a folder" },
        { "systemd|init|--output|{open}|--password-stdin", "pw", Error, "is one that other users can write (mode 777)" },
        { "systemd|init|--output|/proc/no-such-folder|--password-stdin", "pw", Error, "cannot write the files into /proc/no-such-folder" },

        // iis init.
        { "iis|init|--site-dir|{dir}/s|--python|/nonexistent/python|--password-stdin", "pw", Usage, "Python '/nonexistent/python' does not exist" },
        { "iis|init|--site-dir|{dir}/s|--python|/bin/sh|--host|bad host|--password-stdin", "pw", Usage, "--host 'bad host' is not a host name" },
        { "iis|init|--site-dir|{file}|--python|/bin/sh|--password-stdin", "pw", Usage, "--site-dir '{file}' is a file; give a folder" },
        { "iis|init|--site-dir|{open}|--python|/bin/sh|--password-stdin", "pw", Error, "is one that other users can write (mode 777)" },

        // iis init --hub: the users named as hub init names them, before any password is read.
        { "iis|init|--site-dir|{dir}/s|--python|/bin/sh|--admin|ann", null, Usage, "--admin and --users name the users of a hub; add --hub." },
        { "iis|init|--site-dir|{dir}/s|--python|/bin/sh|--idle-timeout|60|--password-stdin", "pw", Usage, "--idle-timeout stops a hub's idle servers; add --hub." },
        { "iis|init|--site-dir|{dir}/s|--python|/bin/sh|--hub", null, Usage, "'iis init --hub' needs --admin NAME or --users a,b" },
        { "iis|init|--site-dir|{dir}/s|--python|/bin/sh|--hub|--users|ann,Bob", null, Usage, "--users 'ann,Bob' must be user names" },
        { "iis|init|--site-dir|{dir}/s|--python|/bin/sh|--hub|--admin|ann|--idle-timeout|-5", null, Usage, "--idle-timeout '-5' must be minutes from 0 (never) to 43200" },
        { "iis|init|--site-dir|{dir}/s|--python|/bin/sh|--hub|--admin|ann|--users|bob|--password-stdin", "pw-for-ann", Usage, "No password was set: standard input gave no password for bob." },
        { "iis|init|--site-dir|{open}|--python|/bin/sh|--hub|--admin|ann|--password-stdin", "pw", Error, "is one that other users can write (mode 777)" },

        // hub init: each value named by its option, before any password is read.
        { "hub", null, Usage, "'notebook-host hub' needs a command: init" },
        { "hub|init", null, Usage, "'notebook-host hub init' needs --output DIR" },
        { "hub|init|--output|{dir}/o", null, Usage, "'hub init' needs --admin NAME or --users a,b" },
        { "hub|init|--output|{dir}/o|--admin|Root", null, Usage, "--admin 'Root' must be a user name of lower-case letters" },
        { "hub|init|--output|{dir}/o|--users|ann,Bob", null, Usage, "--users 'ann,Bob' must be user names" },
        { "hub|init|--output|{dir}/o|--admin|root", null, Usage, "--admin 'root' must be a user name of lower-case letters, digits, '-' and '_', not root." },
        { "hub|init|--output|{dir}/o|--admin|ann|--notebook-dir|/{username}", null, Usage, "--notebook-dir '/{username}' must be ~, a path under ~ or an absolute path with a folder above {username}" },
        { "hub|init|--output|{dir}/o|--admin|ann|--port|8081", null, Usage, "--port '8081' must be a TCP port from 1 to 65535 other than 8001 and 8081" },
        { "hub|init|--output|{dir}/o|--admin|ann|--ip|localhost", null, Usage, "--ip 'localhost' must be an IP address" },
        { "hub|init|--output|{dir}/o|--admin|ann|--state-dir|/var/lib/my hub", null, Usage, "--state-dir '/var/lib/my hub' must be an absolute path" },
        { "hub|init|--output|{dir}/o|--admin|ann|--notebook-dir|~/{user}", null, Usage, "--notebook-dir '~/{user}' must be ~, a path under ~" },
        { "hub|init|--output|{dir}/o|--admin|ann|--idle-timeout|-5", null, Usage, "--idle-timeout '-5' must be minutes from 0 (never) to 43200" },
        { "hub|init|--output|{dir}/o|--admin|ann|--authenticator|ldap", null, Usage, "--authenticator is pam or password-file, not 'ldap'" },
        { "hub|init|--output|{dir}/o|--admin|ann|--users|bob|--authenticator|password-file|--password-stdin", "pw-for-ann", Usage, "No password was set: standard input gave no password for bob." },
        { "hub|init|--output|{dir}/o|--admin|ann|--authenticator|password-file", "", Usage, "pipe it in with --password-stdin" },
        { "hub|init|--output|{file}|--admin|ann", null, Usage, "--output '{file}' is a file; give a folder" },
        { "hub|init|--output|{open}|--admin|ann", null, Error, "is one that other users can write (mode 777)" },

        // launch, as IIS starts it.
        { "launch", null, Error, "The launcher settings {dir}/missing.json cannot be read" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Each_mistake_exits_with_its_documented_code_and_one_sentence_and_writes_nothing(string commandLine, string? password, int exitCode, string sentence)
    {
        var root = Directory.CreateTempSubdirectory("notebook-host-mistakes-");
        var dir = Path.Combine(root.FullName, "dir");
        var full = Path.Combine(root.FullName, "full");
        var open = Path.Combine(root.FullName, "open");
        var file = Path.Combine(root.FullName, "file");
        Directory.CreateDirectory(dir);
        Directory.CreateDirectory(full);
        File.WriteAllText(Path.Combine(full, "README"), "not a venv");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)0b111_111_111);
        File.WriteAllText(file, "a file");
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            string Fill(string text) => text
                .Replace("{dir}", dir, StringComparison.Ordinal).Replace("{full}", full, StringComparison.Ordinal)
                .Replace("{open}", open, StringComparison.Ordinal).Replace("{file}", file, StringComparison.Ordinal);
            var arguments = commandLine.Length == 0 ? [] : Fill(commandLine).Split('|');

            var result = await SampleProcess.RunAsync(
                NotebookHost, arguments, password is null ? "" : password + "\n",
                new Dictionary<string, string> { ["NOTEBOOK_HOST_SETTINGS"] = Path.Combine(dir, "missing.json"), ["NOTEBOOK_HOST_TEST_RUN"] = marker },
                TimeSpan.FromSeconds(60), Ct);

            Assert.Equal(exitCode, result.ExitCode);
            Assert.Equal("", result.StandardOutput);
            var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith("notebook-host: ", line, StringComparison.Ordinal);
            Assert.Contains(Fill(sentence), line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("SystemdServiceOptions", result.StandardError, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
            Assert.Empty(Directory.EnumerateFileSystemEntries(open));
            Assert.Empty(Leftovers.Processes(marker));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
