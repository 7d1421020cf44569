using System.Text.Json.Serialization;
using Drivers.Shutter;

namespace ShutterWeb;

/// <summary>GET /api/status.</summary>
internal sealed record StatusResponse(bool Running, double IntervalSeconds, int? Count, int Taken, DateTimeOffset? NextShotAt, double PulseMilliseconds)
{
    public static StatusResponse From(IntervalometerStatus status, ShutterRelease shutter) => new(
        status.Running,
        status.Interval.TotalSeconds,
        status.Count,
        status.Taken,
        status.NextShotAt,
        shutter.PulseDuration.TotalMilliseconds);
}

/// <summary>POST /api/intervalometer/start.</summary>
internal sealed record StartRequest(double? IntervalSeconds, int? Count, double? DelaySeconds, double? BulbSeconds);

/// <summary>PUT /api/settings (and its answer).</summary>
internal sealed record SettingsBody(double? PulseMilliseconds, double? FocusMilliseconds);

/// <summary>POST /api/shots answer.</summary>
internal sealed record ShotResponse(DateTimeOffset StartedAt, DateTimeOffset ShutterClosedAt, DateTimeOffset ReleasedAt);

/// <summary>A server-sent "shot" event: a frame shot or skipped, or a picture on demand.</summary>
internal sealed record ShotEvent(string Kind, int? Frame, DateTimeOffset? PlannedAt, DateTimeOffset? ActualAt, double? LatenessMilliseconds);

/// <summary>A server-sent "run" event: started, retimed, completed, stopped or failed.</summary>
internal sealed record RunEvent(string Kind, string? Error);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(StartRequest))]
[JsonSerializable(typeof(SettingsBody))]
[JsonSerializable(typeof(ShotResponse))]
[JsonSerializable(typeof(ShotEvent))]
[JsonSerializable(typeof(RunEvent))]
[JsonSerializable(typeof(StreamCounts))]
internal sealed partial class ApiJson : JsonSerializerContext;
