//! Prometheus metrics: HTTP requests, GraphQL operations, database pool.

use std::sync::atomic::AtomicU64;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sea_orm::DatabaseConnection;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OperationLabels {
    pub operation: String,
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabels {
    pub state: &'static str,
}

pub struct Metrics {
    registry: Registry,
    http_requests: Family<HttpLabels, Counter>,
    http_duration: Family<HttpLabels, Histogram>,
    operations: Family<OperationLabels, Counter>,
    operation_duration: Family<OperationLabels, Histogram>,
    pool_connections: Family<PoolLabels, Gauge<i64, std::sync::atomic::AtomicI64>>,
    pool_max: Gauge<u64, AtomicU64>,
    statements: Family<StatementLabels, Counter>,
    statement_duration: Histogram,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatementLabels {
    pub outcome: &'static str,
}

fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("stockroom");
        let http_requests = Family::<HttpLabels, Counter>::default();
        let http_duration = Family::<HttpLabels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let operations = Family::<OperationLabels, Counter>::default();
        let operation_duration = Family::<OperationLabels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let pool_connections = Family::default();
        let pool_max = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            http_requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency",
            http_duration.clone(),
        );
        registry.register(
            "graphql_operations",
            "GraphQL operations by root field and outcome",
            operations.clone(),
        );
        registry.register(
            "graphql_operation_duration_seconds",
            "GraphQL operation latency",
            operation_duration.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database pool connections by state",
            pool_connections.clone(),
        );
        registry.register(
            "db_pool_max_connections",
            "Database pool capacity",
            pool_max.clone(),
        );
        let statements = Family::<StatementLabels, Counter>::default();
        let statement_duration = latency_histogram();
        registry.register(
            "db_statements",
            "SQL statements executed",
            statements.clone(),
        );
        registry.register(
            "db_statement_duration_seconds",
            "SQL statement latency",
            statement_duration.clone(),
        );
        Self {
            registry,
            http_requests,
            http_duration,
            operations,
            operation_duration,
            pool_connections,
            pool_max,
            statements,
            statement_duration,
        }
    }
}

impl Metrics {
    pub fn record_http(&self, labels: HttpLabels, elapsed: Duration) {
        self.http_requests.get_or_create(&labels).inc();
        self.http_duration
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
    }

    /// Counts one GraphQL operation under `label` (chosen by the server from a bounded set).
    pub fn record_operation(&self, label: &str, ok: bool, elapsed: Duration) {
        let labels = OperationLabels {
            operation: label.to_owned(),
            outcome: if ok { "ok" } else { "error" },
        };
        self.operations.get_or_create(&labels).inc();
        self.operation_duration
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
    }

    pub fn record_statement(&self, failed: bool, elapsed: Duration) {
        let outcome = if failed { "error" } else { "ok" };
        self.statements
            .get_or_create(&StatementLabels { outcome })
            .inc();
        self.statement_duration.observe(elapsed.as_secs_f64());
    }

    /// The text exposition, with pool gauges read now.
    pub fn render(&self, db: &DatabaseConnection) -> String {
        if let Some(stats) = entity::db::pool_stats(db) {
            let in_use = i64::from(stats.size.saturating_sub(stats.idle));
            self.pool_connections
                .get_or_create(&PoolLabels { state: "in_use" })
                .set(in_use);
            self.pool_connections
                .get_or_create(&PoolLabels { state: "idle" })
                .set(i64::from(stats.idle));
            self.pool_max.set(u64::from(stats.max));
        }
        let mut text = String::new();
        if let Err(error) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            tracing::error!(error = %error, "metrics encoding failed");
        }
        text
    }
}
