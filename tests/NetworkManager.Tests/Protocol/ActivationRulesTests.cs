using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Protocol;
using FsCheck.Xunit;

namespace Drivers.NetworkManager.Tests.Protocol;

public sealed class ActivationRulesTests
{
    [Theory]
    [InlineData(100u, 0u, "Activated")]
    [InlineData(120u, 7u, "WrongPassword")]
    [InlineData(120u, 9u, "WrongPassword")]
    [InlineData(120u, 53u, "Failed")]
    [InlineData(120u, 11u, "Failed")]
    [InlineData(30u, 7u, "WrongPassword")]
    [InlineData(30u, 60u, "Pending")] // a new activation replaced the previous one
    [InlineData(30u, 39u, "Pending")]
    [InlineData(60u, 0u, "Pending")]
    [InlineData(40u, 0u, "Pending")]
    public void A_device_state_change_means_what_nmcli_makes_of_it(uint state, uint reason, string expected)
    {
        Assert.Equal(Enum.Parse<ActivationOutcome>(expected), ActivationRules.FromDevice(state, reason));
    }

    [Theory]
    [InlineData(2u, 0u, "Activated")]
    [InlineData(4u, 9u, "WrongPassword")]
    [InlineData(4u, 10u, "WrongPassword")]
    [InlineData(4u, 2u, "Failed")]
    [InlineData(1u, 0u, "Pending")]
    [InlineData(3u, 0u, "Pending")]
    public void An_active_connection_state_change_means_what_nmcli_makes_of_it(uint state, uint reason, string expected)
    {
        Assert.Equal(Enum.Parse<ActivationOutcome>(expected), ActivationRules.FromActiveConnection(state, reason));
    }

    [Property]
    public bool Intermediate_device_states_are_always_pending(uint reason)
    {
        uint[] intermediate = [40, 50, 60, 70, 80, 90, 110];
        return intermediate.All(s => ActivationRules.FromDevice(s, reason) == ActivationOutcome.Pending);
    }

    [Property]
    public bool Failed_is_never_pending_nor_activated(uint reason) =>
        ActivationRules.FromDevice(120, reason) is ActivationOutcome.Failed or ActivationOutcome.WrongPassword;

    [Property]
    public bool Every_reason_has_a_description(uint reason) =>
        ActivationRules.Describe((DeviceStateReason)reason).Length > 0;
}
