//! The GraphQL schema: one folder per domain, merged at the root.

mod account;
pub mod analytics;
pub mod billing;
mod catalogue;
pub mod context;
pub mod error;
pub mod gateway;
pub mod limits;
pub mod live;
pub mod loaders;
mod node;
mod nulls;
mod observe;
pub mod operation;
mod organization;
pub mod paging;
pub mod persisted;
mod prefetch;
mod purchasing;
pub(crate) mod sales;
pub mod scalars;
mod stock;
mod team;
pub mod unit;
mod webhooks;

use std::sync::Arc;

use async_graphql::{MergedObject, MergedSubscription, Schema};

use crate::config::Config;
use crate::metrics::Metrics;
use crate::state::Services;

#[derive(MergedObject, Default)]
pub struct Query(
    account::AccountQuery,
    organization::OrganizationQuery,
    catalogue::CatalogueQuery,
    stock::StockQuery,
    analytics::AnalyticsQuery,
    team::TeamQuery,
    billing::BillingQuery,
    node::NodeQuery,
    webhooks::WebhookQuery,
    purchasing::PurchasingQuery,
    sales::SalesQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    account::AccountMutation,
    account::PasswordMutation,
    organization::OrganizationMutation,
    catalogue::CatalogueMutation,
    stock::StockMutation,
    team::TeamMutation,
    billing::BillingMutation,
    webhooks::WebhookMutation,
    purchasing::PurchasingMutation,
    sales::SalesMutation,
);

#[derive(MergedSubscription, Default)]
pub struct Subscription(
    organization::OrganizationSubscription,
    stock::StockSubscription,
);

pub type AppSchema = Schema<Query, Mutation, Subscription>;

/// Builds the schema with its limits, behind the [`Gateway`](gateway::Gateway) that checks
/// documents, labels metrics and gives errors their codes.
///
/// # Errors
/// When the persisted operations of the configuration cannot be loaded.
pub fn build(
    services: Arc<Services>,
    metrics: Arc<Metrics>,
    config: &Config,
) -> anyhow::Result<gateway::Gateway> {
    let schema = |max_depth: Option<usize>| {
        let builder = Schema::build(
            Query::default(),
            Mutation::default(),
            Subscription::default(),
        )
        .data(services.clone())
        .limit_complexity(config.graphql_max_complexity)
        .limit_recursive_depth(limits::MAX_RECURSIVE_DEPTH)
        .limit_directives(16);
        let builder = match max_depth {
            Some(depth) => builder.limit_depth(depth),
            None => builder,
        };
        let builder = if platform::telemetry::exporting() {
            builder.extension(observe::ResolverSpans)
        } else {
            builder
        };
        if config.graphql_introspection {
            builder.finish()
        } else {
            // "Did you mean …?" would tell the names introspection no longer does.
            builder
                .disable_introspection()
                .disable_suggestions()
                .finish()
        }
    };
    let limited = schema(Some(config.graphql_max_depth));
    // Read once: the root fields metrics may label, and every field's type for failed fields.
    let schema_sdl = limited.sdl();
    let metrics = observe::OperationMetrics {
        metrics,
        root_fields: Arc::new(operation::schema_root_fields(&schema_sdl)),
    };
    let field_types = gateway::FieldTypes::from_sdl(&schema_sdl);
    let schemas = gateway::Schemas {
        limited,
        // Introspection is checked for depth by the gateway, `ofType` not counted.
        introspection: config.graphql_introspection.then(|| schema(None)),
        max_depth: config.graphql_max_depth,
    };
    let limits = limits::DocumentLimits::from_config(config);
    let persisted = persisted::PersistedQueries::new(
        services.bus.clone(),
        config.persisted_queries()?,
        config.graphql_persisted_only,
        limits,
    );
    Ok(gateway::Gateway::new(
        schemas,
        limits,
        persisted,
        metrics,
        field_types,
    ))
}

/// The schema's SDL, without needing services (for `/schema.graphql` and schema checks).
pub fn sdl() -> String {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .finish()
    .sdl_with_options(async_graphql::SDLExportOptions::new().include_specified_by())
}
