//! Reservations: stock promised to confirmed sales orders, held on the level it will leave
//! from. Levels are locked in item order, like the ledger's, so reserving, shipping and
//! recording never deadlock; what is reserved cannot be taken by anything else.

use chrono::{SubsecRound as _, Utc};
use sea_orm::ConnectionTrait as _;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict, Query};

use crate::entities::stock_levels;
use crate::error::{DomainError, DomainResult};
use crate::scope::TenantTx;
use crate::types::Qty;

/// Reserves each `(item, quantity)` at `location`, all or none: a quantity that would make
/// the level's available stock (on hand less reserved) negative is refused, unless the
/// organization allows negative stock.
///
/// # Errors
/// `INSUFFICIENT_STOCK` naming the first short item; `NOT_FOUND` for an item or location
/// that is not the organization's; on database failure.
pub(crate) async fn reserve(
    tx: &mut TenantTx,
    location: Uuid,
    lines: &[(Uuid, i64)],
) -> DomainResult<()> {
    let allow_negative = tx.organization().await?.allow_negative_stock;
    for (item, quantity) in sorted(lines) {
        let (on_hand, reserved) = change_reserved(tx, item, location, quantity).await?;
        if quantity > 0 && on_hand - reserved < 0 && !allow_negative {
            return Err(DomainError::InsufficientStock {
                item_id: item,
                location_id: location,
                available: Qty::from_scaled(std::cmp::max(on_hand - (reserved - quantity), 0)),
                requested: Qty::from_scaled(quantity),
                at: None,
            });
        }
    }
    Ok(())
}

/// Gives back what [`reserve`] held (never below nothing reserved).
///
/// # Errors
/// On database failure.
pub(crate) async fn release(
    tx: &TenantTx,
    location: Uuid,
    lines: &[(Uuid, i64)],
) -> DomainResult<()> {
    for (item, quantity) in sorted(lines) {
        if quantity > 0 {
            change_reserved(tx, item, location, -quantity).await?;
        }
    }
    Ok(())
}

fn sorted(lines: &[(Uuid, i64)]) -> Vec<(Uuid, i64)> {
    let mut lines: Vec<(Uuid, i64)> = lines.iter().copied().filter(|(_, q)| *q != 0).collect();
    lines.sort_by_key(|(item, _)| *item);
    lines
}

/// Adds `delta` to a level's reservation (creating the level at zero on hand), locking it
/// until commit; returns the level's quantity on hand and reservation after.
async fn change_reserved(
    tx: &TenantTx,
    item: Uuid,
    location: Uuid,
    delta: i64,
) -> DomainResult<(i64, i64)> {
    use stock_levels::Column as C;
    let now = Utc::now().trunc_subsecs(6);
    // Releasing never takes a reservation below zero (`delta` is a number, never text).
    let reserved = Expr::cust(format!(
        "CASE WHEN stock_levels.reserved + ({delta}) < 0 THEN 0 \
         ELSE stock_levels.reserved + ({delta}) END"
    ));
    let statement = Query::insert()
        .into_table(stock_levels::Entity)
        .columns([
            C::OrganizationId,
            C::ItemId,
            C::LocationId,
            C::Quantity,
            C::Reserved,
            C::UpdatedAt,
        ])
        .values([
            tx.org().0.into(),
            item.into(),
            location.into(),
            0_i64.into(),
            std::cmp::max(delta, 0).into(),
            now.into(),
        ])
        .map_err(|e| DomainError::Internal(format!("reservation upsert: {e}")))?
        .on_conflict(
            OnConflict::columns([C::OrganizationId, C::ItemId, C::LocationId])
                .value(C::Reserved, reserved)
                .to_owned(),
        )
        .returning(Query::returning().exprs([Expr::col(C::Quantity), Expr::col(C::Reserved)]))
        .to_owned();
    let row = tx
        .conn()
        .query_one(&statement)
        .await
        .map_err(super::record::missing_reference)?
        .ok_or_else(|| DomainError::Internal("reservation upsert returned nothing".to_owned()))?;
    Ok((row.try_get("", "quantity")?, row.try_get("", "reserved")?))
}
