using System.Text.RegularExpressions;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Tour;

public sealed class TourTests
{
    private static readonly string Tour = Repository.SampleDll("Tour", "tour");

    // Alone it takes about 5 s; beside the other test projects on two loaded cores it once took over a minute.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_tour_lists_every_package_with_its_version_and_ends_well()
    {
        var result = await SampleProcess.RunAsync(Tour, [], timeout: Patience, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardError);
        foreach (var package in new[] { "Drivers.Em73xx", "Drivers.DualShock4", "Drivers.NetworkManager", "Drivers.Shutter", "Drivers.NotebookHosting" })
        {
            Assert.Matches($@"(?m)^  {Regex.Escape(package)} +\d+\.\d+\.\d+", result.StandardOutput);
            Assert.Contains($"== {package} ==", result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_tours_at_once_write_their_notebook_hosting_files_in_private_folders_they_remove()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SampleProcess.RunAsync(Tour, [], timeout: Patience, cancellationToken: TestContext.Current.CancellationToken)));

        var folders = new List<string>();
        foreach (var result in runs)
        {
            Assert.True(result.ExitCode == 0, $"a tour beside another ended with {result.ExitCode}: {result.StandardError}");
            var written = Regex.Match(result.StandardOutput, @"(?m)^  files +written in (?<folder>/\S+) \(removed at the end of the run\)$");
            Assert.True(written.Success, "the tour does not say where it writes the NotebookHosting files");
            var folder = written.Groups["folder"].Value;
            Assert.StartsWith(Path.Combine(Path.GetTempPath(), "drivers-tour-"), folder, StringComparison.Ordinal);
            Assert.Contains("  IIS             wrote iis/web.config", result.StandardOutput, StringComparison.Ordinal);
            Assert.False(Directory.Exists(folder), $"{folder} is left behind");
            folders.Add(folder);
        }
        Assert.NotEqual(folders[0], folders[1]);
    }

    [Fact]
    public async Task An_unknown_argument_is_a_usage_error_in_one_sentence()
    {
        var result = await SampleProcess.RunAsync(Tour, ["--frobnicate"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
    }
}
