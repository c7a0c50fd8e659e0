//! The four submissions. Each is decoded from the versioned envelope, re-checked with the same
//! rules the app ran (with the server's date and the full postcode table), then handed to the
//! writer, which commits it, its case change, its timeline entry and its emails in one
//! transaction before anyone hears 201.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use contract::Receipt;
use placement_rules::forms::common::said_yes;
use placement_rules::forms::consultation_outcome::{ConsultationOutcome, Decision, OutcomeFacts};
use placement_rules::forms::consultation_request::ConsultationRequest;
use placement_rules::forms::documents_sent::DocumentsSent;
use placement_rules::forms::placement_confirmation::PlacementConfirmation;
use placement_rules::forms::placement_ending::{EndingFacts, PlacementEnding, end_notice_deadline};
use placement_rules::forms::placement_notification::{NotificationType, PlacementNotification, emergency_deadline};
use placement_rules::forms::placement_notification::{Sender, care_plan_due};
use placement_rules::forms::withdrawal::Withdrawal;
use placement_rules::reference::Reference;
use placement_rules::wire::{Envelope, decode};
use placement_rules::{CaseAction, CaseStatus, Date, Finding, Form, Kind, RULES_VERSION, Register, Severity, finding};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::access::{Act, Caller, require_case};
use crate::cases::case_or_not_found;
use crate::clock;
use crate::error::AppError;
use crate::routing::EmailPlan;
use crate::state::AppState;
use crate::store::{CaseChange, CaseOpen, CaseRow, NewSubmission, SentBy, Write, WriteOutcome};
use crate::tokens::sha256_hex;

type Answer = Result<(StatusCode, Json<Receipt>), AppError>;

fn read<T: DeserializeOwned>(body: &Bytes) -> Result<Envelope<T>, AppError> {
    decode::<T>(body).map_err(AppError::Malformed)
}

fn refuse_errors(findings: &[Finding]) -> Result<Vec<Finding>, AppError> {
    if finding::passes(findings) {
        Ok(findings.iter().filter(|f| f.severity == Severity::Warning).cloned().collect())
    } else {
        Err(AppError::Invalid(findings.to_vec()))
    }
}

/// The reference at `path` (`what` it is, in the message), normalised, or a refusal addressed to
/// that question.
fn normalised_reference(text: &str, path: &str, what: &str) -> Result<String, AppError> {
    Reference::parse(text).map(|r| r.to_string()).ok_or_else(|| {
        AppError::Invalid(vec![Finding::error(
            path,
            Kind::Format,
            format!("Enter the {what} as it appears in the email, like OLA-7K3M-Q2XD"),
        )])
    })
}

struct Prepared<T> {
    envelope: Envelope<T>,
    data: String,
    hash: String,
    today: Date,
}

fn prepare<T: DeserializeOwned + Serialize>(body: &Bytes) -> Result<Prepared<T>, AppError> {
    let envelope = read::<T>(body)?;
    // The hash is of the form as decoded and re-encoded, so spacing or key order in a retry
    // does not turn the same answers into a "different" submission.
    let data = serde_json::to_string(&envelope.data).map_err(AppError::internal)?;
    let hash = sha256_hex(&data);
    Ok(Prepared { envelope, data, hash, today: clock::uk_today() })
}

fn new_submission<T>(
    p: &Prepared<T>,
    kind: &'static str,
    case_reference: Option<String>,
    warnings: &[Finding],
) -> NewSubmission {
    NewSubmission {
        id: p.envelope.id.clone(),
        kind,
        case_reference,
        body_sha256: p.hash.clone(),
        data: p.data.clone(),
        rules_version: RULES_VERSION.to_owned(),
        client_rules_version: p.envelope.rules_version.clone(),
        warnings: serde_json::to_string(warnings).unwrap_or_else(|_| "[]".into()),
        received_at: clock::timestamp(clock::now()),
        received_on: p.today.to_string(),
        changes: None,
        moved_from: None,
    }
}

