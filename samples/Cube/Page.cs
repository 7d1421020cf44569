namespace Cube;

/// <summary>The one page, its scripts and style, served from resources inside the assembly (no CDN).</summary>
internal static class Page
{
    public static void Map(WebApplication app)
    {
        Serve(app, "/", "index.html", "text/html; charset=utf-8");
        Serve(app, "/app.js", "app.js", "text/javascript; charset=utf-8");
        Serve(app, "/cube.js", "cube.js", "text/javascript; charset=utf-8");
        Serve(app, "/app.css", "app.css", "text/css; charset=utf-8");
        // Browsers ask for an icon on their own; an empty answer keeps that out of the console.
        app.MapGet("/favicon.ico", () => Results.NoContent());
    }

    private static void Serve(WebApplication app, string route, string resource, string contentType)
    {
        using var stream = typeof(Page).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The page resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        var content = reader.ReadToEnd();
        app.MapGet(route, (HttpContext context) =>
        {
            // Everything comes from this server; nothing inline, nothing from elsewhere.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Text(content, contentType);
        });
    }
}
