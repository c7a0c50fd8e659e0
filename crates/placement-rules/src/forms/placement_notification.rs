//! The placement notification: regulation 13(4) requires the placing authority to notify the
//! area authority in writing before an out-of-area placement starts, or within 5 working days of
//! the start in an emergency, with the needs assessment, the reasons and the care plan.

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::child_identity::{self, Identity};
use super::common::{DocumentKind, DocumentRef, PlacementType, StaffContact, YesNo, has_care_plan, said_yes};
use super::consultation_request::{
    ConsultationRequest, age_rules, ehcp_needs_maintaining_authority, ofsted_urn_for_registered_types,
    start_on_or_after_birth,
};
use super::recipients::{self, Recipients};
use super::short_breaks::{self, ShortBreaks};
use super::{Checks, Form, Question, Section, in_page_order, joined, q};
use crate::calendar::Calendar;
use crate::context::Context;
use crate::date::Date;
use crate::distance::{self, Need};
use crate::finding::{Finding, Kind};
use crate::host::HostConfig;
use crate::locate::{NotLocated, Purpose, Whereabouts, locate};
use crate::text::{self, Postcode, not_blank};

/// Working days an emergency placement has for its notification: regulation 13(4)(b).
pub const EMERGENCY_NOTIFICATION_WORKING_DAYS: u32 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct PlacementNotification {
    /// The consultation's reference, where one was held.
    pub consultation_reference: String,
    pub placing_authority: String,
    /// Who sends it: the placing authority, or a provider for it (domain brief §8.10).
    #[validate(required(message = "Select who is sending this notification"))]
    pub sent_by: Option<Sender>,
    /// The case of the placement in the same host's area this one follows (a move: the old one
    /// ended), so the host sees the two linked (domain brief §8.3).
    pub follows_case: String,
    /// When a provider sends it: the placing social worker, who is asked to confirm it.
    #[validate(length(max = 254, message = "Email address must be 254 characters or fewer"))]
    pub placing_social_worker_email: String,
    #[validate(nested)]
    pub notifier: StaffContact,
    #[validate(nested)]
    pub child: ChildIdentity,
    #[validate(required(message = "Select the type of notification"))]
    pub notification_type: Option<NotificationType>,
    /// Whether these are short breaks, which may owe no notification (reg 48(3)(b)).
    #[validate(nested)]
    pub short_breaks: ShortBreaks,
    pub start_date: String,
    /// `YYYY-MM-DD`, optional: when the placement is planned to end, so an end notice that does
    /// not come can be asked for (reg 14).
    pub planned_end_date: String,
    #[validate(nested)]
    pub placement: PlacementDetails,
    #[validate(
        custom(function = "not_blank", message = "Describe the child's assessed needs"),
        length(max = 8000, message = "Needs assessment must be 8000 characters or fewer")
    )]
    pub needs_assessment: String,
    #[validate(
        custom(function = "not_blank", message = "Explain why this placement is the most suitable"),
        length(max = 8000, message = "Your answer must be 8000 characters or fewer")
    )]
    pub why_most_suitable: String,
    pub care_plan_sent_with_consultation: Option<YesNo>,
    /// The care plan is still being written: a child's first placement may start before it, and
    /// it follows within 10 working days (reg 4(2)).
    pub care_plan_to_follow: Option<YesNo>,
    /// Asked when the care plan is to follow: only a first placement may start without it.
    pub first_placement: Option<YesNo>,
    #[validate(nested, length(max = 20, message = "You can upload up to 20 documents"))]
    pub documents: Vec<DocumentRef>,
    #[validate(required(message = "Select yes if the child has an education, health and care plan (EHCP)"))]
    pub ehcp: Option<YesNo>,
    pub ehcp_authority: String,
    #[validate(nested)]
    pub iro: StaffContact,
    pub agencies_informed: AgenciesInformed,
    /// Risks that make good practice ask for more local people to be told (domain brief §8.1).
    pub risks_known: RisksKnown,
    /// Who else has been told, or why not (reg 13(2), (3)).
    #[validate(nested)]
    pub recipients: Recipients,
    #[validate(length(max = 4000, message = "Your answer must be 4000 characters or fewer"))]
    pub lateness_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct ChildIdentity {
    /// Checked by `child_identity`, as the consultation's are.
    pub case_id: String,
    pub first_name: String,
    pub surname: String,
    pub date_of_birth: String,
    /// Optional; checked when given.
    #[validate(length(max = 20, message = "NHS number must be 20 characters or fewer"))]
    pub nhs_number: String,
    /// Optional; checked when given.
    #[validate(length(max = 20, message = "UPN must be 20 characters or fewer"))]
    pub upn: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct PlacementDetails {
    #[validate(required(message = "Select the type of placement"))]
    pub placement_type: Option<PlacementType>,
    #[validate(length(max = 200, message = "Provider name must be 200 characters or fewer"))]
    pub provider_name: String,
    #[validate(length(max = 12, message = "Enter a URN like SC123456 or 1234567"))]
    pub ofsted_urn: String,
    #[validate(
        custom(function = "not_blank", message = "Enter the address of the placement"),
        length(max = 500, message = "Address must be 500 characters or fewer")
    )]
    pub address: String,
    #[validate(length(max = 10, message = "Enter a real postcode, like AA1 1AA"))]
    pub postcode: String,
}

