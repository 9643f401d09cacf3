using System.Text.Json.Nodes;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Secrets;

namespace RegistryConsole.Core.Servers;

/// <summary>Moves a server between its stored row, its plaintext JSON document and its masked DTO.</summary>
internal static class ServerDocument
{
    private static readonly ServerBodyValidator Validator = new();

    /// <summary>Reads and checks a complete add-server body; null with errors when anything is wrong.</summary>
    public static ServerBody? Read(JsonObject body, string prefix, FieldErrors errors)
    {
        var typed = StrictJson.Read(body, Validator, prefix, errors);
        if (typed is not null && body["mcp_config"] is JsonObject mcpConfig)
        {
            // A mask on a new server can only be a copy-paste of a masked read: nothing is stored to keep.
            SecretRules.RestoreMasked(mcpConfig, null, JsonPath.Combine(prefix, "mcp_config"), errors);
        }

        return errors.IsEmpty ? typed : null;
    }

    /// <summary>Reads and checks a merged body (modify-server, its masks already restored) by the rules of an added one.</summary>
    public static ServerBody? ReadMerged(JsonObject merged, FieldErrors errors) => StrictJson.Read(merged, Validator, string.Empty, errors);

    /// <summary>The plaintext add-server body a stored row stands for (secrets decrypted).</summary>
    public static JsonObject ToPlainBody(RegistryServer server, ISecretProtector protector) =>
        Body(server, SecretRules.Revealed(server.McpConfig, protector));

    /// <summary>The body with every secret masked; decrypts nothing.</summary>
    public static JsonObject ToMaskedBody(RegistryServer server) => Body(server, SecretRules.Masked(server.McpConfig));

    private static JsonObject Body(RegistryServer server, JsonObject mcpConfig) => new()
    {
        ["saved_name"] = server.SavedName,
        ["server_version"] = server.ServerVersion,
        ["server_name"] = server.ServerName,
        ["description"] = server.Description,
        ["job_id"] = server.JobId,
        ["source_url"] = server.SourceUrl,
        ["source_version"] = server.SourceVersion,
        ["mcp_config"] = mcpConfig,
    };

    /// <summary>Copies a checked body onto a row, encrypting the secrets of its <c>mcp_config</c>.</summary>
    public static void Apply(RegistryServer server, ServerBody typed, JsonObject body, ISecretProtector protector)
    {
        server.ServerName = typed.ServerName;
        server.Description = typed.Description;
        server.JobId = typed.JobId;
        server.SourceUrl = typed.SourceUrl;
        server.SourceVersion = typed.SourceVersion;
        server.McpConfig = SecretRules.Protected((JsonObject)body["mcp_config"]!, protector);
        server.Transport = Transports.Of((JsonObject)body["mcp_config"]!);
        server.SearchText = SearchTextOf(server.SavedName, server.ServerName, server.Description);
    }

    public static string SearchTextOf(string savedName, string? serverName, string? description) =>
        TextFolding.SearchText(savedName, serverName, description);

    public static ServerDto ToDto(RegistryServer server, string projectName) => new()
    {
        SavedName = server.SavedName,
        ServerVersion = server.ServerVersion,
        ServerName = server.ServerName,
        Description = server.Description,
        JobId = server.JobId,
        SourceUrl = server.SourceUrl,
        SourceVersion = server.SourceVersion,
        McpConfig = SecretRules.Masked(server.McpConfig),
        Transport = server.Transport,
        RegistryId = server.RegistryId,
        RegistryName = Registry.DefaultName,
        ProjectName = projectName,
        IsActive = server.IsActive,
        IsSample = server.IsSample,
        ReviewStatus = server.ReviewStatus,
        ApprovedRevision = server.ApprovedRevision,
        Revision = server.Revision,
        CreatedAt = server.CreatedAt,
        UpdatedAt = server.UpdatedAt,
        DeletedAt = server.DeletedAt,
        CreatedBy = server.CreatedBy,
        UpdatedBy = server.UpdatedBy,
        DeletedBy = server.DeletedBy,
        ReviewedBy = server.ReviewedBy,
    };

    /// <summary>
    /// A server as a runtime may run it: the approved snapshot (secrets revealed when <paramref name="revealWith"/> is
    /// given), or <c>is_active: false</c> and an empty <c>mcp_config</c> when nothing approved may run (never approved,
    /// or deleted).
    /// </summary>
    public static ServerDto ToServedDto(RegistryServer server, Reviews.ServerSnapshot? snapshot, string projectName, ISecretProtector? revealWith)
    {
        var dto = ToDto(server, projectName);
        if (snapshot is null)
        {
            return dto with { IsActive = false, McpConfig = [] };
        }

        var stored = snapshot.McpConfig;
        return dto with
        {
            ServerName = snapshot.ServerName,
            Description = snapshot.Description,
            McpConfig = revealWith is null ? SecretRules.Masked(stored) : SecretRules.Revealed(stored, revealWith),
            Transport = Transports.Of(stored),
        };
    }
}
