//! The `smithy.api` prelude shapes every model may target.

use crate::model::{Member, Shape, ShapeId, ShapeKind};
use serde_json::json;

pub(crate) fn shapes() -> Vec<Shape> {
    use ShapeKind::*;
    let mut out = Vec::new();
    let simple = [
        ("String", String),
        ("Blob", Blob),
        ("BigInteger", BigInteger),
        ("BigDecimal", BigDecimal),
        ("Timestamp", Timestamp),
        ("Document", Document),
        ("Boolean", Boolean),
        ("Byte", Byte),
        ("Short", Short),
        ("Integer", Integer),
        ("Long", Long),
        ("Float", Float),
        ("Double", Double),
    ];
    for (name, kind) in simple {
        out.push(Shape::new(ShapeId::new("smithy.api", name), kind));
    }
    let primitives = [
        ("PrimitiveBoolean", Boolean, json!(false)),
        ("PrimitiveByte", Byte, json!(0)),
        ("PrimitiveShort", Short, json!(0)),
        ("PrimitiveInteger", Integer, json!(0)),
        ("PrimitiveLong", Long, json!(0)),
        ("PrimitiveFloat", Float, json!(0)),
        ("PrimitiveDouble", Double, json!(0)),
    ];
    for (name, kind, default) in primitives {
        let mut shape = Shape::new(ShapeId::new("smithy.api", name), kind);
        shape.traits.insert(crate::model::traits::DEFAULT.into(), default);
        out.push(shape);
    }
    let mut unit = Shape::new(ShapeId::new("smithy.api", "Unit"), Structure);
    unit.traits.insert(crate::model::traits::UNIT_TYPE.into(), json!({}));
    out.push(unit);
    out.extend(validation_framework());
    out
}

/// `smithy.framework#ValidationException`, the error Smithy's validation model defines for
/// servers that reject constraint violations; models (the protocol tests among them) name
/// it without defining it.
fn validation_framework() -> Vec<Shape> {
    let id = |name: &str| ShapeId::new("smithy.framework", name);
    let member = |name: &str, target: ShapeId, required: bool| {
        let mut traits = crate::model::Traits::new();
        if required {
            traits.insert(crate::model::traits::REQUIRED.into(), json!({}));
        }
        Member { name: name.into(), target, traits }
    };
    let string = ShapeId::new("smithy.api", "String");
    let mut exception = Shape::new(id("ValidationException"), ShapeKind::Structure);
    exception.traits.insert(crate::model::traits::ERROR.into(), json!("client"));
    exception.members = vec![member("message", string.clone(), true), member("fieldList", id("ValidationExceptionFieldList"), false)];
    let mut field = Shape::new(id("ValidationExceptionField"), ShapeKind::Structure);
    field.members = vec![member("path", string.clone(), true), member("message", string, true)];
    let mut list = Shape::new(id("ValidationExceptionFieldList"), ShapeKind::List);
    list.members = vec![member("member", id("ValidationExceptionField"), false)];
    vec![exception, field, list]
}

pub(crate) const UNIT: &str = "smithy.api#Unit";

/// The prelude's traits (`smithy.api#name`) and the shape type of each: the IDL resolves
/// `@name` against them, and an omitted trait value is `{}`, `[]` or `null` by that type.
/// They are not shapes of the model: a model that loads the prelude's own definitions
/// (as the specification's `prelude.smithy`) adds them itself.
pub(crate) fn traits() -> impl Iterator<Item = (ShapeId, ShapeKind)> {
    use ShapeKind::*;
    const TRAITS: &[(&str, ShapeKind)] = &[
        ("trait", Structure),
        ("deprecated", Structure),
        ("box", Structure),
        ("documentation", String),
        ("externalDocumentation", Map),
        ("auth", List),
        ("protocolDefinition", Structure),
        ("authDefinition", Structure),
        ("httpBasicAuth", Structure),
        ("httpDigestAuth", Structure),
        ("httpBearerAuth", Structure),
        ("httpApiKeyAuth", Structure),
        ("traitValidators", Map),
        ("metadata", Structure),
        ("default", Document),
        ("addedDefault", Structure),
        ("clientOptional", Structure),
        ("optionalAuth", Structure),
        ("examples", List),
        ("error", Enum),
        ("retryable", Structure),
        ("readonly", Structure),
        ("idempotent", Structure),
        ("idempotencyToken", Structure),
        ("internal", Structure),
        ("jsonName", String),
        ("xmlAttribute", Structure),
        ("xmlFlattened", Structure),
        ("xmlName", String),
        ("xmlNamespace", Structure),
        ("noReplace", Structure),
        ("mediaType", String),
        ("references", List),
        ("resourceIdentifier", String),
        ("private", Structure),
        ("sensitive", Structure),
        ("since", String),
        ("streaming", Structure),
        ("requiresLength", Structure),
        ("longPoll", Structure),
        ("tags", List),
        ("title", String),
        ("enum", List),
        ("enumValue", Document),
        ("length", Structure),
        ("range", Structure),
        ("pattern", String),
        ("required", Structure),
        ("property", Structure),
        ("notProperty", Structure),
        ("nestedProperties", Structure),
        ("recommended", Structure),
        ("sparse", Structure),
        ("uniqueItems", Structure),
        ("unstable", Structure),
        ("paginated", Structure),
        ("http", Structure),
        ("httpLabel", Structure),
        ("httpQuery", String),
        ("httpQueryParams", Structure),
        ("httpHeader", String),
        ("httpPrefixHeaders", String),
        ("httpPayload", Structure),
        ("httpError", Integer),
        ("httpResponseCode", Structure),
        ("cors", Structure),
        ("eventPayload", Structure),
        ("eventHeader", Structure),
        ("idRef", Structure),
        ("timestampFormat", Enum),
        ("endpoint", Structure),
        ("hostLabel", Structure),
        ("suppress", List),
        ("httpChecksumRequired", Structure),
        ("input", Structure),
        ("output", Structure),
        ("unitType", Structure),
        ("mixin", Structure),
        ("requestCompression", Structure),
    ];
    TRAITS.iter().map(|(name, kind)| (ShapeId::new("smithy.api", name), *kind))
}
