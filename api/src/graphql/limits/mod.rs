//! Checks on a document before anything walks it with fragments expanded, each linear in
//! the document's size: its length in bytes, its tokens and bracket nesting (before parsing),
//! then its size and depth with fragments expanded, each fragment measured once.
//!
//! They run first, in the [`Gateway`](super::gateway::Gateway): async-graphql's own recursion-depth, directive,
//! depth and complexity checks expand every fragment at every spread, so a 1 KB document of
//! fragments that each spread the next twice costs them 2^n. Once a document has passed
//! here, every definition expands to at most `max_fields` selections, which bounds them too.

mod expansion;
mod lexer;

use async_graphql::{Request, ServerError, ServerResult};

use expansion::Refusal;

/// How deep selections may nest, fragments included (async-graphql's recursion depth).
pub const MAX_RECURSIVE_DEPTH: usize = 64;

/// How deep `{`, `[` and `(` may nest in the text: selections plus argument values.
const MAX_BRACKET_NESTING: usize = 2 * MAX_RECURSIVE_DEPTH;

#[derive(Debug, Clone, Copy)]
pub struct DocumentLimits {
    pub max_bytes: usize,
    pub max_tokens: usize,
    /// Selections (fields, spreads, inline fragments) one operation or fragment may expand to.
    pub max_fields: usize,
}

impl DocumentLimits {
    /// From the configuration.
    pub fn from_config(config: &crate::config::Config) -> Self {
        Self {
            max_bytes: config.graphql_max_document_bytes,
            max_tokens: config.graphql_max_tokens,
            max_fields: config.graphql_max_fields,
        }
    }

    /// The checks that need only the text, in one pass over it: size, tokens and bracket
    /// nesting. Run before anything parses the document.
    ///
    /// # Errors
    /// What is wrong with the text, said for the client.
    pub fn check_text(&self, query: &str) -> Result<(), String> {
        if query.len() > self.max_bytes {
            return Err(format!(
                "the document is too large (more than {} bytes)",
                self.max_bytes
            ));
        }
        let shape = lexer::shape(query);
        if shape.tokens > self.max_tokens {
            return Err(format!(
                "the document has too many tokens (more than {})",
                self.max_tokens
            ));
        }
        if shape.nesting > MAX_BRACKET_NESTING {
            return Err(format!(
                "the document is nested too deep (more than {MAX_BRACKET_NESTING} brackets)"
            ));
        }
        Ok(())
    }

    /// Checks `request`'s document, parsing it once (execution reuses the parsed document).
    pub fn check(&self, request: &mut Request) -> ServerResult<()> {
        self.check_text(&request.query).map_err(refused)?;
        let document = request.parsed_query().map_err(|mut error| {
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", "GRAPHQL_PARSE_FAILED");
            error
        })?;
        expansion::check(document, self.max_fields, MAX_RECURSIVE_DEPTH).map_err(|refusal| {
            match refusal {
                Refusal::UnknownFragment { name, pos } => {
                    ServerError::new(format!("unknown fragment \"{name}\""), Some(pos))
                }
                Refusal::FragmentCycle { name, pos } => ServerError::new(
                    format!("fragment \"{name}\" spreads itself (a cycle)"),
                    Some(pos),
                ),
                Refusal::TooDeep { limit } => refused(format!(
                    "the query is nested too deep (more than {limit} levels, fragments included)"
                )),
                Refusal::TooManySelections { limit } => refused(format!(
                    "the query selects too many fields (more than {limit}, fragments expanded)"
                )),
            }
        })
    }
}

/// An error without a source or a path: the error mapping gives it
/// `GRAPHQL_VALIDATION_FAILED`.
fn refused(message: String) -> ServerError {
    ServerError::new(message, None)
}
