using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Tests.Unit.Components.Shared;

public sealed class ErrorPresenterTests : ConsoleTestContext
{
    private const string ConfigText = "{\n  \"args\": [],\n  \"command\": \"\"\n}";

    private static ErrorRoutes Routes() => new ErrorRoutes()
        .Field("saved_name", "Saved name")
        .Field("mcp_config.enable_server_info_validation", "Server-info validation", "switch")
        .Editor("mcp_config.config", "Config", "config", ConfigText);

    [Fact]
    public void Sort_FieldEditorAndUnknownPaths_EachLandsWhereItCanBeFixedAndTheSummaryFollowsTheForm()
    {
        var presented = ErrorPresenter.Sort(new Dictionary<string, string[]>
        {
            ["mcp_config.config.command"] = ["must not be empty"],
            ["mcp_config.denied_toolz"] = ["unknown field"],
            ["saved_name"] = ["is required", "is too short"],
            ["mcp_config.enable_server_info_validation"] = ["expected true or false"],
        }, Routes());

        Assert.Equal("is required; is too short", presented.Field("saved_name"));
        Assert.Equal("expected true or false", presented.Field("switch"));
        Assert.Equal([new JsonEditorError("command", "must not be empty")], presented.Editor("config"));
        Assert.Equal(["mcp_config.denied_toolz: unknown field"], presented.General);
        Assert.Equal(
            ["Saved name: is required; is too short", "Server-info validation: expected true or false", "Config, line 3: command: must not be empty"],
            presented.Summary.Select(i => i.Text));
        Assert.Equal("saved_name", presented.Summary[0].Field);
        Assert.Equal(("config", 3), (presented.Summary[2].Editor, presented.Summary[2].Line));
    }

    [Fact]
    public void Sort_EditorMessagesOnSeveralLines_SummaryListsThemTopToBottom()
    {
        var presented = ErrorPresenter.Sort(new Dictionary<string, string[]>
        {
            ["mcp_config.config.command"] = ["must not be empty"],
            ["mcp_config.config.args"] = ["must not be empty either"],
        }, Routes());

        Assert.Equal([2, 3], presented.Summary.Select(i => i.Line));
    }

    [Fact]
    public void Present_ValidationError_MarksAndSaysHowManyInOneSnackbar()
    {
        var snackbars = RenderSnackbarHost();
        var presenter = new ErrorPresenter(Services.GetRequiredService<ISnackbar>());

        var presented = presenter.Present(Error.Validation(new Dictionary<string, string[]>
        {
            ["saved_name"] = ["is required"],
            ["mcp_config.config.command"] = ["must not be empty"],
        }), Routes());

        Assert.Equal(2, presented.Summary.Count);
        snackbars.WaitForAssertion(() => Assert.Contains("2 values were refused; they are marked.", snackbars.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void Present_ErrorWithoutFields_GoesToTheSnackbarAndTheGeneralList()
    {
        var snackbars = RenderSnackbarHost();
        var presenter = new ErrorPresenter(Services.GetRequiredService<ISnackbar>());

        var presented = presenter.Present(Error.Forbidden("This role may not change servers"), Routes());

        Assert.Empty(presented.Summary);
        Assert.Equal(["This role may not change servers"], presented.General);
        snackbars.WaitForAssertion(() => Assert.Contains("This role may not change servers", snackbars.Markup, StringComparison.Ordinal));
    }
}
