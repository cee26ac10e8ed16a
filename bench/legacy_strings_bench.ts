/**
 * Legacy lane string kernels on 1M short mixed ASCII/unicode strings (about
 * 1 in 8 rows non-ASCII, 1 in 20 null). Prints ms per kernel (best of 3).
 *
 * Run: `deno run -A bench/legacy_strings_bench.ts`
 *
 * @module
 */
import { T } from "../src/ir/types.ts";
import { type Col, colFromValues } from "../src/arrow/column.ts";
import { bindPc, bindRegistry, type Opts } from "../src/legacy/compute/functions.ts";
import { colVal, scalarVal, type Val } from "../src/legacy/compute/val.ts";

const N = 1_000_000;
const WORDS = ["alpha", "beta", "gamma", " delta ", "eps,ilon", "zeta  ", "a,b,c", "x"];
const UNI = ["h€llo", "stra\u00dfe ", "\u3000日本\u3000", "😀,ok", "caf\u00e9\u00a0"];

function data(seed: number): Col {
  let x = seed;
  const rnd = (): number => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x;
  };
  const vs: (string | null)[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const r = rnd();
    if (r % 20 === 0) vs[i] = null;
    else if (r % 8 === 1) vs[i] = UNI[(r >> 4) % UNI.length]! + (r % 100);
    else vs[i] = WORDS[(r >> 4) % WORDS.length]! + (r % 1000);
  }
  return colFromValues(T.utf8, vs);
}

const a = colVal(data(1));
const b = colVal(data(2));
const sep = scalarVal(T.utf8, "-");

function run(label: string, f: () => unknown): void {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`${label.padEnd(34)} ${best.toFixed(1).padStart(8)} ms`);
}
function pc(name: string, args: Val[], o: Opts = {}): () => unknown {
  const bd = bindPc(name, args.map((v) => v.c.type), o);
  return () => bd.run(args, N);
}
function reg(name: string, args: Val[]): () => unknown {
  const bd = bindRegistry(name, args.map((v) => v.c.type));
  return () => bd.run(args, N);
}

run("utf8_slice_codeunits(1,4)", pc("utf8_slice_codeunits", [a], { start: 1, stop: 4 }));
run("substr(s,2,3)", reg("substr", [a, scalarVal(T.int64, 2n), scalarVal(T.int64, 3n)]));
run("binary_join_element_wise(a,b,'-')", pc("binary_join_element_wise", [a, b, sep]));
run("concat(a,b)", reg("concat", [a, b]));
run("concat_ws('-',a,b)", reg("concat_ws", [sep, a, b]));
run("match_like('%a%')", pc("match_like", [a], { pattern: "%a%" }));
run("match_substring_regex('a.+a')", pc("match_substring_regex", [a], { pattern: "a.+a" }));
run("match_substring('a')", pc("match_substring", [a], { pattern: "a" }));
run("starts_with('al')", pc("starts_with", [a], { pattern: "al" }));
run(
  "replace_substring('a','AA')",
  pc("replace_substring", [a], { pattern: "a", replacement: "AA" }),
);
run("split_pattern(',')", pc("split_pattern", [a], { pattern: "," }));
run("utf8_rtrim_whitespace", pc("utf8_rtrim_whitespace", [a]));
run("utf8_trim_whitespace", pc("utf8_trim_whitespace", [a]));
run("length", reg("length", [a]));
run("utf8_upper", pc("utf8_upper", [a]));
run("lower", reg("lower", [a]));
