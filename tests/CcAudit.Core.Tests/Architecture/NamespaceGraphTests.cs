using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CcAudit.Core.Tests.Architecture;

/// <summary>
/// The dependency graph of the areas of <c>CcAudit.Core</c> (its second-level namespaces: Rules, Reach, Mcp, Reports,
/// Activity …), read from the compiled assembly (signatures, base types, attributes and every IL operand), so a
/// reference written as <c>Activity.X</c> or through <c>var</c> counts as much as a <c>using</c>.
/// </summary>
public sealed class NamespaceGraphTests
{
    private const string Root = "CcAudit.Core";

    private static string KnownEdgesFile => Path.Combine(TestSupport.TestEnvironment.RepoRoot, "tests", "CcAudit.Core.Tests", "Architecture", "known-cycle-edges.txt");

    /// <summary>
    /// The areas still form one cycle (the finding model lives in Rules beside the catalog, so every area that produces
    /// findings and the evidence bundle that reads them point both ways). Until that is split, the edges inside cycles are
    /// a recorded debt: a new one fails here, and one that disappears must be struck from the file, so the list only shrinks.
    /// </summary>
    [Fact]
    public void CoreAreas_AddNoEdgeToACycle_AndTheRecordedDebtOnlyShrinks()
    {
        var graph = AreaGraph(typeof(Analysis.AnalyzerRegistry).Assembly.Location);
        var inCycles = CycleEdges(graph);
        var known = File.ReadLines(KnownEdgesFile).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);

        var added = inCycles.Keys.Where(e => !known.Contains(e)).Order(StringComparer.Ordinal).Select(e => $"{e}: {inCycles[e]}").ToList();
        var gone = known.Where(e => !inCycles.ContainsKey(e)).Order(StringComparer.Ordinal).ToList();

        Assert.True(added.Count == 0, "new edges inside a namespace cycle (break them, do not record them):\n" + string.Join("\n", added));
        Assert.True(gone.Count == 0, $"edges no longer in a cycle: strike them from {KnownEdgesFile}:\n" + string.Join("\n", gone));
    }

    /// <summary>"From -> To" for every edge whose two ends are in the same strongly connected component, with its evidence.</summary>
    internal static Dictionary<string, string> CycleEdges(Dictionary<string, Dictionary<string, string>> graph)
    {
        var component = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (members, i) in StronglyConnected(graph).Select((c, i) => (c, i)))
        {
            members.ForEach(m => component[m] = i);
        }

        return graph.SelectMany(from => from.Value.Where(to => component[from.Key] == component[to.Key]).Select(to => (Edge: $"{from.Key} -> {to.Key}", Why: to.Value)))
            .ToDictionary(e => e.Edge, e => e.Why, StringComparer.Ordinal);
    }

    [Fact]
    public void CycleDetection_FindsAPlantedCycle()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>
        {
            ["A"] = new() { ["B"] = "a" },
            ["B"] = new() { ["C"] = "b" },
            ["C"] = new() { ["A"] = "c" },
            ["D"] = new() { ["A"] = "d" },
        };

        var cycles = StronglyConnected(graph).Where(c => c.Count > 1).ToList();

        Assert.Equal(["A", "B", "C"], Assert.Single(cycles).Order(StringComparer.Ordinal));
        Assert.Equal(["A -> B", "B -> C", "C -> A"], CycleEdges(graph).Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Area → area it uses → one type pair that shows it (for the failure message).</summary>
    internal static Dictionary<string, Dictionary<string, string>> AreaGraph(string assembly)
    {
        using var module = ModuleDefinition.ReadModule(assembly);
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            if (Area(type) is not { } from)
            {
                continue;
            }

            foreach (var used in Uses(type))
            {
                if (Area(used) is { } to && to != from)
                {
                    var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = new(StringComparer.Ordinal);
                    edges.TryAdd(to, $"{type.FullName} uses {used.FullName}");
                }
            }
        }

        return graph;
    }

    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        if (type.BaseType is { } b)
        {
            yield return b;
        }

        foreach (var i in type.Interfaces)
        {
            yield return i.InterfaceType;
        }

        foreach (var f in type.Fields)
        {
            yield return f.FieldType;
        }

        foreach (var p in type.Properties)
        {
            yield return p.PropertyType;
        }

        foreach (var m in type.Methods)
        {
            foreach (var t in MethodTypes(m))
            {
                yield return t;
            }
        }
    }

    private static IEnumerable<TypeReference> MethodTypes(MethodDefinition method)
    {
        yield return method.ReturnType;
        foreach (var p in method.Parameters)
        {
            yield return p.ParameterType;
        }

        if (!method.HasBody)
        {
            yield break;
        }

        foreach (var v in method.Body.Variables)
        {
            yield return v.VariableType;
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    yield return t;
                    break;
                case MemberReference m when m.DeclaringType is { } declaring:
                    yield return declaring;
                    if (m is MethodReference mr)
                    {
                        yield return mr.ReturnType;
                    }
                    else if (m is FieldReference fr)
                    {
                        yield return fr.FieldType;
                    }

                    break;
            }
        }
    }

    /// <summary>The second-level namespace of a type of this assembly (nested and generic types by their outermost element).</summary>
    private static string? Area(TypeReference type)
    {
        while (type is TypeSpecification spec)
        {
            if (spec is GenericInstanceType generic && generic.GenericArguments.Select(Area).FirstOrDefault(a => a is not null) is { } argument
                && Area(generic.ElementType) is null)
            {
                return argument;
            }

            type = spec.ElementType;
        }

        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        var ns = type.Namespace;
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(Root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Tarjan's strongly connected components.</summary>
    internal static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<List<string>>();
        var nodes = graph.Keys.Concat(graph.Values.SelectMany(v => v.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.TryGetValue(node, out var e) ? e.Keys.ToList() : [])
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                result.Add(component);
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return result;
    }
}
