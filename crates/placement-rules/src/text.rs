//! Small, hand-written checks on typed text: email addresses, phone numbers, postcodes, Ofsted
//! URNs, record references.
//!
//! These are deliberately not `validator`'s `email`/`url`: those pull in about 230 KB
//! (brotli) of Unicode tables, which the browser would download with every visit.

use serde::{Deserialize, Serialize};
use std::fmt;

/// True when the answer has something other than white space.
pub fn is_filled(text: &str) -> bool {
    !text.trim().is_empty()
}

/// `validator` custom check: an answer that is only spaces counts as no answer.
pub fn not_blank(text: &str) -> Result<(), validator::ValidationError> {
    if is_filled(text) { Ok(()) } else { Err(validator::ValidationError::new("required")) }
}

/// An email address's shape: one `@`, a local part, and a domain of dot-separated labels.
/// Deliverability is the mail server's business; this catches typing slips.
pub fn is_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.rsplit_once('@') else { return false };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    local_ok && domain_ok
}

/// The domain of an email address, lower-cased.
pub fn email_domain(text: &str) -> Option<String> {
    text.trim().rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase())
}

/// True when `domain` is one of `allowed` or a subdomain of one (`kent.gov.uk` under `gov.uk`),
/// never a lookalike (`notgov.uk`).
pub fn domain_allowed(domain: &str, allowed: &[String]) -> bool {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    allowed.iter().any(|a| {
        let a = a.trim().trim_start_matches('.').to_ascii_lowercase();
        !a.is_empty() && (domain == a || domain.ends_with(&format!(".{a}")))
    })
}

/// A UK phone number as people write it: digits, spaces, brackets, hyphens, an optional
/// leading `+44`; 10 or 11 digits in all (or 12 with 44), an extension allowed after `ext`.
pub fn is_uk_phone(text: &str) -> bool {
    let main = text.split(['x', 'X']).next().unwrap_or("");
    let main = main.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
    if main.is_empty() || !main.chars().all(|c| c.is_ascii_digit() || " ()-+".contains(c)) {
        return false;
    }
    if main.chars().skip(1).any(|c| c == '+') {
        return false;
    }
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    if main.trim_start().starts_with('+') {
        digits.starts_with("44") && (11..=12).contains(&digits.len())
    } else {
        digits.starts_with('0') && (10..=11).contains(&digits.len())
    }
}

/// An Ofsted unique reference number, checked leniently: `SC` and 6 digits, or 6 to 7 digits.
pub fn is_ofsted_urn(text: &str) -> bool {
    let t: String = text.trim().to_ascii_uppercase().chars().filter(|c| *c != ' ').collect();
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = t.strip_prefix("SC") {
        rest.len() == 6 && all_digits(rest)
    } else {
        (6..=7).contains(&t.len()) && all_digits(&t)
    }
}

/// A UK postcode, normalised: upper case, one space before the inward code (`ME14 1XX`).
///
/// Only the shape is checked here. Which authority it lies in comes from the ONS Postcode
/// Directory, never from its letters: `ME` covers Medway and Kent, `TN` Kent and East Sussex.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

impl Postcode {
    /// Any case and any spacing: `me141xx`, ` ME14  1XX `.
    pub fn parse(text: &str) -> Option<Self> {
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return None;
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = matches!(inward.as_bytes(), [d, a, b]
            if d.is_ascii_digit() && a.is_ascii_alphabetic() && b.is_ascii_alphabetic());
        let o = outward.as_bytes();
        let outward_ok = o.first().is_some_and(u8::is_ascii_alphabetic)
            && o.iter().all(u8::is_ascii_alphanumeric)
            && o.iter().any(u8::is_ascii_digit)
            && (2..=4).contains(&o.len())
            && o.iter().take_while(|b| b.is_ascii_alphabetic()).count() <= 2;
        (inward_ok && outward_ok).then(|| Self(format!("{outward} {inward}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The outward code: `ME14` of `ME14 1XX`.
    pub fn outward(&self) -> &str {
        self.0.split(' ').next().unwrap_or("")
    }

    /// The postcode area: `ME` of `ME14 1XX`.
    pub fn area(&self) -> &str {
        let n = self.0.bytes().take_while(u8::is_ascii_alphabetic).count();
        self.0.get(..n).unwrap_or("")
    }
}

impl TryFrom<String> for Postcode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Postcode::parse(&value).ok_or_else(|| "not a UK postcode".to_owned())
    }
}

impl From<Postcode> for String {
    fn from(p: Postcode) -> String {
        p.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Postcode({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in ["a.b@kent.gov.uk", "first.last+ola@nhs.net", "x@a.cjsm.net"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in
            ["", "a", "a@", "@kent.gov.uk", "a@kent", "a..b@kent.gov.uk", "a@-kent.gov.uk", "a b@x.uk", "a@x..uk"]
        {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn secure_domains_match_whole_labels() {
        let allowed = vec!["gov.uk".to_owned(), ".nhs.net".to_owned()];
        assert!(domain_allowed("kent.gov.uk", &allowed));
        assert!(domain_allowed("GOV.UK", &allowed));
        assert!(domain_allowed("nhs.net", &allowed));
        assert!(!domain_allowed("notgov.uk", &allowed));
        assert!(!domain_allowed("gov.uk.evil.com", &allowed));
        assert!(!domain_allowed("gmail.com", &allowed));
    }

    #[test]
    fn phones() {
        for ok in ["03000 41 11 11", "01622 123456", "+44 1622 123456", "(01622) 123-456", "07700 900123 ext 12"] {
            assert!(is_uk_phone(ok), "{ok}");
        }
        for bad in ["", "123", "call me", "+1 555 0100", "01622 12345678", "0162+2123456"] {
            assert!(!is_uk_phone(bad), "{bad}");
        }
    }

    #[test]
    fn urns() {
        for ok in ["SC123456", "sc 123456", "123456", "1234567"] {
            assert!(is_ofsted_urn(ok), "{ok}");
        }
        for bad in ["", "SC12345", "SC1234567", "12345", "12345678", "AB123456"] {
            assert!(!is_ofsted_urn(bad), "{bad}");
        }
    }

    #[test]
    fn postcodes_normalise_any_case_and_spacing() {
        assert_eq!(Postcode::parse("me141xx").unwrap().as_str(), "ME14 1XX");
        assert_eq!(Postcode::parse("  tn1   1aa ").unwrap().as_str(), "TN1 1AA");
        assert_eq!(Postcode::parse("EC1A1BB").unwrap().as_str(), "EC1A 1BB");
        assert_eq!(Postcode::parse("ME14 1XX").unwrap().area(), "ME");
        assert_eq!(Postcode::parse("ME14 1XX").unwrap().outward(), "ME14");
        for bad in ["", "ME14", "1ME 1XX", "ME14 XX1", "ABCD 1XX", "ME14 1XX9", "MÉ14 1XX"] {
            assert!(Postcode::parse(bad).is_none(), "{bad}");
        }
    }
}
