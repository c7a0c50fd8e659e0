//! Case references: what a person reads out on the phone and types into the outcome form.
//!
//! `OLA-` then eight Crockford base32 characters in two groups (`OLA-7K3M-Q2XD`): no I, L, O or U,
//! so nothing is misread, and typing `o` for `0` or `l` for `1` still finds the case.

use std::fmt;

use serde::{Deserialize, Serialize};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reference(String);

impl Reference {
    /// The reference for 40 bits of a number the relay chose (random or from a counter).
    pub fn from_bits(bits: u64) -> Self {
        let chars: String = (0..8)
            .map(|i| {
                let index = ((bits >> (35 - 5 * i)) & 31) as usize;
                ALPHABET.get(index).map_or('0', |b| char::from(*b))
            })
            .collect();
        Self::grouped(&chars)
    }

    /// Any case, spaces or hyphens anywhere, the `OLA` prefix optional, Crockford's look-alikes.
    pub fn parse(text: &str) -> Option<Self> {
        let mut body: String =
            text.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        if body.len() == 11 && body.starts_with("OLA") {
            body.drain(..3);
        }
        if body.len() != 8 {
            return None;
        }
        let mut out = String::with_capacity(8);
        for c in body.chars() {
            let c = match c {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !ALPHABET.contains(&(c as u8)) || !c.is_ascii() {
                return None;
            }
            out.push(c);
        }
        Some(Self::grouped(&out))
    }

    /// `OLA-XXXX-XXXX` from eight ASCII characters.
    fn grouped(eight: &str) -> Self {
        let (a, b) = eight.split_at(eight.len().min(4));
        Self(format!("OLA-{a}-{b}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Reference {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Reference::parse(&value).ok_or_else(|| "not a reference like OLA-7K3M-Q2XD".to_owned())
    }
}

impl From<Reference> for String {
    fn from(r: Reference) -> String {
        r.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Reference({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_back_whatever_the_typing() {
        let r = Reference::from_bits(0xAB_CDEF_0123);
        assert_eq!(r.as_str().len(), 13);
        assert_eq!(Reference::parse(r.as_str()), Some(r.clone()));
        assert_eq!(Reference::parse(&r.as_str().to_lowercase().replace('-', " ")), Some(r.clone()));
        assert_eq!(Reference::parse("ola-0o1l-iabc").unwrap().as_str(), "OLA-0011-1ABC");
        assert_eq!(Reference::parse("7K3MQ2XD").unwrap().as_str(), "OLA-7K3M-Q2XD");
        for bad in ["", "OLA-7K3M", "OLA-7K3M-Q2XU", "OLA-7K3M-Q2XD-9", "ÖLA-7K3M-Q2XD"] {
            assert!(Reference::parse(bad).is_none(), "{bad}");
        }
    }
}
