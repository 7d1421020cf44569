using Drivers.DualShock4.Simulation;

namespace Drivers.DualShock4.Tests.Simulation;

public sealed class DemoSessionTests
{
    private static string ShippedPath =>
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "DualShock4", "Simulation", "Sessions", "demo.ds4rec");

    private static string Generate()
    {
        using var text = new StringWriter { NewLine = "\n" };
        Recording.FromMotion(Motion.Demo, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(4)).Save(text);
        return text.ToString();
    }

    private static ControllerState Decode(RecordedReport report) =>
        InputReport.TryParse(report.Report.Span, out var state) ? state : throw new InvalidDataException("A demo report does not parse.");

    [Fact]
    public void The_shipped_demo_session_is_the_demo_motion_sampled_at_250_Hz_for_two_seconds()
    {
        // To regenerate after changing Motion.Demo: DUALSHOCK4_REGENERATE_DEMO=1 dotnet test --project tests/DualShock4.Tests
        if (Environment.GetEnvironmentVariable("DUALSHOCK4_REGENERATE_DEMO") == "1")
        {
            File.WriteAllText(ShippedPath, Generate());
        }

        Assert.Equal(Generate(), File.ReadAllText(ShippedPath));
    }

    [Fact]
    public void The_demo_session_embedded_in_the_package_decodes_into_the_scripted_motion()
    {
        var demo = Recording.Demo;

        Assert.Equal(501, demo.Reports.Count);
        Assert.Equal(TimeSpan.FromSeconds(2), demo.Duration);
        foreach (var report in demo.Reports)
        {
            Assert.True(InputReport.TryParse(report.Report.Span, out var state));
            var expected = Motion.Demo.StateAt(report.Offset);
            Assert.Equal(expected.LeftStick, state.LeftStick);
            Assert.Equal(expected.Buttons, state.Buttons);
            Assert.Equal(expected.L2, state.L2);
            Assert.Equal(expected.Touch1, state.Touch1);
        }
    }

    [Fact]
    public void The_demo_motion_presses_every_face_button_and_squeezes_both_triggers_fully()
    {
        var states = Recording.Demo.Reports.Select(Decode).ToList();

        foreach (var button in new[] { Buttons.Cross, Buttons.Circle, Buttons.Square, Buttons.Triangle, Buttons.L2, Buttons.R2 })
        {
            Assert.Contains(states, s => s.IsPressed(button));
        }
        Assert.Equal(255, states.Max(s => s.L2));
        Assert.Equal(255, states.Max(s => s.R2));
        Assert.Contains(states, s => s.Touch1.IsActive);
        Assert.Contains(states, s => s.DPad == DPadDirection.Left);
    }

    [Fact]
    public void Counters_and_sensor_timestamps_step_as_a_real_pads_do()
    {
        var states = Recording.Demo.Reports.Take(20).Select(Decode).ToList();

        for (var i = 1; i < states.Count; i++)
        {
            Assert.Equal((states[i - 1].Counter + 1) & 63, states[i].Counter);
            Assert.Equal(750, (ushort)(states[i].Timestamp - states[i - 1].Timestamp));
        }
    }
}
