using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Drivers.NotebookHosting.Passwords;

namespace Drivers.NotebookHosting.Configuration;

/// <summary>
/// The Jupyter settings for hosting behind IIS or systemd, rendered as Jupyter's Python config file
/// (<c>jupyter_notebook_config.py</c> or <c>jupyter_server_config.py</c>, read from <c>JUPYTER_CONFIG_DIR</c>).
/// </summary>
public sealed partial class JupyterConfig
{
    private static readonly SearchValues<char> NotInPath = SearchValues.Create("?#\\\"'<> \t\r\n");

    /// <summary>The Jupyter application that reads the file; Notebook 6 by default.</summary>
    public JupyterFlavor Flavor { get; init; } = JupyterFlavor.Notebook6;

    /// <summary>The address Jupyter listens on (<c>ip</c>); loopback by default, as ANCM requires.</summary>
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>The port (<c>port</c>); null leaves it to the command line, as under IIS where ANCM picks it.</summary>
    public int? Port { get; init; }

    /// <summary>The URL prefix (<c>base_url</c>), e.g. <c>/</c> or <c>/jupyter/</c>; see <see cref="BaseUrlFromApplicationPath"/>.</summary>
    public string BaseUrl { get; init; } = "/";

    /// <summary>The folder Jupyter shows and saves notebooks in (<c>notebook_dir</c> or <c>root_dir</c>); null for Jupyter's default.</summary>
    public string? NotebookDirectory { get; init; }

    /// <summary>A Jupyter password hash from <see cref="JupyterPassword.Hash"/> (<c>password</c> or <c>hashed_password</c>).</summary>
    public string? PasswordHash { get; init; }

    /// <summary>A login token (<c>token</c>); null with a password turns the token off so the password is the only way in.</summary>
    public string? Token { get; init; }

    /// <summary>
    /// Accept requests whose Host is not local (<c>allow_remote_access</c>); true by default because ANCM
    /// and most proxies keep the public Host header, which Jupyter otherwise answers with 403.
    /// </summary>
    public bool AllowRemoteAccess { get; init; } = true;

    /// <summary>Trust <c>X-Forwarded-Proto</c>/<c>X-Real-Ip</c> from the proxy (<c>trust_xheaders</c>); true by default.</summary>
    public bool TrustXheaders { get; init; } = true;

    /// <summary>The file name Jupyter looks for in its config directory for this flavor.</summary>
    public string FileName => FileNameFor(Flavor);

    /// <summary>The config file name of <paramref name="flavor"/>.</summary>
    public static string FileNameFor(JupyterFlavor flavor) =>
        flavor == JupyterFlavor.Notebook6 ? "jupyter_notebook_config.py" : "jupyter_server_config.py";

    /// <summary>
    /// The <c>base_url</c> for an IIS application path (<c>ASPNETCORE_APPL_PATH</c>): <c>/</c> stays <c>/</c>,
    /// <c>/jupyter</c> becomes <c>/jupyter/</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The path is not absolute or holds characters a URL path cannot.</exception>
    public static string BaseUrlFromApplicationPath(string applicationPath)
    {
        ArgumentNullException.ThrowIfNull(applicationPath);
        var path = applicationPath.Trim();
        if (path.Length == 0)
        {
            return "/";
        }
        if (path[0] != '/' || path.Contains("//", StringComparison.Ordinal) || path.AsSpan().ContainsAny(NotInPath) || path.Any(char.IsControl))
        {
            throw new ArgumentException($"The application path '{OptionCheck.Shown(applicationPath)}' is not an absolute URL path such as /jupyter.", nameof(applicationPath));
        }
        return path.EndsWith('/') ? path : path + "/";
    }

    /// <summary>Renders the config file.</summary>
    /// <exception cref="InvalidOperationException">
    /// Neither a password hash nor a token is set (Jupyter would then be open to anyone who reaches the port),
    /// or the password hash is not a Jupyter hash.
    /// </exception>
    public string Render()
    {
        if (PasswordHash is null && string.IsNullOrEmpty(Token))
        {
            throw new InvalidOperationException("A Jupyter config needs a password hash or a token; without one anyone who reaches the port could run code.");
        }
        if (PasswordHash is not null && !JupyterPassword.IsHash(PasswordHash))
        {
            throw new InvalidOperationException("The password hash is not a Jupyter password hash (make one with JupyterPassword.Hash).");
        }
        if (Port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"The port {Port} is not between 1 and 65535.");
        }

