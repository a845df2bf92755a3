//! Service customizations: modules a service gets beyond what its model describes, as
//! the AWS SDKs add them (smithy-rs calls these decorators). Each is keyed by the service
//! shape id, so a model of the same service, official or ours, gets it.

use super::Files;
use crate::normalize::Service;

/// A module added to the crate, verbatim but for the crate name in its examples.
struct ExtraModule {
    service: &'static str,
    module: &'static str,
    text: &'static str,
    public: bool,
    /// Added only when the service has this operation.
    needs_operation: Option<&'static str>,
}

const EXTRA_MODULES: &[ExtraModule] = &[
    ExtraModule {
        service: "com.amazonaws.rds#AmazonRDSv19",
        module: "auth_token",
        text: include_str!("../../runtime/customizations/rds_auth_token.rs"),
        public: true,
        needs_operation: None,
    },
    ExtraModule {
        service: "com.amazonaws.s3#AmazonS3",
        module: "extended_request_id",
        text: include_str!("../../runtime/customizations/extended_request_id.rs"),
        public: false,
        needs_operation: None,
    },
    ExtraModule {
        service: "com.amazonaws.s3#AmazonS3",
        module: "s3_express",
        text: include_str!("../../runtime/customizations/s3_express.rs"),
        public: false,
        needs_operation: Some("CreateSession"),
    },
];

/// Endpoint auth schemes signed with session credentials that a customization module
/// obtains: (service, scheme, the module's `SessionAuth` static, its function that obtains
/// them). S3 Express directory buckets ask for `sigv4-s3express`, whose credentials
/// `CreateSession` gives (as aws-sdk-s3 does).
const SESSION_AUTH: &[(&str, &str, &str, &str)] =
    &[("com.amazonaws.s3#AmazonS3", "sigv4-s3express", "crate::s3_express::SESSION_AUTH", "crate::s3_express::create_session")];

/// SigV4 signing names of services whose clients take a bearer token from the environment
/// through `SdkConfig` (`AWS_BEARER_TOKEN_BEDROCK`, else `AWS_BEARER_TOKEN`, as aws-config
/// loads service settings) and then prefer bearer auth, as their aws-sdk-* crates do:
/// Amazon Bedrock's API keys. Only services with `@httpBearerAuth` take it.
const ENVIRONMENT_BEARER_TOKEN: &[&str] = &["bedrock"];

/// The service id under which the service's bearer token is looked up in the environment.
pub(super) fn environment_bearer_token(service: &Service) -> Option<String> {
    let named = ENVIRONMENT_BEARER_TOKEN.contains(&service.signing_name.as_str());
    (named && service.uses_bearer_auth()).then(|| service.signing_name.replace('-', " "))
}

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

/// Whether the service answers with an extended request id (the `extended_request_id`
/// module: S3's `x-amz-id-2`, `RequestIdExt` as in aws-sdk-s3).
pub(super) fn extended_request_id(service: &Service) -> bool {
    EXTRA_MODULES.iter().any(|m| m.module == "extended_request_id" && extra_module_applies(service, m))
}

/// Paginated operations whose output says whether more pages follow, and whose token alone
/// does not: (service, operation, boolean output member). S3's `ListParts` answers a
/// `NextPartNumberMarker` on its last page too; aws-sdk-s3 stops on `IsTruncated`.
const PAGES_FLAGS: &[(&str, &str, &str)] = &[("com.amazonaws.s3#AmazonS3", "ListParts", "IsTruncated")];

pub(super) fn pages_flag(service: &Service, operation: &str) -> Option<&'static str> {
    PAGES_FLAGS.iter().find(|(s, op, _)| *s == service.id.as_str() && *op == operation).map(|(_, _, member)| *member)
}

/// Operations callers may presign (`presigned(PresigningConfig)`), as aws-sdk-* lets them:
/// (service, operations).
const PRESIGNABLE: &[(&str, &[&str])] =
    &[("com.amazonaws.s3#AmazonS3", &["GetObject", "PutObject", "HeadObject", "UploadPart", "DeleteObject"])];

