using Drivers.Shutter;

namespace ShutterWeb;

/// <summary>
/// The plan of the last run started through the API: PUT /api/settings needs to know whether the running frames are
/// bulb exposures, whose timing the focus is part of, or plain pulses.
/// </summary>
internal sealed class StartedPlan
{
    private volatile IntervalometerPlan? _plan;

    public IntervalometerPlan? Plan
    {
        get => _plan;
        set => _plan = value;
    }
}
