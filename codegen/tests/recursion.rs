//! Recursive shapes are boxed as smithy-rs boxes them, so that the types match aws-sdk-*'s:
//! one member per cycle without a list or map in it, the one whose id sorts first.

fn normalize(model: &str) -> codegen::normalize::Service {
    let model = codegen::load::from_idl_str(model, "models/recursion.smithy").unwrap_or_else(|e| panic!("{e}"));
    codegen::normalize::normalize(&model).unwrap_or_else(|e| panic!("{e}"))
}

const MODEL: &str = r#"$version: "2.0"
namespace ex
@aws.protocols#awsJson1_0
@aws.auth#sigv4(name: "ex")
service Svc { version: "1", operations: [Op] }
operation Op { input := { message: Message, tree: Tree, node: Node }, output := { message: Message } }
// A union and a structure that hold each other (as IoT FleetWise's StructuredMessage).
union Message { text: String, list: MessageList }
structure MessageList { member: Message, name: String }
// A structure that holds itself.
structure Tree { left: Tree, label: String }
// A cycle through a list needs no box.
structure Node { children: Nodes }
list Nodes { member: Node }
"#;

/// `(shape, member)` of every boxed member.
fn boxed(service: &codegen::normalize::Service) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = service
        .structures
        .iter()
        .chain(&service.unions)
        .flat_map(|s| s.fields.iter().filter(|f| f.boxed).map(move |f| (s.shape_name.clone(), f.member_name.clone())))
        .collect();
    out.sort();
    out
}

#[test]
fn one_member_per_cycle_is_boxed_the_first_by_id() {
    let service = normalize(MODEL);
    // `ex#Message$list` sorts before `ex#MessageList$member` (`$` before `L`).
    assert_eq!(boxed(&service), [("Message".to_owned(), "list".to_owned()), ("Tree".to_owned(), "left".to_owned())]);
}

#[test]
fn a_structure_s_boxed_union_member_is_read_whole() {
    // Renamed so that the structure's member sorts first: it is boxed, not the union's.
    let model = MODEL.replace("MessageList", "AMessageList");
    let service = normalize(&model);
    assert_eq!(boxed(&service), [("AMessageList".to_owned(), "member".to_owned()), ("Tree".to_owned(), "left".to_owned())]);
    let files = codegen::emit::emit(&service).unwrap_or_else(|e| panic!("{e}"));
    let text = &files["src/types/_a_message_list.rs"];
    assert!(text.contains("merge_boxed(&mut self.member"), "{text}");
}
