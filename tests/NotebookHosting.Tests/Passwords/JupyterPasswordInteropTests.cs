using System.Text.Json;
using Drivers.NotebookHosting.Passwords;
using Drivers.NotebookHosting.Tests.Infrastructure;

namespace Drivers.NotebookHosting.Tests.Passwords;

/// <summary>Our hashes against Jupyter's own passwd and passwd_check, in both directions and both forms.</summary>
public sealed class JupyterPasswordInteropTests
{
    // Each line of stdin: {"hash": ..., "password": ...}; prints one line per check: notebook,jupyter_server.
    private const string CheckScript = """
        import json, sys
        from notebook.auth.security import passwd_check as notebook_check
        from jupyter_server.auth.security import passwd_check as server_check
        for line in sys.stdin:
            item = json.loads(line)
            print(notebook_check(item["hash"], item["password"]), server_check(item["hash"], item["password"]))
        """;

    [Theory]
    [InlineData(JupyterPasswordAlgorithm.Argon2)]
    [InlineData(JupyterPasswordAlgorithm.Sha1)]
    public async Task Jupyters_passwd_check_accepts_our_hash_with_the_right_password_only(JupyterPasswordAlgorithm algorithm)
    {
        string[] passwords = ["s3cret", "pässwörd with spaces ☃", "'\"\\:$"];
        var lines = new List<string>();
        foreach (var password in passwords)
        {
            var hash = JupyterPassword.Hash(password, algorithm);
            lines.Add(JsonSerializer.Serialize(new Dictionary<string, string> { ["hash"] = hash, ["password"] = password }));
            lines.Add(JsonSerializer.Serialize(new Dictionary<string, string> { ["hash"] = hash, ["password"] = password + "x" }));
        }

        var output = await RealPython.RunAsync(CheckScript, string.Join('\n', lines) + "\n");

        var expected = string.Join("\n", Enumerable.Repeat("True True\nFalse False", passwords.Length));
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("argon2")]
    [InlineData("sha1")]
    [InlineData("sha256")]
    [InlineData("sha512")]
    public async Task A_hash_made_by_Jupyters_passwd_is_verified_here(string algorithm)
    {
        const string Password = "correct horse ☃";
        var hash = await RealPython.RunAsync(
            "import sys\nfrom notebook.auth.security import passwd\nprint(passwd(sys.stdin.read(), sys.argv[1]))",
            Password, [algorithm]);

        Assert.StartsWith(algorithm + ":", hash, StringComparison.Ordinal);
        Assert.True(JupyterPassword.Verify(Password, hash));
        Assert.False(JupyterPassword.Verify("correct horse", hash));
    }

    [Fact]
    public async Task A_hash_made_by_Jupyter_Servers_passwd_is_verified_here()
    {
        var hash = await RealPython.RunAsync("from jupyter_server.auth.security import passwd\nprint(passwd('s3cret'))");

        Assert.True(JupyterPassword.Verify("s3cret", hash));
        Assert.False(JupyterPassword.Verify("s3cret ", hash));
    }
}
