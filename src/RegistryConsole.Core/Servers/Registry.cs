namespace RegistryConsole.Core.Servers;

/// <summary>A project's registry of servers; created on the project's first server.</summary>
public sealed class Registry
{
    public const string DefaultName = "default";

    public required string Id { get; init; }

    public required string ProjectId { get; init; }

    public required string Name { get; init; }

    public DateTime CreatedAt { get; init; }
}
