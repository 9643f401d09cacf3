using System.Net;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

public sealed class ConcurrencyApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey();

    private static async Task<List<HttpStatusCode>> StatusesAsync(IEnumerable<Task<HttpResponseMessage>> calls)
    {
        var responses = await Task.WhenAll(calls);
        var statuses = responses.Select(r => r.StatusCode).ToList();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        return statuses;
    }

    [Fact]
    public async Task ModifyServer_ParallelWritersWithSameIfMatch_ExactlyOneWins()
    {
        var name = RegistryApi.UniqueName("race");
        await _client.AddServerOkAsync(ServerBodies.Stdio(name));

        var statuses = await StatusesAsync(Enumerable.Range(0, 8).Select(i => _client.ModifyServerAsync(name, $$"""{"description": "writer {{i}}"}""", ifMatch: "\"1\"")));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
        Assert.Equal(2, (await _client.GetServerOkAsync(name))["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task AddServer_ParallelAddsOfSameName_ExactlyOneIsCreated()
    {
        var name = RegistryApi.UniqueName("raceadd");

        var statuses = await StatusesAsync(Enumerable.Range(0, 8).Select(_ => _client.AddServerAsync(ServerBodies.Stdio(name))));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
        Assert.Equal([name], (await _client.ListServersOkAsync($"?search={name}")).SavedNames());
        Assert.Equal(1, (await _client.GetServerOkAsync(name))["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task AddServer_ParallelFirstAddsOfAProject_AllSucceedInOneRegistry()
    {
        // A database of its own, so that no registry exists yet and every add races to create it.
        using var fresh = new ApiFactory();
        using var client = fresh.ClientWithKey();

        var statuses = await StatusesAsync(Enumerable.Range(0, 6).Select(i => client.AddServerAsync(ServerBodies.Stdio($"first-{i}"))));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        var list = await client.ListServersOkAsync();
        Assert.Equal(6, list.Total());
        Assert.Single(list["data"]!.AsArray().Select(s => s!["registry_id"].Str()).Distinct());
    }
}
