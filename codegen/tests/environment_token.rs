//! Bedrock's services take a bearer token from the environment through `SdkConfig`
//! (`AWS_BEARER_TOKEN_BEDROCK`), as their aws-sdk-* crates do: a customization keyed on the
//! SigV4 signing name, for services that have `@httpBearerAuth`.

fn config_rs(signing_name: &str, bearer: bool) -> String {
    let auth = if bearer { "@smithy.api#httpBearerAuth\n@smithy.api#auth([aws.auth#sigv4, smithy.api#httpBearerAuth])\n" } else { "" };
    let model = format!(
        r#"$version: "2.0"
namespace ex
@aws.protocols#restJson1
@aws.auth#sigv4(name: "{signing_name}")
{auth}service Svc {{ version: "1", operations: [Op] }}
@http(method: "POST", uri: "/op")
operation Op {{ input := {{ name: String }}, output := {{ name: String }} }}
"#
    );
    let model = codegen::load::from_idl_str(&model, "models/environment_token.smithy").unwrap_or_else(|e| panic!("{e}"));
    let service = codegen::normalize::normalize(&model).unwrap_or_else(|e| panic!("{e}"));
    let files = codegen::emit::emit(&service).unwrap_or_else(|e| panic!("{e}"));
    files["src/config.rs"].clone()
}

#[test]
fn bedrock_services_with_bearer_auth_look_for_the_environment_token() {
    assert!(config_rs("bedrock", true).contains(r#"bearer_token_env: Some("bedrock")"#));
    // Without bearer auth there is no token to take; other services do not look for one.
    assert!(config_rs("bedrock", false).contains("bearer_token_env: None"));
    assert!(config_rs("codecatalyst", true).contains("bearer_token_env: None"));
}
