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

/// Commits a batch, each write made ready first, and answers each write.
///
/// - The batch is written in a stable order (by case, then by submission id), so two batches
///   that hold the same rows (the same submission sent twice at once, on two lanes or two
///   relays) take them in the same order and wait for each other instead of deadlocking.
/// - Should PostgreSQL still end a batch for another's sake (a deadlock or a serialization
///   failure), its writes are committed again one at a time, rather than all failed.
/// - A write whose drawn reference turns out taken is drawn again (nothing of it was stored).
async fn commit(store: &Store, routing: &Routing, writes: Vec<Write>) -> Vec<Result<WriteOutcome, Failed>> {
    let render = |host: &str, plan: &_, reference: &str, case: &str| routing.render(host, plan, reference, case);
    let failed = |e: &sqlx::Error| (crate::store::is_storage_fault(e), e.to_string());
    let n = writes.len();
    // Each write with its place in the batch as it arrived, sorted into the stable order.
    let mut arrived = Vec::with_capacity(n);
    let mut ready = Vec::with_capacity(n);
    let mut writes: Vec<(usize, Write)> = writes.into_iter().enumerate().collect();
    writes.sort_by(|(_, a), (_, b)| stable_key(a).cmp(&stable_key(b)));
    for (i, w) in writes {
        match Ready::new(w, render) {
            Ok(r) => ready.push(r),
            Err(e) => return vec![Err(failed(&e)); n],
        }
        arrived.push(i);
    }
    let started = std::time::Instant::now();
    let committed = store.commit(&ready).await;
    crate::metrics::database_write(started, committed.is_ok());
    let mut written = match committed {
        Ok(outcomes) => outcomes.into_iter().map(Ok).collect(),
        Err(e) if crate::store::is_conflict_between_transactions(&e) => one_at_a_time(store, &ready).await,
        Err(e) => vec![Err(failed(&e)); n],
    };
    for (answer, r) in written.iter_mut().zip(&ready) {
        for _ in 0..3 {
            if *answer != Ok(WriteOutcome::ReferenceTaken) {
                break;
            }
            *answer = match Ready::new(r.write.clone(), render) {
                Ok(redrawn) => one_at_a_time(store, std::slice::from_ref(&redrawn)).await.remove(0),
                Err(e) => Err(failed(&e)),
            };
        }
    }
    // Back into the order the writes arrived in, for their replies.
    let mut answers: Vec<Result<WriteOutcome, Failed>> = vec![Ok(WriteOutcome::Conflict); n];
    for (answer, i) in written.into_iter().zip(arrived) {
        answers[i] = answer;
    }
    answers
}

/// The order a batch is written in: a case's rows before another case's, then by submission id.
fn stable_key(w: &Write) -> (&str, &str) {
    (w.submission.case_reference.as_deref().unwrap_or(""), &w.submission.id)
}

/// Each write in its own transaction, each tried again a few times if another transaction ended
/// it (the wait grows a little each time).
async fn one_at_a_time(store: &Store, writes: &[Ready]) -> Vec<Result<WriteOutcome, Failed>> {
    let mut answers = Vec::with_capacity(writes.len());
    for w in writes {
        let mut tries = 0u64;
        let answer = loop {
            match store.commit(std::slice::from_ref(w)).await {
                Ok(mut outcomes) => break outcomes.pop().ok_or((false, "no outcome".to_owned())),
                Err(e) if crate::store::is_conflict_between_transactions(&e) && tries < 5 => {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(5 * tries)).await;
                }
                Err(e) => break Err((crate::store::is_storage_fault(&e), e.to_string())),
            }
        };
        answers.push(answer);
    }
    answers
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
                let answers = commit(&store, &routing, std::mem::take(&mut writes)).await;
                for (reply, answer) in replies.drain(..).zip(answers) {
                    let _ = reply.send(answer);
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
