//! Relay connections: every list pages both ways (`first`/`after`, `last`/`before`) and
//! says how many rows match over all pages.

use async_graphql::SimpleObject;
use async_graphql::connection::{Connection, Edge};
use entity::paging::Page;

/// A connection's fields beyond Relay's own.
#[derive(SimpleObject)]
pub struct TotalCount {
    /// Rows matching the filter, over all pages.
    pub total_count: u64,
}

pub type Listing<N> = Connection<String, N, TotalCount>;

/// The connection of `page`, each row with its cursor made a node by `node`.
pub fn connection<T, N: async_graphql::OutputType>(
    page: Page<(T, String)>,
    total_count: u64,
    node: impl Fn(T) -> N,
) -> Listing<N> {
    let mut connection = Connection::with_additional_fields(
        page.has_previous_page,
        page.has_next_page,
        TotalCount { total_count },
    );
    connection.edges.extend(
        page.rows
            .into_iter()
            .map(|(row, cursor)| Edge::new(cursor, node(row))),
    );
    connection
}