/// Who sends a notification. The duty is the placing authority's (reg 13): a provider's notice
/// counts once the placing authority confirms it; until then the host sees it as unconfirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sender {
    PlacingAuthority,
    Provider,
}

impl Sender {
    pub const CHOICES: &'static [(&'static str, &'static str)] = &[
        ("placing-authority", "I work for the placing authority"),
        ("provider", "I work for the provider (a fostering agency or children's home)"),
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotificationType {
    /// A planned placement that has not started.
    New,
    /// A change to a placement already notified (a move, a new provider).
    Change,
    /// An emergency placement already made: regulation 13(4)(b).
    Emergency,
}

impl NotificationType {
    pub const CHOICES: &'static [(&'static str, &'static str)] = &[
        ("new", "A planned placement that has not started yet"),
        ("change", "A change to a placement already notified"),
        ("emergency", "An emergency placement that has already started"),
    ];
}

/// Local agencies the placing authority has told about the placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AgenciesInformed {
    pub police: bool,
    pub health: bool,
    pub virtual_school: bool,
    pub youth_justice: bool,
    pub mash: bool,
    pub missing_coordinator: bool,
}

impl AgenciesInformed {
    /// Each agency's field and what the person reads.
    pub const CHOICES: &'static [(&'static str, &'static str)] = &[
        ("police", "Police"),
        ("health", "Health (the integrated care board)"),
        ("virtual_school", "Virtual school"),
        ("youth_justice", "Youth justice service"),
        ("mash", "Multi-agency safeguarding hub (MASH)"),
        ("missing_coordinator", "Missing-person coordinator"),
    ];
}

/// Risks known to the placing authority that make good practice (not the regulations) ask for the
/// host's police, MASH, youth justice service or missing-person coordinator to be told (ADCS and
/// NPCC guidance; domain brief §8.1). Copied from the consultation's risks when there was one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RisksKnown {
    pub going_missing: bool,
    pub exploitation: bool,
    pub youth_justice: bool,
}

impl RisksKnown {
    pub const CHOICES: &'static [(&'static str, &'static str)] = &[
        ("going_missing", "The child may go missing"),
        ("exploitation", "Sexual or criminal exploitation"),
        ("youth_justice", "Offending, or contact with youth justice"),
    ];
}

