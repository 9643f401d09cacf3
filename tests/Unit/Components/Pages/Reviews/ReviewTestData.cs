using System.Text.Json.Nodes;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components.Pages.Reviews;

internal static class ReviewTestData
{
    public static ServerReviewDto Review(string savedName, bool approvedBefore = true, bool ownChange = false, params Finding[] findings)
    {
        var server = TestServers.Stdio(savedName) with { ApprovedRevision = approvedBefore ? 2 : null };
        return new ServerReviewDto
        {
            Server = server,
            Served = approvedBefore ? new JsonObject { ["server_name"] = "old-name", ["mcp_config"] = new JsonObject { ["config"] = new JsonObject { ["command"] = "node" } } } : null,
            ServedRevision = approvedBefore ? 2 : null,
            Pending = new JsonObject { ["server_name"] = server.ServerName, ["mcp_config"] = (JsonObject)server.McpConfig.DeepClone() },
            Findings = findings,
            IsOwnChange = ownChange,
        };
    }
}
