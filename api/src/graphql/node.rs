//! Relay's object identification: everything a client may refetch by id alone is a `Node`,
//! and `node(id:)` / `nodes(ids:)` find it. Ids are the objects' own UUIDs (unique across
//! every table), so they stay what clients already hold; a lookup asks each kind of object
//! in the caller's organization, most common first, through the request's DataLoaders.

use std::collections::HashMap;

use async_graphql::{Context, ID, Interface, Object, Result};
use entity::scope::Role;
use entity::{DomainError, stock};
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
        Ok(find(ctx, &[id]).await?.pop().flatten())
    }

    /// `node` for each id, in order (at most 100), in one statement per kind of object.
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_IDS {
            return Err(DomainError::bad_input("ids", "at most 100 ids at once").into());
        }
        let ids = ids
            .iter()
            .map(|id| parse_id("ids", id))
            .collect::<Result<Vec<_>, _>>()?;
        find(ctx, &ids).await
    }
}

/// The object of each id, in order: each kind is asked once for the ids not found yet, so any
/// number of ids costs at most five statements.
async fn find(ctx: &Context<'_>, ids: &[Uuid]) -> Result<Vec<Option<Node>>> {
    let mut found: HashMap<Uuid, Node> = HashMap::with_capacity(ids.len());
    let missing = |found: &HashMap<Uuid, Node>| -> Vec<Uuid> {
        ids.iter()
            .filter(|id| !found.contains_key(id))
            .copied()
            .collect()
    };
    // Authorizes, and reads the ledger (which has no DataLoader) in the request's transaction,
    // given back before the DataLoaders read.
    let tx = ctx.reader(Role::Viewer).await?;
    let transactions = stock::transactions_with_ids(&tx, ids).await?;
    drop(tx);
    found.extend(
        transactions
            .into_iter()
            .map(|m| (m.id, Node::StockTransaction(StockTransaction(m)))),
    );
    let loaders = ctx.loaders()?;
    let items = loaders.items.load_many(missing(&found)).await?;
    found.extend(items.into_iter().map(|(id, m)| (id, Node::Item(Item(m)))));
    let locations = loaders.locations.load_many(missing(&found)).await?;
    found.extend(
        locations
            .into_iter()
            .map(|(id, m)| (id, Node::Location(Location(m)))),
    );
    let partners = loaders.partners.load_many(missing(&found)).await?;
    found.extend(
        partners
            .into_iter()
            .map(|(id, m)| (id, Node::Partner(Partner(m)))),
    );
    let categories = loaders.categories.load_many(missing(&found)).await?;
    found.extend(
        categories
            .into_iter()
            .map(|(id, m)| (id, Node::Category(Category(m)))),
    );
    Ok(ids.iter().map(|id| found.remove(id)).collect())
}
