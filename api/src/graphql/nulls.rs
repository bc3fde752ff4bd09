//! A field that fails is `null` in `data`, as the GraphQL specification has it: async-graphql
//! leaves a failed field out of its object instead (and an object whose fields all failed
//! becomes `null`), which generated client types cannot read. After execution, each error's
//! path gets its `null`, raised to the nearest nullable position when the field is non-null
//! ("null propagation"), up to `data` itself.

use std::collections::HashMap;

use async_graphql::parser::types::{
    BaseType, ExecutableDocument, OperationType, Selection, SelectionSet, Type, TypeKind,
    TypeSystemDefinition,
};
use async_graphql::{Name, PathSegment, Response, Value};

/// The output types of every field of every object and interface, read from the SDL once.
pub struct FieldTypes {
    fields: HashMap<String, HashMap<String, Type>>,
    roots: [Option<String>; 3],
}

impl FieldTypes {
    /// From the schema's SDL. A schema that does not parse gives an empty map, with which every
    /// failed field is set to `null` where it stands.
    pub fn from_sdl(sdl: &str) -> Self {
        let mut types = Self {
            fields: HashMap::new(),
            roots: [None, None, None],
        };
        let Ok(document) = async_graphql::parser::parse_schema(sdl) else {
            return types;
        };
        for definition in document.definitions {
            match definition {
                TypeSystemDefinition::Schema(schema) => {
                    let schema = schema.node;
                    types.roots = [schema.query, schema.mutation, schema.subscription]
                        .map(|root| root.map(|name| name.node.to_string()));
                }
                TypeSystemDefinition::Type(ty) => {
                    let ty = ty.node;
                    let fields = match ty.kind {
                        TypeKind::Object(object) => object.fields,
                        TypeKind::Interface(interface) => interface.fields,
                        _ => continue,
                    };
                    let fields = fields
                        .into_iter()
                        .map(|field| (field.node.name.node.to_string(), field.node.ty.node))
                        .collect();
                    types.fields.insert(ty.name.node.to_string(), fields);
                }
                TypeSystemDefinition::Directive(_) => {}
            }
        }
        types
    }

    fn root(&self, operation: OperationType) -> &str {
        let (index, default) = match operation {
            OperationType::Query => (0, "Query"),
            OperationType::Mutation => (1, "Mutation"),
            OperationType::Subscription => (2, "Subscription"),
        };
        self.roots[index].as_deref().unwrap_or(default)
    }

    fn field(&self, type_name: &str, field: &str) -> Option<&Type> {
        self.fields.get(type_name)?.get(field)
    }
}

/// Puts the `null` of every error with a path into `response.data`. `document` is the
/// executed document (parsed again by the caller: only responses with field errors pay).
pub fn fill(
    response: &mut Response,
    types: &FieldTypes,
    document: &ExecutableDocument,
    operation_name: Option<&str>,
) {
    let Some(operation) = super::operation::selected(document, operation_name) else {
        return;
    };
    let walk = Walk {
        types,
        document,
        root: types.root(operation.node.ty),
        selection: &operation.node.selection_set.node,
    };
    let mut targets: Vec<&[PathSegment]> = response
        .errors
        .iter()
        .filter(|error| !error.path.is_empty())
        .map(|error| &error.path[..walk.nulled_prefix(&error.path)])
        .collect();
    targets.sort_by_key(|path| path.len());
    let mut applied: Vec<&[PathSegment]> = Vec::new();
    for target in targets {
        if applied.iter().any(|done| target.starts_with(done)) {
            continue;
        }
        set_null(&mut response.data, target);
        applied.push(target);
    }
}

struct Walk<'a> {
    types: &'a FieldTypes,
    document: &'a ExecutableDocument,
    root: &'a str,
    selection: &'a SelectionSet,
}

