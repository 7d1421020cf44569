using Drivers.NotebookHosting.Systemd;
using Drivers.NotebookHosting.Tests.Infrastructure;

namespace Drivers.NotebookHosting.Tests.Files;

public sealed class PlantedLinkTests
{
    private const string Hash = "argon2:$argon2id$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ";
    private const UnixFileMode Shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private static readonly SystemdServiceOptions Options = new() { PasswordHash = Hash };

    [Fact]
    public void A_planted_link_is_replaced_by_the_unit_and_the_file_it_pointed_to_is_untouched()
    {
        using var output = new TemporaryDirectory();
        using var elsewhere = new TemporaryDirectory();
        var victim = elsewhere["victim.txt"];
        File.WriteAllText(victim, "precious");
        File.SetUnixFileMode(victim, Shared);
        File.CreateSymbolicLink(output["jupyter.service"], victim);

        SystemdService.Write(Options, output.Path);

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(Shared, File.GetUnixFileMode(victim));
        Assert.Null(new FileInfo(output["jupyter.service"]).LinkTarget);
        Assert.Contains("[Service]", File.ReadAllText(output["jupyter.service"]), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(output["jupyter.service"]));
    }

    [Fact]
    public void A_dangling_link_to_a_file_not_yet_there_does_not_create_it()
    {
        using var output = new TemporaryDirectory();
        using var elsewhere = new TemporaryDirectory();
        File.CreateSymbolicLink(output["jupyter_notebook_config.py"], elsewhere["planted.py"]);

        SystemdService.Write(Options, output.Path);

        Assert.False(File.Exists(elsewhere["planted.py"]));
        Assert.Null(new FileInfo(output["jupyter_notebook_config.py"]).LinkTarget);
    }

    [Theory]
    [InlineData(0b111_111_111)]
    [InlineData(0b111_111_000)]
    [InlineData(0b111_101_111)]
    [InlineData(0b111_111_111 | (int)UnixFileMode.StickyBit)]
    public void An_output_folder_that_another_user_can_write_is_refused_in_one_sentence(int mode)
    {
        using var output = new TemporaryDirectory();
        File.SetUnixFileMode(output.Path, (UnixFileMode)mode);

        var error = Assert.Throws<UnauthorizedAccessException>(() => SystemdService.Write(Options, output.Path));

        Assert.Contains(output.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("other users can write", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }

    [Fact]
    public void A_private_output_folder_is_accepted_and_holds_no_temporary_files_afterwards()
    {
        using var output = new TemporaryDirectory();
        File.SetUnixFileMode(output.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        var written = SystemdService.Write(Options, output.Path);

        Assert.Equal(written.Order(StringComparer.Ordinal), Directory.EnumerateFileSystemEntries(output.Path).Order(StringComparer.Ordinal));
    }
}
