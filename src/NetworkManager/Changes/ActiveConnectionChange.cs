using Drivers.NetworkManager.Connections;

namespace Drivers.NetworkManager.Changes;

/// <summary>An active connection changed state (Connection.Active.StateChanged).</summary>
public sealed class ActiveConnectionChange : NetworkChange
{
    internal ActiveConnectionChange(string path, ActiveConnectionState state, ActiveConnectionStateReason reason)
        : base(path)
    {
        State = state;
        Reason = reason;
    }

    /// <summary>The state it entered.</summary>
    public ActiveConnectionState State { get; }

    /// <summary>Why (NMActiveConnectionStateReason); a number the enum does not name is kept as it is.</summary>
    public ActiveConnectionStateReason Reason { get; }
}
