//! The statements that read cases, submissions, the timeline, sessions and attachments, and those of
//! the outbox and the retention sweep. Written once with `$1` placeholders and compiled for each
//! typed pool (sqlx's `Any` driver is avoided: its `?` placeholders break PostgreSQL).

/// The reads and the outbox's and retention's statements, written once and compiled for each typed
/// pool; a submission's transaction comes from [`commit_statements`].
macro_rules! backend {
    ($module:ident, $db:ty, $begin:literal, $skip_locked:literal, $sweep_lock:literal) => {
        #[allow(clippy::too_many_arguments, reason = "one function per statement, one argument per column")]
        pub(crate) mod $module {
            use super::*;
            use sqlx::Row;

            type Db = $db;
            type P = sqlx::Pool<Db>;
            type Tx<'a> = sqlx::Transaction<'a, Db>;

            pub async fn ping(p: &P) -> sqlx::Result<()> {
                sqlx::query("SELECT 1").execute(p).await.map(|_| ())
            }

            pub async fn case(p: &P, reference: &str) -> sqlx::Result<Option<CaseRow>> {
                let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE reference = $1");
                sqlx::query_as(&sql).bind(reference).fetch_optional(p).await
            }

            pub async fn cases(p: &P, host: &str) -> sqlx::Result<Vec<CaseRow>> {
                let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE host = $1 ORDER BY requested_on DESC, reference");
                sqlx::query_as(&sql).bind(host).fetch_all(p).await
            }

            pub async fn placed(p: &P, host: &str) -> sqlx::Result<Vec<CaseRow>> {
                let sql = format!(
                    "SELECT {CASE_COLUMNS} FROM cases WHERE host = $1 AND status IN ('notified', 'awaiting-confirmation') \
                     ORDER BY start_date, reference"
                );
                sqlx::query_as(&sql).bind(host).fetch_all(p).await
            }

            /// One page of a host's work queue and how many cases match, filtered, sorted and
            /// paged here (indexed by `cases_queue`), not in the browser.
            pub async fn queue(p: &P, f: &QueueFilter) -> sqlx::Result<(i64, Vec<CaseRow>)> {
                let mut count = sqlx::QueryBuilder::<Db>::new("SELECT COUNT(*) FROM cases");
                push_queue_where(&mut count, f);
                let total: i64 = count.build_query_scalar().fetch_one(p).await?;
                let mut page = sqlx::QueryBuilder::<Db>::new(format!("SELECT {CASE_COLUMNS} FROM cases"));
                push_queue_where(&mut page, f);
                page.push(f.order_by());
                page.push(" LIMIT ").push_bind(f.limit).push(" OFFSET ").push_bind(f.offset);
                let rows = page.build_query_as::<CaseRow>().fetch_all(p).await?;
                Ok((total, rows))
            }

            fn push_queue_where<'f>(q: &mut sqlx::QueryBuilder<'f, Db>, f: &'f QueueFilter) {
                q.push(" WHERE host = ").push_bind(&f.host);
                if let Some(status) = f.status {
                    q.push(" AND status = ").push_bind(status);
                }
                if let Some(division) = &f.division {
                    q.push(" AND division = ").push_bind(division);
                }
                if let Some(authority) = &f.placing_authority {
                    q.push(" AND placing_authority = ").push_bind(authority);
                }
                match &f.reply_due {
                    None => {}
                    Some(ReplyDue::Before(day)) => {
                        q.push(" AND status = 'awaiting-outcome' AND reply_due_on < ").push_bind(day);
                    }
                    Some(ReplyDue::Between(from, to)) => {
                        q.push(" AND status = 'awaiting-outcome' AND reply_due_on >= ").push_bind(from);
                        q.push(" AND reply_due_on <= ").push_bind(to);
                    }
                }
                if let Some(from) = &f.received_from {
                    q.push(" AND COALESCE(requested_on, notified_on) >= ").push_bind(from);
                }
                if let Some(to) = &f.received_to {
                    q.push(" AND COALESCE(requested_on, notified_on) <= ").push_bind(to);
                }
                if let Some(prefix) = &f.reference_prefix {
                    // Not a range on the key: PostgreSQL's locale collations order punctuation
                    // unlike SQLite, and not LIKE: SQLite's ignores case. Equal text is equal in both.
                    q.push(" AND substr(reference, 1, ").push_bind(i32::try_from(prefix.len()).unwrap_or(i32::MAX)).push(") = ").push_bind(prefix);
                }
            }

            /// The host's cases a report for `from` to `to` (ISO dates) counts: received, decided,
            /// notified or ended then, and those still awaiting an outcome (overdue today).
            pub async fn report_cases(p: &P, host: &str, from: &str, to: &str) -> sqlx::Result<Vec<CaseRow>> {
                let sql = format!(
                    "SELECT {CASE_COLUMNS} FROM cases WHERE host = $1 AND ((requested_on >= $2 AND requested_on <= $3) \
                     OR (notified_on >= $2 AND notified_on <= $3) OR (outcome_on >= $2 AND outcome_on <= $3) \
                     OR (ended_on >= $2 AND ended_on <= $3) OR status = 'awaiting-outcome')"
                );
                sqlx::query_as(&sql).bind(host).bind(from).bind(to).fetch_all(p).await
            }

            /// The placing authorities with a case at this host, for the queue's filter.
            pub async fn placing_authorities(p: &P, host: &str) -> sqlx::Result<Vec<String>> {
                sqlx::query_scalar("SELECT DISTINCT placing_authority FROM cases WHERE host = $1")
                    .bind(host)
                    .fetch_all(p)
                    .await
            }

            pub async fn followed_by(p: &P, reference: &str) -> sqlx::Result<Option<String>> {
                sqlx::query_scalar("SELECT reference FROM cases WHERE follows = $1 ORDER BY updated_at LIMIT 1")
                    .bind(reference)
                    .fetch_optional(p)
                    .await
            }

            pub async fn adopt_cases(p: &P, host: &str) -> sqlx::Result<u64> {
                Ok(sqlx::query("UPDATE cases SET host = $1 WHERE host = ''").bind(host).execute(p).await?.rows_affected())
            }

            pub async fn unhosted_cases(p: &P) -> sqlx::Result<i64> {
                sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE host = ''").fetch_one(p).await
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
                sqlx::query_as(
                    "SELECT kind, reference, data, received_on, changes, moved_from FROM submissions \
                     WHERE case_reference = $1 ORDER BY received_at, reference",
                )
                .bind(case_reference)
                .fetch_all(p)
                .await
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

            pub async fn link_withdrawn(p: &P, id: &str) -> sqlx::Result<bool> {
                let n: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM case_links WHERE id = $1 AND withdrawn_at IS NOT NULL")
                        .bind(id)
                        .fetch_one(p)
                        .await?;
                Ok(n > 0)
            }

            pub async fn record_access(p: &P, row: &AccessRow) -> sqlx::Result<()> {
                sqlx::query(INSERT_ACCESS_LINE)
                .bind(&row.at)
                .bind(&row.host)
                .bind(&row.who)
                .bind(&row.account)
                .bind(&row.action)
                .bind(&row.case_reference)
                .bind(&row.detail)
                .bind(&row.address)
                .execute(p)
                .await
                .map(|_| ())
            }

            /// One page of the access log and how many lines match, oldest first.
            pub async fn access_log(p: &P, f: &AccessFilter) -> sqlx::Result<(i64, Vec<AccessRow>)> {
                let mut count = sqlx::QueryBuilder::<Db>::new("SELECT COUNT(*) FROM access_log");
                push_access_where(&mut count, f);
                let total: i64 = count.build_query_scalar().fetch_one(p).await?;
                let mut page = sqlx::QueryBuilder::<Db>::new(
                    "SELECT at, host, who, account, action, case_reference, detail, address FROM access_log",
                );
                push_access_where(&mut page, f);
                page.push(" ORDER BY at, id LIMIT ").push_bind(f.limit).push(" OFFSET ").push_bind(f.offset);
                let rows = page.build_query_as::<AccessRow>().fetch_all(p).await?;
                Ok((total, rows))
            }

            fn push_access_where<'f>(q: &mut sqlx::QueryBuilder<'f, Db>, f: &'f AccessFilter) {
                q.push(" WHERE (host = ").push_bind(&f.host).push(" OR host IS NULL)");
                if let Some(from) = &f.from {
                    q.push(" AND at >= ").push_bind(from);
                }
                if let Some(to) = &f.to {
                    q.push(" AND at < ").push_bind(to);
                }
                if let Some(prefix) = &f.case_prefix {
                    q.push(" AND substr(case_reference, 1, ")
                        .push_bind(i32::try_from(prefix.len()).unwrap_or(i32::MAX))
                        .push(") = ")
                        .push_bind(prefix);
                }
                if let Some(who) = &f.who {
                    // strpos/instr differ by backend; LOWER and a LIKE with the wildcards escaped
                    // mean the same in both.
                    let escaped = who.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                    q.push(" AND (LOWER(who) LIKE ")
                        .push_bind(format!("%{escaped}%"))
                        .push(" ESCAPE '\\' OR LOWER(account) LIKE ")
                        .push_bind(format!("%{escaped}%"))
                        .push(" ESCAPE '\\')");
                }
            }

            /// Deletes the access log's lines from before `before` (RFC 3339): its own retention.
            pub async fn forget_access_before(p: &P, before: &str) -> sqlx::Result<u64> {
                sqlx::query("DELETE FROM access_log WHERE at < $1").bind(before).execute(p).await.map(|r| r.rows_affected())
            }

            pub async fn case_links(p: &P, case_reference: &str) -> sqlx::Result<Vec<LinkRow>> {
                sqlx::query_as(
                    "SELECT id, scope, recipient, issued_at, expires_at, withdrawn_at, withdrawn_by, replaced_by FROM case_links \
                     WHERE case_reference = $1 ORDER BY issued_at, id",
                )
                .bind(case_reference)
                .fetch_all(p)
                .await
            }

            /// Withdraws a link of the case, if it is not already withdrawn, and files `timeline`;
            /// with `replacement`, emails its holder a new link in the same transaction. False,
            /// and nothing written, when there is no such link or it was withdrawn before.
            pub async fn withdraw_link(
                p: &P,
                case_reference: &str,
                id: &str,
                by: &str,
                replacement: Option<&Email>,
                timeline: &str,
                at: &str,
            ) -> sqlx::Result<bool> {
                let mut conn = p.acquire().await?;
                let mut tx = sqlx::Connection::begin_with(&mut *conn, $begin).await?;
                let withdrawn = sqlx::query(
                    "UPDATE case_links SET withdrawn_at = $1, withdrawn_by = $2, replaced_by = $3 \
                     WHERE id = $4 AND case_reference = $5 AND withdrawn_at IS NULL",
                )
                .bind(at)
                .bind(by)
                .bind(replacement.and_then(|e| e.link.as_ref()).map(|l| l.id.clone()))
                .bind(id)
                .bind(case_reference)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                if !withdrawn {
                    return Ok(false);
                }
                if let Some(email) = replacement {
                    insert_emails(&mut tx, case_reference, std::slice::from_ref(email), at).await?;
                }
                sqlx::query("INSERT INTO events (case_reference, at, kind, detail) VALUES ($1, $2, 'link', $3)")
                    .bind(case_reference)
                    .bind(at)
                    .bind(timeline)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }

            pub async fn events(p: &P, case_reference: &str) -> sqlx::Result<Vec<EventRow>> {
                sqlx::query_as("SELECT at, kind, detail FROM events WHERE case_reference = $1 ORDER BY id")
                    .bind(case_reference)
                    .fetch_all(p)
                    .await
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
                sqlx::query_as("SELECT id, case_reference, content_type, file_name, size FROM attachments WHERE id = $1")
                    .bind(id)
                    .fetch_optional(p)
                    .await
            }

            pub async fn attachments_of(p: &P, case_reference: &str) -> sqlx::Result<Vec<AttachmentMeta>> {
                sqlx::query_as(
                    "SELECT id, case_reference, content_type, file_name, size FROM attachments \
                     WHERE case_reference = $1 ORDER BY uploaded_at",
                )
                .bind(case_reference)
                .fetch_all(p)
                .await
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
                       AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until < $2) ORDER BY id LIMIT $3 {}) \
                     RETURNING {OUTBOX_COLUMNS}",
                    $skip_locked
                );
                let mut rows: Vec<OutboxRow> = sqlx::query_as(&sql).bind(lease_until).bind(now).bind(limit).fetch_all(p).await?;
                rows.sort_by_key(|r| r.id);
                Ok(rows)
            }

            pub async fn renew_lease(p: &P, ids: &[i64], held: &str, lease_until: &str) -> sqlx::Result<Vec<i64>> {
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                let list: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 3)).collect();
                let sql = format!(
                    "UPDATE outbox SET lease_until = $1 WHERE lease_until = $2 AND sent_at IS NULL AND id IN ({}) RETURNING id",
                    list.join(", ")
                );
                let mut q = sqlx::query_scalar(&sql).bind(lease_until).bind(held);
                for id in ids {
                    q = q.bind(id);
                }
                q.fetch_all(p).await
            }

            /// Emails waiting to go (due or backing off), and parked ones.
            pub async fn outbox_depth(p: &P) -> sqlx::Result<(i64, i64)> {
                let waiting = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL")
                    .fetch_one(p)
                    .await?;
                let parked = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE parked_at IS NOT NULL AND sent_at IS NULL")
                    .fetch_one(p)
                    .await?;
                Ok((waiting, parked))
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

            pub async fn delete_expired(p: &P, closed_before: &ClosedBefore<'_>, uploaded_before: &str) -> sqlx::Result<Deleted> {
                let mut conn = p.acquire().await?;
                let done = delete_expired_on(&mut conn, closed_before, uploaded_before).await;
                if done.is_err() {
                    discard(conn);
                }
                done
            }

            async fn delete_expired_on(
                conn: &mut sqlx::pool::PoolConnection<Db>,
                closed_before: &ClosedBefore<'_>,
                uploaded_before: &str,
            ) -> sqlx::Result<Deleted> {
                let mut tx = sqlx::Connection::begin_with(&mut **conn, $begin).await?;
                let ours: bool = sqlx::query_scalar($sweep_lock).fetch_one(&mut *tx).await?;
                if !ours {
                    // Another relay is sweeping now; it deletes what this one would have.
                    return Ok(Deleted::default());
                }
                let closed: Vec<(String, String, String)> = sqlx::query_as(
                    "SELECT reference, host, updated_at FROM cases \
                     WHERE status IN ('withdrawn', 'ended', 'agreed', 'challenged')",
                )
                .fetch_all(&mut *tx)
                .await?;
                let expired = closed.into_iter().filter(|(_, host, updated_at)| updated_at.as_str() < closed_before.of(host));
                let mut cases = 0;
                for (reference, _, updated_at) in expired {
                    // Only if it has not changed since it was read: an agreed case that a
                    // notification reached meanwhile is a placement now, and stays.
                    let gone = sqlx::query(
                        "DELETE FROM cases WHERE reference = $1 AND updated_at = $2 \
                         AND status IN ('withdrawn', 'ended', 'agreed', 'challenged')",
                    )
                    .bind(&reference)
                    .bind(&updated_at)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if gone == 0 {
                        continue;
                    }
                    cases += 1;
                    for table in ["submissions", "events", "outbox", "attachments", "case_links"] {
                        sqlx::query(&format!("DELETE FROM {table} WHERE case_reference = $1"))
                            .bind(&reference)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                // Ended sessions whose cookies have expired anyway: nothing left to refuse.
                sqlx::query("DELETE FROM ended_sessions WHERE until_at < $1").bind(uploaded_before).execute(&mut *tx).await?;
                let uploads = sqlx::query("DELETE FROM attachments WHERE case_reference IS NULL AND uploaded_at < $1")
                    .bind(uploaded_before)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                tx.commit().await?;
                Ok(Deleted { cases, uploads, access_lines: 0 })
            }

            pub async fn outbox(p: &P, host: &str) -> sqlx::Result<Vec<OutboxRow>> {
                let sql = format!(
                    "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE case_reference IN (SELECT reference FROM cases WHERE host = $1) \
                     OR case_reference = $1 ORDER BY id"
                );
                sqlx::query_as(&sql).bind(host).fetch_all(p).await
            }

            pub async fn outcomes_awaited(p: &P) -> sqlx::Result<Vec<CaseRow>> {
                let sql = format!(
                    "SELECT {CASE_COLUMNS} FROM cases WHERE status = 'awaiting-outcome' AND reply_due_on IS NOT NULL \
                     ORDER BY reply_due_on, reference"
                );
                sqlx::query_as(&sql).fetch_all(p).await
            }

            pub async fn ends_awaited(p: &P) -> sqlx::Result<Vec<CaseRow>> {
                let sql = format!(
                    "SELECT {CASE_COLUMNS} FROM cases WHERE planned_end_on IS NOT NULL \
                     AND status IN ('notified', 'awaiting-confirmation') ORDER BY planned_end_on, reference"
                );
                sqlx::query_as(&sql).fetch_all(p).await
            }

            pub async fn care_plans_awaited(p: &P) -> sqlx::Result<Vec<CaseRow>> {
                let sql = format!(
                    "SELECT {CASE_COLUMNS} FROM cases WHERE care_plan_due_on IS NOT NULL AND care_plan_received_on IS NULL \
                     AND status IN ('notified', 'awaiting-confirmation') ORDER BY care_plan_due_on, reference"
                );
                sqlx::query_as(&sql).fetch_all(p).await
            }

            /// Records reminder `kind` under `key` (a case's reference, or a host's code for a list
            /// about no one case) with its emails and, for a case, its timeline entry: once. False,
            /// and nothing written, when it was sent before.
            pub async fn remind(
                p: &P,
                key: &str,
                kind: &str,
                sent_on: &str,
                emails: &[Email],
                timeline: Option<&str>,
                at: &str,
            ) -> sqlx::Result<bool> {
                let mut conn = p.acquire().await?;
                let mut tx = sqlx::Connection::begin_with(&mut *conn, $begin).await?;
                let fresh = sqlx::query(
                    "INSERT INTO reminders (case_reference, kind, sent_on) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(key)
                .bind(kind)
                .bind(sent_on)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                if !fresh {
                    return Ok(false);
                }
                insert_emails(&mut tx, key, emails, at).await?;
                if let Some(detail) = timeline {
                    sqlx::query("INSERT INTO events (case_reference, at, kind, detail) VALUES ($1, $2, 'reminder', $3)")
                        .bind(key)
                        .bind(at)
                        .bind(detail)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            commit_statements!($begin);
        }
    };
}
