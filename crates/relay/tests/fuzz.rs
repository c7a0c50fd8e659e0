//! Fuzzing every endpoint through the router: valid requests mutated at random (bytes flipped,
//! cut short, values swapped for other JSON types, headers changed, paths garbled) must never get a
//! 5xx, and every error keeps the API's JSON shape. A fixed seed, so a failure repeats; the count
//! per endpoint is `OLA_FUZZ_REQUESTS` (default 300, so the test command stays quick; the figures
//! in the notes come from larger runs).

mod support;

use axum::http::Method;
use relay::tokens::Scope;
use serde_json::{Value, json};
use support::*;

/// xorshift64*: small, fast, and the same sequence for the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn odd_value(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(rng.next() as i64),
        2 => json!(-1.5e308),
        3 => json!(true),
        4 => json!("\u{202e}<script>alert(1)</script>'; DROP TABLE cases; --"),
        5 => json!("x".repeat(rng.below(20_000))),
        6 => json!([1, "two", null, {"three": 3}]),
        7 => json!({"format": 1, "nested": {"deeper": [[[[]]]]}}),
        _ => json!(""),
    }
}

/// Replaces a random value somewhere in `v` with an odd one, or adds an unknown key.
fn mutate_json(v: &mut Value, rng: &mut Rng) {
    match v {
        Value::Object(map) if !map.is_empty() && rng.below(5) > 0 => {
            let key = map.keys().nth(rng.below(map.len())).cloned().unwrap_or_default();
            if let Some(child) = map.get_mut(&key) {
                if rng.below(3) == 0 { *child = odd_value(rng) } else { mutate_json(child, rng) }
            }
        }
        Value::Object(map) => {
            map.insert(format!("unknown_{}", rng.below(100)), odd_value(rng));
        }
        Value::Array(items) if !items.is_empty() => {
            let i = rng.below(items.len());
            mutate_json(&mut items[i], rng);
        }
        other => *other = odd_value(rng),
    }
}

fn mutate_bytes(mut bytes: Vec<u8>, rng: &mut Rng) -> Vec<u8> {
    match rng.below(4) {
        0 => bytes.truncate(rng.below(bytes.len() + 1)),
        1 => {
            for _ in 0..=rng.below(8) {
                let i = rng.below(bytes.len());
                if let Some(b) = bytes.get_mut(i) {
                    *b = rng.next() as u8;
                }
            }
        }
        2 => bytes.extend(std::iter::repeat_n(b'[', rng.below(3000))),
        _ => bytes = (0..rng.below(4096)).map(|_| rng.next() as u8).collect(),
    }
    bytes
}

fn count() -> usize {
    std::env::var("OLA_FUZZ_REQUESTS").ok().and_then(|n| n.parse().ok()).unwrap_or(300)
}

#[tokio::test]
async fn fuzzed_requests_to_every_endpoint_never_get_a_5xx() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-000000000001").await;
    let manager = relay.token(Scope::ServiceManager, &reference);
    let placing = relay.token(Scope::Placing, &reference);
    let cookie = sign_in(&relay).await;
    let care_plan = relay.upload_pdf().await;
    let withdrawal = withdrawal(&reference);
    let endpoints: Vec<(&str, Value, Option<String>)> = vec![
        ("/api/consultations", consultation(&care_plan), None),
        ("/api/outcomes", outcome(&reference, "challenged"), Some(manager)),
        ("/api/notifications", notification(&reference, true), Some(placing.clone())),
        ("/api/withdrawals", withdrawal, Some(placing)),
        ("/api/staff/sign-in", json!({ "token": STAFF_TOKEN }), None),
    ];
    let mut rng = Rng(0x5EED_0FC0_FFEE);
    let mut sent = 0;
    for (path, valid, token) in &endpoints {
        for n in 0..count() {
            let mut data = valid.clone();
            mutate_json(&mut data, &mut rng);
            let id = format!("fuzz-{path_len}-{n:08}-00000000", path_len = path.len());
            let body = if path.ends_with("sign-in") { data } else { envelope(&id, data) };
            let mut bytes = serde_json::to_vec(&body).unwrap();
            if rng.below(3) == 0 {
                bytes = mutate_bytes(bytes, &mut rng);
            }
            let auth = token.as_ref().map(|t| format!("Bearer {t}"));
            let mut headers = vec![("content-type", "application/json")];
            if let Some(a) = &auth
                && rng.below(8) > 0
            {
                headers.push(("authorization", a.as_str()));
            }
            if rng.below(10) == 0 {
                headers.push(("cookie", cookie.as_str()));
            }
            let r = relay.call(Method::POST, path, &headers, bytes).await;
            sent += 1;
            assert!(!r.status.is_server_error(), "{path} #{n}: {} {}", r.status, String::from_utf8_lossy(&r.bytes));
            if !r.status.is_success() {
                assert_eq!(r.headers["content-type"], "application/json", "{path} #{n}: {}", r.status);
            }
        }
    }
    // Uploads, case views and the placement check, with garbled bodies, paths and queries.
    for n in 0..count() {
        let pdf = mutate_bytes(b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".to_vec(), &mut rng);
        let name: String = (0..rng.below(40)).map(|_| char::from(b'%' + (rng.next() % 90) as u8)).collect();
        let r = relay.call(Method::POST, "/api/attachments", &[("x-file-name", name.as_str())], pdf).await;
        assert!(!r.status.is_server_error(), "upload #{n}: {}", r.status);
        let garbled: String = (0..rng.below(30)).map(|_| char::from(b'-' + (rng.next() % 77) as u8)).collect();
        for uri in [
            format!("/api/cases/{garbled}"),
            format!("/api/attachments/{garbled}"),
            format!("/api/placement-check?placing={garbled}&postcode={garbled}&home={garbled}"),
        ] {
            if let Ok(uri) = axum::http::Uri::try_from(uri.as_str()) {
                let r = relay.call(Method::GET, &uri.to_string(), &[("cookie", cookie.as_str())], Vec::new()).await;
                assert!(!r.status.is_server_error(), "{uri}: {}", r.status);
                sent += 1;
            }
        }
        sent += 1;
    }
    eprintln!("{sent} fuzzed requests, no 5xx");
}
