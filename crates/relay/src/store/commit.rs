//! A submission's transaction: its row, the change to its case (guarded by the states the rules
//! allow it from, so the check and the change are one step), its timeline entry, its documents
//! and its emails (rendered before the transaction began). Expanded inside each backend's module
//! by `backend!`.

use placement_rules::{CaseAction, CaseStatus};

/// The states `action` may start from, as a SQL list. The ids are the rules crate's own constants,
/// never input, so writing them into the statement is safe.
pub(super) fn allowed_from(action: CaseAction) -> String {
    CaseStatus::allowing(action).map(|s| format!("'{}'", s.id())).collect::<Vec<_>>().join(", ")
}

/// The commit statements, for the backend module that expands them (`$begin` opens its
/// transaction).
macro_rules! commit_statements {
    ($begin:literal) => {
        pub async fn commit(p: &P, writes: &[Ready]) -> sqlx::Result<Vec<WriteOutcome>> {
            let mut conn = p.acquire().await?;
            let done = commit_on(&mut conn, writes).await;
            if done.is_err() {
                discard(conn);
            }
            done
        }

        async fn commit_on(
            conn: &mut sqlx::pool::PoolConnection<Db>,
            writes: &[Ready],
        ) -> sqlx::Result<Vec<WriteOutcome>> {
            let mut tx = sqlx::Connection::begin_with(&mut **conn, $begin).await?;
            let mut outcomes = Vec::with_capacity(writes.len());
            for w in writes {
                outcomes.push(commit_one(&mut tx, w).await?);
            }
            tx.commit().await?;
            Ok(outcomes)
        }

        /// What is stored under this submission's id, and whether `reference` is taken: one query.
        async fn existing(tx: &mut Tx<'_>, w: &Write, reference: &str) -> sqlx::Result<(Option<WriteOutcome>, bool)> {
            let rows = sqlx::query(
                "SELECT id, body_sha256, reference, case_reference FROM submissions WHERE id = $1 OR reference = $2",
            )
            .bind(&w.submission.id)
            .bind(reference)
            .fetch_all(&mut **tx)
            .await?;
            let mut found = None;
            let mut taken = false;
            for row in &rows {
                let id: String = row.try_get("id")?;
                let stored_reference: String = row.try_get("reference")?;
                taken |= stored_reference == reference;
                if id == w.submission.id {
                    let hash: String = row.try_get("body_sha256")?;
                    found = Some(if hash == w.submission.body_sha256 {
                        WriteOutcome::Existing { reference: stored_reference, case_reference: row.try_get("case_reference")? }
                    } else {
                        WriteOutcome::Conflict
                    });
                }
            }
            Ok((found, taken))
        }

        async fn commit_one(tx: &mut Tx<'_>, ready: &Ready) -> sqlx::Result<WriteOutcome> {
            let (w, reference) = (&ready.write, ready.reference.clone());
            match existing(tx, w, &reference).await? {
                (Some(found), _) => return Ok(found),
                (None, true) => return Ok(WriteOutcome::ReferenceTaken),
                (None, false) => {}
            }
            let s = &w.submission;
            let case_reference = s.case_reference.clone().unwrap_or_else(|| reference.clone());
            let inserted = sqlx::query(
                "INSERT INTO submissions (id, kind, reference, case_reference, body_sha256, data, rules_version, \
                 client_rules_version, warnings, received_at, received_on, changes, moved_from) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING",
            )
            .bind(&s.id)
            .bind(s.kind)
            .bind(&reference)
            .bind(&case_reference)
            .bind(&s.body_sha256)
            .bind(&s.data)
            .bind(&s.rules_version)
            .bind(&s.client_rules_version)
            .bind(&s.warnings)
            .bind(&s.received_at)
            .bind(&s.received_on)
            .bind(&s.changes)
            .bind(&s.moved_from)
            .execute(&mut **tx)
            .await?
            .rows_affected();
            if inserted == 0 {
                // Another relay stored the same id a moment ago.
                return Ok(existing(tx, w, &reference).await?.0.unwrap_or(WriteOutcome::Conflict));
            }
            if let Some(action) = w.change.action()
                && !apply_change(tx, &case_reference, &w.change, &s.received_at).await?
            {
                // Checked here, in the transaction, because two submissions for one case can
                // arrive together on two writer lanes: undo this one's row and say why not.
                sqlx::query("DELETE FROM submissions WHERE id = $1").bind(&s.id).execute(&mut **tx).await?;
                let status: Option<String> = sqlx::query_scalar("SELECT status FROM cases WHERE reference = $1")
                    .bind(&case_reference)
                    .fetch_optional(&mut **tx)
                    .await?;
                let why = status
                    .as_deref()
                    .and_then(CaseStatus::from_id)
                    .and_then(|st| st.allows(action).err())
                    .unwrap_or("This case cannot take that submission now.");
                return Ok(WriteOutcome::Refused(why));
            } else if w.change.action().is_none() {
                apply_change(tx, &case_reference, &w.change, &s.received_at).await?;
            }
            sqlx::query("INSERT INTO events (case_reference, at, kind, detail) VALUES ($1, $2, $3, $4)")
                .bind(&case_reference)
                .bind(&s.received_at)
                .bind(&w.event.0)
                .bind(&w.event.1)
                .execute(&mut **tx)
                .await?;
            for id in &w.attachments {
                sqlx::query("UPDATE attachments SET case_reference = $1 WHERE id = $2 AND case_reference IS NULL")
                    .bind(&case_reference)
                    .bind(id)
                    .execute(&mut **tx)
                    .await?;
            }
            if let Some(by) = &w.sent_by {
                sqlx::query(INSERT_ACCESS_LINE)
                    .bind(&s.received_at)
                    .bind(&w.host)
                    .bind(&by.who)
                    .bind(&by.account)
                    .bind(AccessAction::Submitted.id())
                    .bind(&case_reference)
                    .bind(by.form)
                    .bind(&by.address)
                    .execute(&mut **tx)
                    .await?;
            }
            insert_emails(tx, &case_reference, &ready.emails, &s.received_at).await?;
            Ok(WriteOutcome::Created { reference, case_reference })
        }

        /// All of a submission's emails in one statement.
        async fn insert_emails(tx: &mut Tx<'_>, case_reference: &str, emails: &[Email], at: &str) -> sqlx::Result<()> {
            if emails.is_empty() {
                return Ok(());
            }
            // ($1 case, $2 time, then to, subject and body for each email)
            let rows: Vec<String> = (0..emails.len())
                .map(|i| format!("($1, $2, ${}, ${}, ${}, 0, $2)", 3 * i + 3, 3 * i + 4, 3 * i + 5))
                .collect();
            let sql = format!(
                "INSERT INTO outbox (case_reference, created_at, to_addr, subject, body, attempts, next_attempt_at) VALUES {}",
                rows.join(", ")
            );
            let mut q = sqlx::query(&sql).bind(case_reference).bind(at);
            for e in emails {
                q = q.bind(&e.to).bind(&e.subject).bind(&e.body);
            }
            q.execute(&mut **tx).await?;
            // The links they carry, by id: Front Door can withdraw one or send a new one.
            for (e, link) in emails.iter().filter_map(|e| e.link.as_ref().map(|l| (e, l))) {
                sqlx::query(
                    "INSERT INTO case_links (id, case_reference, scope, recipient, issued_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&link.id)
                .bind(case_reference)
                .bind(link.scope.name())
                .bind(&e.to)
                .bind(at)
                .bind(crate::clock::timestamp(link.expires))
                .execute(&mut **tx)
                .await?;
                // In the access log with the email: the auditor sees each link that went out.
                sqlx::query(INSERT_ACCESS_LINE)
                    .bind(at)
                    .bind(None::<String>)
                    .bind("The service")
                    .bind(format!("link:{}", link.id))
                    .bind(AccessAction::LinkIssued.id())
                    .bind(case_reference)
                    .bind(format!("{} to {}", crate::access::link_holder(link.scope), e.to))
                    .bind("")
                    .execute(&mut **tx)
                    .await?;
            }
            Ok(())
        }

        async fn open_case(tx: &mut Tx<'_>, reference: &str, status: &str, o: &CaseOpen, at: &str) -> sqlx::Result<()> {
            sqlx::query(
                "INSERT INTO cases (reference, status, placing_authority, division, district, distance, distance_miles, \
                 requested_on, reply_due_on, social_worker_email, updated_at, host, follows) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(reference)
            .bind(status)
            .bind(&o.placing_authority)
            .bind(&o.division)
            .bind(&o.district)
            .bind(&o.distance)
            .bind(o.distance_miles)
            .bind(&o.requested_on)
            .bind(&o.reply_due_on)
            .bind(&o.social_worker_email)
            .bind(at)
            .bind(&o.host)
            .bind(&o.follows)
            .execute(&mut **tx)
            .await
            .map(|_| ())
        }

        /// Applies a case change; false when the case's state does not allow it (the update is
        /// guarded by the states the rules allow it from, so the check and the change are one step).
        async fn apply_change(tx: &mut Tx<'_>, reference: &str, change: &CaseChange, at: &str) -> sqlx::Result<bool> {
            let from = change.action().map(allowed_from).unwrap_or_default();
            match change {
                CaseChange::Consultation(open) => open_case(tx, reference, "awaiting-outcome", open, at).await.map(|()| true),
                CaseChange::Outcome { outcome_on, decision, challenge_reason, working_days_to_outcome } => {
                    let sql = format!(
                        "UPDATE cases SET status = $1, outcome_on = $2, decision = $3, challenge_reason = $4, \
                         working_days_to_outcome = $5, updated_at = $6 WHERE reference = $7 AND status IN ({from})"
                    );
                    sqlx::query(&sql)
                    .bind(decision)
                    .bind(outcome_on)
                    .bind(decision)
                    .bind(challenge_reason)
                    .bind(working_days_to_outcome)
                    .bind(at)
                    .bind(reference)
                    .execute(&mut **tx)
                    .await
                    .map(|done| done.rows_affected() > 0)
                }
                CaseChange::Notification {
                    notified_on,
                    start_date,
                    notification_type,
                    notified_before_start,
                    late_emergency,
                    opens,
                    moves_to,
                    status,
                    care_plan_due_on,
                    planned_end_on,
                } => {
                    if let Some(open) = opens {
                        open_case(tx, reference, status, open, at).await?;
                    } else if let Some(division) = moves_to {
                        let sql = format!("UPDATE cases SET division = $1 WHERE reference = $2 AND status IN ({from})");
                        sqlx::query(&sql).bind(division).bind(reference).execute(&mut **tx).await?;
                    }
                    // A case opened just above has the status it was opened with.
                    let guard = if opens.is_some() { format!("'{status}'") } else { from.clone() };
                    let sql = format!(
                        "UPDATE cases SET status = $8, notified_on = $1, start_date = $2, \
                         notification_type = $3, notified_before_start = $4, late_emergency = $5, updated_at = $6 \
                         WHERE reference = $7 AND status IN ({guard})"
                    );
                    let done = sqlx::query(&sql)
                    .bind(notified_on)
                    .bind(start_date)
                    .bind(notification_type)
                    .bind(*notified_before_start)
                    .bind(*late_emergency)
                    .bind(at)
                    .bind(reference)
                    .bind(*status)
                    .execute(&mut **tx)
                    .await?;
                    let done = done.rows_affected() > 0;
                    if done {
                        sqlx::query("UPDATE cases SET planned_end_on = $1 WHERE reference = $2")
                            .bind(planned_end_on)
                            .bind(reference)
                            .execute(&mut **tx)
                            .await?;
                    }
                    if done && let Some(due) = care_plan_due_on {
                        sqlx::query("UPDATE cases SET care_plan_due_on = $1, care_plan_received_on = NULL WHERE reference = $2")
                            .bind(due)
                            .bind(reference)
                            .execute(&mut **tx)
                            .await?;
                    }
                    Ok(done)
                }
                CaseChange::Documents { care_plan_on } => {
                    let sql = format!(
                        "UPDATE cases SET care_plan_received_on = COALESCE(care_plan_received_on, $1), updated_at = $2 \
                         WHERE reference = $3 AND status IN ({from})"
                    );
                    sqlx::query(&sql)
                        .bind(care_plan_on)
                        .bind(at)
                        .bind(reference)
                        .execute(&mut **tx)
                        .await
                        .map(|done| done.rows_affected() > 0)
                }
                CaseChange::Confirmation => {
                    let sql = format!(
                        "UPDATE cases SET status = 'notified', updated_at = $1 WHERE reference = $2 AND status IN ({from})"
                    );
                    sqlx::query(&sql)
                        .bind(at)
                        .bind(reference)
                        .execute(&mut **tx)
                        .await
                        .map(|done| done.rows_affected() > 0)
                }
                CaseChange::Ending { ended_on, end_date, reason, told_late } => {
                    let sql = format!(
                        "UPDATE cases SET status = 'ended', ended_on = $1, end_date = $2, end_reason = $3, \
                         end_told_late = $4, updated_at = $5 WHERE reference = $6 AND status IN ({from})"
                    );
                    sqlx::query(&sql)
                        .bind(ended_on)
                        .bind(end_date)
                        .bind(reason)
                        .bind(*told_late)
                        .bind(at)
                        .bind(reference)
                        .execute(&mut **tx)
                        .await
                        .map(|done| done.rows_affected() > 0)
                }
                CaseChange::Withdrawal { withdrawn_on } => {
                    let sql = format!(
                        "UPDATE cases SET status = 'withdrawn', withdrawn_on = $1, updated_at = $2 \
                         WHERE reference = $3 AND status IN ({from})"
                    );
                    sqlx::query(&sql)
                        .bind(withdrawn_on)
                        .bind(at)
                        .bind(reference)
                        .execute(&mut **tx)
                        .await
                        .map(|done| done.rows_affected() > 0)
                }
            }
        }
    };
}
