//! Every rule that turns a model name into a Rust name lives here.

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
    "String", "Some", "None", "Ok", "Err", "Default", "Clone", "Copy", "Send", "Sync", "Debug", "Display", "Error", "Client", "Config",
    "Builder",
];

/// Generic std types a shape may be named like and keep its name, as in aws-sdk-* (RDS's
/// `Option`): the file defining it writes the std type by its full path.
pub const STD_GENERICS: &[(&str, &str)] =
    &[("Option", "::std::option::Option"), ("Result", "::std::result::Result"), ("Vec", "::std::vec::Vec"), ("Box", "::std::boxed::Box")];

/// Method names that generated types already use for themselves.
const RESERVED_METHODS: &[&str] = &["builder", "build", "send", "send_with", "new", "customize", "as_input", "into_paginator", "meta"];

/// The words of a model name, as aws-sdk-* split them for snake_case (fields, methods,
/// modules): at a lowercase letter or digit followed by an uppercase one, at the end of an
/// acronym (`DB|Proxy`, but `ARNs` and `ACLs` stay whole), and at any other character;
/// `IPv4`, `MiB`, `TTL` and the like are whole words.
fn words(name: &str) -> Vec<String> {
    const COMPLETE_WORDS: &[&str] = &["ipv4", "ipv6", "sigv4", "mib", "gib", "kib", "ttl"];
    let chars: Vec<char> = name.chars().collect();
    let all_lowercase = name.to_lowercase() == name;
    let mut out = Vec::new();
    let mut current = String::new();
    let emit = |current: &mut String, out: &mut Vec<String>, next: char| {
        if !current.is_empty() {
            out.push(current.to_lowercase());
        }
        current.clear();
        if next.is_alphanumeric() {
            current.push(next);
        }
    };
    for (index, &next) in chars.iter().enumerate() {
        let peek = chars.get(index + 1).copied();
        let double_peek = chars.get(index + 2).copied();
        let rest: String = chars[index..].iter().collect();
        let ahead = format!("{current}{rest}").to_lowercase();
        let complete_word_in_progress =
            COMPLETE_WORDS.iter().any(|w| ahead.starts_with(w)) && !COMPLETE_WORDS.contains(&current.to_lowercase().as_str());
        let last = current.chars().last();
        // `Abc[D]ef`, `Ab2[D]ef`; `s3[k]ey` in an all-lowercase name; `DB[P]roxy`.
        let lower_then_upper = next.is_uppercase() && last.is_some_and(|l| l.is_lowercase() || l.is_ascii_digit());
        let digit_then_lower = all_lowercase && last.is_some_and(|l| l.is_ascii_digit()) && next.is_lowercase();
        let boundary = !next.is_alphanumeric()
            || !current.is_empty()
                && ((!complete_word_in_progress && (lower_then_upper || digit_then_lower))
                    || end_of_acronym(last, next, peek, double_peek));
        if boundary {
            emit(&mut current, &mut out, next);
        } else {
            current.push(next);
        }
    }
    if !current.is_empty() {
        out.push(current.to_lowercase());
    }
    out
}

/// Whether `next` starts a word after an acronym: `DB[P]roxy`, `IAM[U]ser`, but not
/// `AR[N]s`, `AC[L]s` or `DynamoD[B]v2`.
fn end_of_acronym(last: Option<char>, next: char, peek: Option<char>, double_peek: Option<char>) -> bool {
    if !last.is_some_and(char::is_uppercase) || !next.is_uppercase() || !peek.is_some_and(char::is_lowercase) {
        return false;
    }
    if peek == Some('s') && !double_peek.is_some_and(char::is_lowercase) {
        return false;
    }
    !(peek == Some('v') && double_peek.is_some_and(|c| c.is_ascii_digit()))
}

/// snake_case as aws-sdk-* write fields, methods and modules: [`words`] joined by `_`.
pub fn snake_case(name: &str) -> String {
    words(name).join("_")
}

