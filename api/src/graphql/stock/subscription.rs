use async_graphql::{Context, Result, Subscription};
use entity::events::TenantEvent;
use entity::scope::Role;
use entity::types::Qty;
use futures::{Stream, StreamExt as _};

use super::types::StockTransaction;
use crate::graphql::catalogue::types::{Item, Location};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::Quantity;

#[derive(Default)]
pub struct StockSubscription;

/// A level of the selected organization changed.
pub struct StockChange {
    item_id: uuid::Uuid,
    location_id: uuid::Uuid,
    quantity: Qty,
}

#[async_graphql::Object]
impl StockChange {
    async fn item(&self, ctx: &Context<'_>) -> Result<Option<Item>> {
        Ok(ctx.loaders()?.items.load_one(self.item_id).await?.map(Item))
    }
    async fn location(&self, ctx: &Context<'_>) -> Result<Option<Location>> {
        Ok(ctx
            .loaders()?
            .locations
            .load_one(self.location_id)
            .await?
            .map(Location))
    }
    /// The new quantity there.
    async fn quantity(&self) -> Quantity {
        Quantity(self.quantity)
    }
}

#[Subscription]
impl StockSubscription {
    /// Every change of a stock level in the selected organization, from any api replica.
    async fn stock_changed(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = StockChange>> {
        let scope = ctx.scope(Role::Viewer).await?;
        Ok(
            crate::graphql::live::tenant_events(ctx, &scope).filter_map(|event| async move {
                match event {
                    TenantEvent::StockChanged {
                        item_id,
                        location_id,
                        quantity,
                    } => Qty::parse(&quantity).ok().map(|quantity| StockChange {
                        item_id,
                        location_id,
                        quantity,
                    }),
                    _ => None,
                }
            }),
        )
    }

    /// Every new stock transaction of the selected organization.
    async fn stock_transaction_created(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = StockTransaction> + use<>> {
        let scope = ctx.scope(Role::Viewer).await?;
        let db = ctx.services().db.clone();
        Ok(
            crate::graphql::live::tenant_events(ctx, &scope).filter_map(move |event| {
                let db = db.clone();
                let scope = scope.clone();
                async move {
                    let TenantEvent::StockTransactionCreated { id } = event else {
                        return None;
                    };
                    let tx = entity::scope::TenantTx::begin(&db, &scope).await.ok()?;
                    let transaction = entity::stock::transaction(&tx, id).await.ok()?;
                    tx.commit().await.ok()?;
                    Some(StockTransaction(transaction))
                }
            }),
        )
    }
}
