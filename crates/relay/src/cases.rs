//! One case, for whoever holds its link (service manager or placing social worker) or a signed-in
//! member of staff: everything each person wrote, in the order it happened, as the contract's
//! [`CaseView`]. What a viewer may read is decided here, in [`view_for`], and nowhere else.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use contract::{Allowed, CaseSummary, CaseView, Document, Named, NotificationSent, Sent, TimelineEntry, Viewer};
use placement_rules::reference::Reference;
use placement_rules::{
    CaseAction, CaseStatus, ConsultationOutcome, ConsultationRequest, Date, DocumentsSent, Form, PlacementConfirmation,
    PlacementEnding, PlacementNotification, Register, Withdrawal,
};
use serde::de::DeserializeOwned;

use crate::access::{Access, Act, Caller, require_case};
use crate::config::Host;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{AttachmentMeta, CaseRow, EventRow, StoredSubmission};
use crate::tokens::Scope;
use contract::staff::{AccessAction, StaffRole};

/// The case with this (normalised) reference, or a 404 saying so.
pub async fn case_or_not_found(state: &AppState, reference: &str) -> Result<CaseRow, AppError> {
    state
        .store
        .case(reference)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("We cannot find a consultation with reference {reference}.")))
}

fn date(text: Option<&str>) -> Option<Date> {
    text.and_then(Date::parse_iso)
}

fn enum_of<T: DeserializeOwned>(id: Option<&str>) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(id?.to_owned())).ok()
}

/// A case row as people read it: names for codes, typed dates and choices.
pub fn summary(row: &CaseRow, host: &Host) -> CaseSummary {
    let division = |id: &str| host.division_named(id);
    CaseSummary {
        reference: row.reference.clone(),
        status: CaseStatus::from_id(&row.status).unwrap_or(CaseStatus::AwaitingOutcome),
        placing_authority: Named {
            code: row.placing_authority.clone(),
            name: Register::builtin().name_of(&row.placing_authority).to_owned(),
        },
        division: row.division.as_deref().map(division),
        district: row.district.clone(),
        distance: enum_of(row.distance.as_deref()),
        distance_miles: row.distance_miles,
        requested_on: date(row.requested_on.as_deref()),
        reply_due_on: date(row.reply_due_on.as_deref()),
        outcome_on: date(row.outcome_on.as_deref()),
        outcome: row.decision.as_deref().and_then(CaseStatus::from_id),
        challenge_reason: enum_of(row.challenge_reason.as_deref()),
        working_days_to_outcome: row.working_days_to_outcome,
        notified_on: date(row.notified_on.as_deref()),
        start_date: date(row.start_date.as_deref()),
        notification_type: enum_of(row.notification_type.as_deref()),
        notified_before_start: row.notified_before_start,
        late_emergency: row.late_emergency,
        withdrawn_on: date(row.withdrawn_on.as_deref()),
        ended_on: date(row.ended_on.as_deref()),
        end_date: date(row.end_date.as_deref()),
        end_reason: enum_of(row.end_reason.as_deref()),
        end_told_late: row.end_told_late,
        care_plan_due_on: date(row.care_plan_due_on.as_deref()),
        care_plan_received_on: date(row.care_plan_received_on.as_deref()),
        follows: row.follows.clone(),
        followed_by: None,
        planned_end_on: date(row.planned_end_on.as_deref()),
    }
}

/// Everything stored about a case, before anything is left out for a viewer.
#[derive(Debug)]
pub struct Whole {
    pub row: CaseRow,
    /// The placement that followed this one in the host's area, if any.
    pub followed_by: Option<String>,
    pub submissions: Vec<StoredSubmission>,
    pub attachments: Vec<AttachmentMeta>,
    pub events: Vec<EventRow>,
}

fn sent<T: DeserializeOwned>(s: &StoredSubmission) -> Result<Sent<T>, AppError> {
    Ok(Sent {
        reference: s.reference.clone(),
        received_on: Date::parse_iso(&s.received_on).ok_or_else(|| AppError::internal("a stored date is not ISO"))?,
        answers: serde_json::from_str(&s.data).map_err(AppError::internal)?,
    })
}

