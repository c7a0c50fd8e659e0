// Each staff role sees its own pages, signing in with a personal code: a service manager their
// division's cases only, and records their own outcome from the case page; Management Information
// the case rows with no way into a case; the administrator the accounts, each named, with the day
// its code stops, and the checks. axe-core in each state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, expectAccessible } from './support.mjs';
import { sendConsultation, signInStaff } from './consultation.mjs';

let server, browser;
before(async () => {
  server = await serveDist({ staff: [
    { name: 'Sam Manager', role: 'service-manager', division: 'north-west' },
    { name: 'Mina Information', role: 'management-information' },
    { name: 'Ari Administrator', role: 'administrator' },
  ] });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const inWords = (d) => `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}`;

test('a service manager sees their division\'s cases, MI the rows only, the administrator the accounts and checks', async () => {
  const worker = await browser.newContext();
  const wpage = await worker.newPage();
  await wpage.goto(server.url);
  const northWest = await sendConsultation(wpage, { postcode: 'ME14 1XQ' });
  await wpage.goto(server.url);
  const southEast = await sendConsultation(wpage, { postcode: 'CT9 1XZ' });
  await worker.close();

  // The North/West service manager: their case, not South/East's, and their own outcome to record.
  const sm = await browser.newContext();
  const spage = await sm.newPage();
  await spage.goto(`${server.url}staff`);
  // A wrong code first: said on the field and in the summary, and nothing else happens.
  await signInStaff(spage, 'not-a-real-code');
  const summary = spage.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.equal((await summary.getByRole('link').textContent()).trim(), 'The sign-in code is not right. Check it and enter it again');
  assert.equal(await summary.getByRole('link').getAttribute('href'), '#sign-in-code');
  assert.match(await spage.locator('#sign-in-code-error').textContent(), /The sign-in code is not right/);
  await expectAccessible(spage);
  await signInStaff(spage, server.staffCodes['service-manager']);
  await spage.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  await spage.getByRole('link', { name: northWest }).waitFor();
  assert.equal(await spage.getByText(southEast).count(), 0, 'another division\'s case is not listed');
  assert.match(await spage.locator('.app-staff-nav').textContent(), /Sam Manager \(Service manager, North\/West\)/);
  assert.equal(await spage.getByRole('link', { name: 'Management information report' }).count(), 0, 'not a service manager\'s page');
  await expectAccessible(spage);
  await spage.getByRole('link', { name: northWest }).click();
  await spage.getByRole('heading', { level: 1, name: `Case ${northWest}` }).waitFor();
  await spage.getByRole('button', { name: 'Record the outcome', exact: true }).waitFor();
  await expectAccessible(spage);
  assert.equal((await spage.request.get(`${server.url}api/cases/${southEast}`)).status(), 404);
  await sm.close();

  // Management Information: both rows, neither a link.
  const mi = await browser.newContext();
  const mpage = await mi.newPage();
  await mpage.goto(`${server.url}staff`);
  await signInStaff(mpage, server.staffCodes['management-information']);
  await mpage.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  for (const reference of [northWest, southEast]) {
    await mpage.getByRole('row').filter({ hasText: reference }).waitFor();
    assert.equal(await mpage.getByRole('link', { name: reference }).count(), 0, `${reference} does not open`);
  }
  await expectAccessible(mpage);
  await mi.close();

  // The administrator lands on the accounts and checks.
  const admin = await browser.newContext();
  const apage = await admin.newPage();
  await apage.goto(`${server.url}staff`);
  await signInStaff(apage, server.staffCodes.administrator);
  await apage.getByRole('heading', { level: 1, name: 'Accounts and checks' }).waitFor();
  await apage.locator('#accounts tbody tr').first().waitFor();
  const rows = await apage.locator('#accounts tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  const last = new Date();
  last.setDate(last.getDate() + 89);
  assert.deepEqual(rows, [
    ['Ari Administrator', 'Administrator', '', inWords(last)],
    ['Mina Information', 'Management Information', '', inWords(last)],
    ['Sam Manager', 'Service manager', 'North/West', inWords(last)],
  ]);
  const checks = await apage.locator('#checks .govuk-summary-list__row').allTextContents();
  assert.ok(checks.some((c) => /The database answers\s*Passed/.test(c)), checks.join('\n'));
  assert.ok(checks.some((c) => /personal codes/.test(c)), checks.join('\n'));
  await expectAccessible(apage);
  await admin.close();
});
