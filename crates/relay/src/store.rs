//! Durable storage: SQLite by default (one file, write-ahead log, synchronous commits) or
//! PostgreSQL when the database URL says so. One code path: the queries are written once, in the
//! `backend!` module below, and compiled for each typed pool (sqlx's `Any` driver is avoided: its
//! `?` placeholders break PostgreSQL; `$1` placeholders work in both).

use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use placement_rules::reference::Reference;
use placement_rules::{CaseAction, CaseStatus};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::routing::{Email, EmailPlan};

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    /// When a write last failed for the storage's sake, if the last write failed.
    failed_at: Arc<Mutex<Option<Instant>>>,
}

/// How long after a failed write the relay says it is not ready, so a load balancer sends new
/// work elsewhere; after that it is ready again, and the next write shows whether the storage has
/// come back (a write that works clears it at once).
const UNHEALTHY_FOR: Duration = Duration::from_secs(5);

/// Runs the same body against whichever backend this store uses.
macro_rules! on {
    ($store:expr, $m:ident, $p:ident => $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($p) => {
                use on_sqlite as $m;
                $body
            }
            Pool::Postgres($p) => {
                use on_postgres as $m;
                $body
            }
        }
    };
}

/// A submission as stored.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub id: String,
    pub kind: &'static str,
    /// The consultation this follows; `None` when the submission opens its own case.
    pub case_reference: Option<String>,
    pub body_sha256: String,
    pub data: String,
    pub rules_version: String,
    pub client_rules_version: String,
    pub warnings: String,
    pub received_at: String,
    pub received_on: String,
    /// A notification's changes since its consultation: a JSON list of the rules' answer paths.
    pub changes: Option<String>,
    /// The division a notification moved the case away from.
    pub moved_from: Option<String>,
}

/// A stored submission of a case, for its case page.
#[derive(Debug, Clone)]
pub struct StoredSubmission {
    pub kind: String,
    pub reference: String,
    pub data: String,
    pub received_on: String,
    pub changes: Option<String>,
    pub moved_from: Option<String>,
}

/// What a case record learns when a case opens.
#[derive(Debug, Clone, Default)]
pub struct CaseOpen {
    pub placing_authority: String,
    pub division: Option<String>,
    pub district: Option<String>,
    pub distance: Option<String>,
    pub distance_miles: Option<f64>,
    pub requested_on: Option<String>,
    pub reply_due_on: Option<String>,
    pub social_worker_email: Option<String>,
}

#[derive(Debug, Clone)]
pub enum CaseChange {
    Consultation(CaseOpen),
    Outcome {
        outcome_on: String,
        decision: String,
        challenge_reason: Option<String>,
        working_days_to_outcome: i64,
    },
    Notification {
        notified_on: String,
        start_date: String,
        notification_type: String,
        notified_before_start: bool,
        late_emergency: bool,
        /// Set when there was no consultation, so the notification opens the case.
        opens: Option<CaseOpen>,
        /// The division where the placement now is, when it differs from the case's.
        moves_to: Option<String>,
    },
    Withdrawal {
        withdrawn_on: String,
    },
}

/// Everything one submission writes, in one transaction.
#[derive(Debug, Clone)]
pub struct Write {
    pub submission: NewSubmission,
    pub change: CaseChange,
    /// Timeline entry: kind and a detail with no personal data.
    pub event: (String, String),
    pub emails: EmailPlan,
    /// Uploaded files the submission names, to link to its case.
    pub attachments: Vec<String>,
}

/// A write with what is settled before its transaction begins: the new reference it takes and its
/// emails, rendered for that reference, so the transaction holds its locks for its statements only.
#[derive(Debug, Clone)]
pub struct Ready {
    pub write: Write,
    pub reference: String,
    pub emails: Vec<Email>,
}

