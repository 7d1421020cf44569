using System.Net;
using System.Text.RegularExpressions;
using Samples.Tests.NotebookHost;

namespace Drivers.NotebookHosting.Tests.Hub;

/// <summary>
/// A browser's way through JupyterHub: the login form (with its <c>_xsrf</c> field when the form has one;
/// JupyterHub 3.0's has none), the spawn, the OAuth hand-off on the first visit to <c>/user/NAME/</c>, and then the
/// user's own Jupyter with the same cookies.
/// </summary>
internal sealed partial class HubClient : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _http;
    private readonly Uri _baseUri;

    public HubClient(Uri baseUri)
    {
        _baseUri = baseUri;
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task<HttpStatusCode> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_baseUri, path), cancellationToken);
        return response.StatusCode;
    }

    /// <summary>Posts the login form; returns the status and where it redirects to.</summary>
    public async Task<(HttpStatusCode Status, string? Location)> LogInAsync(string user, string password, CancellationToken cancellationToken)
    {
        var page = await _http.GetStringAsync(new Uri(_baseUri, "hub/login"), cancellationToken);
        var fields = new Dictionary<string, string> { ["username"] = user, ["password"] = password };
        if (XsrfField().Match(page) is { Success: true } xsrf)
        {
            fields["_xsrf"] = WebUtility.HtmlDecode(xsrf.Groups["value"].Value);
        }
        using var form = new FormUrlEncodedContent(fields);
        using var response = await _http.PostAsync(new Uri(_baseUri, "hub/login"), form, cancellationToken);
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    /// <summary>Asks the hub to start the user's server (what the browser does after the login).</summary>
    public async Task SpawnAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(_baseUri, "hub/spawn"), cancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.Found or HttpStatusCode.OK, $"GET /hub/spawn answered {response.StatusCode}.");
    }

    /// <summary>Follows the redirects from <paramref name="path"/> as a browser does (OAuth included); returns the last answer and its path.</summary>
    public async Task<(HttpStatusCode Status, string Path)> VisitAsync(string path, CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseUri, path);
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await _http.GetAsync(uri, cancellationToken);
            if (response.Headers.Location is not { } next)
            {
                return (response.StatusCode, uri.AbsolutePath);
            }
            uri = new Uri(uri, next);
        }
        throw new InvalidOperationException($"More than 10 redirects from {path}.");
    }

    /// <summary>The user's own Jupyter, reached through the hub's proxy with this login's cookies.</summary>
    public JupyterKernelClient Server(string user) => new(new Uri(_baseUri, $"user/{user}/"), _cookies);

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("""name="_xsrf"\s+value="(?<value>[^"]*)""")]
    private static partial Regex XsrfField();
}