/// Good practice for the risks known: who in the host's area should be told and is not yet.
fn good_practice_for_risks(n: &PlacementNotification, host: &str, c: &mut Checks<'_, '_>) {
    let (r, a) = (n.risks_known, n.agencies_informed);
    let mut also = Vec::new();
    if r.going_missing && !a.police {
        also.push(format!("the police in {host}"));
    }
    if r.going_missing && !a.missing_coordinator {
        also.push(format!("{host}'s missing-person coordinator"));
    }
    if r.exploitation && !a.mash {
        also.push(format!("{host}'s multi-agency safeguarding hub (MASH)"));
    }
    if r.youth_justice && !a.youth_justice {
        also.push(format!("{host}'s youth justice service"));
    }
    if let Some((last, rest)) = also.split_last() {
        let list = if rest.is_empty() { last.clone() } else { format!("{} and {last}", rest.join(", ")) };
        c.warning(
            "agencies_informed",
            Kind::Inconsistent,
            format!("For the risks you noted, good practice is to tell {list} as well"),
        );
    }
}

const ABOUT: &str = "about-the-notification";
const CHILD: &str = "child-and-placement";
/// The child's identity, as the consultation asks it too.
const IDENTITY: [Question; 6] = child_identity::questions(CHILD);
const DOCS: &str = "needs-and-documents";
const TOLD: &str = "who-else-was-told";
const RECIPIENT_QUESTIONS: [[Question; 3]; 11] = recipients::questions(TOLD);
const R: [Question; 33] = joined::<33>(&[
    &RECIPIENT_QUESTIONS[0],
    &RECIPIENT_QUESTIONS[1],
    &RECIPIENT_QUESTIONS[2],
    &RECIPIENT_QUESTIONS[3],
    &RECIPIENT_QUESTIONS[4],
    &RECIPIENT_QUESTIONS[5],
    &RECIPIENT_QUESTIONS[6],
    &RECIPIENT_QUESTIONS[7],
    &RECIPIENT_QUESTIONS[8],
    &RECIPIENT_QUESTIONS[9],
    &RECIPIENT_QUESTIONS[10],
]);

impl Form for PlacementNotification {
    const KIND: &'static str = "placement-notification";
    const TITLE: &'static str = "Placement notification";
    const SECTIONS: &'static [Section] = &[
        Section { id: ABOUT, title: "About the notification", title_for_others: None },
        Section { id: CHILD, title: "The child and the placement", title_for_others: None },
        Section { id: DOCS, title: "Needs, documents and agencies", title_for_others: None },
        Section {
            id: TOLD,
            title: "Who else you have told",
            title_for_others: Some("Who else the placing authority has told"),
        },
    ];
    const QUESTIONS: &'static [Question] =
        &joined::<{ NOTIFICATION_QUESTIONS.len() + 33 }>(&[NOTIFICATION_QUESTIONS, &R]);

    fn check(&self, ctx: &Context<'_>) -> Vec<Finding> {
        self.check_notification(ctx)
    }
}

const NOTIFICATION_QUESTIONS: &[Question] = &[
    q("consultation_reference", ABOUT, "Consultation reference"),
    q("placing_authority", ABOUT, "Placing authority"),
    q("follows_case", ABOUT, "Follows the placement"),
    q("sent_by", ABOUT, "Sent by"),
    q("placing_social_worker_email", ABOUT, "Placing social worker's email address"),
    q("notifier.name", ABOUT, "Your name").others("Social worker's name"),
    q("notifier.team", ABOUT, "Your team").others("Social worker's team"),
    q("notifier.email", ABOUT, "Your email address").others("Social worker's email address"),
    q("notifier.phone", ABOUT, "Your telephone number").others("Social worker's telephone number"),
    q("notification_type", ABOUT, "Type of notification"),
    q("short_breaks.short_breaks", ABOUT, "Short breaks"),
    q("short_breaks.longest_stay_days", ABOUT, "Longest single stay, in days"),
    q("short_breaks.days_in_12_months", ABOUT, "Days of short breaks in any 12 months"),
    q("short_breaks.same_carer", ABOUT, "Every stay with the same carer"),
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    IDENTITY[4],
    IDENTITY[5],
    q("start_date", CHILD, "Start date"),
    q("lateness_reason", CHILD, "Why notification was not practicable sooner"),
    q("planned_end_date", CHILD, "Planned end date"),
    q("placement.placement_type", CHILD, "Type of placement"),
    q("placement.provider_name", CHILD, "Provider or carer"),
    q("placement.ofsted_urn", CHILD, "Ofsted URN"),
    q("placement.address", CHILD, "Address"),
    q("placement.postcode", CHILD, "Postcode"),
    q("needs_assessment", DOCS, "Needs assessment"),
    q("why_most_suitable", DOCS, "Why this placement is the most suitable"),
    q("care_plan_sent_with_consultation", DOCS, "Care plan sent with the consultation"),
    q("care_plan_to_follow", DOCS, "Care plan to follow"),
    q("first_placement", DOCS, "The child's first placement"),
    q("documents", DOCS, "Documents"),
    q("ehcp", DOCS, "Education, health and care plan"),
    q("ehcp_authority", DOCS, "Authority maintaining the EHCP"),
    q("iro.name", DOCS, "Independent reviewing officer"),
    q("iro.team", DOCS, "Independent reviewing officer's team"),
    q("iro.email", DOCS, "Independent reviewing officer's email"),
    q("iro.phone", DOCS, "Independent reviewing officer's telephone"),
    q("risks_known", DOCS, "Risks known"),
    q("agencies_informed", DOCS, "Local agencies told"),
];

