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
