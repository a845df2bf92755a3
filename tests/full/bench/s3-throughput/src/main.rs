//! Throughput of 1 GiB PutObject and GetObject over loopback: the generated S3 crate,
//! aws-sdk-s3, and a bare hyper client (what HTTP itself reaches here), each against the
//! same in-process server, which discards uploads and serves downloads from memory.
//! Uploads stream a file (no payload hash: the SDKs send it `aws-chunked` with a CRC32
//! trailer). Prints the median rate of each client (11 uploads, 33 downloads) in MB/s, and
//! the CPU time the clients' thread spent per GiB; the clients take turns run by run.

use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SIZE: u64 = 1 << 30;
const RUNS: usize = 11;
const DOWNLOADS_PER_ROUND: usize = 3;

/// Serves HTTP/1.1 on loopback: a PUT's body is read and dropped, a GET answers SIZE bytes.
/// The server runs on a thread and runtime of its own, as a server in another process
/// would: in the clients' runtime its tasks and a client's connection task would share
/// worker threads by chance, and that chance, not the client, would set the speed.
fn serve() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.set_nonblocking(true).expect("a non-blocking socket");
    let endpoint = format!("http://{}", listener.local_addr().expect("an address"));
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().expect("the server's runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
            loop {
                let Ok((socket, _)) = listener.accept().await else { return };
                tokio::spawn(connection(socket));
            }
        });
    });
    endpoint
}

async fn connection(mut socket: tokio::net::TcpStream) {
    let block = vec![b'x'; 1 << 20];
    let mut buf = vec![0u8; 1 << 20];
    let mut pending: Vec<u8> = Vec::new();
    loop {
        // The request's head.
        let head_end = loop {
            if let Some(at) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => pending.extend_from_slice(&buf[..n]),
            }
        };
        let head = String::from_utf8_lossy(&pending[..head_end]).to_ascii_lowercase();
        let length: u64 = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
        let mut rest = (pending.len() - head_end) as u64;
        pending.clear();
        while rest < length {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => rest += n as u64,
            }
        }
        let response_ok = if head.starts_with("put") {
            socket.write_all(b"HTTP/1.1 200 OK\r\nETag: \"etag\"\r\nContent-Length: 0\r\n\r\n").await
        } else {
            let start = format!("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {SIZE}\r\n\r\n");
            let mut result = socket.write_all(start.as_bytes()).await;
            let mut left = SIZE;
            while left > 0 && result.is_ok() {
                let n = left.min(block.len() as u64) as usize;
                result = socket.write_all(&block[..n]).await;
                left -= n as u64;
            }
            result
        };
        if response_ok.is_err() {
            return;
        }
    }
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn megabytes_per_second(elapsed: Duration) -> f64 {
    SIZE as f64 / 1e6 / elapsed.as_secs_f64()
}

