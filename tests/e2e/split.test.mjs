// The app's WebAssembly is split (scripts/split-wasm.mjs): the first page downloads only the main
// part, and a page's part arrives when it first opens. These run with the service worker blocked, so
// every file comes from the network and what each page fetches can be seen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, expectAccessible } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** A new context with no service worker, on the start page once it works. */
async function startPage() {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const fetched = wasmFetched(page);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  return { context, page, fetched };
}

const wasmFetched = (page) => {
  const names = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) names.push(new URL(r.url()).pathname.replace(/-[0-9a-f]{16}/, '')); });
  return names;
};

test('the first page fetches only the main part; the forms arrive with the form', async () => {
  const { context, page, fetched } = await startPage();
  assert.deepEqual(fetched, ['/app_bg.wasm']);

  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('heading', { level: 1, name: 'Consultation request' }).waitFor();
  assert.ok(fetched.includes('/app-forms.wasm'), fetched.join(' '));
  assert.ok(!fetched.includes('/app-staff.wasm'), 'the staff pages stay on the server');
  await context.close();
});

test('a part that cannot be fetched: the person is told, nothing is lost, and Try again opens it', async () => {
  const { context, page } = await startPage();
  const refuse = (route) => route.abort('internetdisconnected');
  await page.route('**/app-forms-*.wasm', refuse);

  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('heading', { level: 1, name: 'This page could not be opened' }).waitFor();
  assert.equal(await page.title(), 'This page could not be opened - Consult a host council about a placement');
  await expectAccessible(page, 'the page that could not be opened');
  const drafts = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ola-draft-')));
  const saved = await drafts();
  assert.equal(saved.length, 1, 'the draft begun by Start now is on the device');

  await page.unroute('**/app-forms-*.wasm', refuse);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { level: 1, name: 'Consultation request' }).waitFor();
  assert.deepEqual(await drafts(), saved, 'Try again opens the same draft, not a second one');
  await context.close();
});

test('a part that is slow to arrive: the page says it is opening, then opens', async () => {
  const { context, page } = await startPage();
  await page.route('**/app-forms-*.wasm', async (route) => {
    await new Promise((ok) => setTimeout(ok, 1500));
    await route.continue();
  });
  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('status').filter({ hasText: 'Opening the page…' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Consultation request' }).waitFor();
  assert.equal(await page.getByText('Opening the page…').count(), 0);
  await context.close();
});
