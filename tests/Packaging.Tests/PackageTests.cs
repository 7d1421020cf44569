using System.Xml.Linq;

namespace Packaging.Tests;

public sealed class PackageTests(PackedRepository packed) : IClassFixture<PackedRepository>
{
    public static TheoryData<string> Libraries => [.. PackedRepository.Libraries];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Each_library_packs_under_its_own_id_with_the_version_of_its_own_tag(string library)
    {
        var metadata = Metadata(packed.First[PackedRepository.IdOf(library)]);

        Assert.Equal(PackedRepository.IdOf(library), Value(metadata, "id"));
        var version = Value(metadata, "version");
        if (PackedRepository.Tags.TryGetValue(library, out var tag))
        {
            Assert.Equal(tag[(tag.IndexOf("-v", StringComparison.Ordinal) + 2)..], version);
        }
        else
        {
            Assert.StartsWith("0.1.0-alpha.0", version, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Each_package_carries_its_readme_its_xml_docs_and_a_license(string library)
    {
        var id = PackedRepository.IdOf(library);
        var package = packed.First[id];
        var metadata = Metadata(package);

        Assert.Equal("README.md", Value(metadata, "readme"));
        var readme = PackedRepository.Entry(package, "README.md");
        Assert.NotNull(readme);
        Assert.Contains($"# {id}", System.Text.Encoding.UTF8.GetString(readme), StringComparison.Ordinal);

        var docs = PackedRepository.Entry(package, $"lib/net10.0/{id}.xml");
        Assert.NotNull(docs);
        Assert.Equal(id, XDocument.Load(new MemoryStream(docs)).Root!.Element("assembly")!.Element("name")!.Value);

        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
        Assert.NotNull(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository")?.Attribute("url"));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void No_package_depends_on_another_package_of_this_repository(string library)
    {
        var dependencies = Metadata(packed.First[PackedRepository.IdOf(library)])
            .Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => e.Attribute("id")!.Value);

        Assert.Empty(dependencies.Intersect(PackedRepository.Libraries.Select(PackedRepository.IdOf), StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Two_packs_of_the_same_commit_give_byte_identical_assemblies(string library)
    {
        var id = PackedRepository.IdOf(library);
        var dll = $"lib/net10.0/{id}.dll";
        var first = PackedRepository.Entry(packed.First[id], dll);
        var second = PackedRepository.Entry(packed.Second[id], dll);

        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    private static XElement Metadata(string package) =>
        PackedRepository.Nuspec(package).Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    private static string Value(XElement metadata, string name) =>
        metadata.Elements().Single(e => e.Name.LocalName == name).Value;
}
