using Drivers.NotebookHosting.Hub;

namespace Drivers.NotebookHosting.Tests.Hub;

/// <summary>The hub with its password file, under a service account of its own as root (as the unit runs it), else as the current user.</summary>
public sealed class RealHubPasswordFileTests : IDisposable
{
    private readonly HubFlow _flow = new();

    public void Dispose() => _flow.Dispose();

    [Fact]
    public async Task With_the_password_file_the_hub_runs_under_its_own_account_and_checks_the_hashes()
    {
        var service = TestAccount.CanCreate ? await _flow.AccountAsync(system: true) : null;
        await _flow.RunAsync(HubAuthenticator.PasswordFile, ("alice", "alice-pw-1"), ("bob", "bob-pw-2"), service);
    }
}
