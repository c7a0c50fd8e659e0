// Cross-site request forgery, tried as an attacker would: a page on another port of the same host
// (SameSite cookies do not tell ports apart) makes a signed-in Front Door browser post an outcome,
// by an auto-submitted form and by fetch. The relay refuses both, and the case is unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { serveDist, launch } from './support.mjs';
import { sendConsultation, signInStaff } from './consultation.mjs';

let server, browser, attacker, attackerUrl;
before(async () => {
  server = await serveDist({ staff: [{ name: 'Frankie Door', role: 'front-door' }] });
  browser = await launch();
  attacker = createServer((request, response) => {
    const target = new URL('api/outcomes', server.url).href;
    const reference = new URL(request.url, 'http://x').searchParams.get('ref');
    // A complete, valid outcome, so that only the relay's defence stands between it and the case.
    const today = new Date().toISOString().slice(0, 10);
    const data = {
      consultation_reference: reference,
      responder: { name: 'Mallory', role: 'Attacker', division: 'south-east', email: 'mallory@kent.gov.uk' },
      discussion: { date: today, method: 'telephone', participants: 'Mallory', evidence: 'None.' },
      views: { placement: 'x', neighbourhood: 'x', local_services: 'x' },
      decision: 'agreed', completed_date: today, challenge_details: '',
    };
    const body = JSON.stringify({ format: 1, id: '0190f3a2-7c1e-7d33-9a4e-00000000c5f1', rules_version: 'x', data });
    // A text/plain form sends name=value: the '=' is hidden inside the last string's quotes.
    const cut = body.lastIndexOf('""');
    const [name, value] = [body.slice(0, cut + 1), body.slice(cut + 1)];
    response.setHeader('content-type', 'text/html');
    response.end(`<!DOCTYPE html><title>Win a prize</title>
      <form id="f" method="POST" action="${target}" enctype="text/plain"><input type="hidden" name='${name}' value='${value}'></form>
      <script>
        window.fetchResult = fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', mode: 'no-cors',
          headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(body)} }).then(() => 'sent', () => 'failed');
        window.fetchResult.then(() => document.getElementById('f').submit());
      </script>`);
  });
  await new Promise((ok) => attacker.listen(0, '127.0.0.1', ok));
  attackerUrl = `http://127.0.0.1:${attacker.address().port}/`;
});
after(async () => { await browser?.close(); await server?.close(); attacker?.close(); });

test('a page on another port cannot make a signed-in browser record an outcome', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  const reference = await sendConsultation(page, { postcode: 'TN1 1RS' });

  await page.goto(`${server.url}staff`);
  await signInStaff(page, server.staffCodes['front-door']);
  await page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();

  const answers = [];
  page.on('response', (r) => { if (r.url().endsWith('/api/outcomes')) answers.push(r.status()); });
  await page.goto(`${attackerUrl}?ref=${reference}`);
  await page.waitForURL(/\/api\/outcomes$/, { timeout: 10000 });
  assert.ok(answers.length >= 1, 'the forged form reached the relay');
  for (const status of answers) assert.ok(status === 403 || status === 415, `refused, not ${status}`);

  const view = await context.request.get(`${server.url}api/cases/${reference}`);
  assert.equal(view.status(), 200, 'the staff session is still signed in');
  const body = await view.json();
  assert.equal(body.summary.status, 'awaiting-outcome', 'no outcome was recorded');
  assert.equal(body.outcome, null);
  await context.close();
});
