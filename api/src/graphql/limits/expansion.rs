//! The size and depth of a document with its fragments expanded, found in time linear in the
//! document: each fragment is measured once, however often it is spread. Expanding per spread
//! instead costs 2^n for a chain of fragments that each spread the next one twice.

use std::collections::HashMap;

use async_graphql::parser::Positioned;
use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Pos};

/// A definition's selections with every fragment spread replaced by the fragment's own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expansion {
    /// Fields, fragment spreads and inline fragments, counted as often as they would be
    /// visited: what the validators and the executor walk.
    pub selections: usize,
    /// Nesting, counted as async-graphql's recursion-depth check does (a field with a
    /// selection set, a spread and an inline fragment each add one).
    pub depth: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    UnknownFragment { name: String, pos: Pos },
    FragmentCycle { name: String, pos: Pos },
    TooDeep { limit: usize },
    TooManySelections { limit: usize },
}

/// Refuses `document` when it spreads an undefined fragment, when fragments spread one
/// another in a cycle, or when an operation or a fragment expands to more than
/// `max_selections` selections or deeper than `max_depth`.
///
/// # Errors
/// With the first of those faults found.
pub fn check(
    document: &ExecutableDocument,
    max_selections: usize,
    max_depth: usize,
) -> Result<(), Refusal> {
    let mut walker = Walker {
        fragments: &document.fragments,
        measured: HashMap::new(),
        max_depth,
    };
    let fits = |expansion: Expansion| {
        if expansion.selections > max_selections {
            Err(Refusal::TooManySelections {
                limit: max_selections,
            })
        } else if expansion.depth > max_depth {
            Err(Refusal::TooDeep { limit: max_depth })
        } else {
            Ok(())
        }
    };
    for (_, operation) in document.operations.iter() {
        fits(walker.set(&operation.node.selection_set.node, 0)?)?;
    }
    // Unused fragments too: they must not hide a cycle or a bomb from the later checks.
    for (name, fragment) in &document.fragments {
        fits(walker.fragment(name, fragment.pos, 0)?)?;
    }
    Ok(())
}

enum Measure {
    InProgress,
    Done(Expansion),
}

struct Walker<'a> {
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    measured: HashMap<&'a str, Measure>,
    max_depth: usize,
}

impl<'a> Walker<'a> {
    fn fragment(&mut self, name: &'a str, pos: Pos, level: usize) -> Result<Expansion, Refusal> {
        match self.measured.get(name) {
            Some(Measure::Done(expansion)) => return Ok(*expansion),
            Some(Measure::InProgress) => {
                return Err(Refusal::FragmentCycle {
                    name: name.to_owned(),
                    pos,
                });
            }
            None => {}
        }
        let Some(definition) = self.fragments.get(name) else {
            return Err(Refusal::UnknownFragment {
                name: name.to_owned(),
                pos,
            });
        };
        self.measured.insert(name, Measure::InProgress);
        let expansion = self.set(&definition.node.selection_set.node, level)?;
        self.measured.insert(name, Measure::Done(expansion));
        Ok(expansion)
    }

    /// `level` is how deep this set sits below the definition being measured; past the
    /// limit the whole definition is too deep, which also bounds this recursion.
    fn set(&mut self, set: &'a SelectionSet, level: usize) -> Result<Expansion, Refusal> {
        if level > self.max_depth {
            return Err(Refusal::TooDeep {
                limit: self.max_depth,
            });
        }
        let mut total = Expansion::default();
        for selection in &set.items {
            let inner = match &selection.node {
                Selection::Field(field) if field.node.selection_set.node.items.is_empty() => None,
                Selection::Field(field) => {
                    Some(self.set(&field.node.selection_set.node, level + 1)?)
                }
                Selection::InlineFragment(inline) => {
                    Some(self.set(&inline.node.selection_set.node, level + 1)?)
                }
                Selection::FragmentSpread(spread) => {
                    Some(self.fragment(&spread.node.fragment_name.node, spread.pos, level + 1)?)
                }
            };
            let inner_selections = inner.map_or(0, |e| e.selections);
            total.selections = total
                .selections
                .saturating_add(1)
                .saturating_add(inner_selections);
            if let Some(inner) = inner {
                total.depth = total.depth.max(inner.depth.saturating_add(1));
            }
        }
        Ok(total)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn measure(text: &str) -> Result<(), Refusal> {
        let document = parse_query(text).map_err(|e| Refusal::UnknownFragment {
            name: e.to_string(),
            pos: Pos::default(),
        })?;
        check(&document, 300, 64)
    }

    /// F0 spreads F1 twice, F1 spreads F2 twice, …; `last` ends the chain.
    fn chain(levels: usize, last: &str) -> String {
        let mut text = String::from("query { ...F0 }");
        for i in 0..levels {
            text.push_str(&format!(
                " fragment F{i} on Query {{ ...F{n} ...F{n} }}",
                n = i + 1
            ));
        }
        text.push_str(last);
        text
    }

    #[test]
    fn a_doubling_chain_of_fragments_is_measured_not_expanded() {
        // 2^60 expanded selections: this would not finish if fragments were expanded.
        let defined = chain(60, " fragment F60 on Query { __typename }");
        assert_eq!(
            measure(&defined),
            Err(Refusal::TooManySelections { limit: 300 })
        );
        let undefined = chain(60, "");
        assert!(matches!(
            measure(&undefined),
            Err(Refusal::UnknownFragment { name, .. }) if name == "F60"
        ));
    }

    #[test]
    fn cycles_are_found_even_in_unused_fragments() {
        for text in [
            "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
            "query { __typename } fragment A on Query { a: __typename ...A }",
            "query { __typename } fragment A on Query { ... on Query { ...B } } fragment B on Query { ...A }",
        ] {
            assert!(
                matches!(measure(text), Err(Refusal::FragmentCycle { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn ordinary_documents_pass_and_spreads_count_what_they_expand_to() {
        let text =
            "query { a: __type(name: \"Query\") { ...T } b: __type(name: \"Item\") { ...T } }
                    fragment T on __Type { name kind fields { name } }";
        assert_eq!(measure(text), Ok(()));
        let document = parse_query(text).unwrap();
        let mut walker = Walker {
            fragments: &document.fragments,
            measured: HashMap::new(),
            max_depth: 64,
        };
        let (_, operation) = document.operations.iter().next().unwrap();
        // Two fields, two spreads, and the fragment's four selections twice.
        assert_eq!(
            walker.set(&operation.node.selection_set.node, 0),
            Ok(Expansion {
                selections: 2 + 2 + 2 * 4,
                depth: 3
            })
        );
    }

    #[test]
    fn a_long_single_chain_is_refused_as_too_deep() {
        let mut text = String::from("query { ...F0 }");
        for i in 0..100 {
            text.push_str(&format!(" fragment F{i} on Query {{ ...F{} }}", i + 1));
        }
        text.push_str(" fragment F100 on Query { __typename }");
        assert_eq!(measure(&text), Err(Refusal::TooDeep { limit: 64 }));
    }
}