impl Ready {
    /// `render` writes the emails of a plan for a submission's reference and its case's reference.
    pub fn new(write: Write, render: impl Fn(&EmailPlan, &str, &str) -> Vec<Email>) -> Result<Self, sqlx::Error> {
        let reference = new_reference()?;
        let case_reference = write.submission.case_reference.as_deref().unwrap_or(&reference);
        let emails = render(&write.emails, &reference, case_reference);
        Ok(Self { write, reference, emails })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    Created {
        reference: String,
        case_reference: String,
    },
    /// The same id with the same content: nothing new was written.
    Existing {
        reference: String,
        case_reference: String,
    },
    /// The same id with different content.
    Conflict,
    /// The case's state does not allow this submission (the rules' sentence says why): nothing
    /// was written.
    Refused(&'static str),
    /// Another submission already has the reference drawn for this one (about one chance in a
    /// trillion): nothing was written; draw another and write it again.
    ReferenceTaken,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct CaseRow {
    pub reference: String,
    pub status: String,
    pub placing_authority: String,
    pub division: Option<String>,
    pub district: Option<String>,
    pub distance: Option<String>,
    pub distance_miles: Option<f64>,
    pub requested_on: Option<String>,
    pub reply_due_on: Option<String>,
    pub outcome_on: Option<String>,
    pub decision: Option<String>,
    pub challenge_reason: Option<String>,
    pub working_days_to_outcome: Option<i64>,
    pub notified_on: Option<String>,
    pub start_date: Option<String>,
    pub notification_type: Option<String>,
    pub notified_before_start: Option<bool>,
    pub late_emergency: Option<bool>,
    pub withdrawn_on: Option<String>,
    #[serde(skip)]
    pub social_worker_email: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventRow {
    pub at: String,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OutboxRow {
    pub id: i64,
    pub case_reference: String,
    pub to_addr: String,
    pub subject: String,
    #[serde(skip)]
    pub body: String,
    pub attempts: i64,
    pub sent_at: Option<String>,
    pub parked_at: Option<String>,
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AttachmentMeta {
    pub id: String,
    pub case_reference: Option<String>,
    pub content_type: String,
    pub file_name: String,
    pub size: i64,
}

const CASE_COLUMNS: &str = "reference, status, placing_authority, division, district, distance, distance_miles, \
    requested_on, reply_due_on, outcome_on, decision, challenge_reason, working_days_to_outcome, notified_on, \
    start_date, notification_type, notified_before_start, late_emergency, withdrawn_on, social_worker_email, updated_at";

const OUTBOX_COLUMNS: &str = "id, case_reference, to_addr, subject, body, attempts, sent_at, parked_at, last_error";

impl CaseChange {
    /// What this change does to an existing case; `None` when it opens one.
    fn action(&self) -> Option<CaseAction> {
        match self {
            CaseChange::Consultation(_) => None,
            CaseChange::Outcome { .. } => Some(CaseAction::RecordOutcome),
            CaseChange::Notification { opens: Some(_), .. } => None,
            CaseChange::Notification { opens: None, .. } => Some(CaseAction::Notify),
            CaseChange::Withdrawal { .. } => Some(CaseAction::Withdraw),
        }
    }
}

/// The states `action` may start from, as a SQL list. The ids are the rules crate's own constants,
/// never input, so writing them into the statement is safe.
fn allowed_from(action: CaseAction) -> String {
    CaseStatus::allowing(action).map(|s| format!("'{}'", s.id())).collect::<Vec<_>>().join(", ")
}

/// A connection whose transaction failed is closed, never put back in the pool. A failed commit
/// can leave it believing a transaction is still open: SQLite rolls back by itself when the disk
/// fills, sqlx's own ROLLBACK then fails, and every later `BEGIN` on that connection is refused
/// ("attempted to call begin_with at non-zero transaction depth"). The pool opens a fresh one.
fn discard<DB: sqlx::Database>(mut conn: sqlx::pool::PoolConnection<DB>) {
    conn.close_on_drop();
}

/// Whether a database error is the storage failing (full, read-only, gone, overloaded) rather
/// than a fault in the relay: the client is told to try again shortly (503), and it may.
pub fn is_storage_fault(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            // SQLite primary result codes (the low byte of an extended code): BUSY 5, LOCKED 6,
            // NOMEM 7, READONLY 8, IOERR 10, FULL 13, CANTOPEN 14.
            let sqlite = code.parse::<i32>().ok().map(|c| c & 0xff);
            let postgres_class = code.get(..2).unwrap_or_default();
            matches!(sqlite, Some(5 | 6 | 7 | 8 | 10 | 13 | 14))
                || matches!(postgres_class, "08" | "53" | "57" | "58")
                || code == "25006"
        }
        _ => false,
    }
}

fn new_reference() -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes[3..]).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    Ok(Reference::from_bits(u64::from_be_bytes(bytes)).to_string())
}

macro_rules! backend {
    ($module:ident, $db:ty, $begin:literal) => {
        #[allow(clippy::too_many_arguments, reason = "one function per statement, one argument per column")]
        pub(crate) mod $module {
            use super::*;
            use sqlx::Row;

            type Db = $db;
            type P = sqlx::Pool<Db>;
            type Tx<'a> = sqlx::Transaction<'a, Db>;

            fn case_row(r: &<Db as sqlx::Database>::Row) -> sqlx::Result<CaseRow> {
                let flag = |v: Option<i64>| v.map(|v| v != 0);
                Ok(CaseRow {
                    reference: r.try_get("reference")?,
                    status: r.try_get("status")?,
                    placing_authority: r.try_get("placing_authority")?,
                    division: r.try_get("division")?,
                    district: r.try_get("district")?,
                    distance: r.try_get("distance")?,
                    distance_miles: r.try_get("distance_miles")?,
                    requested_on: r.try_get("requested_on")?,
                    reply_due_on: r.try_get("reply_due_on")?,
                    outcome_on: r.try_get("outcome_on")?,
                    decision: r.try_get("decision")?,
                    challenge_reason: r.try_get("challenge_reason")?,
                    working_days_to_outcome: r.try_get("working_days_to_outcome")?,
                    notified_on: r.try_get("notified_on")?,
                    start_date: r.try_get("start_date")?,
                    notification_type: r.try_get("notification_type")?,
                    notified_before_start: flag(r.try_get("notified_before_start")?),
                    late_emergency: flag(r.try_get("late_emergency")?),
                    withdrawn_on: r.try_get("withdrawn_on")?,
                    social_worker_email: r.try_get("social_worker_email")?,
                    updated_at: r.try_get("updated_at")?,
                })
            }

            fn outbox_row(r: &<Db as sqlx::Database>::Row) -> sqlx::Result<OutboxRow> {
                Ok(OutboxRow {
                    id: r.try_get("id")?,
                    case_reference: r.try_get("case_reference")?,
                    to_addr: r.try_get("to_addr")?,
                    subject: r.try_get("subject")?,
                    body: r.try_get("body")?,
                    attempts: r.try_get("attempts")?,
                    sent_at: r.try_get("sent_at")?,
                    parked_at: r.try_get("parked_at")?,
                    last_error: r.try_get("last_error")?,
                })
            }

            fn attachment_row(r: &<Db as sqlx::Database>::Row) -> sqlx::Result<AttachmentMeta> {
                Ok(AttachmentMeta {
                    id: r.try_get("id")?,
                    case_reference: r.try_get("case_reference")?,
                    content_type: r.try_get("content_type")?,
                    file_name: r.try_get("file_name")?,
                    size: r.try_get("size")?,
                })
            }

            pub async fn ping(p: &P) -> sqlx::Result<()> {
                sqlx::query("SELECT 1").execute(p).await.map(|_| ())
            }

            pub async fn case(p: &P, reference: &str) -> sqlx::Result<Option<CaseRow>> {
                let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE reference = $1");
                sqlx::query(&sql).bind(reference).fetch_optional(p).await?.map(|r| case_row(&r)).transpose()
            }

            pub async fn cases(p: &P) -> sqlx::Result<Vec<CaseRow>> {
                let sql = format!("SELECT {CASE_COLUMNS} FROM cases ORDER BY requested_on DESC, reference");
                sqlx::query(&sql).fetch_all(p).await?.iter().map(case_row).collect()
            }

            pub async fn submission_data(p: &P, case_reference: &str, kind: &str) -> sqlx::Result<Option<(String, String)>> {
                let row = sqlx::query(
                    "SELECT data, received_on FROM submissions WHERE case_reference = $1 AND kind = $2 \
                     ORDER BY received_at LIMIT 1",
                )
                .bind(case_reference)
                .bind(kind)
                .fetch_optional(p)
                .await?;
                row.map(|r| Ok((r.try_get("data")?, r.try_get("received_on")?))).transpose()
            }

            pub async fn case_submissions(p: &P, case_reference: &str) -> sqlx::Result<Vec<StoredSubmission>> {
                let rows = sqlx::query(
                    "SELECT kind, reference, data, received_on, changes, moved_from FROM submissions \
                     WHERE case_reference = $1 ORDER BY received_at, reference",
                )
                .bind(case_reference)
                .fetch_all(p)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(StoredSubmission {
                            kind: r.try_get("kind")?,
                            reference: r.try_get("reference")?,
                            data: r.try_get("data")?,
                            received_on: r.try_get("received_on")?,
                            changes: r.try_get("changes")?,
                            moved_from: r.try_get("moved_from")?,
                        })
                    })
                    .collect()
            }

            pub async fn end_session(p: &P, id: &str, until_at: &str) -> sqlx::Result<()> {
                sqlx::query("INSERT INTO ended_sessions (id, until_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(id)
                    .bind(until_at)
                    .execute(p)
                    .await
                    .map(|_| ())
            }

            pub async fn session_ended(p: &P, id: &str) -> sqlx::Result<bool> {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ended_sessions WHERE id = $1")
                    .bind(id)
                    .fetch_one(p)
                    .await?;
                Ok(n > 0)
            }

            pub async fn events(p: &P, case_reference: &str) -> sqlx::Result<Vec<EventRow>> {
                let rows = sqlx::query("SELECT at, kind, detail FROM events WHERE case_reference = $1 ORDER BY id")
                    .bind(case_reference)
                    .fetch_all(p)
                    .await?;
                rows.iter()
                    .map(|r| Ok(EventRow { at: r.try_get("at")?, kind: r.try_get("kind")?, detail: r.try_get("detail")? }))
                    .collect()
            }

            pub async fn submission(p: &P, id: &str) -> sqlx::Result<Option<(String, String, String)>> {
                let row = sqlx::query("SELECT body_sha256, reference, case_reference FROM submissions WHERE id = $1")
                    .bind(id)
                    .fetch_optional(p)
                    .await?;
                row.map(|r| Ok((r.try_get("body_sha256")?, r.try_get("reference")?, r.try_get("case_reference")?)))
                    .transpose()
            }

            pub async fn count_submissions(p: &P) -> sqlx::Result<i64> {
                sqlx::query("SELECT COUNT(*) AS n FROM submissions").fetch_one(p).await?.try_get("n")
            }

            pub async fn submission_ids(p: &P) -> sqlx::Result<Vec<(String, String)>> {
                let rows = sqlx::query("SELECT id, reference FROM submissions ORDER BY id").fetch_all(p).await?;
                rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("reference")?))).collect()
            }

