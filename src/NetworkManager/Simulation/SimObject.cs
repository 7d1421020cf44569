using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Simulation;

/// <summary>One exported object of the simulator: its interfaces and their properties.</summary>
internal sealed class SimObject(string path)
{
    public string Path { get; } = path;

    public Dictionary<string, Dictionary<string, VariantValue>> Interfaces { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VariantValue> Interface(string name)
    {
        if (!Interfaces.TryGetValue(name, out var properties))
        {
            properties = new Dictionary<string, VariantValue>(StringComparer.Ordinal);
            Interfaces[name] = properties;
        }
        return properties;
    }
}
