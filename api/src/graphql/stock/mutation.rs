use async_graphql::{Context, ID, InputObject, Object, Result};
use entity::events::TenantEvent;
use entity::scope::Role;
use entity::stock::{self, Command, CommandLine, Kind, Recorded};

use super::types::StockTransaction;
use crate::graphql::context::ContextExt as _;
use crate::graphql::live;
use crate::graphql::scalars::{MoneyAmount, Quantity, Timestamp, parse_id, parse_optional_id};

#[derive(Default)]
pub struct StockMutation;

#[derive(InputObject)]
pub struct StockInLineInput {
    pub item_id: ID,
    pub quantity: Quantity,
    pub unit_cost: Option<MoneyAmount>,
}

#[derive(InputObject)]
pub struct StockOutLineInput {
    pub item_id: ID,
    pub quantity: Quantity,
    pub unit_price: Option<MoneyAmount>,
}

#[derive(InputObject)]
pub struct AdjustStockLineInput {
    pub item_id: ID,
    /// What was counted; the difference to the current level is recorded.
    pub counted_quantity: Quantity,
}

#[derive(InputObject)]
pub struct MoveStockLineInput {
    pub item_id: ID,
    pub quantity: Quantity,
}

/// Stock arriving (a delivery, a return).
#[derive(InputObject)]
pub struct StockInInput {
    pub location_id: ID,
    pub partner_id: Option<ID>,
    pub note: Option<String>,
    /// When it happened; defaults to now.
    pub occurred_at: Option<Timestamp>,
    /// A retry with the same key returns the first result instead of recording twice.
    pub idempotency_key: Option<String>,
    pub lines: Vec<StockInLineInput>,
}

/// Stock leaving (a sale, a loss).
#[derive(InputObject)]
pub struct StockOutInput {
    pub location_id: ID,
    pub partner_id: Option<ID>,
    pub note: Option<String>,
    pub occurred_at: Option<Timestamp>,
    pub idempotency_key: Option<String>,
    pub lines: Vec<StockOutLineInput>,
}

/// A stock count.
#[derive(InputObject)]
pub struct AdjustStockInput {
    pub location_id: ID,
    pub note: Option<String>,
    pub occurred_at: Option<Timestamp>,
    pub idempotency_key: Option<String>,
    pub lines: Vec<AdjustStockLineInput>,
}

/// Stock moving between two locations.
#[derive(InputObject)]
pub struct MoveStockInput {
    pub from_location_id: ID,
    pub to_location_id: ID,
    pub note: Option<String>,
    pub occurred_at: Option<Timestamp>,
    pub idempotency_key: Option<String>,
    pub lines: Vec<MoveStockLineInput>,
}

#[derive(InputObject)]
pub struct VoidStockTransactionInput {
    pub id: ID,
    pub note: Option<String>,
    pub idempotency_key: Option<String>,
}

struct Header {
    kind: Kind,
    location: ID,
    to_location: Option<ID>,
    partner: Option<ID>,
    note: Option<String>,
    occurred_at: Option<Timestamp>,
    idempotency_key: Option<String>,
}

fn line(
    item: &ID,
    quantity: &Quantity,
    unit_cost: Option<&MoneyAmount>,
    unit_price: Option<&MoneyAmount>,
) -> Result<CommandLine> {
    Ok(CommandLine {
        item_id: parse_id("lines.itemId", item)?,
        quantity: quantity.0,
        unit_cost: unit_cost.map(|m| m.0),
        unit_price: unit_price.map(|m| m.0),
    })
}

async fn record(
    ctx: &Context<'_>,
    header: Header,
    lines: Vec<CommandLine>,
) -> Result<StockTransaction> {
    let command = Command {
        kind: header.kind,
        location_id: parse_id(
            if header.kind == Kind::Move {
                "fromLocationId"
            } else {
                "locationId"
            },
            &header.location,
        )?,
        to_location_id: parse_optional_id("toLocationId", header.to_location.as_ref())?,
        partner_id: parse_optional_id("partnerId", header.partner.as_ref())?,
        note: header.note,
        occurred_at: header.occurred_at.map(|t| t.0),
        idempotency_key: header.idempotency_key,
        lines,
        source: None,
    };
    let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
    let recorded = stock::record(&mut tx, &scope, command).await?;
    tx.commit().await?;
    Ok(published(ctx, scope.org, recorded).await)
}

