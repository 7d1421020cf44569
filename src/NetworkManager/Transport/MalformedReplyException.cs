namespace Drivers.NetworkManager.Transport;

/// <summary>A reply from NetworkManager's name that cannot be read as the D-Bus API documents it; never leaves the package.</summary>
internal sealed class MalformedReplyException : Exception
{
    public MalformedReplyException(string message)
        : base(message)
    {
    }

    public MalformedReplyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
