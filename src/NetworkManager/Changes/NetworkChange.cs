namespace Drivers.NetworkManager.Changes;

/// <summary>One change reported by NetworkManager (<c>nmcli monitor</c>); see the sealed subclasses.</summary>
public abstract class NetworkChange
{
    private protected NetworkChange(string path)
    {
        Path = path;
    }

    /// <summary>The D-Bus object path of the object that changed.</summary>
    public string Path { get; }
}
