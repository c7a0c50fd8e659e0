//! Postcode lookup speed and the tables' load time and memory, on the real tables built by
//! scripts/geodata. `cargo bench -p postcodes --bench lookup` prints lookups per second as
//! criterion's throughput, and the load figures before the benchmarks.

use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use placement_rules::geography::{Geography, Located};
use placement_rules::text::Postcode;
use postcodes::PostcodeTable;

fn load(file: &str) -> PostcodeTable {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../var/geodata").join(file);
    let started = Instant::now();
    let bytes = std::fs::read(&path).expect("run scripts/geodata first");
    let table = PostcodeTable::from_bytes(bytes).expect("a valid table");
    println!(
        "{file}: {} postcodes, {:.1} MB in memory, loaded and checked in {:.0} ms",
        table.len(),
        table.byte_len() as f64 / 1e6,
        started.elapsed().as_secs_f64() * 1e3
    );
    table
}

fn bench(c: &mut Criterion) {
    let uk = load("uk-postcodes.bin");
    // The browser's table for a relay serving the sample's three hosts (Kent, Medway, Surrey),
    // as the relay builds it on the first request.
    let started = Instant::now();
    let hosts = PostcodeTable::from_bytes(uk.only(&["E10000016", "E06000035", "E10000030"])).expect("a valid table");
    println!(
        "three hosts' table: {} postcodes, {} bytes, built in {:.0} ms",
        hosts.len(),
        hosts.byte_len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    // Every 2,700th postcode: 1,000 spread over the country, as typed (lower case, no space).
    let sample: Vec<Postcode> = uk
        .entries()
        .step_by(uk.len() / 1000)
        .filter_map(|e| Postcode::parse(&e.postcode.to_lowercase().replace(' ', "")))
        .collect();
    let mut group = c.benchmark_group("postcode lookup");
    group.throughput(Throughput::Elements(sample.len() as u64));
    group.bench_function("UK table, 1000 postcodes", |b| {
        b.iter(|| sample.iter().filter(|p| matches!(uk.locate(p), Located::In(_))).count())
    });
    group.bench_function("three hosts' table, 1000 postcodes", |b| {
        b.iter(|| sample.iter().filter(|p| matches!(hosts.locate(p), Located::In(_))).count())
    });
    group.bench_function("parse and look up, 1000 typed postcodes", |b| {
        let typed: Vec<String> = sample.iter().map(|p| p.as_str().to_lowercase()).collect();
        b.iter(|| {
            typed.iter().filter_map(|t| Postcode::parse(t)).filter(|p| matches!(uk.locate(p), Located::In(_))).count()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
