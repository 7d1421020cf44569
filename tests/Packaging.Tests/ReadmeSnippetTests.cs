using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Packaging.Tests;

/// <summary>
/// Every <c>```csharp</c> block of the repository's README and of each package README compiles against the
/// libraries as they are: a user who copies one gets a program, not a puzzle.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    public static TheoryData<string> Readmes =>
        [.. PackedRepository.Libraries.Select(l => $"src/{l}/README.md").Prepend("README.md")];

    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    [Theory]
    [MemberData(nameof(Readmes))]
    public void Every_csharp_block_of_the_readme_compiles(string readme)
    {
        var text = File.ReadAllText(Path.Combine(PackedRepository.RepositoryRoot, readme));
        var blocks = CSharpBlock().Matches(text);

        Assert.NotEmpty(blocks);
        var failures = new List<string>();
        foreach (Match block in blocks)
        {
            var line = text[..block.Index].Count(c => c == '\n') + 2;
            var errors = Compile(block.Groups["code"].Value);
            failures.AddRange(errors.Select(e => $"{readme}, block at line {line}: {e}"));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void A_block_that_calls_a_member_the_library_lacks_is_caught()
    {
        var errors = Compile("using Drivers.Em73xx;\nawait Modem.NoSuchMethodAsync();\n");

        Assert.Contains(errors, e => e.Contains("CS0117", StringComparison.Ordinal));
    }

    /// <summary>The errors of one block compiled alone: top-level statements make a program, declarations alone a library.</summary>
    private static IReadOnlyList<string> Compile(string code)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(code, options);
        var usings = CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq;" +
            " global using System.Threading; global using System.Threading.Tasks;", options);
        var isProgram = tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [usings, tree],
            References.Value,
            new CSharpCompilationOptions(isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));

        return [.. compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} (snippet line {d.Location.GetLineSpan().StartLinePosition.Line + 1})")];
    }

    /// <summary>The runtime's own assemblies and every assembly beside this test (the libraries and their dependencies).</summary>
    private static MetadataReference[] LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        return [.. platform.Concat(local)
            .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(g => MetadataReference.CreateFromFile(g.First()))];
    }

    [GeneratedRegex(@"^```csharp[ \t]*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
