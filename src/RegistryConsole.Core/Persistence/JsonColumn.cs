using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// The one mapping of a JSON column: a <see cref="JsonObject"/> or <see cref="JsonArray"/> property stored as its JSON
/// text, key order kept (text on both providers, never jsonb, which reorders keys). Registered for every property of
/// these types in <see cref="RegistryDbContext"/>; the column type is the one a string had, so no migration.
/// </summary>
public static class JsonColumn
{
    public static string Write(JsonNode node) => node.ToJsonString(JsonDefaults.Options);

    /// <summary>The stored text as a node of the property's type; text of another JSON type reads as an empty one.</summary>
    public static TNode Read<TNode>(string json)
        where TNode : JsonNode =>
        JsonNode.Parse(json, nodeOptions: null, documentOptions: default) as TNode ?? Empty<TNode>();

    /// <summary>
    /// Two values are the same when they hold the same keys in the same order (as the column stores them) and equal
    /// values. Walks both trees without writing them out: change tracking compares every JSON column of every tracked
    /// entity on each save, and serialising both sides was a tenth of a bulk-add's CPU.
    /// </summary>
    public static bool Same(JsonNode? a, JsonNode? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && SameTree(a, b));

    public static int Hash(JsonNode node) => StringComparer.Ordinal.GetHashCode(Write(node));

    public static TNode Copy<TNode>(TNode node)
        where TNode : JsonNode => (TNode)node.DeepClone();

    private static bool SameTree(JsonNode a, JsonNode b) => (a, b) switch
    {
        (JsonObject x, JsonObject y) => x.Count == y.Count && SameProperties(x, y),
        (JsonArray x, JsonArray y) => x.Count == y.Count && SameItems(x, y),
        (JsonValue, JsonValue) => JsonNode.DeepEquals(a, b),
        _ => false,
    };

    private static bool SameProperties(JsonObject x, JsonObject y)
    {
        using var other = y.GetEnumerator();
        foreach (var (key, value) in x)
        {
            if (!other.MoveNext() || other.Current.Key != key || !Same(value, other.Current.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameItems(JsonArray x, JsonArray y)
    {
        for (var i = 0; i < x.Count; i++)
        {
            if (!Same(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static TNode Empty<TNode>()
        where TNode : JsonNode => (TNode)(typeof(TNode) == typeof(JsonArray) ? new JsonArray() : (JsonNode)new JsonObject());
}

/// <summary>Stores a JSON node as its text (<see cref="JsonColumn"/>).</summary>
public sealed class JsonColumnConverter<TNode>() : ValueConverter<TNode, string>(
    node => JsonColumn.Write(node),
    json => JsonColumn.Read<TNode>(json))
    where TNode : JsonNode;

/// <summary>
/// Change tracking of a JSON node: a snapshot is a deep copy, so a node changed in place is still seen as changed.
/// </summary>
public sealed class JsonColumnComparer<TNode>() : ValueComparer<TNode>(
    (a, b) => JsonColumn.Same(a, b),
    node => JsonColumn.Hash(node),
    node => JsonColumn.Copy(node))
    where TNode : JsonNode;
