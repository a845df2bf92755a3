//! `cargo xtask codegen [--check]` regenerates `generated/` from `models/`;
//! `cargo xtask codegen --model PATH --out DIR` generates one crate anywhere.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod instructions;

fn main() -> ExitCode {
    if let Some(code) = instructions::wrap_rustc() {
        return code;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("test") => test(),
        Some("bench") if args.get(1).is_some_and(|a| a == "--runtime") => bench_runtime(),
        Some("bench") if args.get(1).is_some_and(|a| a == "--s3") => bench_s3().map(|lines| lines.iter().for_each(|l| println!("{l}"))),
        Some("bench") if args.get(1).is_some_and(|a| a == "--instructions") => instructions::run(&workspace_root(), &args[2..]),
        Some("bench") => bench(),
        Some("protocol-tests") => protocol_tests(&args[1..]),
        Some("endpoint-tests") => endpoint_tests(),
        Some("fuzz") => fuzz(&args[1..]),
        // What `test` generates before it builds tests/full, for running one of its tests alone.
        Some("full-sdks") => full_sdks(&workspace_root()).map(drop),
        // Run by `bench` in a release build, so that the timing is of optimized code.
        Some("bench-codegen") => bench_codegen(args.get(1).map(PathBuf::from)),
        _ => Err("usage: cargo xtask codegen [--check] | cargo xtask codegen --model PATH --out DIR [--service ID] [--protocol NAME] | cargo xtask test | cargo xtask protocol-tests [SUITE…] | cargo xtask endpoint-tests | cargo xtask fuzz --seconds N [TARGET…] | cargo xtask full-sdks | cargo xtask bench [--runtime | --s3 | --instructions [SERVICE…]]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo args…` in the workspace root with `env` set (the cargo running xtask, if known).
fn cargo_command(root: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Command {
    let mut command = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args).envs(env.iter().copied()).current_dir(root);
    command
}

/// Builds of crates that are regenerated before they are built (protocol suites, endpoint
/// tests, tests/full) keep no incremental caches: they are never edited in place, and the
/// caches were 10 GB of a 25 GB test run.
const NO_INCREMENTAL: (&str, &str) = ("CARGO_INCREMENTAL", "0");

/// Compile-time benchmarks build as users do, with the dev profile's full debug info
/// (`.cargo/config.toml` trims it to line tables for the project's own builds).
const USERS_DEV_DEBUG: (&str, &str) = ("CARGO_PROFILE_DEV_DEBUG", "true");

/// A path as the `&str` a command line takes.
fn utf8(path: PathBuf) -> Result<String, String> {
    path.into_os_string().into_string().map_err(|p| format!("the path {} is not UTF-8", Path::new(&p).display()))
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_owned).unwrap_or_default()
}

/// Every check the project has, in the order that fails fastest: generated code in step
/// with the generator, lints, docs, then all tests (the real-server tests install and start
/// moto themselves), the protocol compliance suites, and the crates of official models.
fn test() -> Result<(), String> {
    codegen(&["--check".to_owned()])?;
    let root = workspace_root();
    // Each step says how long it took, so that a CI run that grows shows where.
    let started = std::time::Instant::now();
    let step_done = |step: &str, since: std::time::Instant| {
        println!("[{step}: {:.0} s, {:.0} s in all]", since.elapsed().as_secs_f64(), started.elapsed().as_secs_f64())
    };
    let run = |args: &[&str], env: &[(&str, &str)]| -> Result<(), String> {
        println!("$ cargo {}", args.join(" "));
        let since = std::time::Instant::now();
        let status = cargo_command(&root, args, env).status().map_err(|e| format!("cannot run cargo: {e}"))?;
        if status.success() {
            step_done(&format!("cargo {}", args.first().copied().unwrap_or_default()), since);
            Ok(())
        } else {
            Err(format!("`cargo {}` failed", args.join(" ")))
        }
    };
    format_check(&root)?;
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
    // The runtime without its default features (no built-in HTTPS client, no tokio timer),
    // as a crate built with `default-features = false` has it: calls fail naming the fix.
    run(&["test", "--quiet", "-p", "sdk-runtime", "--no-default-features", "--lib"], &[])?;
    // The Smithy compliance suites, each as a generated crate with its tests.
    println!("$ cargo xtask protocol-tests");
    let since = std::time::Instant::now();
    protocol_tests(&[])?;
    step_done("protocol-tests", since);
    // Every endpoint test case of the official models, against the rules engine.
    println!("$ cargo xtask endpoint-tests");
    let since = std::time::Instant::now();
    endpoint_tests()?;
    step_done("endpoint-tests", since);
    // The separate workspaces (fuzz targets, official-model crates) share the target dir.
    let target = utf8(root.join("target"))?;
    // The fuzz targets (run by `cargo xtask fuzz`) must keep building and stay lint-clean.
    let fuzz_manifest = utf8(root.join("fuzz/Cargo.toml"))?;
    run(
        &["clippy", "--manifest-path", &fuzz_manifest, "--all-targets", "--quiet", "--", "-D", "warnings"],
        &[("CARGO_TARGET_DIR", &target)],
    )?;

    // Crates from the official models: they must build without warnings, pass clippy, and
    // pass the tests in tests/full (wire compatibility with aws-sdk-rds, moto).
    let full = full_sdks(&root)?;
    let manifest = utf8(root.join("tests/full/Cargo.toml"))?;
    let (manifest, target) = (manifest.as_str(), target.as_str());
    // `--locked`: the committed lock file must already cover every generated crate, so the
    // test command leaves a clean checkout clean.
    run(
        &["clippy", "--locked", "--manifest-path", manifest, "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"],
        &[("CARGO_TARGET_DIR", target), NO_INCREMENTAL],
    )?;
    println!("{} crates from official models are clippy-clean: {}", full.len(), full.join(", "));
    run(&["test", "--locked", "--manifest-path", manifest], &[("CARGO_TARGET_DIR", target), NO_INCREMENTAL])?;
    // The runtime benchmark's harness (`cargo xtask bench`) must keep building.
    let bench_manifest = runtime_bench_workspace(&root)?;
    run(&["check", "--quiet", "--manifest-path", &bench_manifest, "-p", "bench-harness"], &[("CARGO_TARGET_DIR", target)])
}

/// The project's own code follows `rustfmt.toml` (generated crates are formatted by the
/// generator): the workspace's hand-written packages, the other workspaces' test packages,
/// and the files that generated crates carry verbatim.
fn format_check(root: &Path) -> Result<(), String> {
    let checks: [(&[&str], &str); 2] = [
        (&["fmt", "--check", "-p", "codegen", "-p", "sdk-runtime", "-p", "xtask", "-p", "sdk-tests", "-p", "test-support"], "."),
        (&["fmt", "--check"], "fuzz"),
    ];
    for (args, dir) in checks {
        println!("$ cargo {} (in {dir})", args.join(" "));
        let status = cargo_command(&root.join(dir), args, &[]).status().map_err(|e| format!("cannot run cargo fmt: {e}"))?;
        if !status.success() {
            return Err(format!("`cargo {}` in {dir} found unformatted code: run it without --check", args.join(" ")));
        }
    }
    // tests/full's workspace names crates generated later in the run, so `cargo fmt` cannot
    // read it yet: its own files are checked one by one, with the files generated crates
    // carry verbatim.
    let mut loose: Vec<PathBuf> = existing_files(&root.join("tests/full"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && !p.starts_with("generated") && !p.starts_with("target"))
        .map(|p| Path::new("tests/full").join(p))
        .collect();
    loose.sort();
    loose.extend(["codegen/protocol_tests/support.rs", "xtask/bench/harness.rs"].map(PathBuf::from));
    // The customization modules, which only the crates of their services compile.
    let mut customizations: Vec<PathBuf> = existing_files(&root.join("codegen/runtime/customizations"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| Path::new("codegen/runtime/customizations").join(p))
        .collect();
    customizations.sort();
    loose.extend(customizations);
    println!("$ rustfmt --check ({} files of tests/full, the test support and the bench harness)", loose.len());
    let status = std::process::Command::new("rustfmt")
        .args(["--check", "--edition", "2021"])
        .args(&loose)
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("rustfmt found unformatted code in the files above: run `rustfmt --edition 2021` on them".into())
    }
}

/// The Smithy protocol compliance suites: the directory under `../shared/smithy/protocol-tests/`
/// (or, with a `core:` prefix, under `../shared/protocol-tests-core/`, whose suites share
/// their own types) and the services it tests.
const PROTOCOL_SUITES: &[(&str, &[&str])] = &[
    ("core:rpcv2Cbor", &["smithy.protocoltests.rpcv2Cbor#RpcV2Protocol"]),
    (
        "rpcv2Cbor",
        &["aws.protocoltests.rpcv2cbor#QueryCompatibleRpcV2Protocol", "aws.protocoltests.rpcv2cbor#NonQueryCompatibleRpcV2Protocol"],
    ),
    ("awsQuery", &["aws.protocoltests.query#AwsQuery"]),
    ("ec2Query", &["aws.protocoltests.ec2#AwsEc2"]),
    ("awsJson1_0", &["aws.protocoltests.json10#JsonRpc10", "aws.protocoltests.json10#QueryCompatibleJsonRpc10"]),
    ("awsJson1_1", &["aws.protocoltests.json#JsonProtocol", "com.amazonaws.machinelearning#AmazonML_20141212"]),
    (
        "restJson1",
        &["aws.protocoltests.restjson#RestJson", "com.amazonaws.glacier#Glacier", "com.amazonaws.apigateway#BackplaneControlService"],
    ),
    ("restXml", &["aws.protocoltests.restxml#RestXml", "com.amazonaws.s3#AmazonS3"]),
    ("restXmlWithNamespace", &["aws.protocoltests.restxml.xmlns#RestXmlWithNamespace"]),
];

/// Suite services that run with the endpoint rules of the official model of the same
/// service: the AmazonS3 suite's model has none, and its addressing cases expect S3's.
const SUITE_ENDPOINT_RULES: &[(&str, &str)] = &[("com.amazonaws.s3#AmazonS3", "s3.json")];

/// `cargo xtask protocol-tests`: generates a client crate per suite service with one test
/// per client-side case (into `target/protocol-tests/`), runs them, and prints a line per
/// protocol: `awsQuery: N passed, M failed`. Named suites (`rpcv2Cbor`, `restXml`, …) run
/// alone.
fn protocol_tests(only: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let smithy = root.join("../shared/smithy");
    let out = root.join("target/protocol-tests");
    let mut suites = Vec::new();
    let wanted = |dir: &str| only.is_empty() || only.iter().any(|name| dir.trim_start_matches("core:") == name);
    for (dir, services) in PROTOCOL_SUITES.iter().filter(|(dir, _)| wanted(dir)) {
        let cases = match dir.strip_prefix("core:") {
            Some(core) => root.join("../shared/protocol-tests-core").join(core),
            None => smithy.join("protocol-tests").join(dir),
        };
        let shared_types = cases.parent().map(|p| p.join("shared-types.smithy")).unwrap_or_default();
        // The AWS suites' vendor parameters (`aws.protocoltests.config`) live in their shared types.
        let aws_config = smithy.join("protocol-tests/aws-config.smithy");
        let paths = [smithy.join("traits"), cases, shared_types, aws_config];
        let mut model = codegen::load::from_paths(&paths).map_err(|e| format!("the {dir} suite does not load:\n{e}"))?;
        for service in *services {
            if let Some((id, official)) = SUITE_ENDPOINT_RULES.iter().find(|(id, _)| id == service) {
                let path = root.join("../shared/aws-models").join(official);
                let rules = codegen::load::from_path(&path).map_err(|e| format!("{} does not load:\n{e}", path.display()))?;
                let id = codegen::model::ShapeId::parse(id).map_err(|e| format!("{id}: {e}"))?;
                codegen::protocol_tests::graft_endpoint_rules(&mut model, &id, &rules)?;
            }
        }
        for service in *services {
            let id = codegen::model::ShapeId::parse(service).map_err(|e| format!("{service}: {e}"))?;
            if model.get(&id).is_none() {
                return Err(format!("the {dir} suite does not define {service}"));
            }
            let options = codegen::normalize::Options { service: Some(id), ..codegen_options() };
            let suite = codegen::protocol_tests::suite(&model, &options).map_err(|e| format!("{service} cannot be generated:\n{e}"))?;
            let tree: Tree = suite.files.iter().map(|(k, v)| (PathBuf::from(k), v.clone())).collect();
            write_atomically(&tree, &out.join(&suite.crate_name))?;
            suites.push((suite.crate_name.clone(), suite));
        }
    }
    let members: Vec<String> = suites.iter().map(|(dir, _)| format!("\"{dir}\"")).collect();
    let manifest =
        format!("# Written by `cargo xtask protocol-tests`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(out.join("Cargo.toml"), manifest).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    // The project's lock file, so that the suites build with the dependency versions
    // everything else is tested with.
    if !out.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"));
    }
    let target = utf8(root.join("target"))?;
    let manifest = utf8(out.join("Cargo.toml"))?;
    let (target, manifest) = (target.as_str(), manifest.as_str());
    // Passed, failed and skipped per protocol, in the order the suites come.
    let mut summary: Vec<(String, [usize; 3])> = Vec::new();
    let mut failed_any = false;
    for (_, suite) in &suites {
        // The HTTP cases, then the event-stream cases (a line of their own).
        let targets = [
            ("protocol", suite.protocol.clone(), &suite.test_ids),
            ("event_streams", format!("{} eventStreamTests", suite.protocol), &suite.event_stream_ids),
        ];
        for (test_target, line, ids) in targets {
            if ids.is_empty() {
                continue;
            }
            let args = [
                "test",
                "--manifest-path",
                manifest,
                "-p",
                &suite.crate_name,
                "--test",
                test_target,
                "--no-fail-fast",
                "--quiet",
                "--",
                "--format",
                "terse",
            ];
            let output = cargo_command(&root, &args, &[("CARGO_TARGET_DIR", target), NO_INCREMENTAL])
                .output()
                .map_err(|e| format!("cannot run cargo: {e}"))?;
            let stdout = String::from_utf8_lossy(&output.stdout);
            let counts = test_counts(&stdout);
            let (passed, failed, skipped) = match counts {
                Some(counts) => counts,
                // The tests did not build or run: every case counts as failed.
                None => (0, ids.len(), 0),
            };
            let ran = passed + failed + skipped;
            if ran != ids.len() || failed > 0 || skipped > 0 || counts.is_none() || !output.status.success() && failed == 0 {
                failed_any = true;
                print!("{stdout}");
                eprint!("{}", String::from_utf8_lossy(&output.stderr));
                if ran != ids.len() {
                    eprintln!("{}: {} cases were generated but {ran} tests ran", suite.crate_name, ids.len());
                }
            }
            match summary.iter_mut().find(|(protocol, _)| *protocol == line) {
                Some((_, total)) => *total = [total[0] + passed, total[1] + failed, total[2] + skipped],
                None => summary.push((line, [passed, failed, skipped])),
            }
        }
        for (id, why) in &suite.deviations {
            println!("{}: {id} not run: {why}", suite.protocol);
        }
    }
    for (protocol, [passed, failed, skipped]) in &summary {
        let skipped = if *skipped > 0 { format!(", {skipped} skipped") } else { String::new() };
        println!("{protocol}: {passed} passed, {failed} failed{skipped}");
    }
    if failed_any {
        Err("protocol compliance tests failed".into())
    } else {
        Ok(())
    }
}

/// Passed, failed and ignored counts from libtest's `test result:` line.
fn test_counts(stdout: &str) -> Option<(usize, usize, usize)> {
    let line = stdout.lines().find(|l| l.starts_with("test result:"))?;
    let count = |label: &str| -> Option<usize> {
        let before = line.split(label).next()?;
        before.rsplit([' ', ';', '.']).find(|w| !w.is_empty())?.parse().ok()
    };
    Some((count(" passed")?, count(" failed")?, count(" ignored")?))
}

/// The fuzz targets in `fuzz/fuzz_targets/`, each with the seed inputs it starts from
/// (read only; what libFuzzer finds goes to `target/fuzz/corpus/<target>`).
const FUZZ_TARGETS: &[(&str, &[&str])] = &[
    ("xml_response", &["fuzz/seeds/xml_response"]),
    ("query_error", &["fuzz/seeds/query_error"]),
    ("json_response", &["fuzz/seeds/json_response"]),
    ("cbor_response", &["fuzz/seeds/cbor_response"]),
    ("event_stream", &["fuzz/seeds/event_stream"]),
    ("rest_response", &["fuzz/seeds/rest_response"]),
    ("json_ast", &["models"]),
    ("idl", &["../shared/smithy/protocol-tests/awsQuery", "../shared/smithy/protocol-tests/ec2Query", "codegen/tests/fixtures/idl/idl"]),
];

/// The coverage instrumentation libFuzzer needs, with flags the stable toolchain takes.
const FUZZ_RUSTFLAGS: &str = "--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks";

/// `cargo xtask fuzz --seconds N [TARGET…]`: builds the fuzz targets with libFuzzer and runs
/// each (or the named ones) for N seconds. A crash stops with the input saved under
/// `target/fuzz/artifacts/<target>/`, to be added as a regression test.
fn fuzz(args: &[String]) -> Result<(), String> {
    let mut seconds = None;
    let mut chosen = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => seconds = Some(it.next().and_then(|s| s.parse::<u64>().ok()).ok_or("--seconds needs a number")?),
            name if FUZZ_TARGETS.iter().any(|(t, _)| *t == name) => chosen.push(name.to_owned()),
            other => {
                let names: Vec<&str> = FUZZ_TARGETS.iter().map(|(t, _)| *t).collect();
                return Err(format!("unknown argument `{other}`; targets: {}", names.join(", ")));
            }
        }
    }
    let seconds = seconds.ok_or("usage: cargo xtask fuzz --seconds N [TARGET…]")?;
    let root = workspace_root();
    let fuzz_dir = root.join("fuzz");
    if !fuzz_dir.join("Cargo.lock").exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), fuzz_dir.join("Cargo.lock"));
    }
    let build_dir = utf8(root.join("target/fuzz-build"))?;
    let manifest = utf8(fuzz_dir.join("Cargo.toml"))?;
    let (build_dir, manifest) = (build_dir.as_str(), manifest.as_str());
    let flags: String = FUZZ_RUSTFLAGS.split_whitespace().collect::<Vec<_>>().join(" ");
    // With an explicit --target, RUSTFLAGS instrument the targets but not build scripts and
    // proc macros (which run on the host without libFuzzer).
    let host = host_triple()?;
    println!("$ cargo build --release --target {host} --manifest-path fuzz/Cargo.toml (with libFuzzer instrumentation)");
    let args = ["build", "--release", "--quiet", "--target", &host, "--manifest-path", manifest, "--bins"];
    let status = cargo_command(&root, &args, &[("CARGO_TARGET_DIR", build_dir), ("RUSTFLAGS", &flags)])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("the fuzz targets do not build".into());
    }
    let mut crashed = Vec::new();
    for (target, seeds) in FUZZ_TARGETS {
        if !chosen.is_empty() && !chosen.iter().any(|c| c == target) {
            continue;
        }
        let corpus = root.join("target/fuzz/corpus").join(target);
        let artifacts = root.join("target/fuzz/artifacts").join(target);
        for dir in [&corpus, &artifacts] {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let mut command = std::process::Command::new(Path::new(build_dir).join(&host).join("release").join(target));
        command.arg(&corpus);
        for seed in *seeds {
            command.arg(root.join(seed));
        }
        command
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg("-max_len=65536")
            .arg("-print_final_stats=1")
            .current_dir(&root);
        println!("fuzzing {target} for {seconds} s");
        let output = command.output().map_err(|e| format!("cannot run the {target} fuzz target: {e}"))?;
        let log = String::from_utf8_lossy(&output.stderr);
        let runs = log.lines().find_map(|l| l.strip_prefix("stat::number_of_executed_units:")).map(str::trim).unwrap_or("?");
        let corpus_size = std::fs::read_dir(&corpus).map(|d| d.count()).unwrap_or(0);
        if output.status.success() {
            println!("{target}: {runs} runs, no crash ({corpus_size} inputs in its corpus)");
        } else {
            let tail: Vec<&str> = log.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
            eprintln!("{}", tail.join("\n"));
            println!("{target}: crashed after {runs} runs; the input is in {}", artifacts.display());
            crashed.push(*target);
        }
    }
    if crashed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz targets crashed: {}", crashed.join(", ")))
    }
}

