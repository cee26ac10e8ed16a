import assert from "node:assert/strict";
import fc from "fast-check";
import {
  Binary,
  Bool,
  type DataType,
  DateDay,
  Decimal,
  Dictionary,
  Field,
  Float32,
  Float64,
  Int32,
  Int64,
  LargeUtf8,
  List,
  makeData,
  makeVector,
  Schema,
  Struct,
  Table,
  TimestampMicrosecond,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { diffOutputs, type OutputDiff, type OutputDiffOptions } from "./output_diff.ts";

const UNORDERED: OutputDiffOptions = { ordering: { level: "unordered" } };
const EXPLICIT: OutputDiffOptions = { ordering: { level: "explicit" } };

function int64(xs: readonly (number | null)[]): Vector {
  return vectorFromArray(xs.map((x) => (x === null ? null : BigInt(x))), new Int64());
}
function int32(xs: readonly (number | null)[]): Vector {
  return vectorFromArray(xs, new Int32());
}
function f64(xs: readonly (number | null)[]): Vector {
  return vectorFromArray(xs, new Float64());
}
function utf8(xs: readonly (string | null)[]): Vector {
  return vectorFromArray(xs, new Utf8());
}
function table(columns: Record<string, Vector>): Table {
  return new Table(columns);
}

/** The diff as JSON text would carry it (checks it is plain JSON). */
function json(d: OutputDiff): unknown {
  return JSON.parse(JSON.stringify(d));
}

const noColumnDiff = (column: string) => ({
  column,
  mismatches: 0,
  max_abs_error: null,
  max_rel_error: null,
  min_tolerance_to_pass: null,
});

Deno.test("identical tables are equal, with nothing to report", () => {
  const t = table({ id: int64([1, 2, 3]), name: utf8(["a", null, "c"]), x: f64([1.5, NaN, -0]) });
  const d = diffOutputs(t, t, UNORDERED);
  assert.deepEqual(json(d), {
    equal: true,
    mode: "multiset",
    schema: [],
    compared_columns: ["id", "name", "x"],
    rows: { legacy: 3, new: 3, equal: 3, only_legacy: 0, only_new: 0, changed: 0 },
    columns: [noColumnDiff("id"), noColumnDiff("name"), noColumnDiff("x")],
    samples: [],
    notes: [],
  });
  const keys = Object.keys(d);
  assert.deepEqual(keys, [
    "equal",
    "mode",
    "schema",
    "compared_columns",
    "rows",
    "columns",
    "samples",
    "notes",
  ]);
});

Deno.test("empty tables are equal", () => {
  const t = table({ id: int64([]) });
  const d = diffOutputs(t, t, EXPLICIT);
  assert.equal(d.equal, true);
  assert.deepEqual(d.rows, {
    legacy: 0,
    new: 0,
    equal: 0,
    only_legacy: 0,
    only_new: 0,
    changed: 0,
  });
});

Deno.test("multiset counts duplicates: a row twice in legacy and once in new is one only_legacy", () => {
  const l = table({ id: int64([7, 7, 8]), s: utf8(["r", "r", "q"]) });
  const n = table({ id: int64([8, 7]), s: utf8(["q", "r"]) });
  const d = diffOutputs(l, n, UNORDERED);
  assert.equal(d.equal, false);
  assert.deepEqual(d.rows, {
    legacy: 3,
    new: 2,
    equal: 2,
    only_legacy: 1,
    only_new: 0,
    changed: 0,
  });
  assert.deepEqual(d.samples, [
    // row 1 matches new row 1 in place; row 0 is the one left over
    { kind: "only_legacy", legacy_row: 0, legacy: { id: "7", s: "r" } },
  ]);
  // implicit ordering is also a multiset
  assert.deepEqual(diffOutputs(l, n, { ordering: { level: "implicit" } }).rows, d.rows);
});

Deno.test("multiset: the same rows in another order are equal", () => {
  const l = table({ id: int64([1, 2, 3, 4]), s: utf8(["a", "b", "c", "d"]) });
  const n = table({ id: int64([4, 2, 1, 3]), s: utf8(["d", "b", "a", "c"]) });
  const d = diffOutputs(l, n, UNORDERED);
  assert.equal(d.equal, true);
  assert.equal(d.rows.equal, 4);
});

Deno.test("explicit ordering compares row i with row i", () => {
  const l = table({ id: int64([1, 2, 3]) });
  const n = table({ id: int64([3, 2, 1]) });
  const d = diffOutputs(l, n, EXPLICIT);
  assert.equal(d.equal, false);
  assert.equal(d.mode, "sequence");
  assert.deepEqual(d.rows, {
    legacy: 3,
    new: 3,
    equal: 1,
    only_legacy: 0,
    only_new: 0,
    changed: 2,
  });
  assert.deepEqual(d.columns, [
    {
      column: "id",
      mismatches: 2,
      max_abs_error: 2,
      max_rel_error: 2 / 3,
      min_tolerance_to_pass: null,
    },
  ]);
  assert.deepEqual(d.samples, [
    {
      kind: "changed",
      legacy_row: 0,
      legacy: { id: "1" },
      new_row: 0,
      new: { id: "3" },
      changed_columns: ["id"],
    },
    {
      kind: "changed",
      legacy_row: 2,
      legacy: { id: "3" },
      new_row: 2,
      new: { id: "1" },
      changed_columns: ["id"],
    },
  ]);
});

Deno.test("explicit ordering: extra rows at the end are only_legacy / only_new", () => {
  const l = table({ id: int64([1, 2, 3]) });
  const n = table({ id: int64([1, 2]) });
  const d = diffOutputs(l, n, EXPLICIT);
  assert.deepEqual(d.rows, {
    legacy: 3,
    new: 2,
    equal: 2,
    only_legacy: 1,
    only_new: 0,
    changed: 0,
  });
  const d2 = diffOutputs(n, l, EXPLICIT);
  assert.deepEqual(d2.rows, {
    legacy: 2,
    new: 3,
    equal: 2,
    only_legacy: 0,
    only_new: 1,
    changed: 0,
  });
  assert.deepEqual(d2.samples, [{ kind: "only_new", new_row: 2, new: { id: "3" } }]);
});

Deno.test("explicit ordering: rows tied on the ordering keys may come in any order", () => {
  const l = table({ k: int32([1, 1, 1, 2, 3]), v: utf8(["a", "b", "c", "d", "e"]) });
  const n = table({ k: int32([1, 1, 1, 2, 3]), v: utf8(["c", "a", "b", "d", "e"]) });
  const keyed: OutputDiffOptions = { ordering: { level: "explicit", keys: [["k", "asc"]] } };
  assert.equal(diffOutputs(l, n, keyed).equal, true);
  // without the ordering keys the same outputs differ
  assert.deepEqual(diffOutputs(l, n, EXPLICIT).rows.changed, 3);
  // a real change inside a tie run is still reported, paired in order
  const n2 = table({ k: int32([1, 1, 1, 2, 3]), v: utf8(["c", "a", "x", "d", "e"]) });
  const d = diffOutputs(l, n2, keyed);
  assert.deepEqual(d.rows, {
    legacy: 5,
    new: 5,
    equal: 4,
    only_legacy: 0,
    only_new: 0,
    changed: 1,
  });
  assert.deepEqual(d.samples[0]?.changed_columns, ["v"]);
  // an ordering key that is not in both outputs falls back to positions, with a note
  const d3 = diffOutputs(l, n, { ordering: { level: "explicit", keys: [["zz", "desc"]] } });
  assert.equal(d3.rows.changed, 3);
  assert.deepEqual(d3.notes, [
    "ordering key column(s) zz not comparable in both outputs; rows compared strictly by position",
  ]);
});

Deno.test("keyed diff reports only-legacy, only-new and changed keys with both values", () => {
  const l = table({
    id: int64([1, 2, 3, 4]),
    name: utf8(["ann", "bob", "cy", "dee"]),
    amount: f64([10, 20, 30, 40]),
  });
  const n = table({
    id: int64([4, 2, 1, 5]),
    name: utf8(["dee", "bobby", "ann", "eve"]),
    amount: f64([40, 21.5, 10, 50]),
  });
  const d = diffOutputs(l, n, { ...UNORDERED, key: ["id"] });
  assert.deepEqual(json(d), {
    equal: false,
    mode: "keyed",
    schema: [],
    compared_columns: ["id", "name", "amount"],
    rows: { legacy: 4, new: 4, equal: 2, only_legacy: 1, only_new: 1, changed: 1 },
    columns: [
      noColumnDiff("id"),
      { ...noColumnDiff("name"), mismatches: 1 },
      {
        column: "amount",
        mismatches: 1,
        max_abs_error: 1.5,
        max_rel_error: 1.5 / 21.5,
        min_tolerance_to_pass: 1.5,
      },
    ],
    samples: [
      {
        kind: "changed",
        key: { id: "2" },
        legacy_row: 1,
        legacy: { id: "2", name: "bob", amount: 20 },
        new_row: 1,
        new: { id: "2", name: "bobby", amount: 21.5 },
        changed_columns: ["name", "amount"],
      },
      {
        kind: "only_legacy",
        key: { id: "3" },
        legacy_row: 2,
        legacy: { id: "3", name: "cy", amount: 30 },
      },
      {
        kind: "only_new",
        key: { id: "5" },
        new_row: 3,
        new: { id: "5", name: "eve", amount: 50 },
      },
    ],
    notes: [],
  });
});

Deno.test("keyed diff: null key values match each other", () => {
  const l = table({ k: utf8([null, "a"]), v: int32([1, 2]) });
  const n = table({ k: utf8(["a", null]), v: int32([2, 9]) });
  const d = diffOutputs(l, n, { ...UNORDERED, key: ["k"] });
  assert.deepEqual(d.rows, {
    legacy: 2,
    new: 2,
    equal: 1,
    only_legacy: 0,
    only_new: 0,
    changed: 1,
  });
  assert.deepEqual(d.samples, [
    {
      kind: "changed",
      key: { k: null },
      legacy_row: 0,
      legacy: { k: null, v: 1 },
      new_row: 1,
      new: { k: null, v: 9 },
      changed_columns: ["v"],
    },
  ]);
});

Deno.test("keyed diff: a composite key, and a key that repeats pairs rows in order", () => {
  const l = table({ a: int32([1, 1, 1]), b: utf8(["x", "x", "y"]), v: int32([1, 2, 3]) });
  const n = table({ a: int32([1, 1, 1]), b: utf8(["y", "x", "x"]), v: int32([3, 5, 6]) });
  const d = diffOutputs(l, n, { ...UNORDERED, key: ["a", "b"] });
  assert.deepEqual(d.rows, {
    legacy: 3,
    new: 3,
    equal: 1,
    only_legacy: 0,
    only_new: 0,
    changed: 2,
  });
  assert.deepEqual(
    d.samples.map((s) => [s.legacy_row, s.new_row]),
    [[0, 1], [1, 2]],
  );
});

Deno.test("keyed diff: a key column missing from one output falls back to a multiset, with a note", () => {
  const l = table({ id: int64([1]), v: int32([1]) });
  const n = table({ v: int32([1]) });
  const d = diffOutputs(l, n, { ...UNORDERED, key: ["id"] });
  assert.equal(d.mode, "multiset");
  assert.deepEqual(d.rows, {
    legacy: 1,
    new: 1,
    equal: 1,
    only_legacy: 0,
    only_new: 0,
    changed: 0,
  });
  assert.deepEqual(d.schema, [{ kind: "name", column: "id", legacy: "id", new: null }]);
  assert.deepEqual(d.notes, [
    "rows compared on the 1 common column(s) with comparable types; not compared: id (only in legacy)",
    "key column(s) id not comparable in both outputs; rows compared as multisets instead",
  ]);
});

Deno.test("tolerance: exactly at the abs boundary passes, just beyond fails", () => {
  const l = table({ x: f64([1.0]) });
  const at = table({ x: f64([1.5]) });
  const beyond = table({ x: f64([1.5000000000000002]) });
  const tol = { abs: 0.5, rel: 0 };
  for (const ordering of [UNORDERED.ordering, EXPLICIT.ordering]) {
    const pass = diffOutputs(l, at, { ordering, tolerance: tol });
    assert.equal(pass.equal, true);
    assert.deepEqual(pass.columns, [
      {
        column: "x",
        mismatches: 0,
        max_abs_error: 0.5,
        max_rel_error: 0.5 / 1.5,
        min_tolerance_to_pass: null,
      },
    ]);
    const fail = diffOutputs(l, beyond, { ordering, tolerance: tol });
    assert.equal(fail.equal, false);
    assert.equal(fail.rows.equal, 0);
    assert.equal(fail.columns[0]?.mismatches, ordering.level === "explicit" ? 1 : 0);
  }
  // the keyed path applies tolerance too
  const lk = table({ k: int32([1]), x: f64([1.0]) });
  const nk = table({ k: int32([1]), x: f64([1.5000000000000002]) });
  const dk = diffOutputs(lk, nk, { ...UNORDERED, key: ["k"], tolerance: tol });
  assert.deepEqual(dk.columns[1], {
    column: "x",
    mismatches: 1,
    max_abs_error: 0.5000000000000002,
    max_rel_error: 0.5000000000000002 / 1.5000000000000002,
    min_tolerance_to_pass: 0.5000000000000002,
  });
});

Deno.test("tolerance: relative to the larger magnitude", () => {
  const l = table({ x: f64([100]) });
  const n = table({ x: f64([101]) });
  assert.equal(diffOutputs(l, n, { ...EXPLICIT, tolerance: { abs: 0, rel: 0.01 } }).equal, true);
  assert.equal(diffOutputs(l, n, { ...EXPLICIT, tolerance: { abs: 0, rel: 0.0099 } }).equal, false);
  // with rel 0.0099 the column needs abs 1 to pass
  assert.equal(
    diffOutputs(l, n, { ...EXPLICIT, tolerance: { abs: 0, rel: 0.0099 } }).columns[0]
      ?.min_tolerance_to_pass,
    1,
  );
  // infinity is never within a tolerance of a finite value
  const inf = table({ x: f64([Infinity]) });
  assert.equal(diffOutputs(l, inf, { ...EXPLICIT, tolerance: { abs: 0, rel: 0.5 } }).equal, false);
});

Deno.test("tolerance in a multiset: rows matched on the other columns, floats within tolerance", () => {
  const l = table({ k: utf8(["a", "b", "c"]), x: f64([1.0, 2.0, 3.0]), y: f64([5, 5, 5]) });
  const n = table({ k: utf8(["c", "b", "a"]), x: f64([3.0, 2.25, 1.125]), y: f64([5, 5.5, 5]) });
  const d = diffOutputs(l, n, { ...UNORDERED, tolerance: { abs: 0.25, rel: 0 } });
  assert.deepEqual(d.rows, {
    legacy: 3,
    new: 3,
    equal: 2,
    only_legacy: 0,
    only_new: 0,
    changed: 1,
  });
  assert.deepEqual(d.columns, [
    noColumnDiff("k"),
    {
      column: "x",
      mismatches: 0,
      max_abs_error: 0.25,
      max_rel_error: 0.25 / 2.25,
      min_tolerance_to_pass: null,
    },
    {
      column: "y",
      mismatches: 1,
      max_abs_error: 0.5,
      max_rel_error: 0.5 / 5.5,
      min_tolerance_to_pass: 0.5,
    },
  ]);
  assert.deepEqual(d.samples[0]?.changed_columns, ["y"]);
});

Deno.test("NaN equals NaN and -0 equals 0 (positional, multiset and keyed)", () => {
  const l = table({
    k: int32([1, 2, 3]),
    x: f64([NaN, -0, 1]),
    y: vectorFromArray([NaN, 0, 2], new Float32()),
  });
  const n = table({
    k: int32([1, 2, 3]),
    x: f64([-NaN, 0, 1]),
    y: vectorFromArray([NaN, -0, 2], new Float32()),
  });
  assert.equal(diffOutputs(l, n, EXPLICIT).equal, true);
  const shuffled = table({
    k: int32([3, 1, 2]),
    x: f64([1, NaN, 0]),
    y: vectorFromArray([2, NaN, -0], new Float32()),
  });
  assert.equal(diffOutputs(l, shuffled, UNORDERED).equal, true);
  assert.equal(diffOutputs(l, shuffled, { ...UNORDERED, key: ["k"] }).equal, true);
  // NaN against a number is a mismatch no tolerance can fix
  const other = table({
    k: int32([1, 2, 3]),
    x: f64([0, 0, 1]),
    y: vectorFromArray([NaN, 0, 2], new Float32()),
  });
  const d = diffOutputs(l, other, { ...EXPLICIT, tolerance: { abs: 1e9, rel: 1 } });
  assert.deepEqual(d.columns[1], {
    column: "x",
    mismatches: 1,
    max_abs_error: null,
    max_rel_error: null,
    min_tolerance_to_pass: null,
  });
  assert.deepEqual(d.samples[0]?.legacy, { k: 1, x: "NaN", y: "NaN" });
});

Deno.test("a schema difference in field metadata alone makes the diff unequal, rows still equal", () => {
  const t = table({ x: int32([1, 2]) });
  const field = t.schema.fields[0]!;
  const withMeta = new Table(
    new Schema([field.clone({ metadata: new Map([["unit", "m"], ["a", "1"]]) })]),
    { x: t.getChild("x")! },
  );
  const d = diffOutputs(t, withMeta, UNORDERED);
  assert.equal(d.equal, false);
  assert.deepEqual(d.schema, [
    { kind: "field_metadata", column: "x", legacy: {}, new: { a: "1", unit: "m" } },
  ]);
  assert.deepEqual(d.rows, {
    legacy: 2,
    new: 2,
    equal: 2,
    only_legacy: 0,
    only_new: 0,
    changed: 0,
  });
  assert.deepEqual(d.notes, []);
});

Deno.test("schema metadata differences count, except relgate.timing keys", () => {
  const t = table({ x: int32([1]) });
  const meta = (m: [string, string][]) =>
    new Table(new Schema(t.schema.fields, new Map(m)), { x: t.getChild("x")! });
  assert.equal(diffOutputs(meta([["relgate.timing.ms", "12"]]), t, UNORDERED).equal, true);
  const d = diffOutputs(
    meta([["owner", "a"], ["relgate.timing.ms", "1"]]),
    meta([["owner", "b"]]),
    UNORDERED,
  );
  assert.deepEqual(d.schema, [
    { kind: "schema_metadata", legacy: { owner: "a" }, new: { owner: "b" } },
  ]);
});

Deno.test("type, nullability, name and order differences", () => {
  const l = new Table(
    new Schema([
      new Field("a", new Int32(), true),
      new Field("b", new Utf8(), true),
      new Field("gone", new Int32(), true),
    ]),
    { a: int32([1, 2]), b: utf8(["x", "y"]), gone: int32([0, 0]) },
  );
  const n = new Table(
    new Schema([
      new Field("b", new Utf8(), false),
      new Field("a", new Int64(), true),
      new Field("added", new Int32(), true),
    ]),
    { b: utf8(["y", "x"]), a: int64([2, 1]), added: int32([0, 0]) },
  );
  const d = diffOutputs(l, n, UNORDERED);
  assert.deepEqual(d.schema, [
    { kind: "name", column: "gone", legacy: "gone", new: null },
    { kind: "name", column: "added", legacy: null, new: "added" },
    { kind: "order", legacy: ["a", "b"], new: ["b", "a"] },
    { kind: "type", column: "a", legacy: "int32", new: "int64" },
    { kind: "nullability", column: "b", legacy: true, new: false },
  ]);
  // int32 and int64 compare by value
  assert.deepEqual(d.compared_columns, ["a", "b"]);
  assert.deepEqual(d.rows, {
    legacy: 2,
    new: 2,
    equal: 2,
    only_legacy: 0,
    only_new: 0,
    changed: 0,
  });
  assert.deepEqual(d.notes, [
    "rows compared on the 2 common column(s) with comparable types; not compared: gone (only in legacy), added (only in new)",
  ]);
  assert.equal(d.equal, false);
});

Deno.test("int32 against int64 compares by value, also for large and negative values", () => {
  const l = table({ a: int32([-1, 2147483647, -2147483648, 5]) });
  const n = table({ a: int64([-1, 2147483647, -2147483648, 6]) });
  const d = diffOutputs(l, n, EXPLICIT);
  assert.deepEqual(d.rows, {
    legacy: 4,
    new: 4,
    equal: 3,
    only_legacy: 0,
    only_new: 0,
    changed: 1,
  });
  assert.deepEqual(d.schema, [{ kind: "type", column: "a", legacy: "int32", new: "int64" }]);
  const shuffled = table({ a: int64([5, -2147483648, 2147483647, -1]) });
  assert.deepEqual(diffOutputs(l, shuffled, UNORDERED).rows.equal, 4);
});

Deno.test("columns whose types cannot be compared are skipped with a note", () => {
  const l = table({ id: int32([1, 2]), v: utf8(["1", "2"]) });
  const n = table({ id: int32([1, 2]), v: int64([1, 2]) });
  const d = diffOutputs(l, n, UNORDERED);
  assert.deepEqual(d.compared_columns, ["id"]);
  assert.deepEqual(d.schema, [{ kind: "type", column: "v", legacy: "utf8", new: "int64" }]);
  assert.deepEqual(d.notes, [
    "rows compared on the 1 common column(s) with comparable types; not compared: v (types utf8 and int64 cannot be compared by value)",
  ]);
  assert.equal(d.rows.equal, 2);
  // samples still show every column of each side
  const d2 = diffOutputs(l, table({ id: int32([1, 3]), v: int64([1, 2]) }), EXPLICIT);
  assert.deepEqual(d2.samples[0]?.legacy, { id: 2, v: "2" });
  assert.deepEqual(d2.samples[0]?.new, { id: 3, v: "2" });
});

Deno.test("strings with unicode compare by their bytes", () => {
  const words = ["Straße", "日本語", "naïve", "emoji😀", "ωμέγα", ""];
  const l = table({ s: utf8(words) });
  const n = table({ s: utf8([...words].reverse()) });
  assert.equal(diffOutputs(l, n, UNORDERED).equal, true);
  const changed = table({ s: utf8(["Strasse", "日本語", "naïve", "emoji😀", "ωμέγα", ""]) });
  const d = diffOutputs(l, changed, EXPLICIT);
  assert.deepEqual(d.rows.changed, 1);
  assert.deepEqual(d.samples[0]?.legacy, { s: "Straße" });
  assert.deepEqual(d.samples[0]?.new, { s: "Strasse" });
  // NFC and NFD forms are different strings
  const nfd = table({ s: utf8(["e\u0301"]) });
  assert.equal(diffOutputs(table({ s: utf8(["\u00e9"]) }), nfd, UNORDERED).equal, false);
});

Deno.test("lists and structs compare by value", () => {
  const listType = () => new List(new Field("item", new Int64(), true));
  const structType = () =>
    new Struct([new Field("a", new Int32(), true), new Field("b", new Float64(), true)]);
  const l = table({
    xs: vectorFromArray([[1n, 2n], null, [], [3n, null]], listType()),
    st: vectorFromArray(
      [{ a: 1, b: 0.5 }, null, { a: null, b: NaN }, { a: 2, b: -0 }],
      structType(),
    ),
  });
  // same values, built with another layout (an extra leading row, sliced away)
  const n = table({
    xs: vectorFromArray([[9n], [1n, 2n], null, [], [3n, null]], listType()).slice(1),
    st: vectorFromArray(
      [{ a: 9, b: 9 }, { a: 1, b: 0.5 }, null, { a: null, b: NaN }, { a: 2, b: 0 }],
      structType(),
    ).slice(1),
  });
  assert.equal(diffOutputs(l, n, EXPLICIT).equal, true);
  assert.equal(diffOutputs(l, n, UNORDERED).equal, true);
  const m = table({
    xs: vectorFromArray([[1n, 2n], null, [], [3n, 4n]], listType()),
    st: vectorFromArray(
      [{ a: 1, b: 0.5 }, null, { a: null, b: NaN }, { a: 2, b: 1 }],
      structType(),
    ),
  });
  const d = diffOutputs(l, m, EXPLICIT);
  assert.deepEqual(d.rows.changed, 1);
  assert.deepEqual(d.samples, [
    {
      kind: "changed",
      legacy_row: 3,
      legacy: { xs: ["3", null], st: { a: 2, b: 0 } },
      new_row: 3,
      new: { xs: ["3", "4"], st: { a: 2, b: 1 } },
      changed_columns: ["xs", "st"],
    },
  ]);
  // floats inside a struct use the tolerance
  const d2 = diffOutputs(l, m, { ...EXPLICIT, tolerance: { abs: 1, rel: 0 } });
  assert.deepEqual(d2.samples[0]?.changed_columns, ["xs"]);
});

Deno.test("unkeyed multiset pairs a changed row instead of reporting it twice", () => {
  const l = table({
    id: int64([1, 2, 3]),
    name: utf8(["a", "b", "c"]),
    qty: int32([10, 20, 30]),
    price: f64([1.5, 2.5, 3.5]),
  });
  const n = table({
    id: int64([3, 1, 2, 9]),
    name: utf8(["c", "a", "b", "z"]),
    qty: int32([30, 10, 25, 90]),
    price: f64([3.5, 1.5, 2.75, 9.5]),
  });
  const d = diffOutputs(l, n, UNORDERED);
  assert.deepEqual(d.rows, {
    legacy: 3,
    new: 4,
    equal: 2,
    only_legacy: 0,
    only_new: 1,
    changed: 1,
  });
  assert.deepEqual(d.samples, [
    {
      kind: "changed",
      legacy_row: 1,
      legacy: { id: "2", name: "b", qty: 20, price: 2.5 },
      new_row: 2,
      new: { id: "2", name: "b", qty: 25, price: 2.75 },
      changed_columns: ["qty", "price"],
    },
    { kind: "only_new", new_row: 3, new: { id: "9", name: "z", qty: 90, price: 9.5 } },
  ]);
  assert.deepEqual(d.columns, [
    noColumnDiff("id"),
    noColumnDiff("name"),
    {
      column: "qty",
      mismatches: 1,
      max_abs_error: 5,
      max_rel_error: 0.2,
      min_tolerance_to_pass: null,
    },
    {
      column: "price",
      mismatches: 1,
      max_abs_error: 0.25,
      max_rel_error: 0.25 / 2.75,
      min_tolerance_to_pass: 0.25,
    },
  ]);
});

Deno.test("unkeyed multiset: rows that agree on fewer than half the columns are not paired", () => {
  const l = table({ a: int32([1]), b: int32([2]), c: int32([3]) });
  const n = table({ a: int32([1]), b: int32([0]), c: int32([0]) });
  const d = diffOutputs(l, n, UNORDERED);
  assert.deepEqual(d.rows, {
    legacy: 1,
    new: 1,
    equal: 0,
    only_legacy: 1,
    only_new: 1,
    changed: 0,
  });
  // two of three agree: paired
  const n2 = table({ a: int32([1]), b: int32([2]), c: int32([0]) });
  assert.equal(diffOutputs(l, n2, UNORDERED).rows.changed, 1);
});

Deno.test("unkeyed multiset pairs rows that differ in up to half of many columns", () => {
  const cols = (vals: number[]) =>
    table(Object.fromEntries(vals.map((v, i) => [`c${i}`, int32([v, v + 100])])));
  const l = cols([1, 2, 3, 4, 5, 6, 7, 8]);
  // row 0 differs in 2 columns, row 1 in 4 (exactly half)
  const n = table({
    c0: int32([1, 101]),
    c1: int32([0, 102]),
    c2: int32([3, 103]),
    c3: int32([0, 104]),
    c4: int32([5, 0]),
    c5: int32([6, 0]),
    c6: int32([7, 0]),
    c7: int32([8, 0]),
  });
  const d = diffOutputs(l, n, UNORDERED);
  assert.deepEqual(d.rows, {
    legacy: 2,
    new: 2,
    equal: 0,
    only_legacy: 0,
    only_new: 0,
    changed: 2,
  });
  assert.deepEqual(d.samples.map((s) => s.changed_columns), [
    ["c1", "c3"],
    ["c4", "c5", "c6", "c7"],
  ]);
});

Deno.test("max_abs_error, max_rel_error and min_tolerance_to_pass", () => {
  const l = table({ x: f64([1, 10, 100, null]), n: int32([1, 2, 3, 4]) });
  const n = table({ x: f64([1.25, 9, 100, null]), n: int32([1, 2, 3, 8]) });
  const d = diffOutputs(l, n, { ...EXPLICIT, tolerance: { abs: 0.5, rel: 0 } });
  assert.deepEqual(d.columns, [
    { column: "x", mismatches: 1, max_abs_error: 1, max_rel_error: 0.2, min_tolerance_to_pass: 1 },
    {
      column: "n",
      mismatches: 1,
      max_abs_error: 4,
      max_rel_error: 0.5,
      min_tolerance_to_pass: null,
    },
  ]);
  assert.deepEqual(d.rows, {
    legacy: 4,
    new: 4,
    equal: 2,
    only_legacy: 0,
    only_new: 0,
    changed: 2,
  });
  // null against a value: a mismatch that no tolerance fixes
  const d2 = diffOutputs(table({ x: f64([1]) }), table({ x: f64([null]) }), EXPLICIT);
  assert.deepEqual(d2.columns, [
    {
      column: "x",
      mismatches: 1,
      max_abs_error: null,
      max_rel_error: null,
      min_tolerance_to_pass: null,
    },
  ]);
});

Deno.test("values in samples: int64 and decimal as strings, binary as hex, dates and timestamps as ISO", () => {
  const dec = makeVector(makeData({
    type: new Decimal(2, 10, 128),
    data: Uint32Array.from([12345, 0, 0, 0, 0xfffffffb, 0xffffffff, 0xffffffff, 0xffffffff]),
    length: 2,
  }));
  const ts = (tz: string | null) =>
    makeVector(makeData({
      type: new TimestampMicrosecond(tz),
      data: BigInt64Array.from([1700000000123456n, -1n]),
      length: 2,
    }));
  const l = table({
    big: vectorFromArray([9007199254740993n, -5n], new Int64()),
    dec,
    bin: vectorFromArray([Uint8Array.from([0, 15, 255]), Uint8Array.from([])], new Binary()),
    day: vectorFromArray(
      [new Date(Date.UTC(2024, 1, 29)), new Date(Date.UTC(1969, 11, 31))],
      new DateDay(),
    ),
    ts: ts(null),
    tsz: ts("UTC"),
  });
  const n = table({ big: int64([1, 2]) });
  const d = diffOutputs(l, n, { ...UNORDERED, samples: 1 });
  assert.deepEqual(d.samples, [
    {
      kind: "only_legacy",
      legacy_row: 0,
      legacy: {
        big: String(9007199254740993n),
        dec: "123.45",
        bin: "000fff",
        day: "2024-02-29",
        ts: "2023-11-14T22:13:20.123456",
        tsz: "2023-11-14T22:13:20.123456Z",
      },
    },
  ]);
  const d2 = diffOutputs(l, n, { ...UNORDERED, samples: 3 });
  assert.deepEqual(d2.samples.map((s) => s.kind), ["only_legacy", "only_legacy", "only_new"]);
  assert.deepEqual(d2.samples[1]?.legacy, {
    big: "-5",
    dec: "-0.05",
    bin: "",
    day: "1969-12-31",
    ts: "1969-12-31T23:59:59.999999",
    tsz: "1969-12-31T23:59:59.999999Z",
  });
  // decimal, date, timestamp and binary columns diff by value
  assert.equal(diffOutputs(l, l.slice(0, 2), UNORDERED).equal, true);
  assert.equal(d.schema.length, 5);
});

Deno.test("samples: at most N, spread over the kinds, lowest rows first", () => {
  const l = table({ id: int64([0, 1, 2, 3, 4, 5, 6, 7]), v: int32([0, 1, 2, 3, 4, 5, 6, 7]) });
  const n = table({
    id: int64([0, 1, 2, 3, 14, 15, 6, 7, 20]),
    v: int32([0, 1, 2, 3, 9, 9, 6, 7, 0]),
  });
  const d = diffOutputs(l, n, { ...UNORDERED, key: ["id"], samples: 4 });
  assert.deepEqual(d.rows, {
    legacy: 8,
    new: 9,
    equal: 6,
    only_legacy: 2,
    only_new: 3,
    changed: 0,
  });
  assert.deepEqual(
    d.samples.map((s) => [s.kind, s.legacy_row ?? s.new_row]),
    [["only_legacy", 4], ["only_legacy", 5], ["only_new", 4], ["only_new", 5]],
  );
  assert.deepEqual(diffOutputs(l, n, { ...UNORDERED, samples: 0 }).samples, []);
  assert.throws(() => diffOutputs(l, n, { ...UNORDERED, samples: -1 }), RangeError);
  assert.throws(
    () => diffOutputs(l, n, { ...UNORDERED, tolerance: { abs: NaN, rel: 0 } }),
    RangeError,
  );
});

Deno.test("tables in several record batches compare like single-batch tables", () => {
  const a = table({ id: int64([1, 2, 3]), s: utf8(["a", null, "c"]), x: f64([1, 2, NaN]) });
  const b = table({ id: int64([4, 5]), s: utf8(["d", "e"]), x: f64([4, null]) });
  const whole = table({
    id: int64([1, 2, 3, 4, 5]),
    s: utf8(["a", null, "c", "d", "e"]),
    x: f64([1, 2, NaN, 4, null]),
  });
  const split = a.concat(b);
  assert.equal(split.getChild("id")?.data.length, 2);
  assert.equal(diffOutputs(whole, split, EXPLICIT).equal, true);
  assert.equal(diffOutputs(split, whole, UNORDERED).equal, true);
  const other = table({ id: int64([1, 2]), s: utf8(["a", null]), x: f64([1, 2]) }).concat(
    table({ id: int64([3, 4, 5]), s: utf8(["c", "d", "E"]), x: f64([NaN, 4, null]) }),
  );
  const d = diffOutputs(split, other, EXPLICIT);
  assert.deepEqual(d.rows, {
    legacy: 5,
    new: 5,
    equal: 4,
    only_legacy: 0,
    only_new: 0,
    changed: 1,
  });
  assert.deepEqual(d.samples[0]?.changed_columns, ["s"]);
  assert.equal(diffOutputs(split, other, { ...UNORDERED, key: ["id"] }).rows.changed, 1);
});

Deno.test("a dictionary-encoded column equals the plain column with the same values", () => {
  const dict = vectorFromArray(["a", "b", "a", null], new Dictionary(new Utf8(), new Int32()));
  const l = table({ s: dict });
  const n = table({ s: utf8(["a", "b", "a", null]) });
  const d = diffOutputs(l, n, EXPLICIT);
  assert.equal(d.equal, true);
  assert.equal(diffOutputs(l, table({ s: utf8([null, "a", "a", "b"]) }), UNORDERED).equal, true);
  const changed = diffOutputs(l, table({ s: utf8(["a", "b", "c", null]) }), EXPLICIT);
  assert.deepEqual(changed.samples[0]?.legacy, { s: "a" });
  assert.deepEqual(changed.samples[0]?.new, { s: "c" });
});

Deno.test("float32 against float64 compares by value", () => {
  const l = table({ x: vectorFromArray([0.5, 1.25, NaN], new Float32()) });
  const n = table({ x: f64([1.25, NaN, 0.5]) });
  const d = diffOutputs(l, n, UNORDERED);
  assert.deepEqual(d.schema, [{ kind: "type", column: "x", legacy: "float32", new: "float64" }]);
  assert.equal(d.rows.equal, 3);
});

Deno.test("large_utf8 compares with utf8 by value", () => {
  const l = table({ s: vectorFromArray(["a", "ü", null], new LargeUtf8()) });
  const n = table({ s: utf8([null, "a", "ü"]) });
  const d = diffOutputs(l, n, UNORDERED);
  assert.deepEqual(d.schema, [{ kind: "type", column: "s", legacy: "large_utf8", new: "utf8" }]);
  assert.equal(d.rows.equal, 3);
  assert.deepEqual(diffOutputs(l, n, EXPLICIT).rows.changed, 3);
});

Deno.test("a table without record batches diffs as empty", () => {
  const full = table({ id: int64([1, 2]) });
  const empty = new Table(full.schema);
  assert.equal(empty.numRows, 0);
  const d = diffOutputs(empty, full, UNORDERED);
  assert.deepEqual(d.rows, {
    legacy: 0,
    new: 2,
    equal: 0,
    only_legacy: 0,
    only_new: 2,
    changed: 0,
  });
  assert.deepEqual(diffOutputs(empty, empty, { ...EXPLICIT, key: ["id"] }).equal, true);
});

Deno.test("large unordered outputs in another order: equal, and one change found", () => {
  const n = 20000;
  const ids = Array.from({ length: n }, (_, i) => i);
  const rev = [...ids].reverse();
  const mk = (xs: number[], name: (i: number) => string) =>
    table({ id: int64(xs), name: utf8(xs.map(name)), x: f64(xs.map((i) => i / 3)) });
  const l = mk(ids, (i) => `n${i % 97}`);
  assert.equal(diffOutputs(l, mk(rev, (i) => `n${i % 97}`), UNORDERED).equal, true);
  const changed = mk(rev, (i) => (i === 12345 ? "changed" : `n${i % 97}`));
  const d = diffOutputs(l, changed, UNORDERED);
  assert.deepEqual(d.rows, {
    legacy: n,
    new: n,
    equal: n - 1,
    only_legacy: 0,
    only_new: 0,
    changed: 1,
  });
  assert.deepEqual(d.samples[0]?.legacy_row, 12345);
  assert.deepEqual(d.samples[0]?.new_row, n - 1 - 12345);
  const k = diffOutputs(l, changed, { ...UNORDERED, key: ["id"] });
  assert.deepEqual(k.rows, d.rows);
  assert.deepEqual(k.samples[0]?.key, { id: "12345" });
});

// ---- properties ----

const rowArb = fc.record({
  id: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
  big: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  x: fc.oneof(
    fc.double(),
    fc.constantFrom(0, -0, NaN, Infinity, 1.5),
  ),
  s: fc.option(fc.string({ unit: "grapheme", maxLength: 6 }), { nil: null }),
  xs: fc.option(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }), { nil: null }),
  flag: fc.option(fc.boolean(), { nil: null }),
});
type Row = typeof rowArb extends fc.Arbitrary<infer R> ? R : never;

