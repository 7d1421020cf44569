using System.Reflection;

namespace Shutter.Tests;

public sealed class PackageIdentityTests
{
    [Fact]
    public void The_assembly_is_named_after_its_folder_and_carries_a_version()
    {
        var assembly = Assembly.Load("Shutter");

        Assert.Equal("Shutter", assembly.GetName().Name);
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        Assert.False(string.IsNullOrWhiteSpace(version));
    }
}
