// Reg 4(2), as the people in it meet it: an emergency first placement in Kent is notified with its
// care plan to follow. The date is moved on (`relay remind --as-of`) past the day it was due: the
// social worker is emailed, with a link and no child's details; from that link they send the care
// plan; Kent's Front Door reads on the case that it arrived, with the social worker's note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, linkIn, expectAccessible, expectFocusOnHeading } from './support.mjs';
import { notifyByApi, iso } from './api.mjs';
import { carePlan, continueOn, expectHeading, signInStaff } from './consultation.mjs';

let server, browser;
before(async () => {
  server = await serveDist({ staff: [{ name: 'Frankie Door', role: 'front-door' }] });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

test('a care plan to follow is chased when late, sent from the link, and seen arriving by the host', async () => {
  const reference = await notifyByApi(server, {
    placing: 'E08000035', email: 'alex.example@leeds.gov.uk', type: 'emergency', start: iso(-1), carePlanToFollow: true,
  });

  // Front Door sees the care plan is to follow, and by when.
  const staff = await browser.newContext();
  const fpage = await staff.newPage();
  await fpage.goto(`${server.url}staff/cases/${reference}`);
  await signInStaff(fpage, server.staffCodes['front-door']);
  await fpage.getByRole('heading', { level: 1, name: `Case ${reference}` }).waitFor();
  const facts = fpage.locator('.govuk-summary-list').first();
  assert.match(await facts.textContent(), /Care plan\s*To follow by \d{1,2} [A-Z][a-z]+ \d{4} \(regulation 4\(2\)\)/);

  // Three weeks on, the reminders are due: the social worker is chased, Front Door told.
  assert.match(await server.remind(iso(21)), /^2 reminder\(s\) sent as of /);
  let mails = [];
  for (let i = 0; i < 50; i++) {
    mails = (await server.mails(1)).filter((m) => m.includes(reference) && /care plan overdue/.test(m));
    if (mails.length >= 2) break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const toWorker = mails.find((m) => /^To: .*alex\.example@leeds\.gov\.uk/mi.test(m));
  assert.ok(toWorker, 'the social worker is chased');
  assert.ok(mails.some((m) => /^To: .*frontdoor@kent\.invalid/mi.test(m)), 'Front Door is told');
  assert.ok(!/\bSam\b|Taylor/.test(toWorker), "no child's details in it");
  assert.match(await server.remind(iso(22)), /^0 reminder\(s\) sent/, 'each reminder once');

  // From the reminder's link, the social worker sends the care plan.
  const worker = await browser.newContext();
  const page = await worker.newPage();
  await page.goto(linkIn(toWorker, 'case'));
  await page.getByRole('heading', { level: 1, name: `Placement ${reference}` }).waitFor();
  await page.getByRole('button', { name: 'Send documents to Kent' }).click();
  await expectHeading(page, 'Send documents');
  await expectFocusOnHeading(page, 'Send documents');
  await page.getByLabel('What is the document?').selectOption({ label: 'Care plan' });
  await page.getByLabel('Choose a file').setInputFiles(carePlan);
  await page.getByText(/care-plan\.pdf (uploaded|is saved on this device)/).first().waitFor();
  await page.getByLabel('Note for the host').fill('Agreed at the care planning meeting on Monday.');
  assert.equal(await page.getByLabel('Your full name').inputValue(), 'Alex Example', 'from the notification');
  await expectAccessible(page);
  await continueOn(page);
  await expectHeading(page, 'Check your answers before sending');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Send the documents' }).click();
  await page.locator('.govuk-panel--confirmation').waitFor({ timeout: 30000 });
  assert.match(await page.locator('.govuk-panel__title').textContent(), /Documents sent/);

  // Front Door reads that it arrived, with the note, and the file is on the case.
  await fpage.reload();
  await fpage.getByRole('heading', { level: 1, name: `Case ${reference}` }).waitFor();
  assert.match(await fpage.locator('.govuk-summary-list').first().textContent(), /Care plan\s*Received on/);
  const sent = fpage.locator('section', { has: fpage.getByRole('heading', { name: /^Documents sent on / }) });
  await sent.waitFor();
  assert.ok((await sent.textContent()).includes('Agreed at the care planning meeting on Monday.'));
  await fpage.getByRole('button', { name: /^Download care-plan\.pdf/ }).first().waitFor();
  await expectAccessible(fpage);
  await Promise.all([worker.close(), staff.close()]);
});
