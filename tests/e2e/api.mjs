// Requests the app itself makes, for tests whose subject is a later step: a notification sent
// straight to the relay, and the case link its acknowledgement email carries.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { linkIn, root } from './support.mjs';
import { daysFromNow } from './consultation.mjs';

export const iso = (days) => {
  const [d, m, y] = daysFromNow(days);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** What the app's own requests carry: JSON from this service's origin. */
function api(server, path, body, headers = {}) {
  return fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url.replace(/\/$/, ''), ...headers },
    body: JSON.stringify(body),
  });
}

// The version the app itself would send: the rules crate's.
const rulesVersion = (await readFile(`${root}crates/placement-rules/src/version.rs`, 'utf8')).match(/RULES_VERSION: &str = "([^"]+)"/)[1];

let sequence = 0;
/** A submission's envelope, as the app wraps its answers: a new id each time, the rules' version. */
function envelope(data) {
  sequence += 1;
  return { format: 1, id: `0190f3a2-7c1e-7d33-9a4e-0000000ee${String(sequence).padStart(3, '0')}`, rules_version: rulesVersion, data };
}

/** A notification with no consultation, as the app would send it: by default `placing` notifies a
 * children's home placement in Maidstone. */
export async function notifyByApi(server, { placing, email, type, start, lateness = '', postcode = 'ME14 1XQ', sentBy = 'placing-authority', placingWorker = '', placementType = 'childrens-home', urn = 'SC123456', carePlanToFollow = false }) {
  const upload = await fetch(new URL('/api/attachments', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/pdf', 'x-file-name': 'care plan.pdf', origin: server.url.replace(/\/$/, '') },
    body: await readFile(`${root}tests/e2e/fixtures/care-plan.pdf`),
  });
  assert.equal(upload.status, 201, await upload.clone().text());
  const { id: carePlan } = await upload.json();
  const r = await api(server, '/api/notifications', envelope({
      consultation_reference: '',
      placing_authority: placing,
      sent_by: sentBy,
      placing_social_worker_email: placingWorker,
      notifier: { name: 'Alex Example', team: 'Children in Care 2', email, phone: '0113 496 0000' },
      child: { case_id: 'CASE-0001', first_name: 'Sam', surname: 'Taylor', date_of_birth: iso(-14 * 365) },
      notification_type: type,
      start_date: start,
      lateness_reason: lateness,
      placement: { placement_type: placementType, provider_name: 'Example Care Ltd', ofsted_urn: urn, address: '1 Example Road', postcode },
      needs_assessment: 'Needs a small, stable home.',
      why_most_suitable: 'Matches the assessed needs.',
      care_plan_sent_with_consultation: 'no',
      documents: carePlanToFollow ? [] : [{ kind: 'care-plan', attachment_id: carePlan, file_name: 'care plan.pdf' }],
      care_plan_to_follow: carePlanToFollow ? 'yes' : null,
      first_placement: carePlanToFollow ? 'yes' : null,
      ehcp: 'no',
      iro: { name: 'Robin Reviewer', team: '', email: '', phone: '' },
      agencies_informed: { police: true, health: true, virtual_school: true, youth_justice: false },
      recipients: Object.fromEntries(['child', 'parents', 's34_contact', 's8_contact', 'previous_carer', 'icb_home',
        'icb_placed', 'gp', 'new_gp', 'education', 'iro'].map((k) => [k, { answer: 'told', on: iso(0) }])),
  }));
  const text = await r.text();
  assert.equal(r.status, 201, text);
  return JSON.parse(text).case_reference;
}

export async function linkFor(server, reference) {
  for (let i = 0; i < 50; i++) {
    const link = (await server.mails(1)).map((m) => linkIn(m, 'case')).find((l) => l && l.includes(reference));
    if (link) return link;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`no case link for ${reference}`);
}


/** The token in a case link's fragment, as the app sends it. */
export function tokenOf(link) {
  return new URL(link).hash.replace(/^#token=/, '');
}

/** Tells the host a placement ends, as the app would from the case link. */
export async function endByApi(server, link, { reference, endDate, next = 'placement-elsewhere' }) {
  const r = await api(server, '/api/endings', envelope({
      case_reference: reference, end_date: endDate, reason: 'planned-move', next,
      ended_by: { name: 'Alex Example', team: '', email: 'alex.example@leeds.gov.uk', phone: '0113 496 0000' },
  }), { authorization: `Bearer ${tokenOf(link)}` });
  assert.equal(r.status, 201, await r.text());
}
