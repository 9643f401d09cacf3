using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Interop;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Shared;

/// <summary>Export a served server, or a gateway's active servers, as a Claude Desktop, VS Code or Cursor config: copy or download.</summary>
public sealed partial class ExportConfig
{
    internal static readonly IReadOnlyList<(string Format, string Title)> Formats =
    [
        (ClientConfigExport.VsCode, "VS Code (mcp.json)"),
        (ClientConfigExport.ClaudeDesktop, "Claude Desktop (claude_desktop_config.json)"),
        (ClientConfigExport.Cursor, "Cursor (mcp.json)"),
    ];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Inject]
    public required IMcpRegistryService Registry { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    /// <summary>The server's <c>saved_name</c>, or the gateway's when <see cref="Gateway"/> is true.</summary>
    [Parameter, EditorRequired]
    public required string SavedName { get; set; }

    [Parameter, EditorRequired]
    public required string Version { get; set; }

    [Parameter]
    public bool Gateway { get; set; }

    [Parameter]
    public Actor? Actor { get; set; }

    internal string? Text { get; private set; }

    internal string? Problem { get; private set; }

    private string Title { get; set; } = string.Empty;

    private string FileName { get; set; } = "mcp.json";

    private string DownloadHref => "data:application/json;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(Text ?? string.Empty));

    public async Task LoadAsync(string format)
    {
        if (Actor is null)
        {
            return;
        }

        Title = Formats.First(f => f.Format == format).Title;
        FileName = format == ClientConfigExport.ClaudeDesktop ? "claude_desktop_config.json" : "mcp.json";
        Result<JsonObject> result = Gateway
            ? await Registry.ExportGatewayAsync(new GatewayKey(SavedName, Version), format, Actor)
            : await Registry.ExportServerAsync(new ServerKey(SavedName, Version), format, Actor);
        Text = result.IsSuccess ? result.Value.ToJsonString(Indented) : null;
        Problem = result.IsSuccess ? null : result.Error.Message;
    }

    private async Task CopyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", Text);
            Snackbar.Add("Copied to the clipboard.", Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser refused the clipboard; select the text and copy it, or download the file.", Severity.Warning);
        }
    }

    private void Close()
    {
        Text = null;
        Problem = null;
    }
}
