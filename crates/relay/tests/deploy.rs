//! The systemd unit in deploy/ is one systemd accepts, and its sandbox keeps the relay's exposure
//! low (`systemd-analyze security`, offline: nothing is started).

use std::path::PathBuf;
use std::process::Command;

fn unit_with_this_build() -> (tempfile::TempDir, PathBuf) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let unit = std::fs::read_to_string(root.join("deploy/ola-relay.service")).unwrap();
    // verify checks that ExecStart's program exists: this build's relay stands in for the installed one.
    let unit = unit.replace("/usr/local/bin/relay", env!("CARGO_BIN_EXE_relay"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ola-relay.service");
    std::fs::write(&path, unit).unwrap();
    (dir, path)
}

#[test]
fn the_service_unit_is_one_systemd_accepts() {
    let (_dir, unit) = unit_with_this_build();
    let out = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&unit)
        .output()
        .expect("systemd-analyze (Debian's systemd package; scripts/setup installs it)");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    let about_ours: Vec<&str> = said.lines().filter(|l| l.contains("ola-relay")).collect();
    assert!(about_ours.is_empty(), "systemd-analyze verify: {about_ours:?}");
}

#[test]
fn the_service_runs_sandboxed_as_its_own_user() {
    let (_dir, unit) = unit_with_this_build();
    let text = std::fs::read_to_string(&unit).unwrap();
    for line in [
        "User=ola",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "ReadWritePaths=/var/lib/ola",
        "CapabilityBoundingSet=",
    ] {
        assert!(text.lines().any(|l| l == line), "{line}");
    }
    let out = Command::new("systemd-analyze").args(["security", "--offline=yes"]).arg(&unit).output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    let level: f64 = said
        .lines()
        .find_map(|l| l.split("Overall exposure level for ola-relay.service: ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no exposure level in: {said}"));
    assert!(level <= 2.0, "exposure {level}: systemd rates 0–2 as OK");
}