            pub async fn insert_attachment(
                p: &P,
                id: &str,
                content_type: &str,
                file_name: &str,
                sha256: &str,
                data: &[u8],
                uploaded_at: &str,
                uploaded_by: &str,
            ) -> sqlx::Result<()> {
                sqlx::query(
                    "INSERT INTO attachments (id, content_type, file_name, size, sha256, data, uploaded_at, uploaded_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(id)
                .bind(content_type)
                .bind(file_name)
                .bind(data.len() as i64)
                .bind(sha256)
                .bind(data)
                .bind(uploaded_at)
                .bind(uploaded_by)
                .execute(p)
                .await
                .map(|_| ())
            }

            pub async fn unattached(p: &P, uploaded_by: &str) -> sqlx::Result<(i64, i64)> {
                let by_client: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM attachments WHERE case_reference IS NULL AND uploaded_by = $1",
                )
                .bind(uploaded_by)
                .fetch_one(p)
                .await?;
                let bytes: i64 = sqlx::query_scalar(
                    "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM attachments WHERE case_reference IS NULL",
                )
                .fetch_one(p)
                .await?;
                Ok((by_client, bytes))
            }

            pub async fn attachment_meta(p: &P, id: &str) -> sqlx::Result<Option<AttachmentMeta>> {
                let row = sqlx::query(
                    "SELECT id, case_reference, content_type, file_name, size FROM attachments WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(p)
                .await?;
                row.map(|r| attachment_row(&r)).transpose()
            }

            pub async fn attachments_of(p: &P, case_reference: &str) -> sqlx::Result<Vec<AttachmentMeta>> {
                let rows = sqlx::query(
                    "SELECT id, case_reference, content_type, file_name, size FROM attachments \
                     WHERE case_reference = $1 ORDER BY uploaded_at",
                )
                .bind(case_reference)
                .fetch_all(p)
                .await?;
                rows.iter().map(attachment_row).collect()
            }

            pub async fn attachment_data(p: &P, id: &str) -> sqlx::Result<Option<Vec<u8>>> {
                let row = sqlx::query("SELECT data FROM attachments WHERE id = $1").bind(id).fetch_optional(p).await?;
                row.map(|r| r.try_get("data")).transpose()
            }

            pub async fn lease_due(p: &P, now: &str, lease_until: &str, limit: i64) -> sqlx::Result<Vec<OutboxRow>> {
                // The lease conditions stand in the outer WHERE too, so a second relay updating the
                // same row at the same moment re-checks them and takes nothing.
                let sql = format!(
                    "UPDATE outbox SET lease_until = $1 \
                     WHERE sent_at IS NULL AND parked_at IS NULL AND (lease_until IS NULL OR lease_until < $2) \
                     AND id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL \
                       AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until < $2) ORDER BY id LIMIT $3) \
                     RETURNING {OUTBOX_COLUMNS}"
                );
                sqlx::query(&sql).bind(lease_until).bind(now).bind(limit).fetch_all(p).await?.iter().map(outbox_row).collect()
            }

            pub async fn mark_sent(p: &P, ids: &[i64], at: &str) -> sqlx::Result<()> {
                if ids.is_empty() {
                    return Ok(());
                }
                let list: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
                let sql = format!(
                    "UPDATE outbox SET sent_at = $1, lease_until = NULL, last_error = NULL WHERE id IN ({})",
                    list.join(", ")
                );
                let mut q = sqlx::query(&sql).bind(at);
                for id in ids {
                    q = q.bind(id);
                }
                q.execute(p).await.map(|_| ())
            }

            pub async fn mark_failed(
                p: &P,
                id: i64,
                attempts: i64,
                next_attempt_at: &str,
                error: &str,
                parked_at: Option<&str>,
            ) -> sqlx::Result<()> {
                sqlx::query(
                    "UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3, parked_at = $4, \
                     lease_until = NULL WHERE id = $5",
                )
                .bind(attempts)
                .bind(next_attempt_at)
                .bind(error)
                .bind(parked_at)
                .bind(id)
                .execute(p)
                .await
                .map(|_| ())
            }

            pub async fn delete_expired(p: &P, closed_before: &str, uploaded_before: &str) -> sqlx::Result<Deleted> {
                let mut conn = p.acquire().await?;
                let done = delete_expired_on(&mut conn, closed_before, uploaded_before).await;
                if done.is_err() {
                    discard(conn);
                }
                done
            }

            async fn delete_expired_on(
                conn: &mut sqlx::pool::PoolConnection<Db>,
                closed_before: &str,
                uploaded_before: &str,
            ) -> sqlx::Result<Deleted> {
                let mut tx = sqlx::Connection::begin_with(&mut **conn, $begin).await?;
                let references: Vec<String> = sqlx::query_scalar(
                    "SELECT reference FROM cases WHERE updated_at < $1 \
                     AND (status IN ('withdrawn', 'notified') OR decision IS NOT NULL)",
                )
                .bind(closed_before)
                .fetch_all(&mut *tx)
                .await?;
                for table in ["submissions", "events", "outbox", "attachments"] {
                    let sql = format!("DELETE FROM {table} WHERE case_reference = $1");
                    for r in &references {
                        sqlx::query(&sql).bind(r).execute(&mut *tx).await?;
                    }
                }
                for r in &references {
                    sqlx::query("DELETE FROM cases WHERE reference = $1").bind(r).execute(&mut *tx).await?;
                }
                // Ended sessions whose cookies have expired anyway: nothing left to refuse.
                sqlx::query("DELETE FROM ended_sessions WHERE until_at < $1").bind(uploaded_before).execute(&mut *tx).await?;
                let uploads = sqlx::query("DELETE FROM attachments WHERE case_reference IS NULL AND uploaded_at < $1")
                    .bind(uploaded_before)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                tx.commit().await?;
                Ok(Deleted { cases: references.len() as u64, uploads })
            }

            pub async fn outbox(p: &P) -> sqlx::Result<Vec<OutboxRow>> {
                let sql = format!("SELECT {OUTBOX_COLUMNS} FROM outbox ORDER BY id");
                sqlx::query(&sql).fetch_all(p).await?.iter().map(outbox_row).collect()
            }

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
                q.execute(&mut **tx).await.map(|_| ())
            }

