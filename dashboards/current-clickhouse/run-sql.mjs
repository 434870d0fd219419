// Runs SQL on an embedded current ClickHouse (chDB) and reports each statement's outcome.
//
//   node run-sql.mjs <request.json> <result.json>
//
// request: {"setup": [sql...], "inserts": [{"table": "db.t", "jsonEachRow": "..."}],
//           "queries": [{"name": "...", "sql": "..."}]}
// result:  {"version": "...", "queries": {"<name>": {"rows": [...]} | {"error": "..."}}}
// A failing setup statement or insert ends the run with exit code 1: the queries would not
// mean anything without their tables.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'chdb';

const [requestFile, resultFile] = process.argv.slice(2);
if (!requestFile || !resultFile) {
  console.error('usage: node run-sql.mjs <request.json> <result.json>');
  process.exit(2);
}
const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowpulse-chdb-'));
const session = new Session(dir);
try {
  const version = session.query('SELECT version()', 'TSV').trim();
  for (const sql of request.setup) {
    session.query(sql, 'TSV');
  }
  for (const insert of request.inserts) {
    if (insert.jsonEachRow.trim() !== '') {
      session.query(`INSERT INTO ${insert.table} FORMAT JSONEachRow\n${insert.jsonEachRow}`, 'TSV');
    }
  }
  const queries = {};
  for (const q of request.queries) {
    try {
      queries[q.name] = { rows: JSON.parse(session.query(q.sql, 'JSON')).data };
    } catch (e) {
      queries[q.name] = { error: String(e.message || e) };
    }
  }
  fs.writeFileSync(resultFile, JSON.stringify({ version, queries }));
  console.log(`chDB ${version}: ${request.queries.length} queries`);
} finally {
  session.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
}
