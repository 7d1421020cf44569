using Drivers.NotebookHosting.Hub;

namespace Drivers.NotebookHosting.Tests.Hub;

/// <summary>The hub with PAM as root, with two test accounts; as another user with the password file and servers as that user.</summary>
public sealed class RealHubPamTests : IDisposable
{
    private readonly HubFlow _flow = new();

    public void Dispose() => _flow.Dispose();

    [Fact]
    public async Task A_user_logs_in_through_the_hub_which_spawns_their_server_where_a_cell_runs_and_nobody_else_gets_in()
    {
        if (TestAccount.CanCreate)
        {
            var first = await _flow.AccountAsync();
            var second = await _flow.AccountAsync();
            await _flow.RunAsync(HubAuthenticator.Pam, (first.Name, first.Password), (second.Name, second.Password), serviceAccount: null);
        }
        else
        {
            await _flow.RunAsync(HubAuthenticator.PasswordFile, ("alice", "alice-pw-1"), ("bob", "bob-pw-2"), serviceAccount: null);
        }
    }
}
