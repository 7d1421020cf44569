using System.Text.Json.Serialization;
using Drivers.Shutter;

namespace ShutterWeb;

/// <summary>GET /api/status. <c>Scheduled</c>: running, but no frame has been reached and the first is still ahead.</summary>
internal sealed record StatusResponse(bool Running, bool Scheduled, double IntervalSeconds, int? Count, int Taken, DateTimeOffset? NextShotAt, double PulseMilliseconds, string TimeZone)
{
    public static StatusResponse From(IntervalometerStatus status, ShutterRelease shutter) => new(
        status.Running,
        status.Running && status.Taken + status.Skipped == 0 && status.NextShotAt > shutter.TimeProvider.GetUtcNow(),
        status.Interval.TotalSeconds,
        status.Count,
        status.Taken,
        status.NextShotAt,
        shutter.PulseDuration.TotalMilliseconds,
        TimeZoneInfo.Local.Id);
}

/// <summary>POST /api/intervalometer/start and POST /api/preview. <c>StartAt</c> is a wall-clock time in the server's zone.</summary>
internal sealed record StartRequest(double? IntervalSeconds, int? Count, double? DelaySeconds, double? BulbSeconds, RampRequest? Ramp, string? StartAt);

/// <summary>A bulb ramp in a start body: exposures from <c>StartSeconds</c> to <c>EndSeconds</c> over <c>Frames</c> frames.</summary>
internal sealed record RampRequest(double? StartSeconds, double? EndSeconds, int? Frames, int? FirstFrame, double? MinimumGapSeconds);

/// <summary>POST /api/preview answer: one page of the plan's frames; <c>Next</c> is the <c>from</c> of the next page, or null.</summary>
internal sealed record PreviewResponse(int? Count, PreviewFrame[] Frames, int? Next);

/// <summary>One planned frame: its moment and bulb exposure (null for an ordinary pulse).</summary>
internal sealed record PreviewFrame(int Frame, DateTimeOffset PlannedAt, double? ExposureSeconds);

/// <summary>PUT /api/settings (and its answer).</summary>
internal sealed record SettingsBody(double? PulseMilliseconds, double? FocusMilliseconds);

/// <summary>POST /api/shots answer.</summary>
internal sealed record ShotResponse(DateTimeOffset StartedAt, DateTimeOffset ShutterClosedAt, DateTimeOffset ReleasedAt);

/// <summary>A server-sent "shot" event: a frame shot or skipped, or a picture on demand; <c>ExposureSeconds</c> is how long the line was actually held.</summary>
internal sealed record ShotEvent(string Kind, int? Frame, DateTimeOffset? PlannedAt, DateTimeOffset? ActualAt, double? LatenessMilliseconds, double? ExposureSeconds);

/// <summary>A server-sent "run" event: started, retimed, completed, stopped or failed.</summary>
internal sealed record RunEvent(string Kind, string? Error);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(StartRequest))]
[JsonSerializable(typeof(PreviewResponse))]
[JsonSerializable(typeof(SettingsBody))]
[JsonSerializable(typeof(ShotResponse))]
[JsonSerializable(typeof(ShotEvent))]
[JsonSerializable(typeof(RunEvent))]
[JsonSerializable(typeof(StreamCounts))]
internal sealed partial class ApiJson : JsonSerializerContext;
