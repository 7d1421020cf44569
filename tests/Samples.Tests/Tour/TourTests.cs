using System.Text.RegularExpressions;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Tour;

public sealed class TourTests
{
    private static readonly string Tour = Repository.SampleDll("Tour", "tour");

    [Fact]
    public async Task The_tour_lists_every_package_with_its_version_and_ends_well()
    {
        var result = await SampleProcess.RunAsync(Tour, [], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardError);
        foreach (var package in new[] { "Drivers.Em73xx", "Drivers.DualShock4", "Drivers.NetworkManager", "Drivers.Shutter", "Drivers.NotebookHosting" })
        {
            Assert.Matches($@"(?m)^  {Regex.Escape(package)} +\d+\.\d+\.\d+", result.StandardOutput);
            Assert.Contains($"== {package} ==", result.StandardOutput, StringComparison.Ordinal);
        }
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
