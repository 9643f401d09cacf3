using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore.Metadata;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>Compares what two ways of reading a row gave, property by mapped property (JSON by its text, dates with their kind).</summary>
public static class MappedValues
{
    public static void Equal(IEntityType entityType, object expected, Func<IProperty, object?> actual)
    {
        foreach (var property in entityType.GetProperties())
        {
            var want = property.PropertyInfo!.GetValue(expected);
            var got = actual(property);
            if (want is JsonNode node)
            {
                Assert.Equal(node.ToJsonString(), ((JsonNode)got!).ToJsonString());
            }
            else
            {
                Assert.Equal(want, got);
                Assert.Equal((want as DateTime?)?.Kind, (got as DateTime?)?.Kind);
            }
        }
    }
}
