// Driving the consultation request as a placing social worker would: through the task list, page
// by page, with the labels a person reads (never ids), so the tests prove what people use.

export const carePlan = new URL('./fixtures/care-plan.pdf', import.meta.url).pathname;

/** Picks an answer in a group of radios or checkboxes by the question it answers. */
export async function choose(page, question, answer) {
  await page.getByRole('group', { name: question }).getByLabel(answer, { exact: true }).check();
}

export async function fillDate(page, question, [day, month, year]) {
  const group = page.getByRole('group', { name: question });
  await group.getByLabel('Day').fill(String(day));
  await group.getByLabel('Month').fill(String(month));
  await group.getByLabel('Year').fill(String(year));
}

export async function continueOn(page) {
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}


/** Throws with the rules' messages if the page did not move on. */
export async function expectHeading(page, name) {
  const heading = page.getByRole('heading', { level: 1, name, exact: true });
  try {
    await heading.waitFor({ timeout: 5000 });
  } catch (e) {
    const problems = await page.locator('.govuk-error-summary__list, .govuk-warning-text').allTextContents();
    throw new Error(`expected "${name}"; the page says: ${problems.join(' | ') || await page.title()}`);
  }
}

/** A day in the future, as [d, m, y], `days` from now. */
export function daysFromNow(days) {
  const d = new Date(Date.now() + days * 86400000);
  return [d.getDate(), d.getMonth() + 1, d.getFullYear()];
}

/** Drives the page with a pointer: Playwright's own clicks and fills. */
export function pointer(page) {
  return {
    page,
    click: (role, name) => page.getByRole(role, { name, exact: true }).click(),
    fill: (label, value, exact = false) => page.getByLabel(label, { exact }).fill(value),
    choose: (question, answer) => choose(page, question, answer),
    date: (question, parts) => fillDate(page, question, parts),
    select: (label, option) => page.getByLabel(label).selectOption({ label: option }),
    check: (label) => page.getByLabel(label).check(),
    file: (label, path) => page.getByLabel(label).setInputFiles(path),
    heading: (name) => expectHeading(page, name),
    sees: (text) => page.getByText(text).first().waitFor(),
  };
}

/** Drives the page with the keyboard alone: Tab to each control, then type, Space, arrows or Enter.
 * Fails if a control cannot be reached by Tab. */
export function keyboard(page) {
  const isFocused = (loc) => loc.evaluate((el) => el === document.activeElement).catch(() => false);
  // Reaches any one of the locator's elements (a radio group takes focus on its checked radio).
  async function tabTo(loc) {
    await loc.first().waitFor();
    for (let i = 0; i < 400; i++) {
      if (await loc.evaluateAll((els) => els.includes(document.activeElement))) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`could not reach ${loc} by Tab`);
  }
  return {
    page,
    click: async (role, name) => { await tabTo(page.getByRole(role, { name, exact: true })); await page.keyboard.press('Enter'); },
    fill: async (label, value, exact = false) => {
      await tabTo(page.getByLabel(label, { exact }));
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(value);
    },
    choose: async (question, answer) => {
      const group = page.getByRole('group', { name: question });
      const target = group.getByLabel(answer, { exact: true });
      await tabTo(group.locator('input'));
      for (let i = 0; i < 20 && !(await isFocused(target)); i++) await page.keyboard.press('ArrowDown');
      if (!(await target.isChecked())) await page.keyboard.press('Space');
    },
    date: async (question, [day, month, year]) => {
      const group = page.getByRole('group', { name: question });
      for (const [label, value] of [['Day', day], ['Month', month], ['Year', year]]) {
        await tabTo(group.getByLabel(label));
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.type(String(value));
      }
    },
    select: async (label, option) => {
      const select = page.getByLabel(label);
      await tabTo(select);
      const wanted = await select.locator('option', { hasText: option }).first().getAttribute('value');
      await page.keyboard.press('Home');
      for (let i = 0; i < 300 && (await select.inputValue()) !== wanted; i++) await page.keyboard.press('ArrowDown');
      if ((await select.inputValue()) !== wanted) throw new Error(`could not choose ${option} by keyboard`);
    },
    check: async (label) => { await tabTo(page.getByLabel(label)); await page.keyboard.press('Space'); },
    file: async (label, path) => {
      await tabTo(page.getByLabel(label));
      // Space on a focused file input opens the chooser; Chromium sometimes drops the first press
      // while the page is still settling, so it is pressed again (still by keyboard) if need be.
      for (let attempt = 1; ; attempt++) {
        try {
          const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 3000 }), page.keyboard.press('Space')]);
          await chooser.setFiles(path);
          return;
        } catch (e) {
          if (attempt === 3) throw e;
        }
      }
    },
    heading: (name) => expectHeading(page, name),
    sees: (text) => page.getByText(text).first().waitFor(),
  };
}

/** Answers the "About you" page as a Leeds social worker. */
export async function aboutYou(d) {
  await d.select('Your authority', 'Leeds');
  await d.fill('Your full name', 'Alex Example');
  await d.fill('Your team', 'Children in Care', true);
  await d.fill('Your email address', 'alex.example@leeds.gov.uk');
  await d.fill('Your telephone number', '0113 496 0000');
  await d.fill("Team manager's full name", 'Jo Sample');
  await d.fill("Team manager's email address", 'jo.sample@leeds.gov.uk');
}

/** Fills in a whole consultation request for a distant placement in Kent, from the start page to
 * check your answers. `visit(page)` is called on every page reached (for axe); `drive` is
 * `pointer` or `keyboard` (Playwright), or a WebDriver browser (webdriver.mjs) for any engine. */
