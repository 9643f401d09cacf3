using System.Text.Json.Nodes;

namespace RegistryConsole.Core.Common;

/// <summary>Rules shared by every modify: the identity a resource is addressed by cannot change through its body.</summary>
public static class PatchRules
{
    /// <summary>A field naming the resource may be repeated in a patch, but only with the value of its header.</summary>
    public static void RequireUnchanged(JsonObject patch, string field, string expected, string resources, FieldErrors errors)
    {
        if (patch.TryGetPropertyValue(field, out var node)
            && !(node is JsonValue value && value.TryGetValue<string>(out var text) && text == expected))
        {
            errors.Add(field, $"must equal the header value '{expected}': {resources} cannot be renamed");
        }
    }
}
