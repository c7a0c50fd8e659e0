// One relay serving several hosts, as the people in it meet it: a Leeds social worker consults Kent
// about a placement in Maidstone and Medway about one in Chatham, giving only the postcodes. Each
// host's Front Door and service manager get their own email, and each host's staff, signed in,
// read their own case and never the other's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, axeViolations } from './support.mjs';
import { fillConsultation, signInStaff } from './consultation.mjs';

let server, browser;
before(async () => {
  server = await serveDist({
    staff: [
      { name: 'Frankie Door', role: 'front-door', host: 'Kent' },
      { name: 'Morgan Door', role: 'front-door', host: 'Medway' },
    ],
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

async function consult(postcode) {
  const page = await browser.newPage();
  await page.goto(server.url);
  await fillConsultation(page, { postcode });
  await page.getByRole('button', { name: 'Accept and send' }).click();
  const panel = page.locator('.govuk-panel--confirmation');
  await panel.waitFor();
  const reference = (await panel.locator('strong').textContent()).trim();
  const row = async (key) => (await page.locator('.govuk-summary-list__row', { hasText: key }).locator('dd').textContent()).trim();
  const host = await row('Host council');
  const frontDoor = await row('Its Front Door');
  await page.close();
  return { reference, host, frontDoor };
}

/** The staff's case list, signed in with `code`: the references it shows. */
async function staffList(code, expected) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}staff`);
  await page.getByRole('heading', { level: 1, name: 'Sign in: host council staff' }).waitFor();
  await signInStaff(page, code);
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  await page.getByText(expected).first().waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the list, shown');
  const text = await page.locator('#main-content').textContent();
  await context.close();
  return text;
}

test('a consultation into Kent and one into Medway each reach their own host, and only its staff', async () => {
  const kent = await consult('ME14 1XQ');
  const medway = await consult('ME4 4TR');
  assert.equal(kent.host, 'Kent County Council', 'the receipt names the host the postcode found');
  assert.equal(medway.host, 'Medway Council');
  assert.match(medway.frontDoor, /^Email Medway's children's services front door at frontdoor@medway\.invalid/,
    "the receipt says, in the host's own words, how to reach it");

  const mails = await server.mails(6);
  const to = (address, reference) => mails.filter((m) => new RegExp(`^To: .*${address.replace(/\./g, '\\.')}`, 'mi').test(m) && m.includes(reference));
  assert.equal(to('frontdoor@kent.invalid', kent.reference).length, 1, "Kent's Front Door");
  assert.equal(to('ola.northwest.sm@kent.invalid', kent.reference).length, 1, "Kent's North/West service manager");
  assert.equal(to('frontdoor@medway.invalid', medway.reference).length, 1, "Medway's Front Door");
  assert.equal(to('childrens.placements.sm@medway.invalid', medway.reference).length, 1, "Medway's service manager");
  assert.equal(to('frontdoor@kent.invalid', medway.reference).length, 0, "Kent hears nothing of Medway's case");
  assert.equal(to('frontdoor@medway.invalid', kent.reference).length, 0, "Medway hears nothing of Kent's case");

  const seenByMedway = await staffList(server.staffCodes['Medway/front-door'], medway.reference);
  assert.ok(seenByMedway.includes(medway.reference) && !seenByMedway.includes(kent.reference), seenByMedway);
  const seenByKent = await staffList(server.staffCodes['Kent/front-door'], kent.reference);
  assert.ok(seenByKent.includes(kent.reference) && !seenByKent.includes(medway.reference), seenByKent);
});
