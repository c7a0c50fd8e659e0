//! Deleting personal data when it is no longer needed. A closed case (withdrawn, ended, or answered
//! with an outcome and never notified) is deleted, with its submissions, documents, timeline and emails,
//! once it has not changed for its host's number of days (or the deployment's); a file uploaded
//! but never attached to a submission goes after the configured hours. The sweep runs at start and
//! then hourly. The access log keeps each line for its own number of days, longer than a case. A notified placement is not closed: the child lives in the host's area until the
//! placing authority says the placement has ended (reg 14), and the host's list of children placed
//! there depends on it.

use std::time::Duration as StdDuration;

use time::{Duration, OffsetDateTime};

use crate::clock;
use crate::config::{Host, Retention};
use crate::store::{ClosedBefore, Deleted, Store};

/// One sweep, as of `now`.
pub async fn sweep(store: &Store, retention: Retention, hosts: &[Host], now: OffsetDateTime) -> sqlx::Result<Deleted> {
    let before = |days: u32| clock::timestamp(now - Duration::days(i64::from(days)));
    let default = before(retention.closed_case_days);
    let closed_before = ClosedBefore {
        default: &default,
        hosts: hosts.iter().filter_map(|h| Some((h.authority.as_str(), before(h.closed_case_days?)))).collect(),
    };
    let uploaded_before = clock::timestamp(now - Duration::hours(i64::from(retention.unattached_upload_hours)));
    let mut deleted = store.delete_expired(&closed_before, &uploaded_before).await?;
    deleted.access_lines = store.forget_access_before(&before(retention.access_log_days)).await?;
    Ok(deleted)
}

pub async fn run(store: Store, retention: Retention, hosts: Vec<Host>) {
    loop {
        match sweep(&store, retention, &hosts, clock::now()).await {
            Ok(d) if d != Deleted::default() => {
                tracing::info!(
                    cases = d.cases,
                    uploads = d.uploads,
                    access_lines = d.access_lines,
                    "retention: deleted expired data"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention sweep failed; it will run again in an hour"),
        }
        tokio::time::sleep(StdDuration::from_secs(3600)).await;
    }
}
