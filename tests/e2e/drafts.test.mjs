// Drafts are never lost: every answer is saved on the device as it is typed, survives a reload,
// can be continued from the start page, and can be deleted by the person who made it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, axeViolations } from './support.mjs';

let server, browser;
before(async () => { server = await serveDist(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('answers survive a reload, and the draft can be continued and deleted', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('link', { name: 'About you', exact: true }).click();
  await page.getByLabel('Your authority').selectOption({ label: 'Leeds' });
  await page.getByLabel('Your full name').fill('Alex Example');

  // A reload carries on where it was, answers and all.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'About you' }).waitFor();
  assert.equal(await page.getByLabel('Your full name').inputValue(), 'Alex Example');

  // So does coming back later, from the start page.
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Your drafts on this device' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'start page with a draft');
  const resume = page.getByRole('button', { name: /^Continue Draft started/ });
  assert.equal(await resume.count(), 1);
  await resume.click();
  await page.getByRole('heading', { level: 1, name: 'Consultation request' }).waitFor();
  assert.equal(await page.locator('#about-you-status').textContent(), 'In progress');
  await page.getByRole('link', { name: 'About you', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'About you' }).waitFor();
  assert.equal(await page.getByLabel('Your full name').inputValue(), 'Alex Example');
  assert.equal(await page.getByLabel('Your authority').inputValue(), 'E08000035');

  await page.goto(server.url);
  await page.getByRole('button', { name: /^Delete Draft started/ }).click();
  await page.getByRole('heading', { name: 'Your drafts on this device' }).waitFor({ state: 'detached' });
  await page.reload();
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'Your drafts on this device' }).count(), 0, 'deleted for good');
  await context.close();
});

test('a draft made under older rules is checked again, and the person is told what changed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  const today = new Date().toISOString().slice(0, 10);
  await page.evaluate((today) => localStorage.setItem('ola-draft-0190f3a2-0000-7000-8000-00000000abcd', JSON.stringify({
    id: '0190f3a2-0000-7000-8000-00000000abcd', rules_version: '2025.2', created: today, updated: today,
    journey: 'request', answers: { child: { case_id: 'LCC-77' } },
  })), today);
  await page.reload();
  await page.getByRole('button', { name: 'Continue Case LCC-77' }).click();
  const banner = page.getByRole('region', { name: 'The rules have changed' });
  await banner.waitFor();
  const said = await banner.textContent();
  assert.match(said, /started under version 2025\.2 of the rules; this is version \d{4}\.\d+\..*checked again: \d+ answers need attention/);
  // Each change since, listed, dated in words.
  const changes = await banner.locator('li').allTextContents();
  assert.ok(changes.some((c) => c.startsWith('Distant placements (from 23 November 2026)')), changes.join(' | '));
  assert.ok(changes.some((c) => c.startsWith('The end of a placement (from 3 December 2026)')), changes.join(' | '));
  assert.ok(!/\d{4}-\d{2}-\d{2}/.test(said), 'no ISO dates for people');
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});
