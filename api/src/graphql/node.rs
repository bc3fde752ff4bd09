//! Relay's object identification: everything a client may refetch by id alone is a `Node`,
//! and `node(id:)` / `nodes(ids:)` find it. Ids are the objects' own UUIDs (unique across
//! every table), so they stay what clients already hold; a lookup tries each kind of object
//! in the caller's organization, most common first.

use async_graphql::{Context, ID, Interface, Object, Result};
use entity::scope::{Role, TenantTx};
use entity::{DomainError, catalogue, stock};
use uuid::Uuid;

use super::catalogue::types::{Category, Item, Location, Partner};
use super::context::ContextExt as _;
use super::scalars::parse_id;
use super::stock::StockTransaction;

/// The most ids one `nodes` call may ask for.
const MAX_IDS: usize = 100;

/// An object with an id that `node(id:)` finds again.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    desc = "The object's id, unique across all types."
))]
pub enum Node {
    Item(Item),
    StockTransaction(StockTransaction),
    Location(Location),
    Partner(Partner),
    Category(Category),
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// The item, stock transaction, location, partner or category with this id, in the
    /// selected organization; `null` when there is none the caller may see.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        let id = parse_id("id", &id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        Ok(find(&tx, id).await?)
    }

    /// `node` for each id, in order (at most 100).
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_IDS {
            return Err(DomainError::bad_input("ids", "at most 100 ids at once").into());
        }
        let ids = ids
            .iter()
            .map(|id| parse_id("ids", id))
            .collect::<Result<Vec<_>, _>>()?;
        let tx = ctx.reader(Role::Viewer).await?;
        let mut nodes = Vec::with_capacity(ids.len());
        for id in ids {
            nodes.push(find(&tx, id).await?);
        }
        Ok(nodes)
    }
}

/// The object with `id`, trying each kind in turn.
async fn find(tx: &TenantTx, id: Uuid) -> Result<Option<Node>, DomainError> {
    if let Some(item) = found(catalogue::get_item(tx, id).await)? {
        return Ok(Some(Node::Item(Item(item))));
    }
    if let Some(transaction) = found(stock::transaction(tx, id).await)? {
        return Ok(Some(Node::StockTransaction(StockTransaction(transaction))));
    }
    if let Some(location) = found(catalogue::get_location(tx, id).await)? {
        return Ok(Some(Node::Location(Location(location))));
    }
    if let Some(partner) = found(catalogue::get_partner(tx, id).await)? {
        return Ok(Some(Node::Partner(Partner(partner))));
    }
    Ok(found(catalogue::get_category(tx, id).await)?.map(|c| Node::Category(Category(c))))
}

/// `NOT_FOUND` as `None`; any other error stays one.
fn found<T>(result: Result<T, DomainError>) -> Result<Option<T>, DomainError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(DomainError::NotFound { .. }) => Ok(None),
        Err(error) => Err(error),
    }
}
