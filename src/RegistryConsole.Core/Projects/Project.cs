namespace RegistryConsole.Core.Projects;

/// <summary>The tenant: every registry, gateway, key and user belongs to one project.</summary>
public sealed class Project
{
    public const string DefaultName = "default";

    public required string Id { get; init; }

    public required string Name { get; set; }

    public bool RequireApproval { get; set; } = true;

    public bool RequireDistinctReviewer { get; set; } = true;

    /// <summary>The reverse-DNS namespace of the MCP Registry v0.1 names; null means <c>local.&lt;project name&gt;</c>.</summary>
    public string? RegistryNamespace { get; set; }

    /// <summary>True when the MCP Registry v0.1 endpoints may be read without an API key.</summary>
    public bool PublicCatalog { get; set; }

    public DateTime CreatedAt { get; init; }
}
