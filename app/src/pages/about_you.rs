//! "About you": the first question page of the consultation request. On Continue it asks the
//! rules crate for this section's findings and shows them; it decides nothing itself.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use placement_rules::forms::common::StaffContact;
use placement_rules::geography::NoGeography;
use placement_rules::{ConsultationRequest, Context, Finding, Form, Register};

use crate::clock;
use crate::components::error_summary::{ErrorSummary, error_for};
use crate::components::question_page::continue_or_show;
use crate::components::text_input::TextInput;
use crate::field_id::field_id;

pub const SECTION: &str = "about-you";

/// Placing authorities for the list: by name, with their GSS code as the answer.
fn authority_options() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> =
        Register::builtin().all().iter().map(|a| (a.gss.clone(), a.name.clone())).collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all
}

/// The findings Continue shows for this page.
pub fn check_page(request: &ConsultationRequest) -> Vec<Finding> {
    // The placement postcode is on a later page, so no postcode lookup is needed here.
    let ctx = Context::builtin(clock::today(), &NoGeography);
    request.check_section(SECTION, &ctx)
}

#[component]
pub fn AboutYouPage(request: RwSignal<ConsultationRequest>, on_done: Callback<()>) -> impl IntoView {
    let findings = RwSignal::new(Vec::<Finding>::new());
    let error = move |path: &'static str| Signal::derive(move || error_for(&findings.get(), path));
    let contact = move |pick: fn(&ConsultationRequest) -> &StaffContact, field: fn(&StaffContact) -> &String| {
        Signal::derive(move || request.with(|r| field(pick(r)).clone()))
    };
    let set_sw = move |set: fn(&mut StaffContact, String)| {
        Callback::new(move |v: String| request.update(|r| set(&mut r.social_worker, v)))
    };
    let set_tm = move |set: fn(&mut StaffContact, String)| {
        Callback::new(move |v: String| request.update(|r| set(&mut r.team_manager, v)))
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        continue_or_show("About you", request.with(check_page), findings, on_done);
    };
    let authority_error = error("placing_authority");
    let authority_id = field_id("placing_authority");
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary findings=findings.into() />
                <form novalidate on:submit=on_submit>
                    <span class="govuk-caption-l">"Consultation request"</span>
                    <h1 class="govuk-heading-l">"About you"</h1>
                    <div class=move || {
                        if authority_error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }
                    }>
                        <label class="govuk-label govuk-label--s" for=authority_id.clone()>"Your authority"</label>
                        <div class="govuk-hint" id="placing-authority-hint">"The local authority responsible for the child"</div>
                        {move || authority_error.get().map(|e| view! {
                            <p class="govuk-error-message" id="placing-authority-error">
                                <span class="govuk-visually-hidden">"Error: "</span>{e}
                            </p>
                        })}
                        <select
                            class="govuk-select"
                            id=authority_id.clone()
                            name=authority_id.clone()
                            aria-describedby=move || if authority_error.get().is_some() { "placing-authority-hint placing-authority-error" } else { "placing-authority-hint" }
                            prop:value=move || request.with(|r| r.placing_authority.clone())
                            on:change:target=move |ev| request.update(|r| r.placing_authority = ev.target().value())
                        >
                            <option value="">"Select your authority"</option>
                            {authority_options().into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                        </select>
                    </div>
                    <TextInput path="social_worker.name" label="Your full name" autocomplete="name"
                        value=contact(|r| &r.social_worker, |c| &c.name) on_input=set_sw(|c, v| c.name = v) error=error("social_worker.name") />
                    <TextInput path="social_worker.team" label="Your team" autocomplete="organization-title"
                        value=contact(|r| &r.social_worker, |c| &c.team) on_input=set_sw(|c, v| c.team = v) error=error("social_worker.team") />
                    <TextInput path="social_worker.email" label="Your email address" input_type="email" autocomplete="email"
                        hint="Use your secure work email, for example one ending in .gov.uk"
                        value=contact(|r| &r.social_worker, |c| &c.email) on_input=set_sw(|c, v| c.email = v) error=error("social_worker.email") />
                    <TextInput path="social_worker.phone" label="Your telephone number" input_type="tel" autocomplete="tel" width_class="govuk-input--width-20"
                        value=contact(|r| &r.social_worker, |c| &c.phone) on_input=set_sw(|c, v| c.phone = v) error=error("social_worker.phone") />
                    <h2 class="govuk-heading-m">"Your team manager"</h2>
                    <TextInput path="team_manager.name" label="Team manager's full name"
                        value=contact(|r| &r.team_manager, |c| &c.name) on_input=set_tm(|c, v| c.name = v) error=error("team_manager.name") />
                    <TextInput path="team_manager.email" label="Team manager's email address" input_type="email"
                        value=contact(|r| &r.team_manager, |c| &c.email) on_input=set_tm(|c, v| c.email = v) error=error("team_manager.email") />
                    <button type="submit" class="govuk-button">"Continue"</button>
                </form>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_page_gets_the_rules_messages_in_page_order() {
        let found = check_page(&ConsultationRequest::default());
        let fields: Vec<&str> = found.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields.first(), Some(&"placing_authority"));
        assert!(fields.contains(&"social_worker.email"));
        assert!(found.iter().all(|f| f.field.starts_with("placing_authority")
            || f.field.starts_with("social_worker")
            || f.field.starts_with("team_manager")));
    }

    #[test]
    fn authority_list_is_sorted_by_name_and_complete() {
        let options = authority_options();
        assert_eq!(options.len(), Register::builtin().all().len());
        assert!(options.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}
