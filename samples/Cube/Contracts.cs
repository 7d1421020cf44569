using System.Text.Json.Serialization;
using Cube.Motion;
using Cube.Streaming;

namespace Cube;

/// <summary>POST /api/color (and its answer).</summary>
internal sealed record ColorBody(string? Color);

/// <summary>GET /api/clock: the server's <see cref="WallClock"/>, for the page to measure latency.</summary>
internal sealed record ClockResponse(double Now);

/// <summary>GET /api/diagnostics (tests only).</summary>
internal sealed record Diagnostics(long Opened, long Open, long SkippedFrames, long ManagedBytes, IReadOnlyList<string> Lightbar);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Frame))]
[JsonSerializable(typeof(PadStatus))]
[JsonSerializable(typeof(ColorBody))]
[JsonSerializable(typeof(ClockResponse))]
[JsonSerializable(typeof(Diagnostics))]
internal sealed partial class CubeJson : JsonSerializerContext;
