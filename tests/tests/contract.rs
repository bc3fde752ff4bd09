//! The schema as front-end developers meet it: the committed `schema.graphql` is the live
//! schema, and every name follows one convention (below), so a name that breaks it fails
//! here, in review, before a client generates types from it.
//!
//! The convention, after GitHub's and Saleor's public schemas:
//! - types `PascalCase`; fields and arguments `camelCase`; enum values `SCREAMING_SNAKE_CASE`;
//! - every input object ends in `Input`. A mutation's `input` argument is `<Mutation>Input`
//!   (`stockIn(input: StockInInput!)`), or `<Type>Input` when `create<Type>` and
//!   `update<Type>` share it; a `filter` argument is a `…FilterInput`, an `orderBy` an
//!   `…OrderInput`;
//! - hiding and restoring are `archive<Type>(id)` and `unarchive<Type>(id)`, always both, and
//!   no mutation takes an `archived` flag;
//! - every `…Connection` has `edges`, `nodes`, `pageInfo` and `totalCount`, and every field
//!   returning one pages both ways (`first`/`after`, `last`/`before`);
//! - every custom scalar is described and says where it is specified (`@specifiedBy`), and no
//!   description or name leaks an implementation type.

use std::collections::BTreeSet;
use std::path::PathBuf;

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{
    BaseType, FieldDefinition, Type, TypeKind, TypeSystemDefinition,
};

fn committed_schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql")
}

#[test]
fn the_committed_schema_is_the_live_schema() {
    let live = api::graphql::sdl();
    let path = committed_schema_path();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &live).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == live,
        "schema.graphql differs from the live schema: review the change, then run \
         `UPDATE_SCHEMA=1 cargo test -p tests --test api contract::` and commit the file"
    );
}

fn base_name(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(inner) => base_name(inner),
    }
}