/// The case's state must allow `action` (the rules' state machine); the writer checks again inside
/// its transaction, where two submissions racing for one case meet.
fn state_allows(case: &CaseRow, action: CaseAction) -> Result<(), AppError> {
    let status = CaseStatus::from_id(&case.status)
        .ok_or_else(|| AppError::internal("a case has a status the rules do not know"))?;
    status.allows(action).map_err(|why| AppError::Conflict(why.to_owned()))
}

/// Stores the submission through the writer and logs it: `by` is the link or staff it came
/// with (none for a new consultation or notification, which anyone may send).
async fn finish<F: Form>(
    state: &AppState,
    headers: &HeaderMap,
    by: Option<&Caller>,
    mut write: Write,
    today: Date,
    warnings: Vec<Finding>,
) -> Answer {
    let kind = F::KIND;
    let (who, account) =
        by.map_or_else(|| ("A placing social worker".to_owned(), "none".to_owned()), Caller::for_the_log);
    write.sent_by = Some(SentBy { who, account, form: F::TITLE, address: crate::access::address(headers) });
    let outcome = state.writer.submit(write).await?;
    let (status, reference, case_reference) = match outcome {
        WriteOutcome::Created { reference, case_reference } => (StatusCode::CREATED, reference, case_reference),
        WriteOutcome::Existing { reference, case_reference } => (StatusCode::OK, reference, case_reference),
        WriteOutcome::Conflict => {
            return Err(AppError::Conflict(
                "This submission's id was already used for different answers. Start a new submission.".into(),
            ));
        }
        WriteOutcome::Refused(why) => return Err(AppError::Conflict(why.to_owned())),
        WriteOutcome::ReferenceTaken => {
            return Err(AppError::Unavailable("no free reference after several draws".into()));
        }
    };
    let receipt = Receipt {
        reference,
        case_reference,
        kind: kind.to_owned(),
        received_on: today,
        rules_version: RULES_VERSION.to_owned(),
        warnings,
    };
    Ok((status, Json(receipt)))
}

