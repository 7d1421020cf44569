using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Drivers.Em73xx;
using Drivers.Em73xx.Gps;
using Drivers.Em73xx.Sms;

namespace Xsms;

/// <summary>A message as <c>--json</c> prints it (the shape README.md documents).</summary>
internal sealed record MessageJson(
    int Index, string Status, string Address, string? Timestamp, string Text, IReadOnlyList<int> Parts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<int>? MissingParts)
{
    /// <summary>What the object is, as a <c>watch --json</c> line also carries reports.</summary>
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "message";

    public static MessageJson From(SmsMessage message) => new(
        message.Index,
        message.Status switch
        {
            SmsStatus.Unread => "unread",
            SmsStatus.Read => "read",
            SmsStatus.Unsent => "unsent",
            _ => "sent",
        },
        message.Address,
        message.Timestamp?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        message.Text,
        message.Parts,
        message.IsComplete ? null : message.MissingParts);
}

/// <summary>A GPS fix as <c>--json</c> prints it; south and west are negative.</summary>
internal sealed record FixJson(
    double Latitude, double Longitude, double? Altitude, string? TimeUtc, int Satellites,
    double? HorizontalUncertainty, double? VerticalUncertainty, double? Pdop, double? Hdop, double? Vdop)
{
    public static FixJson From(GpsFix fix) => new(
        fix.Latitude, fix.Longitude, fix.AltitudeMeters,
        fix.TimeUtc?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        fix.Satellites.Count, fix.HorizontalUncertaintyMeters, fix.VerticalUncertaintyMeters, fix.Pdop, fix.Hdop, fix.Vdop);
}

/// <summary>What <c>info --json</c> prints.</summary>
internal sealed record InfoJson(
    string? Model, string? Firmware, string? Imei, string? Operator, int? SignalDbm, string SimState,
    int? PinRetriesLeft, int? PukRetriesLeft)
{
    public static InfoJson From(ModemInfo info) => new(
        info.Model, info.Firmware, info.Imei, info.Operator, info.SignalDbm,
        JsonNamingPolicyName(info.SimState.ToString()), info.PinRetries?.Pin, info.PinRetries?.Puk);

    private static string JsonNamingPolicyName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>What <c>send --json</c> prints.</summary>
internal sealed record SendJson(IReadOnlyList<int> References);

/// <summary>Source-generated serialization (no reflection, so the NativeAOT build works).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MessageJson))]
[JsonSerializable(typeof(List<MessageJson>))]
[JsonSerializable(typeof(FixJson))]
[JsonSerializable(typeof(InfoJson))]
[JsonSerializable(typeof(SendJson))]
[JsonSerializable(typeof(ReportJson))]
[JsonSerializable(typeof(UssdJson))]
internal sealed partial class XsmsJson : JsonSerializerContext
{
    /// <summary>The context to print with: "+420..." stays readable instead of "\u002B420...".</summary>
    public static XsmsJson Output { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
