//! Who hears about each event, and what the email says. An email carries the case reference, the
//! kind of event, the division and a link: never the child's name, date of birth or address.
//! Anyone forwarding or misdirecting one learns nothing about the child.

use std::sync::Arc;

use time::Duration;

use contract::paths::pages;
use placement_rules::CaseStatus;

use crate::clock;
use crate::config::Host;
use crate::templates::{Overdue, Rendered, Templates, Words};
use crate::tokens::{Keys, Scope};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The link to act on the case that this email carries, recorded with it so Front Door can
    /// withdraw it or send its holder a new one.
    pub link: Option<IssuedLink>,
}

/// A link to one case, issued to the email's recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedLink {
    pub id: String,
    pub scope: Scope,
    pub expires: time::OffsetDateTime,
}

/// Which emails a submission causes; rendered once its reference is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailPlan {
    /// Front Door, the division's service manager (with the consultation link), and an
    /// acknowledgement to the placing social worker (with their own link).
    NewConsultation { division: Option<String>, social_worker: String },
    /// Management Information and the placing social worker.
    Outcome {
        division: Option<String>,
        decision: CaseStatus,
        reason: Option<&'static str>,
        social_worker: Option<String>,
    },
    /// Front Door and the division where the placement is; and the division it moved from, if it moved.
    /// A notification that opens its own case (no consultation) is acknowledged to its sender with
    /// their link: the one way back to the case to notify a change or to say it has ended (reg 14).
    Notification {
        division: Option<String>,
        emergency: bool,
        changed: bool,
        moved_from: Option<String>,
        acknowledge: Option<String>,
        /// A provider sent it: the placing authority (its name) has yet to confirm it.
        awaiting_confirmation_by: Option<String>,
    },
    /// Front Door and the division: the placing authority confirmed a provider's notification.
    Confirmation { division: Option<String>, placing: String },
    /// Front Door and the division: documents after the notification, perhaps the care plan.
    Documents { division: Option<String>, care_plan: bool },
    /// The placing social worker (with their link): the care plan that was to follow is due today
    /// (`late` false), or overdue (`late` true, and Front Door hears too). `due` is in words.
    CarePlanReminder { division: Option<String>, social_worker: String, due: String, late: bool },
    /// The placing social worker (with their link): the placement was planned to end on `planned`
    /// (in words), more than 10 working days ago, and no end notice has come (reg 14).
    EndNoticeReminder { division: Option<String>, social_worker: String, planned: String },
    /// The division's service manager (with their link): the host's reply is due in two working
    /// days (`late` false) or overdue (`late` true, and Front Door hears too). `due` is in words.
    OutcomeReminder { division: Option<String>, due: String, late: bool },
    /// Front Door and the division.
    Withdrawal { division: Option<String> },
    /// Front Door and the division: the child no longer lives in the placement (reg 14).
    Ending { division: Option<String>, told_late: bool },
}

/// What rendering needs: where links point, the key that signs them, each host's mailboxes, and
/// the emails' wording.
#[derive(Debug, Clone)]
pub struct Routing {
    pub public_url: String,
    pub keys: Keys,
    pub hosts: Vec<Host>,
    pub templates: Arc<Templates>,
}

/// A case link's address, with the record of its issue.
pub struct CaseLink {
    pub url: String,
    pub issued: IssuedLink,
}

impl std::fmt::Debug for CaseLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the address: it holds the token.
        f.debug_struct("CaseLink").field("issued", &self.issued).finish_non_exhaustive()
    }
}

impl Routing {
    /// A new link for `scope` on one of `host`'s cases, valid for the host's `link_valid_days`.
    pub fn case_link(&self, host: &Host, scope: Scope, case_reference: &str) -> CaseLink {
        let expires = clock::now() + Duration::days(i64::from(host.link_valid_days));
        // Randomness failing is the machine failing: nothing sensible can be sent without it.
        let (token, id) = self.keys.issue_link(scope, case_reference, expires).expect("the system's random numbers");
        let page = match scope {
            Scope::ServiceManager => pages::service_manager(case_reference),
            _ => pages::placing(case_reference),
        };
        let url = format!("{}{page}#token={token}", self.public_url.trim_end_matches('/'));
        CaseLink { url, issued: IssuedLink { id, scope, expires } }
    }

