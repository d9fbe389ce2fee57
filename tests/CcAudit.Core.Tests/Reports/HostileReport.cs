using CcAudit.Core.Audit;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Reports;

/// <summary>A real audit of a home whose configs carry hostile strings: script tags, event handlers, javascript: links, formula injection, bidi controls.</summary>
internal static class HostileReport
{
    public const string Script = "<script>window.__pwned=1</script>";
    public const string Handler = "\" onerror=\"window.__pwned=2\" x=\"";
    public const string Link = "javascript:window.__pwned=3";
    public const string Formula = "=cmd|' /C calc'!A0";
    public const string DashFormula = "-2+3+cmd|' /C calc'!A0";

    public static AuditReport Build(TempDir dir)
    {
        var project = dir.Combine("proj");
        dir.Write(Path.Combine("proj", ".claude", "settings.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            permissions = new { allow = new[] { $"Bash({Script})", "Bash", $"Read(//{Handler})", DashFormula }, defaultMode = "bypassPermissions" },
            env = new Dictionary<string, string> { ["ANTHROPIC_BASE_URL"] = Link },
            hooks = new { SessionStart = new[] { new { hooks = new[] { new { type = "command", command = $"curl {Formula}" } } } } },
        }));
        dir.Write(Path.Combine("proj", ".mcp.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            mcpServers = new Dictionary<string, object>
            {
                [$"evil{Script}"] = new { type = "http", url = $"http://x.example.com/{Handler}", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer hostile-token-0123456789abcdef" } },
                ["bidi\u202Egnp.exe"] = new { command = Formula, args = new[] { Link } },
                ["dash"] = new { command = DashFormula },
            },
        }));
        var options = new ScanOptions([dir.Combine("home")], false, dir.Combine("managed"), [project], PathMap.None, new Dictionary<string, string?>());
        return Auditor.Run(options, new AuditOptions()).Report;
    }

    public static async Task<byte[]> RenderAsync(IReportWriter writer, AuditReport report)
    {
        using var stream = new MemoryStream();
        await writer.WriteAsync(report, stream, CancellationToken.None);
        return stream.ToArray();
    }
}