impl Walk<'_> {
    /// How much of `path` stays: up to and including its last nullable position; 0 when
    /// nothing on it is nullable (then `data` itself is `null`). A path the schema cannot
    /// explain keeps its full length.
    fn nulled_prefix(&self, path: &[PathSegment]) -> usize {
        let Some(nullable) = self.nullability(path) else {
            return path.len();
        };
        nullable.iter().rposition(|n| *n).map_or(0, |last| last + 1)
    }

    /// Whether each position of `path` may be `null`.
    fn nullability(&self, path: &[PathSegment]) -> Option<Vec<bool>> {
        let mut nullable = Vec::with_capacity(path.len());
        let mut sets = vec![self.selection];
        let mut parent = self.root.to_owned();
        let mut current: Option<&Type> = None;
        for segment in path {
            match segment {
                PathSegment::Field(key) => {
                    if let Some(ty) = current {
                        parent = named(ty).to_owned();
                    }
                    let mut found = Vec::new();
                    for set in &sets {
                        self.collect(set, &parent, key, &mut found);
                    }
                    let (field_type, _) = found.first()?;
                    let field_type = *field_type;
                    nullable.push(field_type.nullable);
                    current = Some(field_type);
                    sets = found.into_iter().map(|(_, set)| set).collect();
                }
                PathSegment::Index(_) => {
                    let BaseType::List(inner) = &current?.base else {
                        return None;
                    };
                    nullable.push(inner.nullable);
                    current = Some(inner);
                }
            }
        }
        Some(nullable)
    }

    /// The fields of `set` (through fragments) answered under `key`, with their types read on
    /// `parent` or on the fragment's type condition, and their selection sets.
    fn collect<'s>(
        &'s self,
        set: &'s SelectionSet,
        parent: &str,
        key: &str,
        found: &mut Vec<(&'s Type, &'s SelectionSet)>,
    ) {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    if field.response_key().node.as_str() == key
                        && let Some(ty) = self.types.field(parent, field.name.node.as_str())
                    {
                        found.push((ty, &field.selection_set.node));
                    }
                }
                Selection::InlineFragment(inline) => {
                    let inline = &inline.node;
                    let on = inline
                        .type_condition
                        .as_ref()
                        .map_or(parent, |condition| condition.node.on.node.as_str());
                    self.collect(&inline.selection_set.node, on, key, found);
                }
                Selection::FragmentSpread(spread) => {
                    let name: &Name = &spread.node.fragment_name.node;
                    if let Some(fragment) = self.document.fragments.get(name) {
                        let on = fragment.node.type_condition.node.on.node.as_str();
                        self.collect(&fragment.node.selection_set.node, on, key, found);
                    }
                }
            }
        }
    }
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

/// Sets the value at `path` to `null`, making the objects on the way that async-graphql
/// left out or turned to `null` because every field in them failed.
fn set_null(data: &mut Value, path: &[PathSegment]) {
    let Some((last, parents)) = path.split_last() else {
        *data = Value::Null;
        return;
    };
    let mut value = data;
    for segment in parents {
        value = match segment {
            PathSegment::Field(key) => object(value).entry(Name::new(key)).or_insert(Value::Null),
            PathSegment::Index(index) => match value {
                Value::List(items) if *index < items.len() => &mut items[*index],
                _ => return,
            },
        };
    }
    match last {
        PathSegment::Field(key) => {
            object(value).insert(Name::new(key), Value::Null);
        }
        PathSegment::Index(index) => {
            if let Value::List(items) = value
                && let Some(item) = items.get_mut(*index)
            {
                *item = Value::Null;
            }
        }
    }
}

fn object(value: &mut Value) -> &mut async_graphql::indexmap::IndexMap<Name, Value> {
    if !matches!(value, Value::Object(_)) {
        *value = Value::Object(Default::default());
    }
    match value {
        Value::Object(map) => map,
        _ => unreachable!("made an object just above"),
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Result, Schema};
    use serde_json::json;

    use super::{FieldTypes, fill};

    struct Query;

    #[Object]
    impl Query {
        async fn ok(&self) -> i32 {
            1
        }
        async fn loose(&self) -> Result<Option<i32>> {
            Err("no".into())
        }
        async fn strict(&self) -> Result<i32> {
            Err("no".into())
        }
        async fn child(&self) -> Option<Child> {
            Some(Child)
        }
        async fn children(&self) -> Vec<Child> {
            vec![Child, Child]
        }
    }

    struct Child;

    #[Object]
    impl Child {
        async fn name(&self) -> &str {
            "c"
        }
        async fn loose(&self) -> Result<Option<i32>> {
            Err("no".into())
        }
        async fn strict(&self) -> Result<i32> {
            Err("no".into())
        }
    }

    async fn run(query: &str) -> serde_json::Value {
        let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
        let types = FieldTypes::from_sdl(&schema.sdl());
        let mut response = schema.execute(query).await;
        assert!(!response.errors.is_empty(), "{query} should fail somewhere");
        let document = async_graphql::parser::parse_query(query).expect("parses");
        fill(&mut response, &types, &document, None);
        serde_json::to_value(&response.data).expect("JSON")
    }

    #[tokio::test]
    async fn a_nullable_field_that_fails_is_null_where_it_stands() {
        assert_eq!(run("{ ok loose }").await, json!({ "ok": 1, "loose": null }));
        assert_eq!(
            run("{ children { name loose } }").await,
            json!({ "children": [{ "name": "c", "loose": null }, { "name": "c", "loose": null }] })
        );
    }

    #[tokio::test]
    async fn a_non_null_field_nulls_its_nearest_nullable_parent() {
        assert_eq!(
            run("{ ok child { name strict } }").await,
            json!({ "ok": 1, "child": null })
        );
        // Non-null all the way up: `data` itself.
        assert_eq!(run("{ ok children { strict } }").await, json!(null));
        assert_eq!(run("{ ok strict }").await, json!(null));
    }

    #[tokio::test]
    async fn aliases_and_fragments_are_followed() {
        // Every field of `a` failed, so async-graphql made `a` null: it is an object again.
        assert_eq!(
            run("{ a: child { ...F } } fragment F on Child { l: loose }").await,
            json!({ "a": { "l": null } })
        );
        assert_eq!(
            run("{ child { ... on Child { s: strict } name } ok }").await,
            json!({ "child": null, "ok": 1 })
        );
    }
}
