//! IAM database authentication tokens: presigned `connect` URLs that log in to an RDS
//! database in place of a password.
//!
//! See <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.Connecting.html>.
//!
//! ```no_run
//! use CRATE_NAME::auth_token::{AuthTokenGenerator, Config};
//!
//! // `sdk_config` as `aws_config::load_from_env().await` gives it.
//! async fn login_password(sdk_config: &aws_types::SdkConfig) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
//!     let generator = AuthTokenGenerator::new(
//!         Config::builder()
//!             .hostname("db.cluster-abc.us-east-1.rds.amazonaws.com")
//!             .port(5432)
//!             .username("app")
//!             .build()?,
//!     );
//!     let token = generator.auth_token(sdk_config).await?;
//!     Ok(token.to_string())
//! }
//! ```

use ::aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use ::aws_sigv4::http_request::{self, SignableBody, SignableRequest, SignatureLocation, SigningSettings};
use ::aws_sigv4::sign::v4;
use ::aws_smithy_runtime_api::box_error::BoxError;
use ::aws_smithy_runtime_api::client::identity::Identity;
use ::aws_types::region::Region;
use std::fmt;
use std::time::Duration;

/// The signing name of database logins (not the service's own `rds`).
const SIGNING_NAME: &str = "rds-db";
/// Tokens are valid for at most 15 minutes.
const MAX_EXPIRES_IN_SECS: u64 = 900;

/// Makes auth tokens for one database user.
#[derive(Debug)]
pub struct AuthTokenGenerator {
    config: Config,
}

/// An auth token, usable as the password of an RDS database login.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthToken {
    inner: String,
}

impl AuthToken {
    /// The token as a `&str`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.inner
    }
}

impl fmt::Display for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner)
    }
}

// The token is a credential: its signature must not end up in logs.
impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthToken(** redacted **)")
    }
}

impl AuthTokenGenerator {
    /// A generator for the database and user in `config`.
    pub fn new(config: Config) -> Self {
        Self { config }
    }

    /// Signs a login URL with the credentials, region and clock of `config` (or of this
    /// generator's own configuration, which wins).
    pub async fn auth_token(&self, config: &::aws_types::sdk_config::SdkConfig) -> Result<AuthToken, BoxError> {
        let credentials = self
            .config
            .credentials
            .clone()
            .or_else(|| config.credentials_provider())
            .ok_or("credentials are required to create an RDS auth token")?
            .provide_credentials()
            .await?;
        let identity: Identity = credentials.into();
        let region = self.config.region.as_ref().or(config.region()).cloned().unwrap_or_else(|| Region::new("us-east-1"));
        let now = config.time_source().ok_or("a time source is required to create an RDS auth token")?.now();

        let mut settings = SigningSettings::default();
        settings.expires_in = Some(Duration::from_secs(self.config.expires_in.unwrap_or(MAX_EXPIRES_IN_SECS).min(MAX_EXPIRES_IN_SECS)));
        settings.signature_location = SignatureLocation::QueryParams;
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(region.as_ref())
            .name(SIGNING_NAME)
            .time(now)
            .settings(settings)
            .build()?;

        let user = encode_query_text(&self.config.username);
        let mut url = format!("https://{}:{}/?Action=connect&DBUser={user}", self.config.hostname, self.config.port);
        let request = SignableRequest::new("GET", &url, std::iter::empty(), SignableBody::empty())?;
        let (instructions, _signature) = http_request::sign(request, &params.into())?.into_parts();
        for (name, value) in instructions.params() {
            url.push('&');
            encode_form(name, &mut url);
            url.push('=');
            encode_form(value, &mut url);
        }
        Ok(AuthToken { inner: url.split_off("https://".len()) })
    }
}

/// Percent-encodes what a URL's query may not hold as is (controls, space, quotes, `#`, `<`, `>`).
fn encode_query_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'\0'..=b' ' | b'"' | b'#' | b'<' | b'>' | b'\'' | 0x7f..=0xff => out.push_str(&format!("%{byte:02X}")),
            _ => out.push(byte as char),
        }
    }
    out
}

/// `application/x-www-form-urlencoded` encoding, as a URL's query pairs are appended.
fn encode_form(text: &str, out: &mut String) {
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(byte as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
}

/// What to sign a login for.
#[derive(Debug, Clone)]
pub struct Config {
    credentials: Option<SharedCredentialsProvider>,
    hostname: String,
    port: u64,
    region: Option<Region>,
    username: String,
    expires_in: Option<u64>,
}

impl Config {
    /// A builder for the configuration.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The credentials to sign with, when not those of the `SdkConfig`.
    pub fn credentials(&self) -> Option<SharedCredentialsProvider> {
        self.credentials.clone()
    }

    /// The hostname of the database.
    pub fn hostname(&self) -> &str {
        &self.hostname
    }

    /// The port the database listens on.
    pub fn port(&self) -> u64 {
        self.port
    }

    /// The region of the database, when not that of the `SdkConfig`.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The database user to log in as.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// How many seconds the token stays valid (at most 900).
    pub fn expires_in(&self) -> Option<u64> {
        self.expires_in
    }
}

/// A builder for [`Config`].
#[derive(Debug, Default)]
pub struct ConfigBuilder {
    credentials: Option<SharedCredentialsProvider>,
    hostname: Option<String>,
    port: Option<u64>,
    region: Option<Region>,
    username: Option<String>,
    expires_in: Option<u64>,
}

impl ConfigBuilder {
    /// The credentials to sign with; the `SdkConfig`'s when not set.
    pub fn credentials(mut self, credentials: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(SharedCredentialsProvider::new(credentials));
        self
    }

    /// The hostname of the database (required).
    pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
        self.hostname = Some(hostname.into());
        self
    }

    /// The port the database listens on (required).
    pub fn port(mut self, port: u64) -> Self {
        self.port = Some(port);
        self
    }

    /// The region of the database; the `SdkConfig`'s when not set.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }

    /// The database user to log in as (required).
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }

    /// How many seconds the token stays valid; 900, the most allowed, when not set.
    pub fn expires_in(mut self, expires_in: u64) -> Self {
        self.expires_in = Some(expires_in);
        self
    }

    /// The configuration, or an error naming the first required setting that is missing.
    pub fn build(self) -> Result<Config, BoxError> {
        Ok(Config {
            credentials: self.credentials,
            hostname: self.hostname.ok_or("a hostname is required")?,
            port: self.port.ok_or("a port is required")?,
            region: self.region,
            username: self.username.ok_or("a username is required")?,
            expires_in: self.expires_in,
        })
    }
}
