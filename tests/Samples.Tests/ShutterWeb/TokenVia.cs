namespace Samples.Tests.ShutterWeb;

/// <summary>How a test hands a server sample its bearer token (shutter-web and cube read it the same ways).</summary>
internal enum TokenVia
{
    /// <summary><c>--token T</c>: on the command line, in every local user's process list.</summary>
    Argument,

    /// <summary>The sample's environment variable (<c>SHUTTER_WEB_TOKEN</c>, <c>CUBE_TOKEN</c>).</summary>
    Environment,

    /// <summary><c>--token-file FILE</c>, a file only its owner may read or write.</summary>
    File,
}
