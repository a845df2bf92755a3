//! A fresh generation from `models/` equals the committed `generated/` tree.

use std::path::{Path, PathBuf};

fn committed_files(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("generated/ is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            committed_files(&path, base, out);
        } else {
            out.push(path.strip_prefix(base).expect("under base").to_owned());
        }
    }
}

/// The first differing lines of two texts, with a little context.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let first = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(e.len().min(a.len()));
    let from = first.saturating_sub(3);
    let mut out = format!("first difference at line {}:\n", first + 1);
    for (i, line) in e.iter().enumerate().skip(from).take(8) {
        out.push_str(&format!("  generator {:>5} | {line}\n", i + 1));
    }
    for (i, line) in a.iter().enumerate().skip(from).take(8) {
        out.push_str(&format!("  committed {:>5} | {line}\n", i + 1));
    }
    out
}

#[test]
fn generated_tree_is_what_the_generator_makes() {
    let root = sdk_tests::root();
    let fresh =
        codegen::generate_all(&root.join("models"), &sdk_tests::codegen_options()).unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    let generated = root.join("generated");
    let mut problems = Vec::new();
    for (path, text) in &fresh {
        match std::fs::read_to_string(generated.join(path)) {
            Ok(committed) if committed == *text => {}
            Ok(committed) => problems.push(format!("changed: {}\n{}", path.display(), diff(text, &committed))),
            Err(_) => problems.push(format!("missing: {}", path.display())),
        }
    }
    let mut committed = Vec::new();
    committed_files(&generated, &generated, &mut committed);
    for path in committed {
        if !fresh.contains_key(&path) {
            problems.push(format!("extra: {}", path.display()));
        }
    }
    assert!(problems.is_empty(), "generated/ is stale; run `cargo xtask codegen`:\n{}", problems.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    let models = sdk_tests::root().join("models");
    let first = codegen::generate_all(&models, &sdk_tests::codegen_options()).expect("generates");
    let second = codegen::generate_all(&models, &sdk_tests::codegen_options()).expect("generates");
    assert_eq!(first, second);
}
