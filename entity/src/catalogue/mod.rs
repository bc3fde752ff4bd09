//! What an organization stocks and where: items, categories, locations, partners and custom
//! attributes. Every function takes the caller's [`TenantTx`](crate::scope::TenantTx).

mod attributes;
mod items;
mod listing;
mod places;

pub use attributes::{
    AttributeKind, AttributeValue, define_attribute, list_attributes, update_attribute,
};
pub use items::{
    ItemChanges, NewItem, ReorderChanges, archive_item, create_item, get_item, item_by_barcode,
    set_location_threshold, update_item,
};
pub use listing::{
    IS_LOW_SQL, ItemFilter, ItemOrder, ItemPage, ItemSort, TOTAL_QUANTITY_SQL, list_items,
};
pub use places::{
    CategoryInput, LocationInput, PartnerInput, PartnerKind, create_category, create_location,
    create_partner, get_category, get_location, get_partner, list_categories, list_locations,
    list_partners, set_category_archived, set_location_archived, set_partner_archived,
    update_category, update_location, update_partner, visible_locations,
};

use sea_orm::entity::prelude::*;
use sea_orm::{QueryFilter, QuerySelect};

use crate::error::{DomainError, DomainResult};
use crate::scope::{TenantOwned, TenantTx};

/// Checks that every id names a row of `E` in this tenant.
///
/// # Errors
/// `NOT_FOUND` (as `entity`) when one does not.
pub(crate) async fn ensure_exist<E>(
    tx: &TenantTx,
    id_column: E::Column,
    ids: &[Uuid],
    entity: &'static str,
) -> DomainResult<()>
where
    E: TenantOwned,
{
    if ids.is_empty() {
        return Ok(());
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let found: Vec<Uuid> = tx
        .select::<E>()
        .select_only()
        .column(id_column)
        .filter(id_column.is_in(unique.clone()))
        .into_tuple()
        .all(tx.conn())
        .await?;
    if found.len() == unique.len() {
        Ok(())
    } else {
        Err(DomainError::not_found(entity))
    }
}