/// What `viewer` may read of the case and may do with it. The one place these rules live:
/// - everyone with access reads every submission and document: the consultation is a
///   conversation, and each side must read what the other wrote;
/// - the timeline is the host's own record of routing and staff actions (who was emailed, which
///   staff account acted): the host's people only, never the placing authority;
/// - the actions follow the case's state ([`CaseStatus::allows`]) and who is asking: the host
///   records the outcome, the placing authority notifies, withdraws and ends.
pub fn view_for(viewer: Viewer, whole: &Whole, host: &Host) -> Result<CaseView, AppError> {
    let mut summary = summary(&whole.row, host);
    summary.followed_by.clone_from(&whole.followed_by);
    let of_kind = |kind: &'static str| whole.submissions.iter().filter(move |s| s.kind == kind);
    let request = of_kind(ConsultationRequest::KIND).next().map(sent::<ConsultationRequest>).transpose()?;
    let outcome = of_kind(ConsultationOutcome::KIND).next().map(sent::<ConsultationOutcome>).transpose()?;
    let withdrawal = of_kind(Withdrawal::KIND).next().map(sent::<Withdrawal>).transpose()?;
    let ending = of_kind(PlacementEnding::KIND).next().map(sent::<PlacementEnding>).transpose()?;
    let confirmation = of_kind(PlacementConfirmation::KIND).next().map(sent::<PlacementConfirmation>).transpose()?;
    let documents_sent = of_kind(DocumentsSent::KIND).map(sent::<DocumentsSent>).collect::<Result<Vec<_>, _>>()?;
    let notifications = of_kind(PlacementNotification::KIND)
        .map(|s| {
            Ok(NotificationSent {
                sent: sent::<PlacementNotification>(s)?,
                changes: s
                    .changes
                    .as_deref()
                    .map(serde_json::from_str)
                    .transpose()
                    .map_err(AppError::internal)?
                    .unwrap_or_default(),
                moved_from: s.moved_from.as_deref().map(|id| host.division_named(id)),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let documents = whole
        .attachments
        .iter()
        .map(|a| Document {
            id: a.id.clone(),
            file_name: a.file_name.clone(),
            content_type: a.content_type.clone(),
            size: a.size,
        })
        .collect();
    let hosts_own = matches!(viewer, Viewer::ServiceManager | Viewer::Staff);
    let timeline = hosts_own
        .then(|| whole.events.iter().map(|e| TimelineEntry { at: e.at.clone(), what: e.detail.clone() }).collect());
    let can = |action| summary.status.allows(action).is_ok();
    let may = Allowed {
        record_outcome: hosts_own && request.is_some() && can(CaseAction::RecordOutcome),
        notify: viewer == Viewer::PlacingSocialWorker && can(CaseAction::Notify),
        withdraw: viewer == Viewer::PlacingSocialWorker && can(CaseAction::Withdraw),
        end: viewer == Viewer::PlacingSocialWorker && can(CaseAction::End),
        confirm: viewer == Viewer::PlacingSocialWorker && can(CaseAction::Confirm),
        send_documents: viewer == Viewer::PlacingSocialWorker && can(CaseAction::SendDocuments),
    };
    Ok(CaseView {
        viewer,
        host: host.short_name.clone(),
        host_code: host.authority.clone(),
        summary,
        request,
        outcome,
        notifications,
        withdrawal,
        ending,
        confirmation,
        documents_sent,
        documents,
        timeline,
        links: None,
        may,
    })
}

pub async fn whole(state: &AppState, reference: &str) -> Result<Whole, AppError> {
    Ok(Whole {
        row: case_or_not_found(state, reference).await?,
        followed_by: state.store.followed_by(reference).await?,
        submissions: state.store.case_submissions(reference).await?,
        attachments: state.store.attachments_of(reference).await?,
        events: state.store.events(reference).await?,
    })
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> Result<Json<CaseView>, AppError> {
    let reference = Reference::parse(&reference)
        .ok_or_else(|| AppError::NotFound("There is no consultation with that reference.".into()))?
        .to_string();
    let caller = require_case(&state, &headers, &reference, Act::ReadCase).await?;
    let viewer = match &caller {
        Caller::Staff(_) => Viewer::Staff,
        Caller::Case { scope: Scope::ServiceManager, .. } => Viewer::ServiceManager,
        Caller::Case { .. } => Viewer::PlacingSocialWorker,
    };
    let front_door = matches!(&caller, Caller::Staff(s) if s.role == StaffRole::FrontDoor);
    let view = view_of(&state, viewer, &reference, front_door).await?;
    Access::to_case(&caller, &reference, AccessAction::ViewedCase).record(&state, &headers).await?;
    Ok(Json(view))
}

/// The case as `viewer` reads it; with its links when the viewer is the host's Front Door.
pub async fn view_of(
    state: &AppState,
    viewer: Viewer,
    reference: &str,
    front_door: bool,
) -> Result<CaseView, AppError> {
    let whole = whole(state, reference).await?;
    let host = state.host(&whole.row.host)?;
    let mut view = view_for(viewer, &whole, host)?;
    if front_door {
        view.links = Some(crate::case_links::links_of(state, reference).await?);
    }
    Ok(view)
}
