// Shared set-up for the browser tests: the real relay serving the built app, Debian's Chromium driven by
// playwright-core (never a browser Playwright downloads), and run axe-core on a page.
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const root = new URL('../../', import.meta.url).pathname;

/** Starts the real relay (its debug build, made by the test command's cargo test) serving dist/ on
 * a free loopback port (or `port`), with a new SQLite database and mail folder; stops it on
 * close(). `configure` edits the configuration's text; `env` adds to the relay's environment. */
export async function serveDist({ staff = [], port: given, configure = (text) => text, env = {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'ola-e2e-'));
  const port = given ?? await freePort();
  const config = configure(await readFile(join(root, 'crates/relay/config/sample.toml'), 'utf8'))
    .replace('listen = "127.0.0.1:8080"', `listen = "127.0.0.1:${port}"`)
    .replace('public_url = "http://127.0.0.1:8080"', `public_url = "http://127.0.0.1:${port}"`)
    .replace('dist = "dist"', `dist = "${join(root, 'dist')}"`)
    .replace('postcodes = "var/geodata/uk-postcodes.bin"', `postcodes = "${join(root, 'var/geodata/uk-postcodes.bin')}"`)
    .replace('staff_file = "var/staff.toml"', `staff_file = "${join(dir, 'staff.toml')}"`)
    .replace('url = "sqlite://var/ola.sqlite3"', `url = "sqlite://${join(dir, 'ola.sqlite3')}"`)
    .replace('folder = "var/mail"', `folder = "${join(dir, 'mail')}"`);
  await writeFile(join(dir, 'relay.toml'), config);
  // The relay reads its staff file when it starts, so accounts are made first, with its own command.
  const staffCodes = {};
  for (const { name, role, host = 'Kent', division } of staff) {
    const out = await new Promise((ok, fail) => {
      const p = spawn(join(root, 'target/debug/relay'), ['add-staff', '--name', name, '--role', role, '--host', host,
        ...(division ? ['--division', division] : []), '--config', join(dir, 'relay.toml')],
        { env: { ...process.env, OLA_LINK_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=' } });
      let text = '';
      p.stdout.on('data', (d) => { text += d; });
      p.on('error', fail);
      p.on('exit', (code) => (code === 0 ? ok(text) : fail(new Error(`add-staff exited ${code}`))));
    });
    const code = out.trim().split(/\s+/).pop();
    staffCodes[`${host}/${role}`] = code;
    if (host === 'Kent') staffCodes[role] = code;
  }
  const relay = spawn(join(root, 'target/debug/relay'), ['--config', join(dir, 'relay.toml')], {
    env: { ...process.env, OLA_LINK_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=', RUST_LOG: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`${url}health/ready`)).ok) break; } catch { /* not up yet */ }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return {
    url,
    mailFolder: join(dir, 'mail'),
    /** Sign-in codes of the accounts asked for, by role. */
    staffCodes,
    /** The emails written so far, as text; waits until at least `count` are there. */
    mails: async (count = 1) => {
      for (let i = 0; i < 100; i++) {
        const files = (await readdir(join(dir, 'mail')).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
        if (files.length >= count) return Promise.all(files.map((f) => readFile(join(dir, 'mail', f), 'utf8')));
        await new Promise((ok) => setTimeout(ok, 100));
      }
      throw new Error(`fewer than ${count} emails arrived`);
    },
    /** Runs `relay remind --as-of <iso date>` against this relay's database: the reminders a later
     * day brings, sent now (the running relay's outbox delivers them). */
    remind: (asOf) => new Promise((ok, fail) => {
      const p = spawn(join(root, 'target/debug/relay'), ['remind', '--as-of', asOf, '--config', join(dir, 'relay.toml')],
        { env: { ...process.env, OLA_LINK_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=', RUST_LOG: 'warn' } });
      let text = '';
      p.stdout.on('data', (d) => { text += d; });
      p.on('error', fail);
      p.on('exit', (code) => (code === 0 ? ok(text.trim()) : fail(new Error(`relay remind exited ${code}`))));
    }),
    /** Adds `count` made-up cases to this relay's database for Kent (`examples/queue seed`, built
     * by the test command's cargo test): a long work queue to filter and page. */
    seed: (count) => new Promise((ok, fail) => {
      const p = spawn(join(root, 'target/debug/examples/queue'), ['seed', '--count', String(count), '--config', join(dir, 'relay.toml')],
        { env: { ...process.env, RUST_LOG: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
      p.on('error', (e) => fail(new Error(`queue seed could not start (cargo build -p relay --example queue): ${e.message}`)));
      p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`queue seed exited ${code}`))));
    }),
    close: async () => { relay.kill('SIGTERM'); await new Promise((ok) => relay.once('exit', ok)); await rm(dir, { recursive: true, force: true }); },
  };
}

async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Debian's Chromium, headless, with nothing that reaches for the network on its own. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Runs axe-core (WCAG 2.0–2.2 A and AA rules, and its best-practice rules) on the page and returns
 * the violations. */
let axeSource;
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which the page's content security policy does not
  // govern: the app keeps its real, strict policy while it is tested.
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}


/** The link in an email (quoted-printable soft breaks undone), for the page it opens. */
export function linkIn(mail, page) {
  const body = mail.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const m = body.match(new RegExp(`https?://[^\\s]*/${page}/OLA-[0-9A-Z-]+#token=[A-Za-z0-9._~-]+`));
  return m && m[0];
}

/** Runs axe on the page and fails the test with what it found. */
export async function expectAccessible(page, what) {
  const { deepEqual } = await import('node:assert/strict');
  // A page whose part is still arriving has no heading yet; axe is run on the page once it is
  // there. If it never comes, axe runs anyway and says so.
  await page.locator('#main-content h1').first().waitFor({ timeout: 10_000 }).catch(() => {});
  deepEqual(await axeViolations(page), [], `axe on ${what ?? await page.title()}`);
}

/** After a route change, focus is on the new page's main heading (WCAG 2.4.3), and the page's title
 * says where the person is: what a screen reader announces. */
export async function expectFocusOnHeading(page, name) {
  const { ok } = await import('node:assert/strict');
  const h1 = page.locator('#main-content h1');
  await h1.first().waitFor();
  let focused = false;
  for (let i = 0; i < 50 && !focused; i++) {
    focused = await page.evaluate(() => document.activeElement === document.querySelector('#main-content h1'));
    if (!focused) await new Promise((done) => setTimeout(done, 100));
  }
  const said = (await h1.first().textContent()).trim();
  ok(focused, `focus is on the heading "${said}", not ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`);
  if (name) ok(said.includes(name), `the heading says "${said}", expected "${name}"`);
  ok((await page.title()).length > 0, 'the page has a title');
}
