//! Every rule that turns a model name into a Rust name lives here.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv",
    "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Names generated code uses unqualified, which a type must not shadow.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Some", "None", "Ok", "Err", "Default", "Clone", "Copy", "Send", "Sync", "Debug",
    "Display", "Error", "Client", "Config", "Builder",
];

/// Method names that generated types already use for themselves.
const RESERVED_METHODS: &[&str] = &["builder", "build", "send", "send_with", "new", "customize", "as_input", "into_paginator", "meta"];

/// Splits plural acronyms so `DBInstanceARNs` reads as `DbInstanceArns`, not `DbInstanceArNs`.
fn soften_plural_acronyms(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_uppercase() {
            i += 1;
        }
        let run = i - start;
        let plural_end = i < chars.len()
            && chars[i] == 's'
            && (i + 1 == chars.len() || chars[i + 1].is_ascii_uppercase() || chars[i + 1].is_ascii_digit() || chars[i + 1] == '_');
        if run >= 2 && plural_end {
            out.push(chars[start]);
            out.extend(chars[start + 1..i].iter().map(|c| c.to_ascii_lowercase()));
        } else {
            out.extend(&chars[start..i]);
        }
        if i < chars.len() {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `DBSnapshotNotFoundFault` -> `DbSnapshotNotFoundFault`.
pub fn type_name(shape_name: &str) -> String {
    let name = soften_plural_acronyms(shape_name).to_upper_camel_case();
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Value")
    } else {
        name
    }
}

/// `S3BucketName` -> `s3_bucket_name`; `type` -> `r#type`.
pub fn field_name(member_name: &str) -> String {
    let snake = snake(member_name);
    if RESERVED_METHODS.contains(&snake.as_str()) {
        return format!("{snake}_value");
    }
    escape_keyword(snake)
}

fn snake(name: &str) -> String {
    let s = soften_plural_acronyms(name).to_snake_case();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    }
}

/// A field or method name without any raw-identifier prefix, to build `set_x`, `get_x`, `is_x`.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

fn escape_keyword(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_value")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// Operation `StartExportTask` -> module and method `start_export_task`.
pub fn operation_fn(operation_name: &str) -> String {
    escape_keyword(snake(operation_name))
}

/// Enum member `SNAPSHOT` -> variant `Snapshot`.
pub fn variant_name(member_name: &str) -> String {
    let mut name = soften_plural_acronyms(member_name).to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("Value{name}");
    }
    if name == "Unknown" || name == "SelfValue" || name == "Self" {
        name = format!("{name}Value");
    }
    name
}

/// Shape name -> the name of its schema table, `EXPORT_TASK`.
pub fn static_name(shape_name: &str) -> String {
    soften_plural_acronyms(shape_name).to_shouty_snake_case()
}

/// `DbSnapshotNotFoundFault` -> `is_db_snapshot_not_found_fault`.
pub fn predicate_name(variant: &str) -> String {
    format!("is_{}", variant.to_snake_case())
}

/// The positions of names that repeat an earlier one, each with the earlier one's
/// position: two model names that become the same Rust name.
pub fn collisions(names: &[String]) -> Vec<(usize, usize)> {
    let mut first = std::collections::BTreeMap::new();
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match first.get(name) {
            Some(&earlier) => out.push((earlier, i)),
            None => {
                first.insert(name, i);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_follow_the_official_sdk_casing() {
        assert_eq!(type_name("DBSnapshotNotFoundFault"), "DbSnapshotNotFoundFault");
        assert_eq!(type_name("KMSKeyNotAccessibleFault"), "KmsKeyNotAccessibleFault");
        assert_eq!(type_name("ExportTask"), "ExportTask");
        assert_eq!(type_name("Result"), "ResultValue");
    }

    #[test]
    fn fields_are_snake_case_and_escaped() {
        assert_eq!(field_name("S3BucketName"), "s3_bucket_name");
        assert_eq!(field_name("TotalExtractedDataInGB"), "total_extracted_data_in_gb");
        assert_eq!(field_name("DBInstanceARNs"), "db_instance_arns");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("Self"), "self_value");
        assert_eq!(field_name("Builder"), "builder_value");
        assert_eq!(bare("r#type"), "type");
    }

    #[test]
    fn variants_and_predicates() {
        assert_eq!(variant_name("SNAPSHOT"), "Snapshot");
        assert_eq!(variant_name("UNKNOWN"), "UnknownValue");
        assert_eq!(predicate_name("DbSnapshotNotFoundFault"), "is_db_snapshot_not_found_fault");
        let names = ["a", "a", "b", "a"].map(String::from);
        assert_eq!(collisions(&names), [(0, 1), (0, 3)]);
    }
}
