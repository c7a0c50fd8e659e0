//! One consultation, for whoever holds its link (service manager or placing social worker) or a
//! signed-in member of staff: the request as a read-only summary, its status and its documents.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use placement_rules::forms::consultation_request::ConsultationRequest;
use placement_rules::reference::Reference;
use serde::Serialize;

use crate::access::require_case;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{AttachmentMeta, CaseRow, EventRow};
use crate::tokens::Scope;

/// The case with this (normalised) reference, or a 404 saying so.
pub async fn case_or_not_found(state: &AppState, reference: &str) -> Result<CaseRow, AppError> {
    state
        .store
        .case(reference)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("We cannot find a consultation with reference {reference}.")))
}

#[derive(Debug, Serialize)]
pub struct CaseView {
    pub case: CaseRow,
    pub consultation: Option<ConsultationRequest>,
    pub requested_on: Option<String>,
    pub attachments: Vec<AttachmentMeta>,
    pub timeline: Vec<EventRow>,
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> Result<Json<CaseView>, AppError> {
    let reference = Reference::parse(&reference)
        .ok_or_else(|| AppError::NotFound("There is no consultation with that reference.".into()))?
        .to_string();
    require_case(&state, &headers, &reference, &[Scope::ServiceManager, Scope::Placing])?;
    let case = case_or_not_found(&state, &reference).await?;
    let stored = state.store.submission_data(&reference, "consultation-request").await?;
    let (consultation, requested_on) = match stored {
        Some((data, on)) => (Some(serde_json::from_str(&data).map_err(AppError::internal)?), Some(on)),
        None => (None, None),
    };
    Ok(Json(CaseView {
        case,
        consultation,
        requested_on,
        attachments: state.store.attachments_of(&reference).await?,
        timeline: state.store.events(&reference).await?,
    }))
}
