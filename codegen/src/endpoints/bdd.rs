//! A rule set compiled into a binary decision diagram, the form the runtime walks.
//!
//! The rules are an ordered decision list (trees flattened into it: a tree's conditions
//! prefix each of its rules, and a tree that none of its rules matches is an error of its
//! own). The same condition appears in many rules (S3's rules test `UseFIPS` in dozens of
//! them), so walking the list re-tests it again and again. Here each distinct condition
//! becomes one variable, and the list becomes a diagram whose nodes test a condition and
//! go one way or the other: on any path, a condition is tested at most once.
//!
//! The construction expands on the first undecided condition of the first rule still in
//! play, which keeps each rule's own order (a condition that reads a variable comes after
//! the one that assigns it). Identical sub-problems (the same rules with the same
//! conditions left) are built once, and identical nodes are shared. A variable's slot is
//! given by its defining expression ([`super::Parser`]), so a condition tested on one path
//! leaves the same value in its slot as on any other.

use super::{EndpointDef, Expr, Function, Rule, Then};
use std::collections::HashMap;

/// A distinct condition: what it evaluates, and the slot it assigns.
#[derive(Debug)]
pub struct Condition<'r> {
    pub expr: &'r Expr,
    pub assign: Option<usize>,
}

/// What a path ends in.
#[derive(Debug)]
pub enum Outcome<'r> {
    Endpoint(&'r EndpointDef),
    Error(&'r Expr),
    /// No rule matched (or none of a matching tree's rules did).
    NoMatch,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ref {
    Node(usize),
    Outcome(usize),
}

/// Test `condition`; go to `high` when it holds, to `low` when not.
#[derive(Debug)]
pub struct Node {
    pub condition: usize,
    pub high: Ref,
    pub low: Ref,
}

#[derive(Debug)]
pub struct Bdd<'r> {
    pub conditions: Vec<Condition<'r>>,
    pub outcomes: Vec<Outcome<'r>>,
    pub nodes: Vec<Node>,
    pub root: Ref,
}

/// A flattened rule: the conditions it needs, each with the answer it needs, in order.
struct Leaf {
    needs: Vec<(u32, bool)>,
    outcome: usize,
}

struct Compiler<'r> {
    conditions: Vec<Condition<'r>>,
    keys: HashMap<String, u32>,
    outcomes: Vec<Outcome<'r>>,
    leaves: Vec<Leaf>,
    nodes: Vec<Node>,
    unique: HashMap<(usize, Ref, Ref), Ref>,
    memo: HashMap<Vec<u32>, Ref>,
    /// Set when the sub-problems outgrow [`MAX_SUBPROBLEMS`].
    too_large: bool,
}

/// Far above what any AWS rule set needs (S3's, the largest, compiles in milliseconds to
/// 963 nodes): a bound so that a pathological rule set ends in an error rather than in a
/// generator that never ends.
const MAX_SUBPROBLEMS: usize = 1_000_000;

/// A rule still in play: its leaf, and the needs not yet decided.
type Live = Vec<(u32, Vec<(u32, bool)>)>;

pub fn compile(rules: &[Rule]) -> Result<Bdd<'_>, String> {
    let mut c = Compiler {
        conditions: Vec::new(),
        keys: HashMap::new(),
        outcomes: vec![Outcome::NoMatch],
        leaves: Vec::new(),
        nodes: Vec::new(),
        unique: HashMap::new(),
        memo: HashMap::new(),
        too_large: false,
    };
    c.flatten(rules, &[]);
    c.leaves.push(Leaf { needs: Vec::new(), outcome: 0 });
    let live: Live = c.leaves.iter().enumerate().map(|(i, leaf)| (i as u32, leaf.needs.clone())).collect();
    let root = c.build(live);
    if c.too_large {
        return Err(format!(
            "the endpoint rules do not compile into a decision diagram of a reasonable size (over {MAX_SUBPROBLEMS} sub-problems)"
        ));
    }
    Ok(Bdd { conditions: c.conditions, outcomes: c.outcomes, nodes: c.nodes, root })
}

