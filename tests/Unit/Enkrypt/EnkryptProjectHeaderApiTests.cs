using System.Net;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Enkrypt;

/// <summary>
/// <c>X-Enkrypt-Project: default</c> names the calling key's own project, whatever that project is called (API.md §1.1).
/// The factory's project is renamed <c>team-a</c>, so <c>default</c> is not its name.
/// </summary>
public sealed class EnkryptProjectHeaderApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("default")]
    [InlineData("team-a")]
    public async Task GetServer_ProjectHeaderDefaultOrOwnName_Returns200(string project)
    {
        // Arrange
        await RenameProjectAsync();
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("proj-hdr");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));

        // Act
        using var response = await admin.FetchRegistryServerAsync(name, project);

        // Assert
        await response.AssertStatusAsync(HttpStatusCode.OK);
        var server = await response.ReadJsonAsync();
        Assert.Equal("team-a", server["project_name"]!.GetValue<string>());
        Assert.Equal(name, server["saved_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("other")]
    [InlineData("Default")]
    public async Task GetServer_ProjectHeaderNamingAnotherProject_Returns403(string project)
    {
        // Arrange
        await RenameProjectAsync();
        using var admin = factory.ClientWithKey();
        var name = RegistryApi.UniqueName("proj-other");
        await admin.AddServerOkAsync(ServerBodies.Stdio(name));

        // Act
        using var response = await admin.FetchRegistryServerAsync(name, project);

        // Assert
        var problem = await ProblemAssert.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("team-a", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>Renames the factory's one project from <c>default</c> to <c>team-a</c> (keys read the name per request).</summary>
    private async Task RenameProjectAsync()
    {
        using (factory.CreateClient())
        {
            // Creating a client starts the app, which creates the project.
        }

        await using var connection = TestProvider.Connect(factory.ConnectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE projects SET \"Name\" = 'team-a'";
        await command.ExecuteNonQueryAsync(Ct);
    }
}
