// A small line diff (longest common subsequence) rendered like a unified
// diff body: " " kept, "-" old, "+" new, with a few lines of context and "..."
// where unchanged lines are left out. Snapshot fields are small (a plan, a
// schema), so the quadratic table is fine; very large inputs fall back to
// "all old lines, then all new lines".

const MAX_CELLS = 4_000_000;

type Op = readonly [" " | "-" | "+", string];

function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (
    suf < a.length - pre && suf < b.length - pre &&
    a[a.length - 1 - suf] === b[b.length - 1 - suf]
  ) suf++;
  const x = a.slice(pre, a.length - suf);
  const y = b.slice(pre, b.length - suf);
  const head: Op[] = a.slice(0, pre).map((l) => [" ", l]);
  const tail: Op[] = a.slice(a.length - suf).map((l) => [" ", l]);
  const n = x.length;
  const m = y.length;
  if (n * m > MAX_CELLS) {
    return [...head, ...x.map((l): Op => ["-", l]), ...y.map((l): Op => ["+", l]), ...tail];
  }
  // lcs[i * (m + 1) + j] = LCS length of x[i..] and y[j..]
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = x[i] === y[j]
        ? lcs[(i + 1) * w + j + 1]! + 1
        : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const mid: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      mid.push([" ", x[i]!]);
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i * w + j + 1]! >= lcs[(i + 1) * w + j]!)) {
      mid.push(["+", y[j]!]);
      j++;
    } else {
      mid.push(["-", x[i]!]);
      i++;
    }
  }
  // deletions before insertions inside each changed run
  const ordered: Op[] = [];
  let k = 0;
  while (k < mid.length) {
    if (mid[k]![0] === " ") {
      ordered.push(mid[k]!);
      k++;
      continue;
    }
    const run: Op[] = [];
    while (k < mid.length && mid[k]![0] !== " ") run.push(mid[k++]!);
    ordered.push(...run.filter((o) => o[0] === "-"), ...run.filter((o) => o[0] === "+"));
  }
  return [...head, ...ordered, ...tail];
}

/**
 * Diff two texts line by line. Each output line is prefixed by `indent` and
 * one of `" "`, `"-"`, `"+"` and a space; runs of more than 2 * context
 * unchanged lines are cut to `indent + "  ..."`.
 */
export function lineDiff(
  oldText: string,
  newText: string,
  indent = "",
  context = 2,
): string[] {
  const ops = editScript(oldText.split("\n"), newText.split("\n"));
  const keep = new Uint8Array(ops.length);
  ops.forEach((op, i) => {
    if (op[0] === " ") return;
    for (let d = -context; d <= context; d++) {
      if (i + d >= 0 && i + d < ops.length) keep[i + d] = 1;
    }
  });
  const out: string[] = [];
  let skipped = false;
  ops.forEach((op, i) => {
    if (keep[i]) {
      out.push(`${indent}${op[0]} ${op[1]}`.trimEnd());
      skipped = false;
    } else if (!skipped) {
      out.push(`${indent}  ...`);
      skipped = true;
    }
  });
  return out;
}
