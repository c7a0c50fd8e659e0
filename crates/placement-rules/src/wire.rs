//! The versioned wire format shared by the app and the relay.
//!
//! Every submission travels in an [`Envelope`]: the format version, an id the client made (so a
//! retry is recognised as the same submission), the rules version the client checked it with,
//! and the form. Unknown fields and wrong types are refused with the path of the bad value.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Bumped when a change to the forms is not backward compatible.
pub const FORMAT_VERSION: u16 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope<T> {
    pub format: u16,
    /// Made by the client before the first attempt; the same id always gets the same reference.
    pub id: String,
    /// The rules version the client checked against (the relay re-checks with its own).
    pub rules_version: String,
    pub data: T,
}

/// Why a body could not be read as a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecodeError {
    /// Where in the body: `data.child.sex`; empty for the whole body.
    pub path: String,
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "{}", self.message)
        } else {
            write!(f, "at {}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

/// Reads a submission of form `T` from JSON, checking the envelope.
pub fn decode<T: DeserializeOwned>(json: &[u8]) -> Result<Envelope<T>, DecodeError> {
    let de = &mut serde_json::Deserializer::from_slice(json);
    let envelope: Envelope<T> = serde_path_to_error::deserialize(&mut *de).map_err(|e| DecodeError {
        path: e.path().to_string(),
        message: without_received_value(&e.inner().to_string()),
    })?;
    // One envelope and nothing after it: bytes past its end (` GARBAGE <script>`) mean the body is
    // not what the client meant to send, or was made to carry something else.
    de.end().map_err(|_| DecodeError {
        path: String::new(),
        message: "the request must be one JSON envelope with nothing after it".into(),
    })?;
    if envelope.format != FORMAT_VERSION {
        return Err(DecodeError {
            path: "format".into(),
            message: format!("format {} is not supported; this service reads format {FORMAT_VERSION}", envelope.format),
        });
    }
    if !is_client_id(&envelope.id) {
        return Err(DecodeError {
            path: "id".into(),
            message: "the id must be 16 to 64 letters, digits, hyphens or underscores".into(),
        });
    }
    Ok(envelope)
}

/// serde's messages quote the value received (`unknown variant \`Samira\``), which may be a
/// child's details typed into the wrong place; an error message must never carry those. This keeps
/// what was expected (the form's own ids and types) and drops what was received.
fn without_received_value(message: &str) -> String {
    let expected = || {
        message
            .split_once(", expected ")
            .map(|(_, rest)| rest.split(" at line ").next().unwrap_or(rest).to_owned())
            .unwrap_or_else(|| "a different answer".to_owned())
    };
    if message.starts_with("unknown variant") {
        format!("this is not one of the answers this question takes: expected {}", expected())
    } else if message.starts_with("invalid type") {
        format!("this answer has the wrong type: expected {}", expected())
    } else if message.starts_with("invalid value") {
        format!("this answer is not valid: expected {}", expected())
    } else {
        message.to_owned()
    }
}

/// A client-made id: long enough not to collide, short and plain enough to be a key.
pub fn is_client_id(id: &str) -> bool {
    (16..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::consultation_request::ConsultationRequest;

    fn body(data: &str) -> String {
        format!(r#"{{"format":1,"id":"0190f3a2-7c1e-7d33-9a4e-2f1c5b6d7e8f","rules_version":"x","data":{data}}}"#)
    }

    #[test]
    fn a_partial_form_decodes_with_empty_answers() {
        let env: Envelope<ConsultationRequest> = decode(body(r#"{"child":{"first_name":"Sam"}}"#).as_bytes()).unwrap();
        assert_eq!(env.data.child.first_name, "Sam");
        assert_eq!(env.data.child.sex, None);
    }

    #[test]
    fn trailing_bytes_after_the_envelope_are_refused() {
        let good = body("{}");
        assert!(decode::<ConsultationRequest>(format!("{good}\n  ").as_bytes()).is_ok(), "white space is fine");
        let e = decode::<ConsultationRequest>(format!("{good} GARBAGE <script>").as_bytes()).unwrap_err();
        assert_eq!(e.message, "the request must be one JSON envelope with nothing after it");
        assert!(decode::<ConsultationRequest>(format!("{good}{good}").as_bytes()).is_err(), "two envelopes");
    }

    #[test]
    fn unknown_fields_and_wrong_types_name_the_path() {
        let e = decode::<ConsultationRequest>(body(r#"{"child":{"favourite_colour":"red"}}"#).as_bytes()).unwrap_err();
        assert_eq!(e.path, "data.child.favourite_colour");
        assert!(e.message.contains("unknown field `favourite_colour`"), "{e}");
        let e = decode::<ConsultationRequest>(body(r#"{"child":{"sex":"robot"}}"#).as_bytes()).unwrap_err();
        assert_eq!(e.path, "data.child.sex");
        let e = decode::<ConsultationRequest>(body(r#"{"child":{"first_name":7}}"#).as_bytes()).unwrap_err();
        assert_eq!(e.path, "data.child.first_name");
        let e = decode::<ConsultationRequest>(b"{\"format\":1,\"extra\":1}").unwrap_err();
        assert!(e.message.contains("unknown field `extra`"), "{e}");
    }

    #[test]
    fn errors_never_repeat_what_was_sent() {
        for (data, path, expected) in [
            (r#"{"child":{"sex":"Samira Testchild"}}"#, "data.child.sex", "expected `female` or `male`"),
            (r#"{"child":{"first_name":123456}}"#, "data.child.first_name", "wrong type: expected a string"),
            (r#"{"child":{"uasc":"Samira"}}"#, "data.child.uasc", "expected `yes` or `no`"),
        ] {
            let e = decode::<ConsultationRequest>(body(data).as_bytes()).unwrap_err();
            assert_eq!(e.path, path);
            assert!(e.message.contains(expected), "{e}");
            for sent in ["Samira", "123456"] {
                assert!(!e.message.contains(sent), "{sent} repeated in {e}");
            }
        }
    }

    #[test]
    fn envelope_version_and_id_are_checked() {
        let wrong = body("{}").replace("\"format\":1", "\"format\":2");
        assert_eq!(decode::<ConsultationRequest>(wrong.as_bytes()).unwrap_err().path, "format");
        let short = body("{}").replace("0190f3a2-7c1e-7d33-9a4e-2f1c5b6d7e8f", "abc");
        assert_eq!(decode::<ConsultationRequest>(short.as_bytes()).unwrap_err().path, "id");
        assert!(decode::<ConsultationRequest>(b"not json").is_err());
    }
}
