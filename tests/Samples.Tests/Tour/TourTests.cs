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
    public async Task The_notebook_hosting_files_the_tour_says_it_wrote_are_kept_where_it_says()
    {
        var result = await SampleProcess.RunAsync(Tour, [], timeout: Patience, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        var kept = Regex.Match(result.StandardOutput, @"(?m)^  files +kept in (?<folder>/\S+) ");
        Assert.True(kept.Success, "the tour does not say where it keeps the NotebookHosting files");
        var folder = kept.Groups["folder"].Value;
        Assert.StartsWith(Path.GetTempPath(), folder, StringComparison.Ordinal);
        var wrote = Regex.Matches(result.StandardOutput, @"(?m)^  (?:IIS|systemd) +wrote (?<file>\S+)\s*$").Select(m => m.Groups["file"].Value).ToList();
        Assert.Contains("iis/web.config", wrote);
        Assert.All(wrote, file => Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} is not in {folder}"));
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