/// The triple rustc builds for by default.
fn host_triple() -> Result<String, String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let output = std::process::Command::new(rustc).arg("-vV").output().map_err(|e| format!("cannot run rustc: {e}"))?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .ok_or_else(|| "rustc -vV names no host".into())
}

/// The services whose official models the full-SDK tests generate.
const FULL_SDK_MODELS: &[&str] = &[
    // awsQuery
    "rds",
    "sts",
    "sns",
    "iam",
    "cloudformation",
    "cloudwatch",
    // awsJson1_0
    "dynamodb",
    "sqs",
    "sfn",
    // awsJson1_1
    "kms",
    "cloudwatch-logs",
    "ecs",
    "secrets-manager",
    "ssm",
    "kinesis",
    // restJson1
    "lambda",
    "polly",
    "api-gateway",
    "bedrock-runtime",
    // restXml
    "route-53",
    "cloudfront",
    "s3",
    "s3-control",
];

/// Generates the full-SDK crates into `tests/full/generated/` (ignored by git), returning
/// their package names.
fn full_sdks(root: &Path) -> Result<Vec<String>, String> {
    let models = root.join("../shared/aws-models");
    let mut names = Vec::new();
    for service in FULL_SDK_MODELS {
        let model = models.join(format!("{service}.json"));
        let files = codegen::generate_with(&model, &codegen_options()).map_err(|e| format!("{}: {e}", model.display()))?;
        let tree: Tree = files.into_iter().map(|(k, v)| (PathBuf::from(k), v)).collect();
        write_atomically(&tree, &root.join("tests/full/generated").join(service))?;
        names.push(format!("sdk-{service}"));
    }
    println!("generated {} crates from the official models into tests/full/generated", names.len());
    Ok(names)
}

