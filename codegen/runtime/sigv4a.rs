//! SigV4a (ECDSA P-256, valid in a set of regions) for crates whose endpoints may ask for
//! it, as S3's multi-region access points do: aws-sigv4 with its `sigv4a` feature, which
//! only these crates enable. The pipeline reaches it through `ServiceMeta::sigv4a`.

use aws_sigv4::http_request::{SigningParams, SigningSettings};
use aws_sigv4::sign::v4a;
use aws_smithy_runtime_api::client::identity::Identity;
use std::time::SystemTime;

/// The SigV4a parameters of a request signed by `identity` for `region_set` (`*`, or
/// regions separated by commas) and the signing name `name`.
pub(crate) fn params<'a>(
    identity: &'a Identity,
    region_set: &'a str,
    name: &'a str,
    settings: SigningSettings,
    time: SystemTime,
) -> Result<SigningParams<'a>, String> {
    let params = v4a::SigningParams::builder()
        .identity(identity)
        .region_set(region_set)
        .name(name)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(params.into())
}

#[cfg(test)]
mod tests {
    use aws_credential_types::Credentials;
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    use aws_smithy_runtime_api::client::identity::Identity;
    use std::time::{Duration, SystemTime};

    #[test]
    fn signs_with_the_ecdsa_algorithm_for_the_region_set() {
        let identity = Identity::from(Credentials::new("AKID", "SECRET", None, None, "test"));
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let params = super::params(&identity, "*", "s3", SigningSettings::default(), time).expect("parameters");
        let request = SignableRequest::new(
            "GET",
            "https://mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com/key",
            std::iter::empty(),
            SignableBody::Bytes(b""),
        )
        .expect("a signable request");
        let (instructions, signature) = sign(request, &params).expect("signed").into_parts();
        let (headers, _) = instructions.into_parts();
        let header = |name: &str| headers.iter().find(|h| h.name() == name).map(|h| h.value().to_owned());
        assert_eq!(header("x-amz-region-set").as_deref(), Some("*"));
        let authorization = header("authorization").expect("an authorization header");
        assert!(
            authorization.starts_with("AWS4-ECDSA-P256-SHA256 Credential=AKID/20231114/s3/aws4_request, SignedHeaders="),
            "{authorization}"
        );
        assert!(authorization.contains("x-amz-region-set"), "the region set is signed: {authorization}");
        assert!(authorization.ends_with(&signature), "{authorization}");
        // A DER-encoded ECDSA signature, in hex.
        assert!(signature.len() > 130 && signature.starts_with("30"), "{signature}");
    }
}
