using System.Text.RegularExpressions;
using Drivers.NotebookHosting.Systemd;
using Drivers.NotebookHosting.Tests.Infrastructure;

namespace Drivers.NotebookHosting.Tests.Systemd;

public sealed class SystemdServiceTests
{
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";
    private const string Hash = "argon2:$argon2id$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ";

    private static readonly SystemdServiceOptions Defaults = new() { PasswordHash = Hash };

    /// <summary>
    /// A root for <c>systemd-analyze verify --root</c>: the unit where systemd looks for it, a stand-in
    /// executable at its real ExecStart path (verify checks that it is executable) and the distribution's
    /// own units, which verify loads for the dependencies (sysinit.target, network-online.target...).
    /// </summary>
    private static void PrepareRoot(TemporaryDirectory root, SystemdServiceOptions options, string unitText)
    {
        var unitDirectory = root["etc/systemd/system"];
        Directory.CreateDirectory(unitDirectory);
        File.WriteAllText(Path.Combine(unitDirectory, SystemdService.UnitFileName(options)), unitText);
        var jupyter = root[options.VenvDirectory.TrimStart('/') + "/bin/jupyter"];
        Directory.CreateDirectory(Path.GetDirectoryName(jupyter)!);
        File.WriteAllText(jupyter, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(jupyter, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        CopyTree("/usr/lib/systemd/system", root["usr/lib/systemd/system"]);
    }

    internal static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyTree(entry.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    [Fact]
    public async Task The_default_unit_passes_systemd_analyze_verify_without_a_word()
    {
        using var root = new TemporaryDirectory();
        PrepareRoot(root, Defaults, SystemdService.RenderUnit(Defaults));

        var result = await Tool.RunAsync(SystemdAnalyze, "verify", "--man=no", "--root=" + root.Path, "jupyter.service");

        Assert.Equal("", result.StandardError);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Verify_would_notice_a_mistake_in_the_unit_so_the_check_above_can_fail()
    {
        using var root = new TemporaryDirectory();
        var broken = SystemdService.RenderUnit(Defaults).Replace("Restart=on-failure", "Restart=sometimes", StringComparison.Ordinal);
        PrepareRoot(root, Defaults, broken);

        var result = await Tool.RunAsync(SystemdAnalyze, "verify", "--man=no", "--root=" + root.Path, "jupyter.service");

        Assert.Contains("sometimes", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unit_with_its_own_user_venv_and_port_passes_verify_too()
    {
        var options = new SystemdServiceOptions
        {
            ServiceName = "lab",
            User = "lab_user",
            HomeDirectory = "/var/lib/lab",
            VenvDirectory = "/srv/lab/.venv",
            NotebookDirectory = "/srv/notebooks",
            JupyterCommand = "lab",
            Port = 9999,
            PasswordHash = Hash,
        };
        using var root = new TemporaryDirectory();
        PrepareRoot(root, options, SystemdService.RenderUnit(options));

        var result = await Tool.RunAsync(SystemdAnalyze, "verify", "--man=no", "--root=" + root.Path, "lab.service");

        Assert.Equal("", result.StandardError);
        Assert.Contains("ReadWritePaths=/var/lib/lab /srv/notebooks\n", SystemdService.RenderUnit(options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unit_scores_OK_or_better_in_systemd_analyze_security()
    {
        using var folder = new TemporaryDirectory();
        var unit = folder["jupyter.service"];
        File.WriteAllText(unit, SystemdService.RenderUnit(Defaults));

        var result = await Tool.RunAsync(SystemdAnalyze, "security", "--offline=true", "--no-pager", unit);

        var overall = Regex.Match(result.StandardOutput, @"Overall exposure level for jupyter\.service: (?<score>\d+\.\d) (?<level>[A-Z]+)");
        Assert.True(overall.Success, result.StandardOutput + result.StandardError);
        Assert.Matches("^(PERFECT|SAFE|OK)$", overall.Groups["level"].Value);
        Assert.True(double.Parse(overall.Groups["score"].Value, System.Globalization.CultureInfo.InvariantCulture) < 5.0);
    }

    [Fact]
    public void The_unit_runs_the_venvs_jupyter_as_the_dedicated_user_with_a_home_under_var_lib()
    {
        var unit = SystemdService.RenderUnit(Defaults);

        Assert.Contains("\nUser=jupyter\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nExecStart=/opt/jupyter/venv/bin/jupyter notebook\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nEnvironment=HOME=/var/lib/jupyter\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nEnvironment=JUPYTER_CONFIG_DIR=/etc/jupyter\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nRestart=on-failure\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nProtectSystem=strict\n", unit, StringComparison.Ordinal);
        Assert.DoesNotContain("MemoryDenyWriteExecute", unit.Split('\n').Where(l => !l.StartsWith('#')), StringComparer.Ordinal);
    }

    [Theory]
    [InlineData("root; rm -rf /", "/opt/jupyter/venv")]
    [InlineData("Jupyter", "/opt/jupyter/venv")]
    [InlineData("jupyter", "opt/jupyter/venv")]
    [InlineData("jupyter", "/opt/my venv")]
    [InlineData("jupyter", "/opt/%h/venv")]
    [InlineData("jupyter", "/opt/venv\nExecStartPre=/bin/sh")]
    [InlineData("jupyter", "/opt/../etc")]
    public void A_name_or_path_that_systemd_or_a_shell_would_not_take_literally_is_refused(string user, string venv)
    {
        var options = new SystemdServiceOptions { User = user, VenvDirectory = venv, PasswordHash = Hash };

        Assert.Throws<ArgumentException>(() => SystemdService.RenderUnit(options));
        Assert.Throws<ArgumentException>(() => SystemdService.InstallSteps(options, "/tmp/out"));
    }

    [Theory]
    [InlineData("ServiceName", "jupyter\n")]
    [InlineData("User", "jupyter\n")]
    [InlineData("JupyterCommand", "notebook\n")]
    [InlineData("ServiceName", "jupyter\r")]
    public void A_name_with_a_trailing_line_break_is_refused_naming_the_property(string property, string value)
    {
        var options = property switch
        {
            "ServiceName" => new SystemdServiceOptions { ServiceName = value, PasswordHash = Hash },
            "User" => new SystemdServiceOptions { User = value, PasswordHash = Hash },
            _ => new SystemdServiceOptions { JupyterCommand = value, PasswordHash = Hash },
        };

        var error = Assert.Throws<ArgumentException>(() => SystemdService.InstallSteps(options, "/tmp/out"));

        Assert.StartsWith($"SystemdServiceOptions.{property} ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_leaves_the_unit_and_the_config_readable_by_their_owner_only()
    {
        using var folder = new TemporaryDirectory();

        var written = SystemdService.Write(Defaults, folder.Path);

        Assert.Equal(2, written.Count);
        foreach (var file in written)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.Contains(Hash, File.ReadAllText(folder["jupyter_notebook_config.py"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_narrows_a_file_that_was_already_there_with_wider_permissions()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder["jupyter_notebook_config.py"], "old");
        File.SetUnixFileMode(folder["jupyter_notebook_config.py"], (UnixFileMode)0b110_100_100);

        SystemdService.Write(Defaults, folder.Path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder["jupyter_notebook_config.py"]));
    }

    [Fact]
    public void The_install_steps_create_the_user_install_both_files_and_enable_the_service()
    {
        var steps = SystemdService.InstallSteps(Defaults, "/tmp/my out");

        Assert.StartsWith("useradd --system --user-group --home-dir /var/lib/jupyter", steps[0], StringComparison.Ordinal);
        Assert.Contains(steps, s => s == "install -o root -g jupyter -m 0640 '/tmp/my out/jupyter_notebook_config.py' /etc/jupyter/jupyter_notebook_config.py");
        Assert.Contains(steps, s => s == "install -o root -g root -m 0644 '/tmp/my out/jupyter.service' /etc/systemd/system/jupyter.service");
        Assert.Contains("systemctl enable --now jupyter.service", steps);
    }

    [Fact]
    public void Without_a_password_hash_no_config_is_written()
    {
        using var folder = new TemporaryDirectory();

        Assert.Throws<InvalidOperationException>(() => SystemdService.Write(new SystemdServiceOptions(), folder.Path));
        Assert.Empty(Directory.EnumerateFiles(folder.Path));
    }

    [Theory]
    [InlineData("Port", 0, "127.0.0.1")]
    [InlineData("Port", 65_536, "127.0.0.1")]
    [InlineData("Ip", 8888, "localhost")]
    public void A_port_or_address_out_of_range_is_refused_naming_the_property(string property, int port, string ip)
    {
        var options = new SystemdServiceOptions { Port = port, Ip = ip, PasswordHash = Hash };

        var error = Assert.Throws<ArgumentException>(() => SystemdService.RenderUnit(options));

        Assert.StartsWith($"SystemdServiceOptions.{property} ", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }
}
