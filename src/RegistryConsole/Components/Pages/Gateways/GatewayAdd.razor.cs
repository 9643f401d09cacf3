using Microsoft.AspNetCore.Components;
using MudBlazor;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Gateways;

/// <summary>Creates a gateway through <see cref="IGatewayService.AddAsync"/>, with servers picked from the registry.</summary>
public sealed partial class GatewayAdd
{
    [Inject]
    public required IGatewayService Gateways { get; init; }

    [Inject]
    public required IServerService Servers { get; init; }

    internal GatewayAddForm Form { get; } = new();

    private ServerDto? Candidate { get; set; }

    private bool Saving { get; set; }

    private bool CanWrite => Can(Permission.WriteRegistry);

    private static List<BreadcrumbItem> Breadcrumbs =>
    [
        new("Gateways", GatewayPresentation.ListHref),
        new("Add gateway", null, disabled: true),
    ];

    private Task<IEnumerable<ServerDto>> SearchServersAsync(string? text, CancellationToken cancellationToken) =>
        Actor is null
            ? Task.FromResult<IEnumerable<ServerDto>>([])
            : GatewayPresentation.SearchAttachableAsync(Servers, Actor, text, Form.Servers.ToHashSet(), cancellationToken);

    private void AddCandidate()
    {
        if (Candidate is { } server)
        {
            Form.AddServer(new ServerKey(server.SavedName, server.ServerVersion));
            Candidate = null;
        }
    }

    private async Task CreateAsync()
    {
        if (Actor is null)
        {
            return;
        }

        var body = Form.ToBody();
        if (body is null)
        {
            Snackbar.Add("Not created: the common overrides are not a JSON object; see the message under them.", Severity.Warning);
            return;
        }

        Saving = true;
        try
        {
            var result = await Gateways.AddAsync(body, Actor);
            if (result.IsSuccess)
            {
                Snackbar.Add($"Gateway {result.Value.GatewaySavedName} {result.Value.GatewayVersion} created.", Severity.Success);
                Navigation.NavigateTo(GatewayPresentation.DetailHref(result.Value));
                return;
            }

            if (result.Error.Kind == ErrorKind.Validation)
            {
                foreach (var message in Form.ApplyErrors(result.Error))
                {
                    Snackbar.Add(message, Severity.Error);
                }

                Snackbar.Add("Not created: fix the marked fields.", Severity.Warning);
            }
            else
            {
                Snackbar.Add(result.Error.Message, Severity.Error);
            }
        }
        finally
        {
            Saving = false;
        }
    }
}
