using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Samples.Tests.NotebookHost;

/// <summary>
/// Just enough of a Jupyter browser client: the login form with its _xsrf cookie and field, the REST
/// API for kernels, and one cell run over the kernel's WebSocket in the Jupyter messaging protocol
/// (jupyter-client docs, "Messaging in Jupyter": execute_request on shell, stream/execute_result on iopub).
/// </summary>
internal sealed class JupyterKernelClient : IDisposable
{
    private readonly CookieContainer _cookies;
    private readonly HttpClient _http;
    private readonly Uri _baseUri;

    /// <summary>A client of the Jupyter at <paramref name="baseUri"/>; <paramref name="cookies"/> carries a login made elsewhere (a JupyterHub's).</summary>
    public JupyterKernelClient(Uri baseUri, CookieContainer? cookies = null)
    {
        _baseUri = baseUri;
        _cookies = cookies ?? new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Xsrf => _cookies.GetCookies(_baseUri)["_xsrf"]?.Value ?? throw new InvalidOperationException("Jupyter set no _xsrf cookie.");

    /// <summary>Posts the login form; returns the status and where it redirects to.</summary>
    public async Task<(HttpStatusCode Status, string? Location)> LogInAsync(string password, CancellationToken cancellationToken)
    {
        using (await _http.GetAsync(new Uri(_baseUri, "login"), cancellationToken))
        {
        }
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["password"] = password, ["_xsrf"] = Xsrf });
        using var response = await _http.PostAsync(new Uri(_baseUri, "login?next=" + Uri.EscapeDataString(_baseUri.AbsolutePath + "tree")), form, cancellationToken);
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUri, path));
        request.Headers.Add("X-XSRFToken", Xsrf);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Runs <paramref name="code"/> in the kernel and returns what it printed (stream) or evaluated to (execute_result).</summary>
    public async Task<string> ExecuteAsync(string kernelId, string code, CancellationToken cancellationToken)
    {
        var session = Guid.NewGuid().ToString("N");
        using var socket = new ClientWebSocket();
        socket.Options.Cookies = _cookies;
        var wsUri = new UriBuilder(new Uri(_baseUri, $"api/kernels/{kernelId}/channels?session_id={session}")) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(wsUri, cancellationToken);

        var msgId = Guid.NewGuid().ToString("N");
        var request = new JsonObject
        {
            ["header"] = new JsonObject
            {
                ["msg_id"] = msgId,
                ["username"] = "test",
                ["session"] = session,
                ["msg_type"] = "execute_request",
                ["version"] = "5.3",
                ["date"] = DateTimeOffset.UtcNow.ToString("O"),
            },
            ["parent_header"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["content"] = new JsonObject
            {
                ["code"] = code,
                ["silent"] = false,
                ["store_history"] = false,
                ["user_expressions"] = new JsonObject(),
                ["allow_stdin"] = false,
                ["stop_on_error"] = true,
            },
            ["channel"] = "shell",
            ["buffers"] = new JsonArray(),
        };
        await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);

        var output = new StringBuilder();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, cancellationToken);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            Assert.NotEqual(WebSocketMessageType.Close, received.MessageType);
            using var document = JsonDocument.Parse(message.ToArray());
            var root = document.RootElement;
            if (root.GetProperty("parent_header").TryGetProperty("msg_id", out var parent) && parent.GetString() != msgId)
            {
                continue;
            }
            var type = root.GetProperty("msg_type").GetString();
            var content = root.GetProperty("content");
            switch (type)
            {
                case "stream":
                    output.Append(content.GetProperty("text").GetString());
                    break;
                case "execute_result":
                    output.Append(content.GetProperty("data").GetProperty("text/plain").GetString());
                    break;
                case "error":
                    Assert.Fail($"The cell failed: {content.GetProperty("ename").GetString()}: {content.GetProperty("evalue").GetString()}");
                    break;
                case "status" when content.GetProperty("execution_state").GetString() == "idle":
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
                    return output.ToString();
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
