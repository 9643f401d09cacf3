using System.Text.Json.Nodes;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Secrets;
using RegistryConsole.Core.Servers;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Components.Pages.Servers;

/// <summary>The edit page against the real <see cref="ServerService"/> on SQLite: what the console sends is what the service keeps.</summary>
public sealed class ServerEditRoundTripTests : ConsoleTestContext
{
    private readonly ApiFactory _factory = new();

    [Fact]
    public async Task Edit_ConfigChangedWithMaskedSecret_StoredSecretSurvives()
    {
        var real = _factory.Services.GetRequiredService<IServerService>();
        var actor = await AdminAsync();
        Assert.True((await real.AddAsync(ServerBodies.Stdio("fs"), actor, Ct)).IsSuccess);
        RealServers = real;
        ComponentFactories.AddStub<JsonEditor>();
        SignInAs(actor);
        var cut = Render<ServerEdit>(p => p.Add(e => e.SavedName, "fs").Add(e => e.Version, "v1"));

        var config = cut.FindComponents<Stub<JsonEditor>>().Single(s => s.Instance.Parameters.Get(e => e.Label) == "Config").Instance.Parameters;
        Assert.Contains("\"GITHUB_TOKEN\": \"********\"", config.Get(e => e.Value), StringComparison.Ordinal);
        var edited = config.Get(e => e.Value)!.Replace("\"/data\"", "\"/srv\"", StringComparison.Ordinal);
        await cut.InvokeAsync(() => config.Get(e => e.ValueChanged).InvokeAsync(edited));
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("http://localhost/servers/fs/v1", Navigation.Uri));
        var stored = await StoredConfigAsync("fs");
        Assert.Equal("ghp_super_secret_value", (string?)stored["config"]!["env"]!["GITHUB_TOKEN"]);
        Assert.Equal("/srv", (string?)stored["config"]!["args"]![2]);
    }

    [Fact]
    public async Task Edit_CommandChangedWithMaskedSecret_RefusedOnTheSecretLineOfTheConfigEditor()
    {
        var real = _factory.Services.GetRequiredService<IServerService>();
        var actor = await AdminAsync();
        Assert.True((await real.AddAsync(ServerBodies.Stdio("fs2"), actor, Ct)).IsSuccess);
        RealServers = real;
        ComponentFactories.AddStub<JsonEditor>();
        SignInAs(actor);
        var cut = Render<ServerEdit>(p => p.Add(e => e.SavedName, "fs2").Add(e => e.Version, "v1"));

        var config = cut.FindComponents<Stub<JsonEditor>>().Single(s => s.Instance.Parameters.Get(e => e.Label) == "Config").Instance.Parameters;
        var edited = config.Get(e => e.Value)!.Replace("\"npx\"", "\"/tmp/exfiltrate\"", StringComparison.Ordinal);
        await cut.InvokeAsync(() => config.Get(e => e.ValueChanged).InvokeAsync(edited));
        cut.Find("button[data-testid=save]").Click();

        cut.WaitForAssertion(() =>
        {
            var editor = cut.FindComponents<Stub<JsonEditor>>().Single(s => s.Instance.Parameters.Get(e => e.Label) == "Config").Instance.Parameters;
            var error = Assert.Single(editor.Get(e => e.Errors) ?? []);
            Assert.Equal("env.GITHUB_TOKEN", error.Path);
            Assert.Contains(SecretDestinations.Message, error.Message, StringComparison.Ordinal);
        });
        Assert.Equal("npx", (string?)(await StoredConfigAsync("fs2"))["config"]!["command"]);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _factory.Dispose();
        }
    }

    private async Task<Actor> AdminAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync(Ct);
        var project = await db.Projects.SingleAsync(Ct);
        return new Actor(project.Id, project.Name, "user-1", "Test User", Role.Admin, Channel.Console);
    }

    private async Task<JsonObject> StoredConfigAsync(string savedName)
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync(Ct);
        var row = await db.Servers.SingleAsync(s => s.SavedName == savedName, Ct);
        return (JsonObject)ServerDocument.ToPlainBody(row, _factory.Services.GetRequiredService<ISecretProtector>())["mcp_config"]!;
    }
}
