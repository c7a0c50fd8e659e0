//! Deleting personal data when it is no longer needed. A closed case (withdrawn, notified, or
//! answered with an outcome) is deleted, with its submissions, documents, timeline and emails,
//! once it has not changed for the configured number of days; a file uploaded but never attached
//! to a submission goes after the configured hours. The sweep runs at start and then hourly.

use std::time::Duration as StdDuration;

use time::{Duration, OffsetDateTime};

use crate::clock;
use crate::config::Retention;
use crate::store::{Deleted, Store};

/// One sweep, as of `now`.
pub async fn sweep(store: &Store, retention: Retention, now: OffsetDateTime) -> sqlx::Result<Deleted> {
    let closed_before = clock::timestamp(now - Duration::days(i64::from(retention.closed_case_days)));
    let uploaded_before = clock::timestamp(now - Duration::hours(i64::from(retention.unattached_upload_hours)));
    store.delete_expired(&closed_before, &uploaded_before).await
}

pub async fn run(store: Store, retention: Retention) {
    loop {
        match sweep(&store, retention, clock::now()).await {
            Ok(d) if d != Deleted::default() => {
                tracing::info!(cases = d.cases, uploads = d.uploads, "retention: deleted expired data");
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention sweep failed; it will run again in an hour"),
        }
        tokio::time::sleep(StdDuration::from_secs(3600)).await;
    }
}
