using System.Text.Json.Serialization;

namespace Xnm;

/// <summary>One device in <c>xnm devices --json</c>.</summary>
internal sealed record DeviceJson(
    string Interface,
    string Type,
    string State,
    uint StateReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Connection,
    string HardwareAddress,
    string Driver);

/// <summary>One access point in <c>xnm wifi list --json</c>.</summary>
internal sealed record AccessPointJson(string Ssid, string Bssid, byte Strength, uint Frequency, uint MaxBitrateKbps, string Security, bool Saved, bool Active, string Interface);

/// <summary>One line of <c>xnm monitor --json</c>; fields that do not apply to the event are left out.</summary>
internal sealed record ChangeJson(string Event, string Path)
{
    public string? Interface { get; init; }

    public string? State { get; init; }

    public string? OldState { get; init; }

    public uint? Reason { get; init; }

    public string? AccessPoint { get; init; }

    public string? Radio { get; init; }

    public bool? Hardware { get; init; }

    public bool? Enabled { get; init; }
}

/// <summary>The radio switches in <c>xnm radio --json</c>.</summary>
internal sealed record RadioJson(bool Wifi, bool WifiHardware, bool Wwan, bool WwanHardware);

/// <summary>Source-generated JSON (camelCase) so that xnm stays NativeAOT-publishable.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeviceJson[]))]
[JsonSerializable(typeof(AccessPointJson[]))]
[JsonSerializable(typeof(ChangeJson))]
[JsonSerializable(typeof(RadioJson))]
internal sealed partial class XnmJson : JsonSerializerContext;
