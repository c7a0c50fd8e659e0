// "Any browser": the whole consultation request, from the start page to its reference, in the three
// browser engines, each driven through W3C WebDriver: Chromium (Debian's chromium + chromedriver),
// Firefox (Debian's firefox-esr, headless, with geckodriver from crates.io) and WebKit, Safari's
// engine (Debian's WebKitWebDriver driving MiniBrowser under Xvfb).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist } from './support.mjs';
import { startBrowser, engineAvailable, stopDisplay } from './webdriver.mjs';
import { fillConsultation } from './consultation.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { stopDisplay(); await server?.close(); });

async function consult(b) {
  await b.go(server.url);
  await fillConsultation(b, { drive: (browser) => browser, postcode: 'CT9 1XZ' });
  await b.click('button', 'Accept and send');
  await b.heading('Consultation request sent');
  return b.script("return document.querySelector('.govuk-panel__body strong').textContent.trim()");
}

for (const engine of ['chromium', 'firefox', 'webkit']) {
  test(`the consultation request in ${engine}`, async () => {
    // Never skipped: scripts/setup --browser installs all three, and a missing one must fail.
    assert.ok(engineAvailable(engine), `no ${engine} driver: run scripts/setup --browser`);
    const b = await startBrowser(engine);
    try {
      assert.match(await consult(b), /^OLA-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    } finally {
      await b.quit();
    }
  });
}
