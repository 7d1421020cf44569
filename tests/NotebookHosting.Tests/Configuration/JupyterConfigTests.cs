using System.Text.Json;
using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Drivers.NotebookHosting.Tests.Configuration;

public sealed class JupyterConfigTests
{
    private const string Hash = "argon2:$argon2id$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ";

    // Jupyter's own config loader (traitlets) reads the file and prints every section as JSON.
    private const string LoadScript = """
        import json, sys
        from traitlets.config.loader import PyFileConfigLoader
        config = PyFileConfigLoader(sys.argv[1], path=sys.argv[2]).load_config()
        print(json.dumps({section: dict(values) for section, values in config.items()}, sort_keys=True))
        """;

    private static async Task<JsonElement> LoadWithTraitletsAsync(JupyterConfig config)
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder[config.FileName], config.Render());
        var json = await RealPython.RunAsync(LoadScript, arguments: [config.FileName, folder.Path]);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [Fact]
    public async Task Notebook_6_reads_every_hosting_setting_from_the_NotebookApp_section()
    {
        var config = new JupyterConfig { Port = 18888, BaseUrl = "/jupyter", NotebookDirectory = @"C:\sites\jupyter\notebooks", PasswordHash = Hash };

        var app = (await LoadWithTraitletsAsync(config)).GetProperty("NotebookApp");

        Assert.Equal("127.0.0.1", app.GetProperty("ip").GetString());
        Assert.Equal(18888, app.GetProperty("port").GetInt32());
        Assert.Equal("/jupyter/", app.GetProperty("base_url").GetString());
        Assert.False(app.GetProperty("open_browser").GetBoolean());
        Assert.True(app.GetProperty("allow_remote_access").GetBoolean());
        Assert.True(app.GetProperty("trust_xheaders").GetBoolean());
        Assert.Equal(@"C:\sites\jupyter\notebooks", app.GetProperty("notebook_dir").GetString());
        Assert.Equal(Hash, app.GetProperty("password").GetString());
        Assert.True(app.GetProperty("password_required").GetBoolean());
        Assert.Equal("", app.GetProperty("token").GetString());
    }

    [Fact]
    public async Task Jupyter_Server_reads_ServerApp_and_the_PasswordIdentityProvider()
    {
        var config = new JupyterConfig { Flavor = JupyterFlavor.JupyterServer, Port = 8888, NotebookDirectory = "/srv/notebooks", PasswordHash = Hash };

        var sections = await LoadWithTraitletsAsync(config);

        Assert.Equal("jupyter_server_config.py", config.FileName);
        var app = sections.GetProperty("ServerApp");
        Assert.Equal("/srv/notebooks", app.GetProperty("root_dir").GetString());
        Assert.Equal("/", app.GetProperty("base_url").GetString());
        Assert.True(app.GetProperty("allow_remote_access").GetBoolean());
        Assert.True(app.GetProperty("trust_xheaders").GetBoolean());
        Assert.False(app.TryGetProperty("password", out _));
        Assert.Equal(Hash, sections.GetProperty("PasswordIdentityProvider").GetProperty("hashed_password").GetString());
        Assert.Equal("", sections.GetProperty("IdentityProvider").GetProperty("token").GetString());
    }

    [Fact]
    public async Task Any_notebook_folder_reaches_Jupyter_unchanged_however_hostile()
    {
        string[] folders = ["/tmp/it's \"quoted\"\\", "/tmp/line\nbreak\r\t", "C:\\Users\\Zoë\\笔记本 😀", "/tmp/''' + __import__('os').system('id') + '''", "\0\u007f"];
        foreach (var folder in folders)
        {
            var config = new JupyterConfig { NotebookDirectory = folder, PasswordHash = Hash };

            var loaded = (await LoadWithTraitletsAsync(config)).GetProperty("NotebookApp").GetProperty("notebook_dir").GetString();

            Assert.Equal(folder, loaded);
        }
    }

    [Property(MaxTest = 500)]
    public bool The_generated_file_is_plain_ASCII_whatever_the_values(string text) =>
        new JupyterConfig { NotebookDirectory = text ?? "", Token = "t" }.Render().All(c => c is '\n' or (>= ' ' and <= '~'));

    [Property(MaxTest = 500)]
    public bool A_value_can_never_end_its_string_literal_early(string text)
    {
        var line = new JupyterConfig { NotebookDirectory = text ?? "", Token = "t" }.Render().Split('\n').Single(l => l.Contains("notebook_dir", StringComparison.Ordinal));
        // Every quote inside the literal is escaped, so the only bare quotes are the two ends.
        var body = line["c.NotebookApp.notebook_dir = ".Length..];
        return body.Length >= 2 && body[0] == '\'' && body[^1] == '\'' && UnescapedQuotes(body[1..^1]) == 0;
    }

    private static int UnescapedQuotes(string body)
    {
        var count = 0;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\')
            {
                i++;
            }
            else if (body[i] == '\'')
            {
                count++;
            }
        }
        return count;
    }

    [Fact]
    public void Without_a_password_or_token_no_config_is_rendered()
    {
        Assert.Throws<InvalidOperationException>(() => new JupyterConfig().Render());
        Assert.Throws<InvalidOperationException>(() => new JupyterConfig { PasswordHash = "s3cret" }.Render());
        Assert.Throws<InvalidOperationException>(() => new JupyterConfig { Token = "t", Port = 70000 }.Render());
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/jupyter", "/jupyter/")]
    [InlineData("/jupyter/", "/jupyter/")]
    [InlineData("/a/b", "/a/b/")]
    public void The_base_url_follows_the_IIS_application_path(string applicationPath, string baseUrl) =>
        Assert.Equal(baseUrl, JupyterConfig.BaseUrlFromApplicationPath(applicationPath));

    [Theory]
    [InlineData("jupyter")]
    [InlineData("//evil.example.org/")]
    [InlineData("/a?b")]
    [InlineData("/a b")]
    [InlineData("/a\\b")]
    public void An_application_path_that_is_not_a_plain_URL_path_is_refused(string applicationPath) =>
        Assert.Throws<ArgumentException>(() => JupyterConfig.BaseUrlFromApplicationPath(applicationPath));

    [Property(MaxTest = 500)]
    public Property Any_path_of_safe_segments_becomes_a_base_url_ending_in_one_slash() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Elements("a", "nb", "jupyter-1", "x_y", "%20")).ToArbitrary(), segments =>
        {
            var path = "/" + string.Join('/', segments);
            var baseUrl = JupyterConfig.BaseUrlFromApplicationPath(path);
            return baseUrl.StartsWith('/') && baseUrl.EndsWith('/') && !baseUrl.EndsWith("//", StringComparison.Ordinal) && baseUrl.TrimEnd('/') == path.TrimEnd('/');
        });

    [Theory]
    [InlineData("c.NotebookApp.password = '" + Hash + "'", true)]
    [InlineData("c.PasswordIdentityProvider.hashed_password = \"" + Hash + "\"", true)]
    [InlineData("c.ServerApp.token = 'abc'", true)]
    [InlineData("c.IdentityProvider.token = ''", false)]
    [InlineData("c.NotebookApp.password = ''", false)]
    [InlineData("c.NotebookApp.password = 's3cret'", false)]
    [InlineData("# c.NotebookApp.password = '" + Hash + "'", false)]
    [InlineData("c.NotebookApp.port = 8888", false)]
    [InlineData("", false)]
    public void A_credential_is_found_only_where_Jupyter_would_use_it(string config, bool expected) =>
        Assert.Equal(expected, JupyterConfig.HasCredential(config));

    [Property(MaxTest = 300)]
    public bool Garbage_never_counts_as_a_credential_and_never_throws(string garbage) =>
        !JupyterConfig.HasCredential(garbage ?? "") || (garbage ?? "").Contains("token", StringComparison.Ordinal) || (garbage ?? "").Contains("password", StringComparison.Ordinal);
}
