using System.Text.RegularExpressions;
using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Passwords;
using Drivers.NotebookHosting.Systemd;

namespace Drivers.NotebookHosting.Hub;

/// <summary>A JupyterHub on one Linux machine under systemd; checked by every <see cref="JupyterHubService"/> method.</summary>
public sealed partial class JupyterHubOptions
{
    /// <summary>The unit name without <c>.service</c> (letters, digits, '-', '_', '.'). Default: <c>jupyterhub</c>.</summary>
    public string ServiceName { get; init; } = "jupyterhub";

    /// <summary>The address the hub's proxy listens on for browsers (<c>JupyterHub.ip</c>). Default: <c>127.0.0.1</c>.</summary>
    public string Ip { get; init; } = "127.0.0.1";

    /// <summary>The public port of the hub's proxy (<c>JupyterHub.port</c>), 1 to 65535. Default: 8000.</summary>
    public int Port { get; init; } = 8000;

    /// <summary>The hub's own API port on 127.0.0.1 (<c>JupyterHub.hub_port</c>), 1 to 65535. Default: 8081.</summary>
    public int HubPort { get; init; } = 8081;

    /// <summary>The proxy's API port on 127.0.0.1 (<c>ConfigurableHTTPProxy.api_url</c>), 1 to 65535. Default: 8001.</summary>
    public int ProxyApiPort { get; init; } = 8001;

    /// <summary>The URL prefix of the hub (<c>JupyterHub.base_url</c>), e.g. <c>/</c> or <c>/jupyter/</c>. Default: <c>/</c>.</summary>
    public string BaseUrl { get; init; } = "/";

    /// <summary>Who may log in and how they are checked. Default: <see cref="HubAuthenticator.Pam"/>.</summary>
    public HubAuthenticator Authenticator { get; init; } = HubAuthenticator.Pam;

    /// <summary>Users who may administer the hub (<c>Authenticator.admin_users</c>); they may log in too. Default: none.</summary>
    public IReadOnlyList<string> AdminUsers { get; init; } = [];

    /// <summary>
    /// Users who may log in (<c>Authenticator.allowed_users</c>). With <see cref="AdminUsers"/> at least one name is
    /// required: an empty list would let every account PAM accepts in. Names are lower-case letters, digits, '-'
    /// and '_', as a system user's. Default: none.
    /// </summary>
    public IReadOnlyList<string> AllowedUsers { get; init; } = [];

