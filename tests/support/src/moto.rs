//! A moto server for real-server tests: installed from PyPI (pinned) into a virtualenv
//! under the target directory, started once per test process on a free loopback port,
//! and stopped when the process ends, however it ends (it exits when its stdin closes).

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};

pub struct Moto {
    pub endpoint: String,
    python: PathBuf,
    // Held so that the pipe, and with it the server, lives as long as the test process.
    _stdin: Mutex<ChildStdin>,
    _child: Mutex<Child>,
}

static MOTO: OnceLock<Moto> = OnceLock::new();

/// The shared server, started on first use. Panics with the reason when it cannot start:
/// a real-server test must fail, not pass, without its server.
pub fn server() -> &'static Moto {
    MOTO.get_or_init(|| start().unwrap_or_else(|e| panic!("cannot start moto: {e}")))
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

/// Creates the virtualenv and installs the pinned requirements, once per requirements file.
fn virtualenv() -> Result<PathBuf, String> {
    let requirements = crate::root().join("tests/moto/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    let venv = crate::target_dir().join("moto-venv");
    let python = venv.join("bin/python");
    let stamp = venv.join("installed-requirements.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) && python.exists() {
        return Ok(python);
    }
    let _ = std::fs::remove_dir_all(&venv);
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(&python).args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"]).arg(&requirements))?;
    std::fs::write(&stamp, wanted).map_err(|e| e.to_string())?;
    Ok(python)
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn start() -> Result<Moto, String> {
    let python = virtualenv()?;
    let port = free_port()?;
    let mut child = Command::new(&python)
        .arg(crate::root().join("tests/moto/server.py"))
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the moto server: {e}"))?;
    let stdin = child.stdin.take().ok_or("no stdin")?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
    if line.trim() != "ready" {
        let _ = child.kill();
        return Err(format!("moto did not start (it said {line:?})"));
    }
    Ok(Moto { endpoint: format!("http://127.0.0.1:{port}"), python, _stdin: Mutex::new(stdin), _child: Mutex::new(child) })
}

impl Moto {
    /// Runs `tests/moto/rds.py` (boto3) against the server and returns what it printed.
    pub fn boto3(&self, args: &[&str]) -> String {
        let out = Command::new(&self.python)
            .arg(crate::root().join("tests/moto/rds.py"))
            .arg(&self.endpoint)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run boto3: {e}"));
        assert!(out.status.success(), "boto3 {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}