            async fn open_case(tx: &mut Tx<'_>, reference: &str, status: &str, o: &CaseOpen, at: &str) -> sqlx::Result<()> {
                sqlx::query(
                    "INSERT INTO cases (reference, status, placing_authority, division, district, distance, distance_miles, \
                     requested_on, reply_due_on, social_worker_email, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
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
                    } => {
                        if let Some(open) = opens {
                            open_case(tx, reference, "notified", open, at).await?;
                        } else if let Some(division) = moves_to {
                            let sql = format!("UPDATE cases SET division = $1 WHERE reference = $2 AND status IN ({from})");
                            sqlx::query(&sql).bind(division).bind(reference).execute(&mut **tx).await?;
                        }
                        let sql = format!(
                            "UPDATE cases SET status = 'notified', notified_on = $1, start_date = $2, \
                             notification_type = $3, notified_before_start = $4, late_emergency = $5, updated_at = $6 \
                             WHERE reference = $7 AND status IN ({from})"
                        );
                        sqlx::query(&sql)
                        .bind(notified_on)
                        .bind(start_date)
                        .bind(notification_type)
                        .bind(i64::from(*notified_before_start))
                        .bind(i64::from(*late_emergency))
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
        }
    };
}

// SQLite: take the write lock at BEGIN, so a transaction that reads then writes waits for another
// writer (the outbox worker) instead of failing with "database is locked" when it tries to upgrade.
backend!(on_sqlite, sqlx::Sqlite, "BEGIN IMMEDIATE");
backend!(on_postgres, sqlx::Postgres, "BEGIN");