impl PlacementNotification {
    fn check_notification(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let mut c = Checks::new(ctx);
        c.validated("", self.validate());
        // Where the placement is decides several rules: found once, for all of them.
        let place = locate(&self.placement.postcode, ctx);
        let host = place.as_ref().ok().and_then(|w| w.host);
        let host_name = host.map_or_else(|| ctx.host_name().to_owned(), |h| h.short_name.clone());
        let has_reference = text::is_filled(&self.consultation_reference);
        c.reference("consultation_reference", &self.consultation_reference, "consultation reference", false);
        c.reference("follows_case", &self.follows_case, "case reference", false);
        let placing = c.authority("placing_authority", &self.placing_authority, "Select your authority");
        c.placing_authority(placing);
        let by_provider = self.sent_by == Some(Sender::Provider);
        // A provider writes from its own domain; the placing social worker who confirms does not.
        c.sender("notifier", &self.notifier, !by_provider);
        if by_provider {
            provider_may_send(self, host, &mut c);
        }
        let identity = Identity {
            case_id: &self.child.case_id,
            first_name: &self.child.first_name,
            surname: &self.child.surname,
            date_of_birth: &self.child.date_of_birth,
            nhs_number: &self.child.nhs_number,
            upn: &self.child.upn,
        };
        let dob = child_identity::check(&identity, &mut c);
        let start =
            c.required_date("start_date", &self.start_date, "Start date", "Enter the date the placement starts");
        start_on_or_after_birth(dob, start, "start_date", &mut c);
        notified_in_time(self, start, &host_name, &mut c);
        if text::is_filled(&self.planned_end_date) {
            let end = c.required_date("planned_end_date", &self.planned_end_date, "Planned end date", "");
            if let (Some(end), Some(start)) = (end, start)
                && end < start
            {
                c.error("planned_end_date", Kind::TooEarly, "The planned end date must be on or after the start date");
            }
        }
        let p = &self.placement;
        if p.placement_type.is_some_and(|t| t != PlacementType::PlacedWithParent) {
            c.required_text("placement.provider_name", &p.provider_name, "Enter the name of the provider or carer");
        }
        ofsted_urn_for_registered_types(p.placement_type, &p.ofsted_urn, "placement.ofsted_urn", &mut c);
        age_rules(dob, start, p.placement_type, "child.date_of_birth", "placement.placement_type", &mut c);
        if let Some(placing) = placing {
            distant_placement_was_consulted(self, placing, has_reference, place, &mut c);
        } else {
            postcode_shape(&p.postcode, &mut c);
        }
        care_plan_included_unless_sent(self, has_reference, &mut c);
        ehcp_needs_maintaining_authority(self.ehcp, &self.ehcp_authority, "ehcp_authority", &mut c);
        c.required_text("iro.name", &self.iro.name, "Enter the name of the child's independent reviewing officer");
        if text::is_filled(&self.iro.email) {
            c.email("iro.email", &self.iro.email, "", true);
        }
        recipients::check(&self.recipients, &mut c);
        short_breaks::check(&self.short_breaks, &host_name, &mut c);
        good_practice_for_risks(self, &host_name, &mut c);
        in_page_order(Self::QUESTIONS, c.out)
    }
}

