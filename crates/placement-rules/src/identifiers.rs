//! The child's national identifiers, optional on both forms and checked when given (domain brief
//! §8.8): the NHS number, which the Children's Wellbeing and Schools Act 2026 makes the consistent
//! identifier (Children Act 2004 s16LC), and the unique pupil number (UPN) schools give.
//!
//! Both carry a check character, so a mistyped digit is caught where it is typed rather than by
//! the health or school record it fails to match later.

use crate::register::Register;

/// An identifier as people write it, without the spaces and hyphens they group it with.
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase()
}

/// Why an NHS number is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NhsNumberProblem {
    /// Not 10 digits.
    Shape,
    /// The tenth digit is not the modulus-11 check digit of the first nine.
    CheckDigit,
}

/// An NHS number: 10 digits, the last a modulus-11 check digit (weights 10 to 2 on the first nine;
/// a remainder giving 10 is never issued). NHS Data Dictionary, "NHS Number".
pub fn nhs_number(text: &str) -> Result<String, NhsNumberProblem> {
    let number = compact(text);
    let digits: Vec<u32> = number.chars().filter_map(|c| c.to_digit(10)).collect();
    let [first_nine @ .., last] = digits.as_slice() else {
        return Err(NhsNumberProblem::Shape);
    };
    if digits.len() != 10 || number.len() != 10 {
        return Err(NhsNumberProblem::Shape);
    }
    let sum: u32 = first_nine.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return Err(NhsNumberProblem::CheckDigit),
        c => c,
    };
    if check == *last { Ok(number) } else { Err(NhsNumberProblem::CheckDigit) }
}

/// Why a UPN is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpnProblem {
    /// Not a letter, 11 digits and a digit or letter (13 characters in all).
    Shape,
    /// The first letter is not the check letter of the other twelve characters.
    CheckLetter,
    /// Characters 2 to 4 are not the DfE number of an English or Welsh local authority.
    UnknownAuthority(String),
}

/// The 23 letters a UPN uses, in the order of their values (I, O and S are never used).
const UPN_LETTERS: &[u8; 23] = b"ABCDEFGHJKLMNPQRTUVWXYZ";

/// Welsh local authorities' numbers for UPNs (660 to 681), which the DfE register does not hold.
const WELSH_LA_NUMBERS: std::ops::RangeInclusive<u16> = 660..=681;

