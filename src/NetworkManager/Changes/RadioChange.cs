using Drivers.NetworkManager.Radios;

namespace Drivers.NetworkManager.Changes;

/// <summary>A radio switch was flipped (PropertiesChanged on WirelessEnabled, WwanEnabled or their hardware switches).</summary>
public sealed class RadioChange : NetworkChange
{
    internal RadioChange(string path, Radio radio, bool hardware, bool enabled)
        : base(path)
    {
        Radio = radio;
        Hardware = hardware;
        Enabled = enabled;
    }

    /// <summary>Which radio.</summary>
    public Radio Radio { get; }

    /// <summary>True for the hardware (rfkill) switch, false for the software one.</summary>
    public bool Hardware { get; }

    /// <summary>The switch's new position.</summary>
    public bool Enabled { get; }
}
