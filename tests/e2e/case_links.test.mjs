// Links that can be re-issued and withdrawn, as Front Door and the link holders meet them. Leeds
// notified Kent of a placement; its social worker has the case link from the acknowledgement, and
// the division's service manager has theirs. The social worker has lost the email: Front Door sends
// a new link, which opens the case, while the old one now says it was replaced. A link that went to
// the wrong person is withdrawn, after Front Door confirms. Each change is in the case's timeline,
// in words. axe-core in every state: the list, the banner, the confirmation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, expectAccessible, linkIn } from './support.mjs';
import { notifyByApi, linkFor, iso } from './api.mjs';
import { signInStaff } from './consultation.mjs';

let server, browser;
before(async () => {
  server = await serveDist({ staff: [{ name: 'Frankie Door', role: 'front-door' }] });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** The links table's rows as text, one array of cells a row. */
async function linkRows(page) {
  const table = page.getByRole('region', { name: 'Links sent by email' }).locator('table');
  await table.waitFor();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.innerText.trim())));
}

/** The email that carries a new link (its subject says so), once the outbox has written it. */
async function newLinkEmail(page) {
  for (let i = 0; i < 100; i++) {
    const mail = (await server.mails(1)).find((m) => m.includes('a new link to this case'));
    if (mail) return mail;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`no new link was emailed (${page})`);
}

test('Front Door sends a lost link again and withdraws one; the old links stop and each holder reads why', async () => {
  const reference = await notifyByApi(server, { placing: 'E06000035', email: 'jo.example@medway.gov.uk', type: 'new', start: iso(14) });
  const oldPlacing = await linkFor(server, reference);
  const oldManager = (await server.mails(3)).map((m) => linkIn(m, 'outcome')).find((l) => l && l.includes(reference));
  assert.ok(oldManager, 'the service manager was emailed a link');

  // Front Door opens the case and reads the links: whose, where they went, when, open.
  const staff = await browser.newContext();
  const fpage = await staff.newPage();
  await fpage.goto(`${server.url}staff/cases/${reference}`);
  await signInStaff(fpage, server.staffCodes['front-door']);
  await fpage.getByRole('heading', { level: 2, name: 'Links sent by email' }).waitFor();
  let rows = await linkRows(fpage);
  assert.deepEqual(rows.map((r) => r.slice(0, 3).concat(r[4])).sort(), [
    ['Placing social worker', 'jo.example@medway.gov.uk', today, 'Open'],
    ['Service manager', 'ola.northwest.sm@kent.invalid', today, 'Open'],
  ].sort());
  await expectAccessible(fpage, 'the case with its links');

  // The social worker lost their email: Front Door sends a new link.
  await fpage.getByRole('button', { name: 'Send a new link to the placing social worker (jo.example@medway.gov.uk)' }).click();
  const banner = fpage.locator('.govuk-notification-banner');
  await banner.waitFor();
  assert.equal((await banner.locator('.govuk-notification-banner__heading').textContent()).trim(),
    'A new link was sent to jo.example@medway.gov.uk. The link it replaces no longer opens the case.');
  assert.ok(await fpage.evaluate(() => document.activeElement.contains(document.querySelector('.govuk-notification-banner'))),
    'focus moves to the banner that says what happened');
  rows = await linkRows(fpage);
  const placingRows = rows.filter((r) => r[0] === 'Placing social worker').map((r) => r[4]).sort();
  assert.deepEqual(placingRows, ['Open', 'Replaced']);
  const timeline = await fpage.locator('#main-content').innerText();
  assert.match(timeline, /Front Door \(Frankie Door\) sent the placing social worker a new link; the one it replaces no longer opens the case/);
  await expectAccessible(fpage, 'the case after a new link was sent');

  // The old link says what happened; the new one opens the case.
  const worker = await browser.newContext();
  const wpage = await worker.newPage();
  await wpage.goto(oldPlacing);
  await wpage.getByRole('heading', { level: 1, name: 'This case cannot be opened' }).waitFor();
  assert.match(await wpage.locator('#main-content').innerText(), /This link has expired, been replaced or withdrawn, or is not for this case\. Ask the host council's Front Door Service for a new one\./);
  await expectAccessible(wpage, 'an old link');
  const email = await newLinkEmail('placing social worker');
  assert.match(email, /To: jo\.example@medway\.gov\.uk/);
  assert.doesNotMatch(email, /Sam|Taylor/, 'no child in the email');
  const fresh = linkIn(email, 'case');
  await wpage.goto(fresh);
  await wpage.getByRole('heading', { level: 1, name: `Placement ${reference}` }).waitFor();
  assert.match(await wpage.locator('#main-content').innerText(), /Medway/);

  // The service manager's link went to the wrong person: Front Door withdraws it, once sure.
  await fpage.getByRole('button', { name: 'Withdraw the link of the service manager (ola.northwest.sm@kent.invalid)' }).click();
  const warning = fpage.locator('.govuk-warning-text');
  await warning.waitFor();
  assert.match(await warning.innerText(), /Withdraw the service manager link sent to ola\.northwest\.sm@kent\.invalid\? It will stop working and nothing will replace it\./);
  await expectAccessible(fpage, 'the withdrawal asking to be confirmed');
  await fpage.getByRole('button', { name: 'Yes, withdraw the link' }).click();
  await fpage.locator('.govuk-notification-banner__heading', { hasText: 'was withdrawn' }).waitFor();
  rows = await linkRows(fpage);
  assert.deepEqual(rows.filter((r) => r[0] === 'Service manager').map((r) => r[4]), ['Withdrawn']);
  assert.match(await fpage.locator('#main-content').innerText(), /Front Door \(Frankie Door\) withdrew the service manager's link; it no longer opens the case/);
  await expectAccessible(fpage, 'the case after a link was withdrawn');
  await wpage.goto(oldManager);
  await wpage.getByRole('heading', { level: 1, name: 'This case cannot be opened' }).waitFor();
  await staff.close();
  await worker.close();
});
