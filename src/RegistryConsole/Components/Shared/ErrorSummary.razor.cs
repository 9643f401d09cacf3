using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// Lists the problems of a failed save (<see cref="PresentedErrors.Summary"/>) at the top of a form. When a new list
/// arrives it scrolls to and focuses the first problem; each link focuses its field or reveals its editor line.
/// </summary>
public sealed partial class ErrorSummary
{
    private readonly string _id = "error-summary-" + Guid.NewGuid().ToString("N")[..8];
    private IReadOnlyList<ErrorSummaryItem>? _focused;

    [Inject]
    public required IJSRuntime JS { get; init; }

    /// <summary>The problems; a new list (by reference) moves the focus to its first item.</summary>
    [Parameter]
    public IReadOnlyList<ErrorSummaryItem>? Items { get; set; }

    /// <summary>The editors of the form, to reveal a line in.</summary>
    [Parameter]
    public JsonEditorGroup? Editors { get; set; }

    [Parameter]
    public string Title { get; set; } = "Nothing was saved. Fix these problems:";

    /// <summary>Whether a new list moves the focus to its first problem.</summary>
    [Parameter]
    public bool FocusFirst { get; set; } = true;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (FocusFirst && Items is { Count: > 0 } items && !ReferenceEquals(items, _focused))
        {
            _focused = items;
            await GoToAsync(items[0]);
        }
    }

    private static string Href(ErrorSummaryItem item) => item.Field is { } field ? $"#{field}" : $"#{item.Editor}:{item.Line}";

    /// <summary>Focuses the field, or scrolls the editor into view and puts the cursor on the line.</summary>
    public async Task GoToAsync(ErrorSummaryItem item)
    {
        try
        {
            if (item.Editor is { } editor && Editors is not null && await Editors.RevealAsync(editor, item.Line))
            {
                return;
            }

            await JS.InvokeVoidAsync("registryConsole.focusTarget", ErrorSummaryItem.SelectorOf(item.Field ?? item.Editor ?? string.Empty));
        }
        catch (JSDisconnectedException)
        {
            // The page is gone; there is nothing left to focus.
        }
    }
}
