using System.Device.Gpio;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Drivers.Shutter.Tests.Properties;

public sealed class ShutterPropertyTests
{
    /// <summary>One thing a user or the clock does: start, stop, retime, shoot now, or let time pass.</summary>
    public enum Act { Start, Stop, Retime, ShootNow, Wait }

    /// <summary>How long, in real time, the end of a script may take before the property fails instead of hanging.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static Arbitrary<(Act, int)[]> Scripts() =>
        Gen.Zip(Gen.Elements(Act.Start, Act.Stop, Act.Retime, Act.ShootNow, Act.Wait, Act.Wait, Act.Wait), Gen.Choose(1, 4_000))
            .ArrayOf()
            .ToArbitrary();

    [Property(Arbitrary = [typeof(ShutterPropertyTests)], MaxTest = 150)]
    public bool Whatever_is_started_stopped_retimed_or_shot_the_line_ends_open_and_shots_never_overlap((Act Act, int Value)[] script) =>
        // FsCheck waits for a property synchronously; off xUnit's SynchronizationContext that cannot deadlock.
#pragma warning disable xUnit1031
        Task.Run(() => PlayAsync(script), TestContext.Current.CancellationToken).GetAwaiter().GetResult();
#pragma warning restore xUnit1031

    private static async Task<bool> PlayAsync((Act Act, int Value)[] script)
    {
        OverlapDetector? detector = null;
        var rig = Rig.Create(
            focus: script.Length % 2 == 0,
            focusTime: TimeSpan.FromMilliseconds(script.Length % 3 * 40),
            inFront: gpio => detector = new OverlapDetector(gpio));
        var onDemand = new List<Task<Shot>>();

        foreach (var (act, value) in script)
        {
            switch (act)
            {
                case Act.Start when !rig.Intervalometer.Status.Running:
                    rig.Intervalometer.Start(new IntervalometerPlan
                    {
                        Interval = TimeSpan.FromMilliseconds(400 + value),
                        Count = value % 4 == 0 ? null : (value % 7) + 1,
                        StartDelay = TimeSpan.FromMilliseconds(value % 5 * 100),
                        BulbDuration = value % 3 == 0 ? TimeSpan.FromMilliseconds(value * 2) : null,
                    });
                    break;
                case Act.Stop:
                    await rig.Intervalometer.StopAsync(TestContext.Current.CancellationToken).WaitAsync(Guard, TestContext.Current.CancellationToken);
                    break;
                case Act.Retime:
                    rig.Retime((400 + value) / 1000.0);
                    break;
                case Act.ShootNow:
                    onDemand.Add(rig.Intervalometer.ShootNowAsync(TestContext.Current.CancellationToken));
                    break;
                case Act.Wait:
                    rig.RunUntil(rig.Now + value);
                    await Task.Yield();
                    break;
            }
        }

        await rig.Intervalometer.StopAsync(TestContext.Current.CancellationToken).WaitAsync(Guard, TestContext.Current.CancellationToken);
        // A shot waiting for the shutter takes it on the thread pool (SemaphoreSlim resumes waiters asynchronously),
        // maybe only after many of these steps on a busy machine: the clock moves on until every shot has ended, for as
        // long as that takes in real time, since a shot that starts after the clock stops moving would wait forever.
        var giveUp = DateTime.UtcNow + Guard;
        while (onDemand.Any(t => !t.IsCompleted) && DateTime.UtcNow < giveUp)
        {
            rig.Advance(50);
            await Task.Yield();
        }
        var shots = await Task.WhenAll(onDemand).WaitAsync(TimeSpan.Zero, TestContext.Current.CancellationToken);
        var lineOpenAfterStop = rig.Line == PinValue.Low && rig.Gpio.LevelOf(Rig.FocusPin) == PinValue.Low;
        await rig.DisposeAsync().AsTask().WaitAsync(Guard, TestContext.Current.CancellationToken);

        var inOrder = shots.OrderBy(s => s.ShutterClosedAt).ToArray();
        var separate = inOrder.Zip(inOrder.Skip(1)).All(pair => pair.First.ReleasedAt <= pair.Second.StartedAt);
        var edges = rig.Gpio.EdgesOf(Rig.ShutterPin);
        var alternating = edges.Select((e, i) => e.Value == (i % 2 == 0 ? PinValue.High : PinValue.Low)).All(ok => ok);

        return lineOpenAfterStop && detector!.Overlaps == 0 && separate && alternating && edges.Count % 2 == 0 && rig.Line == PinValue.Low;
    }
}
