//! Gapless document numbers: each organization's next number of a kind is taken by one
//! upsert whose row lock holds until commit, so concurrent creations queue behind it, and a
//! creation that rolls back gives its number back with it.

use sea_orm::ConnectionTrait as _;
use sea_orm::sea_query::{Expr, ExprTrait as _, OnConflict, Query};

use crate::entities::document_sequences::{Column as C, Entity};
use crate::error::{DomainError, DomainResult};
use crate::scope::TenantTx;

/// Kinds of numbered documents.
pub const PURCHASE_ORDER: &str = "purchase_order";
pub const SALES_ORDER: &str = "sales_order";
pub const INVOICE: &str = "invoice";
pub const CREDIT_NOTE: &str = "credit_note";

/// The organization's next number of `kind` (1 for its first).
///
/// # Errors
/// On database failure.
pub async fn next(tx: &TenantTx, kind: &str) -> DomainResult<i64> {
    let statement = Query::insert()
        .into_table(Entity)
        .columns([C::OrganizationId, C::Kind, C::LastNumber])
        .values([tx.org().0.into(), kind.into(), 1_i64.into()])
        .map_err(|e| DomainError::Internal(format!("number upsert: {e}")))?
        .on_conflict(
            OnConflict::columns([C::OrganizationId, C::Kind])
                .value(C::LastNumber, Expr::col((Entity, C::LastNumber)).add(1))
                .to_owned(),
        )
        .returning_col(C::LastNumber)
        .to_owned();
    let row = tx
        .conn()
        .query_one(&statement)
        .await?
        .ok_or_else(|| DomainError::Internal("number upsert returned nothing".to_owned()))?;
    Ok(row.try_get("", "last_number")?)
}

/// A document's number as people read it: `PO-00042`.
pub fn format(prefix: &str, number: i64) -> String {
    format!("{prefix}{number:05}")
}
