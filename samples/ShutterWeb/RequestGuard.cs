using Microsoft.Net.Http.Headers;

namespace ShutterWeb;

/// <summary>
/// Keeps other web sites out of the API, with or without <c>--token</c>. A page on any site can make the
/// browser send requests here; these rules refuse them:
/// <list type="bullet">
/// <item>DNS rebinding (a foreign name made to resolve to this machine) is refused by serving only the host
/// names the server was bound to: loopback names always, and with <c>--token</c> the hosts of <c>--urls</c>
/// (any name when that is a wildcard: the token then keeps strangers out).</item>
/// <item>A request whose <c>Origin</c> (RFC 6454; browsers send it on every POST and PUT, Fetch standard
/// "append a request Origin header") is not this server's own origin gets 403.</item>
/// <item>A state-changing request must be <c>application/json</c> (415 otherwise): a cross-site HTML form or a
/// "simple" fetch can send only form or <c>text/plain</c> bodies without a CORS preflight, which this server
/// never grants.</item>
/// </list>
/// </summary>
internal sealed class RequestGuard
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    private readonly HashSet<string>? _hosts;

    public RequestGuard(Settings settings)
    {
        var hosts = new HashSet<string>(LoopbackNames, StringComparer.OrdinalIgnoreCase);
        if (settings.Token is not null)
        {
            foreach (var url in settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var host = HostOf(url);
                if (host is "*" or "+" or "0.0.0.0" or "[::]")
                {
                    hosts = null; // every interface: whatever name the phone uses, the token is the guard
                    break;
                }
                hosts.Add(host);
            }
        }
        _hosts = hosts;
    }

    /// <summary>Refuses, for every path, a <c>Host</c> this server was not bound to.</summary>
    public Task HostsAsync(HttpContext context, RequestDelegate next)
    {
        var host = context.Request.Host;
        if (_hosts is not null && !(host.HasValue && _hosts.Contains(host.Host)))
        {
            return Problem(StatusCodes.Status400BadRequest, "Unknown host",
                $"This server answers only to {string.Join(", ", _hosts.Order(StringComparer.Ordinal))}; start it with --urls and --token to serve another name.")
                .ExecuteAsync(context);
        }
        return next(context);
    }

    /// <summary>The API filter: a foreign <c>Origin</c> gets 403, a state-changing request that is not JSON 415.</summary>
    public static async ValueTask<object?> ApiAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var request = invocation.HttpContext.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsOwnOrigin(origin, request))
        {
            return Problem(StatusCodes.Status403Forbidden, "Foreign origin", "Requests from other web sites are refused; use the page this server serves.");
        }
        var changesState = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
        if (changesState && !IsJson(request.ContentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Not JSON", "The body must be JSON sent with 'Content-Type: application/json' (an empty object {} when there is nothing to say).");
        }
        return await next(invocation);
    }

    private static bool IsOwnOrigin(string origin, HttpRequest request) =>
        // An origin is scheme, host and port (RFC 6454 section 4); "null" (a sandboxed or file page) is never ours.
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", HostWithPort(request), StringComparison.OrdinalIgnoreCase);

    private static string HostWithPort(HttpRequest request)
    {
        var host = request.Host;
        var port = host.Port;
        var defaultPort = request.IsHttps ? 443 : 80;
        return port is null || port == defaultPort ? host.Host : $"{host.Host}:{port}";
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    private static string HostOf(string url)
    {
        // Kestrel's wildcards are not URIs; everything else is (checked on the command line).
        var rest = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..];
        if (rest.StartsWith('['))
        {
            return rest[..(rest.IndexOf(']', StringComparison.Ordinal) + 1)];
        }
        var end = rest.IndexOfAny([':', '/']);
        return end < 0 ? rest : rest[..end];
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title);
}
