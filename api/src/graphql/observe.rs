//! Per-operation metrics and log context. The metric label is chosen by the server, never by
//! the client: the root field the executed operation selects when it names a field of the
//! schema, `multiple` when it selects several, `other` otherwise. So the number of series is
//! bounded by the schema, whatever operation names clients make up. Logs keep the client's
//! operation name.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextPrepareRequest, NextRequest,
};
use async_graphql::{Request, Response, ServerResult};

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

impl ExtensionFactory for OperationMetrics {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OperationMetricsExtension {
            metrics: self.metrics.clone(),
            root_fields: self.root_fields.clone(),
            label: Mutex::default(),
        })
    }
}

struct OperationMetricsExtension {
    metrics: Arc<Metrics>,
    root_fields: Arc<HashSet<String>>,
    label: Mutex<Option<String>>,
}

impl OperationMetricsExtension {
    fn label_of(&self, request: &mut Request) -> Option<String> {
        let operation_name = request.operation_name.clone();
        // Parsed once by the document limits before; this reads the kept document.
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
}

#[async_trait::async_trait]
impl Extension for OperationMetricsExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let started = Instant::now();
        let response = next.run(ctx).await;
        let label = self
            .label
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        self.metrics.record_operation(
            label.as_deref().unwrap_or(OTHER),
            response.is_ok(),
            started.elapsed(),
        );
        response
    }

    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let label = self.label_of(&mut request);
        *self.label.lock().unwrap_or_else(PoisonError::into_inner) = label;
        next.run(ctx, request).await
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(name) = operation_name {
            tracing::Span::current().record("operation", name);
        }
        next.run(ctx, operation_name).await
    }
}