fn postcode_shape(postcode: &str, c: &mut Checks<'_, '_>) -> Option<Postcode> {
    if !c.required_text("placement.postcode", postcode, "Enter the postcode of the placement") {
        return None;
    }
    let pc = Postcode::parse(postcode);
    if pc.is_none() {
        c.error("placement.postcode", Kind::Format, "Enter a real postcode, like AA1 1AA");
    }
    pc
}

/// Rule 7, regulation 13(4): a planned placement is notified before it starts; an emergency one
/// within 5 working days of the start, or with the reason it was not reasonably practicable.
fn notified_in_time(n: &PlacementNotification, start: Option<Date>, host: &str, c: &mut Checks<'_, '_>) {
    let (Some(kind), Some(start)) = (n.notification_type, start) else { return };
    match kind {
        NotificationType::New | NotificationType::Change => {
            if start <= c.ctx.today {
                c.error(
                    "start_date",
                    Kind::Timing,
                    format!("You must notify {host} before the placement starts. If the child has already moved in an emergency, select 'emergency placement already made'"),
                );
            }
        }
        NotificationType::Emergency => {
            if start > c.ctx.today {
                c.error(
                    "start_date",
                    Kind::InFuture,
                    "An emergency placement already made must have a start date of today or in the past",
                );
                return;
            }
            let deadline = emergency_deadline(start, c.ctx.calendar);
            if c.ctx.today > deadline {
                c.warning(
                    "start_date",
                    Kind::Timing,
                    format!("This notification is late: it was due within {EMERGENCY_NOTIFICATION_WORKING_DAYS} working days of the start, by {} (regulation 13(4))", deadline.long()),
                );
                c.required_text(
                    "lateness_reason",
                    &n.lateness_reason,
                    &format!("Explain why it was not reasonably practicable to notify {host} within {EMERGENCY_NOTIFICATION_WORKING_DAYS} working days"),
                );
            }
        }
    }
}

/// The last day an emergency placement starting on `start` can be notified in time.
pub fn emergency_deadline(start: Date, calendar: &Calendar) -> Date {
    calendar.add_working_days(start, EMERGENCY_NOTIFICATION_WORKING_DAYS)
}

/// What the user is told about timing before it bites.
pub fn timing_advice(kind: NotificationType, start: Date, today: Date, calendar: &Calendar, host: &str) -> String {
    match kind {
        NotificationType::New | NotificationType::Change => {
            if start > today {
                format!("Send this notification before the placement starts on {}.", start.long())
            } else {
                format!("The start date has passed. You must notify {host} before a planned placement starts.")
            }
        }
        NotificationType::Emergency => {
            let deadline = emergency_deadline(start, calendar);
            format!(
                "For an emergency placement, notify {host} within 5 working days of the start: by {}.",
                deadline.long()
            )
        }
    }
}

