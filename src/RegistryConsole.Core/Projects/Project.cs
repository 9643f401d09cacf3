namespace RegistryConsole.Core.Projects;

/// <summary>The tenant: every registry, gateway, key and user belongs to one project.</summary>
public sealed class Project
{
    public const string DefaultName = "default";

    public required string Id { get; init; }

    public required string Name { get; set; }

    public bool RequireApproval { get; set; } = true;

    public bool RequireDistinctReviewer { get; set; } = true;

    public DateTime CreatedAt { get; init; }
}
