//! "Where is the proposed placement?": the placement's postcode, and at once what follows from it:
//! the authority, Kent district and division it is in, and whether the placement is distant and what
//! that requires. Everything said comes from the rules crate, run on Kent's postcode table.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use placement_rules::forms::consultation_request::Assessment;
use placement_rules::{ConsultationRequest, Context, Date, Finding, Form};

use crate::clock;
use crate::components::error_summary::{ErrorSummary, error_for};
use crate::components::question_page::continue_or_show;
use crate::components::text_input::TextInput;
use crate::host_postcodes::{BrowserGeography, HostPostcodes, TableState};

pub const FIELD: &str = "placement.postcode";

/// The rules' findings for this question.
pub fn check_postcode(request: &ConsultationRequest, geography: &BrowserGeography, today: Date) -> Vec<Finding> {
    let ctx = Context::builtin(today, geography);
    request.check_section("placement", &ctx).into_iter().filter(|f| f.field == FIELD).collect()
}

/// What follows from the postcode, in words, once the rules can tell.
pub fn what_follows(request: &ConsultationRequest, geography: &BrowserGeography, today: Date) -> Option<String> {
    let ctx = Context::builtin(today, geography);
    request.assessment(&ctx).map(|a| describe(&a))
}

fn describe(a: &Assessment<'_>) -> String {
    let place = match (&a.district, &a.division) {
        (Some(district), Some(division)) => {
            format!("This postcode is in {district}, in {}'s {} division.", a.area.name, division.name)
        }
        _ => format!("This postcode is in {}.", a.area.name),
    };
    format!("{place} {}", a.explanation)
}

#[component]
pub fn PlacementPostcodePage(
    request: RwSignal<ConsultationRequest>,
    host: HostPostcodes,
    on_done: Callback<()>,
) -> impl IntoView {
    let findings = RwSignal::new(Vec::<Finding>::new());
    let today = clock::today();
    let follows = Memo::new(move |_| request.with(|r| what_follows(r, &host.geography(), today)));
    let table_note = move || match host.0.get() {
        TableState::Loading | TableState::NotLoaded => Some("Checking Kent's postcodes…"),
        TableState::Failed => Some(
            "We could not load Kent's postcodes on this device. We will check the postcode when you send the request.",
        ),
        TableState::Ready(_) => None,
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let found = request.with(|r| check_postcode(r, &host.geography(), today));
        continue_or_show("Where is the proposed placement?", found, findings, on_done);
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary findings=findings.into() />
                <form novalidate on:submit=on_submit>
                    <span class="govuk-caption-l">"The proposed placement"</span>
                    <h1 class="govuk-heading-l">"Where is the proposed placement?"</h1>
                    <TextInput
                        path=FIELD
                        label="Postcode of the placement"
                        hint="We use it to find the Kent district and division, and whether the placement is distant"
                        autocomplete="postal-code"
                        width_class="govuk-input--width-10"
                        value=Signal::derive(move || request.with(|r| r.placement.postcode.clone()))
                        on_input=Callback::new(move |v: String| request.update(|r| r.placement.postcode = v))
                        error=Signal::derive(move || error_for(&findings.get(), FIELD))
                    />
                    <div class="govuk-inset-text" aria-live="polite" id="what-follows">
                        {move || follows.get().or_else(|| table_note().map(str::to_owned))}
                    </div>
                    <button type="submit" class="govuk-button">"Continue"</button>
                </form>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postcodes::{PostcodeTable, TableBuilder};
    use std::sync::Arc;

    fn kent() -> BrowserGeography {
        let mut b = TableBuilder::new();
        b.add("ME14 1XQ", "E07000110", "E10000016", None);
        b.add("CT9 1XZ", "E07000114", "E10000016", None);
        let table = PostcodeTable::from_bytes(b.build("test", false, true)).unwrap();
        crate::host_postcodes::tests_support::geography(Arc::new(table))
    }

    fn request(placing: &str, postcode: &str) -> ConsultationRequest {
        let mut r = ConsultationRequest { placing_authority: placing.into(), ..Default::default() };
        r.placement.postcode = postcode.into();
        r
    }

    #[test]
    fn the_rules_say_where_the_placement_is_and_what_follows() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let said = what_follows(&request("E08000035", "me14 1xq"), &kent(), today).unwrap();
        assert!(
            said.starts_with(
                "This postcode is in Maidstone, in Kent's North/West division. Leeds does not adjoin Kent"
            ),
            "{said}"
        );
        let said = what_follows(&request("E06000035", "CT9 1XZ"), &kent(), today).unwrap();
        assert!(said.contains("South/East") && said.contains("Medway adjoins Kent"), "{said}");
        assert!(what_follows(&request("", "CT9 1XZ"), &kent(), today).is_none(), "no placing authority yet");
    }

    #[test]
    fn a_postcode_outside_kent_is_an_error_on_this_question() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let found = check_postcode(&request("E08000035", "ME4 4TR"), &kent(), today);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "This postcode is not in Kent. This service is for placements in Kent only");
        assert!(check_postcode(&request("E08000035", "ME14 1XQ"), &kent(), today).is_empty());
    }
}
