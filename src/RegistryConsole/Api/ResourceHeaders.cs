using Microsoft.AspNetCore.Mvc;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Gateways;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Api;

/// <summary>The server a request names (<c>X-Enkrypt-MCP-Registry-Server</c> and its version header); use with <c>[AsParameters]</c>.</summary>
public sealed class ServerAddress : IRequestBinding
{
    [FromHeader(Name = ApiHeaders.Server)]
    public string[]? Name { get; init; }

    [FromHeader(Name = ApiHeaders.ServerVersion)]
    public string[]? Version { get; init; }

    public ServerKey Key => new(RequestBindings.First(Name)!, ResourceHeaders.VersionOf(Version));

    public IResult? Problem => ResourceHeaders.Check(Name, Version, ApiHeaders.Server, ApiHeaders.ServerVersion, "is required: the server's saved_name");
}

/// <summary>The gateway a request names (<c>X-Enkrypt-MCP-Gateway</c> and its version header); use with <c>[AsParameters]</c>.</summary>
public sealed class GatewayAddress : IRequestBinding
{
    [FromHeader(Name = ApiHeaders.Gateway)]
    public string[]? Name { get; init; }

    [FromHeader(Name = ApiHeaders.GatewayVersion)]
    public string[]? Version { get; init; }

    public GatewayKey Key => new(RequestBindings.First(Name)!, ResourceHeaders.VersionOf(Version));

    public IResult? Problem => ResourceHeaders.Check(Name, Version, ApiHeaders.Gateway, ApiHeaders.GatewayVersion, "is required: the gateway's gateway_saved_name");
}

/// <summary>The rules of a resource's name header and its optional version header (default <c>v1</c>).</summary>
public static class ResourceHeaders
{
    public static string VersionOf(string[]? version) => RequestBindings.First(version) ?? Identifiers.DefaultVersion;

    public static IResult? Check(string[]? nameValues, string[]? versionValues, string nameHeader, string versionHeader, string missing)
    {
        var name = RequestBindings.First(nameValues);
        if (name is null)
        {
            return ApiResults.BadHeader(nameHeader, missing);
        }

        if (!Identifiers.IsValid(name))
        {
            return ApiResults.BadHeader(nameHeader, Identifiers.Rule);
        }

        return RequestBindings.First(versionValues) is { } version && !Identifiers.IsValid(version)
            ? ApiResults.BadHeader(versionHeader, Identifiers.Rule)
            : null;
    }
}
