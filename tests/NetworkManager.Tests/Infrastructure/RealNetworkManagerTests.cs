namespace Drivers.NetworkManager.Tests.Infrastructure;

/// <summary>The tests that share one real NetworkManager run one after another (a restart would disturb the others).</summary>
[CollectionDefinition(Name)]
public sealed class RealNetworkManagerTests : ICollectionFixture<RealNetworkManager>
{
    public const string Name = "real NetworkManager";
}
