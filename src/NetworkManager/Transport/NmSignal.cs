using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Transport;

/// <summary>One signal from NetworkManager, copied out of the message (which is only valid inside the reader).</summary>
internal sealed record NmSignal(
    string Path,
    string Interface,
    string Member,
    uint[] Numbers,
    string? ObjectPath,
    string? ChangedInterface,
    Dictionary<string, VariantValue>? Changed)
{
    /// <summary>The unique name of the connection that sent it (the bus fills it in: it cannot be forged).</summary>
    public string Sender { get; init; } = "";

    private static readonly uint[] NoNumbers = [];

    /// <summary>Reads what the library uses from a signal; null for anything else or anything malformed (never throws).</summary>
    public static NmSignal? TryRead(Message message)
    {
        try
        {
            var path = message.PathAsString ?? "";
            var @interface = message.InterfaceAsString ?? "";
            var member = message.MemberAsString ?? "";
            var reader = message.GetBodyReader();
            NmSignal? signal = message.SignatureAsString switch
            {
                "u" => new(path, @interface, member, [reader.ReadUInt32()], null, null, null),
                "uu" => new(path, @interface, member, [reader.ReadUInt32(), reader.ReadUInt32()], null, null, null),
                "uuu" => new(path, @interface, member, [reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32()], null, null, null),
                "o" => new(path, @interface, member, NoNumbers, reader.ReadObjectPathAsString(), null, null),
                "sa{sv}as" => new(path, @interface, member, NoNumbers, null, reader.ReadString(), reader.ReadDictionaryOfStringToVariantValue()),
                _ => null,
            };
            return signal is null ? null : signal with { Sender = message.SenderAsString ?? "" };
        }
#pragma warning disable CA1031 // A malformed signal is dropped: a signal reader must never throw into the connection.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
