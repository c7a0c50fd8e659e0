//! A small helper that collects findings while a form's rules run, so each rule reads as one line
//! per condition, and `validator`'s per-field results become findings with full paths.

use validator::{ValidationErrors, ValidationErrorsKind};

use super::common::StaffContact;
use crate::context::Context;
use crate::date::{self, Date};
use crate::finding::{Finding, Kind};
use crate::reference::Reference;
use crate::register::Authority;
use crate::text;

/// The Government Connect Secure Extranet, closed on 31 March 2019: its addresses no longer
/// receive mail, though they sit under `gov.uk` (domain brief §8.9).
const GCSX: &str = "gcsx.gov.uk";

pub(crate) struct Checks<'c, 'a> {
    pub ctx: &'c Context<'a>,
    pub out: Vec<Finding>,
    /// The placing authority the form names, once known: a trust's address is accepted for its
    /// own authority's children only. Forms on an existing case name none; its link, sent to the
    /// address checked when the case was made, is what lets them act on it.
    placing: Option<&'a str>,
}

impl<'c, 'a> Checks<'c, 'a> {
    pub fn new(ctx: &'c Context<'a>) -> Self {
        Self { ctx, out: Vec::new(), placing: None }
    }

    /// The placing authority the form names (rule 12's trust addresses depend on it).
    pub fn placing_authority(&mut self, authority: Option<&'a Authority>) {
        self.placing = authority.map(|a| a.gss.as_str());
    }

    pub fn error(&mut self, path: &str, kind: Kind, message: impl Into<String>) {
        self.out.push(Finding::error(path, kind, message));
    }

    /// An error that applies because of answers on other pages (`because`): a rule spanning pages.
    pub fn error_because(&mut self, path: &str, because: &[&str], kind: Kind, message: impl Into<String>) {
        self.out.push(Finding::error(path, kind, message).because(because));
    }

    /// A finding another module worded (where a placement is: `locate`).
    pub fn push(&mut self, finding: Option<Finding>) {
        self.out.extend(finding);
    }

    pub fn warning(&mut self, path: &str, kind: Kind, message: impl Into<String>) {
        self.out.push(Finding::warning(path, kind, message));
    }

    /// Adds `validator`'s findings for a struct whose fields sit under `prefix`.
    pub fn validated(&mut self, prefix: &str, result: Result<(), ValidationErrors>) {
        if let Err(errors) = result {
            collect(prefix, &errors, &mut self.out);
        }
    }

    pub fn required_text(&mut self, path: &str, value: &str, message: &str) -> bool {
        let filled = text::is_filled(value);
        if !filled {
            self.error(path, Kind::Required, message);
        }
        filled
    }

    pub fn required<T>(&mut self, path: &str, value: &Option<T>, message: &str) -> bool {
        if value.is_none() {
            self.error(path, Kind::Required, message);
        }
        value.is_some()
    }

    /// A date answer: `None` if empty or not a real date (the latter reported).
    pub fn date(&mut self, path: &str, value: &str, label: &str) -> Option<Date> {
        match date::parse_answer(value, path, label) {
            Ok(d) => d,
            Err(f) => {
                self.out.push(f);
                None
            }
        }
    }

    /// A date answer that must be given.
    pub fn required_date(&mut self, path: &str, value: &str, label: &str, missing: &str) -> Option<Date> {
        if !text::is_filled(value) {
            self.error(path, Kind::Required, missing);
            return None;
        }
        self.date(path, value, label)
    }

    /// A date that must be today or earlier.
    pub fn not_future(&mut self, path: &str, date: Option<Date>, label: &str) {
        if date.is_some_and(|d| d > self.ctx.today) {
            self.error(path, Kind::InFuture, format!("{label} must be today or in the past"));
        }
    }

