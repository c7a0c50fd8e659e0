// The end of a placement (reg 14), as the people in it meet it. Two placements in Kent were
// notified without a consultation (one an emergency that began weeks ago); each social worker has
// the link from their acknowledgement email. Front Door sees both on its list of children placed in
// Kent now. The emergency placement's social worker tells Kent it ended, late, and must say why;
// Front Door then reads the ending in words on the case, and the child is gone from the list and
// its CSV. axe-core on every page, with the list shown and with the errors shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serveDist, launch, expectAccessible, expectFocusOnHeading } from './support.mjs';
import { notifyByApi, linkFor, iso, endByApi } from './api.mjs';
import { choose, fillDate, continueOn, expectHeading, daysFromNow, signInStaff } from './consultation.mjs';

let server, browser;
before(async () => {
  server = await serveDist({ staff: [{ name: 'Frankie Door', role: 'front-door' }] });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

async function placedList(page) {
  await page.getByRole('link', { name: 'Children placed here now' }).click();
  await expectHeading(page, "Children placed in Kent County Council's area now");
  await expectFocusOnHeading(page, "Children placed in Kent County Council's area now");
  await page.locator('table, p:has-text("No placements")').first().waitFor();
  return (await page.locator('#main-content').textContent());
}

test('a placement ended late: the reason is asked, and Front Door reads the ending and sees the child leave its list', async () => {
  const ended = await notifyByApi(server, { placing: 'E08000035', email: 'alex.example@leeds.gov.uk', type: 'emergency', start: iso(-40),
    lateness: 'The address was confirmed only this week.' });
  const staying = await notifyByApi(server, { placing: 'E06000035', email: 'jo.example@medway.gov.uk', type: 'new', start: iso(21) });

  // Front Door's list of children placed in Kent now has both.
  const staff = await browser.newContext({ acceptDownloads: true });
  const fpage = await staff.newPage();
  await fpage.goto(`${server.url}staff`);
  await fpage.getByRole('heading', { level: 1, name: 'Sign in: host council staff' }).waitFor();
  await signInStaff(fpage, server.staffCodes['front-door']);
  await fpage.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  const before = await placedList(fpage);
  assert.ok(before.includes(ended) && before.includes(staying), before);
  assert.ok(before.includes('Leeds') && before.includes('Medway'), 'placing councils by name');
  await expectAccessible(fpage, 'the list, shown');

  // The social worker, from the link in their acknowledgement, tells Kent the placement ended.
  const worker = await browser.newContext();
  const page = await worker.newPage();
  const link = await linkFor(server, ended);
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: `Placement ${ended}` }).waitFor();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Tell Kent the placement has ended' }).click();
  await expectHeading(page, 'When and why the placement ends');
  await expectFocusOnHeading(page, 'When and why the placement ends');
  await fillDate(page, 'When does the placement end, or when did it end?', daysFromNow(-25));
  await choose(page, 'Why is the placement ending?', 'The placement broke down or ended without being planned');
  await choose(page, 'Where is the child going?', "A placement in another council's area");
  await page.getByLabel('Details').fill('The home gave notice after two missing episodes.');
  await continueOn(page);
  // More than 10 working days after the end: the reason is required, addressed to its own field.
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /Explain why it was not reasonably practicable to tell Kent within 10 working days/);
  await expectAccessible(page, 'the errors, shown');
  await page.getByLabel(/why was it not reasonably practicable to tell the host sooner/).fill('The home did not tell us the child had left.');
  await continueOn(page);
  // Lateness is a warning, said once and never a block: Continue again goes on.
  await page.locator('.govuk-warning-text', { hasText: 'This is late: Kent had to be told within 10 working days of the end' }).waitFor();
  await expectAccessible(page, 'the warning, shown');
  await continueOn(page);
  await expectHeading(page, 'Your details');
  assert.equal(await page.getByLabel('Your full name').inputValue(), 'Alex Example', 'from the notification');
  await expectAccessible(page);
  await continueOn(page);
  await expectHeading(page, 'Check your answers before sending');
  const answers = await page.locator('#main-content').textContent();
  assert.ok(answers.includes('The home gave notice after two missing episodes.'), answers);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Tell the host the placement has ended' }).click();
  await page.locator('.govuk-panel--confirmation').waitFor({ timeout: 30000 });
  assert.match(await page.locator('.govuk-panel__title').textContent(), /End of placement sent/);
  await expectAccessible(page);

  // The link now shows the case closed, and asks for nothing more.
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: `Placement ${ended}` }).waitFor();
  await page.locator('.govuk-tag', { hasText: 'Placement ended' }).first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Tell Kent the placement has ended' }).count(), 0);

  // Front Door is emailed: the reference and the event in words, no child's details.
  const mails = await server.mails(1);
  const toFrontDoor = mails.filter((m) => /^To: .*frontdoor@kent\.invalid/mi.test(m) && m.includes(ended)
    && m.includes('placement ended: told more than 10 working days after the end'));
  assert.equal(toFrontDoor.length, 1, 'Front Door hears the placement ended, late');
  assert.ok(!/\bSam\b|Taylor|missing episodes/.test(toFrontDoor[0]), 'and no child\'s details in it');

  // Front Door reads the ending, in words, on the case...
  await fpage.goto(`${server.url}staff/cases/${ended}`);
  await fpage.getByRole('heading', { level: 1, name: `Case ${ended}` }).waitFor();
  const ending = fpage.locator('section', { has: fpage.getByRole('heading', { name: 'The placement has ended' }) });
  await ending.waitFor();
  const said = await ending.textContent();
  for (const words of ['The home gave notice after two missing episodes.', 'The home did not tell us the child had left.',
    'The placement broke down or ended without being planned', "Where the child is going: a placement in another council's area."]) {
    assert.ok(said.includes(words), `Front Door reads "${words}"`);
  }
  const facts = await fpage.locator('.govuk-summary-list').first().textContent();
  assert.match(facts, /Placement ended/);
  assert.match(facts, /more than 10 working days after the end/);
  await expectAccessible(fpage);

  // ...and the child is no longer on its list of children placed in Kent now, nor in the CSV.
  const after = await placedList(fpage);
  assert.ok(!after.includes(ended) && after.includes(staying), after);
  await expectAccessible(fpage, 'the list, shown');
  const [download] = await Promise.all([fpage.waitForEvent('download'), fpage.getByRole('link', { name: 'Download this list as CSV' }).click()]);
  const csv = await readFile(await download.path(), 'utf8');
  assert.ok(csv.includes(staying) && !csv.includes(ended), csv);
  await Promise.all([worker.close(), staff.close()]);
});

test('a move within the host: the ended placement\'s link starts the new notification, linked to it', async () => {
  const earlier = await notifyByApi(server, { placing: 'E08000035', email: 'alex.example@leeds.gov.uk', type: 'emergency', start: iso(-3),
    lateness: '' });
  const link = await linkFor(server, earlier);
  await endByApi(server, link, { reference: earlier, endDate: iso(0), next: 'placement-in-host-area' });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: `Placement ${earlier}` }).waitFor();
  await page.locator('.govuk-tag', { hasText: 'Placement ended' }).first().waitFor();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Notify Kent of the new placement' }).click();
  await page.getByRole('heading', { level: 1, name: 'Placement notification' }).waitFor();
  await page.getByRole('link', { name: 'About the notification' }).click();
  await expectHeading(page, 'About the notification');
  assert.equal(await page.getByLabel(/its case reference \(optional\)/).inputValue(), earlier, 'the new placement follows the ended one');
  assert.equal(await page.getByLabel('Your full name').inputValue(), 'Alex Example');
  await expectAccessible(page);
  await context.close();
});
