//! `cargo xtask bench --instructions [SERVICE…]`: the instructions rustc executes building
//! each generated crate of tests/full alone (dev profile with full debug info, no incremental
//! cache, its dependencies already built), counted by valgrind's cachegrind.
//!
//! Wall-clock builds on a shared machine wander by 10% within minutes; the count is the same
//! every run for the same source and compiler, so it shows what a change to the generator or
//! the runtime is worth when that is a percent or two. It is not the compile target's
//! measure (that is `cargo xtask bench`: seconds, against the official crate), and the
//! count leaves out how much of the work runs in parallel.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, ExitCode};

/// Set by `run` for the cargo it starts: the crate (as rustc names it) to count.
const COUNTED_CRATE: &str = "XTASK_INSTRUCTIONS_OF";
/// Where valgrind writes its report, which holds the count.
const REPORT: &str = "XTASK_INSTRUCTIONS_REPORT";

/// The services counted when none are named: the four the compile benchmarks measure and S3.
const DEFAULT_SERVICES: &[&str] = &["dynamodb", "bedrock-runtime", "lambda", "rds", "s3"];

/// When xtask runs as cargo's `RUSTC_WRAPPER` for `run`: the compiler's command line comes
/// after xtask's own name; the counted crate is compiled under cachegrind, every other one
/// directly. `None` when xtask was not started that way.
pub fn wrap_rustc() -> Option<ExitCode> {
    let counted = std::env::var(COUNTED_CRATE).ok()?;
    let report = std::env::var_os(REPORT)?;
    let mut args = std::env::args_os().skip(1);
    let rustc = args.next()?;
    let args: Vec<OsString> = args.collect();
    let is_counted = args.windows(2).any(|pair| pair[0] == "--crate-name" && pair[1] == counted.as_str());
    let status = if is_counted {
        let mut log = OsString::from("--log-file=");
        log.push(&report);
        Command::new("valgrind")
            .args(["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"])
            .arg(log)
            .arg(&rustc)
            .args(&args)
            .status()
    } else {
        Command::new(&rustc).args(&args).status()
    };
    Some(match status {
        Ok(status) => ExitCode::from(status.code().map_or(1, |code| code.clamp(0, 255) as u8)),
        Err(e) => {
            eprintln!("error: cannot run {}: {e}", if is_counted { "valgrind".into() } else { rustc.to_string_lossy() });
            ExitCode::FAILURE
        }
    })
}

/// Counts the instructions of each service's crate alone and prints them.
pub fn run(root: &Path, services: &[String]) -> Result<(), String> {
    match Command::new("valgrind").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        _ => return Err("counting instructions needs valgrind (Debian package `valgrind`) on the PATH".into()),
    }
    let services: Vec<String> =
        if services.is_empty() { DEFAULT_SERVICES.iter().map(|s| s.to_string()).collect() } else { services.to_vec() };
    let generated = super::full_sdks(root)?;
    let target = super::utf8(root.join("target"))?;
    let manifest = super::utf8(root.join("tests/full/Cargo.toml"))?;
    let wrapper = super::utf8(std::env::current_exe().map_err(|e| format!("cannot find the xtask executable: {e}"))?)?;
    let report = root.join("target/instructions.log");
    let report_str = super::utf8(report.clone())?;
    let env = [("CARGO_TARGET_DIR", target.as_str()), super::USERS_DEV_DEBUG, super::NO_INCREMENTAL];
    let cargo = |args: &[&str], extra: &[(&str, &str)]| -> Result<(), String> {
        let out =
            super::cargo_command(root, args, &env).envs(extra.iter().copied()).output().map_err(|e| format!("cannot run cargo: {e}"))?;
        match out.status.success() {
            true => Ok(()),
            false => Err(format!("`cargo {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&out.stderr))),
        }
    };
    for service in &services {
        let package = format!("sdk-{service}");
        if !generated.contains(&package) {
            return Err(format!("no crate for `{service}` in tests/full (the services there: {})", generated.join(", ")));
        }
        println!("building {package} and its dependencies…");
        cargo(&["build", "--quiet", "--manifest-path", &manifest, "-p", &package], &[])?;
        cargo(&["clean", "--quiet", "--manifest-path", &manifest, "-p", &package], &[])?;
        let _ = std::fs::remove_file(&report);
        println!("building {package} alone under cachegrind…");
        let crate_name = package.replace('-', "_");
        cargo(
            &["build", "--quiet", "--manifest-path", &manifest, "-p", &package],
            &[("RUSTC_WRAPPER", &wrapper), (COUNTED_CRATE, &crate_name), (REPORT, &report_str)],
        )?;
        let text =
            std::fs::read_to_string(&report).map_err(|e| format!("no cachegrind report for {package} ({}): {e}", report.display()))?;
        let count = instruction_count(&text).ok_or_else(|| format!("no instruction count in {}", report.display()))?;
        println!("{package}: {:.3} G instructions", count as f64 / 1e9);
    }
    Ok(())
}

/// The `I refs:` total of a cachegrind report (`==123== I refs:      11,748,301,232`).
fn instruction_count(report: &str) -> Option<u64> {
    let line = report.lines().find_map(|line| line.split_once("I refs:").or_else(|| line.split_once("I   refs:")))?;
    line.1.trim().replace(',', "").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::instruction_count;

    #[test]
    fn the_total_is_read_from_a_cachegrind_report() {
        let report = "==4242== Cachegrind, a high-precision tracing profiler\n==4242== \n==4242== I refs:        11,748,301,232\n";
        assert_eq!(instruction_count(report), Some(11_748_301_232));
        assert_eq!(instruction_count("==1== I   refs:      2,001\n"), Some(2001));
        assert_eq!(instruction_count("==1== no summary, the compiler was killed\n"), None);
    }
}
