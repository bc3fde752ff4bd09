//! Endpoints as admins manage them, and their delivery log.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{Duration, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, IntoActiveModel as _, QueryOrder as _, QuerySelect as _};

use super::{DeliveryStatus, EventType};
use crate::entities::{
    organizations, webhook_deliveries, webhook_endpoints, webhook_events, webhook_sequences,
};
use crate::error::{DomainError, DomainResult};
use crate::paging::{Page, Window};
use crate::scope::{Role, TenantScope, TenantTx};

/// Endpoints an organization may have.
pub const MAX_ENDPOINTS: u64 = 20;
/// How long a rotated-out secret still signs deliveries (beside the new one).
pub const ROTATION_OVERLAP: Duration = Duration::hours(24);

pub struct NewEndpoint<'a> {
    /// Checked by the caller against the outbound URL policy (scheme, addresses).
    pub url: &'a str,
    pub events: &'a [EventType],
    pub description: Option<&'a str>,
}

#[derive(Default)]
pub struct EndpointChanges<'a> {
    pub url: Option<&'a str>,
    pub events: Option<&'a [EventType]>,
    /// `Some(None)` clears it.
    pub description: Option<Option<&'a str>>,
}

/// An endpoint with its signing secret, shown once.
pub struct CreatedEndpoint {
    pub endpoint: webhook_endpoints::Model,
    pub secret: String,
}

fn url(text: &str) -> DomainResult<String> {
    let text = text.trim();
    if text.is_empty() || text.len() > 2000 {
        return Err(DomainError::bad_input(
            "url",
            "must be a URL of at most 2000 characters",
        ));
    }
    Ok(text.to_owned())
}

fn events(events: &[EventType]) -> DomainResult<String> {
    if events.is_empty() {
        return Err(DomainError::bad_input(
            "events",
            "name at least one event type",
        ));
    }
    let chosen: Vec<&str> = EventType::ALL
        .into_iter()
        .filter(|t| events.contains(t))
        .map(EventType::as_str)
        .collect();
    Ok(chosen.join(","))
}

fn description(text: Option<&str>) -> DomainResult<Option<String>> {
    crate::types::optional_text("description", text, 500, true)
}

/// `whsec_` and 32 random bytes in base64, as Standard Webhooks libraries expect.
fn new_secret() -> DomainResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| DomainError::Internal(format!("no randomness: {e}")))?;
    Ok(format!("whsec_{}", STANDARD.encode(bytes)))
}

