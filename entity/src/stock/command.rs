//! What a client asks the ledger to do, checked before anything is written.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{DomainError, DomainResult};
use crate::types::{Money, Qty, optional_text};

/// A transaction's kind, stored as its text; a value the code does not know fails the read
/// (`DbErr::Type`) instead of passing for another kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum Kind {
    #[sea_orm(string_value = "in")]
    In,
    #[sea_orm(string_value = "out")]
    Out,
    #[sea_orm(string_value = "adjust")]
    Adjust,
    #[sea_orm(string_value = "move")]
    Move,
    #[sea_orm(string_value = "void")]
    Void,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::In => "in",
            Self::Out => "out",
            Self::Adjust => "adjust",
            Self::Move => "move",
            Self::Void => "void",
        }
    }
}

/// What a transaction belongs to, beyond the ledger: an order it received, say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    pub kind: SourceKind,
    pub id: Uuid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    PurchaseOrder,
    SalesOrder,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PurchaseOrder => "purchase_order",
            Self::SalesOrder => "sales_order",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "purchase_order" => Some(Self::PurchaseOrder),
            "sales_order" => Some(Self::SalesOrder),
            _ => None,
        }
    }
}

impl Source {
    /// The source recorded on a transaction's header.
    pub fn of(transaction: &crate::entities::stock_transactions::Model) -> Option<Self> {
        Some(Self {
            kind: SourceKind::parse(transaction.source_type.as_deref()?)?,
            id: transaction.source_id?,
        })
    }
}

/// One requested line: for `Adjust`, `quantity` is the counted quantity.
#[derive(Clone, Debug)]
pub struct CommandLine {
    pub item_id: Uuid,
    pub quantity: Qty,
    pub unit_cost: Option<Money>,
    pub unit_price: Option<Money>,
}

#[derive(Clone, Debug)]
pub struct Command {
    pub kind: Kind,
    pub location_id: Uuid,
    /// The destination of a `Move`.
    pub to_location_id: Option<Uuid>,
    pub partner_id: Option<Uuid>,
    pub note: Option<String>,
    /// When it happened (defaults to now); never in the future.
    pub occurred_at: Option<DateTime<Utc>>,
    pub idempotency_key: Option<String>,
    pub lines: Vec<CommandLine>,
    /// Set by the order that records it; clients' own movements have none.
    pub source: Option<Source>,
}

/// The earliest instant a stock movement may be back-dated to: 2000-01-01 UTC. Nothing this
/// service records happened earlier, and it keeps dates far inside every backend's range.
fn earliest_occurrence() -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(946_684_800, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Lines per transaction, so one request cannot hold hundreds of thousands of row locks.
pub const MAX_LINES: usize = 500;

/// A client's idempotency key, trimmed: 1 to 100 visible ASCII characters.
///
/// # Errors
/// `BAD_USER_INPUT` on `idempotencyKey`.
pub(crate) fn idempotency_key(key: &str) -> DomainResult<String> {
    let key = key.trim();
    if key.is_empty() || key.len() > 100 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(DomainError::bad_input(
            "idempotencyKey",
            "must be 1 to 100 visible characters",
        ));
    }
    Ok(key.to_owned())
}

impl Command {
    /// Checks everything that needs no database.
    ///
    /// # Errors
    /// `BAD_USER_INPUT` naming the field at fault.
    pub(crate) fn validate(&mut self) -> DomainResult<()> {
        if self.lines.is_empty() {
            return Err(DomainError::bad_input(
                "lines",
                "must contain at least one line",
            ));
        }
        if self.lines.len() > MAX_LINES {
            return Err(DomainError::bad_input(
                "lines",
                format!("must contain at most {MAX_LINES} lines"),
            ));
        }
        let mut items = HashSet::new();
        for line in &self.lines {
            if !items.insert(line.item_id) {
                return Err(DomainError::bad_input(
                    "lines.itemId",
                    "an item may appear only once per transaction",
                ));
            }
            let quantity_ok = if self.kind == Kind::Adjust {
                line.quantity >= Qty::ZERO
            } else {
                line.quantity.is_positive()
            };
            if !quantity_ok {
                let rule = if self.kind == Kind::Adjust {
                    "must not be negative"
                } else {
                    "must be greater than zero"
                };
                return Err(DomainError::bad_input("lines.quantity", rule));
            }
            for (field, money) in [
                ("lines.unitCost", line.unit_cost),
                ("lines.unitPrice", line.unit_price),
            ] {
                if money.is_some_and(|m| m < Money::ZERO) {
                    return Err(DomainError::bad_input(field, "must not be negative"));
                }
                if money.is_some_and(|m| crate::types::line_value(line.quantity, m).is_none()) {
                    return Err(DomainError::bad_input(
                        field,
                        "makes the line worth more than 1000000000000 (quantity × unit)",
                    ));
                }
            }
        }
        match (self.kind, self.to_location_id) {
            (Kind::Move, None) => {
                return Err(DomainError::bad_input(
                    "toLocationId",
                    "is required for a move",
                ));
            }
            (Kind::Move, Some(to)) if to == self.location_id => {
                return Err(DomainError::bad_input(
                    "toLocationId",
                    "must differ from fromLocationId",
                ));
            }
            _ => {}
        }
        self.note = optional_text("note", self.note.as_deref(), 1000, true)?;
        if let Some(at) = self.occurred_at {
            if at > Utc::now() + Duration::minutes(5) {
                return Err(DomainError::bad_input(
                    "occurredAt",
                    "must not be in the future",
                ));
            }
            if at < earliest_occurrence() {
                return Err(DomainError::bad_input(
                    "occurredAt",
                    "must not be before 2000-01-01",
                ));
            }
        }
        if let Some(key) = &self.idempotency_key {
            self.idempotency_key = Some(idempotency_key(key)?);
        }
        Ok(())
    }

    /// A fingerprint of the request, so a retry with the same idempotency key can be told
    /// from a different request reusing it.
    pub(crate) fn fingerprint(&self) -> String {
        let mut text = format!(
            "{}|{}|{:?}|{:?}|{:?}|{:?}",
            self.kind.as_str(),
            self.location_id,
            self.to_location_id,
            self.partner_id,
            self.note,
            self.occurred_at.map(|at| at.timestamp_micros()),
        );
        // Only when present, so fingerprints of earlier requests stay as they were.
        if let Some(source) = self.source {
            text.push_str(&format!("|{}:{}", source.kind.as_str(), source.id));
        }
        for line in &self.lines {
            text.push_str(&format!(
                "|{}:{}:{:?}:{:?}",
                line.item_id,
                line.quantity.scaled(),
                line.unit_cost.map(Money::scaled),
                line.unit_price.map(Money::scaled)
            ));
        }
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}
