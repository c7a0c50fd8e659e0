//! The restore drill: `relay backup` copies a SQLite database while the relay serves, checks the
//! copy, and a relay started on the copy shows the same case to the same link. On PostgreSQL it
//! points to pg_dump instead.

mod support;

use std::process::Command;

use axum::http::StatusCode;
use relay::tokens::Scope;
use support::*;

/// The sample configuration with this test's database, as the command line reads it.
fn config_file(dir: &std::path::Path, url: &str) -> std::path::PathBuf {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(root.join("crates/relay/config/sample.toml"))
        .unwrap()
        .replace("url = \"sqlite://var/ola.sqlite3\"", &format!("url = \"{url}\""))
        .replace("staff_file = \"var/staff.toml\"", &format!("staff_file = \"{}\"", dir.join("staff.toml").display()))
        .replace("folder = \"var/mail\"", &format!("folder = \"{}\"", dir.join("mail").display()));
    let path = dir.join("relay.toml");
    std::fs::write(&path, text).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_serving_restores_the_same_cases() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000bb01").await;
    let url = relay.state.config.database.url.clone();
    let config = config_file(relay.dir.path(), &url);
    let copy = relay.dir.path().join("backup.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_relay"))
        .args(["backup", "--to", copy.to_str().unwrap(), "--config", config.to_str().unwrap()])
        .env("OLA_LINK_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if url.starts_with("postgres") {
        assert_eq!(out.status.code(), Some(1), "{said}");
        assert!(said.contains("pg_dump"), "{said}");
        return;
    }
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("checked, 1 case(s)"), "{said}");

    // A second backup to the same file would overwrite the first: refused.
    let again = Command::new(env!("CARGO_BIN_EXE_relay"))
        .args(["backup", "--to", copy.to_str().unwrap(), "--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    // The drill: a relay on the copy answers the same link with the same case.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored = restored_dir.path().join("restored.sqlite3");
    std::fs::copy(&copy, &restored).unwrap();
    let restored_relay =
        relay_with(support::config(restored_dir.path(), &format!("sqlite://{}", restored.display())), restored_dir)
            .await;
    let placing = relay.token(Scope::Placing, &reference);
    let view = restored_relay.get(&format!("/api/cases/{reference}"), Some(&placing)).await;
    assert_eq!(view.status, StatusCode::OK);
    let view: contract::CaseView = serde_json::from_slice(&view.bytes).unwrap();
    assert_eq!(view.summary.placing_authority.name, "Leeds");
    assert!(view.request.is_some(), "the consultation itself came back, not only its case row");
}
