//! Arbitrary input never panics the rules: not arbitrary bytes, not arbitrary JSON, not
//! arbitrary text in any answer of any form. And whatever is found is addressed to a question
//! that exists on a page, so the error summary can always link to it.

mod support;

use placement_rules::wire::decode;
use placement_rules::{ConsultationOutcome, ConsultationRequest, Form, PlacementNotification, Withdrawal};
use proptest::prelude::*;
use serde_json::Value;
use support::*;

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".*".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::hash_map("[a-z_]{1,20}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// JSON pointers of every string answer in `value`.
fn string_leaves(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(at),
        Value::Object(map) => map.iter().for_each(|(k, v)| string_leaves(v, format!("{at}/{k}"), out)),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| string_leaves(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

/// Puts `text` into the answers `pick` selects, keeping only replacements the form still
/// decodes (a choice answer must be one of its ids), so the rules see arbitrary text in every
/// free-text and date answer. Returns how many answers were replaced.
fn scramble<F: Form + serde::de::DeserializeOwned>(form: &mut Value, text: &str, pick: u64) -> usize {
    let mut leaves = Vec::new();
    string_leaves(form, String::new(), &mut leaves);
    let mut replaced = 0;
    for (i, pointer) in leaves.iter().enumerate() {
        if (pick >> (i % 64)) & 1 == 0 {
            continue;
        }
        let Some(slot) = form.pointer_mut(pointer) else { continue };
        let before = std::mem::replace(slot, Value::String(text.to_owned()));
        if decode::<F>(&envelope(form)).is_ok() {
            replaced += 1;
        } else if let Some(slot) = form.pointer_mut(pointer) {
            *slot = before;
        }
    }
    replaced
}

fn envelope(data: &Value) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "format": 1, "id": "0190f3a2-7c1e-7d33-9a4e-2f1c5b6d7e8f", "rules_version": "t", "data": data
    }))
    .unwrap()
}

fn check_any<F: Form + serde::de::DeserializeOwned>(body: &[u8]) {
    let geo = geography();
    if let Ok(env) = decode::<F>(body) {
        for f in env.data.check(&ctx(&geo)) {
            assert!(F::question(&f.field).is_some(), "{} is not a question of {}", f.field, F::KIND);
        }
    }
}

fn check_all_forms(body: &[u8]) {
    check_any::<ConsultationRequest>(body);
    check_any::<ConsultationOutcome>(body);
    check_any::<PlacementNotification>(body);
    check_any::<Withdrawal>(body);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_all_forms(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(data in arb_json()) {
        check_all_forms(&envelope(&data));
        check_all_forms(&serde_json::to_vec(&data).unwrap());
    }

    #[test]
    fn arbitrary_answers_never_panic(text in ".{0,40}|[0-9-]{0,12}|[A-Za-z0-9 ]{0,9}", pick in any::<u64>()) {
        let mut replaced = 0;
        let mut r = serde_json::to_value(valid_request()).unwrap();
        replaced += scramble::<ConsultationRequest>(&mut r, &text, pick);
        check_any::<ConsultationRequest>(&envelope(&r));
        let mut o = serde_json::to_value(valid_outcome()).unwrap();
        replaced += scramble::<ConsultationOutcome>(&mut o, &text, pick);
        check_any::<ConsultationOutcome>(&envelope(&o));
        let mut n = serde_json::to_value(valid_notification()).unwrap();
        replaced += scramble::<PlacementNotification>(&mut n, &text, pick);
        check_any::<PlacementNotification>(&envelope(&n));
        let mut w = serde_json::to_value(valid_withdrawal()).unwrap();
        replaced += scramble::<Withdrawal>(&mut w, &text, pick);
        check_any::<Withdrawal>(&envelope(&w));
        prop_assert!(pick == 0 || replaced > 0, "some answer took the arbitrary text");
    }

    #[test]
    fn any_date_answer_is_parsed_or_explained(text in ".{0,16}") {
        let _ = placement_rules::date::parse_answer(&text, "f", "Date");
    }

    #[test]
    fn postcode_and_reference_parsing_round_trips(text in "[A-Za-z0-9 -]{0,14}") {
        if let Some(pc) = placement_rules::text::Postcode::parse(&text) {
            prop_assert_eq!(placement_rules::text::Postcode::parse(pc.as_str()), Some(pc));
        }
        if let Some(r) = placement_rules::reference::Reference::parse(&text) {
            prop_assert_eq!(placement_rules::reference::Reference::parse(r.as_str()), Some(r));
        }
    }
}
