//! Front Door's work queue at scale: fills a database with made-up cases and measures a filtered
//! page, through the relay's own store (the statements the API runs).
//!
//!   cargo run --release -p relay --example queue -- seed  --config relay.toml --count 100000
//!   cargo run --release -p relay --example queue -- bench --config relay.toml
//!
//! Made-up cases hold no child's details (a case row never does: the child is in its submissions,
//! and these have none), so their case pages are empty. Never point this at a live database.

use std::time::Instant;

use anyhow::{Context, bail};
use contract::queue::{CaseQuery, Due, Sort};
use placement_rules::reference::Reference;
use placement_rules::register::{Country, Register};
use placement_rules::{CaseStatus, Date};
use relay::config::Config;
use relay::store::Store;

/// Inserts the rows a thousand at a time.
macro_rules! insert {
    ($pool:expr, $db:ty, $rows:expr) => {
        for chunk in $rows.chunks(1000) {
            let mut q = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO cases (reference, host, status, placing_authority, division, requested_on, reply_due_on, \
                 notified_on, decision, outcome_on, working_days_to_outcome, notified_before_start, late_emergency, \
                 ended_on, end_told_late, updated_at) ",
            );
            q.push_values(chunk, |mut b, m| {
                b.push_bind(&m.reference)
                    .push_bind(&m.host)
                    .push_bind(m.status)
                    .push_bind(&m.placing_authority)
                    .push_bind(&m.division)
                    .push_bind(&m.requested_on)
                    .push_bind(&m.reply_due_on)
                    .push_bind(&m.notified_on)
                    .push_bind(m.decision)
                    .push_bind(&m.outcome_on)
                    .push_bind(m.working_days_to_outcome)
                    .push_bind(m.notified_before_start)
                    .push_bind(m.late_emergency)
                    .push_bind(&m.ended_on)
                    .push_bind(m.end_told_late)
                    .push_bind(&m.updated_at);
            });
            q.push(" ON CONFLICT DO NOTHING");
            q.build().execute(&$pool).await?;
        }
    };
}

const STATUSES: [(CaseStatus, u64); 7] = [
    (CaseStatus::AwaitingOutcome, 20),
    (CaseStatus::Agreed, 25),
    (CaseStatus::Challenged, 5),
    (CaseStatus::Notified, 35),
    (CaseStatus::AwaitingConfirmation, 2),
    (CaseStatus::Withdrawn, 5),
    (CaseStatus::Ended, 8),
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let config = match value("--config") {
        Some(path) => Config::load(std::path::Path::new(&path)).map_err(anyhow::Error::msg)?,
        None => Config::sample(),
    };
    let host = value("--host").unwrap_or_else(|| config.hosts[0].authority.clone());
    let host = config.host(&host).with_context(|| format!("{host} is not a host in the configuration"))?.clone();
    let store = Store::open(&config.database.url).await?;
    let today = relay::clock::uk_today();
    match args.first().map(String::as_str) {
        Some("seed") => {
            let count: u64 = value("--count").unwrap_or_else(|| "1000".into()).parse()?;
            let divisions: Vec<String> = host.divisions.iter().map(|d| d.id.clone()).collect();
            let started = Instant::now();
            let authorities = placing_authorities(&host.authority);
            let rows: Vec<Made> =
                (0..count).map(|n| made_up(n, &host.authority, &divisions, &authorities, today)).collect();
            if config.database.url.starts_with("postgres") {
                let pool = sqlx::PgPool::connect(&config.database.url).await?;
                insert!(pool, sqlx::Postgres, rows);
            } else {
                let pool = sqlx::SqlitePool::connect(&config.database.url).await?;
                insert!(pool, sqlx::Sqlite, rows);
            }
            println!("seeded {count} cases for {} in {:.1} s", host.name, started.elapsed().as_secs_f64());
        }
        Some("bench") => bench(&store, &host, today).await?,
        _ => bail!("usage: queue seed|bench [--config FILE] [--host CODE] [--count N]"),
    }
    Ok(())
}

fn placing_authorities(host: &str) -> Vec<String> {
    Register::builtin()
        .all()
        .iter()
        .filter(|a| a.country == Country::England && a.gss != host)
        .map(|a| a.gss.clone())
        .collect()
}