    /// A new link for the holder of one Front Door is replacing: the same purpose, to the same
    /// address. `None` for a host not configured.
    pub fn new_link(
        &self,
        host: &str,
        scope: Scope,
        case_reference: &str,
        to: &str,
        division: Option<&String>,
    ) -> Option<Email> {
        let host = self.hosts.iter().find(|h| h.authority == host)?;
        let for_host = ForHost { routing: self, host };
        let division = for_host.division_name(division);
        let link = for_host.case_link(scope, case_reference);
        Some(for_host.email_with(to, "new_link.txt", |l| for_host.words(case_reference, "", &division, l), link))
    }

    /// Front Door's daily list of consultations whose reply is overdue: `(reference, due in words)`
    /// each, with the staff link; references and dates only. `None` for a host not configured.
    pub fn front_door_digest(&self, host: &str, overdue: &[(String, String)]) -> Option<Email> {
        let host = self.hosts.iter().find(|h| h.authority == host)?;
        let for_host = ForHost { routing: self, host };
        let words = Words {
            overdue: overdue
                .iter()
                .map(|(reference, due)| Overdue {
                    reference: reference.clone(),
                    due: due.clone(),
                    link: for_host.link(&pages::staff(reference)),
                })
                .collect(),
            ..for_host.words("", "", "", "")
        };
        Some(for_host.email(&host.front_door, "overdue_digest.txt", words))
    }

    /// The emails for a plan in a case of `host`, once the submission's reference and its case's
    /// are known. A host no longer configured gets none (the case stays, and staff see it).
    pub fn render(&self, host: &str, plan: &EmailPlan, reference: &str, case_reference: &str) -> Vec<Email> {
        match self.hosts.iter().find(|h| h.authority == host) {
            Some(host) => ForHost { routing: self, host }.render(plan, reference, case_reference),
            None => Vec::new(),
        }
    }
}

impl Routing {
    /// Every email the service sends, for a made-up case of `host`: what `relay preview-email`
    /// shows, so a council sees its edited wording in place. Each is named by the event it is for.
    pub fn preview(&self, host: &str) -> Vec<(&'static str, Email)> {
        let Some(h) = self.hosts.iter().find(|h| h.authority == host) else { return Vec::new() };
        let division = h.divisions.first().map(|d| d.id.clone());
        let moved_from = h.divisions.get(1).map(|d| d.id.clone());
        let social_worker = "alex.example@leeds.gov.uk".to_owned();
        let due = "30 November 2026".to_owned();
        let plans = [
            (
                "a consultation request",
                EmailPlan::NewConsultation { division: division.clone(), social_worker: social_worker.clone() },
            ),
            (
                "the host's outcome: challenged",
                EmailPlan::Outcome {
                    division: division.clone(),
                    decision: CaseStatus::Challenged,
                    reason: Some("Resources not available"),
                    social_worker: Some(social_worker.clone()),
                },
            ),
            (
                "a placement notification, the placement moved",
                EmailPlan::Notification {
                    division: division.clone(),
                    emergency: false,
                    changed: true,
                    moved_from,
                    acknowledge: Some(social_worker.clone()),
                    awaiting_confirmation_by: None,
                },
            ),
            (
                "a provider's emergency notification",
                EmailPlan::Notification {
                    division: division.clone(),
                    emergency: true,
                    changed: false,
                    moved_from: None,
                    acknowledge: Some(social_worker.clone()),
                    awaiting_confirmation_by: Some("Leeds City Council".into()),
                },
            ),
            (
                "a provider's notification confirmed",
                EmailPlan::Confirmation { division: division.clone(), placing: "Leeds City Council".into() },
            ),
            ("the care plan sent", EmailPlan::Documents { division: division.clone(), care_plan: true }),
            (
                "the care plan overdue",
                EmailPlan::CarePlanReminder {
                    division: division.clone(),
                    social_worker: social_worker.clone(),
                    due: due.clone(),
                    late: true,
                },
            ),
            (
                "the end notice chased",
                EmailPlan::EndNoticeReminder { division: division.clone(), social_worker, planned: due.clone() },
            ),
            (
                "the host's reply due soon",
                EmailPlan::OutcomeReminder { division: division.clone(), due: due.clone(), late: false },
            ),
            (
                "the host's reply overdue",
                EmailPlan::OutcomeReminder { division: division.clone(), due: due.clone(), late: true },
            ),
            ("a consultation withdrawn", EmailPlan::Withdrawal { division: division.clone() }),
            ("the placement ended, told late", EmailPlan::Ending { division, told_late: true }),
        ];
        let mut out: Vec<(&'static str, Email)> = plans
            .iter()
            .flat_map(|(event, plan)| {
                self.render(host, plan, "OLA-RCPT-0001", "OLA-CASE-0001").into_iter().map(move |e| (*event, e))
            })
            .collect();
        let first = h.divisions.first().map(|d| d.id.clone());
        let manager = h.service_manager_for(first.as_deref()).unwrap_or(&h.front_door);
        if let Some(email) = self.new_link(host, Scope::ServiceManager, "OLA-CASE-0001", manager, first.as_ref()) {
            out.push(("a new link, sent by Front Door", email));
        }
        if let Some(digest) =
            self.front_door_digest(host, &[("OLA-CASE-0001".into(), due.clone()), ("OLA-CASE-0002".into(), due)])
        {
            out.push(("Front Door's daily list of overdue replies", digest));
        }
        out
    }
}

/// One host's mailboxes and words, for one plan.
struct ForHost<'a> {
    routing: &'a Routing,
    host: &'a Host,
}