/// Creates an endpoint that gets the events committed from now on. Needs the admin role.
///
/// # Errors
/// `FORBIDDEN` below admin; `BAD_USER_INPUT` on a field or past [`MAX_ENDPOINTS`].
#[tracing::instrument(skip_all)]
pub async fn create_endpoint(
    tx: &TenantTx,
    scope: &TenantScope,
    input: NewEndpoint<'_>,
) -> DomainResult<CreatedEndpoint> {
    scope.require(Role::Admin)?;
    let url = url(input.url)?;
    let events = events(input.events)?;
    let description = description(input.description)?;
    tx.lock_organization().await?;
    let existing = tx
        .select::<webhook_endpoints::Entity>()
        .count(tx.conn())
        .await?;
    if existing >= MAX_ENDPOINTS {
        return Err(DomainError::bad_input(
            "url",
            format!("an organization has at most {MAX_ENDPOINTS} webhook endpoints"),
        ));
    }
    webhook_sequences::Entity::insert(webhook_sequences::ActiveModel {
        organization_id: Set(tx.org().0),
        last_sequence: Set(0),
    })
    .on_conflict(
        OnConflict::column(webhook_sequences::Column::OrganizationId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    let last = tx
        .select::<webhook_sequences::Entity>()
        .one(tx.conn())
        .await?
        .map_or(0, |row| row.last_sequence);
    organizations::Entity::update_many()
        .col_expr(organizations::Column::WebhookEvents, Expr::value(true))
        .filter(organizations::Column::Id.eq(tx.org().0))
        .exec(tx.conn())
        .await?;
    let now = Utc::now();
    let secret = new_secret()?;
    let endpoint = webhook_endpoints::ActiveModel {
        organization_id: Set(tx.org().0),
        id: Set(Uuid::now_v7()),
        url: Set(url),
        description: Set(description),
        events: Set(events),
        secret: Set(secret.clone()),
        previous_secret: Set(None),
        previous_secret_until: Set(None),
        enabled: Set(true),
        disabled_reason: Set(None),
        delivered_through: Set(last),
        failures: Set(0),
        failing_since: Set(None),
        next_attempt_at: Set(now),
        lease_until: Set(None),
        lease_token: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(tx.conn())
    .await?;
    Ok(CreatedEndpoint { endpoint, secret })
}

/// Ends any worker's claim on the endpoint being changed: its next write fails, and the next
/// claim reads the changed row (URL, events, secrets, position).
fn end_claim(endpoint: &mut webhook_endpoints::ActiveModel) {
    endpoint.lease_until = Set(None);
    endpoint.lease_token = Set(None);
}

/// # Errors
/// `NOT_FOUND` for an endpoint not of this organization.
pub async fn get_endpoint(tx: &TenantTx, id: Uuid) -> DomainResult<webhook_endpoints::Model> {
    tx.select::<webhook_endpoints::Entity>()
        .filter(webhook_endpoints::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("webhook endpoint"))
}

/// Endpoints, oldest first.
///
/// # Errors
/// On database failure.
pub async fn list_endpoints(tx: &TenantTx) -> DomainResult<Vec<webhook_endpoints::Model>> {
    Ok(tx
        .select::<webhook_endpoints::Entity>()
        .order_by_asc(webhook_endpoints::Column::Id)
        .all(tx.conn())
        .await?)
}

/// Changes an endpoint's URL, events or description. Needs the admin role.
///
/// # Errors
/// As [`create_endpoint`]; `NOT_FOUND`.
pub async fn update_endpoint(
    tx: &TenantTx,
    scope: &TenantScope,
    id: Uuid,
    changes: EndpointChanges<'_>,
) -> DomainResult<webhook_endpoints::Model> {
    scope.require(Role::Admin)?;
    let mut endpoint = get_endpoint(tx, id).await?.into_active_model();
    if let Some(text) = changes.url {
        endpoint.url = Set(url(text)?);
    }
    if let Some(chosen) = changes.events {
        endpoint.events = Set(events(chosen)?);
    }
    if let Some(text) = changes.description {
        endpoint.description = Set(description(text)?);
    }
    end_claim(&mut endpoint);
    endpoint.updated_at = Set(Utc::now());
    Ok(endpoint.update(tx.conn()).await?)
}

/// A new signing secret; the old one keeps signing beside it for [`ROTATION_OVERLAP`]. A
/// second rotation within the overlap ends the older secret at once (only the secret just
/// replaced overlaps), which is also how a leaked secret is retired. Needs the admin role.
///
/// # Errors
/// `FORBIDDEN`, `NOT_FOUND`.
pub async fn rotate_secret(
    tx: &TenantTx,
    scope: &TenantScope,
    id: Uuid,
) -> DomainResult<CreatedEndpoint> {
    scope.require(Role::Admin)?;
    let current = get_endpoint(tx, id).await?;
    let secret = new_secret()?;
    let now = Utc::now();
    let mut endpoint = current.clone().into_active_model();
    endpoint.previous_secret = Set(Some(current.secret));
    endpoint.previous_secret_until = Set(Some(now + ROTATION_OVERLAP));
    endpoint.secret = Set(secret.clone());
    end_claim(&mut endpoint);
    endpoint.updated_at = Set(now);
    Ok(CreatedEndpoint {
        endpoint: endpoint.update(tx.conn()).await?,
        secret,
    })
}

/// Turns delivery to an endpoint off or back on. Events keep being recorded while it is off;
/// turned on, it resumes where it stopped, at once. Needs the admin role.
///
/// # Errors
/// `FORBIDDEN`, `NOT_FOUND`.
pub async fn set_enabled(
    tx: &TenantTx,
    scope: &TenantScope,
    id: Uuid,
    enabled: bool,
) -> DomainResult<webhook_endpoints::Model> {
    scope.require(Role::Admin)?;
    let current = get_endpoint(tx, id).await?;
    let now = Utc::now();
    let mut endpoint = current.into_active_model();
    endpoint.enabled = Set(enabled);
    if enabled {
        endpoint.disabled_reason = Set(None);
        endpoint.failures = Set(0);
        endpoint.failing_since = Set(None);
        endpoint.next_attempt_at = Set(now);
    } else {
        endpoint.disabled_reason = Set(Some("disabled by an admin".to_owned()));
    }
    end_claim(&mut endpoint);
    endpoint.updated_at = Set(now);
    Ok(endpoint.update(tx.conn()).await?)
}

/// Deletes an endpoint and its delivery log. Needs the admin role.
///
/// # Errors
/// `FORBIDDEN`, `NOT_FOUND`.
pub async fn delete_endpoint(
    tx: &TenantTx,
    scope: &TenantScope,
    id: Uuid,
) -> DomainResult<webhook_endpoints::Model> {
    scope.require(Role::Admin)?;
    tx.lock_organization().await?;
    let endpoint = get_endpoint(tx, id).await?;
    webhook_endpoints::Entity::delete_many()
        .filter(webhook_endpoints::Column::OrganizationId.eq(tx.org().0))
        .filter(webhook_endpoints::Column::Id.eq(id))
        .exec(tx.conn())
        .await?;
    let remaining = tx
        .select::<webhook_endpoints::Entity>()
        .count(tx.conn())
        .await?;
    if remaining == 0 {
        organizations::Entity::update_many()
            .col_expr(organizations::Column::WebhookEvents, Expr::value(false))
            .filter(organizations::Column::Id.eq(tx.org().0))
            .exec(tx.conn())
            .await?;
    }
    Ok(endpoint)
}

/// The first event still kept, when any is.
async fn first_kept(tx: &TenantTx) -> DomainResult<Option<i64>> {
    Ok(tx
        .select::<webhook_events::Entity>()
        .select_only()
        .column_as(webhook_events::Column::Sequence.min(), "first")
        .into_tuple::<Option<i64>>()
        .one(tx.conn())
        .await?
        .flatten())
}

/// Sends an endpoint every event from `from_sequence` on again, in order (events it was
/// not subscribed to are skipped again). Needs the admin role.
///
/// # Errors
/// `BAD_USER_INPUT` when those events are no longer kept; `FORBIDDEN`, `NOT_FOUND`.
pub async fn replay(
    tx: &TenantTx,
    scope: &TenantScope,
    id: Uuid,
    from_sequence: i64,
) -> DomainResult<webhook_endpoints::Model> {
    scope.require(Role::Admin)?;
    if from_sequence < 1 {
        return Err(DomainError::bad_input("fromSequence", "must be at least 1"));
    }
    let current = get_endpoint(tx, id).await?;
    if let Some(first) = first_kept(tx).await?
        && from_sequence < first
    {
        return Err(DomainError::bad_input(
            "fromSequence",
            format!("events before {first} are no longer kept"),
        ));
    }
    let now = Utc::now();
    let through = current.delivered_through.min(from_sequence - 1);
    let mut endpoint = current.into_active_model();
    endpoint.delivered_through = Set(through);
    endpoint.next_attempt_at = Set(now);
    end_claim(&mut endpoint);
    endpoint.updated_at = Set(now);
    Ok(endpoint.update(tx.conn()).await?)
}

/// Sends the event of a delivery to its endpoint once more, outside the endpoint's order:
/// a new delivery, pending until a worker sends it. Needs the admin role.
///
/// # Errors
/// `NOT_FOUND` for a delivery not of this organization; `BAD_USER_INPUT` when its event is no
/// longer kept.
pub async fn redeliver(
    tx: &TenantTx,
    scope: &TenantScope,
    delivery_id: Uuid,
) -> DomainResult<webhook_deliveries::Model> {
    use webhook_deliveries::Column as C;
    scope.require(Role::Admin)?;
    let delivery = tx
        .select::<webhook_deliveries::Entity>()
        .filter(C::Id.eq(delivery_id))
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("webhook delivery"))?;
    let kept = tx
        .select::<webhook_events::Entity>()
        .filter(webhook_events::Column::Sequence.eq(delivery.sequence))
        .count(tx.conn())
        .await?;
    if kept == 0 {
        return Err(DomainError::bad_input(
            "deliveryId",
            "its event is no longer kept",
        ));
    }
    let attempts = tx
        .select::<webhook_deliveries::Entity>()
        .filter(C::EndpointId.eq(delivery.endpoint_id))
        .filter(C::Sequence.eq(delivery.sequence))
        .count(tx.conn())
        .await?;
    let now = Utc::now();
    let pending = webhook_deliveries::ActiveModel {
        organization_id: Set(tx.org().0),
        id: Set(Uuid::now_v7()),
        endpoint_id: Set(delivery.endpoint_id),
        sequence: Set(delivery.sequence),
        event_id: Set(delivery.event_id),
        event_type: Set(delivery.event_type),
        attempt: Set(i32::try_from(attempts + 1).unwrap_or(i32::MAX)),
        redelivery: Set(true),
        status: Set(DeliveryStatus::Pending.as_str().to_owned()),
        status_code: Set(None),
        latency_ms: Set(None),
        error: Set(None),
        response_body: Set(None),
        created_at: Set(now),
        attempted_at: Set(None),
        lease_until: Set(None),
    }
    .insert(tx.conn())
    .await?;
    tx.note_enqueued();
    Ok(pending)
}

pub struct DeliveryPage {
    /// Newest first; a delivery's cursor is its id.
    pub deliveries: Page<webhook_deliveries::Model>,
    pub total_count: u64,
}

/// An endpoint's delivery attempts, newest first, optionally of one status.
///
/// # Errors
/// `NOT_FOUND` for an endpoint not of this organization; `BAD_USER_INPUT` on a cursor.
pub async fn deliveries(
    tx: &TenantTx,
    endpoint_id: Uuid,
    status: Option<DeliveryStatus>,
    window: &Window,
) -> DomainResult<DeliveryPage> {
    use webhook_deliveries::Column as C;
    get_endpoint(tx, endpoint_id).await?;
    let mut query = tx
        .select::<webhook_deliveries::Entity>()
        .filter(C::EndpointId.eq(endpoint_id));
    if let Some(status) = status {
        query = query.filter(C::Status.eq(status.as_str()));
    }
    let total_count = query.clone().count(tx.conn()).await?;
    let deliveries = crate::paging::newest_first_by_id(query, C::Id, window, tx.conn()).await?;
    Ok(DeliveryPage {
        deliveries,
        total_count,
    })
}
