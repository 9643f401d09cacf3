using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// The base of every console page (<c>@inherits ConsolePage</c>): the signed-in <see cref="Actor"/> (cascaded by
/// <see cref="ConsoleActor"/>), the snackbar and navigation, and the one <see cref="ErrorPresenter"/>. Pages add
/// <see cref="SaveShortcut"/> for Ctrl+S, <see cref="ErrorSummary"/> for a failed save, <see cref="GridUrlState"/> for a
/// list, and <see cref="PageErrorBoundary"/> around parts that may fail unexpectedly, instead of catch-all blocks.
/// </summary>
public abstract class ConsolePage : ComponentBase
{
    private ErrorPresenter? _errors;

    /// <summary>Who is signed in; null without a console role.</summary>
    [CascadingParameter]
    public Actor? Actor { get; set; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    /// <summary>Field errors to fields and editor lines, everything else to a snackbar.</summary>
    protected ErrorPresenter ErrorPresenter => _errors ??= new ErrorPresenter(Snackbar);

    /// <summary>Whether the signed-in actor holds <paramref name="permission"/>.</summary>
    protected bool Can(Permission permission) => Actor?.Can(permission) == true;

    /// <summary>
    /// The snackbar for the outcome of an action without a form: the success message, or the error's message.
    /// True when <paramref name="result"/> succeeded.
    /// </summary>
    protected bool Announce<T>(Result<T> result, string done)
    {
        if (result.IsSuccess)
        {
            Snackbar.Add(done, Severity.Success);
            return true;
        }

        Snackbar.Add(result.Error.Message, Severity.Error);
        return false;
    }
}
