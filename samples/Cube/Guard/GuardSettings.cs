// shutter-web's RequestGuard (linked from samples/ShutterWeb) reads the listening URLs and the token from a
// ShutterWeb.Settings; this is the part of it that the guard uses, so that cube shares the guard instead of copying it.
namespace ShutterWeb;

/// <summary>What <see cref="RequestGuard"/> needs to know: where the server listens and its token, if any.</summary>
internal sealed record Settings(string Urls, string? Token);
