// Derives a JSON Schema of Grafana's dashboard model from the TypeScript types that the
// @grafana/schema package publishes, and validates dashboard files against it.
//
//   node dashboard-schema.mjs generate <schema-out.json>
//   node dashboard-schema.mjs validate <schema.json> <dashboard.json>...
//
// "validate" prints one JSON object {"<file>": [errors]} (an empty list = valid) and exits 0
// when every file is valid, 1 otherwise; a file that is not JSON is reported as an error too.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// ts-json-schema-generator and its dependencies need Node.js 20 or later; say so instead of
// failing somewhere inside them.
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
if (NODE_MAJOR < 20) {
  console.error(`dashboard-schema.mjs needs Node.js 20 or later, this is ${process.versions.node}`);
  process.exit(2);
}
const { createGenerator } = await import('ts-json-schema-generator');
const { default: Ajv } = await import('ajv');

const require = createRequire(import.meta.url);

// The classic dashboard model (the JSON that file provisioning and the import UI read) is the
// "Dashboard" interface generated from Grafana's dashboard kind.
const TYPES_FILE = 'dist/types/raw/dashboard/x/dashboard_types.gen.d.ts';
const ROOT_TYPE = 'Dashboard';

function generate(out) {
  const packageDir = path.dirname(require.resolve('@grafana/schema/package.json'));
  const version = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
  const schema = createGenerator({
    path: path.join(packageDir, TYPES_FILE),
    type: ROOT_TYPE,
    skipTypeCheck: true,
    additionalProperties: false,
  }).createSchema(ROOT_TYPE);
  schema.$comment = `generated from @grafana/schema ${version} ${TYPES_FILE} (${ROOT_TYPE})`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(schema, null, 2) + '\n');
  console.log(`wrote ${out}: ${Object.keys(schema.definitions).length} definitions from @grafana/schema ${version}`);
}

function validate(schemaFile, files) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const check = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
  const result = {};
  let valid = true;
  for (const file of files) {
    let dashboard;
    try {
      dashboard = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      result[file] = [`not readable as JSON: ${e.message}`];
      valid = false;
      continue;
    }
    if (check(dashboard)) {
      result[file] = [];
    } else {
      result[file] = check.errors.map((e) =>
        `${e.instancePath || '/'} ${e.message}${e.params && Object.keys(e.params).length ? ' ' + JSON.stringify(e.params) : ''}`);
      valid = false;
    }
  }
  console.log(JSON.stringify(result));
  process.exitCode = valid ? 0 : 1;
}

const [command, ...args] = process.argv.slice(2);
if (command === 'generate' && args.length === 1) {
  generate(args[0]);
} else if (command === 'validate' && args.length >= 2) {
  validate(args[0], args.slice(1));
} else {
  console.error('usage: node dashboard-schema.mjs generate <schema-out.json> | validate <schema.json> <dashboard.json>...');
  process.exitCode = 2;
}
