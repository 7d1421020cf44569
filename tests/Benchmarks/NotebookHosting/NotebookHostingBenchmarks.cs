using BenchmarkDotNet.Attributes;
using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Iis;
using Drivers.NotebookHosting.Passwords;
using Drivers.NotebookHosting.Systemd;

namespace Benchmarks.NotebookHosting;

/// <summary>
/// Jupyter password hashing and verifying (argon2 is slow on purpose: Jupyter's m=10240 KiB, t=10, p=8),
/// and the generation of the hosting files.
/// </summary>
[MemoryDiagnoser]
public class NotebookHostingBenchmarks
{
    private const string Password = "correct horse battery staple";
    private string _argon2Hash = "";
    private string _sha1Hash = "";
    private readonly JupyterConfig _config = new() { Port = 8888, NotebookDirectory = "/var/lib/jupyter/notebooks", PasswordHash = "sha1:d1bb7953510a:9bd6578f6aab4a53f8c6d4db092264f93799e168" };
    private readonly SystemdServiceOptions _service = new() { PasswordHash = "sha1:d1bb7953510a:9bd6578f6aab4a53f8c6d4db092264f93799e168" };
    private readonly IisSiteOptions _site = new() { SiteDirectory = @"C:\sites\jupyter", PythonPath = @"C:\jupyter\venv\Scripts\python.exe", LauncherPath = @"C:\tools\notebook-host.exe" };

    [GlobalSetup]
    public void Setup()
    {
        _argon2Hash = JupyterPassword.Hash(Password);
        _sha1Hash = JupyterPassword.Hash(Password, JupyterPasswordAlgorithm.Sha1);
    }

    [Benchmark]
    public string HashArgon2() => JupyterPassword.Hash(Password);

    [Benchmark]
    public bool VerifyArgon2() => JupyterPassword.Verify(Password, _argon2Hash);

    [Benchmark]
    public string HashSha1() => JupyterPassword.Hash(Password, JupyterPasswordAlgorithm.Sha1);

    [Benchmark]
    public bool VerifySha1() => JupyterPassword.Verify(Password, _sha1Hash);

    [Benchmark]
    public bool RejectMalformedHash() => JupyterPassword.Verify(Password, "argon2:$argon2id$v=19$m=10240,t=10,p=8$not-base64$!!");

    [Benchmark]
    public string RenderJupyterConfig() => _config.Render();

    [Benchmark]
    public string RenderSystemdUnit() => SystemdService.RenderUnit(_service);

    [Benchmark]
    public string RenderWebConfig() => IisSite.RenderWebConfig(_site);
}
