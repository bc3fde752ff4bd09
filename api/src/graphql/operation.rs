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