/// Every named upload must exist (it was sent to /api/attachments first) and belong to no case
/// yet. An upload's id is an unguessable secret that only its uploader holds until it is attached;
/// once attached, others with access to that case see its id, so it can never be claimed again
/// (a consultation must not pass "care plan required" with another case's care plan).
async fn attachments_claimable(state: &AppState, ids: &[String]) -> Result<(), AppError> {
    for id in ids {
        let refuse = |message: &str| AppError::Invalid(vec![Finding::error("documents", Kind::Required, message)]);
        match state.store.attachment_meta(id).await? {
            None => return Err(refuse("One of your files did not upload. Upload it again")),
            Some(meta) if meta.case_reference.is_some() => {
                return Err(refuse("One of your files belongs to another case. Upload your own copy of it"));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn miles_between(state: &AppState, home: &str, placement: &str) -> Option<f64> {
    let grid = |text: &str| {
        let pc = placement_rules::text::Postcode::parse(text)?;
        state.postcodes.get(&pc)?.grid
    };
    Some(grid(home)?.reported_miles_to(grid(placement)?))
}

pub async fn consultation(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    const KIND: &str = ConsultationRequest::KIND;
    let p = prepare::<ConsultationRequest>(&body)?;
    if let Some(receipt) = replay(&state, &p, KIND).await? {
        return Ok(receipt);
    }
    let request = &p.envelope.data;
    // The placement's host decides whose consultation this is, and whose email domains apply.
    let host = state.host_of_postcode(p.today, &request.placement.postcode);
    let ctx = state.rules_context(p.today, host.map(|h| h.authority.as_str()));
    let warnings = refuse_errors(&request.check(&ctx))?;
    let host = host.ok_or_else(|| AppError::internal("a checked request's placement is in no served host"))?;
    let ids: Vec<String> = request.documents.iter().map(|d| d.attachment_id.clone()).collect();
    if let Err(refused) = attachments_claimable(&state, &ids).await {
        // The same submission sent twice at once: its twin may have been stored with these files
        // since `replay` looked. Then this copy gets the twin's receipt.
        if let Some(receipt) = replay(&state, &p, KIND).await? {
            return Ok(receipt);
        }
        return Err(refused);
    }
    let assessment =
        request.assessment(&ctx).ok_or_else(|| AppError::internal("a checked request has no assessment"))?;
    let division = assessment.division.as_ref().map(|d| d.id.clone());
    let reply_due = ctx.calendar.add_working_days(p.today, host.reply_target_working_days);
    let distance = serde_json::to_value(assessment.distance).ok().and_then(|v| v.as_str().map(str::to_owned));
    let open = CaseOpen {
        host: host.authority.clone(),
        placing_authority: assessment.placing.gss.clone(),
        division: division.clone(),
        district: assessment.district.clone(),
        distance: distance.clone(),
        distance_miles: miles_between(&state, &request.child.home_postcode, &request.placement.postcode),
        requested_on: Some(p.today.to_string()),
        reply_due_on: Some(reply_due.to_string()),
        social_worker_email: Some(request.social_worker.email.trim().to_owned()),
        follows: None,
    };
    let detail = format!(
        "Consultation request from {}: {}; {} division; reply due {}",
        assessment.placing.name,
        assessment.distance.label().to_lowercase(),
        assessment.division.as_ref().map_or(host.short_name.as_str(), |d| d.name.as_str()),
        reply_due.long()
    );
    let write = Write {
        host: host.authority.clone(),
        submission: new_submission(&p, KIND, None, &warnings),
        change: CaseChange::Consultation(open),
        event: (KIND.to_owned(), detail),
        emails: EmailPlan::NewConsultation { division, social_worker: request.social_worker.email.trim().to_owned() },
        attachments: ids,
        sent_by: None,
    };
    finish::<ConsultationRequest>(&state, &headers, None, write, p.today, warnings).await
}

pub async fn outcome(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    const KIND: &str = ConsultationOutcome::KIND;
    let p = prepare::<ConsultationOutcome>(&body)?;
    let outcome = &p.envelope.data;
    let reference =
        normalised_reference(&outcome.consultation_reference, "consultation_reference", "consultation reference")?;
    let who = require_case(&state, &headers, &reference, Act::RecordOutcome).await?;
    if let Some(receipt) = replay(&state, &p, KIND).await? {
        return Ok(receipt);
    }
    let case = case_or_not_found(&state, &reference).await?;
    // The outcome is the case's host's: its divisions, its name in the messages.
    let ctx = state.case_context(p.today, &case.host);
    let requested = case.requested_on.as_deref().and_then(Date::parse_iso);
    let warnings = refuse_errors(&outcome.check_with(&ctx, OutcomeFacts { request_date: requested }))?;
    state_allows(&case, CaseAction::RecordOutcome)?;
    let decided = match outcome.decision {
        Some(Decision::Challenged) => CaseStatus::Challenged,
        _ => CaseStatus::Agreed,
    };
    let decision = decided.id();
    let working_days = requested.map_or(0, |r| i64::from(ctx.calendar.working_days_between(r, p.today)));
    let reason = outcome.challenge_reason.filter(|_| decided == CaseStatus::Challenged);
    let challenge_reason =
        reason.and_then(|r| serde_json::to_value(r).ok()).and_then(|v| v.as_str().map(str::to_owned));
    let by = match &who {
        Caller::Staff(staff) => format!("{} ({})", staff.role.name(), staff.name),
        Caller::Case { .. } => "the division's service manager".to_owned(),
    };
    let write = Write {
        host: case.host.clone(),
        submission: new_submission(&p, KIND, Some(reference.clone()), &warnings),
        change: CaseChange::Outcome {
            outcome_on: p.today.to_string(),
            decision: decision.to_owned(),
            challenge_reason: challenge_reason.clone(),
            working_days_to_outcome: working_days,
        },
        event: (
            KIND.to_owned(),
            format!(
                "Outcome recorded by {by}: {}{}; {working_days} working days after the request",
                decided.label(),
                reason.map(|r| format!(", reason: {}", r.label().to_lowercase())).unwrap_or_default()
            ),
        ),
        emails: EmailPlan::Outcome {
            division: case.division.clone(),
            decision: decided,
            reason: reason.map(|r| r.label()),
            social_worker: case.social_worker_email.clone(),
        },
        attachments: Vec::new(),
        sent_by: None,
    };
    finish::<ConsultationOutcome>(&state, &headers, Some(&who), write, p.today, warnings).await
}

/// A retry: the same id with the same answers gets the stored receipt and writes nothing; the
/// same id with other answers is refused. Checked before anything else, so a retry after the case
/// has moved on (an outcome already recorded) still gets its receipt.
async fn replay<T>(
    state: &AppState,
    p: &Prepared<T>,
    kind: &'static str,
) -> Result<Option<(StatusCode, Json<Receipt>)>, AppError> {
    let Some((hash, reference, case_reference)) = state.store.submission(&p.envelope.id).await? else {
        return Ok(None);
    };
    if hash != p.hash {
        return Err(AppError::Conflict(
            "This submission's id was already used for different answers. Start a new submission.".into(),
        ));
    }
    let receipt = Receipt {
        reference,
        case_reference,
        kind: kind.to_owned(),
        received_on: p.today,
        rules_version: RULES_VERSION.to_owned(),
        warnings: Vec::new(),
    };
    Ok(Some((StatusCode::OK, Json(receipt))))
}

pub async fn notification(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    const KIND: &str = PlacementNotification::KIND;
    let p = prepare::<PlacementNotification>(&body)?;
    let n = &p.envelope.data;
    if let Some(receipt) = replay(&state, &p, KIND).await? {
        return Ok(receipt);
    }
    let placed_with = state.host_of_postcode(p.today, &n.placement.postcode);
    let ctx = state.rules_context(p.today, placed_with.map(|h| h.authority.as_str()));
    let warnings = refuse_errors(&n.check(&ctx))?;
    let placed_with =
        placed_with.ok_or_else(|| AppError::internal("a checked notification's placement is in no served host"))?;
    let mut by = None;
    let reference = if n.consultation_reference.trim().is_empty() {
        None
    } else {
        let r = normalised_reference(&n.consultation_reference, "consultation_reference", "consultation reference")?;
        by = Some(require_case(&state, &headers, &r, Act::PlacingChange).await?);
        Some(r)
    };
    let case = match &reference {
        Some(r) => Some(case_or_not_found(&state, r).await?),
        None => None,
    };
    let follows = placement_followed(&state, &headers, n, placed_with, reference.is_some()).await?;
    if let Some(case) = &case {
        state_allows(case, CaseAction::Notify)?;
        if case.host != placed_with.authority {
            let consulted = state.host(&case.host)?;
            return Err(AppError::Invalid(vec![Finding::error(
                "placement.postcode",
                Kind::OutsideHost,
                format!(
                    "This placement is now in {}, not {} as consulted on. Leave the consultation reference \
                     empty to notify {} of the placement, and withdraw the consultation with {}",
                    placed_with.short_name, consulted.short_name, placed_with.short_name, consulted.short_name
                ),
            )]));
        }
    }
    // What changed since the consultation (rules domain §8.11): flagged to the host, stored with
    // the notification, and said in the emails' subject.
    let consulted = match &reference {
        Some(r) => state.store.submission_data(r, ConsultationRequest::KIND).await?,
        None => None,
    };
    let changes = match consulted {
        Some((data, _)) => {
            let request: ConsultationRequest = serde_json::from_str(&data).map_err(AppError::internal)?;
            n.changes_from(&request)
        }
        None => Vec::new(),
    };
    let ids: Vec<String> = n.documents.iter().map(|d| d.attachment_id.clone()).collect();
    if let Err(refused) = attachments_claimable(&state, &ids).await {
        // The same submission sent twice at once: its twin may have been stored with these files
        // since `replay` looked. Then this copy gets the twin's receipt.
        if let Some(receipt) = replay(&state, &p, KIND).await? {
            return Ok(receipt);
        }
        return Err(refused);
    }
    let start = placement_rules::date::parse_answer(&n.start_date, "start_date", "Start date")
        .ok()
        .flatten()
        .ok_or_else(|| AppError::internal("a checked notification has no start date"))?;
    let emergency = n.notification_type == Some(NotificationType::Emergency);
    let by_provider = n.sent_by == Some(Sender::Provider);
    let late = emergency && p.today > emergency_deadline(start, ctx.calendar);
    let place = placement_rules::locate::locate(&n.placement.postcode, &ctx).ok();
    // The case goes to the division where the placement is now; the one it leaves is told.
    let placed_in = place.as_ref().and_then(|w| w.division).map(|d| d.id.clone());
    let was_with = case.as_ref().and_then(|c| c.division.clone());
    let division = placed_in.clone().or_else(|| was_with.clone());
    let moved_from = was_with.filter(|old| case.is_some() && placed_in.as_ref().is_some_and(|new| new != old));
    let opens = case.is_none().then(|| CaseOpen {
        host: placed_with.authority.clone(),
        placing_authority: Register::builtin().find(&n.placing_authority).map(|a| a.gss.clone()).unwrap_or_default(),
        division: division.clone(),
        district: place.as_ref().and_then(|w| w.district).map(|d| d.name.clone()),
        distance: None,
        distance_miles: None,
        requested_on: None,
        reply_due_on: None,
        social_worker_email: Some(
            if by_provider { n.placing_social_worker_email.trim() } else { n.notifier.email.trim() }.to_owned(),
        ),
        follows: follows.clone(),
    });
    let kind_name = match n.notification_type {
        Some(NotificationType::Emergency) => "emergency",
        Some(NotificationType::Change) => "change",
        _ => "new",
    };
    let labels: Vec<&str> =
        changes.iter().map(|path| PlacementNotification::question(path).map_or(*path, |q| q.label)).collect();
    let detail = format!(
        "Placement notification ({kind_name}); placement starts {}; {}{}{}",
        start.long(),
        if p.today < start {
            "notified before the start"
        } else if late {
            "notified late"
        } else {
            "notified after the start"
        },
        if labels.is_empty() {
            String::new()
        } else {
            format!("; changed since the consultation: {}", labels.join(", "))
        },
        moved_from
            .as_deref()
            .map(|old| format!(
                "; moved from {} to {}",
                placed_with.division_name(Some(old), "another division"),
                placed_with.division_name(division.as_deref(), "another division")
            ))
            .unwrap_or_default(),
    );
    let mut submission = new_submission(&p, KIND, reference, &warnings);
    submission.changes = Some(serde_json::to_string(&changes).map_err(AppError::internal)?);
    submission.moved_from.clone_from(&moved_from);
    let write = Write {
        host: placed_with.authority.clone(),
        submission,
        change: CaseChange::Notification {
            notified_on: p.today.to_string(),
            start_date: start.to_string(),
            notification_type: kind_name.to_owned(),
            notified_before_start: p.today < start,
            late_emergency: late,
            opens,
            moves_to: moved_from.as_ref().and(division.clone()),
            status: if by_provider { CaseStatus::AwaitingConfirmation.id() } else { CaseStatus::Notified.id() },
            care_plan_due_on: said_yes(n.care_plan_to_follow).then(|| care_plan_due(start, ctx.calendar).to_string()),
            planned_end_on: placement_rules::date::parse_answer(
                &n.planned_end_date,
                "planned_end_date",
                "Planned end date",
            )
            .ok()
            .flatten()
            .map(|d| d.to_string()),
        },
        event: (KIND.to_owned(), detail),
        emails: EmailPlan::Notification {
            division,
            emergency,
            changed: !changes.is_empty(),
            moved_from,
            // A provider's notice is acknowledged to the placing social worker, who confirms it.
            acknowledge: case.is_none().then(|| {
                if by_provider { n.placing_social_worker_email.trim() } else { n.notifier.email.trim() }.to_owned()
            }),
            awaiting_confirmation_by: by_provider.then(|| Register::builtin().name_of(&n.placing_authority).to_owned()),
        },
        attachments: ids,
        sent_by: None,
    };
    finish::<PlacementNotification>(&state, &headers, by.as_ref(), write, p.today, warnings).await
}

/// Domain brief §8.3: a move within the host's area is an ending and a new placement. The new
/// notification names the ended one, from the same placing social worker's link, so the host sees
/// the two linked; `None` when it follows none.
async fn placement_followed(
    state: &AppState,
    headers: &HeaderMap,
    n: &PlacementNotification,
    placed_with: &crate::config::Host,
    answers_a_consultation: bool,
) -> Result<Option<String>, AppError> {
    if n.follows_case.trim().is_empty() {
        return Ok(None);
    }
    let refuse = |message: String| AppError::Invalid(vec![Finding::error("follows_case", Kind::Inconsistent, message)]);
    if answers_a_consultation {
        return Err(refuse(
            "A notification that answers a consultation does not follow another placement. Leave this empty".into(),
        ));
    }
    let earlier = normalised_reference(&n.follows_case, "follows_case", "case reference")?;
    require_case(state, headers, &earlier, Act::PlacingChange).await?;
    let case = case_or_not_found(state, &earlier).await?;
    if case.host != placed_with.authority {
        return Err(refuse(format!(
            "That placement was not in {}. A placement only follows one in the same council's area",
            placed_with.short_name
        )));
    }
    if case.status != CaseStatus::Ended.id() {
        return Err(refuse(format!(
            "Tell {} that placement has ended first, from its case, then notify this one",
            placed_with.short_name
        )));
    }
    Ok(Some(earlier))
}

pub async fn withdrawal(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    const KIND: &str = Withdrawal::KIND;
    let p = prepare::<Withdrawal>(&body)?;
    let w = &p.envelope.data;
    let reference =
        normalised_reference(&w.consultation_reference, "consultation_reference", "consultation reference")?;
    let by = require_case(&state, &headers, &reference, Act::PlacingChange).await?;
    if let Some(receipt) = replay(&state, &p, KIND).await? {
        return Ok(receipt);
    }
    let case = case_or_not_found(&state, &reference).await?;
    let ctx = state.case_context(p.today, &case.host);
    let warnings = refuse_errors(&w.check(&ctx))?;
    state_allows(&case, CaseAction::Withdraw)?;
    let reason = w.reason.map(|r| r.label()).unwrap_or("no reason given");
    let write = Write {
        host: case.host.clone(),
        submission: new_submission(&p, KIND, Some(reference), &warnings),
        change: CaseChange::Withdrawal { withdrawn_on: p.today.to_string() },
        event: (KIND.to_owned(), format!("Withdrawn by the placing authority: {reason}")),
        emails: EmailPlan::Withdrawal { division: case.division.clone() },
        attachments: Vec::new(),
        sent_by: None,
    };
    finish::<Withdrawal>(&state, &headers, Some(&by), write, p.today, warnings).await
}

pub async fn ending(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    const KIND: &str = PlacementEnding::KIND;
    let p = prepare::<PlacementEnding>(&body)?;
    let e = &p.envelope.data;
    let reference = normalised_reference(&e.case_reference, "case_reference", "case reference")?;
    let by = require_case(&state, &headers, &reference, Act::PlacingChange).await?;
    if let Some(receipt) = replay(&state, &p, KIND).await? {
        return Ok(receipt);
    }
    let case = case_or_not_found(&state, &reference).await?;
    let ctx = state.case_context(p.today, &case.host);
    let facts = EndingFacts { start_date: case.start_date.as_deref().and_then(Date::parse_iso) };
    let warnings = refuse_errors(&e.check_with(&ctx, facts))?;
    state_allows(&case, CaseAction::End)?;
    let end = placement_rules::date::parse_answer(&e.end_date, "end_date", "End date")
        .ok()
        .flatten()
        .ok_or_else(|| AppError::internal("a checked ending has no end date"))?;
    let told_late = p.today > end_notice_deadline(end, ctx.calendar);
    let reason = e.reason.ok_or_else(|| AppError::internal("a checked ending has no reason"))?;
    let detail = format!(
        "Placement ended on {} ({}); {}",
        end.long(),
        reason.label().to_lowercase(),
        if p.today < end {
            "told before the end"
        } else if told_late {
            "told more than 10 working days after the end"
        } else {
            "told after the end, within 10 working days"
        }
    );
    let write = Write {
        host: case.host.clone(),
        submission: new_submission(&p, KIND, Some(reference), &warnings),
        change: CaseChange::Ending {
            ended_on: p.today.to_string(),
            end_date: end.to_string(),
            reason: serde_json::to_value(reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .ok_or_else(|| AppError::internal("an ending reason has no id"))?,
            told_late,
        },
        event: (KIND.to_owned(), detail),
        emails: EmailPlan::Ending { division: case.division.clone(), told_late },
        attachments: Vec::new(),
        sent_by: None,
    };
    finish::<PlacementEnding>(&state, &headers, Some(&by), write, p.today, warnings).await
}

/// The placing authority confirms a provider's notification (domain brief §8.10), from its link.
pub async fn confirmation(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    const KIND: &str = PlacementConfirmation::KIND;
    let p = prepare::<PlacementConfirmation>(&body)?;
    let c = &p.envelope.data;
    let reference = normalised_reference(&c.case_reference, "case_reference", "case reference")?;
    let by = require_case(&state, &headers, &reference, Act::PlacingChange).await?;
    if let Some(receipt) = replay(&state, &p, KIND).await? {
        return Ok(receipt);
    }
    let case = case_or_not_found(&state, &reference).await?;
    let ctx = state.case_context(p.today, &case.host);
    let warnings = refuse_errors(&c.check(&ctx))?;
    state_allows(&case, CaseAction::Confirm)?;
    let placing = Register::builtin().name_of(&case.placing_authority).to_owned();
    let write = Write {
        host: case.host.clone(),
        submission: new_submission(&p, KIND, Some(reference), &warnings),
        change: CaseChange::Confirmation,
        event: (KIND.to_owned(), format!("The provider's notification was confirmed by {placing}")),
        emails: EmailPlan::Confirmation { division: case.division.clone(), placing },
        attachments: Vec::new(),
        sent_by: None,
    };
    finish::<PlacementConfirmation>(&state, &headers, Some(&by), write, p.today, warnings).await
}

/// Documents after the notification (reg 4(2): a care plan that was to follow), from the placing
/// social worker's link: attached to the case, and the host told.
pub async fn documents(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Answer {
    const KIND: &str = DocumentsSent::KIND;
    let p = prepare::<DocumentsSent>(&body)?;
    let d = &p.envelope.data;
    let reference = normalised_reference(&d.case_reference, "case_reference", "case reference")?;
    let by = require_case(&state, &headers, &reference, Act::PlacingChange).await?;
    if let Some(receipt) = replay(&state, &p, KIND).await? {
        return Ok(receipt);
    }
    let case = case_or_not_found(&state, &reference).await?;
    let ctx = state.case_context(p.today, &case.host);
    let warnings = refuse_errors(&d.check(&ctx))?;
    state_allows(&case, CaseAction::SendDocuments)?;
    let ids: Vec<String> = d.documents.iter().map(|x| x.attachment_id.clone()).collect();
    if let Err(refused) = attachments_claimable(&state, &ids).await {
        if let Some(receipt) = replay(&state, &p, KIND).await? {
            return Ok(receipt);
        }
        return Err(refused);
    }
    let care_plan = d.brings_care_plan();
    let kinds: Vec<&str> = d.documents.iter().map(|x| x.kind.label()).collect();
    let write = Write {
        host: case.host.clone(),
        submission: new_submission(&p, KIND, Some(reference), &warnings),
        change: CaseChange::Documents { care_plan_on: care_plan.then(|| p.today.to_string()) },
        event: (KIND.to_owned(), format!("Documents received from the placing authority: {}", kinds.join(", "))),
        emails: EmailPlan::Documents { division: case.division.clone(), care_plan },
        attachments: ids,
        sent_by: None,
    };
    finish::<DocumentsSent>(&state, &headers, Some(&by), write, p.today, warnings).await
}
