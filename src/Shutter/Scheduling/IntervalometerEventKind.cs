namespace Drivers.Shutter;

/// <summary>What an <see cref="IntervalometerEvent"/> reports.</summary>
public enum IntervalometerEventKind
{
    /// <summary>A run started.</summary>
    Started,

    /// <summary>A scheduled frame was shot.</summary>
    Shot,

    /// <summary>A scheduled frame was not shot: its moment had passed before the shutter was free (for example during a long bulb).</summary>
    Skipped,

    /// <summary>A picture was taken on demand (<see cref="Intervalometer.ShootNowAsync"/>), outside the schedule.</summary>
    AdHocShot,

    /// <summary>The interval was changed while running.</summary>
    Retimed,

    /// <summary>The run took all its frames.</summary>
    Completed,

    /// <summary>The run was stopped before its end.</summary>
    Stopped,

    /// <summary>The run ended because of an error (see <see cref="IntervalometerEvent.Error"/>).</summary>
    Failed,
}
