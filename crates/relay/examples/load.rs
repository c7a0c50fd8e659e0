//! Load benchmark: complete, valid consultation requests, each after its own care plan's upload as
//! the app sends them (each re-checked, stored durably and routed), from N keep-alive connections for a while, then accepted submissions a second and
//! p50/p99 latency. Drives a running relay over loopback only.
//!
//!   cargo run --release -p relay --example load -- --port 8080 --connections 64 --seconds 20 [--rate 1000]
//!
//! Without `--rate`, each connection sends its next request as soon as the last is answered
//! (closed loop: the most the relay can accept). With `--rate`, requests are sent on a fixed
//! schedule and latency is measured from when each was due, not when it went, so a stall is
//! charged to every request it delayed (no coordinated omission).
//!
//! scripts/bench-relay starts the relay on SQLite and on PostgreSQL and runs this against each.

use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

struct Args {
    port: u16,
    connections: usize,
    seconds: u64,
    run: String,
    /// Offered submissions a second, across all connections; 0 means as fast as answers come.
    rate: f64,
}

fn args() -> Args {
    let mut a = Args { port: 8080, connections: 64, seconds: 20, run: format!("{:x}", std::process::id()), rate: 0.0 };
    let mut it = std::env::args().skip(1);
    while let (Some(flag), Some(value)) = (it.next(), it.next()) {
        match flag.as_str() {
            "--port" => a.port = value.parse().expect("--port N"),
            "--connections" => a.connections = value.parse().expect("--connections N"),
            "--seconds" => a.seconds = value.parse().expect("--seconds N"),
            "--run" => a.run = value,
            "--rate" => a.rate = value.parse().expect("--rate N"),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

/// One request on a kept-alive connection: the status and body.
async fn exchange(conn: &mut BufReader<TcpStream>, request: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
    conn.get_mut().write_all(request).await?;
    let mut line = String::new();
    conn.read_line(&mut line).await?;
    let status: u16 = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        conn.read_line(&mut line).await?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    conn.read_exact(&mut body).await?;
    Ok((status, body))
}

fn request(path: &str, content_type: &str, extra: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn consultation(id: &str, care_plan: &str, start: &str, born: &str) -> Vec<u8> {
    let no_risk = json!({ "level": "no-known-risk", "details": "" });
    let data = json!({
        "placing_authority": "E08000035",
        "social_worker": { "name": "Alex Example", "team": "Children in Care 2", "email": "alex.example@leeds.gov.uk", "phone": "0113 496 0000" },
        "team_manager": { "name": "Jo Sample", "team": "", "email": "jo.sample@leeds.gov.uk", "phone": "" },
        "child": { "case_id": "LCC-000123", "first_name": "Samira", "surname": "Testchild", "date_of_birth": born, "sex": "female",
                   "ethnicity": "WBRI", "uasc": "no", "disability": "no", "first_language": "English", "interpreter_needed": "no", "home_postcode": "LS1 1UR" },
        "legal_status": "C2",
        "placement": { "placement_type": "childrens-home", "provider_name": "Example Care Ltd", "ofsted_urn": "SC123456",
                       "address": "1 Example Road, Maidstone", "postcode": "ME14 1XQ", "start_date": start,
                       "planned_duration": "Long term", "emergency": "no", "siblings": "no-siblings-in-care" },
        "education": { "ehcp": "no" }, "health": { "camhs": "no" },
        "risks": { "self_harm": no_risk, "sexual_exploitation": no_risk, "criminal_exploitation": no_risk, "going_missing": no_risk,
                   "substance_misuse": no_risk, "offending": no_risk, "harm_to_others": no_risk, "fire_setting": no_risk,
                   "trafficking": no_risk, "radicalisation": no_risk, "other": no_risk },
        "deprivation_of_liberty": { "order": "no" },
        "reasons": { "needs_assessment": "Needs a small, stable home. ".repeat(20), "why_most_suitable": "Matches the assessed needs.",
                     "why_out_of_area": "No suitable home in Leeds.", "why_distant": "Away from exploitation risks at home.",
                     "wishes_and_feelings": "yes", "wishes_and_feelings_details": "Wants a fresh start.",
                     "relatives_consulted": "yes", "iro_consulted": "yes" },
        "approver": { "name": "Pat Director", "role": "director-of-childrens-services", "status": "awaiting-consultation" },
        "documents": [{ "kind": "care-plan", "attachment_id": care_plan, "file_name": "plan.pdf" }]
    });
    serde_json::to_vec(&json!({ "format": 1, "id": id, "rules_version": placement_rules::RULES_VERSION, "data": data }))
        .unwrap()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() {
    let a = args();
    let today = relay::clock::uk_today();
    let mut start = today;
    let mut born = today;
    for _ in 0..30 {
        start = start.next_day().unwrap();
    }
    for _ in 0..(14 * 365) {
        born = born.previous_day().unwrap();
    }
    let (start, born) = (start.to_string(), born.to_string());

    TcpStream::connect(("127.0.0.1", a.port)).await.expect("is the relay running?");
    let pdf: &'static [u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\n";

    let deadline = Instant::now() + Duration::from_secs(a.seconds);
    let began = Instant::now();
    // With --rate, each connection sends on its own fixed schedule, the schedules spread evenly.
    let interval = (a.rate > 0.0).then(|| Duration::from_secs_f64(a.connections as f64 / a.rate));
    let mut tasks = Vec::new();
    for c in 0..a.connections {
        let (start, born, run, port) = (start.clone(), born.clone(), a.run.clone(), a.port);
        let mut due = began + interval.map_or(Duration::ZERO, |i| i.mul_f64(c as f64 / a.connections as f64));
        tasks.push(tokio::spawn(async move {
            let mut conn = BufReader::new(TcpStream::connect(("127.0.0.1", port)).await.unwrap());
            let (mut latencies, mut accepted, mut other) = (Vec::new(), 0u64, 0u64);
            let mut n = 0u64;
            while Instant::now() < deadline {
                let sent = match interval {
                    Some(i) => {
                        tokio::time::sleep_until(due.into()).await;
                        let was_due = due;
                        due += i;
                        was_due
                    }
                    None => Instant::now(),
                };
                let id = format!("load-{run}-{c:03}-{n:08}");
                n += 1;
                // Each consultation's own care plan, uploaded first as the app does: an upload
                // belongs to the one case it is sent with.
                let upload = request("/api/attachments", "application/pdf", "X-File-Name: plan.pdf\r\n", pdf);
                let care_plan = match exchange(&mut conn, &upload).await {
                    Ok((201, body)) => {
                        serde_json::from_slice::<serde_json::Value>(&body).unwrap()["id"].as_str().unwrap().to_owned()
                    }
                    Ok(_) => {
                        other += 1;
                        continue;
                    }
                    Err(_) => {
                        other += 1;
                        conn = BufReader::new(TcpStream::connect(("127.0.0.1", port)).await.unwrap());
                        continue;
                    }
                };
                let body = consultation(&id, &care_plan, &start, &born);
                match exchange(&mut conn, &request("/api/consultations", "application/json", "", &body)).await {
                    Ok((201, _)) => {
                        accepted += 1;
                        latencies.push(sent.elapsed());
                    }
                    Ok(_) => other += 1,
                    Err(_) => {
                        other += 1;
                        conn = BufReader::new(TcpStream::connect(("127.0.0.1", port)).await.unwrap());
                    }
                }
            }
            (latencies, accepted, other)
        }));
    }
    let (mut latencies, mut accepted, mut other) = (Vec::new(), 0, 0);
    for t in tasks {
        let (l, a, o) = t.await.unwrap();
        latencies.extend(l);
        accepted += a;
        other += o;
    }
    let elapsed = began.elapsed().as_secs_f64();
    latencies.sort();
    let offered = if a.rate > 0.0 { format!("offered {:.0}/s  ", a.rate) } else { "closed loop  ".to_owned() };
    println!(
        "{offered}connections {}  seconds {:.1}  accepted {}  other {}  accepted/s {:.0}  p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms",
        a.connections,
        elapsed,
        accepted,
        other,
        accepted as f64 / elapsed,
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
}
