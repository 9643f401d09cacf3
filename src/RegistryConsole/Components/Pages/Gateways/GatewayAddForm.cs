using System.Text.Json.Nodes;
using RegistryConsole.Components.Shared;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Components.Pages.Gateways;

/// <summary>What the add-gateway form holds, the add-gateway body it makes, and where the service's field errors land.</summary>
public sealed class GatewayAddForm
{
    private IReadOnlyDictionary<string, string[]>? _fieldErrors;

    public string? Name { get; set; }

    public string? Version { get; set; } = "v1";

    public string? Description { get; set; }

    public string CommonOverrides { get; set; } = "{}";

    public List<ServerKey> Servers { get; } = [];

    public IReadOnlyList<JsonEditorError> NameErrors => FieldErrorPaths.Under(_fieldErrors, "gateway_saved_name");

    public IReadOnlyList<JsonEditorError> VersionErrors => FieldErrorPaths.Under(_fieldErrors, "gateway_version");

    public IReadOnlyList<JsonEditorError> DescriptionErrors => FieldErrorPaths.Under(_fieldErrors, "description");

    public IReadOnlyList<JsonEditorError> CommonErrors { get; private set; } = [];

    public IReadOnlyList<JsonEditorError> ServerErrors(int index) => FieldErrorPaths.Under(_fieldErrors, JsonPath.Index(GatewayDraft.ServersPath, index));

    public void AddServer(ServerKey key)
    {
        if (!Servers.Contains(key))
        {
            Servers.Add(key);
        }
    }

    public void RemoveServer(int index)
    {
        Servers.RemoveAt(index);

        // The indexes of the remaining servers moved; their old messages would point at the wrong row.
        _fieldErrors = null;
    }

    /// <summary>The add-gateway body; null when the common overrides are not a JSON object (the message is on that editor).</summary>
    public JsonObject? ToBody()
    {
        _fieldErrors = null;
        CommonErrors = [];
        if (!JsonText.TryParseObject(CommonOverrides, out var common, out var parseError, out var line))
        {
            CommonErrors = [new JsonEditorError(string.Empty, parseError!, line)];
            return null;
        }

        var body = new JsonObject
        {
            ["gateway_saved_name"] = Name?.Trim() ?? string.Empty,
            ["gateway_version"] = string.IsNullOrWhiteSpace(Version) ? Identifiers.DefaultVersion : Version.Trim(),
        };
        if (!string.IsNullOrWhiteSpace(Description))
        {
            body["description"] = Description.Trim();
        }

        body["servers_config"] = new JsonObject
        {
            ["common_overrides"] = common,
            ["servers"] = new JsonArray(Servers.Select(s => (JsonNode)new JsonObject { ["saved_name"] = s.SavedName, ["server_version"] = s.ServerVersion }).ToArray()),
        };
        return body;
    }

    /// <summary>Keeps the service's field errors for the fields to show; returns the messages no field claims.</summary>
    public IReadOnlyList<string> ApplyErrors(Error error)
    {
        _fieldErrors = error.FieldErrors;
        CommonErrors = FieldErrorPaths.Under(_fieldErrors, GatewayDraft.CommonPath);
        return _fieldErrors is null
            ? [error.Message]
            : FieldErrorPaths.Unclaimed(_fieldErrors, ["gateway_saved_name", "gateway_version", "description", GatewayDraft.CommonPath, GatewayDraft.ServersPath]);
    }
}
