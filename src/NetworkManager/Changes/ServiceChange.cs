namespace Drivers.NetworkManager.Changes;

/// <summary>
/// NetworkManager left the bus or came back (its name's NameOwnerChanged; <c>nmcli monitor</c> prints "NetworkManager is
/// stopped" and "NetworkManager is running"). After a return its object paths are numbered anew.
/// </summary>
public sealed class ServiceChange : NetworkChange
{
    internal ServiceChange(string path, bool running)
        : base(path)
    {
        Running = running;
    }

    /// <summary>True when NetworkManager is (back) on the bus, false when it has left.</summary>
    public bool Running { get; }
}
