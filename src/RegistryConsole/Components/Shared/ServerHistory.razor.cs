using Microsoft.AspNetCore.Components;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Audit;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// The audit events of one server version, newest first (<see cref="IAuditService.ServerHistoryAsync"/>), each opening
/// a before/after diff. Hosted by the server detail page's History tab.
/// </summary>
public sealed partial class ServerHistory
{
    public const int PageSize = 20;

    private readonly List<ServerHistoryEntryDto> _entries = [];
    private readonly HashSet<ServerHistoryEntryDto> _open = [];
    private ServerKey? _loadedKey;
    private int _total;
    private int _page;
    private bool _loading;

    [Inject]
    public required IAuditService Audit { get; init; }

    [CascadingParameter]
    public Actor? Actor { get; set; }

    [Parameter, EditorRequired]
    public required string SavedName { get; set; }

    [Parameter, EditorRequired]
    public required string Version { get; set; }

    internal string? LoadError { get; private set; }

    protected override async Task OnParametersSetAsync()
    {
        var key = new ServerKey(SavedName, Version);
        if (key == _loadedKey)
        {
            return;
        }

        _loadedKey = key;
        _entries.Clear();
        _open.Clear();
        _total = 0;
        _page = 0;
        await LoadMoreAsync();
    }

    /// <summary>Reloads from the newest event (after the host page saved a change).</summary>
    public async Task RefreshAsync()
    {
        _loadedKey = null;
        await OnParametersSetAsync();
        StateHasChanged();
    }

    private async Task LoadMoreAsync()
    {
        var actor = Actor;
        if (actor is null || _loadedKey is null)
        {
            LoadError = "Your account has no console role; ask an admin for one.";
            return;
        }

        _loading = true;
        LoadError = null;
        try
        {
            var result = await Audit.ServerHistoryAsync(_loadedKey, new PageRequest(_page + 1, PageSize), actor);
            if (result.IsSuccess)
            {
                _page++;
                _total = result.Value.Total;
                _entries.AddRange(result.Value.Items);
            }
            else
            {
                LoadError = result.Error.Message;
            }
        }
        finally
        {
            _loading = false;
        }
    }

    private void Toggle(ServerHistoryEntryDto entry, bool open)
    {
        if (open)
        {
            _open.Add(entry);
        }
        else
        {
            _open.Remove(entry);
        }
    }
}
