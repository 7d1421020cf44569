using Drivers.NetworkManager.Changes;
using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;

namespace Drivers.NetworkManager.Tests.Protocol;

public sealed class ChangeMappingTests
{
    private const string ActivePath = "/org/freedesktop/NetworkManager/ActiveConnection/1";

    [Theory]
    [InlineData(2u, ActiveConnectionStateReason.UserDisconnected)]
    [InlineData(9u, ActiveConnectionStateReason.NoSecrets)]
    [InlineData(11u, ActiveConnectionStateReason.ConnectionRemoved)]
    [InlineData(14u, ActiveConnectionStateReason.DeviceRemoved)]
    public void An_active_connection_reason_is_read_as_its_name(uint number, ActiveConnectionStateReason expected)
    {
        var change = Assert.IsType<ActiveConnectionChange>(Assert.Single(NetworkManagerClient.ToChanges(StateChanged(4, number))));

        Assert.Equal((ActiveConnectionState.Deactivated, expected), (change.State, change.Reason));
    }

    [Fact]
    public void An_active_connection_reason_newer_than_the_enum_is_kept_as_its_number()
    {
        var change = Assert.IsType<ActiveConnectionChange>(Assert.Single(NetworkManagerClient.ToChanges(StateChanged(4, 99))));

        Assert.Equal(99u, (uint)change.Reason);
        Assert.False(Enum.IsDefined(change.Reason));
    }

    [Fact]
    public void A_device_reason_newer_than_the_enum_is_kept_as_its_number()
    {
        var signal = new NmSignal("/org/freedesktop/NetworkManager/Devices/1", NmNames.DeviceInterface, "StateChanged", [120, 50, 999], null, null, null);

        var change = Assert.IsType<DeviceStateChange>(Assert.Single(NetworkManagerClient.ToChanges(signal)));

        Assert.Equal(999u, (uint)change.Reason);
    }

    private static NmSignal StateChanged(uint state, uint reason) =>
        new(ActivePath, NmNames.ActiveInterface, "StateChanged", [state, reason], null, null, null);
}
