// A small program as people write one against S3: it uploads a file and downloads it
// again (`PROGRAM BUCKET KEY FILE`), configured from the environment. `cargo xtask bench`
// builds it in release against each SDK (`s3` names the generated crate or aws-sdk-s3) and
// compares the build time and the size of the stripped binary.

use s3::config::{BehaviorVersion, Credentials, Region};
use s3::primitives::ByteStream;
use tokio::io::AsyncWriteExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, bucket, key, file] = args.as_slice() else {
        return Err("usage: PROGRAM BUCKET KEY FILE".into());
    };
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let mut config = s3::Config::builder()
        .region(Region::new(std::env::var("AWS_REGION").unwrap_or_else(|_| "us-east-1".into())))
        .credentials_provider(Credentials::new(env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"), None, None, "environment"))
        .behavior_version(BehaviorVersion::latest());
    if let Ok(endpoint) = std::env::var("S3_ENDPOINT") {
        config = config.endpoint_url(endpoint).force_path_style(true);
    }
    let client = s3::Client::from_conf(config.build());
    let body = ByteStream::from_path(file).await?;
    let put = client.put_object().bucket(bucket).key(key).body(body).send().await?;
    eprintln!("uploaded: {:?}", put.e_tag());
    let object = client.get_object().bucket(bucket).key(key).send().await?;
    let mut reader = object.body.into_async_read();
    let mut stdout = tokio::io::stdout();
    tokio::io::copy(&mut reader, &mut stdout).await?;
    stdout.flush().await?;
    Ok(())
}
