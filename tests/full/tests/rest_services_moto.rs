//! Crates generated from the official restJson1 models against moto: Lambda, API Gateway
//! and Polly, each through a realistic flow.

use full_sdk_tests::moto_client as client;
use full_sdk_tests::zip;

#[tokio::test]
async fn lambda_functions_created_invoked_listed_and_missing() {
    use sdk_lambda::primitives::Blob;
    use sdk_lambda::types::{FunctionCode, Runtime};
    let iam = client!(sdk_iam);
    let role = iam
        .create_role()
        .role_name("exporter-role")
        .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[]}"#)
        .send()
        .await
        .expect("role");
    let role_arn = role.role().expect("a role").arn().to_owned();
    let client = client!(sdk_lambda);
    let package = zip("index.py", b"def handler(event, context):\n    return event\n");
    let mut names = Vec::new();
    for i in 0..5 {
        let name = format!("exporter-{i}");
        let created = client
            .create_function()
            .function_name(&name)
            .runtime(Runtime::Python312)
            .role(&role_arn)
            .handler("index.handler")
            .code(FunctionCode::builder().zip_file(Blob::new(package.clone())).build())
            .send()
            .await
            .expect("created");
        assert_eq!(created.function_name(), Some(name.as_str()));
        assert_eq!(created.code_size(), package.len() as i64);
        names.push(name);
    }

    // moto's simple Lambda backend answers with the event it was given.
    let invoked =
        client.invoke().function_name("exporter-0").payload(Blob::new(&br#"{"snapshot":"db-1"}"#[..])).send().await.expect("invoked");
    assert_eq!(invoked.status_code(), 200);
    assert_eq!(invoked.function_error(), None);
    assert_eq!(invoked.payload().map(|p| p.as_ref()), Some(&br#"{"snapshot":"db-1"}"#[..]));

    let pages = client.list_functions().max_items(2).into_paginator().send().try_collect().await.expect("pages");
    let mut listed: Vec<String> = pages.iter().flat_map(|p| p.functions()).filter_map(|f| f.function_name().map(str::to_owned)).collect();
    listed.sort();
    assert_eq!(listed, names, "every function, over {} pages", pages.len());

    let function = client.get_function().function_name("exporter-1").send().await.expect("read back");
    assert_eq!(function.configuration().and_then(|c| c.handler()), Some("index.handler"));

    let error = client.get_function().function_name("missing").send().await.expect_err("no such function").into_service_error();
    assert!(error.is_resource_not_found_exception(), "{error:?}");
}

#[tokio::test]
async fn api_gateway_apis_and_resources() {
    let client = client!(sdk_api_gateway);
    let api = client.create_rest_api().name("orders").description("the orders API").send().await.expect("created");
    let api_id = api.id().expect("an id").to_owned();
    assert_eq!(api.name(), Some("orders"));
    let resources = client.get_resources().rest_api_id(&api_id).send().await.expect("resources");
    let root = resources.items().iter().find(|r| r.path() == Some("/")).expect("the root resource");
    let orders = client
        .create_resource()
        .rest_api_id(&api_id)
        .parent_id(root.id().expect("an id"))
        .path_part("orders")
        .send()
        .await
        .expect("created");
    assert_eq!(orders.path(), Some("/orders"));
    let item = client
        .create_resource()
        .rest_api_id(&api_id)
        .parent_id(orders.id().expect("an id"))
        .path_part("{orderId}")
        .send()
        .await
        .expect("created");
    assert_eq!(item.path(), Some("/orders/{orderId}"));
    for name in ["billing", "shipping"] {
        client.create_rest_api().name(name).send().await.expect("created");
    }
    let pages = client.get_rest_apis().limit(2).into_paginator().send().try_collect().await.expect("pages");
    let names: Vec<&str> = pages.iter().flat_map(|p| p.items()).filter_map(|a| a.name()).collect();
    for name in ["orders", "billing", "shipping"] {
        assert!(names.contains(&name), "{name} is listed: {names:?}");
    }
    let error = client.get_rest_api().rest_api_id("missing").send().await.expect_err("no such API").into_service_error();
    assert!(error.is_not_found_exception(), "{error:?}");
}

#[tokio::test]
async fn polly_speech_read_as_a_stream() {
    use sdk_polly::types::{OutputFormat, VoiceId};
    let client = client!(sdk_polly);
    let output =
        client.synthesize_speech().output_format(OutputFormat::Mp3).text("Export complete.").voice_id(VoiceId::Joanna).send().await;
    let output = output.expect("synthesized");
    assert_eq!(output.content_type(), Some("audio/mpeg"));
    let audio = output.audio_stream.collect().await.expect("the stream reads").into_bytes();
    assert!(!audio.is_empty(), "some audio");
}
