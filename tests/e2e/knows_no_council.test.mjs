// A council is configuration, never code: the app's source and its built WebAssembly and JavaScript
// hold no council's name or code as a host. The register of every authority (for "your authority")
// is reference data the rules carry; what must not be there is any host's own set-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { root } from './support.mjs';

async function files(dir, keep) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path, keep)));
    else if (keep(entry.name)) out.push(path);
  }
  return out;
}

const register = (await readFile(join(root, 'crates/placement-rules/data/authorities.csv'), 'utf8'))
  .trim().split('\n').slice(1)
  .map(fields)
  .map(([gss, dfe, name]) => ({ gss, dfe, name }));

/** One CSV line's fields; a quoted field may hold commas. */
function fields(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { out.push(field); field = ''; }
    else field += c;
  }
  out.push(field);
  return out;
}

test("the app's source names no council and no council's code", async () => {
  const sources = [...(await files(join(root, 'app/src'), (n) => n.endsWith('.rs'))), join(root, 'app/index.html')];
  const found = [];
  for (const path of sources) {
    // Its tests included: they use fictional councils.
    const text = await readFile(path, 'utf8');
    for (const { gss, name } of register) {
      const word = new RegExp(`(^|[^A-Za-z])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z])`);
      if (word.test(text) || text.includes(gss)) found.push(`${path.slice(root.length)}: ${name} (${gss})`);
    }
  }
  assert.deepEqual(found, []);
});

test('the built app holds no host: no host name, mailbox, division or words from any configuration', async () => {
  const config = await readFile(join(root, 'crates/relay/config/sample.toml'), 'utf8');
  // Reference data the rules carry names places too (the register, and adjoining areas' sources).
  let registerText = '';
  for (const f of ['authorities.csv', 'adjacency.csv', 'directory.csv']) {
    registerText += await readFile(join(root, 'crates/placement-rules/data', f), 'utf8');
  }
  const values = [...config.matchAll(/^(name|front_door|management_information|service_manager|no_javascript)\s*=\s*"([^"]+)"/gm)]
    .map((m) => m[2])
    // A division called like an English region ("North East"), or a district named in the
    // reference data, is not a host's own set-up.
    .filter((v) => !registerText.includes(v));
  assert.ok(values.includes('Kent County Council') && values.includes('frontdoor@medway.invalid') && values.includes('North/West'),
    'the check reads the sample hosts');
  const built = await files(join(root, 'dist'), (n) => /\.(wasm|js|html)$/.test(n));
  assert.ok(built.some((f) => f.endsWith('.wasm')), 'the app is built');
  const found = [];
  for (const path of built) {
    const bytes = (await readFile(path)).toString('latin1');
    for (const v of values) if (bytes.includes(v)) found.push(`${path.slice(root.length)}: ${v}`);
  }
  assert.deepEqual(found, []);
});
