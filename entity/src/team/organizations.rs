//! Organizations and who belongs to them.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, IntoActiveModel, QueryOrder};

use crate::audit::AuditEntry;
use crate::entities::{member_locations, memberships, organizations, outbox_events, users};
use crate::error::{DomainError, DomainResult};
use crate::scope::{OrgId, Role, TenantScope, TenantTx, UserId};
use crate::types::Name;

/// One of a user's organizations with their role in it.
#[derive(Clone, Debug)]
pub struct MembershipView {
    pub role: Role,
    pub organization: organizations::Model,
}

/// Settings to change; `None` leaves one as it is.
#[derive(Clone, Copy, Debug, Default)]
pub struct OrganizationChanges<'a> {
    pub name: Option<&'a str>,
    pub allow_negative_stock: Option<bool>,
    /// Local time of the daily low-stock digest, `HH:MM`.
    pub digest_time: Option<&'a str>,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub time_zone: Option<&'a str>,
    pub purchase_order_prefix: Option<&'a str>,
    pub allow_over_receipt: Option<bool>,
    pub reorder_cover_days: Option<i32>,
    pub sales_order_prefix: Option<&'a str>,
    pub invoice_prefix: Option<&'a str>,
    pub credit_note_prefix: Option<&'a str>,
    /// ISO 4217, e.g. `EUR`.
    pub currency: Option<&'a str>,
    pub payment_terms_days: Option<i32>,
    /// `Some(None)` clears it.
    pub address: Option<Option<&'a str>>,
    /// `Some(None)` clears it.
    pub logo_url: Option<Option<&'a str>>,
}

/// A member of the current organization.
#[derive(Clone, Debug)]
pub struct Member {
    pub user: users::Model,
    pub role: Role,
    pub joined_at: DateTimeUtc,
    /// The only locations the member may act at; empty: all of them.
    pub locations: Vec<Uuid>,
}

pub(crate) async fn insert_organization_with_owner(
    tx: &TenantTx,
    name: Name,
    owner: UserId,
) -> DomainResult<organizations::Model> {
    let now = Utc::now();
    let organization = organizations::ActiveModel {
        id: Set(tx.org().0),
        name: Set(name.into_inner()),
        allow_negative_stock: Set(false),
        digest_time: Set("08:00".to_owned()),
        time_zone: Set("UTC".to_owned()),
        digest_sent_on: Set(None),
        plan: Set("free".to_owned()),
        stripe_customer_id: Set(None),
        stripe_subscription_id: Set(None),
        subscription_status: Set(None),
        current_period_end: Set(None),
        billing_updated_at: Set(None),
        unpaid_since: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        webhook_events: Set(false),
        purchase_order_prefix: Set("PO-".to_owned()),
        allow_over_receipt: Set(false),
        reorder_cover_days: Set(14),
        sales_order_prefix: Set("SO-".to_owned()),
        invoice_prefix: Set("INV-".to_owned()),
        credit_note_prefix: Set("CN-".to_owned()),
        currency: Set("USD".to_owned()),
        payment_terms_days: Set(30),
        address: Set(None),
        logo_url: Set(None),
        closed_before: Set(None),
        closed_before_at: Set(None),
    }
    .insert(tx.conn())
    .await?;
    memberships::ActiveModel {
        organization_id: Set(tx.org().0),
        user_id: Set(owner.0),
        role: Set(Role::Owner),
        low_stock_alerts: Set(None),
        created_at: Set(now),
    }
    .insert(tx.conn())
    .await?;
    Ok(organization)
}

/// The first entry of a new organization's audit log.
pub(crate) async fn audit_creation(
    tx: &TenantTx,
    owner: UserId,
    action: &str,
    ip: Option<String>,
) -> DomainResult<()> {
    let scope = TenantScope::member(tx.org(), owner, Role::Owner);
    let entry =
        AuditEntry::by(&scope, action, serde_json::json!({}), ip).target("organization", tx.org());
    crate::audit::record(tx, entry).await
}

/// Creates an organization with `owner` as its owner.
///
/// # Errors
/// `BAD_USER_INPUT` on `name`.
#[tracing::instrument(skip_all)]
pub async fn create_organization(
    db: &DatabaseConnection,
    owner: UserId,
    name: &str,
    ip: Option<String>,
) -> DomainResult<organizations::Model> {
    let name = Name::parse("name", name)?;
    let tx = TenantTx::begin_for(db, OrgId(Uuid::now_v7()), Some(owner)).await?;
    let organization = insert_organization_with_owner(&tx, name, owner).await?;
    audit_creation(&tx, owner, "createOrganization", ip).await?;
    tx.commit().await?;
    tracing::info!(org_id = %organization.id, user_id = %owner, "organization created");
    Ok(organization)
}