    /// <summary>
    /// The Jupyter argon2 password hash (from <c>JupyterPassword.Hash</c>, its default) of every admin and allowed user, for
    /// <see cref="HubAuthenticator.PasswordFile"/>; must be empty with <see cref="HubAuthenticator.Pam"/>. Default: none.
    /// </summary>
    public IReadOnlyDictionary<string, string> PasswordHashes { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The system user the hub runs as with <see cref="HubAuthenticator.PasswordFile"/> (with PAM it runs as root,
    /// which checking passwords and starting servers as other users needs). Default: <c>jupyterhub</c>.
    /// </summary>
    public string ServiceUser { get; init; } = "jupyterhub";

    /// <summary>
    /// The hub's working folder: its database, the cookie secret, the proxy token, the password file and, with
    /// <see cref="HubAuthenticator.PasswordFile"/>, each user's home (<c>users/NAME</c>). Default: <c>/var/lib/jupyterhub</c>.
    /// </summary>
    public string StateDirectory { get; init; } = "/var/lib/jupyterhub";

    /// <summary>The folder <c>jupyterhub_config.py</c> is installed to. Default: <c>/etc/jupyterhub</c>.</summary>
    public string ConfigDirectory { get; init; } = "/etc/jupyterhub";

    /// <summary>The <c>jupyterhub</c> program ExecStart runs. Default: <c>/usr/bin/jupyterhub</c> (Debian's package).</summary>
    public string JupyterHubPath { get; init; } = "/usr/bin/jupyterhub";

    /// <summary>
    /// Where each user's notebooks live (<c>Spawner.notebook_dir</c>): <c>~</c> is the user's home, <c>{username}</c>
    /// the user's name. Default: <c>~</c>.
    /// </summary>
    public string NotebookDirectory { get; init; } = "~";

    /// <summary>
    /// How long a user's server may sit idle before it stops itself and its kernels: whole seconds, zero for
    /// never, at most 30 days. Default: 1 hour.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The Jupyter each user's server runs: <see cref="JupyterFlavor.Notebook6"/> (Debian 12's notebook, the classic
    /// interface) or <see cref="JupyterFlavor.JupyterServer"/> (Notebook 7 or JupyterLab 4). Default: <see cref="JupyterFlavor.Notebook6"/>.
    /// </summary>
    public JupyterFlavor Flavor { get; init; } = JupyterFlavor.Notebook6;

    /// <summary>Every admin and allowed user, admins first, each once.</summary>
    internal IReadOnlyList<string> Users => AdminUsers.Concat(AllowedUsers).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first property out of range.</summary>
    internal JupyterHubOptions Validate()
    {
        OptionCheck.That<JupyterHubOptions>(ServiceName is not null && SystemdService.UnitName().IsMatch(ServiceName), nameof(ServiceName), "must be a plain unit name (letters, digits, '-', '_', '.')", ServiceName);
        OptionCheck.That<JupyterHubOptions>(System.Net.IPAddress.TryParse(Ip ?? "", out _), nameof(Ip), "must be an IP address such as 127.0.0.1", Ip);
        foreach (var (name, port) in new[] { (nameof(Port), Port), (nameof(HubPort), HubPort), (nameof(ProxyApiPort), ProxyApiPort) })
        {
            OptionCheck.That<JupyterHubOptions>(port is >= 1 and <= 65535, name, "must be a TCP port from 1 to 65535", port);
        }
        OptionCheck.That<JupyterHubOptions>(new[] { Port, HubPort, ProxyApiPort }.Distinct().Count() == 3, nameof(HubPort), "and ProxyApiPort must differ from each other and from Port", $"{Port}, {HubPort}, {ProxyApiPort}");
        try
        {
            // Taken as written: the application-path reading would trim white space away.
            OptionCheck.That<JupyterHubOptions>(BaseUrl is not null && BaseUrl == BaseUrl.Trim(), nameof(BaseUrl), "must be an absolute URL path such as / or /jupyter/", BaseUrl);
            JupyterConfig.BaseUrlFromApplicationPath(BaseUrl!);
        }
        catch (ArgumentException e) when (e.ParamName != "options")
        {
            OptionCheck.That<JupyterHubOptions>(false, nameof(BaseUrl), "must be an absolute URL path such as / or /jupyter/", BaseUrl);
        }
        OptionCheck.That<JupyterHubOptions>(Enum.IsDefined(Authenticator), nameof(Authenticator), "must be Pam or PasswordFile", Authenticator);
        OptionCheck.That<JupyterHubOptions>(Enum.IsDefined(Flavor), nameof(Flavor), "must be Notebook6 or JupyterServer", Flavor);
        OptionCheck.That<JupyterHubOptions>(AdminUsers is not null, nameof(AdminUsers), "must not be null", null);
        OptionCheck.That<JupyterHubOptions>(AllowedUsers is not null, nameof(AllowedUsers), "must not be null", null);
        OptionCheck.That<JupyterHubOptions>(PasswordHashes is not null, nameof(PasswordHashes), "must not be null", null);
        foreach (var (property, names) in new[] { (nameof(AdminUsers), AdminUsers!), (nameof(AllowedUsers), AllowedUsers!) })
        {
            foreach (var user in names)
            {
                OptionCheck.That<JupyterHubOptions>(user is not null && SystemdService.UserName().IsMatch(user), property, "must hold user names of lower-case letters, digits, '-' and '_' (at most 32, not starting with a digit or '-')", user);
                // With PAM, root's password would open the hub's login form (and an admin's rights) to the network.
                OptionCheck.That<JupyterHubOptions>(user != "root", property, "must not name root", user);
            }
        }
        OptionCheck.That<JupyterHubOptions>(Users.Count > 0, nameof(AllowedUsers), "must name at least one user with AdminUsers (an empty list lets every account the authenticator accepts in)", "");
        if (Authenticator == HubAuthenticator.PasswordFile)
        {
            foreach (var user in Users)
            {
                OptionCheck.That<JupyterHubOptions>(PasswordHashes!.TryGetValue(user, out var hash) && IsHashLine(hash), nameof(PasswordHashes), $"must hold a Jupyter argon2 password hash (JupyterPassword.Hash) for '{user}'", PasswordHashes.GetValueOrDefault(user) is null ? "missing" : "not a hash");
            }
            OptionCheck.That<JupyterHubOptions>(PasswordHashes!.Keys.All(Users.Contains), nameof(PasswordHashes), "must hold hashes only for AdminUsers and AllowedUsers", string.Join(", ", PasswordHashes.Keys.Where(k => !Users.Contains(k))));
            OptionCheck.That<JupyterHubOptions>(ServiceUser is not null && SystemdService.UserName().IsMatch(ServiceUser) && ServiceUser != "root", nameof(ServiceUser), "must be a system user name other than root (lower-case letters, digits, '-', '_')", ServiceUser);
        }
        else
        {
            OptionCheck.That<JupyterHubOptions>(PasswordHashes!.Count == 0, nameof(PasswordHashes), "must be empty with the Pam authenticator (PAM checks the system's own passwords)", PasswordHashes.Count);
        }
        foreach (var (name, path) in new[] { (nameof(StateDirectory), StateDirectory), (nameof(ConfigDirectory), ConfigDirectory), (nameof(JupyterHubPath), JupyterHubPath) })
        {
            OptionCheck.That<JupyterHubOptions>(SystemdService.IsLiteralPath(path), name, "must be an absolute path of letters, digits and / . _ - + @ only", path);
        }
        OptionCheck.That<JupyterHubOptions>(NotebookDirectory is not null && NotebookFolder().IsMatch(NotebookDirectory), nameof(NotebookDirectory), "must be ~, a path under ~ or an absolute path, of letters, digits, / . _ - + @ and {username} only", NotebookDirectory);
        OptionCheck.That<JupyterHubOptions>(!NotebookDirectory!.StartsWith('/') || FixedFolder(NotebookDirectory) != "/", nameof(NotebookDirectory), "must name a folder above {username} (the unit makes that folder writable, never /)", NotebookDirectory);
        OptionCheck.That<JupyterHubOptions>(IdleTimeout >= TimeSpan.Zero && IdleTimeout <= TimeSpan.FromDays(30) && IdleTimeout.Ticks % TimeSpan.TicksPerSecond == 0, nameof(IdleTimeout), "must be whole seconds from 0 (never) to 30 days", IdleTimeout);
        return this;
    }

    /// <summary>The folder of an absolute <see cref="NotebookDirectory"/> above its first <c>{username}</c>, e.g. <c>/srv/nb</c> for <c>/srv/nb/{username}</c>.</summary>
    internal static string FixedFolder(string notebookDirectory)
    {
        var field = notebookDirectory.IndexOf('{', StringComparison.Ordinal);
        var folder = field < 0 ? notebookDirectory : notebookDirectory[..(notebookDirectory.LastIndexOf('/', field) + 1)];
        var trimmed = folder.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    // A hash goes on one name:hash line of the password file: no line break may end it early. Argon2 only: an unknown
    // name is checked against an argon2 hash, so a faster (sha1) hash would tell its user's name apart by the time the
    // answer takes, and every user's server can read the file, where a salted sha1 falls to an offline guess.
    private static bool IsHashLine(string? hash) =>
        JupyterPassword.IsHash(hash) && hash!.StartsWith("argon2:", StringComparison.Ordinal) && !hash.Any(char.IsControl);

    // ~, ~/x or /x, no "..", and braces only as Spawner's {username} (format_string fails on any other field).
    [GeneratedRegex(@"\A(?!(?:.*/)?\.\.(?:/|\z))(?:~\z|~/|/)(?:[A-Za-z0-9/._+@-]|\{username\})*\z")]
    private static partial Regex NotebookFolder();
}
