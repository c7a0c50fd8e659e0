//! The rules crate stays pure (ARCHITECTURE.md, invariant 1): no I/O, no clock, no threads, no
//! async, no web framework. A grep is cheap and catches the slip before review does.

use std::fs;
use std::path::Path;

const FORBIDDEN: &[(&str, &str)] = &[
    ("std::fs", "file I/O"),
    ("std::net", "network I/O"),
    ("std::io", "I/O"),
    ("std::env", "environment"),
    ("std::process", "processes"),
    ("std::thread", "threads"),
    ("SystemTime", "the clock"),
    ("Instant::now", "the clock"),
    ("now_utc", "the clock"),
    ("async fn", "async"),
    (".await", "async"),
    ("println!", "printing"),
    ("eprintln!", "printing"),
    ("web_sys", "the browser"),
    ("wasm_bindgen", "the browser"),
    ("leptos", "the UI framework"),
    ("axum", "the server framework"),
];

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn rules_crate_does_no_io_reads_no_clock_and_knows_no_framework() {
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    assert!(files.len() > 10);
    let mut problems = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for (needle, what) in FORBIDDEN {
                if code.contains(needle) {
                    problems.push(format!("{}:{}: {what} ({needle})", file.display(), n + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "the rules crate must stay pure:\n{}", problems.join("\n"));
}

#[test]
fn rules_crate_depends_only_on_pure_crates() {
    let manifest = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let deps = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    let names: Vec<&str> =
        deps.lines().filter_map(|l| l.split(['.', '=', ' ']).next()).filter(|n| !n.is_empty()).collect();
    assert_eq!(names, ["serde", "serde_json", "serde_path_to_error", "validator", "time"]);
}
