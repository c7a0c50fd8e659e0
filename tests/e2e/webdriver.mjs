// A small W3C WebDriver client, so one journey runs unchanged in Chromium (chromedriver), Firefox
// (geckodriver) and WebKit (WebKitWebDriver driving MiniBrowser under Xvfb): the three engines
// behind "any browser". Every browser and driver is a Debian package or a crates.io build; nothing
// is downloaded. Controls are found the way a person finds them, by their label or legend.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

/** The three engines: how to start each one's driver and what to ask it for. */
export const ENGINES = {
  chromium: {
    driver: '/usr/bin/chromedriver',
    args: (port) => [`--port=${port}`],
    capabilities: {
      browserName: 'chrome',
      'goog:chromeOptions': { binary: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update'] },
    },
  },
  firefox: {
    driver: process.env.GECKODRIVER ?? `${process.env.HOME}/.cargo/bin/geckodriver`,
    args: (port) => ['--port', String(port), '--binary', '/usr/bin/firefox-esr'],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: '/usr/bin/firefox-esr', args: ['-headless'],
        // No updates, telemetry or remote settings: the test must not reach for the network.
        prefs: { 'app.update.enabled': false, 'toolkit.telemetry.enabled': false, 'browser.shell.checkDefaultBrowser': false,
          'services.settings.server': 'http://127.0.0.1:9/', 'network.captive-portal-service.enabled': false,
          'extensions.getAddons.cache.enabled': false, 'browser.safebrowsing.malware.enabled': false,
          'browser.safebrowsing.phishing.enabled': false },
      },
    },
  },
  webkit: {
    driver: '/usr/bin/WebKitWebDriver',
    args: (port) => [`--port=${port}`],
    display: true,
    capabilities: {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', args: ['--automation'] },
    },
  },
};

export function engineAvailable(name) {
  return existsSync(ENGINES[name].driver) && (!ENGINES[name].display || existsSync('/usr/bin/Xvfb'));
}

/** Starts Xvfb for engines that need a display, once. */
let xvfb;
async function display() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  if (!xvfb) {
    const n = 90 + Math.floor(Math.random() * 9);
    xvfb = { proc: spawn('/usr/bin/Xvfb', [`:${n}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' }), name: `:${n}` };
    await new Promise((ok) => setTimeout(ok, 500));
  }
  return xvfb.name;
}

export function stopDisplay() {
  xvfb?.proc.kill();
  xvfb = undefined;
}

export async function startBrowser(name) {
  const engine = ENGINES[name];
  const port = await freePort();
  const env = { ...process.env };
  if (engine.display) env.DISPLAY = await display();
  const proc = spawn(engine.driver, engine.args(port), { env, stdio: ['ignore', 'ignore', 'ignore'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${base}/status`)).ok) break; } catch { /* starting */ }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  const created = await call(base, 'POST', '/session', { capabilities: { alwaysMatch: engine.capabilities } });
  const session = created.sessionId;
  return new Browser(base, session, proc);
}

async function call(base, method, path, body) {
  const r = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await r.json();
  if (!r.ok || json.value?.error) throw new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
  return json.value;
}

// Finders, run in the page: a control by its label, a choice by its question's legend, a button or
// link by its text, a heading by its words.
const FIND = `
const [kind, a, b] = arguments;
const text = (el) => el.textContent.replace(/\\s+/g, ' ').trim();
const visible = (el) => el && el.getClientRects().length > 0;
if (kind === 'label') {
  const label = [...document.querySelectorAll('label')].find((l) => text(l) === a && visible(l));
  return label ? document.getElementById(label.htmlFor) : null;
}
if (kind === 'choice') {
  const set = [...document.querySelectorAll('fieldset')].find((f) => f.querySelector('legend') && text(f.querySelector('legend')) === a);
  const label = set && [...set.querySelectorAll('label')].find((l) => text(l) === b);
  return label ? document.getElementById(label.htmlFor) : null;
}
if (kind === 'date') {
  const set = [...document.querySelectorAll('fieldset')].find((f) => f.querySelector('legend') && text(f.querySelector('legend')) === a);
  const label = set && [...set.querySelectorAll('label')].find((l) => text(l) === b);
  return label ? document.getElementById(label.htmlFor) : null;
}
if (kind === 'option') {
  const label = [...document.querySelectorAll('label')].find((l) => text(l) === a);
  const select = label && document.getElementById(label.htmlFor);
  return select ? [...select.options].find((o) => text(o) === b) ?? null : null;
}
if (kind === 'action') return [...document.querySelectorAll('button, a')].find((e) => text(e) === a && visible(e)) ?? null;
if (kind === 'h1') { const h = [...document.querySelectorAll('h1')].find(visible); return h && text(h) === a ? h : null; }
if (kind === 'text') return document.body.textContent.includes(a) ? document.body : null;
if (kind === 'match') return new RegExp(a, b).test(document.body.textContent) ? document.body : null;
if (kind === 'value') { const label = [...document.querySelectorAll('label')].find((l) => text(l) === a); return label ? document.getElementById(label.htmlFor).value : null; }
return null;`;

export class Browser {
  constructor(base, session, proc) { Object.assign(this, { base, session, proc }); }
  cmd(method, path, body) { return call(this.base, method, `/session/${this.session}${path}`, body); }
  go(url) { return this.cmd('POST', '/url', { url }); }
  script(script, args = []) { return this.cmd('POST', '/execute/sync', { script, args }); }
  title() { return this.cmd('GET', '/title'); }

  /** Waits for something the finders can see; returns its element id (or value). */
  async find(kind, a, b, timeout = 10000) {
    const until = Date.now() + timeout;
    for (;;) {
      const found = await this.script(FIND, [kind, a, b]);
      if (found !== null && found !== undefined) return found?.[ELEMENT] ?? found;
      if (Date.now() > until) {
        const shown = await this.script("return (document.querySelector('.govuk-error-summary')?.textContent ?? [...document.querySelectorAll('h1')].find((h) => h.getClientRects().length)?.textContent ?? '').replace(/\\s+/g, ' ')");
        throw new Error(`not found: ${kind} "${a}"${b ? ` / "${b}"` : ''}; the page shows: ${shown}`);
      }
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }

  async press(kind, a, b) { await this.cmd('POST', `/element/${await this.find(kind, a, b)}/click`, {}); }
  async type(kind, a, b, value) {
    const el = await this.find(kind, a, b);
    await this.cmd('POST', `/element/${el}/clear`, {});
    await this.cmd('POST', `/element/${el}/value`, { text: String(value) });
  }

  // The same vocabulary as the Playwright drivers in consultation.mjs, so one journey runs in all.
  click(_role, name) { return this.press('action', name); }
  fill(label, value) { return this.type('label', label, undefined, value); }
  choose(question, answer) { return this.press('choice', question, answer); }
  async date(question, [d, m, y]) {
    await this.type('date', question, 'Day', d);
    await this.type('date', question, 'Month', m);
    await this.type('date', question, 'Year', y);
  }
  select(label, option) { return this.press('option', label, option); }
  check(label) { return this.press('label', label); }
  heading(name, timeout) { return this.find('h1', name, undefined, timeout); }
  /** Waits until the page says something (a string, or a RegExp). */
  sees(text) {
    return text instanceof RegExp ? this.find('match', text.source, text.flags) : this.find('text', text);
  }
  async file(label, path) { await this.cmd('POST', `/element/${await this.find('label', label)}/value`, { text: path }); }

  async quit() {
    try { await this.cmd('DELETE', ''); } catch { /* already gone */ }
    this.proc.kill();
  }
}
