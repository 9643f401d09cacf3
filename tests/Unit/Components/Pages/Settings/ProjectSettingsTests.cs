using Bunit;
using RegistryConsole.Components.Pages.Settings;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Reviews;

namespace RegistryConsole.Tests.Unit.Components.Pages.Settings;

public sealed class ProjectSettingsTests : ConsoleTestContext
{
    [Theory]
    [InlineData(Role.Viewer)]
    [InlineData(Role.Editor)]
    [InlineData(Role.Reviewer)]
    public void Settings_NotAdmin_SaysOnlyAdminsSeeThemAndStillLinksTheApiReference(Role role)
    {
        SignInAs(role);

        var cut = Render<ProjectSettings>();

        Assert.NotNull(cut.Find("[data-testid=admins-only]"));
        Assert.Empty(cut.FindAll("[data-testid=require-approval]"));
        Assert.Equal("/api-reference", cut.Find("[data-testid=api-reference]").GetAttribute("href"));
    }

    [Fact]
    public void Settings_Admin_ShowsBothSwitchesWithTheirValues()
    {
        SignInAs(Role.Admin);
        Reviews.Settings = new ProjectSettingsDto(RequireApproval: true, RequireDistinctReviewer: false);

        var cut = Render<ProjectSettings>();

        Assert.True(cut.Find("[data-testid=require-approval] input, input[data-testid=require-approval]").HasAttribute("checked") || IsChecked(cut, "require-approval"));
        Assert.False(IsChecked(cut, "require-distinct-reviewer"));
    }

    [Fact]
    public void Settings_AdminTogglesASwitch_SavesOnlyThatSetting()
    {
        SignInAs(Role.Admin);
        var snackbars = RenderSnackbarHost();
        var cut = Render<ProjectSettings>();

        cut.Find("input[data-testid=require-distinct-reviewer], [data-testid=require-distinct-reviewer] input").Change(false);

        cut.WaitForAssertion(() => Assert.Single(Reviews.SettingsCalls));
        Assert.Equal("""{"require_distinct_reviewer":false}""", Reviews.SettingsCalls[0].ToJsonString());
        snackbars.WaitForAssertion(() => Assert.Contains("require_distinct_reviewer is now off", snackbars.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_SaveFails_ShowsTheMessage()
    {
        SignInAs(Role.Admin);
        Reviews.OnModifySettings = _ => RegistryConsole.Core.Common.Error.Forbidden("The 'editor' role may not perform this action");
        var snackbars = RenderSnackbarHost();
        var cut = Render<ProjectSettings>();

        cut.Find("input[data-testid=require-approval], [data-testid=require-approval] input").Change(false);

        snackbars.WaitForAssertion(() => Assert.Contains("may not perform this action", snackbars.Markup, StringComparison.Ordinal));
    }

    private static bool IsChecked(IRenderedComponent<ProjectSettings> cut, string testId) =>
        cut.Find($"input[data-testid={testId}], [data-testid={testId}] input").HasAttribute("checked");
}
