//! A customer's statement: what was invoiced, credited and paid over a period, and what is
//! owed.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryFilter, QueryOrder as _};

use super::{InvoiceKind, InvoiceStatus};
use crate::entities::{invoices, partners};
use crate::error::{DomainError, DomainResult};
use crate::scope::{Role, TenantScope, TenantTx};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatementEntryKind {
    /// An issued invoice: owed.
    Invoice,
    /// An issued credit note: no longer owed.
    CreditNote,
    /// An invoice paid.
    Payment,
}

#[derive(Clone, Debug)]
pub struct StatementEntry {
    pub kind: StatementEntryKind,
    pub at: DateTime<Utc>,
    pub invoice: invoices::Model,
    /// Positive when it adds to what is owed (scaled like money).
    pub amount: i64,
    /// What was owed after it.
    pub balance: i64,
}

#[derive(Clone, Debug)]
pub struct Statement {
    pub customer: partners::Model,
    pub currency: String,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Owed before `from`.
    pub opening_balance: i64,
    /// In time order.
    pub entries: Vec<StatementEntry>,
    /// Owed at `to` (now when open-ended).
    pub closing_balance: i64,
}

/// The customer's invoices, credit notes and payments in `[from, to)`, with the balance owed
/// before and after. Void and draft documents do not count. Members restricted to some
/// locations do not see statements (they span every location).
///
/// # Errors
/// `FORBIDDEN` for a location-restricted member; `NOT_FOUND` for a customer
/// not of this organization; `BAD_USER_INPUT` when `to` is not after `from`.
#[tracing::instrument(skip_all)]
pub async fn customer_statement(
    tx: &TenantTx,
    scope: &TenantScope,
    customer_id: Uuid,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> DomainResult<Statement> {
    scope.require(Role::Viewer)?;
    tx.locations().require_all()?;
    if let (Some(from), Some(to)) = (from, to)
        && to <= from
    {
        return Err(DomainError::bad_input("to", "must be after from"));
    }
    let customer = crate::catalogue::get_partner(tx, customer_id).await?;
    let documents = tx
        .select::<invoices::Entity>()
        .filter(invoices::Column::CustomerId.eq(customer_id))
        .filter(
            invoices::Column::Status
                .is_in([InvoiceStatus::Issued.as_str(), InvoiceStatus::Paid.as_str()]),
        )
        .order_by_asc(invoices::Column::IssuedAt)
        .all(tx.conn())
        .await?;
    let mut events: Vec<(DateTime<Utc>, StatementEntryKind, invoices::Model, i64)> = Vec::new();
    for document in documents {
        let Some(issued_at) = document.issued_at else {
            continue;
        };
        if document.kind == InvoiceKind::CreditNote.as_str() {
            events.push((
                issued_at,
                StatementEntryKind::CreditNote,
                document.clone(),
                -document.total,
            ));
        } else {
            events.push((
                issued_at,
                StatementEntryKind::Invoice,
                document.clone(),
                document.total,
            ));
            if let Some(paid_at) = document.paid_at {
                // What was paid: the total less what had been credited by then.
                let paid = document.amount_paid.unwrap_or(document.total);
                events.push((
                    paid_at,
                    StatementEntryKind::Payment,
                    document.clone(),
                    -paid,
                ));
            }
        }
    }
    events.sort_by_key(|(at, kind, invoice, _)| {
        (*at, *kind == StatementEntryKind::Payment, invoice.sequence)
    });
    let mut opening_balance = 0_i64;
    let mut balance = 0_i64;
    let mut entries = Vec::new();
    for (at, kind, invoice, amount) in events {
        if to.is_some_and(|to| at >= to) {
            break;
        }
        balance = balance.saturating_add(amount);
        if from.is_some_and(|from| at < from) {
            opening_balance = balance;
            continue;
        }
        entries.push(StatementEntry {
            kind,
            at,
            invoice,
            amount,
            balance,
        });
    }
    Ok(Statement {
        customer,
        currency: tx.organization().await?.currency,
        from,
        to,
        opening_balance,
        entries,
        closing_balance: balance,
    })
}
