using System.Text.Json.Nodes;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Gateways;

/// <summary>
/// The text of one overrides editor next to what was loaded, so a save sends only what changed: a key added or
/// changed is sent with its value, a key removed is sent as <c>null</c> (modify-gateway clears it). Which keys are
/// allowed and what they may hold is the service's to say; its field errors come back onto this editor.
/// </summary>
public class OverridesDraft
{
    public OverridesDraft(JsonObject original)
    {
        Original = original;
        OriginalText = JsonText.Format(original);
        Text = OriginalText;
    }

    public JsonObject Original { get; private set; }

    public string OriginalText { get; private set; }

    public string Text { get; set; }

    public IReadOnlyList<JsonEditorError> Errors { get; set; } = [];

    public bool IsDirty => Text != OriginalText;

    /// <summary>Takes a newer stored value; unsaved text stays as typed.</summary>
    public void Rebase(JsonObject original)
    {
        var dirty = IsDirty;
        Original = original;
        OriginalText = JsonText.Format(original);
        if (!dirty)
        {
            Text = OriginalText;
        }
    }

    public void Discard()
    {
        Text = OriginalText;
        Errors = [];
    }

    /// <summary>The keys to send (null clears), or null when the text is not a JSON object (the reason lands in <see cref="Errors"/>).</summary>
    public JsonObject? Changes()
    {
        if (!JsonText.TryParseObject(Text, out var edited, out var parseError, out var line))
        {
            Errors = [new JsonEditorError(string.Empty, parseError!, line)];
            return null;
        }

        return JsonMergePatch.Diff(Original, edited, depth: 1);
    }
}

/// <summary>
/// The overrides editor of one referenced server, and its staged state: <see cref="IsNew"/> (to be attached by the next
/// save) or <see cref="IsDetached"/> (to be detached by the next save; its edits stay, so undoing brings them back).
/// </summary>
public sealed class ServerOverridesDraft(ServerKey key, JsonObject original, bool isNew = false) : OverridesDraft(original)
{
    public ServerKey Key { get; } = key;

    public bool IsNew { get; } = isNew;

    public bool IsDetached { get; set; }

    /// <summary>Attached or detached but not saved yet.</summary>
    public bool IsStaged => IsNew || IsDetached;
}

/// <summary>A modify-gateway patch and, for its <c>servers_config.servers</c> entries, which draft each index belongs to.</summary>
public sealed record GatewayPatch(JsonObject Body, IReadOnlyList<ServerOverridesDraft> Entries);

/// <summary>
/// Everything editable on the gateway detail page, staged until one save: description, common overrides, one editor
/// per referenced server, servers to attach and servers to detach.
/// </summary>
public sealed class GatewayDraft
{
    public const string DescriptionPath = "description";
    public const string CommonPath = "servers_config.common_overrides";
    public const string ServersPath = "servers_config.servers";

    private GatewayDraft(GatewayDto gateway)
    {
        OriginalDescription = gateway.Description ?? string.Empty;
        Description = OriginalDescription;
        Common = new OverridesDraft(gateway.ServersConfig.CommonOverrides);
        Servers = gateway.ServersConfig.Servers.Select(NewServerDraft).ToList();
    }

    public string OriginalDescription { get; private set; }

    public string Description { get; set; }

    public IReadOnlyList<JsonEditorError> DescriptionErrors { get; set; } = [];

    public OverridesDraft Common { get; }

    public List<ServerOverridesDraft> Servers { get; private set; }

    public bool IsDirty => Description != OriginalDescription || Common.IsDirty || Servers.Any(s => s.IsStaged || s.IsDirty);

    /// <summary>The servers the gateway will reference after the save (attached ones in, detached ones out).</summary>
    public IEnumerable<ServerOverridesDraft> Remaining => Servers.Where(s => !s.IsDetached);

    /// <summary>Stages attaching <paramref name="key"/> (with no overrides); undoes a staged detach of it. False when it is attached already.</summary>
    public bool Attach(ServerKey key)
    {
        if (Servers.FirstOrDefault(s => s.Key == key) is { } existing)
        {
            if (!existing.IsDetached)
            {
                return false;
            }

            existing.IsDetached = false;
            return true;
        }

        Servers.Add(new ServerOverridesDraft(key, [], isNew: true));
        return true;
    }

    /// <summary>Stages detaching <paramref name="key"/>; a server only staged for attaching is simply dropped.</summary>
    public void Detach(ServerKey key)
    {
        if (Servers.FirstOrDefault(s => s.Key == key) is not { } draft)
        {
            return;
        }

        if (draft.IsNew)
        {
            Servers.Remove(draft);
        }
        else
        {
            draft.IsDetached = true;
            draft.Errors = [];
        }
    }

    /// <summary>Undoes a staged detach.</summary>
    public void KeepAttached(ServerKey key)
    {
        if (Servers.FirstOrDefault(s => s.Key == key) is { } draft)
        {
            draft.IsDetached = false;
        }
    }

