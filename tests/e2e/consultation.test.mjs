// The consultation request from start to reference, in a real browser, with axe-core on every page:
// online (a reference at once), and offline (saved on the device, sent when the network returns).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, axeViolations, expectAccessible } from './support.mjs';
import { fillConsultation, keyboard, choose, continueOn, expectHeading } from './consultation.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function mails() {
  const files = await readdir(server.mailFolder).catch(() => []);
  return Promise.all(files.filter((f) => f.endsWith('.eml')).map((f) => readFile(join(server.mailFolder, f), 'utf8')));
}

test('a distant consultation request gets a reference at once, and Kent hears of it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const visited = [];
  const visit = async (p) => {
    const violations = await axeViolations(p);
    visited.push(await p.title());
    assert.deepEqual(violations, [], `axe on "${await p.title()}"`);
  };
  await page.goto(server.url);
  await fillConsultation(page, { visit });

  // Check your answers shows what was given, with change links to the pages.
  const summary = page.locator('.govuk-summary-list');
  assert.ok(await summary.getByText('Sam', { exact: true }).isVisible());
  assert.ok(await page.getByRole('link', { name: 'Change postcode' }).isVisible());

  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/consultations')) posts.push(r); });
  const send = page.getByRole('button', { name: 'Accept and send' });
  await send.dblclick();
  const panel = page.locator('.govuk-panel--confirmation');
  await panel.waitFor();
  const reference = (await panel.locator('strong').textContent()).trim();
  assert.match(reference, /^OLA-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(posts.length, 1, 'a double click sends once');
  await visit(page);
  assert.ok(await page.getByRole('heading', { name: 'What you sent' }).isVisible(), 'the receipt shows what was sent');
  assert.ok(await page.getByText('Received', { exact: true }).isVisible());
  // Printed, the receipt names the council and the service and fits a typical request on one or
  // two sheets of A4.
  await page.emulateMedia({ media: 'print' });
  const host = page.locator('.govuk-summary-list__row', { hasText: 'Host council' }).locator('dd');
  assert.equal((await host.textContent()).trim(), 'Kent County Council', 'the host the postcode found is named on paper');
  assert.ok(await host.isVisible());
  assert.equal(await page.getByRole('button', { name: 'Print this page' }).isVisible(), false, 'no buttons on paper');
  const pdf = (await page.pdf({ format: 'A4', printBackground: true })).toString('latin1');
  const sheets = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(sheets >= 1 && sheets <= 2, `the receipt prints on ${sheets} sheets of A4`);
  await page.emulateMedia({ media: 'screen' });

  // Back after sending does not lead to a second submission: the draft is gone.
  await page.goBack();
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Your drafts on this device' }).count(), 0);
  assert.match(await page.getByRole('status').textContent(), new RegExp(`Sent, case reference ${reference}`));

  // Kent's Front Door and the North/West service manager each have an email with the reference and
  // no child's details.
  let all = [];
  for (let i = 0; i < 50 && all.length < 3; i++) { all = await mails(); await new Promise((ok) => setTimeout(ok, 100)); }
  assert.ok(all.length >= 3, `emails: ${all.length}`);
  for (const mail of all) {
    assert.ok(mail.includes(reference), 'each email names the reference');
    assert.ok(!/\bSam\b|Taylor|LCC-10442|1 Example Road/.test(mail), 'no child\'s details in an email');
  }
  assert.deepEqual(errors, []);
  assert.ok(visited.length >= 14, `axe ran on ${visited.length} pages`);
  await context.close();
});

test('sent with no network: it waits on the device and goes when the network returns', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  // The network goes before the form is filled in: the postcode table and the care plan stay on the device.
  await page.waitForFunction(() => caches.keys().then((k) => k.length > 0));
  await context.setOffline(true);
  await fillConsultation(page, { postcode: 'CT9 1XZ' });
  await page.getByRole('button', { name: 'Accept and send' }).click();
  const status = page.getByRole('status').first();
  await page.getByRole('heading', { level: 1, name: 'Saved on this device, waiting to send' }).waitFor();
  assert.deepEqual(await axeViolations(page), []);

  await context.setOffline(false);
  const panel = page.locator('.govuk-panel--confirmation');
  await panel.waitFor({ timeout: 30000 });
  assert.match(await panel.locator('strong').textContent(), /^OLA-/);
  assert.match(await status.textContent(), /sent/i, 'the change is in the live region');
  await context.close();
});

test('the whole consultation request by keyboard alone', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  const d = await fillConsultation(page, { drive: keyboard, visit: async (p) => assert.deepEqual(await axeViolations(p), []) });
  await d.click('button', 'Accept and send');
  const panel = page.locator('.govuk-panel--confirmation');
  await panel.waitFor();
  assert.match(await panel.locator('strong').textContent(), /^OLA-/);
  await context.close();
});

test('a rule that spans pages is told on the task list, names the option, and opens the page that has it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await fillConsultation(page);
  // A nominated officer may approve an adjoining placement but not a distant one (regulation
  // 11(1)(b)); the distance comes from answers in two other sections.
  await page.getByRole('link', { name: "Change approver's role" }).click();
  await expectHeading(page, 'Approval of the placement');
  await choose(page, "Approver's role", 'Nominated officer');
  await continueOn(page);
  const said = 'Select "Director of children\'s services" or "Delegate of the director of children\'s services"';
  await page.locator('.govuk-error-summary').getByText(said).waitFor();
  await page.goto(`${server.url}request/tasks`);
  await expectHeading(page, 'Consultation request');
  const item = page.locator('.govuk-task-list__item', { hasText: 'Reasons and approval' });
  const hint = (await item.locator('.govuk-task-list__hint').textContent()).trim();
  assert.ok(hint.startsWith(said), hint);
  assert.match(hint, /This follows from your answers in About you and The proposed placement\.$/);
  assert.equal((await item.locator('.govuk-task-list__status').textContent()).trim(), 'In progress');
  await expectAccessible(page, 'the task list with a rule that spans pages');
  await item.getByRole('link', { name: 'Reasons and approval' }).click();
  await expectHeading(page, 'Approval of the placement');
  await choose(page, "Approver's role", "Director of children's services");
  await continueOn(page);
  await page.goto(`${server.url}request/tasks`);
  await page.getByText('You have completed 5 of 5 sections.').waitFor();
  assert.equal(await page.locator('.govuk-task-list__hint').count(), 0, 'nothing left to say once it is put right');
  await context.close();
});
