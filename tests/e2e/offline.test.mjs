// After one visit, the app opens and answers with no network: the service worker keeps the app, the
// hosts and their postcodes, and never keeps anything else from /api/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch } from './support.mjs';
import { fillConsultation, aboutYou, pointer } from './consultation.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('reload with no network: the app opens and still knows every host\'s postcodes', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('link', { name: 'About you', exact: true }).click();
  await aboutYou(pointer(page));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'The proposed placement', exact: true }).click();
  await page.getByLabel('Postcode of the placement').fill('TN1 1RS');
  await page.locator('#what-follows').getByText(/Tunbridge Wells/).waitFor();
  assert.match(await page.locator('#what-follows').textContent(),
    /^This postcode is in Tunbridge Wells, in Kent's North\/West division\./);
  await page.getByLabel('Postcode of the placement').fill('ME4 4TR');
  await page.locator('#what-follows').getByText(/Medway/).waitFor();
  assert.match(await page.locator('#what-follows').textContent(), /^This postcode is in Medway\./);

  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls = [];
    for (const name of names) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  assert.ok(cached.includes('/api/hosts') && cached.includes('/index.html'), cached.join(' '));
  assert.ok(cached.some((u) => u.startsWith('/api/hosts/postcodes-')), cached.join(' '));
  assert.ok(!cached.some((u) => u.startsWith('/api/') && u !== '/api/hosts' && !u.startsWith('/api/hosts/postcodes-')),
    'nothing else from the API is kept');
  await context.close();
});

test('a submission waiting on the device is sent by the service worker after its tab is closed', async () => {
  const context = await browser.newContext();
  let page = await context.newPage();
  await page.goto(server.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => caches.keys().then((k) => k.length > 0));
  await context.setOffline(true);
  await fillConsultation(page, { postcode: 'TN1 1RS' });
  await page.getByRole('button', { name: 'Accept and send' }).click();
  await page.getByRole('heading', { level: 1, name: 'Saved on this device, waiting to send' }).waitFor();
  const before = (await server.mails(0)).length;
  await page.close();

  // No tab of the app is open when the network returns.
  await context.setOffline(false);
  const after = await server.mails(before + 3);
  assert.ok(after.length >= before + 3, 'Kent has it');

  page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('status').getByText(/Sent, case reference OLA-/).waitFor();
  await context.close();
});