/// Tells subscribers what changed (after commit; a replay changed nothing).
pub(crate) async fn published(
    ctx: &Context<'_>,
    org: entity::scope::OrgId,
    recorded: Recorded,
) -> StockTransaction {
    if !recorded.replayed {
        for (item_id, location_id, quantity) in &recorded.levels {
            let event = TenantEvent::StockChanged {
                item_id: *item_id,
                location_id: *location_id,
                quantity: quantity.to_string(),
            };
            live::publish(ctx, org, &event).await;
        }
        live::publish(
            ctx,
            org,
            &TenantEvent::StockTransactionCreated {
                id: recorded.transaction.id,
            },
        )
        .await;
    }
    StockTransaction(recorded.transaction)
}

#[Object]
impl StockMutation {
    /// Records stock arriving at a location. Needs the member role.
    async fn stock_in(&self, ctx: &Context<'_>, input: StockInInput) -> Result<StockTransaction> {
        let lines = input
            .lines
            .iter()
            .map(|l| line(&l.item_id, &l.quantity, l.unit_cost.as_ref(), None))
            .collect::<Result<_>>()?;
        let header = Header {
            kind: Kind::In,
            location: input.location_id,
            to_location: None,
            partner: input.partner_id,
            note: input.note,
            occurred_at: input.occurred_at,
            idempotency_key: input.idempotency_key,
        };
        record(ctx, header, lines).await
    }

    /// Records stock leaving a location; refused with INSUFFICIENT_STOCK when a line is short
    /// (unless the organization allows negative stock). Needs the member role.
    async fn stock_out(&self, ctx: &Context<'_>, input: StockOutInput) -> Result<StockTransaction> {
        let lines = input
            .lines
            .iter()
            .map(|l| line(&l.item_id, &l.quantity, None, l.unit_price.as_ref()))
            .collect::<Result<_>>()?;
        let header = Header {
            kind: Kind::Out,
            location: input.location_id,
            to_location: None,
            partner: input.partner_id,
            note: input.note,
            occurred_at: input.occurred_at,
            idempotency_key: input.idempotency_key,
        };
        record(ctx, header, lines).await
    }

    /// Records a stock count: each level becomes the counted quantity. Needs the member role.
    async fn adjust_stock(
        &self,
        ctx: &Context<'_>,
        input: AdjustStockInput,
    ) -> Result<StockTransaction> {
        let lines = input
            .lines
            .iter()
            .map(|l| line(&l.item_id, &l.counted_quantity, None, None))
            .collect::<Result<_>>()?;
        let header = Header {
            kind: Kind::Adjust,
            location: input.location_id,
            to_location: None,
            partner: None,
            note: input.note,
            occurred_at: input.occurred_at,
            idempotency_key: input.idempotency_key,
        };
        record(ctx, header, lines).await
    }

    /// Moves stock between two locations. Needs the member role.
    async fn move_stock(
        &self,
        ctx: &Context<'_>,
        input: MoveStockInput,
    ) -> Result<StockTransaction> {
        let lines = input
            .lines
            .iter()
            .map(|l| line(&l.item_id, &l.quantity, None, None))
            .collect::<Result<_>>()?;
        let header = Header {
            kind: Kind::Move,
            location: input.from_location_id,
            to_location: Some(input.to_location_id),
            partner: None,
            note: input.note,
            occurred_at: input.occurred_at,
            idempotency_key: input.idempotency_key,
        };
        record(ctx, header, lines).await
    }

    /// Reverses a transaction by recording its opposite. Needs the member role.
    async fn void_stock_transaction(
        &self,
        ctx: &Context<'_>,
        input: VoidStockTransactionInput,
    ) -> Result<StockTransaction> {
        let id = parse_id("id", &input.id)?;
        let (scope, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let recorded = stock::void(&mut tx, &scope, id, input.note, input.idempotency_key).await?;
        tx.commit().await?;
        Ok(published(ctx, scope.org, recorded).await)
    }
}
