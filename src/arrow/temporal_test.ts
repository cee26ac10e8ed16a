import assert from "node:assert/strict";
import fc from "fast-check";
import { T } from "../ir/types.ts";
import { castCol } from "./cast.ts";
import { colFromValues, colValues } from "./column.ts";
import { ComputeError } from "./compute_error.ts";
import {
  civilFromDays,
  daysFromCivil,
  formatDate,
  formatTimestamp,
  parseDate,
  parseTimestamp,
} from "./temporal.ts";

Deno.test("civil dates round-trip over the whole int32 day range", () => {
  assert.deepEqual(civilFromDays(0), [1970, 1, 1]);
  assert.deepEqual(civilFromDays(-719162), [1, 1, 1]);
  assert.deepEqual(civilFromDays(-719163), [0, 12, 31]);
  assert.deepEqual(civilFromDays(2147483646), [5881580, 7, 10]);
  fc.assert(
    fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (d) => {
      const [y, m, day] = civilFromDays(d);
      assert.equal(daysFromCivil(y, m, day), d);
    }),
    { seed: 1 },
  );
});

Deno.test("DuckDB's text of dates and timestamps: BC, long years, infinities", () => {
  assert.equal(formatDate(19724), "2024-01-02");
  assert.equal(formatDate(-719162), "0001-01-01");
  assert.equal(formatDate(-719163), "0001-12-31 (BC)");
  assert.equal(formatDate(-719529), "0002-12-31 (BC)");
  assert.equal(formatDate(2932897), "10000-01-01");
  assert.equal(formatDate(2147483647), "infinity");
  assert.equal(formatDate(-2147483647), "-infinity");
  assert.equal(formatDate(2147483646), "5881580-07-10");
  assert.equal(formatTimestamp(1n, false), "1970-01-01 00:00:00.000001");
  assert.equal(formatTimestamp(-1n, false), "1969-12-31 23:59:59.999999");
  assert.equal(formatTimestamp(1704164645120000n, true), "2024-01-02 03:04:05.12+00");
  assert.equal(formatTimestamp(-62135596800000001n, false), "0001-12-31 (BC) 23:59:59.999999");
  assert.equal(formatTimestamp(9223372036854775807n, true), "infinity");
  assert.equal(formatTimestamp(-9223372036854775807n, false), "-infinity");
});

Deno.test("parseDate follows DuckDB's CAST(text AS DATE)", () => {
  const ok: [string, number][] = [
    ["2024-01-02", 19724],
    [" 2024/1/2", 19724],
    ["2024\\01\\02", 19724],
    ["2024 01 02", 19724],
    ["2024-01-02 03:04:05", 19724],
    ["2024-01-02abc", 19724],
    ["0001-01-01 (BC)", -719528],
    ["2024-01-02 (bc)", -1458412],
    ["-0001-01-01", -719893],
    ["24-01-02", -710761],
    ["epoch", 0],
    ["infinity", 2147483647],
    ["INF", 2147483647],
    ["-infinity ", -2147483647],
  ];
  for (const [s, d] of ok) assert.equal(parseDate(s), d, s);
  const bad: [string, string][] = [
    ["", "format"],
    ["20240102", "format"],
    ["2024-01-023", "format"],
    ["2024-01", "format"],
    ["infi", "format"],
    ["inf ", "format"],
    ["2024-02-30", "range"],
    ["2023-02-29", "range"],
    ["0000-01-01 (BC)", "format"],
    ["5881580-07-11", "range"],
  ];
  for (const [s, why] of bad) assert.equal(parseDate(s), why, s);
});

