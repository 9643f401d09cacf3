using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// The decision on a pending revision: note, Approve, Reject (<see cref="IReviewService.ReviewAsync"/> with the revision
/// read as the expected one). Hidden without <see cref="Permission.ReviewServers"/>, disabled with the reason for the
/// author. A note error lands on the note; 403 and 409 go to a snackbar; 412 is handed to the page (<see cref="OnConflict"/>).
/// </summary>
public sealed partial class ReviewDecision
{
    [Inject]
    public required IReviewService Reviews { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Parameter, EditorRequired]
    public required ServerDto Server { get; set; }

    [Parameter, EditorRequired]
    public required Actor? Actor { get; set; }

    [Parameter]
    public bool IsOwnChange { get; set; }

    /// <summary>Why this actor may not decide (for example who minted their key); shown with the own-change notice.</summary>
    [Parameter]
    public string? Refusal { get; set; }

    [Parameter]
    public int NoteLines { get; set; } = 3;

    /// <summary>After a recorded decision, with the server as it is now.</summary>
    [Parameter]
    public EventCallback<ServerDto> OnDecided { get; set; }

    /// <summary>The revision changed since it was read (412): the page offers to reload.</summary>
    [Parameter]
    public EventCallback OnConflict { get; set; }

    private string? Note { get; set; }

    private IReadOnlyList<JsonEditorError> NoteErrors { get; set; } = [];

    private bool Busy { get; set; }

    private Task ApproveAsync() => DecideAsync(ReviewRequest.Approve);

    private Task RejectAsync() => DecideAsync(ReviewRequest.Reject);

    private async Task DecideAsync(string decision)
    {
        if (Actor is null)
        {
            return;
        }

        Busy = true;
        NoteErrors = [];
        try
        {
            var body = new JsonObject { ["decision"] = decision, ["note"] = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim() };
            var key = new ServerKey(Server.SavedName, Server.ServerVersion);
            var result = await Reviews.ReviewAsync(key, body, Server.Revision, Actor);
            if (result.IsSuccess)
            {
                var verb = decision == ReviewRequest.Approve ? "Approved" : "Rejected";
                Snackbar.Add($"{verb} {result.Value.SavedName} {result.Value.ServerVersion} (revision {result.Value.Revision}).", Severity.Success);
                Note = null;
                await OnDecided.InvokeAsync(result.Value);
                return;
            }

            var error = result.Error;
            switch (error.Kind)
            {
                case ErrorKind.PreconditionFailed:
                    await OnConflict.InvokeAsync();
                    break;
                case ErrorKind.Validation:
                    NoteErrors = FieldErrorPaths.Under(error.FieldErrors, "note");
                    foreach (var message in FieldErrorPaths.Unclaimed(error.FieldErrors, ["note"]))
                    {
                        Snackbar.Add(message, Severity.Error);
                    }

                    break;
                default:
                    // 403 (own change, missing role) and 409 (no longer pending) belong to no field.
                    Snackbar.Add(error.Message, Severity.Error);
                    break;
            }
        }
        finally
        {
            Busy = false;
        }
    }
}
