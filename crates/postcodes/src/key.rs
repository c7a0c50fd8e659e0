//! A postcode as a 40-bit number: seven characters at most (outward and inward code, no space),
//! each 0–36 (0 pads, 1–10 digits, 11–36 letters), most significant first, so numeric order is the
//! order of the padded text and a sorted table can be binary-searched.

use placement_rules::text::Postcode;

/// Bytes a key takes in a table.
pub const KEY_BYTES: usize = 5;

fn code(c: u8) -> Option<u64> {
    match c {
        b'0'..=b'9' => Some(u64::from(c - b'0') + 1),
        b'A'..=b'Z' => Some(u64::from(c - b'A') + 11),
        _ => None,
    }
}

/// The key of a postcode written compactly (`ME141XQ`), or `None` if it cannot be one.
pub fn encode_compact(compact: &str) -> Option<u64> {
    let bytes = compact.as_bytes();
    if !(5..=7).contains(&bytes.len()) {
        return None;
    }
    let mut key = 0u64;
    for i in 0..7 {
        let c = match bytes.get(i) {
            Some(b) => code(b.to_ascii_uppercase())?,
            None => 0,
        };
        key = key * 37 + c;
    }
    Some(key)
}

pub fn encode(postcode: &Postcode) -> Option<u64> {
    encode_compact(&postcode.as_str().replace(' ', ""))
}

/// The postcode a key stands for, as `ME14 1XQ`.
pub fn decode(mut key: u64) -> String {
    let mut chars = Vec::with_capacity(7);
    for _ in 0..7 {
        let c = (key % 37) as u8;
        key /= 37;
        chars.push(match c {
            0 => None,
            1..=10 => Some((b'0' + c - 1) as char),
            _ => Some((b'A' + c - 11) as char),
        });
    }
    let text: String = chars.into_iter().rev().flatten().collect();
    let split = text.len().saturating_sub(3);
    format!("{} {}", text.get(..split).unwrap_or(""), text.get(split..).unwrap_or(""))
}

pub(crate) fn write(key: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(&key.to_be_bytes()[3..]);
}

pub(crate) fn read(bytes: &[u8]) -> u64 {
    bytes.iter().take(KEY_BYTES).fold(0u64, |k, b| (k << 8) | u64::from(*b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_sort_like_text() {
        for pc in ["ME14 1XQ", "M1 1AA", "EC1A 1BB", "TN1 1AA", "W1A 0AX"] {
            let p = Postcode::parse(pc).unwrap();
            assert_eq!(decode(encode(&p).unwrap()), pc);
        }
        let k = |s| encode_compact(s).unwrap();
        assert!(k("ME141XQ") < k("ME141XR"));
        assert_ne!(k("M11AA"), k("M111AA"), "M1 1AA and M11 1AA are different postcodes");
        assert!(k("ZE29ZZ") < 1 << 40, "fits in 5 bytes");
        assert_eq!(encode_compact("ME14"), None);
        assert_eq!(encode_compact("ME14-1X"), None);
    }
}
