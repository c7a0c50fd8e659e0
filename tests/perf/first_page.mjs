// Measures the time from navigation to an interactive first page (the "Start now" button rendered
// by the WebAssembly app and enabled) in headless Chromium, served by the real relay on loopback;
// then from pressing "Start now" to the form's task list, which fetches the forms' part of the app
// (scripts/split-wasm.mjs) unless the service worker already has it.
// Prints figures; asserts nothing (times depend on the machine). Run: node tests/perf/first_page.mjs
import { serveDist, launch } from '../e2e/support.mjs';

const runs = Number(process.env.RUNS ?? 9);
const server = await serveDist();
const browser = await launch();

// A slow connection, as Chrome's DevTools "Slow 4G" preset: 150 ms round trip, 1.6 Mbit/s down.
const SLOW = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 };

async function once(context, throttle) {
  const page = await context.newPage();
  if (throttle) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', throttle);
  }
  await page.goto(server.url, { waitUntil: 'commit' });
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  const t = await page.evaluate(() => ({
    interactive: performance.now(),
    wasm: performance.getEntriesByType('resource').find((r) => r.name.endsWith('_bg.wasm'))?.responseEnd ?? null,
  }));
  const pressed = Date.now();
  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('heading', { level: 1, name: 'Consultation request' }).waitFor();
  t.form = Date.now() - pressed;
  await page.close();
  return t;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const cold = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext();
  cold.push(await once(context));
  await context.close();
}
const slow = [];
for (let i = 0; i < Math.min(runs, 5); i++) {
  const c = await browser.newContext();
  slow.push(await once(c, SLOW));
  await c.close();
}
// The service worker fetches every part as soon as it installs, unthrottled here (DevTools throttles
// the page, not the worker); without one, each part comes over the slow network when first needed.
const slowNoWorker = [];
for (let i = 0; i < Math.min(runs, 5); i++) {
  const c = await browser.newContext({ serviceWorkers: 'block' });
  slowNoWorker.push(await once(c, SLOW));
  await c.close();
}
const context = await browser.newContext();
await once(context);
const page = await context.newPage();
await page.goto(server.url);
await page.evaluate(() => navigator.serviceWorker.ready);
await page.close();
const warm = [];
for (let i = 0; i < runs; i++) warm.push(await once(context));
await context.close();

const fmt = (xs, k) => `${median(xs.map((x) => x[k])).toFixed(0)} ms (min ${Math.min(...xs.map((x) => x[k])).toFixed(0)}, max ${Math.max(...xs.map((x) => x[k])).toFixed(0)})`;
console.log(`Navigation to interactive first page, headless Chromium, loopback, ${runs} runs each, median:`);
console.log(`  first visit (nothing cached):        ${fmt(cold, 'interactive')}; WebAssembly downloaded by ${fmt(cold, 'wasm')}`);
console.log(`  first visit, slow 4G (${slow.length} runs):   ${fmt(slow, 'interactive')}`);
console.log(`  return visit (service worker cache): ${fmt(warm, 'interactive')}`);
console.log('"Start now" to the task list:');
console.log(`  first visit:                         ${fmt(cold, 'form')}`);
console.log(`  first visit, slow 4G:                ${fmt(slow, 'form')} (the service worker had fetched it)`);
console.log(`  slow 4G, no service worker:          ${fmt(slowNoWorker, 'form')}`);
console.log(`  return visit:                        ${fmt(warm, 'form')}`);
await browser.close();
await server.close();