/// # Errors
/// `NOT_FOUND` if the organization vanished.
#[tracing::instrument(skip_all)]
pub async fn get_organization(tx: &TenantTx) -> DomainResult<organizations::Model> {
    organizations::Entity::find_by_id(tx.org().0)
        .one(tx.conn())
        .await?
        .ok_or(DomainError::NotFound {
            entity: "organization",
        })
}

/// Changes the current organization's name or settings (admins and owners).
///
/// # Errors
/// `FORBIDDEN` below admin; `BAD_USER_INPUT` on `name`.
#[tracing::instrument(skip_all)]
pub async fn update_organization(
    tx: &TenantTx,
    scope: &TenantScope,
    changes: OrganizationChanges<'_>,
) -> DomainResult<organizations::Model> {
    scope.require(Role::Admin)?;
    let current = get_organization(tx).await?;
    let current_currency = current.currency.clone();
    let mut organization = current.into_active_model();
    if let Some(name) = changes.name {
        organization.name = Set(Name::parse("name", name)?.into_inner());
    }
    if let Some(allow) = changes.allow_negative_stock {
        organization.allow_negative_stock = Set(allow);
    }
    if let Some(time) = changes.digest_time {
        let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| {
            DomainError::bad_input("digestTime", "must be a time of day such as 07:30")
        })?;
        organization.digest_time = Set(time.format("%H:%M").to_string());
    }
    if let Some(zone) = changes.time_zone {
        let zone: chrono_tz::Tz = zone.trim().parse().map_err(|_| {
            DomainError::bad_input(
                "timeZone",
                "must be an IANA time zone such as Europe/Berlin",
            )
        })?;
        organization.time_zone = Set(zone.name().to_owned());
    }
    if let Some(prefix) = changes.purchase_order_prefix {
        organization.purchase_order_prefix = Set(document_prefix("purchaseOrderPrefix", prefix)?);
    }
    if let Some(prefix) = changes.sales_order_prefix {
        organization.sales_order_prefix = Set(document_prefix("salesOrderPrefix", prefix)?);
    }
    if let Some(prefix) = changes.invoice_prefix {
        organization.invoice_prefix = Set(document_prefix("invoicePrefix", prefix)?);
    }
    if let Some(prefix) = changes.credit_note_prefix {
        organization.credit_note_prefix = Set(document_prefix("creditNotePrefix", prefix)?);
    }
    if let Some(currency) = changes.currency {
        let currency = crate::sales::currency_code(currency)?;
        if currency != current_currency && crate::sales::has_invoices(tx).await? {
            return Err(DomainError::conflict(
                "currency",
                format!(
                    "invoices were made in {current_currency}; statements would mix currencies"
                ),
            ));
        }
        organization.currency = Set(currency);
    }
    if let Some(days) = changes.payment_terms_days {
        if !(0..=365).contains(&days) {
            return Err(DomainError::bad_input(
                "paymentTermsDays",
                "must be between 0 and 365",
            ));
        }
        organization.payment_terms_days = Set(days);
    }
    if let Some(address) = changes.address {
        organization.address = Set(crate::types::optional_text("address", address, 1000, true)?);
    }
    if let Some(url) = changes.logo_url {
        organization.logo_url = Set(logo_url(url)?);
    }
    if let Some(allow) = changes.allow_over_receipt {
        organization.allow_over_receipt = Set(allow);
    }
    if let Some(days) = changes.reorder_cover_days {
        if !(0..=365).contains(&days) {
            return Err(DomainError::bad_input(
                "reorderCoverDays",
                "must be between 0 and 365",
            ));
        }
        organization.reorder_cover_days = Set(days);
    }
    organization.updated_at = Set(Utc::now());
    Ok(organization.update(tx.conn()).await?)
}

/// A numbering prefix: up to 10 letters, digits, `-`, `_` or `/`.
fn document_prefix(field: &'static str, prefix: &str) -> DomainResult<String> {
    let prefix = prefix.trim();
    if prefix.len() > 10
        || !prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_/".contains(&b))
    {
        return Err(DomainError::bad_input(
            field,
            "must be up to 10 letters, digits, -, _ or /",
        ));
    }
    Ok(prefix.to_owned())
}

