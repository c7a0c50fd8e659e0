// Single sign-on, end to end: Kent's staff sign in through a real OpenID provider (the npm package
// `oidc-provider`, standing in for Kent's Entra ID) on its own login page; the relay exchanges the
// code with PKCE, verifies the ID token and gives the role the token's `roles` claim maps to. A
// council account with no role is turned away in words; sign-in codes are off for Kent; and the
// auditor, signing in the same way, reads each of these in the access log, in order.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serveDist, launch, expectAccessible, root } from './support.mjs';

let server, browser, provider;

async function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

before(async () => {
  const port = await freePort();
  provider = spawn(process.execPath, [join(root, 'tests/oidc/provider.mjs'), '0', '3600', `http://127.0.0.1:${port}/api/sso/callback`],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const issuerPort = await new Promise((ok, fail) => {
    let text = '';
    provider.stdout.on('data', (d) => {
      text += d;
      const m = text.match(/ready (\d+)/);
      if (m) ok(Number(m[1]));
    });
    provider.on('exit', (code) => fail(new Error(`the OpenID provider stopped (${code})`)));
  });
  const sso = `[hosts.single_sign_on]
issuer = "http://127.0.0.1:${issuerPort}"
client_id = "ola-relay"
[[hosts.single_sign_on.role]]
claim = "OLA.FrontDoor"
role = "front-door"
[[hosts.single_sign_on.role]]
claim = "OLA.Auditor"
role = "auditor"
[[hosts.single_sign_on.role]]
claim = "OLA.ServiceManager.NorthWest"
role = "service-manager"
division = "north-west"

`;
  server = await serveDist({
    port,
    configure: (text) => text.replace("# Service managers' addresses: set each division's own (these are placeholders).\n",
      (line) => sso + line),
    env: { OLA_SSO_CLIENT_SECRET_E10000016: 'sso-client-secret-for-tests-only' },
  });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); provider?.kill(); });

/** Signs in as `login` through Kent's identity provider, in a browser of its own. */
async function signInThroughKent(login, { from = 'staff' } = {}) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${server.url}${from}`);
  await page.getByRole('heading', { level: 1, name: 'Sign in: host council staff' }).waitFor();
  await page.getByRole('button', { name: 'Sign in with your Kent account' }).click();
  // The provider's own page, not ours.
  await page.locator('input[name="login"]').waitFor();
  assert.ok(!page.url().startsWith(server.url), `the login page is the provider's: ${page.url()}`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password: the test provider takes any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  return { context, page };
}