// The clients run on one thread, the server on another: each side has a core of this
// two-core machine, as a client has its cores to itself when the server is remote. With
// the clients on tokio's multi-thread runtime, their connection task, their reader and the
// server share two cores by the scheduler's chance, and the figures move by 20% from run
// to run with the client code a small part of the time (kernel copies are over 95%).
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let endpoint = serve();
    let file = std::env::temp_dir().join(format!("s3-throughput-{}", std::process::id()));
    {
        let mut out = tokio::fs::File::create(&file).await.expect("a temporary file");
        let block = vec![b'y'; 1 << 20];
        for _ in 0..(SIZE >> 20) {
            out.write_all(&block).await.expect("written");
        }
        out.flush().await.expect("flushed");
    }

    let ours = {
        use sdk_s3::config::{BehaviorVersion, Credentials, Region};
        sdk_s3::Client::from_conf(
            sdk_s3::Config::builder()
                .region(Region::new("us-east-1"))
                .endpoint_url(&endpoint)
                .force_path_style(true)
                .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "bench"))
                .behavior_version(BehaviorVersion::latest())
                .build(),
        )
    };
    let theirs = {
        use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
        aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::Config::builder()
                .region(Region::new("us-east-1"))
                .endpoint_url(&endpoint)
                .force_path_style(true)
                .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "bench"))
                .behavior_version(BehaviorVersion::latest())
                .build(),
        )
    };
    let raw = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new()).build_http::<RawBody>();

    let put_ours = || async {
        let body = sdk_s3::primitives::ByteStream::from_path(&file).await.expect("the file");
        let started = Instant::now();
        ours.put_object().bucket("bench").key("big").body(body).send().await.expect("put");
        started.elapsed()
    };
    let put_theirs = || async {
        let body = aws_sdk_s3::primitives::ByteStream::from_path(&file).await.expect("the file");
        let started = Instant::now();
        theirs.put_object().bucket("bench").key("big").body(body).send().await.expect("put");
        started.elapsed()
    };
    let put_raw = || async {
        let started = Instant::now();
        let handle = tokio::fs::File::open(&file).await.expect("the file");
        let stream = tokio_util::io::ReaderStream::with_capacity(handle, 1 << 16);
        use futures_util::StreamExt as _;
        let frames = stream.map(|chunk| chunk.map(hyper::body::Frame::data));
        let body: RawBody = http_body_util::combinators::BoxBody::new(http_body_util::StreamBody::new(frames));
        let request = hyper::Request::put(format!("{endpoint}/bench/big")).header("content-length", SIZE).body(body).expect("a request");
        let response = raw.request(request).await.expect("put");
        assert!(response.status().is_success());
        started.elapsed()
    };

    let get_ours = || async {
        let started = Instant::now();
        let mut body = ours.get_object().bucket("bench").key("big").send().await.expect("get").body;
        let mut read = 0u64;
        while let Some(chunk) = body.try_next().await.expect("a chunk") {
            read += chunk.len() as u64;
        }
        assert_eq!(read, SIZE);
        started.elapsed()
    };
    let get_theirs = || async {
        let started = Instant::now();
        let mut body = theirs.get_object().bucket("bench").key("big").send().await.expect("get").body;
        let mut read = 0u64;
        while let Some(chunk) = body.try_next().await.expect("a chunk") {
            read += chunk.len() as u64;
        }
        assert_eq!(read, SIZE);
        started.elapsed()
    };
    let get_raw = || async {
        use http_body_util::BodyExt as _;
        let started = Instant::now();
        let empty: RawBody = http_body_util::combinators::BoxBody::new(http_body_util::Empty::new().map_err(|never| match never {}));
        let request = hyper::Request::get(format!("{endpoint}/bench/big")).body(empty).expect("a request");
        let mut body = raw.request(request).await.expect("get").into_body();
        let mut read = 0u64;
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.expect("a frame").into_data() {
                read += data.len() as u64;
            }
        }
        assert_eq!(read, SIZE);
        started.elapsed()
    };
    // Run by run, each client in turn: this machine's speed drifts within minutes, and
    // runs of one client in a row would meet a different machine than the next's. A first
    // round warms the page cache, the allocator and the connections; it is not counted.
    let mut rates: [Vec<f64>; 6] = Default::default();
    let mut cpu: [Vec<f64>; 6] = Default::default();
    for round in 0..=RUNS {
        // A download takes a fifth of an upload's time and moves more with the machine:
        // each round takes three of each client's. Each turn starts with another client,
        // so that none always follows the uploads or the same neighbour.
        let mut uploads = [0, 1, 2];
        uploads.rotate_left(round % 3);
        let mut downloads = Vec::new();
        for turn in 0..DOWNLOADS_PER_ROUND {
            let mut order = [3, 4, 5];
            order.rotate_left((round + turn) % 3);
            downloads.extend(order);
        }
        for client in uploads.into_iter().chain(downloads) {
            let cpu_before = thread_cpu();
            let elapsed = match client {
                0 => put_ours().await,
                1 => put_theirs().await,
                2 => put_raw().await,
                3 => get_ours().await,
                4 => get_theirs().await,
                _ => get_raw().await,
            };
            if round > 0 {
                rates[client].push(megabytes_per_second(elapsed));
                if let (Some(before), Some(after)) = (cpu_before, thread_cpu()) {
                    cpu[client].push((after - before).as_secs_f64() * 1e3);
                }
            }
        }
    }
    let _ = std::fs::remove_file(&file);
    if std::env::var_os("S3_THROUGHPUT_ALL").is_some() {
        for (name, runs) in ["put ours", "put aws-sdk-s3", "put hyper", "get ours", "get aws-sdk-s3", "get hyper"].iter().zip(&rates) {
            println!("{name}: {runs:.0?}");
        }
    }
    let rates = rates.map(median);
    let cpu = cpu.map(|runs| (!runs.is_empty()).then(|| median(runs)));

    println!(
        "S3 1 GiB over loopback, median of {RUNS} uploads and {} downloads (MB/s): generated crate / aws-sdk-s3 / bare hyper",
        RUNS * DOWNLOADS_PER_ROUND
    );
    for (name, at) in [("PutObject (from a file)", 0), ("GetObject (read to the end)", 3)] {
        let [ours, theirs, raw] = [rates[at], rates[at + 1], rates[at + 2]];
        println!("{name}: {ours:.0} / {theirs:.0} / {raw:.0}  ({:.2}x aws-sdk-s3, {:.0}% of bare HTTP)", ours / theirs, 100.0 * ours / raw);
        if let [Some(ours), Some(theirs), Some(raw)] = [cpu[at], cpu[at + 1], cpu[at + 2]] {
            println!("  the clients' thread, CPU per GiB: {ours:.0} / {theirs:.0} / {raw:.0} ms");
        }
    }
}

/// CPU time of the calling thread so far (Linux: `/proc/thread-self/schedstat`, in ns).
/// The clients run on this one thread; the server's thread and the kernel's copies on the
/// server side are not counted.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split(' ').next()?.parse().ok().map(Duration::from_nanos)
}

type RawBody = http_body_util::combinators::BoxBody<bytes::Bytes, std::io::Error>;
