//! What one IDL file says, before its shape ids are resolved.

use crate::model::ShapeKind;
use std::path::PathBuf;

/// A shape id as written, and the byte offset it was written at.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ref {
    pub text: String,
    pub at: usize,
}

/// A node value; unquoted shape ids stay apart from strings until they are resolved.
#[derive(Clone, Debug)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Str(String),
    ShapeId(Ref),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// `@id` or `@id(value)`; `value` is `None` when omitted (its default depends on the trait).
#[derive(Clone, Debug)]
pub(crate) struct TraitApp {
    pub id: Ref,
    pub value: Option<Node>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct MemberDef {
    pub name: String,
    pub at: usize,
    /// `None` for enum members and elided (`$name`) members.
    pub target: Option<Ref>,
    pub traits: Vec<TraitApp>,
    /// `= value`: the default of a structure member, the value of an enum member.
    pub value: Option<Node>,
    pub elided: bool,
}

/// The properties of a service or resource, as the node object written.
#[derive(Clone, Debug, Default)]
pub(crate) enum ShapeBody {
    #[default]
    None,
    Entity(Vec<(String, Node)>),
}

#[derive(Clone, Debug, Default)]
pub(crate) struct ShapeDef {
    pub name: String,
    pub at: usize,
    pub kind: ShapeKind,
    pub traits: Vec<TraitApp>,
    pub mixins: Vec<Ref>,
    pub for_resource: Option<Ref>,
    pub members: Vec<MemberDef>,
    pub body: ShapeBody,
    pub input: Option<Ref>,
    pub output: Option<Ref>,
    pub errors: Vec<Ref>,
}

#[derive(Clone, Debug)]
pub(crate) struct IdlFile {
    pub file: PathBuf,
    /// The file's text, to turn byte offsets into lines and columns.
    pub source: String,
    pub version: Option<String>,
    pub input_suffix: String,
    pub output_suffix: String,
    pub metadata: Vec<(String, Node)>,
    pub namespace: Option<String>,
    pub uses: Vec<Ref>,
    pub shapes: Vec<ShapeDef>,
    pub applies: Vec<(Ref, Vec<TraitApp>)>,
}

impl Default for IdlFile {
    fn default() -> Self {
        Self {
            file: PathBuf::new(),
            source: String::new(),
            version: None,
            input_suffix: "Input".into(),
            output_suffix: "Output".into(),
            metadata: Vec::new(),
            namespace: None,
            uses: Vec::new(),
            shapes: Vec::new(),
            applies: Vec::new(),
        }
    }
}

/// The 1-based line and column (in characters) of byte offset `at` in `text`.
pub(crate) fn line_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
