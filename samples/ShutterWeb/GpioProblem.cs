using Drivers.Shutter;

namespace ShutterWeb;

/// <summary>
/// Why a GPIO chip could not be opened, in one sentence. The library's message lists every driver's reason, and a
/// missing libgpiod makes the .NET loader list each path it tried: a screen of noise for a user who typed --chip 9.
/// </summary>
internal static class GpioProblem
{
    /// <summary>The sentence for <paramref name="error"/>.</summary>
    public static string Explain(GpioUnavailableException error)
    {
        if (error.Chip is not int chip)
        {
            // No chip was chosen: none found, or none that is a Raspberry Pi header's. The library names its option; say ours.
            return error.Message.StartsWith("No GPIO chip was found", StringComparison.Ordinal)
                ? "this machine has no GPIO chip (none is listed under /sys/bus/gpio); run on a Raspberry Pi, or try --simulate."
                : error.Message.Replace("ShutterOptions.Chip (--chip N)", "--chip N", StringComparison.Ordinal);
        }
        var device = $"/dev/gpiochip{chip}";
        if (!File.Exists(device))
        {
            return $"there is no GPIO chip {chip} ({device} does not exist); leave out --chip to use the Raspberry Pi header's chip, or try --simulate.";
        }
        var reasons = error.InnerException is AggregateException all ? all.InnerExceptions : [];
        if (reasons.Count > 0 && reasons.All(r => r is DllNotFoundException or TypeInitializationException || r.Message.Contains("not installed", StringComparison.OrdinalIgnoreCase)))
        {
            return "libgpiod is not installed (neither libgpiod.so.2 nor libgpiod.so.3 could be loaded); install Debian's libgpiod2 or libgpiod3.";
        }
        if (reasons.Any(r => r is UnauthorizedAccessException || r.Message.Contains("ermission denied", StringComparison.Ordinal)))
        {
            return $"this user may not open {device}; add it to the group that owns it (gpio on Raspberry Pi OS) and log in again.";
        }
        return $"GPIO chip {chip} ({device}) could not be opened: {reasons.Select(r => r.Message.Split('\n')[0].TrimEnd('.')).FirstOrDefault() ?? "no reason given"}.";
    }
}
