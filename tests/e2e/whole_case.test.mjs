// One case, the way the people in it meet the service: a Leeds social worker consults Kent; the
// North/West service manager opens the link in their email and records a challenge; the social
// worker reads that challenge, every word of it, and from their own link notifies Kent before the
// start; Front Door and the service manager read the notification; Kent's Management Information
// sees the case's row, with its working days to outcome, in the report and its CSV; the auditor
// reads every access to the case, in order, in the access log. Each step asserts what the next
// person reads. axe-core (with best practice) on every page, and focus on each new
// page's heading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, linkIn, expectAccessible, expectFocusOnHeading } from './support.mjs';
import { readFile } from 'node:fs/promises';
import { fillConsultation, sendConsultation, signInStaff, choose, fillDate as fillDateOn, continueOn, expectHeading, daysFromNow, pointer, keyboard } from './consultation.mjs';

let server, browser;
before(async () => {
  server = await serveDist({ staff: [
    { name: 'Mina Information', role: 'management-information' },
    { name: 'Frankie Door', role: 'front-door' },
    { name: 'Ada Auditor', role: 'auditor' },
  ] });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/** The placing social worker notifies Kent from their case page, through every section of the
 * notification pre-filled from the consultation; `moveTo` gives the placement a new address. */
async function notify(d, { reference, moveTo }) {
  const page = d.page;
  await d.click('button', 'Notify Kent of the placement');
  await page.getByRole('heading', { level: 1, name: 'Placement notification' }).waitFor();
  await expectFocusOnHeading(page, 'Placement notification');
  const statuses = await page.locator('.govuk-task-list__status').allTextContents();
  assert.deepEqual(statuses.map((x) => x.trim()), ['Not yet started', 'Not yet started', 'Not yet started', 'Not yet started'],
    'nothing copied from the consultation counts as done until the social worker has been through it');
  await d.click('link', 'About the notification');
  assert.equal(await page.getByLabel('Consultation reference, if the host council was consulted').inputValue(), reference, 'copied from the consultation');
  assert.equal(await page.getByRole('group', { name: 'What are you notifying the host council about?' }).locator('input:checked').count(), 0,
    'planned or emergency is asked, never carried over');
  await d.choose('What are you notifying the host council about?', 'A planned placement that has not started yet');
  await expectAccessible(page);
  await d.click('button', 'Continue');
  await page.getByRole('heading', { level: 1, name: 'Placement notification' }).waitFor();
  await d.click('link', 'The child and the placement');
  assert.equal(await page.getByLabel('First name').inputValue(), 'Sam');
  await expectAccessible(page);
  await d.click('button', 'Continue');
  await expectHeading(page, 'When does the placement start?');
  assert.deepEqual(await page.getByRole('group', { name: 'Start date' }).locator('input').evaluateAll((xs) => xs.map((x) => x.value)),
    ['', '', ''], 'the start date is asked, not copied from the proposal');
  await d.date('Start date', daysFromNow(21));
  await page.locator('#what-follows').getByText(/Send this notification before the placement starts on/).waitFor();
  await expectAccessible(page);
  await d.click('button', 'Continue');
  await expectHeading(page, 'The placement');
  if (moveTo) {
    await d.fill('Address of the placement', moveTo.address);
    await d.fill('Postcode of the placement', moveTo.postcode);
  }
  await expectAccessible(page);
  await d.click('button', 'Continue');
  await page.getByRole('heading', { level: 1, name: 'Placement notification' }).waitFor();
  await d.click('link', 'Needs, documents and agencies');
  await d.choose('Did you send the care plan with the consultation?', 'Yes');
  await d.choose('Does the child have an education, health and care plan (EHCP)?', 'No');
  await expectAccessible(page);
  await d.click('button', 'Continue');
  await expectHeading(page, 'Reviewing officer and local agencies');
  await d.fill("Independent reviewing officer's name", 'Robin Reviewer');
  await d.fill("Independent reviewing officer's email", 'robin.reviewer@leeds.gov.uk');
  // The consultation said Sam may go missing: the risk comes over, and good practice asks for
  // Kent's police and missing-person coordinator to be told as well.
  assert.ok(await page.getByLabel('The child may go missing').isChecked(), 'the risk comes over from the consultation');
  await d.check('Police');
  await d.check('Virtual school');
  await d.click('button', 'Continue');
  await page.locator('.govuk-warning-text', { hasText: "good practice is to tell Kent's missing-person coordinator as well" }).waitFor();
  await expectAccessible(page, 'the good-practice warning, shown');
  await d.check('Missing-person coordinator');
  await d.click('button', 'Continue');
  await page.getByRole('heading', { level: 1, name: 'Placement notification' }).waitFor();
  // Reg 13(2): who else was told, when, or why not; the parents held back under reg 13(3).
  await d.click('link', 'Who else you have told');
  await expectHeading(page, 'Who else you have told: the child and their family');
  await d.choose('Has the child been told?', 'Told');
  await d.date('Date told: the child', daysFromNow(0));
  await d.choose("Have the child's parents been told?", 'Not told: telling them would put the child at risk of significant harm (regulation 13(3))');
  await d.fill("Why not told: the child's parents", "The father's knowing where Sam lives would put Sam at risk.");
  await d.choose('Has anyone allowed contact under section 34 of the Children Act 1989 been told?', 'No one has contact under section 34');
  await d.choose('Has anyone with contact under a section 8 order been told?', 'No one has contact under a section 8 order');
  await d.choose('Has whoever cared for the child just before this placement been told?', 'Told');
  await d.date('Date told: whoever cared for the child just before this placement', daysFromNow(0));
  await expectAccessible(page);
  await d.click('button', 'Continue');
  await expectHeading(page, 'Who else you have told: health');
  await d.choose('Has the integrated care board where the child lives been told?', 'Told');
  await d.date('Date told: the integrated care board where the child lives', daysFromNow(0));
  await d.choose('Has the integrated care board where the child is placed been told?', 'Not told yet');
  await d.fill('Why not told: the integrated care board where the child is placed', 'Waiting for the Kent ICB contact.');
  await d.choose("Has the child's GP been told?", 'Told');
  await d.date("Date told: the child's GP", daysFromNow(0));
  await d.choose('Has the GP the child will register with been told?', 'Not told yet');
  await d.fill('Why not told: the GP the child will register with', 'The carer will register Sam in the first week.');
  await expectAccessible(page);
  await d.click('button', 'Continue');
  await expectHeading(page, 'Who else you have told: education and review');
  await d.choose("Has the child's school, college or education provider been told?", 'Told');
  await d.date("Date told: the child's school, college or education provider", daysFromNow(0));
  await d.choose("Has the child's independent reviewing officer been told?", 'Told');
  await d.date("Date told: the child's independent reviewing officer", daysFromNow(0));
  await expectAccessible(page);
  await d.click('button', 'Continue');
  await page.getByRole('heading', { level: 1, name: 'Placement notification' }).waitFor();
  await d.click('button', 'Continue to check your answers');
  await expectHeading(page, 'Check your answers before sending');
  // The start date moved a week earlier than the consultation said: Kent is shown that.
  assert.match(await page.locator('#changed-since-consultation').textContent(), /Start date/);
  await expectAccessible(page);
  await d.click('button', 'Accept and send');
  await page.locator('.govuk-panel--confirmation').waitFor();
  assert.equal((await page.locator('.govuk-panel--confirmation strong').textContent()).trim(), reference);
}

/** The whole case, driven by pointer or by keyboard alone (`drive`), optionally with the network cut
 * while the consultation is filled in and sent. */
async function wholeCase({ drive, offline }) {
  const visit = (p) => expectAccessible(p);
  const section = async (d, title, name) => {
    await d.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await d.click('link', name);
  };
  const checkAndSend = async (d, title, button) => {
    await d.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await d.click('button', 'Continue to check your answers');
    await expectHeading(d.page, 'Check your answers before sending');
    await visit(d.page);
    await d.click('button', button);
    const panel = d.page.locator('.govuk-panel--confirmation');
    await panel.waitFor({ timeout: 30000 });
    await visit(d.page);
    return (await panel.locator('strong').textContent()).trim();
  };

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
  let d = await fillConsultation(page, { visit, drive });
  await d.click('button', 'Accept and send');
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
  assert.match(toManager, /^To: .*ola\.northwest\.sm@kent\.invalid/mi, 'to the division of the placement postcode');
  assert.ok(!/\bSam\b|Taylor|LCC-10442|1 Example Road/.test(toManager), 'no child\'s details in the email');
  const manager = await browser.newContext();
  const mpage = await manager.newPage();
  await mpage.goto(linkIn(toManager, 'outcome'));
  await mpage.getByRole('heading', { level: 1, name: `Consultation ${reference}` }).waitFor();
  assert.ok(!(await mpage.evaluate(() => location.href)).includes('token'), 'the token leaves the address bar');
  assert.ok(await mpage.getByText('Sam', { exact: true }).isVisible(), 'the request, read-only');
  await visit(mpage);
  const m = drive(mpage);
  await m.click('button', 'Record the outcome');
  await expectFocusOnHeading(mpage, 'Consultation outcome');

  await section(m, 'Consultation outcome', 'The case discussion');
  await expectHeading(mpage, 'About you');
  await m.fill('Your full name', 'Morgan Manager');
  await m.fill('Your role', 'Service manager, children in care');
  assert.ok(await mpage.getByRole('group', { name: 'Your division' }).getByLabel('North/West').isChecked(), 'division from the case');
  await m.fill('Your email address', 'morgan.manager@kent.gov.uk');
  await visit(mpage);
  await m.click('button', 'Continue');
  await expectHeading(mpage, 'The case discussion');
  await m.date('Date of the discussion', daysFromNow(0));
  await m.choose('How the case was discussed', 'Video call');
  await m.fill('Who took part', 'Morgan Manager (Kent), Alex Example (Leeds)');
  await m.fill('Evidence of the discussion', 'Teams call; notes on the Kent case record.');
  await visit(mpage);
  await m.click('button', 'Continue');

  await section(m, 'Consultation outcome', 'Professional views');
  await m.fill('Your view of the planned placement', 'The home is well run.');
  await m.fill('Your view of the neighbourhood', 'Known county lines activity nearby.');
  await m.fill('Your view of local services for this child', 'CAMHS waiting list is long.');
  await visit(mpage);
  await m.click('button', 'Continue');

  await section(m, 'Consultation outcome', 'Decision');
  await m.choose('Does your council agree the placement is suitable?', 'Challenge the placement');
  await m.choose('Reason for the challenge', 'Risk of exploitation in the local area');
  await m.fill('Details of the challenge', 'Exploitation risk near the home; consider Ashford.');
  await m.date('Date completed', daysFromNow(0));
  await visit(mpage);
  await m.click('button', 'Continue');
  assert.equal(await checkAndSend(m, 'Consultation outcome', 'Send the outcome'), reference, 'the case reference is the headline');

  // The service manager's link now shows what they recorded, and asks for nothing more.
  await mpage.goto(linkIn(toManager, 'outcome'));
  await mpage.getByRole('heading', { level: 1, name: `Consultation ${reference}` }).waitFor();
  await mpage.getByText('Exploitation risk near the home; consider Ashford.').waitFor();
  assert.equal(await mpage.getByRole('button', { name: 'Record the outcome' }).count(), 0, 'no second outcome is asked for');
  await visit(mpage);

  // 3. Management Information and the placing social worker hear of the outcome.
  const after = await server.mails(mailsBefore + 5);
  const toMi = after.filter((x) => /^To: .*ola\.mi@kent\.invalid/mi.test(x) && x.includes(reference));
  assert.equal(toMi.length, 1, 'Management Information has the outcome');
  assert.ok(!/\bSam\b|Taylor|LCC-10442/.test(toMi[0]), 'and no child\'s details in it');

  // 4. The placing social worker notifies Kent, from their own link, before the start.
  const toWorker = after.find((x) => linkIn(x, 'case')?.includes(reference));
  assert.ok(toWorker, 'the social worker has a link to the case');
  page = await worker.newPage();
  d = drive(page);
  await page.goto(linkIn(toWorker, 'case'));
  await page.getByRole('heading', { level: 1, name: `Consultation ${reference}` }).waitFor();
  // The social worker reads Kent's challenge in full: the decision, the reason, the details, the
  // discussion, the three views and who gave them.
  await page.locator('.govuk-tag', { hasText: 'Challenged' }).first().waitFor();
  for (const said of ['Kent challenged the placement\'s suitability', 'Risk of exploitation in the local area',
    'Exploitation risk near the home; consider Ashford.', 'Teams call; notes on the Kent case record.',
    'Morgan Manager (Kent), Alex Example (Leeds)', 'The home is well run.', 'Known county lines activity nearby.',
    'CAMHS waiting list is long.', 'Morgan Manager', 'Service manager, children in care']) {
    assert.ok(await page.getByText(said, { exact: false }).first().isVisible(), `the social worker reads "${said}"`);
  }
  assert.equal(await page.getByRole('heading', { name: 'Timeline' }).count(), 0, 'Kent\'s own record stays with Kent');
  await visit(page);
  await notify(d, { reference });

  // 5. Front Door and the service manager read the notification's answers, with what changed.
  const fd = await browser.newContext();
  const fpage = await fd.newPage();
  await fpage.goto(`${server.url}staff/cases/${reference}`);
  await signInStaff(fpage, server.staffCodes['front-door']);
  await fpage.getByRole('heading', { level: 1, name: `Case ${reference}` }).waitFor();
  for (const reader of [fpage, mpage]) {
    if (reader === mpage) {
      await mpage.goto(linkIn(toManager, 'outcome'));
      await mpage.getByRole('heading', { level: 1, name: `Consultation ${reference}` }).waitFor();
    }
    const notice = reader.locator('section', { has: reader.getByRole('heading', { name: 'Placement notification' }) });
    await notice.waitFor();
    const text = await notice.textContent();
    for (const said of ['Robin Reviewer', 'robin.reviewer@leeds.gov.uk', 'Police, Virtual school, Missing-person coordinator', 'A planned placement that has not started yet',
      "The father's knowing where Sam lives would put Sam at risk.", 'No one has contact under section 34',
      'Waiting for the Kent ICB contact.', 'The carer will register Sam in the first week.']) {
      assert.ok(text.includes(said), `the host reads "${said}" in the notification`);
    }
    assert.match(await notice.locator('.app-changes').textContent(), /Changed since the consultation:\s*Start date/);
    assert.match(await notice.locator('.app-changed').first().textContent(), /Changed since the consultation/);
    await visit(reader);
  }
  await fd.close();
  // 6. Management Information: the case, its working days to outcome, the report and its CSV.
  const mi = await browser.newContext({ acceptDownloads: true });
  const spage = await mi.newPage();
  const s = drive(spage);
  await spage.goto(`${server.url}staff`);
  await spage.getByRole('heading', { level: 1, name: 'Sign in: host council staff' }).waitFor();
  await visit(spage);
  await s.fill('Sign-in code', server.staffCodes['management-information']);
  await s.click('button', 'Sign in');
  await spage.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  await visit(spage);
  // MI reads the case's row, which names no child, and cannot open the case itself.
  const row = spage.getByRole('row').filter({ hasText: reference });
  await row.waitFor();
  assert.match(await row.textContent(), /Leeds/, 'the row names the placing authority');
  assert.equal(await spage.getByRole('link', { name: reference }).count(), 0, 'the case is not MI\'s to open');
  assert.equal((await spage.request.get(`${server.url}api/cases/${reference}`)).status(), 403);
  await s.click('link', 'Management information report');
  await spage.getByRole('heading', { level: 1, name: 'Management information report' }).waitFor();
  // The report counts the case (with the others this relay has had): the page shows the relay's
  // figures for challenged consultations, the same-day band (0 working days) and Leeds.
  const report = await (await spage.request.get(`${server.url}api/staff/report`)).json();
  const count = (bars, label) => bars.find((b) => b.label === label).count;
  const shown = async (table, label) => Number((await spage.locator(`#${table}-table`).getByRole('row', { name: label }).locator('td').textContent()));
  await spage.locator('#by-outcome-table').waitFor();
  for (const [table, bars, label] of [['by-outcome', report.by_outcome, 'Challenged'],
    ['working-days', report.working_days_distribution, '0 to 2 working days'], ['by-placing-authority', report.by_placing_authority, 'Leeds']]) {
    assert.ok(count(bars, label) >= 1, `${label} counts this case`);
    assert.equal(await shown(table, label), count(bars, label), `${label}: the page shows the relay's figure`);
  }
  await visit(spage);
  const [download] = await Promise.all([spage.waitForEvent('download'), s.click('link', 'Download as CSV (one row a case)')]);
  const csv = await readFile(await download.path(), 'utf8');
  const line = csv.split('\n').find((l) => l.startsWith(reference));
  assert.ok(line && line.includes(',challenged,') && line.includes(',Leeds,'), `the CSV has the case, challenged: ${line}`);

  // 7. The auditor reads, for this case, each access in order: who, what, from where; no child.
  const audit = await browser.newContext();
  const apage = await audit.newPage();
  const a = drive(apage);
  await apage.goto(`${server.url}staff`);
  await apage.getByRole('heading', { level: 1, name: 'Sign in: host council staff' }).waitFor();
  await a.fill('Sign-in code', server.staffCodes.auditor);
  await a.click('button', 'Sign in');
  await apage.getByRole('heading', { level: 1, name: 'Access log' }).waitFor();
  await apage.locator('#access-log tbody tr').first().waitFor();
  await a.fill('Case reference', reference);
  await a.click('button', 'Apply filters');
  await apage.waitForFunction((ref) => [...document.querySelectorAll('#access-log tbody tr td:nth-child(4)')]
    .every((td) => td.textContent.trim() === ref), reference);
  await visit(apage);
  const lines = await apage.locator('#access-log tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  const log = lines.map(([when, who, what, ref, detail, address]) => ({ when, who, what, ref, detail, address }));
  const expected = [
    ['A placing social worker', 'Sent a form', 'Consultation request'],
    ['The service', 'A link was emailed', "The service manager's link to ola.northwest.sm@kent.invalid"],
    ["The service manager's link", 'Opened the case', ''],
    ["The service manager's link", 'Sent a form', 'Consultation outcome'],
    ["The placing social worker's link", 'Opened the case', ''],
    ["The placing social worker's link", 'Sent a form', 'Placement notification'],
    ['Frankie Door (Front Door)', 'Opened the case', ''],
  ];
  let at = 0;
  for (const [who, what, detail] of expected) {
    const found = log.findIndex((l, i) => i >= at && l.who.startsWith(who) && l.what === what && l.detail === detail);
    assert.ok(found >= 0, `after line ${at}, the log has "${who}: ${what} ${detail}":\n${log.map((l) => `${l.who} | ${l.what} | ${l.detail}`).join('\n')}`);
    at = found + 1;
  }
  for (const l of log) {
    assert.equal(l.ref, reference);
    assert.match(l.when, /^\d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm)$/, 'when, in words');
    assert.ok(!/\bSam\b|Taylor|LCC-10442|1 Example Road/.test(Object.values(l).join(' ')), 'no child in the log');
  }
  assert.ok(log.filter((l) => l.what !== 'A link was emailed').every((l) => l.address === '127.0.0.1'), 'each from the address it came from');
  await Promise.all([worker.close(), manager.close(), mi.close(), audit.close()]);
}

test('consulted, challenged, notified and reported: the whole case', () => wholeCase({ drive: pointer, offline: false }));
test('the whole case with the network cut while the consultation is filled in and sent',
  () => wholeCase({ drive: pointer, offline: true }));
test('the whole case by keyboard alone', () => wholeCase({ drive: keyboard, offline: false }));

test('a consultation withdrawn from the social worker\'s link', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  const reference = await sendConsultation(page, { postcode: 'CT9 1XZ' });
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
  await choose(page, 'Why is the child not being placed as consulted on?', 'Another placement has been chosen');
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

test('Front Door records an agreed outcome for a service manager, from the staff case page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  const reference = await sendConsultation(page, { postcode: 'TN1 1RS' });

  const staff = await browser.newContext();
  const s = await staff.newPage();
  await s.goto(`${server.url}staff/cases/${reference}`);
  await signInStaff(s, server.staffCodes['front-door']);
  await s.getByRole('heading', { level: 1, name: `Case ${reference}` }).waitFor();
  await s.getByRole('button', { name: 'Record the outcome for the service manager' }).click();
  await s.getByRole('link', { name: 'The case discussion', exact: true }).click();
  await s.getByLabel('Your full name').fill('Frankie Door');
  await s.getByLabel('Your role').fill('Front Door, for the North/West service manager');
  await s.getByLabel('Your email address').fill('frankie.door@kent.gov.uk');
  await continueOn(s);
  await expectHeading(s, 'The case discussion');
  await fillDateOn(s, 'Date of the discussion', daysFromNow(0));
  await choose(s, 'How the case was discussed', 'Telephone');
  await s.getByLabel('Who took part').fill('North/West service manager, Alex Example (Leeds)');
  await s.getByLabel('Evidence of the discussion').fill('Call notes on the Kent case record.');
  await continueOn(s);
  await s.getByRole('link', { name: 'Professional views', exact: true }).click();
  await s.getByLabel('Your view of the planned placement').fill('Suitable.');
  await s.getByLabel('Your view of the neighbourhood').fill('Quiet residential street.');
  await s.getByLabel('Your view of local services for this child').fill('School place available.');
  await continueOn(s);
  await s.getByRole('link', { name: 'Decision', exact: true }).click();
  await choose(s, 'Does your council agree the placement is suitable?', 'Agree that the placement is suitable');
  await fillDateOn(s, 'Date completed', daysFromNow(0));
  await continueOn(s);
  await s.getByRole('button', { name: 'Continue to check your answers' }).click();
  await s.getByRole('button', { name: 'Send the outcome' }).click();
  await s.locator('.govuk-panel--confirmation').waitFor();
  await expectAccessible(s);
  await s.goto(`${server.url}staff/cases/${reference}`);
  await s.getByRole('heading', { level: 1, name: `Case ${reference}` }).waitFor();
  await s.getByText(/Agreed on \d+ \w+ \d{4}/).waitFor();
  assert.equal(await s.getByRole('button', { name: 'Record the outcome for the service manager' }).count(), 0);
  await Promise.all([context.close(), staff.close()]);
});

test('a notification that moves the placement reaches the division where the child now is, and tells the old one', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  const mailsBefore = (await server.mails(0)).length;
  const reference = await sendConsultation(page, { postcode: 'ME14 1XQ' });
  const sent = await server.mails(mailsBefore + 3);
  const link = sent.map((m) => linkIn(m, 'case')).find((l) => l && l.includes(reference));
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: `Consultation ${reference}` }).waitFor();
  const before = (await server.mails(0)).length;
  await notify(pointer(page), { reference, moveTo: { address: '2 Example Street, Margate', postcode: 'CT9 1XZ' } });

  // The notification's emails: the mail folder names files by case, not by time, so pick them by what they say.
  const mails = (await server.mails(before + 3)).filter((m) => m.includes(reference) && /placement notification/.test(m));
  const to = (addr) => mails.find((m) => new RegExp(`^To: .*${addr}`, 'mi').test(m));
  const southEast = to('ola\\.southeast\\.sm@kent\\.invalid');
  const northWest = to('ola\\.northwest\\.sm@kent\\.invalid');
  assert.ok(southEast, 'the South/East service manager, where the child now is, is told');
  assert.match(southEast, /placement details changed/);
  assert.ok(northWest, 'the North/West service manager, consulted first, is told too');
  assert.match(northWest, /placement moved to South\/East/);
  for (const m of mails) assert.ok(!/Margate|CT9 1XZ|\bSam\b/.test(m), 'no address or name in an email');

  const manager = await browser.newContext();
  const mpage = await manager.newPage();
  await mpage.goto(linkIn(southEast, 'outcome'));
  await mpage.getByRole('heading', { level: 1, name: `Consultation ${reference}` }).waitFor();
  const changes = await mpage.locator('.app-changes').textContent();
  assert.match(changes, /Address of the placement|Address/);
  assert.match(changes, /Postcode/);
  assert.match(changes, /The placement has moved from North\/West to South\/East\./);
  await mpage.getByText('2 Example Street, Margate').waitFor();
  await expectAccessible(mpage);
  await Promise.all([context.close(), manager.close()]);
});