/// Rules 1 and 4 on the notification: the placement is in the host's area, and a distant one (not
/// exempt under regulation 11(3)) was consulted on first; in an emergency the consultation may
/// follow (regulation 11(4)), so that is a warning.
fn distant_placement_was_consulted(
    n: &PlacementNotification,
    placing: &crate::register::Authority,
    has_reference: bool,
    place: Result<Whereabouts<'_>, NotLocated>,
    c: &mut Checks<'_, '_>,
) {
    let place = match place {
        Ok(w) => w,
        Err(why) => return c.push(why.finding("placement.postcode", &c.ctx.served(), Purpose::Notify)),
    };
    if let Some(elsewhere) = place.outside_host("placement.postcode", Purpose::Notify, c.ctx.register) {
        return c.push(Some(elsewhere));
    }
    let host_name = place.host.map_or_else(|| c.ctx.host_name().to_owned(), |h| h.short_name.clone());
    let host = place.authority;
    let d = distance::determine_distance(placing, host, c.ctx.adjacency);
    if d == distance::Distance::NotOutOfArea {
        c.error(
            "placement.postcode",
            Kind::NotOutOfArea,
            format!("This placement is in {}, your own authority's area. You do not need to notify it", host.name),
        );
        return;
    }
    let needs = distance::requirements(d, n.placement.placement_type);
    if needs.consultation == Need::Required && !has_reference {
        let message = format!(
            "A distant placement needs a consultation with {host_name} before it is approved. Enter the consultation reference"
        );
        if n.notification_type == Some(NotificationType::Emergency) {
            c.warning(
                "consultation_reference",
                Kind::Required,
                format!(
                    "{message}, or consult {host_name} now: in an emergency the consultation may follow the placement"
                ),
            );
        } else {
            c.error("consultation_reference", Kind::Required, message);
        }
    }
}

/// Regulation 13(4)(b): the care plan goes with the notification unless it went with the
/// consultation.
/// Domain brief §8.10: a provider may send the notice for the placing authority where the host
/// takes such notices; it stands alone (the consultation was the placing authority's), and names
/// the placing social worker who will confirm it.
fn provider_may_send(n: &PlacementNotification, host: Option<&HostConfig>, c: &mut Checks<'_, '_>) {
    c.email(
        "placing_social_worker_email",
        &n.placing_social_worker_email,
        "Enter the email address of the child's social worker at the placing authority",
        true,
    );
    if text::is_filled(&n.consultation_reference) {
        c.error(
            "consultation_reference",
            Kind::NotAllowed,
            "Leave the consultation reference empty: the placing authority links your notification to its consultation when it confirms it",
        );
    }
    if let Some(host) = host
        && !host.accepts_provider_notices
    {
        c.error(
            "sent_by",
            Kind::NotAllowed,
            format!(
                "{} takes notifications from the placing authority only. Ask the child's social worker to send it",
                host.short_name
            ),
        );
    }
}

/// Working days after a first placement starts within which its care plan must be prepared
/// (reg 4(2)).
pub const CARE_PLAN_FOLLOWS_WORKING_DAYS: u32 = 10;

/// The day a care plan that follows is due: 10 working days from the start (reg 4(2)).
pub fn care_plan_due(start: Date, calendar: &Calendar) -> Date {
    calendar.add_working_days(start, CARE_PLAN_FOLLOWS_WORKING_DAYS)
}

/// Reg 4(2) (domain brief §8.5): the care plan may follow a child's first placement, within 10
/// working days of its start; any other placement has one already, so it is attached. A planned
/// distant placement sent its care plan with the consultation (reg 11(2)(d)(ii)), checked there.
fn care_plan_may_follow(n: &PlacementNotification, c: &mut Checks<'_, '_>) {
    c.required("first_placement", &n.first_placement, "Select yes if this is the child's first placement");
    if n.first_placement == Some(YesNo::No) {
        c.error_because(
            "documents",
            &["first_placement"],
            Kind::Required,
            format!(
                "Only a child's first placement may start before the care plan is written (regulation 4(2)). Upload the care plan as \"{}\"",
                DocumentKind::CarePlan.label()
            ),
        );
    }
}

fn care_plan_included_unless_sent(n: &PlacementNotification, has_reference: bool, c: &mut Checks<'_, '_>) {
    let sent_before = has_reference && said_yes(n.care_plan_sent_with_consultation);
    if has_reference {
        c.required(
            "care_plan_sent_with_consultation",
            &n.care_plan_sent_with_consultation,
            "Select yes if the care plan was sent with the consultation",
        );
    }
    if said_yes(n.care_plan_to_follow) {
        care_plan_may_follow(n, c);
        return;
    }
    if !sent_before && !has_care_plan(&n.documents) {
        let message = format!(
            "Upload a copy of the child's care plan as \"{}\" (regulation 13(4)(b))",
            DocumentKind::CarePlan.label()
        );
        if has_reference {
            c.error_because("documents", &["care_plan_sent_with_consultation"], Kind::Required, message);
        } else {
            c.error("documents", Kind::Required, message);
        }
    }
}

