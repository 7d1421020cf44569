using Drivers.NetworkManager.Protocol;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Transport;

/// <summary>
/// Calls into NetworkManager over one D-Bus connection. Every call goes to the well-known name, so the bus
/// routes it to whichever process owns it now: a restarted NetworkManager is reached without reconnecting.
/// D-Bus errors become <see cref="NetworkManagerErrorException"/>.
/// </summary>
internal sealed class NmBus(DBusConnection connection)
{
    public DBusConnection Connection { get; } = connection;

    public MessageBuffer Call(string path, string @interface, string member)
    {
        using var writer = Connection.GetMessageWriter();
        writer.WriteMethodCallHeader(NmNames.Service, path, @interface, member);
        return writer.CreateMessage();
    }

    public async Task<T> CallAsync<T>(MessageBuffer message, MessageValueReader<T> reader, string what)
    {
        try
        {
            return await Connection.CallMethodAsync(message, Guard(reader), null).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, what) is { } translated)
        {
            throw translated;
        }
    }

    public async Task CallAsync(MessageBuffer message, string what)
    {
        try
        {
            await Connection.CallMethodAsync(message).ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, what) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>All properties of one interface; empty when the object or interface is gone (a vanished access point).</summary>
    public async Task<Dictionary<string, VariantValue>> GetAllAsync(string path, string @interface)
    {
        MessageBuffer Create()
        {
            using var writer = Connection.GetMessageWriter();
            writer.WriteMethodCallHeader(NmNames.Service, path, NmNames.PropertiesInterface, "GetAll", "s");
            writer.WriteString(@interface);
            return writer.CreateMessage();
        }
        try
        {
            return await CallAsync(Create(), static (m, _) => Body(m, "a{sv}").ReadDictionaryOfStringToVariantValue(), "GetAll").ConfigureAwait(false);
        }
        catch (NetworkManagerErrorException e) when (IsMissing(e.ErrorName))
        {
            return [];
        }
    }

    public Task SetAsync(string path, string @interface, string name, VariantValue value)
    {
        MessageBuffer Create()
        {
            using var writer = Connection.GetMessageWriter();
            writer.WriteMethodCallHeader(NmNames.Service, path, NmNames.PropertiesInterface, "Set", "ssv");
            writer.WriteString(@interface);
            writer.WriteString(name);
            writer.WriteVariant(value);
            return writer.CreateMessage();
        }
        return CallAsync(Create(), "Set " + name);
    }

    /// <summary>
    /// The body of a reply, once its signature is the one the D-Bus API documents: Tmds.DBus reads what it is asked to,
    /// so a reply of another shape would be read as garbage (a string as an array of paths).
    /// </summary>
    public static Reader Body(Message message, string signature) =>
        message.SignatureAsString == signature
            ? message.GetBodyReader()
            : throw new MalformedReplyException($"the reply's signature is '{message.SignatureAsString}', not '{signature}'");

    /// <summary>Any failure of a reply's reader is the reply's fault: it becomes <see cref="MalformedReplyException"/>.</summary>
    private static MessageValueReader<T> Guard<T>(MessageValueReader<T> reader) => (message, state) =>
    {
        try
        {
            return reader(message, state);
        }
        catch (Exception e) when (e is not MalformedReplyException)
        {
            throw new MalformedReplyException(e.Message, e);
        }
    };

    /// <summary>The error name given to a reply that cannot be read as the API documents it.</summary>
    public const string MalformedReplyError = "org.freedesktop.DBus.Error.InvalidSignature";

    // Older or partial implementations (python-dbusmock among them) lack some properties and methods.
    public static bool IsMissing(string errorName) => errorName is NmNames.UnknownMethodError or NmNames.UnknownPropertyError
        or NmNames.InvalidArgsError or "org.freedesktop.DBus.Error.UnknownObject" or "org.freedesktop.DBus.Error.UnknownInterface";

    private static NetworkManagerErrorException? Translate(Exception e, string what) => e switch
    {
        // The reply's own text never holds secrets: NetworkManager names the property, not its value.
        DBusErrorReplyException reply => new NetworkManagerErrorException(
            reply.ErrorName, $"NetworkManager refused {what}: {reply.ErrorMessage} ({reply.ErrorName}).", e),
        DBusConnectionClosedException or DBusConnectFailedException => new NetworkManagerErrorException(
            NmNames.NoServerError, $"The D-Bus connection to NetworkManager is closed: {e.Message}", e),
        // A reply that does not have the shape the D-Bus API documents (a hostile or broken owner of the name).
        MalformedReplyException or DBusReadException => new NetworkManagerErrorException(
            MalformedReplyError, $"NetworkManager answered {what} with a malformed reply: {e.Message}", e),
        _ => null,
    };
}
