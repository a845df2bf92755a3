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
