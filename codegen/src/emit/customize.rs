//! Service customizations: modules a service gets beyond what its model describes, as
//! the AWS SDKs add them (smithy-rs calls these decorators). Each is keyed by the service
//! shape id, so a model of the same service, official or ours, gets it.

use super::Files;
use crate::normalize::Service;

/// A public module added to the crate, verbatim but for the crate name in its examples.
struct ExtraModule {
    service: &'static str,
    module: &'static str,
    text: &'static str,
}

const EXTRA_MODULES: &[ExtraModule] = &[ExtraModule {
    service: "com.amazonaws.rds#AmazonRDSv19",
    module: "auth_token",
    text: include_str!("../../runtime/customizations/rds_auth_token.rs"),
}];

/// Operations whose requests go to the endpoint URL an input member holds, rather than the
/// service's: (service, operation, member).
const ENDPOINT_FROM_INPUT: &[(&str, &str, &str)] = &[
    // Amazon Machine Learning: `Predict` goes to the model's real-time endpoint, which the
    // caller passes in `PredictEndpoint` (as the AWS SDKs do).
    ("com.amazonaws.machinelearning#AmazonML_20141212", "Predict", "PredictEndpoint"),
];

/// Operations sent unsigned, as the AWS SDKs send them, though the model does not say so:
/// (service, operation). STS exchanges a web identity or SAML assertion for credentials,
/// so the caller has none to sign with.
const UNSIGNED: &[(&str, &str)] = &[
    ("com.amazonaws.sts#AWSSecurityTokenServiceV20110615", "AssumeRoleWithWebIdentity"),
    ("com.amazonaws.sts#AWSSecurityTokenServiceV20110615", "AssumeRoleWithSAML"),
];

/// Headers every request of a service carries, as its AWS SDK sends them: (service,
/// header, value); `None` is the service's API version.
const SERVICE_HEADERS: &[(&str, &str, Option<&str>)] = &[
    // API Gateway answers in JSON only when asked to.
    ("com.amazonaws.apigateway#BackplaneControlService", "accept", Some("application/json")),
    // Glacier wants the API version of every request.
    ("com.amazonaws.glacier#Glacier", "x-amz-glacier-version", None),
];

/// URI labels that take a value when the caller leaves them unset or empty: (service,
/// member, value). Glacier's account id `-` is the caller's own account.
const DEFAULTED_LABELS: &[(&str, &str, &str)] = &[("com.amazonaws.glacier#Glacier", "accountId", "-")];

/// URI labels whose value loses the first of these prefixes it starts with: (service, the
/// label member's target, prefixes). Route 53 answers with ids such as
/// `/hostedzone/Z1D633PJN98FT9` and takes them back bare, so aws-sdk-route53 trims the ids
/// callers pass in labels.
const TRIMMED_LABELS: &[(&str, &str, &[&str])] = &[
    ("com.amazonaws.route53#AWSDnsV20130401", "com.amazonaws.route53#ResourceId", ROUTE53_PREFIXES),
    ("com.amazonaws.route53#AWSDnsV20130401", "com.amazonaws.route53#DelegationSetId", ROUTE53_PREFIXES),
    ("com.amazonaws.route53#AWSDnsV20130401", "com.amazonaws.route53#ChangeId", ROUTE53_PREFIXES),
];
const ROUTE53_PREFIXES: &[&str] = &["/hostedzone/", "hostedzone/", "/change/", "change/", "/delegationset/", "delegationset/"];

/// URI labels that the endpoint carries when they start an operation's path: (service,
/// member). S3's endpoint rules put the bucket in the host (virtual-hosted style) or in the
/// endpoint's path (path style), so aws-sdk-s3 leaves `/{Bucket}` out of the path it sends.
const LABELS_IN_ENDPOINT: &[(&str, &str)] = &[("com.amazonaws.s3#AmazonS3", "Bucket")];

/// Services whose endpoint rules place what the operations' `@endpoint` host prefixes
/// would: S3 Control's rules put the account id in the host where it belongs (not for
/// Outposts), so aws-sdk-s3control drops the `{AccountId}.` prefix.
const HOST_PREFIX_IN_ENDPOINT: &[&str] = &["com.amazonaws.s3control#AWSS3ControlServiceV20180820"];

/// Services whose requests SigV4 signs as S3 wants them, as aws-sdk-s3 signs them: the path
/// encoded once and not normalized (object keys such as `a/../b` are names, not paths), and
/// the payload's hash in `x-amz-content-sha256`.
const S3_SIGNING: &[&str] = &["com.amazonaws.s3#AmazonS3"];

/// Services that answer some errors with a 200 and an `<Error>` document (S3's CopyObject,
/// CompleteMultipartUpload, UploadPartCopy), which aws-sdk-s3 reads as those errors.
const ERRORS_IN_OK_BODIES: &[&str] = &["com.amazonaws.s3#AmazonS3"];

