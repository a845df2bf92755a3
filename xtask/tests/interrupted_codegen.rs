//! A `cargo xtask codegen` killed at any moment leaves its output directory as it was or
//! fully written, never half of each, and the next run cleans up after it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tree_of(dir: &Path) -> BTreeMap<PathBuf, String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for entry in std::fs::read_dir(dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let text = std::fs::read_to_string(&path).expect("a text file");
                out.insert(path.strip_prefix(base).expect("inside").to_owned(), text);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn generated(model: &str) -> BTreeMap<PathBuf, String> {
    let options =
        codegen::normalize::Options { partitions: Some(root().join("../shared/endpoints/partitions.json")), ..Default::default() };
    let files = codegen::generate_with(&root().join(model), &options).unwrap_or_else(|e| panic!("{e}"));
    files.into_iter().map(|(k, v)| (PathBuf::from(k), v)).collect()
}

fn codegen(model: &str, out: &Path) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(["codegen", "--model"]).arg(root().join(model)).arg("--out").arg(out);
    command.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    command
}

#[test]
fn a_killed_codegen_leaves_the_old_tree_or_the_new_one() {
    let old = generated("models/kitchen-sink.json");
    let new = generated("models/rds.json");
    let dir = std::env::temp_dir().join(format!("xtask-interrupt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("generated");
    let (mut saw_old, mut saw_new) = (false, false);
    for step in 0..12u64 {
        let _ = std::fs::remove_dir_all(&out);
        assert!(codegen("models/kitchen-sink.json", &out).status().expect("runs").success());
        let mut child = codegen("models/rds.json", &out).spawn().expect("starts");
        std::thread::sleep(Duration::from_millis(40 + step * 60));
        let _ = child.kill();
        let _ = child.wait();
        let now = tree_of(&out);
        if now == old {
            saw_old = true;
        } else if now == new {
            saw_new = true;
        } else {
            panic!("killed after {} ms, the tree is neither the old one nor the new one", 40 + step * 60);
        }
    }
    // Early kills leave the old tree (later ones, on a fast machine, the new one).
    assert!(saw_old, "no kill landed before the swap");
    eprintln!("kills that left the new tree: {saw_new}");
    assert!(codegen("models/rds.json", &out).status().expect("runs").success());
    assert_eq!(tree_of(&out), new);
    let leftovers: Vec<_> = std::fs::read_dir(&dir).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers, ["generated"], "the next run removes what killed runs left");
    let _ = std::fs::remove_dir_all(&dir);
}