/// Functions whose value is always a boolean: `not` of one is the complement of its test.
fn is_boolean(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::Call(
            Function::IsSet
                | Function::Not
                | Function::StringEquals
                | Function::BooleanEquals
                | Function::IsValidHostLabel
                | Function::AwsIsVirtualHostableS3Bucket,
            _
        )
    )
}

impl<'r> Compiler<'r> {
    fn flatten(&mut self, rules: &'r [Rule], prefix: &[(u32, bool)]) {
        for rule in rules {
            let mut needs = prefix.to_vec();
            for condition in &rule.conditions {
                let need = self.need(&condition.expr, condition.assign);
                if !needs.contains(&need) {
                    needs.push(need);
                }
            }
            match &rule.then {
                Then::Tree(children) => {
                    self.flatten(children, &needs);
                    // A tree whose conditions hold is terminal.
                    self.leaves.push(Leaf { needs, outcome: 0 });
                }
                Then::Endpoint(endpoint) => {
                    self.outcomes.push(Outcome::Endpoint(endpoint));
                    self.leaves.push(Leaf { needs, outcome: self.outcomes.len() - 1 });
                }
                Then::Error(message) => {
                    self.outcomes.push(Outcome::Error(message));
                    self.leaves.push(Leaf { needs, outcome: self.outcomes.len() - 1 });
                }
            }
        }
    }

    /// The condition a rule's condition tests, and the answer the rule needs: `not(x)` of a
    /// boolean `x` needs `x` false.
    fn need(&mut self, expr: &'r Expr, assign: Option<usize>) -> (u32, bool) {
        if let (Expr::Call(Function::Not, args), None) = (expr, assign) {
            if let [inner] = args.as_slice() {
                if is_boolean(inner) {
                    let (id, want) = self.need(inner, None);
                    return (id, !want);
                }
            }
        }
        let key = format!("{assign:?} {expr:?}");
        let next = self.conditions.len() as u32;
        let id = *self.keys.entry(key).or_insert(next);
        if id == next {
            self.conditions.push(Condition { expr, assign });
        }
        (id, true)
    }

    /// The diagram of `live`: the first rule decides, on its first undecided condition.
    fn build(&mut self, live: Live) -> Ref {
        let key: Vec<u32> = live
            .iter()
            .flat_map(|(leaf, needs)| std::iter::once(*leaf).chain(needs.iter().map(|(c, want)| c * 2 + *want as u32)).chain([u32::MAX]))
            .collect();
        if let Some(done) = self.memo.get(&key) {
            return *done;
        }
        if self.too_large || self.memo.len() >= MAX_SUBPROBLEMS {
            self.too_large = true;
            return Ref::Outcome(0);
        }
        let (first_leaf, first_needs) = &live[0];
        let result = match first_needs.first() {
            None => Ref::Outcome(self.leaves[*first_leaf as usize].outcome),
            Some(&(condition, _)) => {
                let high = self.build(decide(&live, condition, true));
                let low = self.build(decide(&live, condition, false));
                if high == low {
                    high
                } else {
                    let next = Ref::Node(self.nodes.len());
                    let node = *self.unique.entry((condition as usize, high, low)).or_insert(next);
                    if node == next {
                        self.nodes.push(Node { condition: condition as usize, high, low });
                    }
                    node
                }
            }
        };
        self.memo.insert(key, result);
        result
    }
}

