using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Gateways;

/// <summary>
/// The expanded servers of a cached gateway config, kept as the UTF-8 JSON they are served as. A cached expansion used
/// to hold its servers as <see cref="System.Text.Json.Nodes.JsonNode"/> trees: ≈ 0.5 MB per gateway of 50 servers, two
/// entries (reveal and mask) per gateway, so 200 gateways held ≈ 200 MB. As JSON the same entry is a tenth of that, and
/// get-gateway-config writes it to the response as it is (<see cref="ExpandedServerListConverter"/>) instead of walking
/// the trees on every call. Code that enumerates the list (the console, the client-config export) gets the DTOs read
/// back from the JSON once, with the console-only <see cref="ExpandedServerDto.OverriddenKeys"/> kept beside it.
/// </summary>
public sealed class ExpandedServerList : IReadOnlyList<ExpandedServerDto>
{
    private readonly IReadOnlyDictionary<string, string>[] _overriddenKeys;
    private readonly Lazy<IReadOnlyList<ExpandedServerDto>> _servers;

    public ExpandedServerList(IReadOnlyList<ExpandedServerDto> servers)
    {
        Json = JsonSerializer.SerializeToUtf8Bytes(servers, JsonDefaults.Options);
        _overriddenKeys = [.. servers.Select(s => s.OverriddenKeys)];
        Signature = SignatureOf(servers);
        _servers = new(Read);
    }

    /// <summary>The servers as served: a JSON array.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>What the config's ETag covers of each server (name, version, served revision, active), in order.</summary>
    public string Signature { get; }

    public int Count => _overriddenKeys.Length;

    public ExpandedServerDto this[int index] => _servers.Value[index];

    public IEnumerator<ExpandedServerDto> GetEnumerator() => _servers.Value.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The signature of any list of expanded servers (the same text <see cref="Signature"/> holds).</summary>
    public static string SignatureOf(IReadOnlyList<ExpandedServerDto> servers) =>
        servers is ExpandedServerList list ? list.Signature : string.Join(",", servers.Select(s => $"{s.SavedName}/{s.ServerVersion}:{s.ServedRevision}:{s.IsActive}"));

    private List<ExpandedServerDto> Read()
    {
        var servers = JsonSerializer.Deserialize<List<ExpandedServerDto>>(Json.Span, JsonDefaults.Options) ?? [];
        List<ExpandedServerDto> read = [.. servers.Select((s, i) => s with { OverriddenKeys = _overriddenKeys[i] })];

        // Read nodes are filled in lazily, which is not safe for the concurrent readers a cached list has: fill them now.
        _ = JsonSerializer.SerializeToUtf8Bytes(read, JsonDefaults.Options);
        return read;
    }
}

/// <summary>Writes an <see cref="ExpandedServerList"/> as its stored JSON; any other list (and reading) as usual.</summary>
public sealed class ExpandedServerListConverter : JsonConverter<IReadOnlyList<ExpandedServerDto>>
{
    public override IReadOnlyList<ExpandedServerDto>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<List<ExpandedServerDto>>(ref reader, options);

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<ExpandedServerDto> value, JsonSerializerOptions options)
    {
        if (value is ExpandedServerList list)
        {
            writer.WriteRawValue(list.Json.Span, skipInputValidation: true);
            return;
        }

        writer.WriteStartArray();
        foreach (var server in value)
        {
            JsonSerializer.Serialize(writer, server, options);
        }

        writer.WriteEndArray();
    }
}
