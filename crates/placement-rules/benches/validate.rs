//! How long one complete consultation request takes to check: decode from JSON and run every
//! rule, as the relay does per submission and the app does on the check-your-answers page.
//! Target: under 100 µs native.

use criterion::{Criterion, criterion_group, criterion_main};
use placement_rules::forms::consultation_request::{ConsultationRequest, Risk, RiskLevel};
use placement_rules::wire::{Envelope, FORMAT_VERSION, decode};
use placement_rules::{Context, Date, Form};
use std::hint::black_box;

#[path = "../tests/support/mod.rs"]
mod support;

/// The tests' complete request, with long free-text answers as real ones are.
fn request() -> ConsultationRequest {
    let mut r = support::valid_request();
    r.reasons.needs_assessment = "Assessed needs. ".repeat(200);
    r.reasons.why_most_suitable = "Why this home. ".repeat(100);
    r.risks.other = Risk { level: Some(RiskLevel::RiskPresent), details: "Described at length. ".repeat(50) };
    r
}

fn bench(c: &mut Criterion) {
    let geo = support::geography();
    let ctx = Context::builtin(Date::from_ymd(2026, 11, 23).expect("a real date"), support::kent(), &geo);
    let req = request();
    assert!(req.check(&ctx).is_empty(), "the benchmark's request is valid");
    let body = serde_json::to_vec(&Envelope {
        format: FORMAT_VERSION,
        id: "0190f3a2-7c1e-7d33-9a4e-2f1c5b6d7e8f".into(),
        rules_version: placement_rules::RULES_VERSION.into(),
        data: req.clone(),
    })
    .expect("serialises");

    c.bench_function("check complete consultation request", |b| b.iter(|| black_box(&req).check(&ctx)));
    c.bench_function("decode and check complete consultation request", |b| {
        b.iter(|| {
            let env = decode::<ConsultationRequest>(black_box(&body)).expect("decodes");
            env.data.check(&ctx)
        })
    });
    let empty = ConsultationRequest::default();
    c.bench_function("check empty consultation request (every finding)", |b| b.iter(|| black_box(&empty).check(&ctx)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