impl Store {
    /// Connects and runs the migrations. `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn open(url: &str) -> Result<Self, sqlx::Error> {
        let pool = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool =
                PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            Pool::Postgres(pool)
        } else {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a commit is on disk before the relay says 201.
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(10))
                // Checkpoints run in the background (below), not inside a submission's commit,
                // where they would add their sync to that submission's wait.
                .pragma("wal_autocheckpoint", "0")
                .foreign_keys(true);
            if let Some(dir) = options.get_filename().parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|e| sqlx::Error::Configuration(e.into()))?;
            }
            let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            let checkpoints = pool.clone();
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    // PASSIVE copies what it can without waiting for or blocking any writer.
                    if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&checkpoints).await {
                        tracing::warn!(error = %e, "database checkpoint failed");
                    }
                }
            });
            Pool::Sqlite(pool)
        };
        Ok(Self { pool, failed_at: Arc::default() })
    }

    /// Notes how a write went: a storage fault makes the relay not ready for a few seconds.
    fn noted<T>(&self, result: sqlx::Result<T>) -> sqlx::Result<T> {
        let fault = match &result {
            Ok(_) => false,
            Err(e) if is_storage_fault(e) => true,
            Err(_) => return result,
        };
        *self.failed_at.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = fault.then(Instant::now);
        result
    }

    /// False for a few seconds after a write failed for the storage's sake, until one succeeds.
    pub fn writes_healthy(&self) -> bool {
        let failed_at = *self.failed_at.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        failed_at.is_none_or(|at| at.elapsed() > UNHEALTHY_FOR)
    }

    pub fn backend(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    pub async fn ping(&self) -> sqlx::Result<()> {
        on!(self, m, p => m::ping(p).await)
    }

    pub async fn commit(&self, writes: &[Ready]) -> sqlx::Result<Vec<WriteOutcome>> {
        self.noted(on!(self, m, p => m::commit(p, writes).await))
    }

    pub async fn case(&self, reference: &str) -> sqlx::Result<Option<CaseRow>> {
        on!(self, m, p => m::case(p, reference).await)
    }

    pub async fn cases(&self) -> sqlx::Result<Vec<CaseRow>> {
        on!(self, m, p => m::cases(p).await)
    }

    /// The form data (JSON) and receipt date of a case's first submission of `kind`.
    pub async fn submission_data(&self, case_reference: &str, kind: &str) -> sqlx::Result<Option<(String, String)>> {
        on!(self, m, p => m::submission_data(p, case_reference, kind).await)
    }

    /// Ends a staff session (signed out) until `until_at` (RFC 3339), when its cookie expires anyway.
    pub async fn end_session(&self, id: &str, until_at: &str) -> sqlx::Result<()> {
        on!(self, m, p => m::end_session(p, id, until_at).await)
    }

    pub async fn session_ended(&self, id: &str) -> sqlx::Result<bool> {
        on!(self, m, p => m::session_ended(p, id).await)
    }

    /// Every submission of a case, oldest first.
    pub async fn case_submissions(&self, case_reference: &str) -> sqlx::Result<Vec<StoredSubmission>> {
        on!(self, m, p => m::case_submissions(p, case_reference).await)
    }

    pub async fn events(&self, case_reference: &str) -> sqlx::Result<Vec<EventRow>> {
        on!(self, m, p => m::events(p, case_reference).await)
    }

    /// A stored submission's body hash, reference and case reference, by client id.
    pub async fn submission(&self, id: &str) -> sqlx::Result<Option<(String, String, String)>> {
        on!(self, m, p => m::submission(p, id).await)
    }

    pub async fn count_submissions(&self) -> sqlx::Result<i64> {
        on!(self, m, p => m::count_submissions(p).await)
    }

    /// Every stored submission's client id and reference (for tests and audits).
    pub async fn submission_ids(&self) -> sqlx::Result<Vec<(String, String)>> {
        on!(self, m, p => m::submission_ids(p).await)
    }

    #[allow(clippy::too_many_arguments, reason = "one argument per column, as the statement takes them")]
    pub async fn insert_attachment(
        &self,
        id: &str,
        content_type: &str,
        file_name: &str,
        sha256: &str,
        data: &[u8],
        uploaded_at: &str,
        uploaded_by: &str,
    ) -> sqlx::Result<()> {
        self.noted(on!(self, m, p => m::insert_attachment(p, id, content_type, file_name, sha256, data, uploaded_at, uploaded_by).await))
    }

    /// Uploads not yet part of a submission: how many `uploaded_by` holds, and all their bytes.
    pub async fn unattached(&self, uploaded_by: &str) -> sqlx::Result<(i64, i64)> {
        on!(self, m, p => m::unattached(p, uploaded_by).await)
    }

    pub async fn attachment_meta(&self, id: &str) -> sqlx::Result<Option<AttachmentMeta>> {
        on!(self, m, p => m::attachment_meta(p, id).await)
    }

    pub async fn attachments_of(&self, case_reference: &str) -> sqlx::Result<Vec<AttachmentMeta>> {
        on!(self, m, p => m::attachments_of(p, case_reference).await)
    }

    pub async fn attachment_data(&self, id: &str) -> sqlx::Result<Option<Vec<u8>>> {
        on!(self, m, p => m::attachment_data(p, id).await)
    }

    pub async fn lease_due(&self, now: &str, lease_until: &str, limit: i64) -> sqlx::Result<Vec<OutboxRow>> {
        on!(self, m, p => m::lease_due(p, now, lease_until, limit).await)
    }

    /// Marks emails sent, in one statement (one write, however many were sent).
    pub async fn mark_sent(&self, ids: &[i64], at: &str) -> sqlx::Result<()> {
        on!(self, m, p => m::mark_sent(p, ids, at).await)
    }

    pub async fn mark_failed(
        &self,
        id: i64,
        attempts: i64,
        next_attempt_at: &str,
        error: &str,
        parked_at: Option<&str>,
    ) -> sqlx::Result<()> {
        on!(self, m, p => m::mark_failed(p, id, attempts, next_attempt_at, error, parked_at).await)
    }

    pub async fn outbox(&self) -> sqlx::Result<Vec<OutboxRow>> {
        on!(self, m, p => m::outbox(p).await)
    }

    /// Deletes, with everything kept about them, the cases that closed (withdrawn, notified, or
    /// answered with an outcome) and have not changed since `closed_before`; and uploads never
    /// attached to a submission since `uploaded_before`. Both are RFC 3339 UTC timestamps.
    pub async fn delete_expired(&self, closed_before: &str, uploaded_before: &str) -> sqlx::Result<Deleted> {
        on!(self, m, p => m::delete_expired(p, closed_before, uploaded_before).await)
    }
}

/// What one retention sweep deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deleted {
    pub cases: u64,
    pub uploads: u64,
}
