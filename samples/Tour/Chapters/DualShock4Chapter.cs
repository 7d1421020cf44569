using Drivers.DualShock4;
using Drivers.DualShock4.Simulation;

namespace Tour.Chapters;

internal sealed class DualShock4Chapter : Chapter
{
    public override string Package => "Drivers.DualShock4";

    public override string Wraps => "DualShock 4 controller over Linux hidraw";

    public override async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        // The recorded demo session (two seconds of USB reports from a scripted motion), replayed into a simulated pad.
        var session = Recording.Demo;
        await using var pad = new SimulatedController();
        await using var controller = pad.Open();
        output.WriteLine($"  Replaying the demo session: {session.Reports.Count} reports over {session.Duration.TotalSeconds:F1} s into a simulated {controller.Info.Model} ({controller.Info.Bus}).");

        var seen = 0;
        var shown = new List<(TimeSpan At, ControllerState State)>();
        await using (var states = controller.WatchStatesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken))
        {
            var next = states.MoveNextAsync(); // subscribed before the first report is sent
            var replay = pad.ReplayAsync(session, cancellationToken);
            while (seen < session.Reports.Count && await next)
            {
                if (seen % 100 == 0)
                {
                    shown.Add((session.Reports[seen].Offset, states.Current));
                }
                seen++;
                next = seen < session.Reports.Count ? states.MoveNextAsync() : default;
            }
            await replay;
        }
        foreach (var (at, state) in shown)
        {
            var tilt = controller.Calibration.Acceleration(state);
            output.WriteLine(
                $"  {at.TotalSeconds:F1} s  left stick {state.LeftStick.X,3},{state.LeftStick.Y,3}  L2 {state.L2,3}  R2 {state.R2,3}  " +
                $"d-pad {state.DPad,-9} buttons {(state.Buttons == Buttons.None ? "-" : state.Buttons.ToString()),-15} tilt x {tilt.X:+0.00;-0.00} g");
        }
        output.WriteLine($"  {controller.ReportsReceived} reports read, {controller.ReportsDropped} dropped; battery {controller.State.BatteryPercent}%{(controller.State.IsCablePlugged ? " on cable" : "")}.");

        await controller.SetLightbarAsync(0, 0, 64, cancellationToken);
        output.WriteLine($"  Lightbar set to blue: the pad received output report {Convert.ToHexString(pad.OutputReports[^1].AsSpan(0, 11))}... (32 bytes)");
        output.WriteLine($"  The pad now shows red {pad.Feedback.Red}, green {pad.Feedback.Green}, blue {pad.Feedback.Blue}.");
    }
}
