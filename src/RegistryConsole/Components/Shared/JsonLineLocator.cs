using System.Text;
using System.Text.Json;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// Finds the line of a JSON text that a validation path names (<c>config.command</c>, <c>[3].name</c>,
/// <c>servers[0].mcp_config.tools</c>), so a server-side message lands where the person typed the value.
/// </summary>
public static class JsonLineLocator
{
    /// <summary>
    /// The 1-based line of the key (or array item) at <paramref name="path"/>. When the path is not in the text
    /// (a required key that is missing), the line of the nearest ancestor that is; line 1 when nothing matches.
    /// </summary>
    public static int LineOf(string? json, string? path) => LineOf(json, path, out _);

    /// <summary>As <see cref="LineOf(string?, string?)"/>; <paramref name="exact"/> tells whether the path itself is in the text.</summary>
    public static int LineOf(string? json, string? path, out bool exact) => Locate(json, path, out exact, out _);

    /// <summary>
    /// The 1-based first and last line of the key (or array item) at <paramref name="path"/> and its whole value (an
    /// object or array value ends at its closing bracket); null when the path is not in the text.
    /// </summary>
    public static (int First, int Last)? LinesOf(string? json, string? path)
    {
        var first = Locate(json, path, out var exact, out var last);
        return exact ? (first, Math.Max(first, last)) : null;
    }

    private static int Locate(string? json, string? path, out bool exact, out int lastLine)
    {
        exact = false;
        lastLine = 1;
        if (string.IsNullOrWhiteSpace(json) || string.IsNullOrEmpty(path))
        {
            return 1;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var containers = new Stack<Container>();
        var best = (Length: -1, Offset: 0L);
        try
        {
            while (reader.Read())
            {
                var offset = reader.TokenStartIndex;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var container = containers.Peek();
                        container.Property = JsonPath.Combine(container.Path, reader.GetString() ?? string.Empty);
                        if (Consider(container.Property, offset))
                        {
                            exact = true;
                            lastLine = LastLine(ref reader, bytes, offset, atKey: true);
                            return LineAt(bytes, offset);
                        }

                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var valuePath = ValuePath(containers, offset, out var found);
                        if (found)
                        {
                            exact = true;
                            lastLine = LastLine(ref reader, bytes, offset, atKey: false);
                            return LineAt(bytes, offset);
                        }

                        containers.Push(new Container(valuePath, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        containers.Pop();
                        break;
                    default:
                        ValuePath(containers, offset, out found);
                        if (found)
                        {
                            exact = true;
                            lastLine = LineAt(bytes, offset);
                            return LineAt(bytes, offset);
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Text that does not parse (still being typed): the best match so far is as good as it gets.
        }

        return best.Length < 0 ? 1 : LineAt(bytes, best.Offset);

        // The path of the value starting here: an array item gets its index; an object member was named by its key.
        string ValuePath(Stack<Container> stack, long offset, out bool isPath)
        {
            isPath = false;
            if (stack.Count == 0)
            {
                return string.Empty;
            }

            var parent = stack.Peek();
            if (!parent.IsArray)
            {
                return parent.Property ?? parent.Path;
            }

            var item = JsonPath.Index(parent.Path, parent.NextIndex++);
            isPath = Consider(item, offset);
            return item;
        }

        bool Consider(string candidate, long offset)
        {
            if (candidate == path)
            {
                return true;
            }

            var isAncestor = path.StartsWith(candidate, StringComparison.Ordinal)
                && path.Length > candidate.Length
                && (path[candidate.Length] is '.' or '[');
            if (isAncestor && candidate.Length > best.Length)
            {
                best = (candidate.Length, offset);
            }

            return false;
        }
    }

    /// <summary>The line where the value at the reader ends (its closing bracket); the start line when the rest does not parse.</summary>
    private static int LastLine(ref Utf8JsonReader reader, byte[] bytes, long start, bool atKey)
    {
        try
        {
            // At a key the value comes next; an object or array value is skipped to its closing bracket.
            if (atKey)
            {
                reader.Read();
            }

            reader.Skip();
            return LineAt(bytes, reader.TokenStartIndex);
        }
        catch (JsonException)
        {
            return LineAt(bytes, start);
        }
    }

    private static int LineAt(byte[] bytes, long offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
            }
        }

        return line;
    }

    private sealed class Container(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public string? Property { get; set; }

        public int NextIndex { get; set; }
    }
}
