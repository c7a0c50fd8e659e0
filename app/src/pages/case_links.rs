//! Front Door's list of the links to a case that emails carried: whose each is, where it went, and
//! whether it still opens the case, with a new link for its holder (the old one stops) or its
//! withdrawal (after a confirmation: nothing replaces it).

use contract::{CaseView, LinkAction, LinkSent, LinkState, paths};
use leptos::prelude::*;

use crate::fetch;

fn tag(state: LinkState) -> &'static str {
    match state {
        LinkState::Open => "govuk-tag govuk-tag--green",
        LinkState::Expired => "govuk-tag govuk-tag--grey",
        LinkState::Withdrawn => "govuk-tag govuk-tag--red",
        LinkState::Replaced => "govuk-tag govuk-tag--grey",
    }
}

/// What happened last, as the banner says it. Kept by the page, so it outlives the list's redraw
/// with the changed case.
#[derive(Clone)]
pub enum Done {
    /// What changed, in a sentence.
    Changed(String),
    Failed(&'static str),
}

#[component]
pub fn CaseLinks(
    reference: String,
    links: Vec<LinkSent>,
    on_changed: Callback<CaseView>,
    done: RwSignal<Option<Done>>,
) -> impl IntoView {
    // The link whose withdrawal waits for "Yes".
    let confirming = RwSignal::new(None::<LinkSent>);
    let banner = NodeRef::<leptos::html::Div>::new();
    let act = Callback::new(move |(link, action): (LinkSent, LinkAction)| {
        let url = paths::case_link(&reference, &link.id);
        leptos::task::spawn_local(async move {
            let result = fetch::post_json(&url, &action).await;
            confirming.set(None);
            match result.map(serde_json::from_value::<CaseView>) {
                Ok(Ok(view)) => {
                    let to = &link.to;
                    done.set(Some(Done::Changed(match action {
                        LinkAction::SendNew => {
                            format!("A new link was sent to {to}. The link it replaces no longer opens the case.")
                        }
                        LinkAction::Withdraw => {
                            format!("The link sent to {to} was withdrawn. It no longer opens the case.")
                        }
                    })));
                    on_changed.run(view);
                }
                Ok(Err(_)) => done.set(Some(Done::Failed("Something went wrong. Try again later."))),
                Err(e) => done.set(Some(Done::Failed(e.message()))),
            }
        });
    });
    // The banner says what happened: focus moves to it once it is drawn, as GOV.UK's pattern does.
    Effect::new(move |_| {
        if done.get().is_some()
            && let Some(b) = banner.get()
        {
            let _ = b.focus();
        }
    });
    view! {
        <h2 class="govuk-heading-m" id="links">"Links sent by email"</h2>
        <div node_ref=banner tabindex="-1">
            {move || done.get().map(|d| match d {
                Done::Failed(message) => view! {
                    <div class="govuk-error-summary" role="alert">
                        <h3 class="govuk-error-summary__title">"The link was not changed"</h3>
                        <div class="govuk-error-summary__body"><p class="govuk-body">{message}</p></div>
                    </div>
                }.into_any(),
                Done::Changed(said) => {
                    view! {
                        <div class="govuk-notification-banner govuk-notification-banner--success" role="alert"
                            aria-labelledby="links-banner-title">
                            <div class="govuk-notification-banner__header">
                                <h3 class="govuk-notification-banner__title" id="links-banner-title">"Success"</h3>
                            </div>
                            <div class="govuk-notification-banner__content">
                                <p class="govuk-notification-banner__heading">{said}</p>
                            </div>
                        </div>
                    }.into_any()
                }
            })}
        </div>
        <p class="govuk-body">"Each link lets one person act on this case. If someone has lost theirs, or it has expired, send them a new one: the old one stops working. Withdraw a link that went to the wrong person."</p>
        {move || confirming.get().map(|link| {
            let yes = link.clone();
            view! {
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text">
                        <span class="govuk-visually-hidden">"Warning"</span>
                        {format!("Withdraw the {} link sent to {}? It will stop working and nothing will replace it.", link.holder.label().to_lowercase(), link.to)}
                    </strong>
                </div>
                <div class="govuk-button-group">
                    <button type="button" class="govuk-button govuk-button--warning" id="confirm-withdraw"
                        on:click=move |_| act.run((yes.clone(), LinkAction::Withdraw))>"Yes, withdraw the link"</button>
                    <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| confirming.set(None)>"Cancel"</button>
                </div>
            }
        })}
        <div class="app-table-scroll" role="region" aria-label="Links sent by email" tabindex="0">
            <table class="govuk-table">
                <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                        {["For", "Sent to", "Sent", "Expires", "Status", "Change"].map(|h| view! { <th scope="col" class="govuk-table__header">{h}</th> })}
                    </tr>
                </thead>
                <tbody class="govuk-table__body">
                    {links.into_iter().map(|link| {
                        let changeable = matches!(link.state, LinkState::Open | LinkState::Expired);
                        let whose = format!("{} ({})", link.holder.label().to_lowercase(), link.to);
                        let (renew, withdraw) = (link.clone(), link.clone());
                        view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{link.holder.label()}</td>
                                <td class="govuk-table__cell">{link.to.clone()}</td>
                                <td class="govuk-table__cell">{link.sent_on.long()}</td>
                                <td class="govuk-table__cell">{link.expires_on.long()}</td>
                                <td class="govuk-table__cell"><strong class=tag(link.state)>{link.state.label()}</strong></td>
                                <td class="govuk-table__cell">
                                    {changeable.then(|| {
                                        let whose = whose.clone();
                                        view! {
                                            <div class="govuk-button-group">
                                                <button type="button" class="govuk-button govuk-button--secondary"
                                                    on:click=move |_| act.run((renew.clone(), LinkAction::SendNew))>
                                                    "Send a new link"<span class="govuk-visually-hidden">{format!(" to the {whose}")}</span>
                                                </button>
                                                {(link.state == LinkState::Open).then(|| view! {
                                                    <button type="button" class="govuk-button govuk-button--warning"
                                                        on:click=move |_| confirming.set(Some(withdraw.clone()))>
                                                        "Withdraw"<span class="govuk-visually-hidden">{format!(" the link of the {whose}")}</span>
                                                    </button>
                                                })}
                                            </div>
                                        }
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
