//! Per-operation metrics and log context. The metric label is chosen by the server, never by
//! the client: the root field the executed operation selects when it names a field of the
//! schema, `multiple` when it selects several, `other` otherwise. So the number of series is
//! bounded by the schema, whatever operation names clients make up. Logs keep the client's
//! operation name.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::Request;

use super::operation;
use crate::metrics::Metrics;

/// Label of operations that select no known root field (refused or invalid documents).
const OTHER: &str = "other";
/// Label of operations that select several root fields.
const MULTIPLE: &str = "multiple";

pub struct OperationMetrics {
    pub metrics: Arc<Metrics>,
    /// The schema's root fields: the only names a label may take.
    pub root_fields: Arc<HashSet<String>>,
}

impl OperationMetrics {
    /// The label of `request`'s operation, read from the document the limits parsed.
    pub fn label_of(&self, request: &mut Request) -> Option<String> {
        let operation_name = request.operation_name.clone();
        let document = request.parsed_query().ok()?;
        let operation = operation::selected(document, operation_name.as_deref())?;
        let mut known = operation::root_fields(&operation.node, &document.fragments)
            .into_iter()
            .filter(|name| self.root_fields.contains(*name));
        let first = known.next()?;
        Some(if known.all(|name| name == first) {
            first.to_owned()
        } else {
            MULTIPLE.to_owned()
        })
    }

    /// Counts one operation under `label` (`None`: no known root field).
    pub fn record(&self, label: Option<&str>, ok: bool, took: Duration) {
        self.metrics
            .record_operation(label.unwrap_or(OTHER), ok, took);
    }
}

/// A span for each root field's resolver (the resolvers that open the request's transactions:
/// nested fields read through DataLoaders, whose statements the root field's span holds).
/// Installed only when traces are exported: any extension makes async-graphql run every
/// field through the extension chain.
pub struct ResolverSpans;

impl async_graphql::extensions::ExtensionFactory for ResolverSpans {
    fn create(&self) -> Arc<dyn async_graphql::extensions::Extension> {
        Arc::new(ResolverSpans)
    }
}

#[async_trait::async_trait]
impl async_graphql::extensions::Extension for ResolverSpans {
    async fn resolve(
        &self,
        ctx: &async_graphql::extensions::ExtensionContext<'_>,
        info: async_graphql::extensions::ResolveInfo<'_>,
        next: async_graphql::extensions::NextResolve<'_>,
    ) -> async_graphql::ServerResult<Option<async_graphql::Value>> {
        use tracing::Instrument as _;
        if info.path_node.parent.is_some() || info.is_for_introspection {
            return next.run(ctx, info).await;
        }
        let span = tracing::info_span!(
            "resolver",
            otel.name = format!("{}.{}", info.parent_type, info.name),
            graphql.field = info.name,
        );
        next.run(ctx, info).instrument(span).await
    }
}
