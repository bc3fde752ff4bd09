//! A cap on the fields one document selects, fragments expanded. Complexity already weighs
//! list fields by their page size; this stops the other bomb: hundreds of aliases (or a
//! fragment spread hundreds of times) that each look cheap.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::Positioned;
use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, ServerError, ServerResult, Variables};

pub struct FieldLimit(pub usize);

impl ExtensionFactory for FieldLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(FieldLimitExtension(self.0))
    }
}

struct FieldLimitExtension(usize);

#[async_trait::async_trait]
impl Extension for FieldLimitExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        for (_, operation) in document.operations.iter() {
            let fields = count(
                &operation.node.selection_set.node,
                &document.fragments,
                0,
                self.0,
            );
            if fields > self.0 {
                return Err(ServerError::new(
                    format!("the query selects too many fields (more than {})", self.0),
                    None,
                ));
            }
        }
        Ok(document)
    }
}

/// Fields selected by `set`, expanding fragments; stops counting once past `limit`.
fn count(
    set: &SelectionSet,
    fragments: &std::collections::HashMap<Name, Positioned<FragmentDefinition>>,
    depth: usize,
    limit: usize,
) -> usize {
    // Deeper nesting is refused by the depth limit; recursive fragments by validation.
    if depth > 32 {
        return limit + 1;
    }
    let mut total = 0_usize;
    for selection in &set.items {
        total = total.saturating_add(match &selection.node {
            Selection::Field(field) => {
                1 + count(&field.node.selection_set.node, fragments, depth + 1, limit)
            }
            Selection::InlineFragment(inline) => {
                count(&inline.node.selection_set.node, fragments, depth + 1, limit)
            }
            Selection::FragmentSpread(spread) => fragments
                .get(&spread.node.fragment_name.node)
                .map_or(0, |f| {
                    count(&f.node.selection_set.node, fragments, depth + 1, limit)
                }),
        });
        if total > limit {
            break;
        }
    }
    total
}
