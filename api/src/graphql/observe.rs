//! Per-operation metrics and log context, keyed by the operation actually executed (named in
//! the document even when the request did not say `operationName`).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use async_graphql::Response;
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextRequest,
};

use crate::metrics::Metrics;

pub struct OperationMetrics(pub Arc<Metrics>);

impl ExtensionFactory for OperationMetrics {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OperationMetricsExtension {
            metrics: self.0.clone(),
            operation: Mutex::default(),
        })
    }
}

struct OperationMetricsExtension {
    metrics: Arc<Metrics>,
    operation: Mutex<Option<String>>,
}

#[async_trait::async_trait]
impl Extension for OperationMetricsExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let started = Instant::now();
        let response = next.run(ctx).await;
        let operation = self
            .operation
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        self.metrics
            .record_operation(operation.as_deref(), response.is_ok(), started.elapsed());
        response
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(name) = operation_name {
            tracing::Span::current().record("operation", name);
            *self
                .operation
                .lock()
                .unwrap_or_else(PoisonError::into_inner) = Some(name.to_owned());
        }
        next.run(ctx, operation_name).await
    }
}
