using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Transport;

/// <summary>Tolerant reads from a property dictionary: a missing or mistyped property gives the default, never an exception.</summary>
internal static class Variants
{
    public static uint UInt32(this Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) ? v.Type switch
        {
            VariantValueType.UInt32 => v.GetUInt32(),
            VariantValueType.Int32 => (uint)Math.Max(0, v.GetInt32()),
            VariantValueType.Byte => v.GetByte(),
            _ => 0,
        } : 0;

    public static byte Byte(this Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) ? v.Type switch
        {
            VariantValueType.Byte => v.GetByte(),
            VariantValueType.UInt32 => (byte)Math.Min(255u, v.GetUInt32()),
            VariantValueType.Int32 => (byte)Math.Clamp(v.GetInt32(), 0, 255),
            _ => (byte)0,
        } : (byte)0;

    public static bool Bool(this Dictionary<string, VariantValue> properties, string name, bool fallback = false) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.Bool ? v.GetBool() : fallback;

    public static string String(this Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.String ? v.GetString() : "";

    public static string Path(this Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.ObjectPath ? v.GetObjectPathAsString() : "/";

    public static string[] Paths(this Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.Array && v.ItemType == VariantValueType.ObjectPath
            ? Enumerable.Range(0, v.Count).Select(i => v.GetItem(i).GetObjectPathAsString()).ToArray()
            : [];

    public static byte[] Bytes(this Dictionary<string, VariantValue> properties, string name) =>
        properties.TryGetValue(name, out var v) && v.Type == VariantValueType.Array && v.ItemType == VariantValueType.Byte
            ? v.GetArray<byte>()
            : [];

    public static (uint First, uint Second) UInt32Pair(this Dictionary<string, VariantValue> properties, string name)
    {
        if (properties.TryGetValue(name, out var v) && v.Type == VariantValueType.Struct && v.Count == 2
            && v.GetItem(0).Type == VariantValueType.UInt32 && v.GetItem(1).Type == VariantValueType.UInt32)
        {
            return (v.GetItem(0).GetUInt32(), v.GetItem(1).GetUInt32());
        }
        return (0, 0);
    }
}
