/**
 * The bundle of many tiny rules behind P8 (fixed cost per rule): copies of
 * the bench bundle's rules over a small data set, each copy wired to its own
 * upstream outputs, until there are `count` rules.
 *
 * @module
 */
import { join } from "node:path";
import { BUNDLE_DIR, DATA_DIR, generate } from "./gen.ts";

/** Options of {@linkcode buildTinyBundle}. */
export interface TinyOptions {
  /** Number of rules (default 200). */
  readonly count?: number;
  /** Rows of the event tables (default 1,000). */
  readonly rows?: number;
  readonly seed?: number;
}

interface ManifestRule {
  name: string;
  legacy: string;
  relplan: string;
  output: string;
  [k: string]: unknown;
}

interface Manifest {
  rules: ManifestRule[];
  [k: string]: unknown;
}

/** Rename scans of upstream outputs (any `"dataset"` naming one) in a plan. */
function rewire(value: unknown, rename: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewire(v, rename));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === "dataset" && typeof v === "string" && rename.has(v)
        ? rename.get(v)
        : rewire(v, rename);
    }
    return out;
  }
  return value;
}

/**
 * Write `bench/data/tiny-<count>-r<rows>-s<seed>/`: the data, and a manifest
 * with `count` rules (copy `c` of rule `r` is `<r>.c<c>` with output
 * `<output>_c<c>`); returns the folder.
 */
export async function buildTinyBundle(options: TinyOptions = {}): Promise<string> {
  const count = options.count ?? 200;
  const rows = options.rows ?? 1000;
  const seed = options.seed ?? 42;
  const dir = join(DATA_DIR, `tiny-${count}-r${rows}-s${seed}`);
  await generate({ rows, seed, out: dir, bundle: null });
  const manifest = JSON.parse(
    await Deno.readTextFile(join(BUNDLE_DIR, "migration.json")),
  ) as Manifest;
  const templates = manifest.rules;
  const outputs = new Set(templates.map((r) => r.output));
  for (const sub of ["legacy", "relplans"]) {
    await Deno.remove(join(dir, sub), { recursive: true }).catch(() => {});
    await Deno.mkdir(join(dir, sub), { recursive: true });
  }
  const rules: ManifestRule[] = [];
  const plans = new Map<string, unknown>();
  for (const r of templates) {
    for (const f of [r.legacy, r.relplan]) {
      plans.set(f, JSON.parse(await Deno.readTextFile(join(BUNDLE_DIR, f))));
    }
  }
  for (let c = 0; rules.length < count; c++) {
    const rename = new Map([...outputs].map((o) => [o, `${o}_c${c}`]));
    // Templates are in topological order, so a prefix of a copy is closed.
    for (const r of templates) {
      if (rules.length >= count) break;
      const base = r.legacy.replace(/^legacy\//, "").replace(/\.json$/, "");
      const files = { legacy: `legacy/${base}_c${c}.json`, relplan: `relplans/${base}_c${c}.json` };
      for (const [kind, file] of Object.entries(files)) {
        const plan = rewire(plans.get(kind === "legacy" ? r.legacy : r.relplan), rename) as Record<
          string,
          unknown
        >;
        plan.name = `${r.name}.c${c}`;
        await Deno.writeTextFile(join(dir, file), JSON.stringify(plan, null, 1) + "\n");
      }
      rules.push({ ...r, name: `${r.name}.c${c}`, output: `${r.output}_c${c}`, ...files });
    }
  }
  const tiny = { ...manifest, name: `bench_tiny_${count}`, rules };
  await Deno.writeTextFile(join(dir, "migration.json"), JSON.stringify(tiny, null, 1) + "\n");
  return dir;
}

if (import.meta.main) {
  console.log(await buildTinyBundle({ count: Number(Deno.args[0] ?? 200) }));
}