/// PascalCase as aws-sdk-* write types and variants (Smithy's `CaseUtils`: `_` before an
/// uppercase letter that ends an acronym or follows a lowercase letter or digit, then each
/// part capitalized), which keeps a plural acronym's `s` with its last letter:
/// `DBSubnetGroupDoesNotCoverEnoughAZs` is `DbSubnetGroupDoesNotCoverEnoughAZs`.
pub fn pascal_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    // `([A-Z]+)([A-Z][a-z])` -> `$1_$2`, left to right without overlapping.
    let mut first = Vec::with_capacity(chars.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_uppercase() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_uppercase() {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() >= 2 && chars.get(i).is_some_and(|c| c.is_ascii_lowercase()) {
                first.extend_from_slice(&run[..run.len() - 1]);
                first.push('_');
                first.push(run[run.len() - 1]);
            } else {
                first.extend_from_slice(run);
            }
        } else {
            first.push(chars[i]);
            i += 1;
        }
    }
    // `([a-z\d])([A-Z])` -> `$1_$2`; spaces and hyphens are `_` too.
    let mut snake = String::with_capacity(first.len() + 8);
    for (i, &c) in first.iter().enumerate() {
        if i > 0 && c.is_ascii_uppercase() && (first[i - 1].is_ascii_lowercase() || first[i - 1].is_ascii_digit()) {
            snake.push('_');
        }
        snake.push(if c.is_whitespace() || c == '-' { '_' } else { c });
    }
    let mut out = String::with_capacity(snake.len());
    let mut capitalize = true;
    for c in snake.to_lowercase().chars() {
        if c == '_' {
            capitalize = true;
        } else if capitalize {
            out.extend(c.to_uppercase());
            capitalize = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `DBSnapshotNotFoundFault` -> `DbSnapshotNotFoundFault`.
pub fn type_name(shape_name: &str) -> String {
    let name = pascal_case(shape_name);
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
    let s = snake_case(name);
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
    let mut name = pascal_case(member_name);
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("Value{name}");
    }
    if name == "Unknown" || name == "SelfValue" || name == "Self" {
        name = format!("{name}Value");
    }
    name
}

/// Union member `S` -> `s`, for its `as_s`/`is_s` accessors; a member named like the
/// union's own `Unknown` variant gets `unknown_value` (as its variant is `UnknownValue`), so
/// that `is_unknown()` keeps meaning the variant the client does not know.
pub fn union_accessor(member_name: &str) -> String {
    let name = field_name(member_name);
    if bare(&name) == "unknown" {
        "unknown_value".to_owned()
    } else {
        name
    }
}

/// Shape name -> the name of its schema table, `EXPORT_TASK`; a name the runtime's schema
/// module gives a table of its own (IoT has a structure `Stream`) gets `__SHAPE` after it.
pub fn static_name(shape_name: &str) -> String {
    let name = snake_case(shape_name).to_uppercase();
    match RUNTIME_TABLES.contains(&name.as_str()) {
        true => format!("{name}__SHAPE"),
        false => name,
    }
}

/// The tables of `rt::schema` that schema files import by name.
pub const RUNTIME_TABLES: &[&str] = &["DATE_TIME", "EPOCH_SECONDS", "HTTP_DATE", "SCALAR", "STREAM"];

/// Operation `Converse`, role `Output` -> `CONVERSE__OUTPUT`, the table of the operation's
/// synthetic input or output. The double underscore keeps it apart from a model shape named
/// like it (Bedrock Runtime has a union `ConverseOutput` beside the operation `Converse`).
pub fn operation_table(operation: &str, role: &str) -> String {
    format!("{}__{}", static_name(operation), role.to_uppercase())
}

/// `DbSnapshotNotFoundFault` -> `is_db_snapshot_not_found_fault`.
pub fn predicate_name(variant: &str) -> String {
    format!("is_{}", snake_case(variant))
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
        // Pinpoint and MediaPackage name shapes `__EndpointTypesElement`.
        assert_eq!(type_name("__EndpointTypesElement"), "EndpointTypesElement");
        assert_eq!(type_name("Result"), "Result");
        assert_eq!(type_name("Client"), "ClientValue");
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
    fn acronyms_split_as_the_official_sdks_split_them() {
        assert_eq!(type_name("DBSubnetGroupDoesNotCoverEnoughAZs"), "DbSubnetGroupDoesNotCoverEnoughAZs");
        assert_eq!(type_name("InsufficientAvailableIPsInSubnetFault"), "InsufficientAvailableIPsInSubnetFault");
        assert_eq!(type_name("CustomKeyStoreHasCMKsException"), "CustomKeyStoreHasCmKsException");
        assert_eq!(type_name("S3Destination"), "S3Destination");
        assert_eq!(type_name("IPv6Address"), "IPv6Address");
        assert_eq!(predicate_name("DbSubnetGroupDoesNotCoverEnoughAZs"), "is_db_subnet_group_does_not_cover_enough_azs");
        assert_eq!(field_name("DBProxyTargetGroup"), "db_proxy_target_group");
        assert_eq!(field_name("IAMUserArn"), "iam_user_arn");
        assert_eq!(field_name("Ipv6CidrBlock"), "ipv6_cidr_block");
        assert_eq!(field_name("DynamoDBv2"), "dynamo_dbv2");
        assert_eq!(field_name("ACLs"), "acls");
    }

    #[test]
    fn variants_and_predicates() {
        assert_eq!(variant_name("SNAPSHOT"), "Snapshot");
        assert_eq!(variant_name("UNKNOWN"), "UnknownValue");
        assert_eq!(predicate_name("DbSnapshotNotFoundFault"), "is_db_snapshot_not_found_fault");
        assert_eq!(union_accessor("unknown"), "unknown_value");
        assert_eq!(union_accessor("SS"), "ss");
        let names = ["a", "a", "b", "a"].map(String::from);
        assert_eq!(collisions(&names), [(0, 1), (0, 3)]);
    }
}
