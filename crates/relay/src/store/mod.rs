//! Durable storage: SQLite by default (one file, write-ahead log, synchronous commits) or
//! PostgreSQL when the database URL says so. One code path: the statements are written once
//! (`queries.rs`, and a submission's transaction in `commit.rs`) and compiled for each typed pool;
//! the rows are in `rows.rs`. [`Store`] picks the pool and notes when writes fail for the
//! storage's sake.

#[macro_use]
mod commit;
#[macro_use]
mod queries;
mod rows;

pub use rows::*;

use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use placement_rules::CaseStatus;
use placement_rules::reference::Reference;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use contract::staff::AccessAction;

use crate::routing::Email;
use commit::allowed_from;

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

/// Whether PostgreSQL ended a transaction for another's sake (a deadlock, 40P01, or a
/// serialization failure, 40001): nothing of it was written, and it may be tried again.
pub fn is_conflict_between_transactions(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("40P01" | "40001")))
}

pub(crate) fn new_reference() -> Result<String, sqlx::Error> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes[3..]).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    Ok(Reference::from_bits(u64::from_be_bytes(bytes)).to_string())
}

// SQLite: take the write lock at BEGIN, so a transaction that reads then writes waits for another
// writer (the outbox worker) instead of failing with "database is locked" when it tries to upgrade.
// Several relays may share one PostgreSQL: the outbox is claimed skipping rows another relay holds
// (never waiting on them, so never deadlocking), and the retention sweep runs on one relay at a time
// (a transaction-scoped advisory lock; the others skip that hour). SQLite has one writer at a time.
backend!(on_sqlite, sqlx::Sqlite, "BEGIN IMMEDIATE", "", "SELECT 1 = 1");
backend!(on_postgres, sqlx::Postgres, "BEGIN", "FOR UPDATE SKIP LOCKED", "SELECT pg_try_advisory_xact_lock(7304617)");

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

    /// A consistent copy of a SQLite database in a new file, taken while the relay serves
    /// (`VACUUM INTO`: one read transaction), then opened and checked. Returns the cases it holds.
    /// PostgreSQL is backed up with its own tools (pg_dump): an error says so.
    pub async fn backup_to(&self, file: &std::path::Path) -> Result<i64, String> {
        let Pool::Sqlite(pool) = &self.pool else {
            return Err("this database is PostgreSQL: back it up with pg_dump (docs/operating.md, Backups)".into());
        };
        if file.exists() {
            return Err(format!("{} exists already: name a new file", file.display()));
        }
        let target = file.to_str().ok_or("the backup's path must be text")?;
        sqlx::query("VACUUM INTO $1").bind(target).execute(pool).await.map_err(|e| format!("copying: {e}"))?;
        let options = SqliteConnectOptions::new().filename(file).read_only(true);
        let copy = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|e| format!("opening the copy: {e}"))?;
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&copy)
            .await
            .map_err(|e| format!("checking the copy: {e}"))?;
        if check != "ok" {
            return Err(format!("the copy failed its integrity check: {check}"));
        }
        let cases = sqlx::query_scalar("SELECT COUNT(*) FROM cases")
            .fetch_one(&copy)
            .await
            .map_err(|e| format!("reading the copy: {e}"))?;
        copy.close().await;
        Ok(cases)
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

    /// One host's cases, newest first.
    pub async fn cases(&self, host: &str) -> sqlx::Result<Vec<CaseRow>> {
        on!(self, m, p => m::cases(p, host).await)
    }

    /// One page of a host's work queue, and how many cases match.
    pub async fn queue(&self, filter: &QueueFilter) -> sqlx::Result<(i64, Vec<CaseRow>)> {
        on!(self, m, p => m::queue(p, filter).await)
    }

    /// The cases a report for `from` to `to` counts (and every one awaiting an outcome).
    pub async fn report_cases(&self, host: &str, from: &str, to: &str) -> sqlx::Result<Vec<CaseRow>> {
        on!(self, m, p => m::report_cases(p, host, from, to).await)
    }

    /// The codes of the placing authorities with a case at this host.
    pub async fn placing_authorities(&self, host: &str) -> sqlx::Result<Vec<String>> {
        on!(self, m, p => m::placing_authorities(p, host).await)
    }

    /// One host's placements notified and not ended: the children placed in its area now, or about
    /// to be, earliest start first.
    pub async fn placed(&self, host: &str) -> sqlx::Result<Vec<CaseRow>> {
        on!(self, m, p => m::placed(p, host).await)
    }

    /// The placement that follows this one in the same host's area, if one was notified.
    pub async fn followed_by(&self, reference: &str) -> sqlx::Result<Option<String>> {
        on!(self, m, p => m::followed_by(p, reference).await)
    }

    /// Consultations still waiting for the host's outcome, with a reply date.
    pub async fn outcomes_awaited(&self) -> sqlx::Result<Vec<CaseRow>> {
        on!(self, m, p => m::outcomes_awaited(p).await)
    }

    /// Placements with a planned end and no end notice yet.
    pub async fn ends_awaited(&self) -> sqlx::Result<Vec<CaseRow>> {
        on!(self, m, p => m::ends_awaited(p).await)
    }

    /// Cases whose care plan is to follow and has not arrived (reg 4(2)).
    pub async fn care_plans_awaited(&self) -> sqlx::Result<Vec<CaseRow>> {
        on!(self, m, p => m::care_plans_awaited(p).await)
    }

    /// Sends reminder `kind` for a case once: its emails go to the outbox and the timeline says
    /// so. False when it was sent before.
    pub async fn remind(
        &self,
        case_reference: &str,
        kind: &str,
        sent_on: &str,
        emails: &[crate::routing::Email],
        detail: &str,
    ) -> sqlx::Result<bool> {
        let at = crate::clock::timestamp(crate::clock::now());
        on!(self, m, p => m::remind(p, case_reference, kind, sent_on, emails, Some(detail), &at).await)
    }

    /// Sends a host's list `kind` (one a day) once, filed in the outbox under the host's code: it
    /// is about no one case. False when it was sent before.
    pub async fn digest(
        &self,
        host: &str,
        kind: &str,
        sent_on: &str,
        email: &crate::routing::Email,
    ) -> sqlx::Result<bool> {
        let at = crate::clock::timestamp(crate::clock::now());
        on!(self, m, p => m::remind(p, host, kind, sent_on, std::slice::from_ref(email), None, &at).await)
    }

    /// Cases stored before a case recorded its host belong to `host` (a relay that served one).
    pub async fn adopt_cases(&self, host: &str) -> sqlx::Result<u64> {
        on!(self, m, p => m::adopt_cases(p, host).await)
    }

    pub async fn unhosted_cases(&self) -> sqlx::Result<i64> {
        on!(self, m, p => m::unhosted_cases(p).await)
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

    /// Whether Front Door withdrew the link with this id (or replaced it with a new one).
    pub async fn link_withdrawn(&self, id: &str) -> sqlx::Result<bool> {
        on!(self, m, p => m::link_withdrawn(p, id).await)
    }

    /// Appends a line to the access log.
    pub async fn record_access(&self, row: &AccessRow) -> sqlx::Result<()> {
        on!(self, m, p => m::record_access(p, row).await)
    }

    /// One page of the access log, and how many lines match.
    pub async fn access_log(&self, filter: &AccessFilter) -> sqlx::Result<(i64, Vec<AccessRow>)> {
        on!(self, m, p => m::access_log(p, filter).await)
    }

    /// The access log's own retention: deletes the lines from before `before` (RFC 3339).
    pub async fn forget_access_before(&self, before: &str) -> sqlx::Result<u64> {
        on!(self, m, p => m::forget_access_before(p, before).await)
    }

    /// Every link to the case that an email carried, oldest first.
    pub async fn case_links(&self, case_reference: &str) -> sqlx::Result<Vec<LinkRow>> {
        on!(self, m, p => m::case_links(p, case_reference).await)
    }

    /// Withdraws a link (by `by`, `role:name`), with `replacement` emailing its holder a new one,
    /// and files `timeline`: at once. False when there is no such link, or it was withdrawn before.
    pub async fn withdraw_link(
        &self,
        case_reference: &str,
        id: &str,
        by: &str,
        replacement: Option<&crate::routing::Email>,
        timeline: &str,
    ) -> sqlx::Result<bool> {
        let at = crate::clock::timestamp(crate::clock::now());
        on!(self, m, p => m::withdraw_link(p, case_reference, id, by, replacement, timeline, &at).await)
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

    /// Emails waiting to be sent, and emails parked after repeated failure.
    pub async fn outbox_depth(&self) -> sqlx::Result<(i64, i64)> {
        on!(self, m, p => m::outbox_depth(p).await)
    }

    /// Extends this relay's claim (`held`) on emails it has not sent yet; returns those still its.
    pub async fn renew_lease(&self, ids: &[i64], held: &str, lease_until: &str) -> sqlx::Result<Vec<i64>> {
        on!(self, m, p => m::renew_lease(p, ids, held, lease_until).await)
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

    /// The emails about one host's cases.
    pub async fn outbox(&self, host: &str) -> sqlx::Result<Vec<OutboxRow>> {
        on!(self, m, p => m::outbox(p, host).await)
    }

    /// Deletes, with everything kept about them, the cases that closed (withdrawn, notified, or
    /// answered with an outcome) and have not changed since their host's `closed_before`; and
    /// uploads never attached to a submission since `uploaded_before`. All are RFC 3339 UTC.
    pub async fn delete_expired(
        &self,
        closed_before: &ClosedBefore<'_>,
        uploaded_before: &str,
    ) -> sqlx::Result<Deleted> {
        on!(self, m, p => m::delete_expired(p, closed_before, uploaded_before).await)
    }
}

/// Appends one access-log line: `$1` at, `$2` host, `$3` who, `$4` account, `$5` action, `$6` case,
/// `$7` detail, `$8` address. A line about a case with no host given takes its case's.
pub(crate) const INSERT_ACCESS_LINE: &str = "INSERT INTO access_log (at, host, who, account, action, case_reference, detail, address) \
     VALUES ($1, COALESCE($2, (SELECT host FROM cases WHERE reference = $6)), $3, $4, $5, $6, $7, $8)";

/// When a closed case is old enough to delete: each host's own time, or the deployment's.
#[derive(Debug, Clone, Default)]
pub struct ClosedBefore<'a> {
    pub default: &'a str,
    /// (host code, RFC 3339 timestamp)
    pub hosts: Vec<(&'a str, String)>,
}

impl ClosedBefore<'_> {
    pub fn of(&self, host: &str) -> &str {
        self.hosts.iter().find(|(h, _)| *h == host).map_or(self.default, |(_, t)| t.as_str())
    }
}

/// What one retention sweep deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deleted {
    pub cases: u64,
    pub uploads: u64,
    /// Access-log lines past their own retention.
    pub access_lines: u64,
}
