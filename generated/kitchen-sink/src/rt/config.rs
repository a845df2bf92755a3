//! Client configuration: what `aws_config` loads, or what a builder sets.

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_smithy_runtime_api::client::behavior_version::BehaviorVersion;
use aws_smithy_types::retry::RetryConfig;
use aws_smithy_types::timeout::TimeoutConfig;
use aws_types::region::Region;
use aws_types::sdk_config::SdkConfig;

/// What the generator knows about the service, used by the request pipeline.
pub(crate) struct ServiceMeta {
    /// `aws.api#service` sdkId.
    pub sdk_id: &'static str,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// The host prefix of the service's default endpoint.
    pub endpoint_prefix: &'static str,
    /// The API version sent in every request.
    pub api_version: &'static str,
    /// ec2Query rather than awsQuery.
    pub ec2: bool,
}

/// Configuration of a service client.
///
/// Build one with [`Config::builder`], or take what `aws_config` loaded with [`Config::new`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) region: Option<Region>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) credentials_provider: Option<SharedCredentialsProvider>,
    pub(crate) retry_config: Option<RetryConfig>,
    pub(crate) timeout_config: Option<TimeoutConfig>,
    pub(crate) behavior_version: Option<BehaviorVersion>,
}

impl Config {
    /// A builder with nothing set.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// A builder holding this configuration, to change some of it.
    pub fn to_builder(&self) -> Builder {
        Builder { inner: self.clone() }
    }

    /// The configuration `aws_config` loaded: region, endpoint, credentials, retry and timeouts.
    pub fn new(config: &SdkConfig) -> Self {
        Builder::from(config).build()
    }

    /// The region requests are sent to and signed for.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The endpoint that replaces the service's default one.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Where credentials to sign requests come from.
    pub fn credentials_provider(&self) -> Option<SharedCredentialsProvider> {
        self.credentials_provider.clone()
    }

    /// How failed attempts are retried.
    pub fn retry_config(&self) -> Option<&RetryConfig> {
        self.retry_config.as_ref()
    }

    /// How long connections, attempts and operations may take.
    pub fn timeout_config(&self) -> Option<&TimeoutConfig> {
        self.timeout_config.as_ref()
    }

    /// The behavior version the client was configured with.
    pub fn behavior_version(&self) -> Option<BehaviorVersion> {
        self.behavior_version
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug)]
pub struct Builder {
    inner: Config,
}

impl Default for Builder {
    fn default() -> Self {
        Self {
            inner: Config {
                region: None,
                endpoint_url: None,
                credentials_provider: None,
                retry_config: None,
                timeout_config: None,
                behavior_version: None,
            },
        }
    }
}

impl From<&SdkConfig> for Builder {
    fn from(config: &SdkConfig) -> Self {
        Self {
            inner: Config {
                region: config.region().cloned(),
                endpoint_url: config.endpoint_url().map(str::to_owned),
                credentials_provider: config.credentials_provider(),
                retry_config: config.retry_config().cloned(),
                timeout_config: config.timeout_config().cloned(),
                behavior_version: config.behavior_version(),
            },
        }
    }
}

impl Builder {
    /// A builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the region requests are sent to and signed for.
    pub fn region(mut self, region: impl Into<Option<Region>>) -> Self {
        self.inner.region = region.into();
        self
    }

    /// Sets or clears the region.
    pub fn set_region(&mut self, region: Option<Region>) -> &mut Self {
        self.inner.region = region;
        self
    }

    /// Sends requests to this URL instead of the service's default endpoint.
    pub fn endpoint_url(mut self, endpoint_url: impl Into<String>) -> Self {
        self.inner.endpoint_url = Some(endpoint_url.into());
        self
    }

    /// Sets or clears the endpoint URL.
    pub fn set_endpoint_url(&mut self, endpoint_url: Option<String>) -> &mut Self {
        self.inner.endpoint_url = endpoint_url;
        self
    }

    /// Sets where credentials to sign requests come from.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.inner.credentials_provider = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(&mut self, provider: Option<SharedCredentialsProvider>) -> &mut Self {
        self.inner.credentials_provider = provider;
        self
    }

    /// Sets how failed attempts are retried.
    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.inner.retry_config = Some(retry_config);
        self
    }

    /// Sets or clears the retry configuration.
    pub fn set_retry_config(&mut self, retry_config: Option<RetryConfig>) -> &mut Self {
        self.inner.retry_config = retry_config;
        self
    }

    /// Sets how long connections, attempts and operations may take.
    pub fn timeout_config(mut self, timeout_config: TimeoutConfig) -> Self {
        self.inner.timeout_config = Some(timeout_config);
        self
    }

    /// Sets or clears the timeout configuration.
    pub fn set_timeout_config(&mut self, timeout_config: Option<TimeoutConfig>) -> &mut Self {
        self.inner.timeout_config = timeout_config;
        self
    }

    /// Sets the behavior version.
    pub fn behavior_version(mut self, behavior_version: BehaviorVersion) -> Self {
        self.inner.behavior_version = Some(behavior_version);
        self
    }

    /// Sets or clears the behavior version.
    pub fn set_behavior_version(&mut self, behavior_version: Option<BehaviorVersion>) -> &mut Self {
        self.inner.behavior_version = behavior_version;
        self
    }

    /// Builds the configuration.
    pub fn build(self) -> Config {
        self.inner
    }
}
