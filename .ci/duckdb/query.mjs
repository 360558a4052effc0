// query.mjs runs SQL statements in an in-memory DuckDB and prints the
// results. It is how gainguard's tests read the Parquet output in a real
// reader (cmd/gainguard/duckdb_test.go) and how the example queries in
// docs/data-dictionary.md are checked.
//
//   node .ci/duckdb/query.mjs [--cwd DIR] [--box] SQL [SQL...]
//
// Without --box it prints one JSON document: an array with, per
// statement, the array of its rows as objects (DuckDB's JSON conversion:
// dates, timestamps and 64-bit integers as strings, lists as arrays).
// With --box it prints each result as a plain-text table, for docs.
// Any error prints to stderr and exits 1.
import { DuckDBInstance } from '@duckdb/node-api';

const args = process.argv.slice(2);
let box = false;
const sqls = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--cwd') process.chdir(args[++i]);
  else if (args[i] === '--box') box = true;
  else sqls.push(args[i]);
}
if (sqls.length === 0) {
  console.error('usage: node query.mjs [--cwd DIR] [--box] SQL [SQL...]');
  process.exit(2);
}

function cell(v) {
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return '[' + v.map(cell).join(', ') + ']';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function boxTable(names, rows) {
  const cells = rows.map((r) => names.map((n) => cell(r[n])));
  const w = names.map((n, j) => Math.max(n.length, ...cells.map((c) => [...c[j]].length)));
  const pad = (s, j) => s + ' '.repeat(w[j] - [...s].length);
  const line = (cs) => '│ ' + cs.map(pad).join(' │ ') + ' │';
  const rule = (l, m, r) => l + w.map((x) => '─'.repeat(x + 2)).join(m) + r;
  return [rule('┌', '┬', '┐'), line(names), rule('├', '┼', '┤'), ...cells.map(line), rule('└', '┴', '┘'),
    `${rows.length} row${rows.length === 1 ? '' : 's'}`].join('\n');
}

try {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const results = [];
  for (const sql of sqls) {
    const reader = await conn.runAndReadAll(sql);
    const rows = reader.getRowObjectsJson();
    if (box) results.push(boxTable(reader.columnNames(), rows));
    else results.push(rows);
  }
  if (box) console.log(results.join('\n\n'));
  else console.log(JSON.stringify(results));
  conn.closeSync?.();
} catch (e) {
  console.error(`duckdb: ${e?.message ?? e}`);
  process.exit(1);
}