/// `cargo xtask bench --runtime`: only the runtime figures of `bench` (serialization,
/// parsing, endpoint resolution), for a quick look while working on the runtime.
fn bench_runtime() -> Result<(), String> {
    let root = workspace_root();
    full_sdks(&root)?;
    let bench_manifest = runtime_bench_workspace(&root)?;
    println!("building the crates in release for the runtime benchmark…");
    let status = cargo_command(&root, &["run", "--release", "--quiet", "--manifest-path", &bench_manifest, "-p", "bench-harness"], &[])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("the runtime benchmark failed".into())
    }
}

/// `cargo xtask bench`: the generated RDS crate from the official model against aws-sdk-rds,
/// measured in the same run: size, compile time and memory, codegen time, ser/de speed.
fn bench() -> Result<(), String> {
    let root = workspace_root();
    let target = root.join("target");
    let target_str = target.to_str().ok_or("the target path is not UTF-8")?.to_owned();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let full_manifest = root.join("tests/full/Cargo.toml");
    let full_manifest = full_manifest.to_str().ok_or("path is not UTF-8")?.to_owned();
    let cargo_in = |args: &[&str], env: &[(&str, &str)]| -> Result<std::process::Output, String> {
        let out = cargo_command(&root, args, env).output().map_err(|e| format!("cannot run cargo: {e}"))?;
        if out.status.success() {
            Ok(out)
        } else {
            Err(format!("`cargo {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&out.stderr)))
        }
    };

    full_sdks(&root)?;
    let ours_dir = root.join("tests/full/generated/rds");
    let reference_dir = reference_source(&cargo, &full_manifest, "aws-sdk-rds")?;
    let (ours_files, ours_lines) = rust_size(&ours_dir.join("src"));
    let (ref_files, ref_lines) = rust_size(&reference_dir.join("src"));

    // Compile time of each crate alone, dependencies already built, without incremental
    // caches; then of a program against each: the wire test's 33-call RDS session. Our
    // crate's per-shape code is `#[inline]`, so a program compiles what it uses; the second
    // figure shows what that costs. Each package is built first (untimed) as it will be
    // timed: cargo unifies a crate's features per build, so a crate built alone and the
    // same crate built for a program can be two builds. One package per command: cargo
    // accepts a non-member dependency in `-p` only alone. Each figure is the median of
    // `COMPILE_SAMPLES` builds, every package built once per round so that ours and the
    // reference alternate: this machine's speed wanders by up to 20% within minutes.
    const COMPILE_SAMPLES: usize = 3;
    let env = [("CARGO_TARGET_DIR", target_str.as_str()), USERS_DEV_DEBUG, NO_INCREMENTAL];
    let time_build = |package: &str| -> Result<(f64, f64), String> {
        cargo_in(&["clean", "--manifest-path", &full_manifest, "-p", package], &env)?;
        let out = std::process::Command::new("/usr/bin/time")
            .args(["-f", "TIME %e %M", &cargo, "build", "--manifest-path", &full_manifest, "-p", package])
            .envs(env)
            .current_dir(&root)
            .output()
            .map_err(|e| format!("cannot run /usr/bin/time (Debian package `time`): {e}"))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line =
            stderr.lines().rev().find_map(|l| l.strip_prefix("TIME ")).ok_or_else(|| format!("no timing for {package}: {stderr}"))?;
        let mut parts = line.split_whitespace();
        let seconds: f64 = parts.next().and_then(|s| s.parse().ok()).ok_or("bad time output")?;
        let kib: f64 = parts.next().and_then(|s| s.parse().ok()).ok_or("bad time output")?;
        Ok((seconds, kib / 1024.0))
    };
    println!("building both crates and the programs…");
    let packages = [
        "sdk-rds",
        "aws-sdk-rds",
        "bench-program-ours",
        "bench-program-reference",
        "sdk-dynamodb",
        "aws-sdk-dynamodb",
        "sdk-lambda",
        "aws-sdk-lambda",
        "sdk-bedrock-runtime",
        "aws-sdk-bedrockruntime",
    ];
    for package in packages {
        cargo_in(&["build", "--manifest-path", &full_manifest, "-p", package], &env)?;
    }
    let mut samples = vec![Vec::new(); packages.len()];
    for round in 1..=COMPILE_SAMPLES {
        println!("compiling each crate and program alone, round {round} of {COMPILE_SAMPLES}…");
        for (package, times) in packages.iter().zip(&mut samples) {
            times.push(time_build(package)?);
        }
    }
    let compile: Vec<(f64, f64)> = samples
        .into_iter()
        .map(|mut times| {
            times.sort_by(|a, b| a.0.total_cmp(&b.0));
            times[times.len() / 2]
        })
        .collect();

    // As shipped: aws-config, the crate and a small program, from scratch in release (each
    // in a target directory of its own): the CPU time the whole build takes and the size of
    // the stripped binary.
    let shipped = |side: &str| -> Result<(f64, u64), String> {
        let package = format!("bench-shipped-{side}");
        let dir = target.join("bench-shipped").join(side);
        let _ = std::fs::remove_dir_all(&dir);
        let dir_str = utf8(dir.clone())?;
        println!("building {package} from scratch in release…");
        let out = std::process::Command::new("/usr/bin/time")
            .args(["-f", "TIME %U %S", &cargo, "build", "--release", "--quiet", "--manifest-path", &full_manifest, "-p", &package])
            .envs([
                ("CARGO_TARGET_DIR", dir_str.as_str()),
                ("CARGO_PROFILE_RELEASE_STRIP", "true"),
                ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
            ])
            .current_dir(&root)
            .output()
            .map_err(|e| format!("cannot run /usr/bin/time (Debian package `time`): {e}"))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line =
            stderr.lines().rev().find_map(|l| l.strip_prefix("TIME ")).ok_or_else(|| format!("no timing for {package}: {stderr}"))?;
        let cpu: f64 = line.split_whitespace().filter_map(|t| t.parse::<f64>().ok()).sum();
        let bytes = std::fs::metadata(dir.join("release").join(&package)).map_err(|e| format!("{package} was not built: {e}"))?.len();
        let _ = std::fs::remove_dir_all(&dir);
        Ok((cpu, bytes))
    };
    let shipped_ours = shipped("ours")?;
    let shipped_reference = shipped("reference")?;

    // Codegen wall time, in an optimized build of the generator.
    let model = root.join("../shared/aws-models/rds.json");
    let model_str = model.to_str().ok_or("path is not UTF-8")?;
    let out = cargo_in(&["run", "--release", "--quiet", "-p", "xtask", "--", "bench-codegen", model_str], &[])?;
    let codegen_line = String::from_utf8_lossy(&out.stdout).trim().to_owned();

    // Serialization and parsing: both crates in release, each with a hidden `__bench` module.
    let bench_manifest = runtime_bench_workspace(&root)?;
    println!("building both crates in release for the runtime benchmark…");
    let out = cargo_in(&["run", "--release", "--quiet", "--manifest-path", &bench_manifest, "-p", "bench-harness"], &[])?;
    let runtime = String::from_utf8_lossy(&out.stdout).trim().to_owned();

    let ratio = |reference: f64, ours: f64| if ours > 0.0 { reference / ours } else { f64::INFINITY };
    println!();
    println!("RDS from ../shared/aws-models/rds.json: generated crate vs aws-sdk-rds (same machine, same run)");
    println!("lines of Rust:   {ours_lines:>8} vs {ref_lines:>8}  ({:.2}x fewer)", ratio(ref_lines as f64, ours_lines as f64));
    println!("files:           {ours_files:>8} vs {ref_files:>8}  ({:.2}x fewer)", ratio(ref_files as f64, ours_files as f64));
    println!(
        "compile (dev, crate alone): {:.1} s vs {:.1} s  ({:.2}x faster)",
        compile[0].0,
        compile[1].0,
        ratio(compile[1].0, compile[0].0)
    );
    println!("compile (dev, a 33-call program using the crate): {:.1} s vs {:.1} s", compile[2].0, compile[3].0);
    println!(
        "compile (dev, crate + that program): {:.1} s vs {:.1} s  ({:.2}x faster)",
        compile[0].0 + compile[2].0,
        compile[1].0 + compile[3].0,
        ratio(compile[1].0 + compile[3].0, compile[0].0 + compile[2].0)
    );
    println!(
        "peak memory while compiling: {:.0} MiB vs {:.0} MiB  ({:.2}x less)",
        compile[0].1,
        compile[1].1,
        ratio(compile[1].1, compile[0].1)
    );
    println!(
        "as shipped (aws-config + the crate + a small program, release, from scratch): build CPU {:.0} s vs {:.0} s  ({:.2}x less); stripped binary {:.1} MiB vs {:.1} MiB  ({:.2}x smaller)",
        shipped_ours.0,
        shipped_reference.0,
        ratio(shipped_reference.0, shipped_ours.0),
        shipped_ours.1 as f64 / 1048576.0,
        shipped_reference.1 as f64 / 1048576.0,
        ratio(shipped_reference.1 as f64, shipped_ours.1 as f64)
    );
    println!();
    println!("DynamoDB from ../shared/aws-models/dynamodb.json: generated crate vs aws-sdk-dynamodb");
    println!(
        "compile (dev, crate alone): {:.1} s vs {:.1} s  ({:.2}x faster); peak memory {:.0} MiB vs {:.0} MiB",
        compile[4].0,
        compile[5].0,
        ratio(compile[5].0, compile[4].0),
        compile[4].1,
        compile[5].1
    );
    for (i, (name, model, reference)) in
        [("Lambda", "lambda", "aws-sdk-lambda"), ("Bedrock Runtime", "bedrock-runtime", "aws-sdk-bedrockruntime")].iter().enumerate()
    {
        let (ours, theirs) = (compile[6 + 2 * i], compile[7 + 2 * i]);
        println!();
        println!("{name} from ../shared/aws-models/{model}.json: generated crate vs {reference}");
        println!(
            "compile (dev, crate alone): {:.1} s vs {:.1} s  ({:.2}x faster); peak memory {:.0} MiB vs {:.0} MiB",
            ours.0,
            theirs.0,
            ratio(theirs.0, ours.0),
            ours.1,
            theirs.1
        );
    }
    println!("{codegen_line}");
    println!("{runtime}");
    println!();
    for line in bench_s3()? {
        println!("{line}");
    }
    Ok(())
}

/// `cargo xtask bench --s3` (and the end of `bench`): the generated S3 crate against
/// aws-sdk-s3: the crate alone in dev; a program doing PutObject and GetObject
/// (`tests/full/bench/s3_program.rs`) built in release with its crate, the other
/// dependencies already built, and its stripped binary; 1 GiB up and down over loopback
/// (`tests/full/bench/s3-throughput`), beside a bare hyper client.
fn bench_s3() -> Result<Vec<String>, String> {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = utf8(root.join("target"))?;
    let manifest = utf8(root.join("tests/full/Cargo.toml"))?;
    full_sdks(&root)?;
    let release_env =
        [("CARGO_TARGET_DIR", target.as_str()), ("CARGO_PROFILE_RELEASE_STRIP", "true"), ("CARGO_PROFILE_RELEASE_DEBUG", "false")];
    let cargo_ok = |args: &[&str], env: &[(&str, &str)]| -> Result<(), String> {
        let out = cargo_command(&root, args, env).output().map_err(|e| format!("cannot run cargo: {e}"))?;
        match out.status.success() {
            true => Ok(()),
            false => Err(format!("`cargo {}` failed:\n{}", args.join(" "), String::from_utf8_lossy(&out.stderr))),
        }
    };
    // Builds `package` untimed, cleans `cleaned`, then times the build again: (seconds, peak MiB).
    let timed = |package: &str, cleaned: &[&str], release: bool| -> Result<(f64, f64), String> {
        let mut args = vec!["build", "--quiet", "--manifest-path", &manifest, "-p", package];
        if release {
            args.push("--release");
        }
        let env: &[(&str, &str)] = if release { &release_env } else { &[("CARGO_TARGET_DIR", &target), USERS_DEV_DEBUG, NO_INCREMENTAL] };
        cargo_ok(&args, env)?;
        let mut clean = vec!["clean", "--quiet", "--manifest-path", &manifest];
        if release {
            clean.push("--release");
        }
        for p in cleaned {
            clean.extend(["-p", p]);
        }
        cargo_ok(&clean, env)?;
        println!("building {package}{}…", if release { " in release" } else { "" });
        let out = std::process::Command::new("/usr/bin/time")
            .args(["-f", "TIME %e %M", &cargo])
            .args(&args)
            .envs(env.iter().copied())
            .current_dir(&root)
            .output()
            .map_err(|e| format!("cannot run /usr/bin/time (Debian package `time`): {e}"))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line =
            stderr.lines().rev().find_map(|l| l.strip_prefix("TIME ")).ok_or_else(|| format!("no timing for {package}: {stderr}"))?;
        let mut parts = line.split_whitespace().filter_map(|t| t.parse::<f64>().ok());
        Ok((parts.next().ok_or("bad time output")?, parts.next().ok_or("bad time output")? / 1024.0))
    };
    // The crates alone: the median of three builds each, ours and the reference alternating
    // (as in `bench`: this machine's speed wanders); the release programs, far from their
    // target, once each.
    let (mut ours, mut reference) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        ours.push(timed("sdk-s3", &["sdk-s3"], false)?);
        reference.push(timed("aws-sdk-s3", &["aws-sdk-s3"], false)?);
    }
    let median = |mut samples: Vec<(f64, f64)>| {
        samples.sort_by(|a, b| a.0.total_cmp(&b.0));
        samples[samples.len() / 2]
    };
    let (crate_ours, crate_reference) = (median(ours), median(reference));
    let program_ours = timed("bench-s3-ours", &["bench-s3-ours", "sdk-s3"], true)?;
    let program_reference = timed("bench-s3-reference", &["bench-s3-reference", "aws-sdk-s3"], true)?;
    let size = |package: &str| std::fs::metadata(root.join("target/release").join(package)).map(|m| m.len() as f64 / 1048576.0);
    let (size_ours, size_reference) =
        (size("bench-s3-ours").map_err(|e| e.to_string())?, size("bench-s3-reference").map_err(|e| e.to_string())?);
    println!("running the 1 GiB transfers…");
    let out =
        cargo_command(&root, &["run", "--quiet", "--release", "--manifest-path", &manifest, "-p", "bench-s3-throughput"], &release_env)
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err(format!("the throughput benchmark failed:\n{}", String::from_utf8_lossy(&out.stderr)));
    }
    let ratio = |reference: f64, ours: f64| reference / ours;
    let mut lines = vec![
        "S3 from ../shared/aws-models/s3.json: generated crate vs aws-sdk-s3".to_owned(),
        format!(
            "compile (dev, crate alone): {:.1} s vs {:.1} s  ({:.2}x faster); peak memory {:.0} MiB vs {:.0} MiB",
            crate_ours.0,
            crate_reference.0,
            ratio(crate_reference.0, crate_ours.0),
            crate_ours.1,
            crate_reference.1
        ),
        format!(
            "release build of a PutObject + GetObject program with its crate: {:.1} s vs {:.1} s  ({:.2}x faster); stripped binary {:.1} MiB vs {:.1} MiB  ({:.2}x smaller)",
            program_ours.0,
            program_reference.0,
            ratio(program_reference.0, program_ours.0),
            size_ours,
            size_reference,
            ratio(size_reference, size_ours)
        ),
    ];
    lines.extend(String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned));
    Ok(lines)
}

