using System.Text;
using System.Text.Json;
using Drivers.NotebookHosting.Configuration;

namespace Drivers.NotebookHosting.Launching;

/// <summary>
/// What the launcher needs to know that ANCM does not tell it: which Python runs Jupyter and where its
/// config lives. Stored as <c>notebook-host.json</c> in the IIS site folder; holds no secret.
/// </summary>
public sealed class LauncherSettings
{
    /// <summary>The file name <c>iis init</c> writes and <c>launch</c> reads.</summary>
    public const string FileName = "notebook-host.json";

    /// <summary>The Python interpreter of the environment Jupyter is installed in (e.g. <c>C:\jupyter\venv\Scripts\python.exe</c>).</summary>
    public required string Python { get; init; }

    /// <summary>The module run with <c>python -m</c>: <c>notebook</c> (default) or e.g. <c>jupyterlab</c>.</summary>
    public string Module { get; init; } = "notebook";

    /// <summary>Which Jupyter application that is, so the right trait names go on its command line.</summary>
    public JupyterFlavor Flavor { get; init; } = JupyterFlavor.Notebook6;

    /// <summary>The folder with the Jupyter config file (<c>JUPYTER_CONFIG_DIR</c>).</summary>
    public required string ConfigDirectory { get; init; }

    /// <summary>Reads settings from <paramref name="path"/>; relative paths inside are taken from the file's folder.</summary>
    /// <exception cref="LaunchRefusedException">The file is missing or not valid settings.</exception>
    public static LauncherSettings Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LaunchRefusedException($"The launcher settings {path} cannot be read ({e.Message}); run 'notebook-host iis init' first.", e);
        }
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var flavor = Text(root, "flavor") ?? "notebook6";
            return new LauncherSettings
            {
                Python = Path.GetFullPath(Text(root, "python") ?? throw Missing(path, "python"), folder),
                Module = Text(root, "module") ?? "notebook",
                Flavor = flavor switch
                {
                    "notebook6" => JupyterFlavor.Notebook6,
                    "jupyterServer" => JupyterFlavor.JupyterServer,
                    _ => throw new LaunchRefusedException($"The launcher settings {path} name an unknown flavor '{flavor}' (use notebook6 or jupyterServer)."),
                },
                ConfigDirectory = Path.GetFullPath(Text(root, "configDirectory") ?? throw Missing(path, "configDirectory"), folder),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new LaunchRefusedException($"The launcher settings {path} are not valid JSON settings ({e.Message}).", e);
        }
    }

    /// <summary>The settings as the JSON document <see cref="Load"/> reads.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("python", Python);
            writer.WriteString("module", Module);
            writer.WriteString("flavor", Flavor == JupyterFlavor.Notebook6 ? "notebook6" : "jupyterServer");
            writer.WriteString("configDirectory", ConfigDirectory);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;

    private static LaunchRefusedException Missing(string path, string name) =>
        new($"The launcher settings {path} lack '{name}'; run 'notebook-host iis init' again.");
}
