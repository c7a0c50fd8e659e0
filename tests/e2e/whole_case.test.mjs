// One case, the way the people in it meet the service: a Leeds social worker consults Kent; the
// North/West service manager opens the link in their email and records a challenge; the social
// worker, from their own link, notifies Kent before the start; Kent's Management Information sees
// the case, with its working days to outcome, in the report and its CSV. axe-core on every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, linkIn, expectAccessible } from './support.mjs';
import { fillConsultation, choose, fillDate, continueOn, expectHeading, daysFromNow } from './consultation.mjs';

let server, browser;
before(async () => {
  server = await serveDist({ staff: [{ name: 'Mina Information', role: 'management-information' }] });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

async function section(page, title, name) {
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByRole('link', { name, exact: true }).click();
}

async function checkAndSend(page, title, button) {
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByRole('button', { name: 'Continue to check your answers' }).click();
  await expectHeading(page, 'Check your answers before sending');
  await expectAccessible(page);
  await page.getByRole('button', { name: button }).click();
  const panel = page.locator('.govuk-panel--confirmation');
  await panel.waitFor();
  await expectAccessible(page);
  return (await panel.locator('strong').textContent()).trim();
}

for (const offline of [false, true]) {
test(`consulted, challenged, notified and reported: the whole case${offline ? ', with the network cut while the consultation is filled in and sent' : ''}`, async () => {
  const visit = (p) => expectAccessible(p);

  // 1. The placing social worker consults Kent.
  const worker = await browser.newContext();
  let page = await worker.newPage();
  await page.goto(server.url);
  if (offline) {
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => caches.keys().then((k) => k.length > 0));
    await worker.setOffline(true);
  }
  const mailsBefore = (await server.mails(0)).length;
  await fillConsultation(page, { visit });
  await page.getByRole('button', { name: 'Accept and send' }).click();
  if (offline) {
    await page.getByRole('heading', { level: 1, name: 'Saved on this device, waiting to send' }).waitFor();
    await visit(page);
    await worker.setOffline(false);
  }
  await page.locator('.govuk-panel--confirmation').waitFor({ timeout: 30000 });
  const reference = (await page.locator('.govuk-panel--confirmation strong').textContent()).trim();

  // 2. The North/West service manager's email carries a link, and nothing about the child.
  const mails = await server.mails(mailsBefore + 3);
  const toManager = mails.find((m) => linkIn(m, 'outcome')?.includes(reference));
  assert.ok(toManager, 'an email with the outcome link');
  assert.match(toManager, /North\/West/);
  const manager = await browser.newContext();
  const mpage = await manager.newPage();
  await mpage.goto(linkIn(toManager, 'outcome'));
  await mpage.getByRole('heading', { level: 1, name: `Consultation ${reference}` }).waitFor();
  await mpage.getByRole('heading', { level: 1, name: `Consultation ${reference}` }).waitFor();
  assert.ok(!(await mpage.evaluate(() => location.href)).includes('token'), 'the token leaves the address bar');
  assert.ok(await mpage.getByText('Sam', { exact: true }).isVisible(), 'the request, read-only');
  await expectAccessible(mpage, 'the consultation, from the link');
  await mpage.getByRole('button', { name: 'Record the outcome' }).click();

  await section(mpage, 'Consultation outcome', 'The case discussion');
  await expectHeading(mpage, 'About you');
  await mpage.getByLabel('Your full name').fill('Morgan Manager');
  await mpage.getByLabel('Your role').fill('Service manager, children in care');
  assert.ok(await mpage.getByRole('group', { name: 'Your division' }).getByLabel('North/West').isChecked(), 'division from the case');
  await mpage.getByLabel('Your email address').fill('morgan.manager@kent.gov.uk');
  await expectAccessible(mpage);
  await continueOn(mpage);
  await expectHeading(mpage, 'The case discussion');
  await fillDate(mpage, 'Date of the discussion', daysFromNow(0));
  await choose(mpage, 'How the case was discussed', 'Video call');
  await mpage.getByLabel('Who took part').fill('Morgan Manager (Kent), Alex Example (Leeds)');
  await mpage.getByLabel('Evidence of the discussion').fill('Teams call; notes on the Kent case record.');
  await expectAccessible(mpage);
  await continueOn(mpage);

  await section(mpage, 'Consultation outcome', 'Professional views');
  await mpage.getByLabel('Your view of the planned placement').fill('The home is well run.');
  await mpage.getByLabel('Your view of the neighbourhood').fill('Known county lines activity nearby.');
  await mpage.getByLabel('Your view of local services for this child').fill('CAMHS waiting list is long.');
  await continueOn(mpage);

  await section(mpage, 'Consultation outcome', 'Decision');
  await choose(mpage, 'Does Kent agree the placement is suitable?', 'Kent challenges the placement');
  await choose(mpage, 'Reason for the challenge', 'Risk of exploitation in the local area');
  await mpage.getByLabel('Details of the challenge').fill('Exploitation risk near the home; consider Ashford.');
  await fillDate(mpage, 'Date completed', daysFromNow(0));
  await expectAccessible(mpage);
  await continueOn(mpage);
  const outcomeRef = await checkAndSend(mpage, 'Consultation outcome', 'Send the outcome');
  assert.ok(outcomeRef.length > 0);

  // 3. Management Information and the placing social worker hear of the outcome.
  const after = await server.mails(mailsBefore + 5);
  assert.ok(after.length >= mailsBefore + 5, `${after.length} emails`);

  // 4. The placing social worker notifies Kent, from their own link, before the start.
  const toWorker = after.find((m) => linkIn(m, 'case')?.includes(reference));
  assert.ok(toWorker, 'the social worker has a link to the case');
  page = await worker.newPage();
  await page.goto(linkIn(toWorker, 'case'));
  await page.getByRole('heading', { level: 1, name: `Consultation ${reference}` }).waitFor();
  assert.ok(await page.getByText(/challenged/).first().isVisible(), 'the outcome is shown');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Notify Kent of the placement' }).click();
  await section(page, 'Placement notification', 'About the notification');
  assert.equal(await page.getByLabel('Consultation reference, if Kent was consulted').inputValue(), reference, 'copied from the consultation');
  await choose(page, 'What are you notifying Kent about?', 'A planned placement that has not started yet');
  await expectAccessible(page);
  await continueOn(page);
  await section(page, 'Placement notification', 'The child and the placement');
  assert.equal(await page.getByLabel('First name').inputValue(), 'Sam');
  await continueOn(page);
  await expectHeading(page, 'When does the placement start?');
  await fillDate(page, 'Start date', daysFromNow(21));
  await page.locator('#what-follows').getByText(/Send this notification before the placement starts on/).waitFor();
  await expectAccessible(page);
  await continueOn(page);
  await expectHeading(page, 'The placement');
  await continueOn(page);
  await section(page, 'Placement notification', 'Needs, documents and agencies');
  await choose(page, 'Did you send the care plan with the consultation?', 'Yes');
  await choose(page, 'Does the child have an education, health and care plan (EHCP)?', 'No');
  await continueOn(page);
  await expectHeading(page, 'Reviewing officer and local agencies');
  await page.getByLabel("Independent reviewing officer's name").fill('Robin Reviewer');
  await page.getByLabel("Independent reviewing officer's email").fill('robin.reviewer@leeds.gov.uk');
  await page.getByLabel('Police').check();
  await page.getByLabel('Virtual school').check();
  await expectAccessible(page);
  await continueOn(page);
  await page.getByRole('heading', { level: 1, name: 'Placement notification' }).waitFor();
  await page.getByRole('button', { name: 'Continue to check your answers' }).click();
  await expectHeading(page, 'Check your answers before sending');
  // The start date moved a week earlier than the consultation said: Kent is shown that.
  assert.match(await page.locator('#changed-since-consultation').textContent(), /Start date/);
  await page.getByRole('button', { name: 'Accept and send' }).click();
  await page.locator('.govuk-panel--confirmation').waitFor();

  // 5. Management Information: the case, its working days to outcome, the report and its CSV.
  const code = server.staffCodes['management-information'];
  const mi = await browser.newContext({ acceptDownloads: true });
  const spage = await mi.newPage();
  await spage.goto(`${server.url}staff`);
  await spage.getByRole('heading', { level: 1, name: 'Sign in: Kent staff' }).waitFor();
  await expectAccessible(spage);
  await spage.getByLabel('Sign-in code').fill(code);
  await spage.getByRole('button', { name: 'Sign in' }).click();
  await spage.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  await spage.getByRole('link', { name: reference }).waitFor();
  await expectAccessible(spage);
  await spage.getByRole('link', { name: reference }).click();
  await spage.getByRole('heading', { level: 1, name: `Case ${reference}` }).waitFor();
  await spage.getByRole('heading', { name: 'Timeline' }).waitFor();
  await expectAccessible(spage);
  await spage.getByRole('link', { name: 'Management information report' }).click();
  await spage.getByRole('heading', { level: 1, name: 'Management information report' }).waitFor();
  const row = spage.getByRole('row', { name: new RegExp(reference) });
  await row.waitFor();
  assert.match(await row.textContent(), /challenged\s*0/, 'challenged the same day: 0 working days');
  await expectAccessible(spage);
  const [download] = await Promise.all([spage.waitForEvent('download'), spage.getByRole('link', { name: 'Download the report as CSV' }).click()]);
  const csv = await (await import('node:fs/promises')).readFile(await download.path(), 'utf8');
  assert.ok(csv.includes(reference), 'the CSV has the case');
  await Promise.all([worker.close(), manager.close(), mi.close()]);
});
}

test('a consultation withdrawn from the social worker\'s link', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await fillConsultation(page, { postcode: 'CT9 1XZ' });
  await page.getByRole('button', { name: 'Accept and send' }).click();
  await page.locator('.govuk-panel--confirmation').waitFor();
  const reference = (await page.locator('.govuk-panel--confirmation strong').textContent()).trim();
  const mails = await server.mails(1);
  let link;
  for (let i = 0; i < 50 && !link; i++) {
    link = (await server.mails(1)).map((m) => linkIn(m, 'case')).find((l) => l && l.includes(reference));
    if (!link) await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.ok(link, `a case link for ${reference} among ${mails.length} emails`);
  await page.goto(link);
  await page.getByRole('button', { name: 'Withdraw the consultation' }).click();
  await expectHeading(page, 'Withdraw a consultation');
  assert.equal(await page.getByLabel('Your full name').inputValue(), 'Alex Example', 'from the consultation');
  await choose(page, 'Why is the child not being placed in Kent?', 'Another placement has been chosen');
  await page.getByLabel('Details').fill('A placement nearer home became available.');
  await expectAccessible(page);
  await continueOn(page);
  await expectHeading(page, 'Check your answers before sending');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Withdraw the consultation' }).click();
  await page.locator('.govuk-panel--confirmation').waitFor();
  assert.match(await page.locator('.govuk-panel__title').textContent(), /Withdrawal sent/);
  await page.goto(link);
  await page.getByText(/withdrawn/i).first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Notify Kent of the placement' }).count(), 0, 'nothing more to send');
  await context.close();
});
