/**
 * The rule graph: a rule that scans another rule's `output` depends on it.
 * Cycles are errors naming the cycle; order is topological and stable.
 *
 * @module
 */
import { RelgateError } from "../errors.ts";

/** A node of the rule graph. */
export interface GraphNode {
  readonly name: string;
  /** Names of rules this one reads. */
  readonly upstream: readonly string[];
}

/**
 * Order rules so that every rule comes after its upstream rules; ties keep
 * manifest order. Throws a RelgateError naming a cycle.
 */
export function topoOrder(nodes: readonly GraphNode[], file: string): string[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const state = new Map<string, "visiting" | "done">();
  const out: string[] = [];
  const stack: string[] = [];
  function visit(name: string): void {
    const s = state.get(name);
    if (s === "done") return;
    if (s === "visiting") {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      throw new RelgateError({
        code: "rule-cycle",
        file,
        path: "$.rules",
        message: `rules form a cycle: ${cycle.join(" -> ")}`,
        hint: "a rule may only scan the outputs of rules that do not depend on it",
      });
    }
    state.set(name, "visiting");
    stack.push(name);
    for (const u of byName.get(name)?.upstream ?? []) visit(u);
    stack.pop();
    state.set(name, "done");
    out.push(name);
  }
  for (const n of nodes) visit(n.name);
  return out;
}

/** Every rule `names` depend on, transitively, plus themselves. */
export function withUpstream(nodes: readonly GraphNode[], names: Iterable<string>): Set<string> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const out = new Set<string>();
  const todo = [...names];
  while (todo.length) {
    const n = todo.pop()!;
    if (out.has(n)) continue;
    out.add(n);
    todo.push(...(byName.get(n)?.upstream ?? []));
  }
  return out;
}

/** Connected components of the graph (ignoring direction), each in input order. */
export function components(nodes: readonly GraphNode[]): string[][] {
  const parent = new Map(nodes.map((n) => [n.name, n.name]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const n of nodes) {
    for (const u of n.upstream) if (parent.has(u)) parent.set(find(n.name), find(u));
  }
  const groups = new Map<string, string[]>();
  for (const n of nodes) {
    const r = find(n.name);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(n.name);
  }
  return [...groups.values()];
}

/**
 * Match a rule name against a glob: `*` any run of characters, `?` one.
 *
 * @example
 * ```ts
 * import { globMatch } from "./graph.ts";
 * globMatch("cpg.edges.*", "cpg.edges.calls"); // true
 * ```
 */
export function globMatch(glob: string, name: string): boolean {
  const re = new RegExp(
    "^" + glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*").replaceAll("?", ".") +
      "$",
    "u",
  );
  return re.test(name);
}
