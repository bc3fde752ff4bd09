//! The tax rates an organization charges on sales lines.

use chrono::{SubsecRound as _, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, IntoActiveModel as _, QueryFilter, QueryOrder as _, SqlErr};

use super::amounts::percent;
use crate::entities::tax_rates;
use crate::error::{DomainError, DomainResult};
use crate::scope::{Role, TenantScope, TenantTx};
use crate::types::bounded_text;

/// Adds a tax rate (admins).
///
/// # Errors
/// `FORBIDDEN` below admin; `BAD_USER_INPUT` on `name` (also when taken) or `percent`.
#[tracing::instrument(skip_all)]
pub async fn create_tax_rate(
    tx: &mut TenantTx,
    scope: &TenantScope,
    name: &str,
    percent_scaled: i64,
) -> DomainResult<tax_rates::Model> {
    scope.require(Role::Admin)?;
    let row = tax_rates::Model {
        organization_id: tx.org().0,
        id: Uuid::now_v7(),
        name: bounded_text("name", name, 100, false)?,
        percent: percent("percent", percent_scaled)?,
        archived: false,
        created_at: Utc::now().trunc_subsecs(6),
    };
    let active: tax_rates::ActiveModel = row.clone().into();
    tax_rates::Entity::insert(active)
        .exec_without_returning(tx.conn())
        .await
        .map_err(name_taken)?;
    tx.audit_target("taxRate", row.id);
    Ok(row)
}

/// Renames a tax rate, changes its percentage (for lines made from now on: invoices keep
/// the rate they were made with) or archives it (admins).
///
/// # Errors
/// `FORBIDDEN` below admin; `NOT_FOUND`; `BAD_USER_INPUT` as [`create_tax_rate`].
#[tracing::instrument(skip_all)]
pub async fn update_tax_rate(
    tx: &mut TenantTx,
    scope: &TenantScope,
    id: Uuid,
    name: Option<&str>,
    percent_scaled: Option<i64>,
    archived: Option<bool>,
) -> DomainResult<tax_rates::Model> {
    scope.require(Role::Admin)?;
    let rate = tx
        .select::<tax_rates::Entity>()
        .filter(tax_rates::Column::Id.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("tax rate"))?;
    tx.audit_target("taxRate", id);
    let mut row = rate.into_active_model();
    if let Some(name) = name {
        row.name = Set(bounded_text("name", name, 100, false)?);
    }
    if let Some(value) = percent_scaled {
        row.percent = Set(percent("percent", value)?);
    }
    if let Some(archived) = archived {
        row.archived = Set(archived);
    }
    row.update(tx.conn()).await.map_err(name_taken)
}

/// The organization's tax rates by name (archived ones too, when asked).
///
/// # Errors
/// On database failure.
pub async fn list_tax_rates(
    tx: &TenantTx,
    include_archived: bool,
) -> DomainResult<Vec<tax_rates::Model>> {
    let mut query = tx.select::<tax_rates::Entity>();
    if !include_archived {
        query = query.filter(tax_rates::Column::Archived.eq(false));
    }
    Ok(query
        .order_by_asc(tax_rates::Column::Name)
        .all(tx.conn())
        .await?)
}

fn name_taken(error: DbErr) -> DomainError {
    if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        DomainError::bad_input("name", "another tax rate has this name")
    } else {
        error.into()
    }
}
