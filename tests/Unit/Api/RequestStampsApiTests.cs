using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Core.Caching;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>
/// Every change stamp a REST request reads is read inside that request's snapshot (RequestStamps): with the database
/// reader that is one query for the whole request. Nothing of it is left for the next request.
/// </summary>
public sealed class RequestStampsApiTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ApiRequest_ReadsItsStampsInsideOneSnapshot_AndTheNextRequestStartsAfresh()
    {
        var reads = new ConcurrentQueue<bool>();
        CountingDbContextFactory? counted = null;
        using var app = _factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<IChangeStampReader>(sp =>
            {
                counted = new CountingDbContextFactory(sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>());
                return new Recording(new DatabaseChangeStampReader(counted), reads);
            })));
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("apikey", ApiFactory.AdminKey);
        await (await client.GetAsync("/mcp-registry/list-servers", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        reads.Clear();
        counted!.Reset();

        // The key (access scope) and the list's count (registry scope): two stamps, one query.
        await (await client.GetAsync("/mcp-registry/list-servers", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.True(reads.Count >= 2, $"expected the key's and the list's stamp reads, saw {reads.Count}");
        Assert.All(reads, insideSnapshot => Assert.True(insideSnapshot));
        Assert.Equal(1, counted.Created);

        await (await client.GetAsync("/mcp-registry/list-servers", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(2, counted.Created);
        Assert.False(RequestStamps.IsActive);
    }

    private sealed class Recording(IChangeStampReader inner, ConcurrentQueue<bool> reads) : IChangeStampReader
    {
        public ValueTask<string> ReadAsync(string scope, CancellationToken cancellationToken)
        {
            reads.Enqueue(RequestStamps.IsActive);
            return inner.ReadAsync(scope, cancellationToken);
        }
    }
}
