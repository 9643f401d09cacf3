using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RegistryConsole.Api;

namespace RegistryConsole.Tests.Unit.Api;

/// <summary>
/// The request body is read into a pooled buffer (sized by Content-Length, grown when there is none) and parsed from it;
/// the limit holds for a body sent without a length, and a parsed body never shares the buffer with the next request.
/// </summary>
public sealed class JsonBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BodyWithoutContentLength_LargerThanTheFirstBuffer_IsReadWhole()
    {
        var json = Body(40 * 1024);

        var (node, problem) = await JsonBody.ReadObjectAsync(Request(json, declareLength: false), Ct);

        Assert.Null(problem);
        Assert.Equal(json, node!.ToJsonString());
    }

    [Fact]
    public async Task BodyWithoutContentLength_ExactlyAtTheLimit_IsRead_AndOneByteMoreIs413()
    {
        var atLimit = Body(JsonBody.MaxBytes);
        var overLimit = Body(JsonBody.MaxBytes + 1);

        var (node, problem) = await JsonBody.ReadObjectAsync(Request(atLimit, declareLength: false), Ct);
        var (_, tooLarge) = await JsonBody.ReadObjectAsync(Request(overLimit, declareLength: false), Ct);

        Assert.Null(problem);
        Assert.Equal(JsonBody.MaxBytes, Encoding.UTF8.GetByteCount(node!.ToJsonString()));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, Assert.IsType<ProblemResult>(tooLarge).StatusCode);
    }

    [Fact]
    public async Task TwoBodiesInTurn_TheFirstKeepsItsValues_AfterItsBufferServedTheSecond()
    {
        var first = Body(3000, 'a');
        var second = Body(3000, 'b');

        var (firstNode, _) = await JsonBody.ReadObjectAsync(Request(first, declareLength: true), Ct);
        var (secondNode, _) = await JsonBody.ReadObjectAsync(Request(second, declareLength: true), Ct);

        // The values are read only now, after the second body went through the pooled buffer.
        Assert.Equal(first, firstNode!.ToJsonString());
        Assert.Equal(second, secondNode!.ToJsonString());
    }

    [Fact]
    public async Task EmptyBody_WithoutContentLength_IsNamedAsEmpty()
    {
        var (_, problem) = await JsonBody.ReadObjectAsync(Request(string.Empty, declareLength: false), Ct);

        Assert.Equal(StatusCodes.Status400BadRequest, Assert.IsType<ProblemResult>(problem).StatusCode);
    }

    /// <summary>A JSON object of exactly <paramref name="bytes"/> UTF-8 bytes: <c>{"description":"xxx…"}</c>.</summary>
    private static string Body(int bytes, char fill = 'x')
    {
        const string prefix = "{\"description\":\"";
        const string suffix = "\"}";
        return prefix + new string(fill, bytes - prefix.Length - suffix.Length) + suffix;
    }

    /// <summary>A request whose body arrives in 7,000-byte reads, with or without a Content-Length header.</summary>
    private static HttpRequest Request(string json, bool declareLength)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Request.ContentType = "application/json";
        context.Request.Body = new SlowStream(bytes);
        if (declareLength)
        {
            context.Request.ContentLength = bytes.Length;
        }

        return context.Request;
    }

    /// <summary>Hands out at most 7,000 bytes per read, as a network stream does.</summary>
    private sealed class SlowStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7000));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7000)], cancellationToken);
    }
}
