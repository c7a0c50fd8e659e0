//! A form's answers as the JSON the relay receives, addressed by the rules' field paths
//! (`child.date_of_birth`). One generic store serves every question page of every form, and the
//! rules crate reads it through its own serde types, so the app holds no copy of any form's shape.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

static NULL: Value = Value::Null;

/// The answer at a dotted path, or null if it has not been given.
pub fn get<'a>(answers: &'a Value, path: &str) -> &'a Value {
    path.split('.').try_fold(answers, |v, key| v.get(key)).unwrap_or(&NULL)
}

/// The answer as text ("" when unanswered).
pub fn text(answers: &Value, path: &str) -> String {
    match get(answers, path) {
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

pub fn is_true(answers: &Value, path: &str) -> bool {
    get(answers, path).as_bool().unwrap_or(false)
}

/// Sets an answer, making the objects on the way. An empty text removes the answer, so an
/// unanswered choice reads as "not given" rather than as a choice called "".
pub fn set(answers: &mut Value, path: &str, value: Value) {
    if !answers.is_object() {
        *answers = Value::Object(Map::new());
    }
    let mut keys = path.split('.').peekable();
    let mut node = answers;
    while let Some(key) = keys.next() {
        let Value::Object(map) = node else { return };
        if keys.peek().is_none() {
            if value.is_null() || value.as_str().is_some_and(str::is_empty) {
                map.remove(key);
            } else {
                map.insert(key.to_owned(), value);
            }
            return;
        }
        let child = map.entry(key.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if !child.is_object() {
            *child = Value::Object(Map::new());
        }
        node = child;
    }
}

pub fn set_text(answers: &mut Value, path: &str, text: String) {
    set(answers, path, Value::String(text));
}

/// The answers read as one of the rules crate's forms. Fails only if the answers hold something the
/// form does not know (a draft from an older rules version), naming where.
pub fn typed<T: DeserializeOwned>(answers: &Value) -> Result<T, String> {
    T::deserialize(answers).map_err(|e| e.to_string())
}

pub fn empty() -> Value {
    Value::Object(Map::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use placement_rules::ConsultationRequest;
    use placement_rules::forms::common::YesNo;
    use serde_json::json;

    #[test]
    fn paths_set_and_read_nested_answers() {
        let mut a = empty();
        set_text(&mut a, "child.first_name", "Sam".into());
        set_text(&mut a, "child.uasc", "no".into());
        set_text(&mut a, "risks.self_harm.level", "risk-present".into());
        assert_eq!(text(&a, "child.first_name"), "Sam");
        assert_eq!(text(&a, "child.surname"), "");
        assert_eq!(get(&a, "risks.self_harm.level"), &json!("risk-present"));
        let request: ConsultationRequest = typed(&a).unwrap();
        assert_eq!(request.child.first_name, "Sam");
        assert_eq!(request.child.uasc, Some(YesNo::No));
    }

    #[test]
    fn clearing_an_answer_removes_it_so_a_choice_reads_as_unanswered() {
        let mut a = empty();
        set_text(&mut a, "child.uasc", "yes".into());
        set_text(&mut a, "child.uasc", String::new());
        assert_eq!(a, json!({"child": {}}));
        let request: ConsultationRequest = typed(&a).unwrap();
        assert_eq!(request.child.uasc, None);
    }

    #[test]
    fn answers_the_form_does_not_know_are_reported_not_dropped() {
        let a = json!({"child": {"favourite_colour": "blue"}});
        let err = typed::<ConsultationRequest>(&a).unwrap_err();
        assert!(err.contains("favourite_colour"), "{err}");
    }
}
