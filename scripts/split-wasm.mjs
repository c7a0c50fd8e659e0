// trunk post-build hook: splits the app's WebAssembly so the first page downloads only what it
// runs (docs/performance.md). trunk 0.21 cannot split, so this redoes its last two steps:
//
// 1. `wasm-split-cli` (crate wasm_split_cli_support) cuts cargo's linked app.wasm, built with
//    `--emit-relocs` (.cargo/config.toml), at the `#[wasm_split]` functions (app/src/pages/on_demand.rs):
//    a main module, one file per split point and files for code several of them share, plus the
//    JavaScript that fetches them;
// 2. wasm-bindgen (the same version and flags as trunk) binds the main module, and wasm-opt -Oz
//    shrinks every file (trunk's own wasm-opt is off in app/index.html: it would shrink a file
//    this replaces);
// 3. every new file gets a content hash in its name, as trunk's do, so the relay may let browsers
//    cache it for a year, and index.html's integrity hashes are worked out again for the files
//    that changed.
//
// Every step is deterministic: the same cargo output gives the same files and names.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const stage = process.env.TRUNK_STAGING_DIR;
if (!stage) throw new Error('split-wasm: run by trunk (TRUNK_STAGING_DIR is not set)');
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
// Trunk.toml builds every profile with cargo profile `wasm-release`.
const linked = path.join(targetDir, 'wasm32-unknown-unknown', 'wasm-release', 'app.wasm');
const work = path.join(targetDir, 'split-wasm');

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
const hash16 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

// trunk's output, which this replaces: app-<hash>.js and app-<hash>_bg.wasm.
const bg = fs.readdirSync(stage).find((f) => /^app-[0-9a-f]{1,16}_bg\.wasm$/.test(f));
if (!bg) throw new Error(`split-wasm: no app-<hash>_bg.wasm in ${stage}`);
const name = bg.slice(0, -'_bg.wasm'.length);

fs.rmSync(work, { recursive: true, force: true });
const split = path.join(work, 'split');
const bound = path.join(work, 'bound');
fs.mkdirSync(split, { recursive: true });
fs.mkdirSync(bound, { recursive: true });

run('wasm-split-cli', ['--target', 'web', '--out-name', name, linked, split]);
run('wasm-bindgen', ['--target=web', `--out-dir=${bound}`, `--out-name=${name}`, '--no-typescript', '--keep-lld-exports', path.join(split, `${name}.wasm`)]);

// The producers section names the compilers: nothing the browser reads.
const optimise = (from, to) => run('wasm-opt', ['-Oz', '--strip-producers', `--output=${to}`, from]);
optimise(path.join(bound, `${name}_bg.wasm`), path.join(stage, bg));

// The split files: split_<point>.wasm and chunk_<n>.wasm (code shared by several points).
let loader = fs.readFileSync(path.join(split, '__wasm_split.js'), 'utf8');
for (const file of fs.readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== `${name}.wasm`).sort()) {
  const optimised = path.join(work, file);
  optimise(path.join(split, file), optimised);
  const bytes = fs.readFileSync(optimised);
  const part = file.replace(/^split_/, '').replace(/^chunk_/, 'shared-').replace(/\.wasm$/, '');
  const hashed = `app-${part}-${hash16(bytes)}.wasm`;
  fs.writeFileSync(path.join(stage, hashed), bytes);
  loader = loader.replaceAll(`"./${file}"`, `"./${hashed}"`);
}
// The loader asks the main module's JavaScript (trunk's name, given as --out-name) for its instance.
const loaderName = `app-split-${hash16(loader)}.js`;
fs.writeFileSync(path.join(stage, loaderName), loader);

// The main JavaScript imports the loader (only the import names the file; the import object's key
// must stay as the WebAssembly names it).
let js = fs.readFileSync(path.join(bound, `${name}.js`), 'utf8');
const imported = `from "./__wasm_split.js"`;
if (!js.includes(imported)) throw new Error('split-wasm: wasm-bindgen output does not import the split loader');
js = js.replaceAll(imported, `from "./${loaderName}"`);
fs.writeFileSync(path.join(stage, `${name}.js`), js);

// wasm-bindgen's snippets (the IndexedDB outbox) as bound here.
fs.rmSync(path.join(stage, 'snippets'), { recursive: true, force: true });
if (fs.existsSync(path.join(bound, 'snippets'))) fs.cpSync(path.join(bound, 'snippets'), path.join(stage, 'snippets'), { recursive: true });

// index.html: fetch the loader alongside the main JavaScript, and every integrity hash matches its file.
const htmlPath = path.join(stage, 'index.html');
let html = fs.readFileSync(htmlPath, 'utf8');
const mainPreload = html.match(/<link rel="modulepreload" href="\/app-[0-9a-f]{1,16}\.js"[^>]*>/);
if (!mainPreload) throw new Error('split-wasm: index.html has no modulepreload for the app');
html = html.replace(
  mainPreload[0],
  `${mainPreload[0]}<link rel="modulepreload" href="/${loaderName}" crossorigin="anonymous" integrity="">`,
);
html = html.replace(/(href="\/([^"]+)"[^>]*?integrity=")[^"]*(")/g, (all, before, file, after) => {
  const local = path.join(stage, file);
  return fs.existsSync(local) ? `${before}${sri(fs.readFileSync(local))}${after}` : all;
});
fs.writeFileSync(htmlPath, html);
