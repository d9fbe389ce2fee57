using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.Discovery;

namespace CcAudit.Cli.Tests.Commands;

/// <summary>One formats registry per report kind and one output helper: the same rules on every verb.</summary>
public sealed class OutputConventionsTests : IDisposable
{
    private readonly FixtureHome _fixture = new();

    public void Dispose() => _fixture.Dispose();

    public static TheoryData<string[]> UnknownValues => new()
    {
        new[] { "mcp", "list", "--format", "xml" },
        new[] { "history", "--format", "xml" },
        new[] { "permissions", "explain", "--cwd", ".", "--format", "xml", "Read(/x)" },
        new[] { "permissions", "explain", "--cwd", ".", "--mode", "bogus", "Read(/x)" },
        new[] { "settings", "show", "--cwd", ".", "--format", "xml" },
        new[] { "rules", "list", "--format", "xml" },
        new[] { "reach", "--format", "xml" },
        new[] { "drift", "--format", "xml" },
        new[] { "activity", "--format", "xml" },
        new[] { "fleet", "report", "--format", "xml" },
        new[] { "scan", "--format", "xml" },
        new[] { "check", "--fail-on", "severe" },
        new[] { "activity", "--csv-table", "nope" },
        new[] { "mcp", "bogus", "--help" },
        new[] { "bogus", "--help" },
    };

    [Theory]
    [MemberData(nameof(UnknownValues))]
    public async Task UnknownFormatModeTableOrSubcommand_IsAUsageError(string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Contains("ccaudit:", result.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string[]> JsonVerbs => new()
    {
        new[] { "scan", "--no-store" },
        new[] { "reach", "--cwd", "{app}" },
        new[] { "redteam", "--cwd", "{app}" },
        new[] { "check", "{untrusted}" },
        new[] { "rules", "list" },
    };

    /// <summary>A consumer filters on one severity string whatever verb wrote the JSON: never a number, never "High".</summary>
    [Theory]
    [MemberData(nameof(JsonVerbs))]
    public async Task EveryJsonVerb_SpellsSeverityTheSameWay(string[] verb)
    {
        string[] machine = verb[0] is "check" or "rules"
            ? []
            : ["--home", _fixture.Home, "--managed-dir", _fixture.Managed, "--path-map", $"{FixtureHome.RecordedHome}={_fixture.Home}"];
        var args = verb.Select(a => a.Replace("{app}", _fixture.App, StringComparison.Ordinal)
            .Replace("{untrusted}", _fixture.Untrusted, StringComparison.Ordinal));

        var result = await CliRunner.RunAsync([.. args, .. machine, "--format", "json"]);

        Assert.True(result.ExitCode is 0 or 1, result.Error);
        var severities = new List<string>();
        Collect(JsonDocument.Parse(result.Out).RootElement, severities);
        Assert.NotEmpty(severities);
        Assert.All(severities, s => Assert.Contains(s, new[] { "info", "low", "medium", "high", "critical" }));
    }

    private static void Collect(JsonElement element, List<string> severities)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, severities);
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            // Diagnostics have their own scale (error, warning, info); a finding or a rule is what names a CCA id.
            var isRule = element.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.String
                && (p.NameEquals("ruleId") || p.NameEquals("id") || p.NameEquals("rule")) && p.Value.GetString()!.StartsWith("CCA", StringComparison.Ordinal));
            foreach (var property in element.EnumerateObject())
            {
                if (isRule && property.NameEquals("severity") && property.Value.ValueKind != JsonValueKind.Object)
                {
                    severities.Add(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
                }

                Collect(property.Value, severities);
            }
        }
    }

    [Fact]
    public async Task FormatHelp_ListsTheRegisteredFormats_AndTheBinaryOnes()
    {
        var result = await CliRunner.RunAsync("activity", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("console, json, md, html, csv, xlsx (xlsx writes a file: needs --output).", result.Out, StringComparison.Ordinal);
        Assert.Contains("-f, --format", result.Out, StringComparison.Ordinal);
        Assert.Contains("-o, --output", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FleetReport_ConsoleToAFile_WritesTheTables()
    {
        var store = Path.Combine(_fixture.Root, "fleet.db");
        var inbox = Path.Combine(_fixture.Root, "inbox");
        Directory.CreateDirectory(inbox);
        await CliRunner.RunAsync(
            "scan", "--home", _fixture.Home, "--managed-dir", _fixture.Managed, "--no-store", "--out", Path.Combine(inbox, "a.json"), "-f", "json");
        Assert.Equal(0, (await CliRunner.RunAsync("fleet", "import", inbox, "--store", store, "--trusted-keys", CliRunner.TrustedDefaultKey())).ExitCode);
        var file = Path.Combine(_fixture.Root, "f.txt");

        var result = await CliRunner.RunAsync("fleet", "report", "--store", store, "-o", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var text = File.ReadAllText(file);
        Assert.Contains("Claude Code fleet: 1 machine/user pair(s)", text, StringComparison.Ordinal);
        Assert.Contains("machines (1)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rules", "list")]
    [InlineData("history")]
    public async Task ConsoleAndJson_GoToTheNamedFile_NotStdout(params string[] verb)
    {
        var store = Path.Combine(_fixture.Root, "h.db");
        var file = Path.Combine(_fixture.Root, "out.json");

        string[] storeArgs = verb[0] == "history" ? ["--store", store] : [];
        var result = await CliRunner.RunAsync([.. verb, .. storeArgs, "--format", "json", "--output", file]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.StartsWith("[", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xlsx_WithoutOutput_IsAUsageError()
    {
        var result = await CliRunner.RunAsync("activity", "--home", _fixture.Home, "--format", "xlsx");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--format xlsx is binary", result.Error, StringComparison.Ordinal);
    }
}