test('Kent staff sign in with their council account; one without a role is turned away; the auditor reads it all in the log', async () => {
  // The sign-in page offers Kent's account (and a code, for the councils without single sign-on).
  const look = await browser.newContext();
  const first = await look.newPage();
  await first.goto(`${server.url}staff`);
  await first.getByRole('heading', { level: 1, name: 'Sign in: host council staff' }).waitFor();
  await expectAccessible(first);
  await look.close();

  // The relay says Kent signs in by its account (its codes are off: tests/cli.rs, tests/access.rs).
  const codes = await fetch(`${server.url}api/staff/sign-in`).then((r) => r.json());
  assert.deepEqual(codes.single_sign_on.map((s) => s.host.name), ['Kent']);

  // Frankie Door, Front Door by her app role, lands on the cases page, named and with her role.
  const frankie = await signInThroughKent('frankie.door');
  await frankie.page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  assert.ok(frankie.page.url().startsWith(`${server.url}staff`), frankie.page.url());
  const nav = await frankie.page.locator('.app-staff-nav').textContent();
  assert.match(nav, /Signed in as Frankie Door \(Front Door\), Kent County Council/);
  await expectAccessible(frankie.page);
  const me = await frankie.page.request.get(`${server.url}api/staff/me`).then((r) => r.json());
  assert.deepEqual([me.name, me.role, me.host.name], ['Frankie Door', 'front-door', 'Kent County Council']);
  await frankie.page.getByRole('button', { name: 'Sign out' }).click();
  await frankie.page.waitForURL(server.url);
  assert.equal((await frankie.page.request.get(`${server.url}api/staff/me`)).status(), 401, 'signed out on the relay');
  await frankie.context.close();

  // A council account the service gives no role: told so, in words, and not signed in.
  const nora = await signInThroughKent('no.role');
  await nora.page.getByRole('heading', { level: 1, name: 'Your account has no role in this service' }).waitFor();
  await nora.page.getByText('Ask your administrator to give you one').waitFor();
  await expectAccessible(nora.page);
  assert.equal((await nora.page.request.get(`${server.url}api/staff/me`)).status(), 401);
  await nora.context.close();

  // A service manager's role carries their division.
  const sam = await signInThroughKent('sam.manager');
  await sam.page.getByRole('heading', { level: 1, name: 'Cases' }).waitFor();
  assert.match(await sam.page.locator('.app-staff-nav').textContent(), /Sam Manager \(Service manager, North\/West\)/);
  await sam.context.close();

  // The auditor lands on the access log and reads every one of these, oldest first.
  const ada = await signInThroughKent('ada.auditor');
  await ada.page.getByRole('heading', { level: 1, name: 'Access log' }).waitFor();
  await ada.page.waitForURL(`${server.url}staff/access-log`);
  await ada.page.locator('#access-log tbody tr').first().waitFor();
  await expectAccessible(ada.page);
  const rows = await ada.page.locator('#access-log tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  const said = rows.map(([when, who, what, , detail]) => ({ when, who, what, detail }));
  const expected = [
    ['Frankie Door (Front Door)', 'Signed in', "Through Kent's single sign-on"],
    ['Frankie Door (Front Door)', 'Signed out', ''],
    ['Someone signing in through single sign-on', 'Failed to sign in', "Nora Role's account has no role in this service"],
    ['Sam Manager (Service manager)', 'Signed in', "Through Kent's single sign-on"],
    ['Ada Auditor (Auditor)', 'Signed in', "Through Kent's single sign-on"],
    ['Ada Auditor (Auditor)', 'Read the access log', 'Everything'],
  ];
  assert.equal(said.length, expected.length, JSON.stringify(said, null, 1));
  expected.forEach(([who, what, detail], i) => {
    assert.ok(said[i].who.startsWith(who), `line ${i + 1}: ${said[i].who} is ${who}`);
    assert.equal(said[i].what, what, `line ${i + 1}`);
    assert.equal(said[i].detail, detail, `line ${i + 1}`);
    assert.match(said[i].when, /^\d{1,2} \w+ \d{4} at \d{1,2}:\d{2}(am|pm)$/, 'a time in words');
  });
  assert.match(rows[0][1], /sso:frankie\.door/, 'the account is the provider\'s subject');
  // A day that does not exist: said on its field and in the summary, and what was typed stays.
  await ada.page.getByLabel('From').fill('31/2/2026');
  await ada.page.getByRole('button', { name: 'Apply filters' }).click();
  const summary = ada.page.locator('#filter-errors');
  await summary.waitFor();
  assert.equal(await summary.getByRole('link').getAttribute('href'), '#log-from');
  const fieldError = (await ada.page.locator('#log-from-error').textContent()).replace('Error:', '').trim();
  assert.equal((await summary.getByRole('link').textContent()).trim(), fieldError, 'one sentence, in both places');
  assert.match(fieldError, /From/, `it names the field: ${fieldError}`);
  assert.equal(await ada.page.getByLabel('From').inputValue(), '31/2/2026', 'nothing typed is lost');
  assert.match(await ada.page.title(), /^Error: /);
  await expectAccessible(ada.page);
  await ada.page.getByLabel('From').fill('');
  // Filtered to one person, and as CSV.
  await ada.page.getByLabel('Who').fill('frankie');
  await ada.page.getByRole('button', { name: 'Apply filters' }).click();
  await ada.page.getByRole('caption').filter({ hasText: '2 entries' }).waitFor();
  const [download] = await Promise.all([ada.page.waitForEvent('download'), ada.page.getByRole('link', { name: 'Download this log as CSV' }).click()]);
  const csv = (await import('node:fs')).readFileSync(await download.path(), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'when,who,account,what,case,detail,address');
  assert.equal(csv.length, 3, csv.join('\n'));
  assert.match(csv[1], /Frankie Door \(Front Door\),sso:frankie\.door,Signed in,,Through Kent's single sign-on,127\.0\.0\.1$/);
  await ada.context.close();
});