        var app = Flavor == JupyterFlavor.Notebook6 ? "NotebookApp" : "ServerApp";
        var identity = Flavor == JupyterFlavor.Notebook6 ? "NotebookApp" : "PasswordIdentityProvider";
        var tokenOwner = Flavor == JupyterFlavor.Notebook6 ? "NotebookApp" : "IdentityProvider";
        var file = new StringBuilder()
            .AppendLine("# Jupyter configuration written by NotebookHosting (notebook-host).")
            .AppendLine("# It holds a password hash, never the password: keep it readable by the service account only.")
            .AppendLine();
        Line(file, app, "ip", PythonLiteral.String(Ip));
        if (Port is { } port)
        {
            Line(file, app, "port", PythonLiteral.Int(port));
        }
        Line(file, app, "base_url", PythonLiteral.String(BaseUrlFromApplicationPath(BaseUrl)));
        Line(file, app, "open_browser", PythonLiteral.Bool(false));
        Line(file, app, "allow_remote_access", PythonLiteral.Bool(AllowRemoteAccess));
        Line(file, app, "trust_xheaders", PythonLiteral.Bool(TrustXheaders));
        if (NotebookDirectory is not null)
        {
            Line(file, app, Flavor == JupyterFlavor.Notebook6 ? "notebook_dir" : "root_dir", PythonLiteral.String(NotebookDirectory));
        }
        if (PasswordHash is not null)
        {
            Line(file, identity, Flavor == JupyterFlavor.Notebook6 ? "password" : "hashed_password", PythonLiteral.String(PasswordHash));
            Line(file, identity, "password_required", PythonLiteral.Bool(true));
            // With a fixed password a token would only be a second, unattended way in.
            Line(file, identity, "allow_password_change", PythonLiteral.Bool(false));
        }
        Line(file, tokenOwner, "token", PythonLiteral.String(Token ?? ""));
        return file.ToString();
    }

    /// <summary>
    /// True when a Jupyter config file sets a non-empty password hash or token in any of the places
    /// Jupyter reads one from (<c>NotebookApp</c>, <c>ServerApp</c>, <c>PasswordIdentityProvider</c>,
    /// <c>IdentityProvider</c>). Lines that are comments do not count.
    /// </summary>
    public static bool HasCredential(string configText)
    {
        ArgumentNullException.ThrowIfNull(configText);
        var (token, password) = Credentials(configText);
        return IsToken(token) || JupyterPassword.IsHash(password);
    }

    /// <summary>The token and the password hash a config file leaves in force (the last assignment wins, as in Python); null when unset.</summary>
    internal static (string? Token, string? Password) Credentials(string configText)
    {
        string? token = null, password = null;
        foreach (Match match in CredentialLine().Matches(configText))
        {
            var value = match.Groups["value"].Value;
            if (match.Groups["name"].Value == "token")
            {
                token = value;
            }
            else
            {
                password = value;
            }
        }
        return (token, password);
    }

    /// <summary>
    /// True when <paramref name="value"/> is a token someone must present: not null, not blank, and not just a
    /// pair of quotes (<c>--NotebookApp.token=''</c> reaches Jupyter as two quote characters only when no shell
    /// removed them, and an empty token means no login at all).
    /// </summary>
    internal static bool IsToken(string? value) => !string.IsNullOrWhiteSpace(Unquote(value));

    /// <summary>The value without surrounding white space and one pair of matching quotes.</summary>
    internal static string? Unquote(string? value)
    {
        var text = value?.Trim();
        return text is { Length: >= 2 } && text[0] is '\'' or '"' && text[^1] == text[0] ? text[1..^1].Trim() : text;
    }

    private static void Line(StringBuilder file, string owner, string name, string value) =>
        file.Append("c.").Append(owner).Append('.').Append(name).Append(" = ").AppendLine(value);

    [GeneratedRegex(@"^[ \t]*c\.(?:NotebookApp|ServerApp|PasswordIdentityProvider|IdentityProvider)\.(?<name>password|hashed_password|token)[ \t]*=[ \t]*u?(?<q>['""])(?<value>[^'""\r\n]*)\k<q>", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialLine();
}