/// An https address of an image (empty clears it).
fn logo_url(url: Option<&str>) -> DomainResult<Option<String>> {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    if url.len() > 2000 || !url.starts_with("https://") || url.chars().any(char::is_whitespace) {
        return Err(DomainError::bad_input(
            "logoUrl",
            "must be an https:// address of at most 2000 characters",
        ));
    }
    Ok(Some(url.to_owned()))
}

/// The members of the current organization, owners first, then by name.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn list_members(tx: &TenantTx) -> DomainResult<Vec<Member>> {
    let rows = tx
        .select::<memberships::Entity>()
        .find_also_related(users::Entity)
        .order_by_asc(users::Column::Name)
        .order_by_asc(users::Column::Id)
        .all(tx.conn())
        .await?;
    let scopes = tx
        .select::<member_locations::Entity>()
        .all(tx.conn())
        .await?;
    let mut members: Vec<Member> = rows
        .into_iter()
        .filter_map(|(m, user)| {
            user.map(|user| Member {
                locations: scopes
                    .iter()
                    .filter(|s| s.user_id == user.id)
                    .map(|s| s.location_id)
                    .collect(),
                user,
                role: m.role,
                joined_at: m.created_at,
            })
        })
        .collect();
    members.sort_by_key(|m| std::cmp::Reverse(m.role));
    Ok(members)
}

/// Deletes the current organization and everything it owns (owners only). `confirm_name`
/// must be the organization's name. With billing on, a live subscription must be cancelled
/// first, so nobody is charged for an organization that is gone.
///
/// # Errors
/// `FORBIDDEN` below owner or for an API key; `BAD_USER_INPUT` when the name does not match;
/// `CONFLICT` while a subscription is live.
#[tracing::instrument(skip_all)]
pub async fn delete_organization(
    tx: &TenantTx,
    scope: &TenantScope,
    confirm_name: &str,
    billing: &crate::billing::Billing,
) -> DomainResult<()> {
    scope.require(Role::Owner)?;
    if scope.api_key.is_some() {
        return Err(DomainError::forbidden(
            "an API key cannot delete its organization",
        ));
    }
    tx.lock_organization().await?;
    let organization = get_organization(tx).await?;
    if organization.name != confirm_name.trim() {
        return Err(DomainError::bad_input(
            "confirmName",
            "type the organization's name exactly to confirm",
        ));
    }
    let live = matches!(
        organization.subscription_status.as_deref(),
        Some("active" | "trialing" | "past_due" | "unpaid")
    );
    if billing.enabled() && live {
        return Err(DomainError::conflict(
            "confirmName",
            "cancel the subscription in the billing portal first",
        ));
    }
    // Every tenant table references the organization with ON DELETE CASCADE, except the
    // outbox, which also holds events of no organization (see `outbox::NO_ORGANIZATION`).
    // Its events go second: the cascade waits for writers of the organization's rows, and
    // this later statement sees the events those writers committed meanwhile.
    organizations::Entity::delete_by_id(organization.id)
        .exec(tx.conn())
        .await?;
    outbox_events::Entity::delete_many()
        .filter(outbox_events::Column::OrganizationId.eq(organization.id))
        .exec(tx.conn())
        .await?;
    tracing::info!(org_id = %organization.id, user_id = %scope.user, "organization deleted");
    Ok(())
}

/// One member of the current organization.
///
/// # Errors
/// `NOT_FOUND` when `user` is not a member.
#[tracing::instrument(skip_all)]
pub async fn member(tx: &TenantTx, user: Uuid) -> DomainResult<Member> {
    let (membership, user) = tx
        .select::<memberships::Entity>()
        .filter(memberships::Column::UserId.eq(user))
        .find_also_related(users::Entity)
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("member"))?;
    let user = user.ok_or(DomainError::not_found("member"))?;
    Ok(Member {
        locations: super::members::member_location_ids(tx, user.id).await?,
        user,
        role: membership.role,
        joined_at: membership.created_at,
    })
}

/// Turns low-stock alert e-mails on or off for the caller in the current organization
/// (`None`: the default, on for owners and admins). Returns whether they are now on.
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn set_low_stock_alerts(
    tx: &TenantTx,
    scope: &TenantScope,
    enabled: Option<bool>,
) -> DomainResult<bool> {
    memberships::Entity::update_many()
        .col_expr(
            memberships::Column::LowStockAlerts,
            sea_orm::sea_query::Expr::value(enabled),
        )
        .filter(memberships::Column::OrganizationId.eq(tx.org().0))
        .filter(memberships::Column::UserId.eq(scope.user.0))
        .exec(tx.conn())
        .await?;
    Ok(enabled.unwrap_or(scope.role >= Role::Admin))
}
