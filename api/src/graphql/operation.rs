//! Which operation of a document runs, chosen exactly as async-graphql's execution chooses it,
//! and its root fields: for refusing mutations over GET and for metric labels.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::Positioned;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, FragmentDefinition, OperationDefinition, Selection,
    SelectionSet,
};
use async_graphql::{Name, parser};

/// The operation execution would run: the one named `operation_name`, else the only one.
/// `None` when execution would refuse the request instead (unknown name, or several
/// operations and no name).
pub fn selected<'a>(
    document: &'a ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<&'a Positioned<OperationDefinition>> {
    match (&document.operations, operation_name) {
        // Execution refuses a name that an anonymous single operation cannot match.
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Single(operation), None) => Some(operation),
        (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next()
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// The names of the fields `operation` selects at its root, through fragments, in order
/// (each fragment looked into once).
pub fn root_fields<'a>(
    operation: &'a OperationDefinition,
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
) -> Vec<&'a str> {
    fn collect<'a>(
        set: &'a SelectionSet,
        fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
        seen: &mut HashSet<&'a str>,
        names: &mut Vec<&'a str>,
    ) {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => names.push(field.node.name.node.as_str()),
                Selection::InlineFragment(inline) => {
                    collect(&inline.node.selection_set.node, fragments, seen, names);
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    if seen.insert(name)
                        && let Some(fragment) = fragments.get(name)
                    {
                        collect(&fragment.node.selection_set.node, fragments, seen, names);
                    }
                }
            }
        }
    }
    let mut names = Vec::new();
    collect(
        &operation.selection_set.node,
        fragments,
        &mut HashSet::new(),
        &mut names,
    );
    names
}

/// The root fields of the schema's query, mutation and subscription types, plus the
/// introspection fields every schema answers.
pub fn schema_root_fields(sdl: &str) -> HashSet<String> {
    let mut names: HashSet<String> = ["__typename", "__schema", "__type"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let Ok(schema) = parser::parse_schema(sdl) else {
        return names;
    };
    for definition in schema.definitions {
        if let parser::types::TypeSystemDefinition::Type(ty) = definition
            && matches!(
                ty.node.name.node.as_str(),
                "Query" | "Mutation" | "Subscription"
            )
            && let parser::types::TypeKind::Object(object) = &ty.node.kind
        {
            names.extend(object.fields.iter().map(|f| f.node.name.node.to_string()));
        }
    }
    names
}

/// How deep `operation` nests when it asks only about the schema (every root field is
/// `__schema`, `__type` or `__typename`), not counting `ofType`: `None` for any other
/// operation.
///
/// `ofType` follows a type reference one step (`[Item!]!` is three), so the standard
/// introspection query nests nine of them; counted as depth they would need a limit that also
/// lets `fields { type { fields … } }` multiply its answer. Call only on a document that has
/// passed the document limits, which bound its expansion.
pub fn introspection_depth(
    operation: &OperationDefinition,
    fragments: &HashMap<Name, Positioned<FragmentDefinition>>,
) -> Option<usize> {
    fn depth(
        set: &SelectionSet,
        fragments: &HashMap<Name, Positioned<FragmentDefinition>>,
        budget: usize,
    ) -> usize {
        // Expansion is bounded already; the budget only guards against a cycle.
        let Some(budget) = budget.checked_sub(1) else {
            return usize::MAX;
        };
        set.items
            .iter()
            .map(|selection| match &selection.node {
                Selection::Field(field) => {
                    let own = usize::from(field.node.name.node != "ofType");
                    own.saturating_add(depth(&field.node.selection_set.node, fragments, budget))
                }
                Selection::InlineFragment(inline) => {
                    depth(&inline.node.selection_set.node, fragments, budget)
                }
                Selection::FragmentSpread(spread) => fragments
                    .get(spread.node.fragment_name.node.as_str())
                    .map_or(0, |f| depth(&f.node.selection_set.node, fragments, budget)),
            })
            .max()
            .unwrap_or(0)
    }
    let roots = root_fields(operation, fragments);
    let only_schema = operation.ty == async_graphql::parser::types::OperationType::Query
        && !roots.is_empty()
        && roots.iter().all(|name| name.starts_with("__"));
    only_schema.then(|| depth(&operation.selection_set.node, fragments, 256))
}
