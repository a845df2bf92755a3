//! What differs between protocols, behind one trait. The wire work itself is done by the
//! runtime codecs; a protocol decides the names and codes the schema tables carry.

use crate::model::{traits, Member, Shape};
use heck::ToUpperCamelCase;

pub trait Protocol: Send + Sync {
    /// The protocol trait's id, as the README's feature table names it.
    fn name(&self) -> &'static str;
    /// The key of a member in a form-encoded request.
    fn query_name(&self, member: &Member) -> String;
    /// The element name of a member in an XML document.
    fn xml_name(&self, member: &Member) -> String {
        xml_name(member)
    }
    /// The error code that selects a modeled error.
    fn error_code(&self, shape: &Shape) -> String;
    /// ec2Query's list and error conventions rather than awsQuery's.
    fn is_ec2(&self) -> bool;
}

fn xml_name(member: &Member) -> String {
    member.traits.get(traits::XML_NAME).and_then(|v| v.as_str()).unwrap_or(&member.name).to_owned()
}

pub struct AwsQuery;

impl Protocol for AwsQuery {
    fn name(&self) -> &'static str {
        "awsQuery"
    }
    fn query_name(&self, member: &Member) -> String {
        xml_name(member)
    }
    fn error_code(&self, shape: &Shape) -> String {
        shape
            .traits
            .get(traits::AWS_QUERY_ERROR)
            .and_then(|v| v.get("code"))
            .and_then(|v| v.as_str())
            .unwrap_or(shape.id.name())
            .to_owned()
    }
    fn is_ec2(&self) -> bool {
        false
    }
}

pub struct Ec2Query;

impl Protocol for Ec2Query {
    fn name(&self) -> &'static str {
        "ec2Query"
    }
    fn query_name(&self, member: &Member) -> String {
        if let Some(name) = member.traits.get(traits::EC2_QUERY_NAME).and_then(|v| v.as_str()) {
            return name.to_owned();
        }
        let name = xml_name(member);
        let mut chars = name.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => name.to_upper_camel_case(),
        }
    }
    fn error_code(&self, shape: &Shape) -> String {
        shape.id.name().to_owned()
    }
    fn is_ec2(&self) -> bool {
        true
    }
}

/// The protocol of a service, or an error naming the protocols it declares.
pub fn for_service(service: &Shape) -> Result<Box<dyn Protocol>, String> {
    if service.has_trait(traits::AWS_QUERY) {
        return Ok(Box::new(AwsQuery));
    }
    if service.has_trait(traits::EC2_QUERY) {
        return Ok(Box::new(Ec2Query));
    }
    let declared: Vec<&str> = service
        .traits
        .keys()
        .filter(|k| k.starts_with("aws.protocols#") || k.starts_with("smithy.protocols#"))
        .map(String::as_str)
        .collect();
    if declared.is_empty() {
        Err("the service declares no protocol trait; supported protocols: aws.protocols#awsQuery, aws.protocols#ec2Query".into())
    } else {
        Err(format!(
            "unsupported protocol {}; supported protocols: aws.protocols#awsQuery, aws.protocols#ec2Query",
            declared.join(", ")
        ))
    }
}
