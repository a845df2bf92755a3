//! `cargo xtask codegen [--check]` regenerates `generated/` from `models/`;
//! `cargo xtask codegen --model PATH --out DIR` generates one crate anywhere.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("test") => test(),
        _ => Err("usage: cargo xtask codegen [--check] | cargo xtask codegen --model PATH --out DIR | cargo xtask test".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_owned).unwrap_or_default()
}

/// Every check the project has, in the order that fails fastest: generated code in step
/// with the generator, lints, docs, then all tests (the real-server tests install and start
/// moto themselves).
fn test() -> Result<(), String> {
    codegen(&["--check".to_owned()])?;
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = |args: &[&str], env: &[(&str, &str)]| -> Result<(), String> {
        println!("$ cargo {}", args.join(" "));
        let status = std::process::Command::new(&cargo)
            .args(args)
            .envs(env.iter().copied())
            .current_dir(&root)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`cargo {}` failed", args.join(" ")))
        }
    };
    run(&["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"], &[])?;
    let generated: Vec<String> = std::fs::read_dir(root.join("generated"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").exists())
        .filter_map(|e| std::fs::read_to_string(e.path().join("Cargo.toml")).ok())
        .filter_map(|toml| toml.lines().find_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"').map(str::to_owned)))
        .collect();
    let mut doc_args = vec!["doc", "--no-deps", "--quiet"];
    for name in &generated {
        doc_args.extend(["-p", name.as_str()]);
    }
    run(&doc_args, &[("RUSTDOCFLAGS", "-D warnings")])?;
    run(&["test", "--workspace"], &[])?;

    // Crates from the official models: they must build without warnings, pass clippy, and
    // pass the tests in tests/full (wire compatibility with aws-sdk-rds, moto).
    let full = full_sdks(&root)?;
    let target = root.join("target");
    let target = target.to_str().ok_or("the target path is not UTF-8")?;
    let manifest = root.join("tests/full/Cargo.toml");
    let manifest = manifest.to_str().ok_or("the manifest path is not UTF-8")?;
    run(
        &["clippy", "--manifest-path", manifest, "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"],
        &[("CARGO_TARGET_DIR", target)],
    )?;
    println!("{} crates from official models are clippy-clean: {}", full.len(), full.join(", "));
    run(&["test", "--manifest-path", manifest], &[("CARGO_TARGET_DIR", target)])
}

/// The awsQuery services whose official models the full-SDK tests generate.
const FULL_SDK_MODELS: &[&str] = &["rds", "sts", "sns", "iam", "cloudformation", "cloudwatch"];

/// Generates the full-SDK crates into `tests/full/generated/` (ignored by git), returning
/// their package names.
fn full_sdks(root: &Path) -> Result<Vec<String>, String> {
    let models = root.join("../shared/aws-models");
    let mut names = Vec::new();
    for service in FULL_SDK_MODELS {
        let model = models.join(format!("{service}.json"));
        let files = codegen::generate(&model).map_err(|e| format!("{}: {e}", model.display()))?;
        let tree: Tree = files.into_iter().map(|(k, v)| (PathBuf::from(k), v)).collect();
        write_atomically(&tree, &root.join("tests/full/generated").join(service))?;
        names.push(format!("sdk-{service}"));
    }
    println!("generated {} crates from the official models into tests/full/generated", names.len());
    Ok(names)
}

/// Files of every crate, keyed by path relative to the output directory.
type Tree = BTreeMap<PathBuf, String>;

fn codegen(args: &[String]) -> Result<(), String> {
    let mut check = false;
    let mut model = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--model" => model = Some(PathBuf::from(it.next().ok_or("--model needs a path")?)),
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a directory")?)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    match (model, out) {
        (Some(model), Some(out)) => {
            let files = codegen::generate(&model).map_err(|e| e.to_string())?;
            let tree: Tree = files.into_iter().map(|(k, v)| (PathBuf::from(k), v)).collect();
            if check {
                compare(&tree, &out)
            } else {
                write_atomically(&tree, &out)
            }
        }
        (None, None) => {
            let root = workspace_root();
            let tree = codegen::generate_all(&root.join("models")).map_err(|e| e.to_string())?;
            let out = root.join("generated");
            if check {
                compare(&tree, &out)
            } else {
                write_atomically(&tree, &out)?;
                println!("generated {} files into {}", tree.len(), out.display());
                Ok(())
            }
        }
        _ => Err("--model and --out go together".into()),
    }
}

fn existing_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if let Ok(rel) = path.strip_prefix(base) {
                out.push(rel.to_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// `--check`: names every file that differs from what the generator makes.
fn compare(tree: &Tree, out: &Path) -> Result<(), String> {
    let mut stale = Vec::new();
    for (path, text) in tree {
        match std::fs::read_to_string(out.join(path)) {
            Ok(existing) if existing == *text => {}
            Ok(_) => stale.push(format!("  changed: {}", path.display())),
            Err(_) => stale.push(format!("  missing: {}", path.display())),
        }
    }
    for path in existing_files(out) {
        if !tree.contains_key(&path) {
            stale.push(format!("  extra:   {}", path.display()));
        }
    }
    if stale.is_empty() {
        println!("{} is up to date ({} files)", out.display(), tree.len());
        Ok(())
    } else {
        Err(format!(
            "{} is stale; run `cargo xtask codegen` and commit the result:\n{}",
            out.display(),
            stale.join("\n")
        ))
    }
}

/// Writes the whole tree beside `out`, then swaps it in, so that a failure at any point
/// leaves the old tree as it was.
fn write_atomically(tree: &Tree, out: &Path) -> Result<(), String> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = out.file_name().and_then(|n| n.to_str()).ok_or("the output path has no name")?;
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let backup = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let written = (|| -> Result<(), String> {
        for (path, text) in tree {
            let target = staging.join(path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            std::fs::write(&target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &backup).map_err(|e| {
            let _ = std::fs::remove_dir_all(&staging);
            format!("cannot move {} aside: {e}", out.display())
        })?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        if had_old {
            let _ = std::fs::rename(&backup, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(format!("cannot move the new tree into {}: {e}", out.display()));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&backup);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    }

    #[test]
    fn a_failed_write_leaves_the_old_tree_as_it_was() {
        let dir = scratch("fail");
        let out = dir.join("generated");
        std::fs::create_dir_all(out.join("rds")).expect("old tree");
        std::fs::write(out.join("rds/old.rs"), "old").expect("old file");
        // `a` as a file, then `a/b` under it: the second write must fail.
        let tree: Tree = [(PathBuf::from("a"), "x".to_owned()), (PathBuf::from("a/b"), "y".to_owned())].into();
        assert!(write_atomically(&tree, &out).is_err());
        assert_eq!(std::fs::read_to_string(out.join("rds/old.rs")).expect("still there"), "old");
        assert_eq!(existing_files(&out), [PathBuf::from("rds/old.rs")]);
        let leftovers: Vec<_> = std::fs::read_dir(&dir).expect("dir").flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, ["generated"], "no staging directory is left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_successful_write_replaces_the_whole_tree_and_check_agrees() {
        let dir = scratch("ok");
        let out = dir.join("generated");
        std::fs::create_dir_all(&out).expect("old tree");
        std::fs::write(out.join("stale.rs"), "old").expect("old file");
        let tree: Tree = [(PathBuf::from("rds/src/lib.rs"), "new".to_owned())].into();
        write_atomically(&tree, &out).expect("writes");
        assert_eq!(existing_files(&out), [PathBuf::from("rds/src/lib.rs")]);
        compare(&tree, &out).expect("up to date");
        std::fs::write(out.join("rds/src/lib.rs"), "edited").expect("edit");
        let stale = compare(&tree, &out).expect_err("stale");
        assert!(stale.contains("changed: rds/src/lib.rs"), "{stale}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
