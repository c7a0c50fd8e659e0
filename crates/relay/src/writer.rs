//! Group commit. Every accepted submission goes through one writer task, which takes whatever has
//! queued up while the last transaction was committing and commits it all in one transaction:
//! one disk sync for many submissions, and still nobody hears 201 before their submission is on
//! disk. A single commit per request tops out near 280 a second on this machine's disk.
//!
//! Each write's reference is drawn and its emails rendered before the transaction (a [`Ready`]),
//! so the transaction holds its locks only for its statements.

use std::sync::Arc;

use tokio::sync::{Notify, mpsc, oneshot};

use crate::error::AppError;
use crate::routing::Routing;
use crate::store::{Ready, Store, Write, WriteOutcome};

/// Most submissions in one transaction.
const MAX_BATCH: usize = 256;

/// Why a batch did not commit: whether the storage failed (503, try again) and what it said.
type Failed = (bool, String);
type Job = (Write, oneshot::Sender<Result<WriteOutcome, Failed>>);

#[derive(Debug, Clone)]
pub struct Writer {
    lanes: Arc<Vec<mpsc::Sender<Job>>>,
    next: Arc<std::sync::atomic::AtomicUsize>,
}

/// Commits a batch, each write made ready first. A write whose drawn reference turns out taken is
/// drawn again and written again (nothing of it was stored), a few times at most.
async fn commit(store: &Store, routing: &Routing, writes: Vec<Write>) -> sqlx::Result<Vec<WriteOutcome>> {
    let render = |plan: &_, reference: &str, case: &str| routing.render(plan, reference, case);
    let ready = writes.into_iter().map(|w| Ready::new(w, render)).collect::<sqlx::Result<Vec<_>>>()?;
    let mut outcomes = store.commit(&ready).await?;
    for _ in 0..3 {
        let again: Vec<usize> = (0..outcomes.len()).filter(|&i| outcomes[i] == WriteOutcome::ReferenceTaken).collect();
        if again.is_empty() {
            break;
        }
        let redrawn =
            again.iter().map(|&i| Ready::new(ready[i].write.clone(), render)).collect::<sqlx::Result<Vec<_>>>()?;
        for (i, outcome) in again.into_iter().zip(store.commit(&redrawn).await?) {
            outcomes[i] = outcome;
        }
    }
    Ok(outcomes)
}

impl Writer {
    /// Starts `lanes` writer tasks (SQLite has one writer at a time, so one lane; PostgreSQL
    /// commits several transactions at once). `written` is notified after each commit.
    pub fn start(store: Store, routing: Routing, written: Arc<Notify>, lanes: usize) -> Self {
        let senders = (0..lanes.max(1)).map(|_| Self::lane(store.clone(), routing.clone(), written.clone())).collect();
        Self { lanes: Arc::new(senders), next: Arc::default() }
    }

    fn lane(store: Store, routing: Routing, written: Arc<Notify>) -> mpsc::Sender<Job> {
        let (jobs, mut queue) = mpsc::channel::<Job>(4 * MAX_BATCH);
        tokio::spawn(async move {
            let mut writes = Vec::with_capacity(MAX_BATCH);
            let mut replies = Vec::with_capacity(MAX_BATCH);
            while let Some((w, reply)) = queue.recv().await {
                writes.push(w);
                replies.push(reply);
                while writes.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok((w, reply)) => {
                            writes.push(w);
                            replies.push(reply);
                        }
                        Err(_) => break,
                    }
                }
                match commit(&store, &routing, std::mem::take(&mut writes)).await {
                    Ok(outcomes) => {
                        for (reply, outcome) in replies.drain(..).zip(outcomes) {
                            let _ = reply.send(Ok(outcome));
                        }
                    }
                    Err(e) => {
                        let failed = (crate::store::is_storage_fault(&e), e.to_string());
                        for reply in replies.drain(..) {
                            let _ = reply.send(Err(failed.clone()));
                        }
                    }
                }
                written.notify_one();
            }
        });
        jobs
    }

    /// Queues a write and waits until it is committed (or refused).
    pub async fn submit(&self, write: Write) -> Result<WriteOutcome, AppError> {
        let (reply, answer) = oneshot::channel();
        let lane = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % self.lanes.len();
        let jobs = self.lanes.get(lane).ok_or_else(|| AppError::internal("no writer"))?;
        jobs.send((write, reply)).await.map_err(|_| AppError::internal("the writer has stopped"))?;
        answer.await.map_err(|_| AppError::internal("the writer dropped a submission"))?.map_err(|(storage, detail)| {
            if storage { AppError::Unavailable(detail) } else { AppError::Internal(detail) }
        })
    }
}
