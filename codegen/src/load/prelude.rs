//! The `smithy.api` prelude shapes every model may target.

use crate::model::{Shape, ShapeId, ShapeKind};
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
    out
}

pub(crate) const UNIT: &str = "smithy.api#Unit";
