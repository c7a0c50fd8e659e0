// "Any browser": the whole consultation request, from the start page to its reference, in the three
// browser engines, each driven through W3C WebDriver: Chromium (Debian's chromium + chromedriver),
// Firefox (Debian's firefox-esr, headless, with geckodriver from crates.io) and WebKit, Safari's
// engine (Debian's WebKitWebDriver driving MiniBrowser under Xvfb).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist } from './support.mjs';
import { startBrowser, engineAvailable, stopDisplay } from './webdriver.mjs';
import { carePlan, daysFromNow } from './consultation.mjs';

let server;
before(async () => { server = await serveDist(); });
after(async () => { stopDisplay(); await server?.close(); });

async function consult(b) {
  await b.go(server.url);
  await b.button('Start now');
  const section = async (name) => { await b.heading('Consultation request'); await b.button(name); };
  const next = () => b.button('Continue');

  await section('About you');
  await b.select('Your authority', 'Leeds');
  await b.fill('Your full name', 'Alex Example');
  await b.fill('Your team', 'Children in Care');
  await b.fill('Your email address', 'alex.example@leeds.gov.uk');
  await b.fill('Your telephone number', '0113 496 0000');
  await b.fill("Team manager's full name", 'Jo Sample');
  await b.fill("Team manager's email address", 'jo.sample@leeds.gov.uk');
  await next();

  await section('The child');
  await b.fill("Your authority's case ID for the child", 'LCC-10442');
  await b.fill('First name', 'Sam');
  await b.fill('Last name', 'Taylor');
  await b.date('Date of birth', [14, 3, 2012]);
  await b.choose('Sex', 'Female');
  await b.select('Ethnicity', 'White: English, Welsh, Scottish, Northern Irish or British');
  await next();
  await b.heading("The child's status and language");
  await b.select('Legal status', 'Full care order (C2)');
  await b.choose('Is the child an unaccompanied asylum-seeking child?', 'No');
  await b.choose('Does the child have a disability?', 'No');
  await b.fill('First language', 'English');
  await b.choose('Does the child need an interpreter?', 'No');
  await next();

  await section('The proposed placement');
  await b.fill('Postcode of the placement', 'CT9 1XZ');
  // What follows is worked out in this engine's WebAssembly, from Kent's table on the device.
  await b.find('text', "This postcode is in Thanet, in Kent's South/East division.");
  await next();
  await b.heading('The proposed placement');
  await b.choose('Type of placement', "Children's home");
  await b.fill("Provider or carer's name", 'Oak House');
  await b.fill('Ofsted unique reference number (URN)', 'SC123456');
  await b.fill('Address of the placement', '1 Example Road, Margate');
  await b.date('Proposed start date', daysFromNow(28));
  await b.fill('Planned duration', 'Until the child is 18');
  await b.choose('Is this an emergency placement?', 'No');
  await b.choose('Will the child live with their brothers or sisters?', 'The child has no brothers or sisters in care');
  await next();

  await section('Needs and risks');
  await b.heading('Education');
  await b.choose('Does the child have an education, health and care plan (EHCP)?', 'No');
  await next();
  await b.heading('Health');
  await b.choose('Is the child involved with child and adolescent mental health services (CAMHS)?', 'No');
  await next();
  await b.heading('Risks');
  for (const risk of ['Self-harm', 'Child sexual exploitation', 'Child criminal exploitation or county lines', 'Going missing',
    'Substance misuse', 'Offending', 'Harm to others', 'Fire-setting', 'Trafficking', 'Radicalisation', 'Other risk']) {
    await b.choose(risk, 'No known risk');
  }
  await next();
  await b.heading('Deprivation of liberty');
  await b.choose('Has a court authorised depriving the child of their liberty?', 'No');
  await next();

  await section('Reasons and approval');
  await b.fill("The child's assessed needs", 'Needs a therapeutic residential placement.');
  await b.fill('Why this placement is the most suitable', 'Specialist therapeutic support on site.');
  await b.fill('Why the child is being placed outside your area', 'No suitable placement in Leeds.');
  await b.fill('Why the child is being placed at a distance', 'Distance from exploitation risks in Leeds.');
  await b.choose("Have you obtained the child's wishes and feelings?", 'Yes');
  await b.fill("Child's wishes and feelings", 'Sam wants a fresh start.');
  await b.choose("Have the child's relatives been consulted?", 'Yes');
  await b.choose('Has the independent reviewing officer been consulted?', 'Yes');
  await next();
  await b.heading('Approval of the placement');
  await b.fill('Name of the person who will approve the placement', 'Pat Director');
  await b.choose("Approver's role", "Director of children's services");
  await b.choose('Has the placement been approved?', 'Not yet: approval will follow this consultation');
  await next();
  await b.heading('Documents');
  await b.select('What is the document?', 'Care plan');
  await b.file('Choose a file', carePlan);
  await b.find('text', 'care-plan.pdf uploaded');
  await next();

  await b.find('text', 'You have completed 5 of 5 sections.');
  await b.button('Continue to check your answers');
  await b.heading('Check your answers before sending');
  await b.button('Accept and send');
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