/// Error codes a service's AWS SDK retries beside the standard ones: S3's `InternalError`.
const RETRYABLE_CODES: &[(&str, &[&str])] = &[("com.amazonaws.s3#AmazonS3", &["InternalError"])];

/// Operations whose requests carry headers computed from the body: (service, operation,
/// the runtime function that computes them). Glacier checks uploads against their SHA-256
/// and SHA-256 tree hash.
const BODY_DIGESTS: &[(&str, &str, &str)] = &[
    ("com.amazonaws.glacier#Glacier", "UploadArchive", "glacier_hashes"),
    ("com.amazonaws.glacier#Glacier", "UploadMultipartPart", "glacier_hashes"),
];

/// The headers every request of the service carries, with their values.
pub(super) fn service_headers(service: &Service) -> Vec<(&'static str, String)> {
    SERVICE_HEADERS
        .iter()
        .filter(|(s, _, _)| *s == service.id.as_str())
        .map(|(_, name, value)| (*name, value.map_or_else(|| service.version.clone(), str::to_owned)))
        .collect()
}

/// The value a URI label of the operation's input takes when it is unset or empty.
pub(super) fn label_default(service: &Service, member: &str) -> Option<&'static str> {
    DEFAULTED_LABELS.iter().find(|(s, m, _)| *s == service.id.as_str() && *m == member).map(|(_, _, value)| *value)
}

/// The prefixes a URI label whose member targets `target` loses, if it has that customization.
pub(super) fn trimmed_label(service: &Service, target: &str) -> Option<&'static [&'static str]> {
    TRIMMED_LABELS.iter().find(|(s, t, _)| *s == service.id.as_str() && *t == target).map(|(_, _, prefixes)| *prefixes)
}

/// Whether the service answers some errors with a 200 and an `<Error>` document.
pub(super) fn errors_in_ok_bodies(service: &Service) -> bool {
    ERRORS_IN_OK_BODIES.contains(&service.id.as_str())
}

/// The error codes the service's AWS SDK retries beside the standard ones.
pub(super) fn retryable_codes(service: &Service) -> &'static [&'static str] {
    RETRYABLE_CODES.iter().find(|(s, _)| *s == service.id.as_str()).map_or(&[], |(_, codes)| codes)
}

/// Whether the service's requests are signed as S3 wants them.
pub(super) fn s3_signing(service: &Service) -> bool {
    S3_SIGNING.contains(&service.id.as_str())
}

/// Whether the service's endpoint rules stand for its operations' host prefixes.
pub(super) fn host_prefix_in_endpoint(service: &Service) -> bool {
    HOST_PREFIX_IN_ENDPOINT.contains(&service.id.as_str())
}

/// Whether the URI label of `member` goes in the endpoint when it starts the path.
pub(super) fn label_in_endpoint(service: &Service, member: &str) -> bool {
    LABELS_IN_ENDPOINT.iter().any(|(s, m)| *s == service.id.as_str() && *m == member)
}

/// The function in `rt::checksums` that computes the headers of the operation's body.
pub(super) fn body_digests(service: &Service, operation: &str) -> Option<&'static str> {
    BODY_DIGESTS.iter().find(|(s, op, _)| *s == service.id.as_str() && *op == operation).map(|(_, _, f)| *f)
}

/// Whether a customization of the service computes checksums.
pub(super) fn uses_checksums(service: &Service) -> bool {
    BODY_DIGESTS.iter().any(|(s, _, _)| *s == service.id.as_str())
}

/// Whether the operation is sent unsigned by a customization.
pub(super) fn unsigned(service: &Service, operation: &str) -> bool {
    UNSIGNED.iter().any(|(s, op)| *s == service.id.as_str() && *op == operation)
}

/// The input member whose value is the operation's endpoint URL, for operations with that
/// customization.
pub(super) fn endpoint_member(service: &Service, operation: &str) -> Option<&'static str> {
    ENDPOINT_FROM_INPUT.iter().find(|(s, op, _)| *s == service.id.as_str() && *op == operation).map(|(_, _, member)| *member)
}

/// Adds the service's extra modules to `files`, declaring them in lib.rs.
pub(super) fn emit(service: &Service, files: &mut Files) -> Result<(), String> {
    let krate = service.crate_name.replace('-', "_");
    for extra in EXTRA_MODULES.iter().filter(|m| m.service == service.id.as_str()) {
        files.insert(format!("src/{}.rs", extra.module), extra.text.replace("CRATE_NAME", &krate));
        let lib = files.get_mut("src/lib.rs").ok_or("lib.rs is emitted first")?;
        *lib = lib.replace("pub mod client;\n", &format!("pub mod {};\npub mod client;\n", extra.module));
    }
    Ok(())
}
