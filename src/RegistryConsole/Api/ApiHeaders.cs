namespace RegistryConsole.Api;

/// <summary>The headers of the wire contract (API.md §1.1).</summary>
public static class ApiHeaders
{
    public const string ApiKey = "apikey";
    public const string ApiKeyAlias = "api_key";
    public const string Project = "X-Enkrypt-Project";
    public const string Registry = "X-Enkrypt-MCP-Registry";
    public const string Server = "X-Enkrypt-MCP-Registry-Server";
    public const string ServerVersion = "X-Enkrypt-MCP-Registry-Server-Version";
    public const string Gateway = "X-Enkrypt-MCP-Gateway";
    public const string GatewayVersion = "X-Enkrypt-MCP-Gateway-Version";
    public const string RequestId = "X-Request-Id";
}