/// Writes `target/bench/`: a workspace of copies of the generated crates (RDS, DynamoDB,
/// Bedrock Runtime, Lambda from tests/full/generated, CloudWatch generated for rpcv2Cbor)
/// and of the official ones (as tests/full's lock has them; aws-sdk-cloudwatch pinned), each
/// with a hidden `__bench` module that calls its own serializer and parser, S3's endpoint
/// resolver, and the harness that times them. Returns its manifest. `cargo xtask test` checks that it builds, so it cannot rot.
fn runtime_bench_workspace(root: &Path) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let full_manifest = utf8(root.join("tests/full/Cargo.toml"))?;
    let (rds, ddb) = (root.join("tests/full/generated/rds"), root.join("tests/full/generated/dynamodb"));
    let (rds_reference, ddb_reference) =
        (reference_source(&cargo, &full_manifest, "aws-sdk-rds")?, reference_source(&cargo, &full_manifest, "aws-sdk-dynamodb")?);
    let bedrock = root.join("tests/full/generated/bedrock-runtime");
    let lambda = root.join("tests/full/generated/lambda");
    let lambda_reference = reference_source(&cargo, &full_manifest, "aws-sdk-lambda")?;
    let bedrock_reference = reference_source(&cargo, &full_manifest, "aws-sdk-bedrockruntime")?;
    let cloudwatch_reference = registry_source(&cargo, root, "aws-sdk-cloudwatch", CLOUDWATCH_CBOR_VERSION)?;
    let bench_dir = root.join("target/bench");
    let _ = std::fs::remove_dir_all(&bench_dir);
    cloudwatch_cbor_crate(root, &bench_dir.join("ours-cloudwatch"))?;
    append_bench_module(&bench_dir.join("ours-cloudwatch/src"), OURS_CLOUDWATCH_BENCH)?;
    for (dir, source, module) in [
        ("ours", &rds, OURS_BENCH),
        ("reference", &rds_reference, REFERENCE_BENCH),
        ("ours-dynamodb", &ddb, OURS_DYNAMODB_BENCH),
        ("reference-dynamodb", &ddb_reference, REFERENCE_DYNAMODB_BENCH),
        ("ours-bedrock", &bedrock, OURS_BEDROCK_BENCH),
        ("reference-bedrock", &bedrock_reference, REFERENCE_BEDROCK_BENCH),
        ("ours-lambda", &lambda, OURS_LAMBDA_BENCH),
        ("reference-lambda", &lambda_reference, REFERENCE_LAMBDA_BENCH),
        ("reference-cloudwatch", &cloudwatch_reference, REFERENCE_CLOUDWATCH_BENCH),
    ] {
        copy_dir(source, &bench_dir.join(dir))?;
        append_bench_module(&bench_dir.join(dir).join("src"), module)?;
    }
    for (module, code) in [("put_function_event_invoke_config", REFERENCE_LAMBDA_SERIALIZER), ("invoke", REFERENCE_INVOKE_SERIALIZER)] {
        let path = bench_dir.join("reference-lambda/src/operation").join(format!("{module}.rs"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&path, text + code).map_err(|e| e.to_string())?;
    }
    s3_endpoint_crate(root, &bench_dir.join("ours-s3-endpoint"))?;
    let harness = root.join("xtask/bench/harness.rs");
    std::fs::create_dir_all(bench_dir.join("harness")).map_err(|e| e.to_string())?;
    std::fs::write(
        bench_dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"ours\", \"reference\", \"ours-dynamodb\", \"reference-dynamodb\", \"ours-bedrock\", \"reference-bedrock\", \"ours-lambda\", \"reference-lambda\", \"ours-cloudwatch\", \"reference-cloudwatch\", \"ours-s3-endpoint\", \"harness\"]\n\n[profile.release]\ndebug = false\n",
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(
        bench_dir.join("harness/Cargo.toml"),
        format!(
            "[package]\nname = \"bench-harness\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[[bin]]\nname = \"bench-harness\"\npath = {:?}\n\n[dependencies]\nours = {{ package = \"sdk-rds\", path = \"../ours\" }}\nreference = {{ package = \"aws-sdk-rds\", path = \"../reference\" }}\nours_dynamodb = {{ package = \"sdk-dynamodb\", path = \"../ours-dynamodb\" }}\nreference_dynamodb = {{ package = \"aws-sdk-dynamodb\", path = \"../reference-dynamodb\" }}\n\
             ours_bedrock = {{ package = \"sdk-bedrock-runtime\", path = \"../ours-bedrock\" }}\n\
             reference_bedrock = {{ package = \"aws-sdk-bedrockruntime\", path = \"../reference-bedrock\" }}\n\
             ours_lambda = {{ package = \"sdk-lambda\", path = \"../ours-lambda\" }}\n\
             reference_lambda = {{ package = \"aws-sdk-lambda\", path = \"../reference-lambda\" }}\n\
             ours_cloudwatch = {{ package = \"sdk-cloudwatch\", path = \"../ours-cloudwatch\" }}\n\
             reference_cloudwatch = {{ package = \"aws-sdk-cloudwatch\", path = \"../reference-cloudwatch\" }}\n\
             ours_s3 = {{ package = \"sdk-s3-endpoint\", path = \"../ours-s3-endpoint\" }}\n\
             reference_s3 = {{ package = \"aws-sdk-s3\", version = \"1\", default-features = false }}\n\
             serde_json = \"1\"\n",
            harness.display().to_string()
        ),
    )
    .map_err(|e| e.to_string())?;
    let _ = std::fs::copy(root.join("tests/full/Cargo.lock"), bench_dir.join("Cargo.lock"));
    utf8(bench_dir.join("Cargo.toml"))
}

/// The AWS partitions (`../shared/endpoints/partitions.json`) the endpoint rules read.
fn shared_partitions(root: &Path) -> Result<codegen::endpoints::Partitions, String> {
    let file = root.join("../shared/endpoints/partitions.json");
    let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    codegen::endpoints::Partitions::parse(&text)
}

/// The aws-sdk-cloudwatch release the CBOR benchmark reads against: CloudWatch moved to
/// rpcv2Cbor after the model in ../shared/aws-models was published, and this release speaks it.
const CLOUDWATCH_CBOR_VERSION: &str = "1.140.0";

/// The source of `package` `version` from the registry (fetched through a manifest of its own
/// in `target/bench-fetch`, so that no test workspace builds it).
fn registry_source(cargo: &str, root: &Path, package: &str, version: &str) -> Result<PathBuf, String> {
    let dir = root.join("target/bench-fetch").join(package);
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"fetch-{package}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{package} = {{ version = \"={version}\", default-features = false }}\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(dir.join("src/lib.rs"), "").map_err(|e| e.to_string())?;
    reference_source(cargo, &utf8(dir.join("Cargo.toml"))?, package)
}

/// Writes into `dir` the CloudWatch crate as AWS serves CloudWatch now: the official model
/// from ../shared with the `smithy.protocols#rpcv2Cbor` trait its current release carries
/// (the shapes are the same), generated for that protocol.
fn cloudwatch_cbor_crate(root: &Path, dir: &Path) -> Result<(), String> {
    let path = root.join("../shared/aws-models/cloudwatch.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut model: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let service = model["shapes"]
        .as_object_mut()
        .and_then(|shapes| shapes.values_mut().find(|shape| shape["type"] == "service"))
        .ok_or("cloudwatch.json has no service")?;
    service["traits"]["smithy.protocols#rpcv2Cbor"] = serde_json::json!({});
    let patched = root.join("target/bench-fetch/cloudwatch-rpcv2cbor.json");
    std::fs::create_dir_all(root.join("target/bench-fetch")).map_err(|e| e.to_string())?;
    std::fs::write(&patched, model.to_string()).map_err(|e| e.to_string())?;
    let options = codegen::normalize::Options { protocol: Some("rpcv2Cbor".into()), ..codegen_options() };
    let files = codegen::generate_with(&patched, &options).map_err(|e| format!("{}: {e}", patched.display()))?;
    let tree: Tree = files.into_iter().map(|(k, v)| (PathBuf::from(k), v)).collect();
    write_atomically(&tree, dir)
}

/// Writes into `dir` a crate holding S3's endpoint resolver as the generated S3 crate will
/// have it (`config::endpoint` over the runtime's rules engine), from the official model,
/// for the endpoint benchmark against aws-sdk-s3 while S3's protocol (restXml) waits.
fn s3_endpoint_crate(root: &Path, dir: &Path) -> Result<(), String> {
    let path = root.join("../shared/aws-models/s3.json");
    let model = codegen::load::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let service = model.services().next().ok_or("s3.json has no service")?;
    let rule_set = service.traits.get("smithy.rules#endpointRuleSet").ok_or("s3.json has no endpoint rules")?;
    let rules = codegen::endpoints::parse(rule_set, service.traits.get("smithy.rules#clientContextParams"))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let partitions = shared_partitions(root)?;
    let engine = include_str!("../../codegen/runtime/endpoint.rs");
    let engine = engine.find("\n#[cfg(test)]\nmod tests {").map_or(engine, |at| &engine[..=at]);
    let mut tree = Tree::new();
    tree.insert(
        PathBuf::from("Cargo.toml"),
        "[package]\nname = \"sdk-s3-endpoint\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         aws-smithy-types = \"1.9.3\"\naws-smithy-runtime-api = { version = \"1.20\", features = [\"client\", \"http-1x\"] }\n"
            .to_owned(),
    );
    tree.insert(
        PathBuf::from("src/lib.rs"),
        "//! S3's endpoint resolver, as the generated S3 crate will have it.\n#![allow(dead_code)]\n\
         pub(crate) mod rt {\n    pub(crate) mod endpoint;\n}\npub mod config {\n    pub mod endpoint;\n}\n"
            .to_owned(),
    );
    tree.insert(PathBuf::from("src/rt/endpoint.rs"), engine.to_owned());
    tree.insert(PathBuf::from("src/config/endpoint.rs"), codegen::emit::endpoint_resolver_module(&rules, Some(&partitions), "S3")?);
    write_atomically(&tree, dir)
}

/// Through the protocol, as the operation pipeline calls it.
const OURS_BENCH: &str =
    "pub fn serialize_start_export_task(input: &crate::operation::start_export_task::StartExportTaskInput) -> Vec<u8> {
    crate::rt::protocol::Codec::serialize(&crate::config::PROTOCOL, \"StartExportTask\", None, false, input, None).expect(\"serializes\").body
}
pub fn parse_describe_db_instances(body: &'static str) -> crate::operation::describe_db_instances::DescribeDbInstancesOutput {
    let response = crate::rt::client::RawResponse::ok(body.as_bytes());
    let (output, _): (crate::operation::describe_db_instances::DescribeDbInstancesOutput, _) =
        crate::rt::protocol::Codec::decode_output(&crate::config::PROTOCOL, \"DescribeDBInstances\", &response).expect(\"parses\");
    output
}
";

/// Through the protocol, as the operation pipeline calls it.
const OURS_DYNAMODB_BENCH: &str = "pub fn serialize_put_item(input: &crate::operation::put_item::PutItemInput) -> Vec<u8> {
    crate::rt::protocol::Codec::serialize(&crate::config::PROTOCOL, \"PutItem\", None, false, input, None).expect(\"serializes\").body
}
pub fn parse_query(body: &'static str) -> crate::operation::query::QueryOutput {
    let response = crate::rt::client::RawResponse::ok(body.as_bytes());
    let (output, _): (crate::operation::query::QueryOutput, _) =
        crate::rt::protocol::Codec::decode_output(&crate::config::PROTOCOL, \"Query\", &response).expect(\"parses\");
    output
}
";

const REFERENCE_DYNAMODB_BENCH: &str =
    "pub fn serialize_put_item(input: &crate::operation::put_item::PutItemInput) -> ::aws_smithy_types::body::SdkBody {
    crate::protocol_serde::shape_put_item::ser_put_item_input(input).expect(\"serializes\")
}
pub fn parse_query(body: &str) -> crate::operation::query::QueryOutput {
    crate::protocol_serde::shape_query::de_query(body.as_bytes(), Default::default()).expect(\"parses\").build()
}
";

/// A restJson1 request with a label, a query parameter and a JSON body (nested structures),
/// through the protocol with the operation's route, and a 100-function ListFunctions
/// response read.
const OURS_LAMBDA_BENCH: &str = "pub fn serialize_put_function_event_invoke_config(
    input: &crate::operation::put_function_event_invoke_config::PutFunctionEventInvokeConfigInput,
) -> (String, Vec<(::std::borrow::Cow<'static, str>, String)>, Vec<u8>) {
    let route = <crate::operation::put_function_event_invoke_config::PutFunctionEventInvokeConfigInput as crate::builder::Operation>::ROUTE;
    let serialized =
        crate::rt::protocol::Codec::serialize(&crate::config::PROTOCOL, \"PutFunctionEventInvokeConfig\", route, false, &input.clone(), None)
            .expect(\"serializes\");
    (serialized.uri, serialized.headers, serialized.body)
}
pub fn serialize_invoke(
    input: &crate::operation::invoke::InvokeInput,
) -> (String, Vec<(::std::borrow::Cow<'static, str>, String)>, Vec<u8>) {
    let route = <crate::operation::invoke::InvokeInput as crate::builder::Operation>::ROUTE;
    let serialized =
        crate::rt::protocol::Codec::serialize(&crate::config::PROTOCOL, \"Invoke\", route, false, &input.clone(), None).expect(\"serializes\");
    (serialized.uri, serialized.headers, serialized.body)
}
pub fn parse_list_functions(body: &'static str) -> crate::operation::list_functions::ListFunctionsOutput {
    let response = crate::rt::client::RawResponse::ok(body.as_bytes());
    let (output, _): (crate::operation::list_functions::ListFunctionsOutput, _) =
        crate::rt::protocol::Codec::decode_output(&crate::config::PROTOCOL, \"ListFunctions\", &response).expect(\"parses\");
    output
}
";

/// The whole request as aws-sdk-lambda's request serializer builds it (its serializer is
/// private to the operation's module, where `REFERENCE_LAMBDA_SERIALIZER` is appended).
const REFERENCE_LAMBDA_BENCH: &str = "pub fn serialize_put_function_event_invoke_config(
    input: &crate::operation::put_function_event_invoke_config::PutFunctionEventInvokeConfigInput,
) -> ::aws_smithy_runtime_api::client::orchestrator::HttpRequest {
    crate::operation::put_function_event_invoke_config::__bench_serialize(input.clone())
}
pub fn serialize_invoke(input: &crate::operation::invoke::InvokeInput) -> ::aws_smithy_runtime_api::client::orchestrator::HttpRequest {
    crate::operation::invoke::__bench_serialize(input.clone())
}
pub fn parse_list_functions(body: &str) -> crate::operation::list_functions::ListFunctionsOutput {
    crate::protocol_serde::shape_list_functions::de_list_functions_http_response(
        200,
        &::aws_smithy_runtime_api::http::Headers::new(),
        body.as_bytes(),
        &::aws_smithy_types::config_bag::ConfigBag::base(),
    )
    .expect(\"parses\")
}
";

const REFERENCE_INVOKE_SERIALIZER: &str = "
#[doc(hidden)]
pub fn __bench_serialize(input: InvokeInput) -> ::aws_smithy_runtime_api::client::orchestrator::HttpRequest {
    ::aws_smithy_runtime_api::client::ser_de::SerializeRequest::serialize_input(
        &InvokeRequestSerializer,
        ::aws_smithy_runtime_api::client::interceptors::context::Input::erase(input),
        &mut ::aws_smithy_types::config_bag::ConfigBag::base(),
    )
    .expect(\"serializes\")
}
";

const REFERENCE_LAMBDA_SERIALIZER: &str = "
#[doc(hidden)]
pub fn __bench_serialize(input: PutFunctionEventInvokeConfigInput) -> ::aws_smithy_runtime_api::client::orchestrator::HttpRequest {
    ::aws_smithy_runtime_api::client::ser_de::SerializeRequest::serialize_input(
        &PutFunctionEventInvokeConfigRequestSerializer,
        ::aws_smithy_runtime_api::client::interceptors::context::Input::erase(input),
        &mut ::aws_smithy_types::config_bag::ConfigBag::base(),
    )
    .expect(\"serializes\")
}
";

/// Reading an event stream held in memory (ConverseStream's), to its end: framing, checks
/// and each event's decoding, through the receiver an output holds.
const OURS_BEDROCK_BENCH: &str = "pub async fn read_events(body: &'static [u8]) -> usize {
    let mut receiver = crate::rt::event_stream::EventReceiver::new(
        ::aws_smithy_types::body::SdkBody::from(::bytes::Bytes::from_static(body)),
        crate::rt::event_stream::decode::<crate::types::ConverseStreamOutput>,
    );
    let mut events = 0;
    while receiver.recv().await.expect(\"an event\").is_some() {
        events += 1;
    }
    events
}
";

const REFERENCE_BEDROCK_BENCH: &str = "pub async fn read_events(body: &'static [u8]) -> usize {
    let unmarshaller = crate::event_stream_serde::ConverseStreamOutputUnmarshaller::new();
    let body = ::aws_smithy_types::body::SdkBody::from(::bytes::Bytes::from_static(body));
    let mut receiver = crate::event_receiver::EventReceiver::new(::aws_smithy_http::event_stream::Receiver::new(unmarshaller, body));
    let mut events = 0;
    while receiver.recv().await.expect(\"an event\").is_some() {
        events += 1;
    }
    events
}
";

/// A GetMetricData response through the rpcv2Cbor protocol.
const OURS_CLOUDWATCH_BENCH: &str =
    "pub fn parse_get_metric_data(body: &'static [u8]) -> crate::operation::get_metric_data::GetMetricDataOutput {
    let response = crate::rt::client::RawResponse::ok(body);
    let (output, _): (crate::operation::get_metric_data::GetMetricDataOutput, _) =
        crate::rt::protocol::Codec::decode_output(&crate::config::PROTOCOL, \"GetMetricData\", &response).expect(\"parses\");
    output
}
";

const REFERENCE_CLOUDWATCH_BENCH: &str =
    "pub fn parse_get_metric_data(body: &[u8]) -> crate::operation::get_metric_data::GetMetricDataOutput {
    crate::protocol_serde::shape_get_metric_data::de_get_metric_data_http_response(
        200,
        &::aws_smithy_runtime_api::http::Headers::new(),
        body,
        &::aws_smithy_types::config_bag::ConfigBag::base(),
    )
    .expect(\"parses\")
}
";

const REFERENCE_BENCH: &str = "pub fn serialize_start_export_task(input: &crate::operation::start_export_task::StartExportTaskInput) -> ::aws_smithy_types::body::SdkBody {
    crate::protocol_serde::shape_start_export_task_input::ser_start_export_task_input_input_input(input).expect(\"serializes\")
}
pub fn parse_describe_db_instances(body: &str) -> crate::operation::describe_db_instances::DescribeDbInstancesOutput {
    crate::protocol_serde::shape_describe_db_instances::de_describe_db_instances(body.as_bytes(), Default::default()).expect(\"parses\").build()
}
";

fn append_bench_module(src: &Path, code: &str) -> Result<(), String> {
    let lib = src.join("lib.rs");
    let mut text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    text.push_str("\n#[doc(hidden)]\n#[allow(missing_docs)]\npub mod __bench;\n");
    std::fs::write(&lib, text).map_err(|e| e.to_string())?;
    std::fs::write(src.join("__bench.rs"), code).map_err(|e| e.to_string())
}

/// Where cargo unpacked the official crate `package` (aws-sdk-rds) the full-SDK tests use.
fn reference_source(cargo: &str, manifest: &str, package: &str) -> Result<PathBuf, String> {
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path", manifest])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == package)
        .and_then(|p| p["manifest_path"].as_str())
        .and_then(|m| Path::new(m).parent().map(Path::to_owned))
        .ok_or_else(|| format!("{package} is not in the full-SDK workspace"))
}

fn rust_size(dir: &Path) -> (usize, usize) {
    let files: Vec<PathBuf> = existing_files(dir).into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs")).collect();
    let lines = files.iter().filter_map(|f| std::fs::read_to_string(dir.join(f)).ok()).map(|t| t.lines().count()).sum();
    (files.len(), lines)
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    for file in existing_files(from) {
        let target = to.join(&file);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::copy(from.join(&file), &target).map_err(|e| format!("cannot copy {}: {e}", file.display()))?;
    }
    Ok(())
}

fn bench_codegen(model: Option<PathBuf>) -> Result<(), String> {
    let model = model.ok_or("bench-codegen needs a model path")?;
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = std::time::Instant::now();
        let files = codegen::generate_with(&model, &codegen_options()).map_err(|e| e.to_string())?;
        times.push(start.elapsed());
        std::hint::black_box(files);
    }
    times.sort();
    println!("codegen (release, load to formatted files, median of 5): {:?}", times[2]);
    Ok(())
}

/// Files of every crate, keyed by path relative to the output directory.
type Tree = BTreeMap<PathBuf, String>;

fn codegen(args: &[String]) -> Result<(), String> {
    let mut check = false;
    let mut model = None;
    let mut out = None;
    let mut options = codegen_options();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--model" => model = Some(PathBuf::from(it.next().ok_or("--model needs a path")?)),
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a directory")?)),
            "--service" => {
                let id = it.next().ok_or("--service needs a shape id")?;
                options.service = Some(codegen::model::ShapeId::parse(id).map_err(|e| format!("--service {id}: {e}"))?);
            }
            "--protocol" => options.protocol = Some(it.next().ok_or("--protocol needs a protocol name")?.clone()),
            "--partitions" => options.partitions = Some(PathBuf::from(it.next().ok_or("--partitions needs a path")?)),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if model.is_none() && (options.service.is_some() || options.protocol.is_some()) {
        return Err("--service and --protocol go with --model".into());
    }
    match (model, out) {
        (Some(model), Some(out)) => {
            let files = codegen::generate_with(&model, &options).map_err(|e| e.to_string())?;
            let tree: Tree = files.into_iter().map(|(k, v)| (PathBuf::from(k), v)).collect();
            if check {
                compare(&tree, &out)
            } else {
                write_atomically(&tree, &out)
            }
        }
        (None, None) => {
            let root = workspace_root();
            let tree = codegen::generate_all(&root.join("models"), &options).map_err(|e| e.to_string())?;
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

/// `cargo xtask endpoint-tests`: every `smithy.rules#endpointTests` case of every model in
/// `../shared/aws-models`, whatever its protocol, resolved by the runtime's rules engine
/// from the rule set as the generator emits it. Writes a crate into
/// `target/endpoint-tests/` (one module per service) and runs it: one line per service.
fn endpoint_tests() -> Result<(), String> {
    let root = workspace_root();
    let out = root.join("target/endpoint-tests");
    let partitions = shared_partitions(&root)?;
    // The official models, then the project's own (`models/`, named `models_…`).
    let mut models = Vec::new();
    for (dir, prefix) in [("../shared/aws-models", ""), ("models", "models_")] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .map_err(|e| format!("cannot read {dir}: {e}"))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        found.sort();
        models.extend(found.into_iter().map(|p| (p, prefix)));
    }
    let mut tree = Tree::new();
    let mut services = Vec::new();
    // Services whose cases give operation inputs, and how many do.
    let mut inputs: Vec<(String, usize)> = Vec::new();
    for (path, prefix) in &models {
        let model = codegen::load::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for service in model.services() {
            let Some(rule_set) = service.traits.get("smithy.rules#endpointRuleSet") else { continue };
            let rules = codegen::endpoints::parse(rule_set, service.traits.get("smithy.rules#clientContextParams"))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let mut module = codegen::emit::endpoint_rules_module(&rules, Some(&partitions), "crate::engine")?;
            let cases = service.traits.get("smithy.rules#endpointTests").and_then(|t| t.get("testCases")).cloned();
            let cases = cases.unwrap_or_else(|| serde_json::Value::Array(Vec::new())).to_string();
            module.push_str(&format!("pub static CASES: &str = {cases:?};\n"));
            let name = format!("{prefix}{}", path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().replace('-', "_"));
            let with_inputs = service
                .traits
                .get("smithy.rules#endpointTests")
                .and_then(|t| t.get("testCases"))
                .and_then(|c| c.as_array())
                .map_or(0, |cases| cases.iter().filter(|c| c.get("operationInputs").is_some()).count());
            if with_inputs > 0 {
                inputs.push((name.clone(), with_inputs));
            }
            tree.insert(PathBuf::from(format!("src/{name}.rs")), module);
            services.push(name);
        }
    }
    let modules: String = services.iter().map(|s| format!("mod {s};\n")).collect();
    let list: String = services.iter().map(|s| format!("    (\"{s}\", {s}::PARAMS, &{s}::RULES, {s}::CASES),\n")).collect();
    let main = include_str!("../endpoint-tests/main.rs").replace(
        "// SERVICES\n",
        &format!("{modules}\nstatic SERVICES: &[(&str, &[(&str, &str)], &engine::RuleSet, &str)] = &[\n{list}];\n"),
    );
    tree.insert(PathBuf::from("src/main.rs"), main);
    let engine = include_str!("../../codegen/runtime/endpoint.rs");
    let engine = engine.find("\n#[cfg(test)]\nmod tests {").map_or(engine, |at| &engine[..=at]);
    tree.insert(PathBuf::from("src/engine.rs"), engine.to_owned());
    // The cases that give operation inputs, through the clients of the services whose crates
    // are generated (`tests/full/generated`): one test file per service.
    full_sdks(&root)?;
    let mut dev_dependencies = String::new();
    let mut client_services = Vec::new();
    for service in FULL_SDK_MODELS {
        let path = root.join("../shared/aws-models").join(format!("{service}.json"));
        let model = codegen::load::from_path(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let Some(cases) =
            codegen::endpoint_tests::client_cases(&model, &codegen_options()).map_err(|e| format!("{}: {e}", path.display()))?
        else {
            continue;
        };
        let name = service.replace('-', "_");
        tree.insert(PathBuf::from(format!("tests/{name}.rs")), cases.source);
        dev_dependencies.push_str(&format!("{} = {{ path = \"../../tests/full/generated/{service}\" }}\n", cases.crate_name));
        client_services.push((name, cases.count, cases.unsupported));
    }
    tree.insert(
        PathBuf::from("Cargo.toml"),
        format!(
            "[package]\nname = \"endpoint-tests\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n\
             [dependencies]\naws-smithy-types = \"1.9.3\"\nserde_json = \"1\"\n\
             aws-smithy-runtime-api = {{ version = \"1.20\", features = [\"client\", \"http-1x\"] }}\n\n\
             [dev-dependencies]\n{dev_dependencies}\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n"
        ),
    );
    // The versions the official-model crates are built with (cargo prunes the rest).
    let lock =
        std::fs::read_to_string(root.join("tests/full/Cargo.lock")).map_err(|e| format!("cannot read tests/full/Cargo.lock: {e}"))?;
    tree.insert(PathBuf::from("Cargo.lock"), lock);
    write_atomically(&tree, &out)?;
    let manifest = utf8(out.join("Cargo.toml"))?;
    let target = utf8(root.join("target"))?;
    let env = [("CARGO_TARGET_DIR", target.as_str()), NO_INCREMENTAL];
    let engine = cargo_command(&root, &["run", "--quiet", "--manifest-path", &manifest], &env)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let mut failed = !engine.success();
    for (service, count, unsupported) in &client_services {
        let output = cargo_command(&root, &["test", "--quiet", "--manifest-path", &manifest, "--test", service], &env)
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let counts = stdout.lines().find_map(|l| {
            let rest = l.strip_prefix("test result: ")?;
            let number = |word: &str| rest.split("; ").find_map(|part| part.strip_suffix(word)?.rsplit(' ').next()?.parse::<usize>().ok());
            Some((number(" passed")?, number(" failed")?))
        });
        let (passed, failures) = counts.unwrap_or((0, *count));
        let waiting: Vec<String> = unsupported.iter().map(|(scheme, n)| format!("{n} {scheme}")).collect();
        let waiting = if waiting.is_empty() {
            String::new()
        } else {
            format!(
                " (of those passed, cases whose endpoint needs an auth scheme not supported yet, checked to fail saying so: {})",
                waiting.join(", ")
            )
        };
        println!("{service} through the client: {passed} passed, {failures} failed{waiting}");
        if !output.status.success() || failures > 0 || passed != *count {
            failed = true;
            print!("{stdout}");
            eprint!("{}", String::from_utf8_lossy(&output.stderr));
        }
    }
    for (service, count) in inputs.iter().filter(|(s, _)| !client_services.iter().any(|(c, _, _)| c == s)) {
        println!(
            "{service}: {count} cases with operation inputs are checked above by their parameters only (no client of it is built here)"
        );
    }
    if failed {
        Err("endpoint tests failed".into())
    } else {
        Ok(())
    }
}

/// The generator's options as every xtask command uses them: the AWS partitions from
/// `../shared/endpoints/partitions.json` (endpoint rules that call `aws.partition` read it).
fn codegen_options() -> codegen::normalize::Options {
    codegen::normalize::Options { partitions: Some(workspace_root().join("../shared/endpoints/partitions.json")), ..Default::default() }
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
        Err(format!("{} is stale; run `cargo xtask codegen` and commit the result:\n{}", out.display(), stale.join("\n")))
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
    // Staging trees of runs that were killed part way (the tree itself was left as it was).
    if let Ok(entries) = std::fs::read_dir(parent) {
        let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(n) = file_name.to_str() else { continue };
            let Some(pid) = prefixes.iter().find_map(|p| n.strip_prefix(p.as_str())) else { continue };
            // A run still going (on Linux, its /proc entry exists) keeps its staging tree.
            let running = cfg!(target_os = "linux") && Path::new("/proc").join(pid).exists();
            if !running {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
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
    if had_old && exchange(&staging, out).is_ok() {
        // One atomic swap: at every instant `out` is the whole old tree or the whole new one.
        let _ = std::fs::remove_dir_all(&staging);
        return Ok(());
    }
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

/// Swaps two directories atomically (Linux `renameat2` with `RENAME_EXCHANGE`); elsewhere,
/// or on file systems without it, an error, and the caller renames in two steps.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let result = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "no atomic exchange here"))
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