/// The rules left in play once `condition` is known to be `value`: those that needed the
/// other answer drop out, the others no longer need it, and the rules after one that needs
/// nothing more can never be reached.
fn decide(live: &Live, condition: u32, value: bool) -> Live {
    let mut out = Live::with_capacity(live.len());
    for (leaf, needs) in live {
        let mut left = Vec::with_capacity(needs.len());
        let mut dead = false;
        for &(c, want) in needs {
            if c != condition {
                left.push((c, want));
            } else if want != value {
                dead = true;
                break;
            }
        }
        if dead {
            continue;
        }
        let done = left.is_empty();
        out.push((*leaf, left));
        if done {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(json: &str) -> super::super::EndpointRules {
        super::super::parse(&serde_json::from_str(json).expect("JSON"), None).expect("parses")
    }

    /// Walks the diagram with `answers` for the conditions, by their `Debug` text.
    fn walk(bdd: &Bdd, answers: &dyn Fn(&str) -> bool) -> (String, usize) {
        let (mut at, mut tested) = (bdd.root, 0);
        loop {
            match at {
                Ref::Outcome(i) => {
                    let outcome = match &bdd.outcomes[i] {
                        Outcome::Endpoint(e) => format!("{:?}", e.url),
                        Outcome::Error(m) => format!("error {m:?}"),
                        Outcome::NoMatch => "no match".into(),
                    };
                    return (outcome, tested);
                }
                Ref::Node(n) => {
                    let node = &bdd.nodes[n];
                    tested += 1;
                    at = if answers(&format!("{:?}", bdd.conditions[node.condition].expr)) { node.high } else { node.low };
                }
            }
        }
    }

    #[test]
    fn each_condition_is_tested_once_and_first_match_wins() {
        let r = rules(
            r#"{"version":"1.0","parameters":{"A":{"type":"Boolean"},"B":{"type":"Boolean"},"C":{"type":"Boolean"}},
            "rules":[
              {"type":"endpoint","conditions":[{"fn":"isSet","argv":[{"ref":"A"}]},{"fn":"isSet","argv":[{"ref":"B"}]}],"endpoint":{"url":"https://ab"}},
              {"type":"tree","conditions":[{"fn":"isSet","argv":[{"ref":"A"}]}],"rules":[
                {"type":"endpoint","conditions":[{"fn":"isSet","argv":[{"ref":"C"}]}],"endpoint":{"url":"https://ac"}}
              ]},
              {"type":"endpoint","conditions":[{"fn":"not","argv":[{"fn":"isSet","argv":[{"ref":"B"}]}]}],"endpoint":{"url":"https://not-b"}},
              {"type":"error","conditions":[],"error":"last"}
            ]}"#,
        );
        let bdd = compile(&r.rules).expect("compiles");
        assert_eq!(bdd.conditions.len(), 3, "isSet(A), isSet(B) and isSet(C); not(isSet(B)) is isSet(B) false");
        let set = |names: &'static str| move |c: &str| names.chars().any(|n| c.contains(&format!("Ref({})", n as u8 - b'A')));
        for (names, expected) in [
            ("AB", "https://ab"),
            ("ABC", "https://ab"),
            ("AC", "https://ac"),
            ("A", "no match"),
            ("", "https://not-b"),
            ("C", "https://not-b"),
            ("B", "error"),
            ("BC", "error"),
        ] {
            let (outcome, tested) = walk(&bdd, &set(names));
            assert!(outcome.contains(expected), "{names}: {outcome}, not {expected}");
            assert!(tested <= 3, "{names}: a condition tested twice");
        }
    }

    #[test]
    fn not_of_a_value_that_is_not_boolean_is_a_condition_of_its_own() {
        let r = rules(
            r#"{"version":"1.0","parameters":{"E":{"type":"String"}},
            "rules":[
              {"type":"endpoint","conditions":[{"fn":"not","argv":[{"fn":"parseURL","argv":[{"ref":"E"}]}]}],"endpoint":{"url":"https://a"}},
              {"type":"endpoint","conditions":[{"fn":"parseURL","argv":[{"ref":"E"}]}],"endpoint":{"url":"https://b"}}
            ]}"#,
        );
        assert_eq!(compile(&r.rules).expect("compiles").conditions.len(), 2);
    }
}