export async function fillConsultation(page, { postcode = 'ME14 1XQ', visit = async () => {}, drive = pointer } = {}) {
  const d = drive(page);
  const section = async (name) => {
    await d.heading('Consultation request');
    await d.click('link', name);
  };
  const next = () => d.click('button', 'Continue');
  await d.click('button', 'Start now');
  await d.heading('Consultation request');
  await visit(d.page);

  await section('About you');
  await aboutYou(d);
  await visit(d.page);
  await next();

  await section('The child');
  await d.heading('The child');
  await d.fill("Your authority's case ID for the child", 'LCC-10442');
  await d.fill('First name', 'Sam');
  await d.fill('Last name', 'Taylor');
  await d.date('Date of birth', [14, 3, 2012]);
  await d.choose('Sex', 'Female');
  await d.select('Ethnicity', 'White: English, Welsh, Scottish, Northern Irish or British');
  await visit(d.page);
  await next();
  await d.heading("The child's status and language");
  await d.select('Legal status', 'Full care order (C2)');
  await d.choose('Is the child an unaccompanied asylum-seeking child?', 'No');
  await d.choose('Does the child have a disability?', 'No');
  await d.fill('First language', 'English');
  await d.choose('Does the child need an interpreter?', 'No');
  await visit(d.page);
  await next();

  await section('The proposed placement');
  await d.heading('Where is the proposed placement?');
  await d.fill('Postcode of the placement', postcode);
  // What follows is worked out by the rules in this browser's WebAssembly, from the served hosts'
  // postcodes: a district and division in Kent, the council itself for a host with one team.
  await d.sees(/This postcode is in (.*, in Kent's (North\/West|South\/East) division|Medway)\./);
  await visit(d.page);
  await next();
  await d.heading('The proposed placement');
  await d.choose('Type of placement', "Children's home");
  await d.fill("Provider or carer's name", 'Oak House');
  await d.fill('Ofsted unique reference number (URN)', 'SC123456');
  await d.fill('Address of the placement', '1 Example Road, Maidstone');
  await d.date('Proposed start date', daysFromNow(28));
  await d.fill('Planned duration', 'Until the child is 18');
  await d.choose('Is this an emergency placement?', 'No');
  await d.choose('Will the child live with their brothers or sisters?', 'The child has no brothers or sisters in care');
  await visit(d.page);
  await next();

  await section('Needs and risks');
  await d.heading('Education');
  await d.choose('Does the child have an education, health and care plan (EHCP)?', 'No');
  await d.choose('Is the school place confirmed?', 'Yes');
  await visit(d.page);
  await next();
  await d.heading('Health');
  await d.choose('Is the child involved with child and adolescent mental health services (CAMHS)?', 'No');
  await next();
  await d.heading('Risks');
  for (const risk of ['Self-harm', 'Child sexual exploitation', 'Child criminal exploitation or county lines', 'Substance misuse',
    'Offending', 'Harm to others', 'Fire-setting', 'Trafficking', 'Radicalisation', 'Other risk']) {
    await d.choose(risk, 'No known risk');
  }
  await d.choose('Going missing', 'There is a risk');
  await d.fill('Describe the risk and how it will be managed', 'Went missing twice in 2025; safety plan agreed with the home.');
  await visit(d.page);
  await next();
  await d.heading('Deprivation of liberty');
  await d.choose('Has a court authorised depriving the child of their liberty?', 'No');
  await next();

  await section('Reasons and approval');
  await d.heading('Reasons for the placement');
  await d.fill("The child's assessed needs", 'Needs a therapeutic residential placement.');
  await d.fill('Why this placement is the most suitable', 'Specialist therapeutic support on site.');
  await d.fill('Why the child is being placed outside your area', 'No suitable placement in Leeds.');
  await d.fill('Why the child is being placed at a distance', 'Distance from exploitation risks in Leeds.');
  await d.choose("Have you obtained the child's wishes and feelings?", 'Yes');
  await d.fill("Child's wishes and feelings", 'Sam wants a fresh start.', true);
  await d.choose("Have the child's relatives been consulted?", 'Yes');
  await d.choose('Has the independent reviewing officer been consulted?', 'Yes');
  await visit(d.page);
  await next();
  await d.heading('Approval of the placement');
  await d.fill('Name of the person who will approve the placement', 'Pat Director');
  await d.choose("Approver's role", "Director of children's services");
  await d.choose('Has the placement been approved?', 'Not yet: approval will follow this consultation');
  await visit(d.page);
  await next();
  await d.heading('Documents');
  await d.select('What is the document?', 'Care plan');
  await d.file('Choose a file', carePlan);
  await d.sees(/care-plan\.pdf (uploaded|is saved on this device)/);
  await visit(d.page);
  await next();

  await d.heading('Consultation request');
  await d.sees('You have completed 5 of 5 sections.');
  await visit(d.page);
  await d.click('button', 'Continue to check your answers');
  await d.heading('Check your answers before sending');
  await visit(d.page);
  return d;
}

/** Fills in and sends a consultation; its case reference, from the confirmation's headline. */
export async function sendConsultation(page, options = {}) {
  await fillConsultation(page, options);
  await page.getByRole('button', { name: 'Accept and send' }).click();
  await page.locator('.govuk-panel--confirmation').waitFor({ timeout: 30000 });
  return (await page.locator('.govuk-panel--confirmation strong').textContent()).trim();
}

/** Signs a member of staff in with their code, from whatever staff page `page` shows. */
export async function signInStaff(page, code) {
  await page.getByLabel('Sign-in code').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
