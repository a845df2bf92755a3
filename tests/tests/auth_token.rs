//! RDS IAM database authentication tokens equal aws-sdk-rds's for the same inputs,
//! credentials and time.

use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use aws_smithy_async::time::StaticTimeSource;
use aws_types::region::Region;
use std::time::{Duration, UNIX_EPOCH};

fn sdk_config(session_token: Option<&str>, region: Option<&str>) -> SdkConfig {
    let credentials =
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", session_token.map(str::to_owned), None, "test");
    let mut builder = SdkConfig::builder()
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(credentials))
        .time_source(StaticTimeSource::new(UNIX_EPOCH + Duration::from_secs(1_724_709_600)));
    if let Some(region) = region {
        builder = builder.region(Region::new(region.to_owned()));
    }
    builder.build()
}

async fn both(config: &SdkConfig, host: &str, port: u64, user: &str, region: Option<&str>, expires: Option<u64>) -> (String, String) {
    let mut ours = sdk_rds::auth_token::Config::builder().hostname(host).port(port).username(user);
    let mut theirs = aws_sdk_rds::auth_token::Config::builder().hostname(host).port(port).username(user);
    if let Some(region) = region {
        ours = ours.region(Region::new(region.to_owned()));
        theirs = theirs.region(Region::new(region.to_owned()));
    }
    if let Some(expires) = expires {
        ours = ours.expires_in(expires);
        theirs = theirs.expires_in(expires);
    }
    let ours = sdk_rds::auth_token::AuthTokenGenerator::new(ours.build().unwrap()).auth_token(config).await.unwrap();
    let theirs = aws_sdk_rds::auth_token::AuthTokenGenerator::new(theirs.build().unwrap()).auth_token(config).await.unwrap();
    (ours.to_string(), theirs.to_string())
}

/// One token request: session token, SdkConfig region, host, port, user, generator region, expiry.
struct Case(Option<&'static str>, Option<&'static str>, &'static str, u64, &'static str, Option<&'static str>, Option<u64>);

#[tokio::test]
async fn tokens_equal_the_reference() {
    let cases = [
        Case(None, Some("us-east-1"), "prod-instance.us-east-1.rds.amazonaws.com", 3306, "peccy", None, None),
        Case(None, None, "db.eu.rds.amazonaws.com", 5432, "app_user", Some("eu-west-1"), Some(300)),
        Case(Some("FQoGZXIvYXdzE+session/token=="), Some("ap-south-1"), "10.0.0.7", 3306, "admin", None, Some(5000)),
        Case(None, None, "db.example.com", 1433, "user@example.com", None, None),
    ];
    for Case(session, sdk_region, host, port, user, region, expires) in cases {
        let config = sdk_config(session, sdk_region);
        let (ours, theirs) = both(&config, host, port, user, region, expires).await;
        assert_eq!(ours, theirs, "{host} {user}");
        assert!(ours.starts_with(&format!("{host}:{port}/?Action=connect&DBUser=")), "{ours}");
    }
}

#[tokio::test]
async fn the_documented_token() {
    // The example from aws-sdk-rds's own test, which pins the signature.
    let config = sdk_config(None, None);
    let (ours, _) = both(&config, "prod-instance.us-east-1.rds.amazonaws.com", 3306, "peccy", Some("us-east-1"), None).await;
    let mut config = config.into_builder();
    config.set_credentials_provider(Some(aws_credential_types::provider::SharedCredentialsProvider::new(Credentials::new(
        "akid", "secret", None, None, "t",
    ))));
    let (ours_akid, _) = both(&config.build(), "prod-instance.us-east-1.rds.amazonaws.com", 3306, "peccy", Some("us-east-1"), None).await;
    assert_ne!(ours, ours_akid);
    assert_eq!(ours_akid, "prod-instance.us-east-1.rds.amazonaws.com:3306/?Action=connect&DBUser=peccy&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=akid%2F20240826%2Fus-east-1%2Frds-db%2Faws4_request&X-Amz-Date=20240826T220000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=dd0cba843009474347af724090233265628ace491ea17ce3eb3da098b983ad89");
}

#[tokio::test]
async fn missing_settings_are_named() {
    let err = sdk_rds::auth_token::Config::builder().hostname("h").port(1).build().unwrap_err();
    assert_eq!(err.to_string(), "a username is required");
    let no_credentials = SdkConfig::builder().time_source(StaticTimeSource::new(UNIX_EPOCH)).build();
    let generator = sdk_rds::auth_token::AuthTokenGenerator::new(
        sdk_rds::auth_token::Config::builder().hostname("h").port(1).username("u").build().unwrap(),
    );
    let err = generator.auth_token(&no_credentials).await.unwrap_err();
    assert!(err.to_string().contains("credentials are required"), "{err}");
    let token = generator.auth_token(&sdk_config(None, None)).await.unwrap();
    assert!(!format!("{token:?}").contains("Signature"), "Debug must not show the token");
}