/// Each filter a Front Door officer uses, 200 times, and its p50 and p95 in milliseconds.
async fn bench(store: &Store, host: &relay::config::Host, today: Date) -> anyhow::Result<()> {
    let division = host.divisions.first().map(|d| d.id.clone());
    let authority = placing_authorities(&host.authority).into_iter().nth(40);
    let month_ago = (0..30).try_fold(today, |d, _| d.previous_day()).context("a month ago")?;
    let queries = [
        ("everything, needs action first, page 1", CaseQuery::default()),
        ("everything, page 40", CaseQuery { page: Some(40), ..CaseQuery::default() }),
        ("awaiting outcome, overdue", CaseQuery { due: Some(Due::Overdue), ..CaseQuery::default() }),
        (
            "due soon, one division",
            CaseQuery { due: Some(Due::DueSoon), division: division.clone(), ..CaseQuery::default() },
        ),
        (
            "one placing authority, newest first",
            CaseQuery { placing_authority: authority, sort: Some(Sort::NewestFirst), ..CaseQuery::default() },
        ),
        (
            "agreed, received in the last 30 days",
            CaseQuery { status: Some(CaseStatus::Agreed), received_from: Some(month_ago), ..CaseQuery::default() },
        ),
        ("a reference's first characters", CaseQuery { reference: Some("OLA-7".into()), ..CaseQuery::default() }),
    ];
    println!("{:<45} {:>8} {:>8} {:>8}", "query", "matches", "p50 ms", "p95 ms");
    for (name, query) in queries {
        let filter = relay::staff::queue_filter(&host.authority, &query, today);
        let mut times = Vec::with_capacity(200);
        let mut total = 0;
        for _ in 0..200 {
            let started = Instant::now();
            let (n, rows) = store.queue(&filter).await?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            total = n;
            std::hint::black_box(rows);
        }
        times.sort_by(f64::total_cmp);
        println!("{name:<45} {total:>8} {:>8.1} {:>8.1}", times[100], times[190]);
    }
    // The MI report reads every case of the host and counts in memory.
    let mut times = Vec::with_capacity(20);
    let mut received = 0;
    for _ in 0..20 {
        let started = Instant::now();
        let query = contract::report::ReportQuery::default();
        let (from, to) = relay::report::span(&query, today).map_err(anyhow::Error::msg)?;
        let cases = store.report_cases(&host.authority, &from.to_string(), &to.to_string()).await?;
        let report = relay::report::build(&cases, host, today, &query, Vec::new()).map_err(anyhow::Error::msg)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        received = report.received;
    }
    times.sort_by(f64::total_cmp);
    println!("{:<45} {received:>8} {:>8.1} {:>8.1}", "MI report, this financial year", times[10], times[19]);
    Ok(())
}

/// A made-up case row: the columns the queue reads.
struct Made {
    reference: String,
    host: String,
    status: &'static str,
    placing_authority: String,
    division: Option<String>,
    requested_on: Option<String>,
    reply_due_on: Option<String>,
    notified_on: Option<String>,
    decision: Option<&'static str>,
    outcome_on: Option<String>,
    working_days_to_outcome: Option<i64>,
    notified_before_start: Option<bool>,
    late_emergency: Option<bool>,
    ended_on: Option<String>,
    end_told_late: Option<bool>,
    updated_at: String,
}

/// Case `n`, repeatably: received over the last two years, a fifth awaiting an outcome with its
/// reply due from a fortnight ago to a fortnight ahead.
fn made_up(n: u64, host: &str, divisions: &[String], authorities: &[String], today: Date) -> Made {
    let mix = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let pick = mix % 100;
    let mut acc = 0;
    let status = STATUSES.iter().find(|(_, share)| {
        acc += share;
        pick < acc
    });
    let status = status.map_or(CaseStatus::Agreed, |(s, _)| *s);
    let back = |days: u64| (0..days).try_fold(today, |d, _| d.previous_day()).unwrap_or(today);
    let received = if status == CaseStatus::AwaitingOutcome { back((mix >> 8) % 20) } else { back((mix >> 8) % 730) };
    let due = if status == CaseStatus::AwaitingOutcome {
        let offset = (mix >> 20) % 28;
        Some(if offset < 14 {
            back(14 - offset)
        } else {
            (0..offset - 14).try_fold(today, |d, _| d.next_day()).unwrap_or(today)
        })
    } else {
        None
    };
    let notified = matches!(status, CaseStatus::Notified | CaseStatus::AwaitingConfirmation | CaseStatus::Ended);
    let consulted = !notified || pick.is_multiple_of(2);
    // Consultations that went on to a notification were mostly agreed; a challenge does not stop one.
    let decision = match status {
        CaseStatus::Agreed => Some("agreed"),
        CaseStatus::Challenged => Some("challenged"),
        _ if notified && consulted => Some(if (mix >> 48).is_multiple_of(5) { "challenged" } else { "agreed" }),
        _ => None,
    };
    let days_to_outcome = i64::try_from((mix >> 52) % 16).unwrap_or(0);
    let later = |d: Date, days: i64| (0..days).try_fold(d, |d, _| d.next_day()).unwrap_or(d);
    Made {
        reference: Reference::from_bits(mix).as_str().to_owned(),
        host: host.to_owned(),
        status: status.id(),
        placing_authority: authorities[usize::try_from((mix >> 32) % authorities.len() as u64).unwrap_or(0)].clone(),
        division: divisions.get(usize::try_from((mix >> 40) % divisions.len().max(1) as u64).unwrap_or(0)).cloned(),
        requested_on: consulted.then(|| received.to_string()),
        reply_due_on: due.map(|d| d.to_string()),
        notified_on: notified.then(|| received.to_string()),
        decision,
        outcome_on: decision.map(|_| later(received, days_to_outcome + days_to_outcome / 5 * 2).min(today).to_string()),
        working_days_to_outcome: decision.map(|_| days_to_outcome),
        notified_before_start: notified.then(|| !(mix >> 56).is_multiple_of(4)),
        late_emergency: notified.then(|| (mix >> 58).is_multiple_of(7)),
        ended_on: (status == CaseStatus::Ended).then(|| later(received, 60).min(today).to_string()),
        end_told_late: (status == CaseStatus::Ended).then(|| (mix >> 60).is_multiple_of(6)),
        updated_at: "2026-12-03T00:00:00.000000Z".into(),
    }
}
