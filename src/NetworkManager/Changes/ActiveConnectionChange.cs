using Drivers.NetworkManager.Connections;

namespace Drivers.NetworkManager.Changes;

/// <summary>An active connection changed state (Connection.Active.StateChanged).</summary>
public sealed class ActiveConnectionChange : NetworkChange
{
    internal ActiveConnectionChange(string path, ActiveConnectionState state, uint reason)
        : base(path)
    {
        State = state;
        Reason = reason;
    }

    /// <summary>The state it entered.</summary>
    public ActiveConnectionState State { get; }

    /// <summary>Why (NMActiveConnectionStateReason: 2 user disconnected, 9 no secrets, ...).</summary>
    public uint Reason { get; }
}
