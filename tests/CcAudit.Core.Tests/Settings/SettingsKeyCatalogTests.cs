using CcAudit.Core.Analysis;
using CcAudit.Core.Common;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Settings;

public sealed class SettingsKeyCatalogTests
{
    private const string TableStart = "<!-- settings-keys:start -->";
    private const string TableEnd = "<!-- settings-keys:end -->";

    [Fact]
    public void Catalog_lists_exactly_the_keys_of_the_real_binary_schema()
    {
        var (keys, diagnostics) = BinarySettingsSchema.Read(TestEnvironment.ClaudeBinary);
        Assert.Empty(diagnostics);
        var listed = SettingsKeyCatalog.All.Where(k => k.Origin == "schema").Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var missing = keys.Where(k => !listed.Contains(k)).ToList();
        var extra = listed.Where(k => !keys.Contains(k)).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"settings-keys.json and the binary differ: missing {string.Join(", ", missing)}; not in the binary {string.Join(", ", extra)}");

        // The extraction itself: the documented top-level count, the grouped and the nested keys.
        Assert.Equal(203, keys.Count(k => !k.Contains('.', StringComparison.Ordinal)));
        Assert.Contains("classifyAllShell", string.Join(' ', keys), StringComparison.Ordinal);
        Assert.Contains("sandbox.network.allowedDomains", keys);
        Assert.Contains("permissions.blockWritesOutsideWorkingDirectories", keys);
        Assert.Contains("autoMode", keys);
        Assert.Contains("xaaIdp", keys);
    }

    [Fact]
    public void Keys_read_outside_the_schema_are_in_the_binary()
    {
        var options = SettingsKeyCatalog.All.Where(k => k.Origin != "schema").ToList();
        Assert.NotEmpty(options);
        Assert.All(options, k => Assert.True(k.BinaryString is { Length: > 8 } s && BinarySettingsSchema.Contains(TestEnvironment.ClaudeBinary, s), k.Key));
        Assert.False(BinarySettingsSchema.Contains(TestEnvironment.ClaudeBinary, "Object.freeze([\"allowManagedModsOnlyX\"])"));
    }

    [Fact]
    public void Every_rule_a_key_names_exists_and_audited_means_a_rule()
    {
        var ids = AnalyzerRegistry.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(SettingsKeyCatalog.All, k =>
        {
            Assert.Equal(k.Rules.Count > 0, k.Audited);
            Assert.All(k.Rules, r => Assert.True(ids.Contains(r), $"{k.Key}: rule {r} does not exist"));
            Assert.NotEmpty(k.Tiers);
            Assert.All(k.Tiers, t => Assert.NotNull(SettingsSourceNames.Parse(t)));
            Assert.False(string.IsNullOrWhiteSpace(k.TierEvidence), k.Key);
        });
        Assert.Equal(SettingsKeyCatalog.All.Count, SettingsKeyCatalog.All.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Readme_coverage_table_is_generated_from_the_catalog()
    {
        var readme = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "README.md"));
        var start = readme.IndexOf(TableStart, StringComparison.Ordinal);
        var end = readme.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "README.md has no settings-keys table markers");
        var committed = readme[(start + TableStart.Length)..end].Trim('\n');
        Assert.True(committed == SettingsKeyCatalog.CoverageTable().Trim('\n'),
            "README.md's settings coverage table is out of date: run `ccaudit settings keys --format md` and paste it between the markers");
    }

    [Theory]
    [InlineData("")]
    [InlineData("var x = 1; return{foo:1}")]
    [InlineData("return{$schema:()=>n().describe(\"never closes")]
    [InlineData("return{$schema:()=>n().describe(`${\"}`)")]
    [InlineData("return{$schema:()=>/[}]/,a:()=>1")]
    public void Hostile_text_gives_diagnostics_never_a_crash(string js)
    {
        var (keys, diagnostics) = BinarySettingsSchema.FromText(js);
        Assert.NotEmpty(diagnostics);
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticCodes.SchemaNotFound, d.Code));
        Assert.DoesNotContain("foo", keys);
    }

    [Fact]
    public void Braces_in_strings_templates_and_regexes_do_not_end_the_schema()
    {
        const string js = """
            var Q=p(()=>c({inner:I().describe("a } brace"),deep:c({leaf:n()})}));var G={g:{buildGate:()=>!0,shape:()=>({grouped:I()})}};
            function f(e){return{$schema:()=>n().describe("{ not a key: }"),re:()=>n().regex(/[{}]+\}/),tpl:()=>n().describe(`x ${a({b:1})} }`),
            sandbox:()=>Ne(()=>Q()),...!1,...e.X&&{cond:()=>I()},last:()=>I()}}
            """;
        var (keys, diagnostics) = BinarySettingsSchema.FromText(js);
        Assert.Empty(diagnostics);
        Assert.Equal(["$schema", "re", "tpl", "sandbox", "sandbox.inner", "sandbox.deep", "sandbox.deep.leaf", "cond", "last", "grouped"], keys);
    }

    [Fact]
    public void A_file_that_is_not_a_binary_is_a_diagnostic()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "claude");
        File.WriteAllBytes(path, [0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]);
        var (keys, diagnostics) = BinarySettingsSchema.Read(path);
        Assert.Empty(keys);
        Assert.Equal(DiagnosticCodes.SchemaNotFound, Assert.Single(diagnostics).Code);
        Assert.Equal(DiagnosticCodes.FileUnreadable, Assert.Single(BinarySettingsSchema.Read(Path.Combine(dir.Path, "missing")).Diagnostics).Code);
    }
}