Deno.test("parseTimestamp follows DuckDB's CAST(text AS TIMESTAMP / TIMESTAMPTZ)", () => {
  const t = 1704164645000000n; // 2024-01-02 03:04:05
  const ok: [string, boolean, bigint][] = [
    ["2024-01-02", false, 1704153600000000n],
    ["2024-01-02T03:04:05", false, t],
    ["2024-01-02  3:4:5", false, t],
    ["2024-01-02 03:04:05.1234567", false, t + 123456n],
    ["2024-01-02 03:04:", false, t - 5000000n],
    ["2024-01-02 24:00:00", false, 1704240000000000n],
    ["2024-01-02 03:04:05Z", true, t],
    ["2024-01-02 03:04:05 UTC ", true, t],
    ["2024-01-02 03:04:05+02", false, t],
    ["2024-01-02 03:04:05+02", true, t - 7200000000n],
    ["2024-01-02 03:04:05-0230", true, t + 9000000000n],
    ["2024-01-02 03:04:05+02:30:15", true, t - 9015000000n],
    ["0001-01-01 (BC) 00:00:00", false, -62167219200000000n],
    ["infinity", false, 9223372036854775807n],
  ];
  for (const [s, tz, v] of ok) assert.equal(parseTimestamp(s, tz), v, s);
  const bad: [string, string][] = [
    ["2024-01-02 03", "format"],
    ["2024-01-02x", "format"],
    ["2024-01-02 03:04 ", "format"],
    ["2024-01-02 03:04:05\t", "format"],
    ["2024-01-02 03:04:05+2", "format"],
    ["2024-01-02 03:04:60", "format"],
    ["2024-01-02 24:00:01", "range"],
    ["2024-01-02 03:04:05 Europe/Paris", "format"],
    ["294247-01-10 04:00:54.775807", "range"],
  ];
  for (const [s, why] of bad) assert.equal(parseTimestamp(s, false), why, s);
});

Deno.test("casts among date32, timestamps and utf8; none to or from numbers", () => {
  const d = colFromValues(T.date32, [1, -1, null, 2147483647]);
  assert.deepEqual(colValues(castCol(d, T.timestamp, "error")), [
    86400000000n,
    -86400000000n,
    null,
    9223372036854775807n,
  ]);
  const ts = colFromValues(T.timestamp, [1n, -1n, 86400000000n, null]);
  assert.deepEqual(colValues(castCol(ts, T.date32, "error")), [0, -1, 1, null]);
  assert.deepEqual(colValues(castCol(ts, T.timestampTz, "error")), [1n, -1n, 86400000000n, null]);
  assert.deepEqual(colValues(castCol(castCol(d, T.timestamp, "error"), T.utf8, "error")), [
    "1970-01-02 00:00:00",
    "1969-12-31 00:00:00",
    null,
    "infinity",
  ]);
  const far = colFromValues(T.date32, [106751992]);
  assert.throws(() => castCol(far, T.timestamp, "error"), ComputeError);
  assert.deepEqual(colValues(castCol(far, T.timestamp, "null")), [null]);
  const s = colFromValues(T.utf8, ["2024-01-02", "nope", null]);
  assert.deepEqual(colValues(castCol(s, T.date32, "null")), [19724, null, null]);
  assert.throws(
    () => castCol(s, T.date32, "error"),
    (e: unknown) =>
      e instanceof ComputeError && e.message === 'cannot cast "nope" to date32: invalid format',
  );
  for (const [c, to] of [[d, T.int32], [ts, T.int64], [d, T.float64], [d, T.bool]] as const) {
    assert.throws(
      () => castCol(c, to, "error"),
      (e: unknown) => e instanceof ComputeError && /no such cast/.test(e.message),
    );
    assert.throws(() => castCol(c, to, "unsafe"), ComputeError);
    assert.deepEqual(
      colValues(castCol(c, to, "null")),
      c.length === 4 ? [null, null, null, null] : [],
    );
  }
  const i = colFromValues(T.int32, [1]);
  assert.throws(() => castCol(i, T.date32, "error"), /no such cast/);
  assert.deepEqual(colValues(castCol(i, T.timestamp, "null")), [null]);
});
