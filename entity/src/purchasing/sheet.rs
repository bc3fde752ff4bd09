//! What the worker needs to print a submitted order and e-mail it to its supplier.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseConnection, QueryFilter, QueryOrder as _};
use serde::{Deserialize, Serialize};

use crate::entities::{
    items, locations, organizations, partners, purchase_order_lines, purchase_orders,
};
use crate::error::DomainResult;
use crate::scope::{OrgId, TenantTx};

/// The outbox payload of [`crate::outbox::Topic::PurchaseOrderSent`].
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderSent {
    pub purchase_order_id: Uuid,
}

/// An order with everything its printed form shows.
pub struct OrderSheet {
    pub organization: organizations::Model,
    pub order: purchase_orders::Model,
    pub supplier: partners::Model,
    pub location: locations::Model,
    /// In line order, each with its item.
    pub lines: Vec<(purchase_order_lines::Model, items::Model)>,
}

/// The sheet of an order; `None` when the order (or its organization) is gone.
///
/// # Errors
/// On database failure.
pub async fn order_sheet(
    db: &DatabaseConnection,
    org: OrgId,
    id: Uuid,
) -> DomainResult<Option<OrderSheet>> {
    let tx = TenantTx::begin_for(db, org, None).await?;
    let Some(order) = tx
        .select::<purchase_orders::Entity>()
        .filter(purchase_orders::Column::Id.eq(id))
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    let organization = crate::team::get_organization(&tx).await?;
    let supplier = crate::catalogue::get_partner(&tx, order.supplier_id).await?;
    let location = crate::catalogue::get_location(&tx, order.location_id).await?;
    let lines = tx
        .select::<purchase_order_lines::Entity>()
        .filter(purchase_order_lines::Column::PurchaseOrderId.eq(id))
        .order_by_asc(purchase_order_lines::Column::LineNo)
        .all(tx.conn())
        .await?;
    let item_ids: Vec<Uuid> = lines.iter().map(|l| l.item_id).collect();
    let mut items: std::collections::HashMap<Uuid, items::Model> = tx
        .select::<items::Entity>()
        .filter(items::Column::Id.is_in(item_ids))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|item| (item.id, item))
        .collect();
    tx.commit().await?;
    let lines = lines
        .into_iter()
        .filter_map(|line| {
            let item = items.remove(&line.item_id)?;
            Some((line, item))
        })
        .collect();
    Ok(Some(OrderSheet {
        organization,
        order,
        supplier,
        location,
        lines,
    }))
}
