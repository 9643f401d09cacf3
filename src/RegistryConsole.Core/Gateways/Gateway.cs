using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Gateways;

/// <summary>An MCP gateway: a named set of registry server references with guardrail overrides.</summary>
public sealed class Gateway : Common.ILifecycleEntity
{
    public required string Id { get; init; }

    public required string ProjectId { get; init; }

    public required string SavedName { get; init; }

    public required string Version { get; init; }

    public string? Description { get; set; }

    /// <summary>Saved name and description, folded for search; set from them by every save (<c>RegistryDbContext</c>).</summary>
    public string SearchText { get; set; } = string.Empty;

    public static string SearchTextOf(string savedName, string? description) =>
        Common.TextFolding.SearchText(savedName, description);

    /// <summary>The <c>common_overrides</c> object as written (only overridable keys, never <c>{}</c> values).</summary>
    public JsonObject CommonOverrides { get; set; } = [];

    public bool IsActive { get; set; } = true;

    public bool IsSample { get; set; }

    public int Revision { get; set; } = 1;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? DeletedAt { get; set; }

    public string? CreatedBy { get; set; }

    public string? UpdatedBy { get; set; }

    public string? DeletedBy { get; set; }

    public List<GatewayServer> Servers { get; init; } = [];
}

/// <summary>A gateway's reference to one registry server version, with its per-server overrides.</summary>
public sealed class GatewayServer
{
    public required string Id { get; init; }

    public required string GatewayId { get; init; }

    /// <summary>The referenced server row; servers are only ever soft-deleted, so the reference always resolves.</summary>
    public required string ServerId { get; init; }

    public int Position { get; set; }

    public JsonObject Overrides { get; set; } = [];
}
