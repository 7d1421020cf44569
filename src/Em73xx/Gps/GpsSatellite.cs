namespace Drivers.Em73xx.Gps;

/// <summary>One satellite block of a position report.</summary>
/// <param name="Prn">The satellite's PRN number.</param>
/// <param name="ElevationDegrees">Elevation above the horizon, degrees.</param>
/// <param name="AzimuthDegrees">Azimuth, degrees from north.</param>
/// <param name="SignalDbHz">Carrier-to-noise density, dB-Hz.</param>
/// <param name="Used">The block's flag; 1 in every real sample, read as "used in the fix" (inferred, not documented).</param>
public readonly record struct GpsSatellite(int Prn, double ElevationDegrees, double AzimuthDegrees, double SignalDbHz, bool Used);
