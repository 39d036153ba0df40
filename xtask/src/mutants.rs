//! `cargo xtask sync-mutants`: shows that the sync model test catches the client algorithm
//! broken in the ways that matter. Each mutant is one textual change to
//! `crates/domain/src/sync/client.rs`; the command applies it, runs the model test, restores
//! the file, and prints whether the test failed (the mutant is "killed"). It fails unless
//! every mutant is killed.

use std::process::Command;

use crate::steps::say;

const FILE: &str = "crates/domain/src/sync/client.rs";

/// (what the mutant breaks, the text it replaces, the replacement).
const MUTANTS: [(&str, &str, &str); 6] = [
    (
        "a pull skips an entry of a record with a waiting change instead of holding before it",
        "held_at = Some(index);\n            break;",
        "continue;",
    ),
    (
        "a reset is applied while changes wait",
        "if response.reset && !pending_ids.is_empty() {",
        "if false {",
    ),
    (
        "a refusal or conflict does not force a snapshot",
        "writes.push(StoreWrite::SetPosition(PullPosition::Start));",
        "",
    ),
    (
        "acknowledging drops one mutation too many",
        "vec![StoreWrite::DeleteMutationsThrough(response.last_applied)]",
        "vec![StoreWrite::DeleteMutationsThrough(response.last_applied + 1)]",
    ),
    (
        "a reset keeps records the server no longer holds",
        "writes.push(StoreWrite::ClearRecords);",
        "",
    ),
    (
        "an imported outbox keeps its old numbers",
        "StoreWrite::PutMutation(Mutation {\n            seq,",
        "StoreWrite::PutMutation(Mutation {\n            seq: mutation.seq,",
    ),
];

/// Runs every mutant; `Err` if one survives or the file cannot be restored.
pub fn run() -> Result<(), String> {
    let original = std::fs::read_to_string(FILE).map_err(|e| format!("{FILE}: {e}"))?;
    let mut survivors = Vec::new();
    for (what, from, to) in MUTANTS {
        if !original.contains(from) {
            return Err(format!(
                "mutant {what:?}: its text is no longer in {FILE}; update xtask/src/mutants.rs"
            ));
        }
        say(&format!("mutant: {what}"));
        std::fs::write(FILE, original.replacen(from, to, 1)).map_err(|e| format!("{FILE}: {e}"))?;
        let status = Command::new("cargo")
            .args(["test", "--locked", "-q", "-p", "lvzhi-domain", "--test", "sync_model"])
            .env("PROPTEST_CASES", "300")
            .output();
        std::fs::write(FILE, &original).map_err(|e| format!("restoring {FILE}: {e}"))?;
        let output = status.map_err(|e| format!("cargo test: {e}"))?;
        if output.status.success() {
            println!("  SURVIVED: the model test passed with this mutant");
            survivors.push(what);
        } else {
            let text = String::from_utf8_lossy(&output.stdout);
            let reason = text
                .lines()
                .find(|line| line.contains("Test failed") || line.contains("panicked"))
                .unwrap_or("the model test failed");
            println!("  killed: {}", reason.trim());
        }
    }
    println!(
        "{} of {} mutants killed",
        MUTANTS.len() - survivors.len(),
        MUTANTS.len()
    );
    if survivors.is_empty() {
        Ok(())
    } else {
        Err(format!("mutants survived: {survivors:?}"))
    }
}
