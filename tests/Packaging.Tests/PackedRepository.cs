using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace Packaging.Tests;

/// <summary>
/// The libraries packed from two clones of one fresh git repository that holds a copy of this checkout's
/// sources in one commit, tagged as a release would be. Shared by the tests of <see cref="PackageTests"/>.
/// </summary>
public sealed class PackedRepository : IAsyncLifetime
{
    /// <summary>The libraries, by folder name.</summary>
    public static readonly string[] Libraries = ["Em73xx", "DualShock4", "NetworkManager", "Shutter", "NotebookHosting"];

    /// <summary>The package id of the library in <paramref name="folder"/>: the family prefix and the folder name.</summary>
    public static string IdOf(string folder) => $"Drivers.{folder}";

    /// <summary>The tags both copies carry: one release, one pre-release, the rest untagged.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>
    {
        ["Em73xx"] = "drivers.em73xx-v1.2.3",
        ["Shutter"] = "drivers.shutter-v0.4.0-rc.1",
    };

    private readonly string _work = Directory.CreateTempSubdirectory("drivers-pack-").FullName;

    /// <summary>Packages of the first copy, by id.</summary>
    public IReadOnlyDictionary<string, string> First { get; private set; } = new Dictionary<string, string>();

    /// <summary>Packages of the second copy, by id.</summary>
    public IReadOnlyDictionary<string, string> Second { get; private set; } = new Dictionary<string, string>();

    public async ValueTask InitializeAsync()
    {
        var first = Path.Combine(_work, "first");
        var second = Path.Combine(_work, "second");
        await CommitSourcesAsync(first);
        await RunAsync(_work, "git", "clone", "--quiet", first, second);
        First = await PackAsync(first);
        Second = await PackAsync(second);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>The package's manifest (.nuspec).</summary>
    public static XDocument Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    /// <summary>The bytes of one file inside the package, or null when it is not there.</summary>
    public static byte[]? Entry(string package, string path)
    {
        using var zip = ZipFile.OpenRead(package);
        var entry = zip.GetEntry(path);
        if (entry is null)
        {
            return null;
        }
        using var stream = entry.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>A new repository at <paramref name="root"/> with this checkout's sources in one tagged commit.</summary>
    private static async Task CommitSourcesAsync(string root)
    {
        var source = RepositoryRoot;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" })
        {
            Directory.CreateDirectory(root);
            File.Copy(Path.Combine(source, file), Path.Combine(root, file));
        }
        CopySources(Path.Combine(source, "src"), Path.Combine(root, "src"));

        await RunAsync(root, "git", "init", "--quiet", "--initial-branch=main");
        await RunAsync(root, "git", "add", "--all");
        await RunAsync(root, "git", "-c", "user.name=Packaging test", "-c", "user.email=test@localhost", "commit", "--quiet", "-m", "Sources");
        foreach (var tag in Tags.Values)
        {
            await RunAsync(root, "git", "tag", tag);
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> PackAsync(string root)
    {
        await RunAsync(root, "dotnet", "new", "sln", "--format", "sln", "--name", "Libraries");
        var add = new List<string> { "sln", "Libraries.sln", "add" };
        add.AddRange(Libraries.Select(l => $"src/{l}/{l}.csproj"));
        await RunAsync(root, "dotnet", [.. add]);
        var output = Path.Combine(root, "packages");
        await RunAsync(root, "dotnet", "pack", "Libraries.sln", "-c", "Release", "-o", output);

        return Directory.GetFiles(output, "*.nupkg").ToDictionary(p => Nuspec(p).Descendants().First(e => e.Name.LocalName == "id").Value);
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var directory in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj"))
            {
                CopySources(directory, Path.Combine(to, name));
            }
        }
    }

    private static async Task RunAsync(string workingDirectory, string command, params string[] arguments)
    {
        var info = new ProcessStartInfo(command)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // A CI build (ContinuousIntegrationBuild, path maps) and no lingering build servers holding our pipes.
        info.Environment["CI"] = "true";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        info.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard, not a timing assertion: a pack of five libraries takes about two minutes on a busy 2-core machine.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{command} {string.Join(' ', arguments)}' did not finish in 12 minutes.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{command} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    /// <summary>The checkout these tests run in: the folder that holds Drivers.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Drivers.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Drivers.sln was not found above the test assembly.");
    }
}