fn is_pascal(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_camel(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_screaming(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// Words that name Rust or library types rather than anything a client knows.
const LEAKS: [&str; 7] = ["Naive", "Utc", "chrono", "Option<", "Vec<", "i32", "Uuid"];

/// What breaks the convention in `sdl`, one line each.
fn convention_breaches(sdl: &str) -> Vec<String> {
    let document = parse_schema(sdl).unwrap();
    let mut breaches = Vec::new();
    let mut mutations: Vec<FieldDefinition> = Vec::new();
    let mut connection_fields: Vec<(String, FieldDefinition)> = Vec::new();
    let mut type_names = BTreeSet::new();
    for definition in &document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = &ty.node;
        let name = ty.name.node.as_str();
        type_names.insert(name.to_owned());
        if !is_pascal(name) {
            breaches.push(format!("type {name}: not PascalCase"));
        }
        let description = ty.description.as_ref().map(|d| d.node.as_str());
        for leak in LEAKS {
            if name.contains(leak) || description.is_some_and(|d| d.contains(leak)) {
                breaches.push(format!("type {name}: mentions {leak}"));
            }
        }
        match &ty.kind {
            TypeKind::Scalar => {
                if description.is_none_or(str::is_empty) {
                    breaches.push(format!("scalar {name}: no description"));
                }
                if !ty
                    .directives
                    .iter()
                    .any(|d| d.node.name.node == "specifiedBy")
                {
                    breaches.push(format!("scalar {name}: no @specifiedBy"));
                }
            }
            TypeKind::Enum(enumeration) => {
                for value in &enumeration.values {
                    if !is_screaming(&value.node.value.node) {
                        breaches.push(format!(
                            "enum value {name}.{}: not SCREAMING_SNAKE_CASE",
                            value.node.value.node
                        ));
                    }
                }
            }
            TypeKind::InputObject(input) => {
                if !name.ends_with("Input") {
                    breaches.push(format!("input {name}: does not end in Input"));
                }
                for field in &input.fields {
                    if !is_camel(&field.node.name.node) {
                        breaches.push(format!(
                            "input field {name}.{}: not camelCase",
                            field.node.name.node
                        ));
                    }
                }
            }
            TypeKind::Object(object) => {
                let fields: Vec<&FieldDefinition> = object.fields.iter().map(|f| &f.node).collect();
                if name.ends_with("Connection") {
                    let have: BTreeSet<&str> =
                        fields.iter().map(|f| f.name.node.as_str()).collect();
                    for needed in ["edges", "nodes", "pageInfo", "totalCount"] {
                        if !have.contains(needed) {
                            breaches.push(format!("{name}: no {needed}"));
                        }
                    }
                }
                for field in fields {
                    let field_name = field.name.node.as_str();
                    if !is_camel(field_name) {
                        breaches.push(format!("field {name}.{field_name}: not camelCase"));
                    }
                    if field
                        .description
                        .as_ref()
                        .is_some_and(|d| LEAKS.iter().any(|leak| d.node.contains(leak)))
                    {
                        breaches.push(format!(
                            "field {name}.{field_name}: description leaks a Rust type"
                        ));
                    }
                    for argument in &field.arguments {
                        let argument_name = argument.node.name.node.as_str();
                        if !is_camel(argument_name) {
                            breaches.push(format!(
                                "argument {name}.{field_name}({argument_name}): not camelCase"
                            ));
                        }
                        let argument_type = base_name(&argument.node.ty.node);
                        let expected_suffix = match argument_name {
                            "filter" => Some("FilterInput"),
                            "orderBy" => Some("OrderInput"),
                            _ => None,
                        };
                        if let Some(suffix) = expected_suffix
                            && !argument_type.ends_with(suffix)
                        {
                            breaches.push(format!(
                                "argument {name}.{field_name}({argument_name}: {argument_type}): not a …{suffix}"
                            ));
                        }
                    }
                    if base_name(&field.ty.node).ends_with("Connection") {
                        connection_fields.push((name.to_owned(), field.clone()));
                    }
                    if name == "Mutation" {
                        mutations.push(field.clone());
                    }
                }
            }
            TypeKind::Interface(_) | TypeKind::Union(_) => {}
        }
    }
    for (owner, field) in &connection_fields {
        let arguments: BTreeSet<&str> = field
            .arguments
            .iter()
            .map(|a| a.node.name.node.as_str())
            .collect();
        for needed in ["first", "after", "last", "before"] {
            if !arguments.contains(needed) {
                breaches.push(format!(
                    "connection {owner}.{}: no `{needed}` argument",
                    field.name.node
                ));
            }
        }
    }
    let mutation_names: BTreeSet<&str> = mutations.iter().map(|m| m.name.node.as_str()).collect();
    for mutation in &mutations {
        let mutation_name = mutation.name.node.as_str();
        for argument in &mutation.arguments {
            let argument = &argument.node;
            if argument.name.node == "archived" {
                breaches.push(format!(
                    "mutation {mutation_name}: takes an `archived` flag (use archive…/unarchive…)"
                ));
            }
            if argument.name.node == "input" {
                let input_type = base_name(&argument.ty.node);
                let own = format!("{}Input", capitalized(mutation_name));
                let shared = ["create", "update"].iter().find_map(|verb| {
                    let noun = mutation_name.strip_prefix(verb)?;
                    let other = if *verb == "create" {
                        "update"
                    } else {
                        "create"
                    };
                    mutation_names
                        .contains(format!("{other}{noun}").as_str())
                        .then(|| format!("{noun}Input"))
                });
                if input_type != own && shared.as_deref() != Some(input_type) {
                    breaches.push(format!(
                        "mutation {mutation_name}(input: {input_type}): expected {own}{}",
                        shared.map(|s| format!(" or {s}")).unwrap_or_default()
                    ));
                }
            }
        }
        if let Some(noun) = mutation_name.strip_prefix("archive")
            && !mutation_names.contains(format!("unarchive{noun}").as_str())
        {
            breaches.push(format!("mutation {mutation_name}: no unarchive{noun}"));
        }
        if let Some(noun) = mutation_name.strip_prefix("unarchive")
            && !mutation_names.contains(format!("archive{noun}").as_str())
        {
            breaches.push(format!("mutation {mutation_name}: no archive{noun}"));
        }
    }
    breaches
}

#[test]
fn every_name_follows_the_convention() {
    let breaches = convention_breaches(&api::graphql::sdl());
    assert!(
        breaches.is_empty(),
        "names that break the convention:\n{}",
        breaches.join("\n")
    );
}

#[test]
fn the_convention_check_catches_breaches() {
    let sdl = r#"
        scalar Weight
        input LocationFields { name: String! }
        input ItemFilterInput { search: String }
        type Thing { id: ID! }
        type ThingConnection { edges: [Thing!]! }
        enum Kind { inbound }
        type Query { things(first: Int, filter: LocationFields): ThingConnection! }
        type Mutation {
          createLocation(input: LocationFields!): Thing!
          archiveCategory(id: ID!, archived: Boolean): Thing!
        }
    "#;
    let breaches = convention_breaches(sdl).join("\n");
    for expected in [
        "scalar Weight: no description",
        "input LocationFields: does not end in Input",
        "enum value Kind.inbound",
        "ThingConnection: no totalCount",
        "connection Query.things: no `last` argument",
        "not a …FilterInput",
        "mutation createLocation(input: LocationFields): expected CreateLocationInput",
        "mutation archiveCategory: takes an `archived` flag",
        "mutation archiveCategory: no unarchiveCategory",
    ] {
        assert!(
            breaches.contains(expected),
            "{expected} not caught in:\n{breaches}"
        );
    }
}
