//! Who hears about each event, and what the email says. An email carries the case reference, the
//! kind of event, the division and a link: never the child's name, date of birth or address.
//! Anyone forwarding or misdirecting one learns nothing about the child.

use time::Duration;

use contract::paths::pages;
use placement_rules::CaseStatus;

use crate::clock;
use crate::config::Host;
use crate::tokens::{Keys, Scope};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
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

/// What rendering needs: where links point, the key that signs them, each host's mailboxes.
#[derive(Debug, Clone)]
pub struct Routing {
    pub public_url: String,
    pub keys: Keys,
    pub hosts: Vec<Host>,
}

impl Routing {
    /// Front Door's daily list of consultations whose reply is overdue: `(reference, due in words)`
    /// each, with the staff link; references and dates only. `None` for a host not configured.
    pub fn front_door_digest(&self, host: &str, overdue: &[(String, String)]) -> Option<Email> {
        let host = self.hosts.iter().find(|h| h.authority == host)?;
        let lines: Vec<String> = overdue
            .iter()
            .map(|(reference, due)| {
                format!(
                    "{reference}: reply was due by {due}\n{}{}",
                    self.public_url.trim_end_matches('/'),
                    pages::staff(reference)
                )
            })
            .collect();
        Some(Email {
            to: host.front_door.clone(),
            subject: format!("{} OLA: {} consultation replies overdue", host.short_name, overdue.len()),
            body: format!(
                "Consultations whose reply from {} is overdue, oldest first:\n\n{}\n\n\
                 This email does not contain any child's details. Open each link to see the case.\n",
                host.short_name,
                lines.join("\n\n")
            ),
        })
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
    fn case_link(&self, scope: Scope, case_reference: &str) -> String {
        let expires = clock::now() + Duration::days(i64::from(self.host.link_valid_days));
        let token = self.routing.keys.issue(scope, case_reference, expires);
        let page = match scope {
            Scope::ServiceManager => pages::service_manager(case_reference),
            _ => pages::placing(case_reference),
        };
        self.link(&format!("{page}#token={token}"))
    }

    fn division_name(&self, id: Option<&String>) -> String {
        if self.host.divisions.is_empty() {
            return self.host.short_name.clone();
        }
        self.host.division_name(id.map(String::as_str), "not yet known")
    }

    fn email(&self, to: &str, case_reference: &str, event: &str, division: &str, link: &str, extra: &str) -> Email {
        let host = &self.host.short_name;
        Email {
            to: to.to_owned(),
            subject: format!("{host} OLA {case_reference}: {event} ({division})"),
            body: format!(
                "Reference: {case_reference}\nEvent: {event}\nDivision: {division}\n{extra}\nOpen it here:\n{link}\n\n\
                 This email does not contain the child's details. Open the link to see them.\n\
                 If this email was not meant for you, delete it and tell {} at {}.\n",
                self.host.name, self.host.front_door
            ),
        }
    }

    fn render(&self, plan: &EmailPlan, reference: &str, case_reference: &str) -> Vec<Email> {
        let staff_link = self.link(&pages::staff(case_reference));
        let receipt = format!("Receipt: {reference}");
        match plan {
            EmailPlan::NewConsultation { division, social_worker } => {
                let name = self.division_name(division.as_ref());
                let event = "new consultation request";
                let mut out =
                    vec![self.email(&self.host.front_door, case_reference, event, &name, &staff_link, &receipt)];
                if let Some(manager) = self.host.service_manager_for(division.as_deref()) {
                    let link = self.case_link(Scope::ServiceManager, case_reference);
                    let ask = "Please contact the placing social worker, discuss the placement and record the outcome.";
                    out.push(self.email(manager, case_reference, event, &name, &link, ask));
                }
                let link = self.case_link(Scope::Placing, case_reference);
                let note = format!(
                    "{} has received your consultation request. Keep this email: its link lets you send the \
                     placement notification or withdraw the request.",
                    self.host.name
                );
                out.push(self.email(
                    social_worker,
                    case_reference,
                    "consultation request received",
                    &name,
                    &link,
                    &note,
                ));
                out
            }
            EmailPlan::Outcome { division, decision, reason, social_worker } => {
                let name = self.division_name(division.as_ref());
                let host = &self.host.short_name;
                let (event, said) = match (decision, reason) {
                    (CaseStatus::Challenged, Some(reason)) => (
                        "consultation outcome: challenged".to_owned(),
                        format!("{host} challenged the placement: reason — {}.", reason.to_lowercase()),
                    ),
                    (CaseStatus::Challenged, None) => {
                        ("consultation outcome: challenged".to_owned(), format!("{host} challenged the placement."))
                    }
                    _ => {
                        ("consultation outcome: agreed".to_owned(), format!("{host} agreed the placement is suitable."))
                    }
                };
                let read = format!("{said} Open the case to read the discussion and the three professional views.");
                let mut out = vec![self.email(
                    &self.host.management_information,
                    case_reference,
                    &event,
                    &name,
                    &staff_link,
                    &format!("{read}\n{receipt}"),
                )];
                if let Some(sw) = social_worker {
                    let link = self.case_link(Scope::Placing, case_reference);
                    let note = format!(
                        "{read}\n{host} cannot stop the placement. If it goes ahead, send the placement notification before it starts."
                    );
                    out.push(self.email(sw, case_reference, &event, &name, &link, &note));
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
                let kind = if *emergency { "emergency placement notification" } else { "placement notification" };
                let mut event = if *changed { format!("{kind}, placement details changed") } else { kind.to_owned() };
                if let Some(placing) = awaiting_confirmation_by {
                    event = format!("{kind} from a provider, awaiting confirmation by {placing}");
                }
                let mut extra = receipt.clone();
                if *changed {
                    extra.push_str(
                        "\nThe placement differs from the one consulted on: open the case to see what changed.",
                    );
                }
                let mut out =
                    self.to_front_door_and_division(division.as_ref(), case_reference, &event, &staff_link, &extra);
                if let Some(d) = moved_from.as_ref().and_then(|id| self.host.division(id)) {
                    let now_with = self.division_name(division.as_ref());
                    let note = format!(
                        "The placement is no longer in your division: it is now in {now_with}, which has the case. \
                         This is for your information; nothing more is needed from you.\n{receipt}"
                    );
                    let link = self.case_link(Scope::ServiceManager, case_reference);
                    out.push(self.email(
                        &d.service_manager,
                        case_reference,
                        &format!("{kind}: placement moved to {now_with}"),
                        &d.name,
                        &link,
                        &note,
                    ));
                }
                if let Some(sender) = acknowledge {
                    let host = &self.host.short_name;
                    let (subject, note) = match awaiting_confirmation_by {
                        Some(_) => (
                            format!("{kind} from a provider: please confirm"),
                            format!(
                                "A provider has notified {host} of a placement for your authority. The duty to notify is \
                                 your authority's: open the link to read the notification and confirm it. Until you do, \
                                 {host} treats it as unconfirmed. Keep this email: the link also lets you tell {host} \
                                 when the placement ends.\n{receipt}"
                            ),
                        ),
                        None => (
                            format!("{kind} received"),
                            format!(
                                "{host} has your notification. Keep this email: use the link to see the case, to notify \
                                 {host} of a change, and to tell {host} when the placement ends.\n{receipt}"
                            ),
                        ),
                    };
                    let link = self.case_link(Scope::Placing, case_reference);
                    let name = self.division_name(division.as_ref());
                    out.push(self.email(sender, case_reference, &subject, &name, &link, &note));
                }
                out
            }
            EmailPlan::Documents { division, care_plan } => self.to_front_door_and_division(
                division.as_ref(),
                case_reference,
                if *care_plan { "care plan received" } else { "documents received" },
                &staff_link,
                &receipt,
            ),
            EmailPlan::CarePlanReminder { division, social_worker, due, late } => {
                let host = &self.host.short_name;
                let name = self.division_name(division.as_ref());
                let link = self.case_link(Scope::Placing, case_reference);
                let (event, note) = if *late {
                    (
                        "care plan overdue",
                        format!(
                            "The child's care plan was due by {due}, 10 working days after the placement started \
                             (regulation 4(2)), and {host} has not received it. Open the link to send it."
                        ),
                    )
                } else {
                    (
                        "care plan due today",
                        format!(
                            "The child's care plan is due today, {due}: 10 working days after the placement started \
                             (regulation 4(2)). Open the link to send it to {host}."
                        ),
                    )
                };
                let mut out = vec![self.email(social_worker, case_reference, event, &name, &link, &note)];
                if *late {
                    let note = format!("The placing authority has been reminded. The care plan was due by {due}.");
                    out.push(self.email(&self.host.front_door, case_reference, event, &name, &staff_link, &note));
                }
                out
            }
            EmailPlan::EndNoticeReminder { division, social_worker, planned } => {
                let host = &self.host.short_name;
                let name = self.division_name(division.as_ref());
                let link = self.case_link(Scope::Placing, case_reference);
                let note = format!(
                    "This placement was planned to end on {planned}, and {host} has not been told it has. If it has \
                     ended, open the link and tell {host} (regulation 14). If it continues, nothing is needed."
                );
                vec![self.email(social_worker, case_reference, "has the placement ended?", &name, &link, &note)]
            }
            EmailPlan::OutcomeReminder { division, due, late } => {
                let name = self.division_name(division.as_ref());
                let (event, note) = if *late {
                    (
                        "consultation reply overdue",
                        format!("Your council's reply to this consultation was due by {due}."),
                    )
                } else {
                    (
                        "consultation reply due in 2 working days",
                        format!("Your council's reply to this consultation is due by {due}."),
                    )
                };
                let mut out = Vec::new();
                if let Some(manager) = self.host.service_manager_for(division.as_deref()) {
                    let link = self.case_link(Scope::ServiceManager, case_reference);
                    out.push(self.email(
                        manager,
                        case_reference,
                        event,
                        &name,
                        &link,
                        &format!("{note} Open the link to record the outcome."),
                    ));
                }
                if *late {
                    out.push(self.email(&self.host.front_door, case_reference, event, &name, &staff_link, &note));
                }
                out
            }
            EmailPlan::Confirmation { division, placing } => self.to_front_door_and_division(
                division.as_ref(),
                case_reference,
                &format!("provider's notification confirmed by {placing}"),
                &staff_link,
                &receipt,
            ),
            EmailPlan::Ending { division, told_late } => self.to_front_door_and_division(
                division.as_ref(),
                case_reference,
                if *told_late {
                    "placement ended: told more than 10 working days after the end"
                } else {
                    "placement ended"
                },
                &staff_link,
                &receipt,
            ),
            EmailPlan::Withdrawal { division } => self.to_front_door_and_division(
                division.as_ref(),
                case_reference,
                "consultation withdrawn: child not placed",
                &staff_link,
                &receipt,
            ),
        }
    }

    fn to_front_door_and_division(
        &self,
        division: Option<&String>,
        case_reference: &str,
        event: &str,
        staff_link: &str,
        receipt: &str,
    ) -> Vec<Email> {
        let name = self.division_name(division);
        let mut out = vec![self.email(&self.host.front_door, case_reference, event, &name, staff_link, receipt)];
        if let Some(manager) = self.host.service_manager_for(division.map(String::as_str)) {
            let link = self.case_link(Scope::ServiceManager, case_reference);
            out.push(self.email(manager, case_reference, event, &name, &link, receipt));
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
