// A notice sent by a provider for the placing authority (domain brief §8.10), as the people in it
// meet it. A fostering agency's worker finds the question on the notification's first page; the
// agency's notice of a placement in Chatham reaches Medway, which takes such notices; Medway's Front
// Door sees the child placed, awaiting confirmation by Leeds; the Leeds social worker, from the link
// emailed to them, reads the agency's notice and confirms it; Front Door then reads who confirmed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, expectAccessible, expectFocusOnHeading } from './support.mjs';
import { notifyByApi, linkFor, iso } from './api.mjs';
import { continueOn, expectHeading, signInStaff, choose } from './consultation.mjs';

let server, browser;
before(async () => {
  server = await serveDist({ staff: [{ name: 'Morgan Door', role: 'front-door', host: 'Medway' }] });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

test("a provider's notice awaits the placing authority, which confirms it from its link", async () => {
  // The question a provider answers, on the notification's first page.
  const context = await browser.newContext();
  const form = await context.newPage();
  await form.goto(server.url);
  await form.getByRole('button', { name: 'Notify the host council of a placement you did not consult it on' }).click();
  await form.getByRole('link', { name: 'About the notification' }).click();
  await expectHeading(form, 'About the notification');
  await choose(form, 'Who are you?', "I work for the provider (a fostering agency or children's home)");
  await form.getByLabel("The child's social worker's email address at the placing authority").waitFor();
  await expectAccessible(form, 'the provider question, answered');
  // Reg 48(3)(b) on the same page: qualifying short breaks are explained as owing no notification.
  await choose(form, 'Is this a series of short breaks?', 'Yes');
  await form.getByLabel('Longest single stay, in days').fill('17');
  await form.getByLabel('Days of short breaks in any 12 months').fill('75');
  await choose(form, 'Is every stay with the same carer?', 'Yes');
  await continueOn(form);
  await form.locator('.govuk-warning-text', { hasText: 'These short breaks need no notification (regulation 48(3)(b))' }).waitFor();
  await expectAccessible(form, 'the errors and the warning, shown');
  await form.getByLabel('Longest single stay, in days').fill('18');
  await continueOn(form);
  await form.locator('.govuk-warning-text', { hasText: 'a stay of 18 days is longer than 17' }).waitFor();
  await context.close();

  const reference = await notifyByApi(server, {
    placing: 'E08000035', email: 'placements@example-fostering.co.uk', type: 'emergency', start: iso(-1),
    postcode: 'ME4 4TR', sentBy: 'provider', placingWorker: 'alex.example@leeds.gov.uk', placementType: 'foster-agency', urn: '',
  });

  // Medway's Front Door sees the child placed, awaiting confirmation by Leeds.
  const staff = await browser.newContext();
  const fpage = await staff.newPage();
  await fpage.goto(`${server.url}staff/cases/${reference}`);
  await signInStaff(fpage, server.staffCodes['Medway/front-door']);
  await fpage.getByRole('heading', { level: 1, name: `Case ${reference}` }).waitFor();
  await fpage.getByText('Sent by a provider: awaiting confirmation by Leeds').waitFor();
  await fpage.locator('.govuk-tag', { hasText: 'Awaiting confirmation' }).first().waitFor();
  await expectAccessible(fpage);

  // The Leeds social worker reads the agency's notice from the link emailed to them, and confirms it.
  const worker = await browser.newContext();
  const page = await worker.newPage();
  await page.goto(await linkFor(server, reference));
  await page.getByRole('heading', { level: 1, name: `Placement ${reference}` }).waitFor();
  await page.getByText('A provider sent this notification for your authority. Medway treats it as unconfirmed until you confirm it.').waitFor();
  assert.ok((await page.locator('#main-content').textContent()).includes('placements@example-fostering.co.uk'), "the agency's notice, as it sent it");
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Confirm the notification' }).click();
  await expectHeading(page, "Confirm the provider's notification");
  await expectFocusOnHeading(page, "Confirm the provider's notification");
  assert.equal(await page.getByLabel('Email address').inputValue(), 'alex.example@leeds.gov.uk', 'the address the agency gave');
  await page.getByLabel('Your full name').fill('Alex Example');
  await page.getByLabel('Telephone number').fill('0113 496 0000');
  await expectAccessible(page);
  await continueOn(page);
  await expectHeading(page, 'Check your answers before sending');
  await page.getByRole('button', { name: 'Confirm the notification' }).click();
  await page.locator('.govuk-panel--confirmation').waitFor({ timeout: 30000 });
  assert.match(await page.locator('.govuk-panel__title').textContent(), /Notification confirmed/);

  // Front Door reads who confirmed it, and the case is an ordinary notified placement.
  await fpage.reload();
  await fpage.getByRole('heading', { level: 1, name: `Case ${reference}` }).waitFor();
  const confirmed = fpage.locator('section', { has: fpage.getByRole('heading', { name: 'Confirmed by Leeds' }) });
  await confirmed.waitFor();
  assert.ok((await confirmed.textContent()).includes('Alex Example'));
  await fpage.locator('.govuk-tag', { hasText: 'Placement notified' }).first().waitFor();
  assert.equal(await fpage.getByText('awaiting confirmation by Leeds').count(), 0);
  await expectAccessible(fpage);
  await Promise.all([worker.close(), staff.close()]);
});