/// A unique pupil number: a check letter, the 3-digit DfE number of the authority that issued it,
/// the 4-digit school number, the 2-digit year and a 3-digit serial (the last a letter in a
/// temporary UPN). The check letter is the sum of characters 2 to 13 weighted 2 to 13, modulo 23.
/// DfE, "Unique pupil numbers (UPNs): guidance for schools and local authorities".
pub fn upn(text: &str, register: &Register) -> Result<String, UpnProblem> {
    let upn = compact(text);
    let bytes = upn.as_bytes();
    let [check, middle @ .., last] = bytes else {
        return Err(UpnProblem::Shape);
    };
    let value = |b: u8| -> Option<u32> {
        if b.is_ascii_digit() {
            Some(u32::from(b - b'0'))
        } else {
            UPN_LETTERS.iter().position(|l| *l == b).and_then(|p| u32::try_from(p).ok())
        }
    };
    let shaped = bytes.len() == 13
        && UPN_LETTERS.contains(check)
        && middle.iter().all(u8::is_ascii_digit)
        && (last.is_ascii_digit() || UPN_LETTERS.contains(last));
    if !shaped {
        return Err(UpnProblem::Shape);
    }
    let sum: u32 = bytes.iter().skip(1).zip(2..).map(|(b, w)| value(*b).unwrap_or(0) * w).sum();
    let expected = usize::try_from(sum % 23).ok().and_then(|i| UPN_LETTERS.get(i));
    if expected != Some(check) {
        return Err(UpnProblem::CheckLetter);
    }
    let la = upn.get(1..4).unwrap_or_default();
    let number: u16 = la.parse().unwrap_or(0);
    let known = register.find(la).is_some() || WELSH_LA_NUMBERS.contains(&number);
    if known { Ok(upn) } else { Err(UpnProblem::UnknownAuthority(la.to_owned())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_numbers_with_their_modulus_11_check_digit() {
        // (as written, answer): the NHS's own published test number, spaced and not; one digit
        // changed; a remainder of 1 giving check digit 10, never issued; wrong lengths and letters.
        let table: [(&str, Result<&str, NhsNumberProblem>); 9] = [
            ("9434765919", Ok("9434765919")),
            ("943 476 5919", Ok("9434765919")),
            ("943-476-5919", Ok("9434765919")),
            ("9434765918", Err(NhsNumberProblem::CheckDigit)),
            ("9434765929", Err(NhsNumberProblem::CheckDigit)),
            ("1000000010", Err(NhsNumberProblem::CheckDigit)),
            ("943476591", Err(NhsNumberProblem::Shape)),
            ("94347659190", Err(NhsNumberProblem::Shape)),
            ("94347A5919", Err(NhsNumberProblem::Shape)),
        ];
        for (written, answer) in table {
            assert_eq!(nhs_number(written), answer.map(String::from), "{written}");
        }
    }

    #[test]
    fn the_check_digits_edges() {
        // 0,1,0,0,0,0,0,0,1 weighted 10..2 sum to 11: remainder 0 gives check digit 0, not 11.
        assert_eq!(nhs_number("0100000010"), Ok("0100000010".into()));
        assert_eq!(nhs_number("0100000011"), Err(NhsNumberProblem::CheckDigit));
        // 0,…,0,1,1 sum to 5: 11 - 5 = 6.
        assert_eq!(nhs_number("0000000116"), Ok("0000000116".into()));
    }

    #[test]
    fn upns_with_their_check_letter_and_a_real_authority() {
        let register = Register::builtin();
        // B801200005001: 801 is Bristol's DfE number; the check letter of 801200005001 is B.
        assert_eq!(upn("B801200005001", register), Ok("B801200005001".into()));
        assert_eq!(upn("b801 2000 05001", register), Ok("B801200005001".into()));
        assert_eq!(upn("C801200005001", register), Err(UpnProblem::CheckLetter));
        assert_eq!(upn("B801200005002", register), Err(UpnProblem::CheckLetter));
        // I, O and S are never check letters; 12 or 14 characters are not UPNs.
        assert_eq!(upn("I801200005001", register), Err(UpnProblem::Shape));
        assert_eq!(upn("B80120000500", register), Err(UpnProblem::Shape));
        assert_eq!(upn("B8012000050011", register), Err(UpnProblem::Shape));
        assert_eq!(upn("B8012000A5001", register), Err(UpnProblem::Shape));
    }

    /// Twelve characters with their check letter in front.
    fn with_check(rest: &str) -> String {
        let value = |b: u8| {
            if b.is_ascii_digit() {
                u32::from(b - b'0')
            } else {
                UPN_LETTERS.iter().position(|l| *l == b).unwrap() as u32
            }
        };
        let sum: u32 = rest.bytes().zip(2..).map(|(b, w)| value(b) * w).sum();
        format!("{}{rest}", char::from(UPN_LETTERS[(sum % 23) as usize]))
    }

    #[test]
    fn the_authority_number_must_be_a_real_one() {
        let register = Register::builtin();
        // 886 is Kent; 999 and 100 are no authority's; 681 is Welsh.
        assert!(upn(&with_check("886212310001"), register).is_ok());
        assert!(upn(&with_check("681212310001"), register).is_ok());
        assert_eq!(upn(&with_check("999212310001"), register), Err(UpnProblem::UnknownAuthority("999".into())));
        assert_eq!(upn(&with_check("100212310001"), register), Err(UpnProblem::UnknownAuthority("100".into())));
    }

    #[test]
    fn a_temporary_upn_ends_in_a_letter_counted_by_its_value() {
        let register = Register::builtin();
        // A temporary UPN's last letter counts by its place among the 23 letters: A as 0, Z as 22.
        assert_eq!(with_check("88621231000A").get(..1), with_check("886212310000").get(..1));
        assert!(upn(&with_check("88621231000Z"), register).is_ok());
        let with_s = format!("{}S", with_check("886212310000").get(..12).unwrap());
        assert_eq!(upn(&with_s, register), Err(UpnProblem::Shape), "S is never used");
    }
}