    /// An email address that must be given, in the right shape, and (for staff) on a secure
    /// public-sector domain: rule 12.
    pub fn email(&mut self, path: &str, value: &str, missing: &str, secure: bool) {
        if !self.required_text(path, value, missing) {
            return;
        }
        if !text::is_email(value) {
            self.error(path, Kind::Format, "Enter an email address in the correct format, like name@council.gov.uk");
            return;
        }
        if secure {
            let domain = text::email_domain(value).unwrap_or_default();
            if text::domain_allowed(&domain, &[GCSX.to_owned()]) {
                // Still under gov.uk, so the suffix rule alone would take it (domain brief §8.9).
                self.error(
                    path,
                    Kind::NotAllowed,
                    "GCSx email closed in March 2019: enter your current work email address, like one ending in .gov.uk",
                );
            } else if text::domain_allowed(&domain, self.ctx.secure_email_domains) {
            } else if let Some(trust) = self.ctx.register.trust_of_domain(&domain) {
                // Domain brief §8.9: a children's services trust writes for its own councils.
                if let Some(placing) = self.placing.filter(|p| !self.ctx.register.trust_serves(&domain, p)) {
                    let placing = self.ctx.register.name_of(placing);
                    self.error(
                        path,
                        Kind::NotAllowed,
                        format!(
                            "{} runs children's services for another council, not {placing}: enter an email address at {placing}",
                            trust.name
                        ),
                    );
                }
            } else {
                let examples: Vec<String> = self
                    .ctx
                    .secure_email_domains
                    .iter()
                    .take(2)
                    .map(|d| format!(".{}", d.trim_start_matches('.')))
                    .collect();
                self.error(
                    path,
                    Kind::NotAllowed,
                    format!("Enter a secure public-sector email address, like one ending in {}", examples.join(" or ")),
                );
            }
        }
    }

    /// A reference as the host's emails give it (`OLA-7K3M-Q2XD`); `what` names it in the
    /// messages: "consultation reference", "case reference".
    pub fn reference(&mut self, path: &str, value: &str, what: &str, required: bool) {
        if !text::is_filled(value) {
            if required {
                self.error(path, Kind::Required, format!("Enter the {what}, like OLA-7K3M-Q2XD"));
            }
        } else if Reference::parse(value).is_none() {
            self.error(path, Kind::Format, format!("Enter the {what} as it appears in the email, like OLA-7K3M-Q2XD"));
        }
    }

    /// A case reference the app fills in from the person's link, so wrong only if the link was.
    pub fn reference_from_link(&mut self, path: &str, value: &str) {
        if Reference::parse(value).is_none() {
            self.error(path, Kind::Format, "Open this from the link in the email the host council sent you");
        }
    }

    /// The person sending the form, at `prefix`: their full name, email (on a secure domain
    /// unless `secure` is false: a provider writes from its own) and telephone number.
    pub fn sender(&mut self, prefix: &str, who: &StaffContact, secure: bool) {
        self.required_text(&format!("{prefix}.name"), &who.name, "Enter your full name");
        self.email(&format!("{prefix}.email"), &who.email, "Enter your email address", secure);
        self.phone(&format!("{prefix}.phone"), &who.phone, "Enter your telephone number");
    }

    pub fn phone(&mut self, path: &str, value: &str, missing: &str) {
        if self.required_text(path, value, missing) && !text::is_uk_phone(value) {
            self.error(path, Kind::Format, "Enter a telephone number, like 01632 960 001 or +44 808 157 0192");
        }
    }

    /// A registered authority's code; `None` (and a finding) if unknown.
    pub fn authority(&mut self, path: &str, code: &str, missing: &str) -> Option<&'a Authority> {
        if !self.required_text(path, code, missing) {
            return None;
        }
        let found = self.ctx.register.find(code);
        if found.is_none() {
            self.error(path, Kind::UnknownCode, "Select an authority from the list");
        }
        found
    }
}

fn collect(prefix: &str, errors: &ValidationErrors, out: &mut Vec<Finding>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    let kind = match e.code.as_ref() {
                        "length" => Kind::TooLong,
                        "required" => Kind::Required,
                        _ => Kind::Format,
                    };
                    let message = e.message.as_deref().unwrap_or("Check this answer").to_owned();
                    out.push(Finding::error(path.clone(), kind, message));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                // A list is one question on the page (an upload), so its items' findings are
                // addressed to the list.
                for inner in items.values() {
                    let mut found = Vec::new();
                    collect(&path, inner, &mut found);
                    out.extend(found.into_iter().map(|f| Finding { field: path.clone(), ..f }));
                }
            }
        }
    }
}