    public static GatewayDraft From(GatewayDto gateway) => new(gateway);

    /// <summary>The overrides of an entry of <c>servers_config.servers</c>: everything but its name and version.</summary>
    public static JsonObject OverridesOf(JsonObject entry) =>
        new(entry.Where(p => p.Key is not ("saved_name" or "server_version"))
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    public static ServerKey KeyOf(JsonObject entry) =>
        new(entry["saved_name"]?.GetValue<string>() ?? string.Empty, entry["server_version"]?.GetValue<string>() ?? Identifiers.DefaultVersion);

    /// <summary>Takes the gateway as saved (after a save, attach or detach) and keeps whatever is still unsaved.</summary>
    public void Rebase(GatewayDto gateway)
    {
        var descriptionDirty = Description != OriginalDescription;
        OriginalDescription = gateway.Description ?? string.Empty;
        if (!descriptionDirty)
        {
            Description = OriginalDescription;
        }

        Common.Rebase(gateway.ServersConfig.CommonOverrides);
        var previous = Servers.ToDictionary(s => s.Key);
        Servers = gateway.ServersConfig.Servers.Select(entry =>
        {
            if (previous.TryGetValue(KeyOf(entry), out var draft))
            {
                draft.Rebase(OverridesOf(entry));
                return draft;
            }

            return NewServerDraft(entry);
        }).ToList();

        // Servers staged for attaching stay staged (unless the gateway now has them); staged detaches stay marked.
        Servers.AddRange(previous.Values.Where(d => d.IsNew && Servers.All(s => s.Key != d.Key)));
        foreach (var draft in Servers)
        {
            draft.IsDetached = previous.TryGetValue(draft.Key, out var before) && before.IsDetached;
        }
    }

    public void Discard()
    {
        Description = OriginalDescription;
        DescriptionErrors = [];
        Common.Discard();
        Servers.RemoveAll(s => s.IsNew);
        Servers.ForEach(s =>
        {
            s.IsDetached = false;
            s.Discard();
        });
    }

    /// <summary>The patch of what changed; null when an editor holds no JSON object (its message is on that editor).</summary>
    public GatewayPatch? BuildPatch()
    {
        ClearErrors();
        var body = new JsonObject();
        if (Description != OriginalDescription)
        {
            body["description"] = string.IsNullOrWhiteSpace(Description) ? null : Description;
        }

        var valid = true;
        var config = new JsonObject();
        var common = Common.Changes();
        valid &= common is not null;
        if (common is { Count: > 0 })
        {
            config["common_overrides"] = common;
        }

        var entries = new List<ServerOverridesDraft>();
        var servers = new JsonArray();
        foreach (var draft in Servers)
        {
            var entry = new JsonObject { ["saved_name"] = draft.Key.SavedName, ["server_version"] = draft.Key.ServerVersion };
            if (draft.IsDetached)
            {
                // Its unsaved override edits go with it.
                entry["remove"] = true;
                servers.Add(entry);
                entries.Add(draft);
                continue;
            }

            var changes = draft.Changes();
            valid &= changes is not null;
            if (changes is { Count: > 0 } || (draft.IsNew && changes is not null))
            {
                // A server to attach is sent with the overrides typed for it (an upsert entry), even with none.
                foreach (var (key, value) in changes)
                {
                    entry[key] = value?.DeepClone();
                }

                servers.Add(entry);
                entries.Add(draft);
            }
        }

        if (servers.Count > 0)
        {
            config["servers"] = servers;
        }

        if (config.Count > 0)
        {
            body["servers_config"] = config;
        }

        return valid ? new GatewayPatch(body, entries) : null;
    }

    /// <summary>Puts the service's field errors on the editors they name; returns the messages no editor claims.</summary>
    public IReadOnlyList<string> ApplyErrors(Error error, GatewayPatch patch)
    {
        ClearErrors();
        var fields = error.FieldErrors;
        DescriptionErrors = FieldErrorPaths.Under(fields, DescriptionPath);
        Common.Errors = FieldErrorPaths.Under(fields, CommonPath);
        var prefixes = new List<string> { DescriptionPath, CommonPath };
        for (var i = 0; i < patch.Entries.Count; i++)
        {
            var prefix = JsonPath.Index(ServersPath, i);
            prefixes.Add(prefix);
            patch.Entries[i].Errors = FieldErrorPaths.Under(fields, prefix);
        }

        return fields is null ? [error.Message] : FieldErrorPaths.Unclaimed(fields, prefixes);
    }

    private void ClearErrors()
    {
        DescriptionErrors = [];
        Common.Errors = [];
        Servers.ForEach(s => s.Errors = []);
    }

    private static ServerOverridesDraft NewServerDraft(JsonObject entry) => new(KeyOf(entry), OverridesOf(entry));
}
