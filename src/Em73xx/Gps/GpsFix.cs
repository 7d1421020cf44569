namespace Drivers.Em73xx.Gps;

/// <summary>
/// One position report of the modem's GPS (<c>+XLCSLSR: &lt;id&gt;, &lt;lat&gt; N, &lt;lon&gt; E, ...</c>).
/// Latitude, longitude and time are certain; the other fields are read from real samples
/// (no public document defines them) and are null when the modem leaves them empty.
/// </summary>
public sealed class GpsFix
{
    /// <summary>The location request this report answers.</summary>
    public int RequestId { get; init; }

    /// <summary>Latitude in decimal degrees; south is negative.</summary>
    public double Latitude { get; init; }

    /// <summary>Longitude in decimal degrees; west is negative.</summary>
    public double Longitude { get; init; }

    /// <summary>Altitude in meters.</summary>
    public double? AltitudeMeters { get; init; }

    /// <summary>When the fix was taken, in UTC.</summary>
    public DateTimeOffset? TimeUtc { get; init; }

    /// <summary>Horizontal uncertainty (semi-major axis of the error ellipse), meters.</summary>
    public double? HorizontalUncertaintyMeters { get; init; }

    /// <summary>Vertical (altitude) uncertainty, meters.</summary>
    public double? VerticalUncertaintyMeters { get; init; }

    /// <summary>Confidence of the uncertainty figures, percent.</summary>
    public int? ConfidencePercent { get; init; }

    /// <summary>Position dilution of precision.</summary>
    public double? Pdop { get; init; }

    /// <summary>Horizontal dilution of precision.</summary>
    public double? Hdop { get; init; }

    /// <summary>Vertical dilution of precision.</summary>
    public double? Vdop { get; init; }

    /// <summary>The full GPS week number.</summary>
    public int? GpsWeek { get; init; }

    /// <summary>GPS time of week, seconds.</summary>
    public double? GpsTimeOfWeekSeconds { get; init; }

    /// <summary>The satellites the report lists, with elevation, azimuth and signal.</summary>
    public IReadOnlyList<GpsSatellite> Satellites { get; init; } = [];

    /// <summary>
    /// The fix as NMEA 0183 sentences for gpsd and other NMEA readers: ZDA (the date and time, first, when the fix has a
    /// time), GGA, RMC, GSA and the GSV sentences of the satellites in view, each ending in CR LF. Values the modem did not report are empty fields; a position that is
    /// not a place on Earth is written as no fix.
    /// </summary>
    public IReadOnlyList<string> ToNmea() => Protocol.Nmea.NmeaWriter.Sentences(this);
}
