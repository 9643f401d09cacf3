namespace RegistryConsole.Tests.E2E.Infrastructure;

/// <summary>Unique names, so every test can share the one app and its database without seeing another test's data.</summary>
public static class Names
{
    /// <summary><c>prefix-1a2b3c4d</c>: valid as a saved_name or gateway name (letters, digits, '-').</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
