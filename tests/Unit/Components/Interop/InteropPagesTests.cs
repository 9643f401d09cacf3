using Bunit;
using RegistryConsole.Components.Pages.Servers;
using RegistryConsole.Components.Pages.Settings;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Reviews;

namespace RegistryConsole.Tests.Unit.Components.Interop;

/// <summary>The import page, the export panel and the registry settings.</summary>
public sealed class InteropPagesTests : ConsoleTestContext
{
    [Fact]
    public void Import_DryRun_ShowsOneRowPerEntryWithItsStatusAndStoresNothing()
    {
        SignInAs(Role.Editor);
        var cut = Render<ImportServers>();

        cut.Find("textarea[data-testid=import-text], [data-testid=import-text] textarea").Change("""
            { "mcpServers": {
                "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"], "env": { "GITHUB_TOKEN": "${env:GITHUB_TOKEN}" } },
                "time": { "command": "uvx", "args": ["mcp-server-time==0.6.2"] },
                "broken": { "cwd": "/" } } }
            """);
        cut.Find("[data-testid=dry-run]").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=import-report] tbody tr").Count));
        var statuses = cut.FindAll("[data-testid=status]").Select(s => s.TextContent.Trim()).ToList();
        Assert.Equal(["needs a value", "mapped", "not mapped"], statuses);
        Assert.Contains("mcp_config.config.env.GITHUB_TOKEN", cut.Find("[data-testid=import-report]").TextContent, StringComparison.Ordinal);
        Assert.True(Assert.Single(McpRegistry.ImportCalls).DryRun);
    }

    [Fact]
    public void Import_ImportClicked_ImportsAndGoesToTheServers()
    {
        SignInAs(Role.Editor);
        RenderSnackbarHost();
        var cut = Render<ImportServers>();

        cut.Find("textarea[data-testid=import-text], [data-testid=import-text] textarea").Change("""{ "mcpServers": { "time": { "command": "uvx", "args": ["mcp-server-time==0.6.2"] } } }""");
        cut.Find("[data-testid=import]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith("/servers", Navigation.Uri, StringComparison.Ordinal));
        Assert.False(Assert.Single(McpRegistry.ImportCalls).DryRun);
    }

    [Fact]
    public void Import_Viewer_SeesNoForm()
    {
        SignInAs(Role.Viewer);

        var cut = Render<ImportServers>();

        Assert.NotNull(cut.Find("[data-testid=forbidden]"));
        Assert.Empty(cut.FindAll("[data-testid=import]"));
    }

    [Theory]
    [InlineData("vscode", "promptString")]
    [InlineData("claude-desktop", "${GITHUB_TOKEN}")]
    [InlineData("cursor", "${env:GITHUB_TOKEN}")]
    public async Task Export_FormatChosen_ShowsConfigWithPlaceholderCopyAndDownload(string format, string expected)
    {
        var actor = SignInAs(Role.Viewer);
        var cut = Render<ExportConfig>(p => p.Add(c => c.SavedName, "github").Add(c => c.Version, "v1").Add(c => c.Actor, actor));

        await cut.InvokeAsync(() => cut.Instance.LoadAsync(format));
        cut.Render();

        var json = cut.Find("[data-testid=export-json]").TextContent;
        Assert.Contains(expected, json, StringComparison.Ordinal);
        Assert.DoesNotContain("********", json, StringComparison.Ordinal);
        Assert.StartsWith("data:application/json;base64,", cut.Find("[data-testid=export-download]").GetAttribute("href"), StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=export-copy]"));
    }

    [Fact]
    public void Settings_Admin_ShowsTheRegistryUrlNamespaceAndSavesPublicCatalog()
    {
        SignInAs(Role.Admin);
        Reviews.Settings = new ProjectSettingsDto(true, true, "com.example", PublicCatalog: false);
        var cut = Render<ProjectSettings>();
        var shownNamespace = cut.Find("input[data-testid=registry-namespace], [data-testid=registry-namespace] input").GetAttribute("value");

        cut.Find("input[data-testid=public-catalog], [data-testid=public-catalog] input").Change(true);

        Assert.Equal(Navigation.BaseUri, cut.Find("[data-testid=registry-url]").TextContent);
        Assert.Equal("com.example", shownNamespace);
        cut.WaitForAssertion(() => Assert.Single(Reviews.SettingsCalls));
        Assert.Equal("""{"public_catalog":true}""", Reviews.SettingsCalls[0].ToJsonString());
    }
}
