using System.Reflection;

namespace Samples.Tests.Infrastructure;

/// <summary>Where the repository and the built samples are, seen from the test assembly.</summary>
internal static class Repository
{
    /// <summary>The folder holding Drivers.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Debug or Release); samples are built the same way.</summary>
    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    /// <summary>The built entry assembly of a sample, e.g. <c>SampleDll("Xsms", "xsms")</c>.</summary>
    public static string SampleDll(string folder, string assemblyName)
    {
        var path = Path.Combine(Root, "samples", folder, "bin", Configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The sample {folder} is not built at {path}; build Drivers.sln first.", path);
    }

    private static string FindRoot()
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
