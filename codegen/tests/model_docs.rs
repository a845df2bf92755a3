//! The documentation of every model in `../shared/aws-models`, of every protocol, converted
//! to Markdown: what clippy's doc lints and rustdoc reject must not appear, whether or not
//! the generator can make the model's crate yet.

use codegen::docs::to_markdown;
use std::path::Path;

/// Problems clippy reports in generated docs: a list item's continuation indented past the
/// item's text (`doc_overindented_list_items`), emphasis with space inside its markers.
fn problems(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The column where the current list item's text starts.
    let mut item_text: Option<usize> = None;
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let rest = line.trim_start();
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let marker = if rest.starts_with("- ") {
            Some(2)
        } else if digits > 0 && rest[digits..].starts_with(". ") {
            Some(digits + 2)
        } else {
            None
        };
        match (marker, item_text) {
            (Some(width), _) => item_text = Some(indent + width),
            (None, _) if line.trim().is_empty() => item_text = None,
            (None, Some(text)) if indent > text => out.push(format!("over-indented continuation ({indent} > {text}): {line:?}")),
            _ => {}
        }
        // Code spans hold text as it is; only what is outside them is Markdown.
        let outside: String = line.split('`').step_by(2).collect::<Vec<_>>().join("`CODE`");
        let line = outside.as_str();
        for emphasis in ["**", "*"] {
            let mut open = true;
            let mut at = 0;
            while let Some(found) = line[at..].find(emphasis) {
                let position = at + found;
                // `**` holds `*`: count single stars only where no double star stands.
                let double = emphasis == "*" && (line[position..].starts_with("**") || position > 0 && line[..position].ends_with('*'));
                at = position + emphasis.len();
                if double || line[..position].ends_with('\\') {
                    continue;
                }
                let inside = if open { line[at..].chars().next() } else { line[..position].chars().last() };
                if inside.is_some_and(char::is_whitespace) && rest != "*" {
                    out.push(format!("space inside `{emphasis}`: {line:?}"));
                }
                open = !open;
            }
        }
    }
    out
}

#[test]
fn every_official_models_documentation_converts_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/aws-models");
    let mut models = 0;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("../shared/aws-models") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        models += 1;
        let model: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("JSON");
        let mut docs = Vec::new();
        collect_docs(&model, &mut docs);
        for doc in docs {
            for problem in problems(&to_markdown(doc)) {
                found.push(format!("{}: {problem}", path.file_name().unwrap_or_default().to_string_lossy()));
            }
        }
    }
    assert!(models >= 20, "only {models} models found under {}", dir.display());
    assert!(found.is_empty(), "{} problems, the first: {:#?}", found.len(), &found[..found.len().min(10)]);
}

#[test]
fn the_checker_sees_the_problems_it_looks_for() {
    assert_eq!(problems("- item\n    over-indented").len(), 1);
    assert_eq!(problems("1. item\n   continued\n- b\n  continued").len(), 0);
    assert_eq!(problems("a ** bold** word").len(), 1);
    assert_eq!(problems("a **bold** and *it* word").len(), 0);
}

fn collect_docs<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("smithy.api#documentation", serde_json::Value::String(doc)) => out.push(doc),
                    _ => collect_docs(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_docs(v, out)),
        _ => {}
    }
}