function tableOf(rows: readonly Row[]): Table {
  const list: DataType = new List(new Field("item", new Int32(), true));
  return table({
    id: int32(rows.map((r) => r.id)),
    big: vectorFromArray(rows.map((r) => r.big), new Int64()),
    x: f64(rows.map((r) => r.x)),
    s: utf8(rows.map((r) => r.s)),
    xs: vectorFromArray(rows.map((r) => r.xs), list),
    flag: vectorFromArray(rows.map((r) => r.flag), new Bool()),
  });
}

Deno.test("property: a table equals any shuffle of itself as a multiset", () => {
  fc.assert(
    fc.property(
      fc.array(rowArb, { maxLength: 40 }).chain((rows) =>
        fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length }))
      ),
      ([rows, shuffled]) => {
        const d = diffOutputs(tableOf(rows), tableOf(shuffled), UNORDERED);
        assert.equal(d.equal, true);
        assert.equal(d.rows.equal, rows.length);
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("property: removing one row gives exactly one only_legacy", () => {
  fc.assert(
    fc.property(
      fc.array(rowArb, { minLength: 1, maxLength: 40 }).chain((rows) =>
        fc.tuple(fc.constant(rows), fc.nat({ max: rows.length - 1 }))
      ),
      ([rows, drop]) => {
        const fewer = rows.filter((_, i) => i !== drop);
        for (const ordering of [UNORDERED, EXPLICIT]) {
          const d = diffOutputs(tableOf(rows), tableOf(fewer), ordering);
          if (ordering === EXPLICIT) {
            // as a sequence everything after the dropped row shifts
            assert.equal(d.rows.equal + d.rows.changed + d.rows.only_legacy, rows.length);
            continue;
          }
          assert.deepEqual(d.rows, {
            legacy: rows.length,
            new: rows.length - 1,
            equal: rows.length - 1,
            only_legacy: 1,
            only_new: 0,
            changed: 0,
          });
        }
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("property: sliced and multi-batch layouts of the same rows are equal", () => {
  fc.assert(
    fc.property(
      fc.array(rowArb, { maxLength: 12 }),
      fc.array(rowArb, { maxLength: 12 }),
      fc.array(rowArb, { maxLength: 12 }),
      fc.array(rowArb, { maxLength: 12 }),
      (before, rows, after, moreRows) => {
        let more = moreRows;
        const slice = tableOf([...before, ...rows, ...after])
          .slice(before.length, before.length + rows.length);
        // (apache-arrow cannot concat a table of no rows)
        const sliced = more.length > 0 && rows.length > 0 ? slice.concat(tableOf(more)) : slice;
        if (sliced === slice) more = [];
        const plain = tableOf([...rows, ...more]);
        for (const options of [EXPLICIT, UNORDERED, { ...UNORDERED, key: ["id"] }]) {
          assert.equal(diffOutputs(sliced, plain, options).equal, true);
          assert.equal(diffOutputs(plain, sliced, options).equal, true);
        }
      },
    ),
    { numRuns: 200 },
  );
});

/** A row as text under the diff's exact equality (NaN = NaN, -0 = 0). */
function rowText(r: Row): string {
  const x = Number.isNaN(r.x) ? "NaN" : r.x === 0 ? 0 : r.x;
  return JSON.stringify([r.id, String(r.big), x, r.s, r.xs, r.flag]);
}

Deno.test("property: equal rows agree with a naive reference (multiset and sequence)", () => {
  const rowsArb = fc.array(rowArb, { maxLength: 20 });
  fc.assert(
    fc.property(rowsArb, rowsArb, fc.infiniteStream(fc.nat({ max: 3 })), (a, b0, picks) => {
      // make overlaps likely: b mixes its own rows with copies of a's
      const it = picks[Symbol.iterator]();
      const b = b0.map((r, i) => (a.length > 0 && it.next().value! > 0 ? a[i % a.length]! : r));
      const counts = new Map<string, number>();
      for (const r of a) counts.set(rowText(r), (counts.get(rowText(r)) ?? 0) + 1);
      let common = 0;
      for (const r of b) {
        const c = counts.get(rowText(r)) ?? 0;
        if (c > 0) {
          common++;
          counts.set(rowText(r), c - 1);
        }
      }
      assert.equal(diffOutputs(tableOf(a), tableOf(b), UNORDERED).rows.equal, common);
      let same = 0;
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        if (rowText(a[i]!) === rowText(b[i]!)) same++;
      }
      assert.equal(diffOutputs(tableOf(a), tableOf(b), EXPLICIT).rows.equal, same);
    }),
    { numRuns: 300 },
  );
});

Deno.test("property: counts add up and the diff is plain JSON", () => {
  fc.assert(
    fc.property(
      fc.array(rowArb, { maxLength: 25 }),
      fc.array(rowArb, { maxLength: 25 }),
      fc.constantFrom<OutputDiffOptions>(
        UNORDERED,
        EXPLICIT,
        { ...UNORDERED, key: ["id"] },
        { ...UNORDERED, tolerance: { abs: 0.5, rel: 0.1 } },
      ),
      (a, b, options) => {
        const d = diffOutputs(tableOf(a), tableOf(b), options);
        const r = d.rows;
        assert.equal(r.equal + r.only_legacy + r.changed, r.legacy);
        assert.equal(r.equal + r.only_new + r.changed, r.new);
        assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
        assert.equal(d.equal, r.equal === r.legacy && r.equal === r.new);
        assert.ok(d.samples.length <= 10);
      },
    ),
    { numRuns: 200 },
  );
});
