//! What every operation passes through, over HTTP and over a WebSocket, around the schema:
//! the document limits first, the socket's authorization of each operation, the metric label
//! and log field, and the error codes last.
//!
//! This is an [`Executor`] wrapped around the schema rather than async-graphql extensions:
//! with any extension installed, async-graphql runs every field of every response through the
//! extension chain (a boxed future per extension, a type lookup per field), which cost an
//! `items(first: 50)` page more than any of its statements, and none of these needs a field.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use async_graphql::{Data, Executor, Request, Response, ServerError};
use futures::StreamExt as _;
use futures::stream::{self, BoxStream};

use super::AppSchema;
use super::error::classify;
use super::limits::DocumentLimits;
pub use super::nulls::FieldTypes;
use super::observe::OperationMetrics;
use super::persisted::PersistedQueries;
use crate::auth::socket::SocketSession;

/// A socket's session, known once its `connection_init` has been accepted.
pub type SocketSlot = Arc<OnceLock<Arc<SocketSession>>>;

/// The schema, and the same schema for operations that only introspect it, whose depth the
/// gateway checks without counting `ofType` (see [`super::operation::introspection_depth`]).
#[derive(Clone)]
pub struct Schemas {
    pub limited: AppSchema,
    /// `None` when introspection is off.
    pub introspection: Option<AppSchema>,
    pub max_depth: usize,
}

impl Schemas {
    /// The schema to run `request` on: the introspection one for an operation that only asks
    /// about the schema and nests within the depth limit, `ofType` not counted.
    fn for_request(&self, request: &mut Request) -> &AppSchema {
        let Some(introspection) = &self.introspection else {
            return &self.limited;
        };
        let operation_name = request.operation_name.clone();
        let Ok(document) = request.parsed_query() else {
            return &self.limited;
        };
        let depth =
            super::operation::selected(document, operation_name.as_deref()).and_then(|operation| {
                super::operation::introspection_depth(&operation.node, &document.fragments)
            });
        match depth {
            Some(depth) if depth <= self.max_depth => introspection,
            _ => &self.limited,
        }
    }
}

#[derive(Clone)]
pub struct Gateway {
    schemas: Schemas,
    limits: DocumentLimits,
    metrics: Arc<OperationMetrics>,
    persisted: Arc<PersistedQueries>,
    /// Where a failed field's `null` goes.
    field_types: Arc<FieldTypes>,
    /// On a WebSocket: whose operations these are.
    socket: Option<SocketSlot>,
}

impl Gateway {
    pub fn new(
        schemas: Schemas,
        limits: DocumentLimits,
        persisted: PersistedQueries,
        metrics: OperationMetrics,
        field_types: FieldTypes,
    ) -> Self {
        Self {
            schemas,
            limits,
            metrics: Arc::new(metrics),
            persisted: Arc::new(persisted),
            field_types: Arc::new(field_types),
            socket: None,
        }
    }

    /// Persisted queries, for a GET that must know its document before the gateway runs it.
    pub fn persisted(&self) -> &PersistedQueries {
        &self.persisted
    }

    /// The gateway of one WebSocket connection, authorizing each operation as `slot`'s session.
    pub fn for_socket(&self, slot: SocketSlot) -> Self {
        Self {
            socket: Some(slot),
            ..self.clone()
        }
    }

    /// Finds a persisted document, checks the document (parsing it once, for execution too),
    /// then, on a socket, attaches the operation's authorization as an HTTP request would have
    /// it at this moment: the connection keeps its credentials, not the access they once
    /// granted.
    async fn prepare(&self, mut request: Request) -> Result<Request, ServerError> {
        self.persisted.resolve(&mut request).await?;
        self.limits.check(&mut request)?;
        if let Some(operation) = &request.operation_name {
            tracing::Span::current().record("operation", operation.as_str());
        }
        let session = self.socket.as_ref().and_then(|slot| slot.get());
        Ok(match session {
            Some(session) => {
                let (auth, changes) = session.authorize().await;
                super::context::attach_socket(request, session, auth).data(changes)
            }
            None => request,
        })
    }
}

/// `response` with every error coded for clients.
pub fn classified(mut response: Response) -> Response {
    response.errors.iter_mut().for_each(classify);
    response
}

/// What execution needs to place a failed field's `null`: the document's text (taken out of
/// the request once it is parsed, so nothing is copied) and the operation's name.
struct Executed {
    query: Arc<str>,
    operation_name: Option<String>,
}

impl Executed {
    fn take(request: &mut Request) -> Self {
        Self {
            query: std::mem::take(&mut request.query).into(),
            operation_name: request.operation_name.clone(),
        }
    }

    /// `response` with the `null` of each failed field in `data`. Only a response with field
    /// errors parses the document again.
    fn fill_nulls(&self, types: &FieldTypes, mut response: Response) -> Response {
        if response.errors.iter().any(|error| !error.path.is_empty())
            && let Ok(document) = async_graphql::parser::parse_query(&*self.query)
        {
            super::nulls::fill(
                &mut response,
                types,
                &document,
                self.operation_name.as_deref(),
            );
        }
        response
    }
}

impl Executor for Gateway {
    async fn execute(&self, request: Request) -> Response {
        let started = Instant::now();
        let mut label = None;
        let response = match self.prepare(request).await {
            Ok(mut request) => {
                label = self.metrics.label_of(&mut request);
                let schema = self.schemas.for_request(&mut request);
                let executed = Executed::take(&mut request);
                executed.fill_nulls(&self.field_types, schema.execute(request).await)
            }
            Err(error) => Response::from_errors(vec![error]),
        };
        self.metrics
            .record(label.as_deref(), response.is_ok(), started.elapsed());
        classified(response)
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let gateway = self.clone();
        // Before anything that waits: events count from the moment the client asked.
        let asked = super::live::AskedAt(Instant::now());
        stream::once(async move {
            match gateway.prepare(request.data(asked)).await {
                Ok(mut request) => {
                    let executed = Executed::take(&mut request);
                    let types = gateway.field_types.clone();
                    gateway
                        .schemas
                        .limited
                        .execute_stream_with_session_data(request, session_data.unwrap_or_default())
                        .map(move |response| executed.fill_nulls(&types, response))
                        .boxed()
                }
                Err(error) => stream::iter([Response::from_errors(vec![error])]).boxed(),
            }
        })
        .flatten()
        .map(classified)
        .boxed()
    }
}