fn present(risk: &super::consultation_request::Risk) -> bool {
    risk.level == Some(super::consultation_request::RiskLevel::RiskPresent)
}

impl PlacementNotification {
    /// A notification pre-filled from the consultation it follows. Whether the placement is
    /// planned or an emergency, and the day it starts, are left for the social worker to say: what
    /// was proposed at consultation is not evidence of what happened (reg 13(4) sets different
    /// deadlines for each).
    pub fn from_consultation(req: &ConsultationRequest, reference: &str) -> Self {
        Self {
            consultation_reference: reference.to_owned(),
            placing_authority: req.placing_authority.clone(),
            follows_case: String::new(),
            sent_by: Some(Sender::PlacingAuthority),
            placing_social_worker_email: String::new(),
            notifier: req.social_worker.clone(),
            child: ChildIdentity {
                case_id: req.child.case_id.clone(),
                first_name: req.child.first_name.clone(),
                surname: req.child.surname.clone(),
                date_of_birth: req.child.date_of_birth.clone(),
                nhs_number: req.child.nhs_number.clone(),
                upn: req.child.upn.clone(),
            },
            notification_type: None,
            short_breaks: ShortBreaks::default(),
            start_date: String::new(),
            planned_end_date: String::new(),
            placement: PlacementDetails {
                placement_type: req.placement.placement_type,
                provider_name: req.placement.provider_name.clone(),
                ofsted_urn: req.placement.ofsted_urn.clone(),
                address: req.placement.address.clone(),
                postcode: req.placement.postcode.clone(),
            },
            needs_assessment: req.reasons.needs_assessment.clone(),
            why_most_suitable: req.reasons.why_most_suitable.clone(),
            care_plan_sent_with_consultation: has_care_plan(&req.documents).then_some(YesNo::Yes),
            care_plan_to_follow: None,
            first_placement: None,
            documents: Vec::new(),
            ehcp: req.education.ehcp,
            ehcp_authority: req.education.ehcp_authority.clone(),
            iro: StaffContact::default(),
            agencies_informed: AgenciesInformed::default(),
            risks_known: RisksKnown {
                going_missing: present(&req.risks.going_missing),
                exploitation: present(&req.risks.sexual_exploitation) || present(&req.risks.criminal_exploitation),
                youth_justice: present(&req.risks.offending),
            },
            recipients: Recipients::default(),
            lateness_reason: String::new(),
        }
    }

    /// Fields that differ from the consultation, so the host sees what changed since it was
    /// consulted. Postcodes compare normalised; free text compares trimmed.
    pub fn changes_from(&self, req: &ConsultationRequest) -> Vec<&'static str> {
        let same_text = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let same_postcode = |a: &str, b: &str| match (Postcode::parse(a), Postcode::parse(b)) {
            (Some(a), Some(b)) => a == b,
            _ => same_text(a, b),
        };
        let mut changed = Vec::new();
        let p = &self.placement;
        let r = &req.placement;
        if p.placement_type != r.placement_type {
            changed.push("placement.placement_type");
        }
        if !same_text(&p.provider_name, &r.provider_name) {
            changed.push("placement.provider_name");
        }
        if !same_text(&p.ofsted_urn, &r.ofsted_urn) {
            changed.push("placement.ofsted_urn");
        }
        if !same_text(&p.address, &r.address) {
            changed.push("placement.address");
        }
        if !same_postcode(&p.postcode, &r.postcode) {
            changed.push("placement.postcode");
        }
        // A start date not yet given is unanswered, not changed.
        let start = crate::date::parse_answer(&self.start_date, "", "").ok().flatten();
        if start.is_some() && start != crate::date::parse_answer(&r.start_date, "", "").ok().flatten() {
            changed.push("start_date");
        }
        changed
    }
}