pub(super) fn presignable(service: &Service, operation: &str) -> bool {
    PRESIGNABLE.iter().any(|(s, ops)| *s == service.id.as_str() && ops.contains(&operation))
}

/// Whether some operation of the service may be presigned (the crate then carries
/// `rt/presigning.rs`, the `presigning` module and `http`).
pub(super) fn uses_presigning(service: &Service) -> bool {
    service.operations.iter().any(|op| presignable(service, &op.name))
}

/// Adds the service's extra modules to `files`, declaring them in lib.rs.
pub(super) fn emit(service: &Service, files: &mut Files) -> Result<(), String> {
    let krate = service.crate_name.replace('-', "_");
    for extra in EXTRA_MODULES.iter().filter(|m| extra_module_applies(service, m)) {
        files.insert(format!("src/{}.rs", extra.module), extra.text.replace("CRATE_NAME", &krate));
        let lib = files.get_mut("src/lib.rs").ok_or("lib.rs is emitted first")?;
        let visibility = if extra.public { "pub " } else { "" };
        *lib = lib.replace("pub mod client;\n", &format!("{visibility}mod {};\npub mod client;\n", extra.module));
    }
    if extended_request_id(service) {
        // `RequestIdExt` for every error of the service, from its metadata.
        let errors = service
            .errors
            .iter()
            .map(|e| format!("crate::types::error::{}", e.rust_name))
            .chain(service.operations.iter().map(|op| format!("crate::operation::{}::{}Error", crate::naming::bare(&op.fn_name), op.name)))
            .chain(std::iter::once("crate::Error".to_owned()));
        let list: String = errors.map(|e| format!("    {e},\n")).collect();
        let module = files.get_mut("src/extended_request_id.rs").ok_or("the module is added above")?;
        module.push_str(&format!("\nfrom_metadata!(\n{list});\n"));
    }
    if uses_presigning(service) {
        files.insert(
            "src/presigning.rs".into(),
            "// Code generated by the Smithy Rust generator. DO NOT EDIT.\n//! Presigned requests: what `presigned(…)` on an operation's fluent builder gives.\npub use crate::rt::presigning::{PresignedRequest, PresigningConfig, PresigningConfigBuilder, PresigningConfigError};\n".into(),
        );
        let lib = files.get_mut("src/lib.rs").ok_or("lib.rs is emitted first")?;
        *lib = lib.replace("pub mod primitives;\n", "pub mod presigning;\npub mod primitives;\n");
    }
    Ok(())
}

fn extra_module_applies(service: &Service, module: &ExtraModule) -> bool {
    module.service == service.id.as_str() && module.needs_operation.is_none_or(|name| service.operations.iter().any(|op| op.name == name))
}

/// The `SessionAuth` static of the service's session-credential auth scheme and the
/// function that obtains the credentials, when its endpoints ask for it and its module is added.
pub(super) fn session_auth(service: &Service) -> Option<(&'static str, &'static str)> {
    session_auth_entry(service).map(|(_, _, path, create)| (*path, *create))
}

/// The name of the session-credential auth scheme the service's client signs with.
pub(super) fn session_scheme(service: &Service) -> Option<&'static str> {
    session_auth_entry(service).map(|(_, scheme, _, _)| *scheme)
}

fn session_auth_entry(service: &Service) -> Option<&'static (&'static str, &'static str, &'static str, &'static str)> {
    let entry @ (_, scheme, path, _) = SESSION_AUTH.iter().find(|(id, _, _, _)| *id == service.id.as_str())?;
    let module = path.split("::").nth(1)?;
    let added = EXTRA_MODULES.iter().any(|m| m.module == module && extra_module_applies(service, m));
    let asked = service.endpoint_rules.as_ref().is_some_and(|rules| rules.auth_scheme_names().contains(scheme));
    (added && asked).then_some(entry)
}