impl ForHost<'_> {
    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.routing.public_url.trim_end_matches('/'))
    }

    /// A link that lets its holder act on one case: the token travels in the URL's fragment, which
    /// browsers never send to a server, so it stays out of access logs and Referer headers.
    fn case_link(&self, scope: Scope, case_reference: &str) -> CaseLink {
        self.routing.case_link(self.host, scope, case_reference)
    }

    fn division_name(&self, id: Option<&String>) -> String {
        if self.host.divisions.is_empty() {
            return self.host.short_name.clone();
        }
        self.host.division_name(id.map(String::as_str), "not yet known")
    }

    /// The words every email of this host about this case has.
    fn words(&self, case_reference: &str, receipt: &str, division: &str, link: &str) -> Words {
        Words {
            host_name: self.host.name.clone(),
            host_short: self.host.short_name.clone(),
            front_door: self.host.front_door.clone(),
            case_reference: case_reference.to_owned(),
            receipt: receipt.to_owned(),
            division: division.to_owned(),
            link: link.to_owned(),
            ..Words::default()
        }
    }

    fn email(&self, to: &str, template: &str, words: Words) -> Email {
        let Rendered { subject, body } = self.routing.templates.render(template, &words);
        Email { to: to.to_owned(), subject, body, link: None }
    }

    /// An email carrying `link`, recorded with it.
    fn email_with(&self, to: &str, template: &str, words: impl FnOnce(&str) -> Words, link: CaseLink) -> Email {
        Email { link: Some(link.issued), ..self.email(to, template, words(&link.url)) }
    }

    fn render(&self, plan: &EmailPlan, reference: &str, case_reference: &str) -> Vec<Email> {
        let staff_link = self.link(&pages::staff(case_reference));
        // Words for an email with this link, about the plan's division.
        let words = |division: Option<&String>, link: &str| {
            self.words(case_reference, reference, &self.division_name(division), link)
        };
        let manager_link = || self.case_link(Scope::ServiceManager, case_reference);
        let placing_link = || self.case_link(Scope::Placing, case_reference);
        match plan {
            EmailPlan::NewConsultation { division, social_worker } => {
                let d = division.as_ref();
                let mut out =
                    vec![self.email(&self.host.front_door, "new_consultation_front_door.txt", words(d, &staff_link))];
                if let Some(manager) = self.host.service_manager_for(division.as_deref()) {
                    out.push(self.email_with(
                        manager,
                        "new_consultation_service_manager.txt",
                        |l| words(d, l),
                        manager_link(),
                    ));
                }
                out.push(self.email_with(
                    social_worker,
                    "new_consultation_received.txt",
                    |l| words(d, l),
                    placing_link(),
                ));
                out
            }
            EmailPlan::Outcome { division, decision, reason, social_worker } => {
                let decided = |link: &str| Words {
                    decision: Some(if *decision == CaseStatus::Challenged { "challenged" } else { "agreed" }.into()),
                    reason: reason.filter(|_| *decision == CaseStatus::Challenged).map(str::to_owned),
                    ..words(division.as_ref(), link)
                };
                let mut out = vec![self.email(
                    &self.host.management_information,
                    "outcome_management_information.txt",
                    decided(&staff_link),
                )];
                if let Some(sw) = social_worker {
                    out.push(self.email_with(sw, "outcome_social_worker.txt", decided, placing_link()));
                }
                out
            }
            EmailPlan::Notification {
                division,
                emergency,
                changed,
                moved_from,
                acknowledge,
                awaiting_confirmation_by,
            } => {
                let notified = |d: Option<&String>, link: &str| Words {
                    emergency: *emergency,
                    changed: *changed,
                    awaiting_confirmation_by: awaiting_confirmation_by.clone(),
                    ..words(d, link)
                };
                let mut out = self.to_front_door_and_division(
                    division.as_ref(),
                    "notification.txt",
                    |link| notified(division.as_ref(), link),
                    &staff_link,
                );
                if let Some(d) = moved_from.as_ref().and_then(|id| self.host.division(id)) {
                    let moved = |link: &str| Words {
                        now_with: Some(self.division_name(division.as_ref())),
                        division: d.name.clone(),
                        ..notified(None, link)
                    };
                    out.push(self.email_with(&d.service_manager, "notification_moved_away.txt", moved, manager_link()));
                }
                if let Some(sender) = acknowledge {
                    let template = match awaiting_confirmation_by {
                        Some(_) => "provider_notification_to_confirm.txt",
                        None => "notification_received.txt",
                    };
                    out.push(self.email_with(sender, template, |l| notified(division.as_ref(), l), placing_link()));
                }
                out
            }
            EmailPlan::Documents { division, care_plan } => self.to_front_door_and_division(
                division.as_ref(),
                "documents.txt",
                |link| Words { care_plan: *care_plan, ..words(division.as_ref(), link) },
                &staff_link,
            ),
            EmailPlan::CarePlanReminder { division, social_worker, due, late } => {
                let reminded =
                    |link: &str| Words { due: Some(due.clone()), late: *late, ..words(division.as_ref(), link) };
                let mut out = vec![self.email_with(social_worker, "care_plan_reminder.txt", reminded, placing_link())];
                if *late {
                    out.push(self.email(
                        &self.host.front_door,
                        "care_plan_overdue_front_door.txt",
                        reminded(&staff_link),
                    ));
                }
                out
            }
            EmailPlan::EndNoticeReminder { division, social_worker, planned } => {
                let asked = |link: &str| Words { planned: Some(planned.clone()), ..words(division.as_ref(), link) };
                vec![self.email_with(social_worker, "end_notice_reminder.txt", asked, placing_link())]
            }
            EmailPlan::OutcomeReminder { division, due, late } => {
                let reminded =
                    |link: &str| Words { due: Some(due.clone()), late: *late, ..words(division.as_ref(), link) };
                let mut out = Vec::new();
                if let Some(manager) = self.host.service_manager_for(division.as_deref()) {
                    out.push(self.email_with(
                        manager,
                        "outcome_reminder_service_manager.txt",
                        reminded,
                        manager_link(),
                    ));
                }
                if *late {
                    out.push(self.email(
                        &self.host.front_door,
                        "outcome_reminder_front_door.txt",
                        reminded(&staff_link),
                    ));
                }
                out
            }
            EmailPlan::Confirmation { division, placing } => self.to_front_door_and_division(
                division.as_ref(),
                "confirmation.txt",
                |link| Words { placing: Some(placing.clone()), ..words(division.as_ref(), link) },
                &staff_link,
            ),
            EmailPlan::Ending { division, told_late } => self.to_front_door_and_division(
                division.as_ref(),
                "ending.txt",
                |link| Words { told_late: *told_late, ..words(division.as_ref(), link) },
                &staff_link,
            ),
            EmailPlan::Withdrawal { division } => self.to_front_door_and_division(
                division.as_ref(),
                "withdrawal.txt",
                |link| words(division.as_ref(), link),
                &staff_link,
            ),
        }
    }

    /// Front Door (with the staff link) and the division's service manager (with their own link),
    /// each the same email.
    fn to_front_door_and_division(
        &self,
        division: Option<&String>,
        template: &str,
        words: impl Fn(&str) -> Words,
        staff_link: &str,
    ) -> Vec<Email> {
        let to_front_door = words(staff_link);
        let case_reference = to_front_door.case_reference.clone();
        let mut out = vec![self.email(&self.host.front_door, template, to_front_door)];
        if let Some(manager) = self.host.service_manager_for(division.map(String::as_str)) {
            out.push(self.email_with(
                manager,
                template,
                &words,
                self.case_link(Scope::ServiceManager, &case_reference),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    const KENT: &str = "E10000016";
    const MEDWAY: &str = "E06000035";

    fn routing() -> Routing {
        Routing {
            public_url: "https://ola.example.gov.uk/".into(),
            keys: Keys::new(vec![1; 32]).unwrap(),
            hosts: Config::sample().hosts,
            templates: Arc::new(Templates::built_in()),
        }
    }

    #[test]
    fn each_host_hears_of_its_own_cases_and_a_host_with_one_team_has_one_service_manager() {
        let plan = EmailPlan::NewConsultation { division: None, social_worker: "alex.example@leeds.gov.uk".into() };
        let emails = routing().render(MEDWAY, &plan, "OLA-AAAA-BBBB", "OLA-AAAA-BBBB");
        let to: Vec<&str> = emails.iter().map(|e| e.to.as_str()).collect();
        assert_eq!(
            to,
            ["frontdoor@medway.invalid", "childrens.placements.sm@medway.invalid", "alex.example@leeds.gov.uk"]
        );
        assert!(
            emails[0].subject.starts_with("Medway OLA OLA-AAAA-BBBB: new consultation request (Medway)"),
            "{}",
            emails[0].subject
        );
        assert!(emails[2].body.contains("Medway Council has received your consultation request"));
        assert!(routing().render("E10000012", &plan, "R", "C").is_empty(), "a host not served gets nothing");
    }

    #[test]
    fn a_new_consultation_goes_to_front_door_the_division_and_back_to_the_social_worker() {
        let plan = EmailPlan::NewConsultation {
            division: Some("south-east".into()),
            social_worker: "alex.example@leeds.gov.uk".into(),
        };
        let emails = routing().render(KENT, &plan, "OLA-AAAA-BBBB", "OLA-AAAA-BBBB");
        let to: Vec<&str> = emails.iter().map(|e| e.to.as_str()).collect();
        assert_eq!(to, ["frontdoor@kent.invalid", "ola.southeast.sm@kent.invalid", "alex.example@leeds.gov.uk"]);
        assert!(emails[1].body.contains("https://ola.example.gov.uk/outcome/OLA-AAAA-BBBB#token="));
        assert!(emails[2].body.contains("https://ola.example.gov.uk/case/OLA-AAAA-BBBB#token="));
        assert!(emails[0].subject.contains("(South/East)"));
        // The service manager's token is for that case and that purpose only.
        let token = emails[1].body.split("#token=").nth(1).unwrap().lines().next().unwrap();
        let grant = routing().keys.verify(token, clock::now()).unwrap();
        assert_eq!((grant.scope, grant.subject.as_str()), (Scope::ServiceManager, "OLA-AAAA-BBBB"));
    }

    #[test]
    fn an_outcome_goes_to_management_information_and_the_social_worker() {
        let plan = EmailPlan::Outcome {
            division: Some("north-west".into()),
            decision: CaseStatus::Challenged,
            reason: Some("Risk of exploitation in the local area"),
            social_worker: Some("alex.example@leeds.gov.uk".into()),
        };
        let emails = routing().render(KENT, &plan, "OLA-CCCC-DDDD", "OLA-AAAA-BBBB");
        let to: Vec<&str> = emails.iter().map(|e| e.to.as_str()).collect();
        assert_eq!(to, ["ola.mi@kent.invalid", "alex.example@leeds.gov.uk"]);
        assert!(emails[0].subject.contains("consultation outcome: challenged"));
        for email in &emails {
            assert!(
                email.body.contains("Kent challenged the placement: reason — risk of exploitation in the local area."),
                "{}",
                email.body
            );
        }
    }

    #[test]
    fn notifications_and_withdrawals_go_to_front_door_and_the_division() {
        for plan in [
            EmailPlan::Notification {
                division: Some("north-west".into()),
                emergency: false,
                changed: false,
                moved_from: None,
                acknowledge: None,
                awaiting_confirmation_by: None,
            },
            EmailPlan::Withdrawal { division: Some("north-west".into()) },
            EmailPlan::Ending { division: Some("north-west".into()), told_late: false },
        ] {
            let to: Vec<String> = routing().render(KENT, &plan, "R", "C").into_iter().map(|e| e.to).collect();
            assert_eq!(to, ["frontdoor@kent.invalid", "ola.northwest.sm@kent.invalid"]);
        }
    }

    #[test]
    fn an_ending_says_so_and_whether_it_was_told_late() {
        let on_time =
            routing().render(KENT, &EmailPlan::Ending { division: None, told_late: false }, "R", "OLA-AAAA-BBBB");
        assert!(
            on_time[0].subject.contains("OLA-AAAA-BBBB") && on_time[0].subject.contains(": placement ended ("),
            "{}",
            on_time[0].subject
        );
        let late = routing().render(KENT, &EmailPlan::Ending { division: None, told_late: true }, "R", "OLA-AAAA-BBBB");
        assert!(late[0].subject.contains("more than 10 working days after the end"), "{}", late[0].subject);
    }

    #[test]
    fn a_notification_without_a_consultation_gives_its_sender_the_case_link() {
        let plan = EmailPlan::Notification {
            division: Some("north-west".into()),
            emergency: true,
            changed: false,
            moved_from: None,
            acknowledge: Some("alex.example@leeds.gov.uk".into()),
            awaiting_confirmation_by: None,
        };
        let emails = routing().render(KENT, &plan, "R", "OLA-AAAA-BBBB");
        let ack = emails.last().unwrap();
        assert_eq!(ack.to, "alex.example@leeds.gov.uk");
        assert!(ack.body.contains("/case/OLA-AAAA-BBBB#token="), "{}", ack.body);
        assert!(ack.body.contains("tell Kent when the placement ends"), "{}", ack.body);
    }

    #[test]
    fn a_moved_placement_goes_to_its_new_division_and_tells_the_old_one() {
        let plan = EmailPlan::Notification {
            division: Some("south-east".into()),
            emergency: false,
            changed: true,
            moved_from: Some("north-west".into()),
            acknowledge: None,
            awaiting_confirmation_by: None,
        };
        let emails = routing().render(KENT, &plan, "R", "C");
        let to: Vec<&str> = emails.iter().map(|e| e.to.as_str()).collect();
        assert_eq!(to, ["frontdoor@kent.invalid", "ola.southeast.sm@kent.invalid", "ola.northwest.sm@kent.invalid"]);
        assert!(emails[0].subject.contains("placement details changed"), "{}", emails[0].subject);
        assert!(emails[2].subject.contains("placement moved to South/East"), "{}", emails[2].subject);
        assert!(emails[2].body.contains("now in South/East"));
    }
}
