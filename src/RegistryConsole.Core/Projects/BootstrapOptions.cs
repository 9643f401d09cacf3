namespace RegistryConsole.Core.Projects;

/// <summary>First-start credentials (API.md §7). Set only in Development or by an operator; there are no defaults.</summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public const int MinimumApiKeyLength = 24;

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    public string? ApiKey { get; set; }
}
