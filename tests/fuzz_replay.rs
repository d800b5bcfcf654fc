//! The fuzz corpus and every crash case found, replayed through the fuzz targets on the
//! stable toolchain (the targets' bodies are `fuzz/src/targets.rs`, shared with the
//! libFuzzer binaries). A crash case that panics here is a regression.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../fuzz/src/targets.rs"]
mod targets;

use std::path::Path;

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Replays `fuzz/corpus/<name>/` and `fuzz/artifacts/<name>/` through the target.
fn replay(name: &str) {
    let target = targets::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .expect("target");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let started = std::time::Instant::now();
    let mut failures = Vec::new();
    let mut counts = [0usize; 2];
    for (i, dir) in ["corpus", "artifacts"].iter().enumerate() {
        for file in files(&root.join(dir).join(name)) {
            // (A file may vanish while `cargo fuzz` is minimising the same corpus.)
            let Ok(data) = std::fs::read(&file) else {
                continue;
            };
            if std::panic::catch_unwind(|| target(&data)).is_err() {
                failures.push(file.display().to_string());
            }
            counts[i] += 1;
        }
    }
    println!(
        "{name}: {} corpus inputs, {} crash cases, {:?}",
        counts[0],
        counts[1],
        started.elapsed()
    );
    assert!(counts[0] > 0, "{name}: no corpus under fuzz/corpus/{name}");
    assert!(failures.is_empty(), "inputs that fail: {failures:#?}");
}

#[test]
fn every_target_is_replayed() {
    let names: Vec<&str> = targets::TARGETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "json",
            "response",
            "jwt",
            "stored_session",
            "srp",
            "machine"
        ]
    );
}

#[test]
fn json() {
    replay("json");
}

#[test]
fn response() {
    replay("response");
}

#[test]
fn jwt() {
    replay("jwt");
}

#[test]
fn stored_session() {
    replay("stored_session");
}

#[test]
fn srp() {
    replay("srp");
}

#[test]
fn machine() {
    replay("machine");
}
