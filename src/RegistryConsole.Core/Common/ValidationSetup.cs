using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;

namespace RegistryConsole.Core.Common;

internal static class ValidationSetup
{
    // Validation errors are keyed by the JSON path a client wrote (snake_case, OAUTH_* as declared),
    // never by C# property names; FluentValidation's resolver is global, so it is set once when Core loads.
#pragma warning disable CA2255 // a module initializer is the one place that runs before any validator is built
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Configure()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonName(member);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonName(member);
    }

    // FluentValidation asks for a rule's display name each time the rule runs: an attribute lookup and a naming-policy
    // conversion per property per validation, a quarter of a server body's validation. The names never change.
    private static readonly ConcurrentDictionary<MemberInfo, string> Names = new();

    private static string JsonName(MemberInfo member) =>
        Names.GetOrAdd(member, static m => m.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(m.Name));
}
