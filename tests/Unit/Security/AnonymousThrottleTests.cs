using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using RegistryConsole.Auth;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Security;

/// <summary>Issue 8 finding 6: anonymous traffic shares one bucket per client address; failed sign-ins are audited sparingly.</summary>
public sealed class AnonymousThrottleTests : IDisposable
{
    private const int Budget = 5;

    private readonly ApiFactory _factory = new();
    private readonly WebApplicationFactory<Program> _limited;

    public AnonymousThrottleTests()
    {
        _limited = _factory.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration((_, config) =>
            config.AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimiting:AnonymousPermitsPerMinute"] = Budget.ToString() })));
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task RandomApiKeys_ShareOneBucketPerAddress_429WithRetryAfterOnceItIsSpent()
    {
        using var client = _limited.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Budget + 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, RegistryApi.ListServersPath);
            request.Headers.Add("apikey", $"rck_random_{Guid.NewGuid():N}");
            using var response = await client.SendAsync(request, Ct);
            statuses.Add(response.StatusCode);
            if (i == Budget)
            {
                await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
                Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
            }
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, Budget).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)), statuses);
    }

    [Fact]
    public async Task MissingAndUnknownKeys_SpendTheSameBucket_ARealKeyStillWorks()
    {
        using var anonymous = _limited.CreateClient();
        for (var i = 0; i < Budget; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, RegistryApi.ListServersPath);
            if (i % 2 == 0)
            {
                request.Headers.Add("apikey", "rck_unknown_" + i);
            }

            using var response = await anonymous.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var missing = await anonymous.GetAsync(RegistryApi.ListServersPath, Ct);
        using var admin = _limited.CreateClient();
        admin.DefaultRequestHeaders.Add("apikey", ApiFactory.AdminKey);
        using var known = await admin.GetAsync(RegistryApi.ListServersPath, Ct);

        await missing.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    [Fact]
    public async Task SignInPosts_OverTheBudget_Get429_AndTheFailuresLeaveOneAuditEventWithACount()
    {
        using var client = _limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Budget + 2; i++)
        {
            using var response = await client.SignInAsync("admin@test.local", $"wrong-password-{i}");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, Budget).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);
        var notes = await FailureNotesAsync();
        var note = Assert.Single(notes);
        Assert.StartsWith("wrong password; 1 failed sign-in from ", note, StringComparison.Ordinal);
    }

    [Fact]
    public void SignInFailureAudit_OncePerAddressPerMinute_CarriesTheFailuresInBetween()
    {
        var clock = new ManualClock();
        var audit = new SignInFailureAudit(clock);

        var first = audit.Count("10.0.0.1");
        var suppressed = Enumerable.Range(0, 40).Select(_ => audit.Count("10.0.0.1")).ToList();
        var otherAddress = audit.Count("10.0.0.2");
        clock.Advance(SignInFailureAudit.Window);
        var next = audit.Count("10.0.0.1");

        Assert.Equal(1, first);
        Assert.All(suppressed, Assert.Null);
        Assert.Equal(1, otherAddress);
        Assert.Equal(41, next);
    }

    public void Dispose()
    {
        _limited.Dispose();
        _factory.Dispose();
    }

    private async Task<List<string>> FailureNotesAsync()
    {
        await using var connection = new SqliteConnection(_factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Note FROM audit_events WHERE Action = 'user.sign_in_failed'";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var notes = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            notes.Add(reader.GetString(0));
        }

        return notes;
    }


    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
