// Driving the consultation request as a placing social worker would: through the task list, page
// by page, with the labels a person reads (never ids), so the tests prove what people use.
import { fillAboutYou } from './support.mjs';

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

/** Opens a section from the task list. */
export async function openSection(page, name) {
  await page.getByRole('heading', { level: 1, name: 'Consultation request' }).waitFor();
  await page.getByRole('link', { name, exact: true }).click();
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

/** Fills in a whole consultation request for a distant placement in Kent, from the start page to
 * check your answers. `visit(page)` is called on every page reached (for axe). */
export async function fillConsultation(page, { postcode = 'ME14 1XQ', visit = async () => {} } = {}) {
  await page.getByRole('button', { name: 'Start now' }).click();
  await visit(page);

  await openSection(page, 'About you');
  await fillAboutYou(page);
  await visit(page);
  await continueOn(page);

  await openSection(page, 'The child');
  await page.getByLabel("Your authority's case ID for the child").fill('LCC-10442');
  await page.getByLabel('First name').fill('Sam');
  await page.getByLabel('Last name').fill('Taylor');
  await fillDate(page, 'Date of birth', [14, 3, 2012]);
  await choose(page, 'Sex', 'Female');
  await page.getByLabel('Ethnicity').selectOption({ label: 'White: English, Welsh, Scottish, Northern Irish or British' });
  await visit(page);
  await continueOn(page);
  await expectHeading(page, "The child's status and language");
  await page.getByLabel('Legal status').selectOption({ label: 'Full care order (C2)' });
  await choose(page, 'Is the child an unaccompanied asylum-seeking child?', 'No');
  await choose(page, 'Does the child have a disability?', 'No');
  await page.getByLabel('First language').fill('English');
  await choose(page, 'Does the child need an interpreter?', 'No');
  await visit(page);
  await continueOn(page);

  await openSection(page, 'The proposed placement');
  await page.getByLabel('Postcode of the placement').fill(postcode);
  await visit(page);
  await continueOn(page);
  await expectHeading(page, 'The proposed placement');
  await page.getByRole('group', { name: 'Type of placement' }).getByLabel("Children's home", { exact: true }).check();
  await page.getByLabel("Provider or carer's name").fill('Oak House');
  await page.getByLabel('Ofsted unique reference number (URN)').fill('SC123456');
  await page.getByLabel('Address of the placement').fill('1 Example Road, Maidstone');
  await fillDate(page, 'Proposed start date', daysFromNow(28));
  await page.getByLabel('Planned duration').fill('Until the child is 18');
  await choose(page, 'Is this an emergency placement?', 'No');
  await choose(page, 'Will the child live with their brothers or sisters?', 'The child has no brothers or sisters in care');
  await visit(page);
  await continueOn(page);

  await openSection(page, 'Needs and risks');
  await expectHeading(page, 'Education');
  await choose(page, 'Does the child have an education, health and care plan (EHCP)?', 'No');
  await choose(page, 'Is the school place confirmed?', 'Yes');
  await visit(page);
  await continueOn(page);
  await expectHeading(page, 'Health');
  await choose(page, 'Is the child involved with child and adolescent mental health services (CAMHS)?', 'No');
  await continueOn(page);
  await expectHeading(page, 'Risks');
  for (const group of await page.getByRole('group').all()) {
    await group.getByLabel('No known risk', { exact: true }).check();
  }
  await choose(page, 'Going missing', 'There is a risk');
  await page.getByLabel('Describe the risk and how it will be managed').fill('Went missing twice in 2025; safety plan agreed with the home.');
  await visit(page);
  await continueOn(page);
  await expectHeading(page, 'Deprivation of liberty');
  await choose(page, 'Has a court authorised depriving the child of their liberty?', 'No');
  await continueOn(page);

  await openSection(page, 'Reasons and approval');
  await expectHeading(page, 'Reasons for the placement');
  await page.getByLabel("The child's assessed needs").fill('Needs a therapeutic residential placement.');
  await page.getByLabel('Why this placement is the most suitable').fill('Specialist therapeutic support on site.');
  await page.getByLabel('Why the child is being placed outside your area').fill('No suitable placement in Leeds.');
  await page.getByLabel('Why the child is being placed at a distance').fill('Distance from exploitation risks in Leeds.');
  await choose(page, "Have you obtained the child's wishes and feelings?", 'Yes');
  await page.getByLabel("Child's wishes and feelings", { exact: true }).fill('Sam wants a fresh start.');
  await choose(page, "Have the child's relatives been consulted?", 'Yes');
  await choose(page, 'Has the independent reviewing officer been consulted?', 'Yes');
  await visit(page);
  await continueOn(page);
  await expectHeading(page, 'Approval of the placement');
  await page.getByLabel('Name of the person who will approve the placement').fill('Pat Director');
  await choose(page, "Approver's role", "Director of children's services");
  await choose(page, 'Has the placement been approved?', 'Not yet: approval will follow this consultation');
  await visit(page);
  await continueOn(page);
  await expectHeading(page, 'Documents');
  await page.getByLabel('What is the document?').selectOption({ label: 'Care plan' });
  await page.getByLabel('Choose a file').setInputFiles(carePlan);
  await page.getByRole('status').getByText(/care-plan\.pdf (uploaded|is saved on this device)/).waitFor();
  await visit(page);
  await continueOn(page);

  await page.getByRole('heading', { level: 1, name: 'Consultation request' }).waitFor();
  await page.getByText('You have completed 5 of 5 sections.').waitFor();
  await visit(page);
  await page.getByRole('button', { name: 'Continue to check your answers' }).click();
  await expectHeading(page, 'Check your answers before sending');
  await visit(page);
}
