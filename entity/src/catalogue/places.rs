//! Categories, locations and partners.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, IntoActiveModel, QueryFilter, QueryOrder};

use crate::entities::{categories, locations, partners};
use crate::error::{DomainError, DomainResult};
use crate::scope::TenantTx;
use crate::types::{bounded_text, optional_text};

pub struct CategoryInput<'a> {
    pub name: &'a str,
}

pub struct LocationInput<'a> {
    pub name: &'a str,
    pub address: Option<&'a str>,
}

/// Stored as its text; a value the code does not know fails the read (`DbErr::Type`) instead
/// of passing for another kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum PartnerKind {
    #[sea_orm(string_value = "supplier")]
    Supplier,
    #[sea_orm(string_value = "customer")]
    Customer,
    #[sea_orm(string_value = "both")]
    Both,
}

impl PartnerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Supplier => "supplier",
            Self::Customer => "customer",
            Self::Both => "both",
        }
    }
}

pub struct PartnerInput<'a> {
    pub name: &'a str,
    pub kind: PartnerKind,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub address: Option<&'a str>,
    pub notes: Option<&'a str>,
}

fn name_taken(err: DbErr) -> DomainError {
    DomainError::on_unique_violation(err, "name", "is already used")
}

/// # Errors
/// `BAD_USER_INPUT` on `name`; `CONFLICT` when the name is taken.
#[tracing::instrument(skip_all)]
pub async fn create_category(
    tx: &TenantTx,
    input: CategoryInput<'_>,
) -> DomainResult<categories::Model> {
    let now = Utc::now();
    categories::ActiveModel {
        organization_id: Set(tx.org().0),
        id: Set(Uuid::now_v7()),
        name: Set(bounded_text("name", input.name, 100, false)?),
        archived: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(tx.conn())
    .await
    .map_err(name_taken)
}

/// # Errors
/// `NOT_FOUND`.
#[tracing::instrument(skip_all)]
pub async fn get_category(tx: &TenantTx, id: Uuid) -> DomainResult<categories::Model> {
    find::<categories::Entity>(tx, categories::Column::Id, id, "category").await
}

/// Archives (hides from the list; items keep it) or restores a category.
///
/// # Errors
/// `NOT_FOUND`.
#[tracing::instrument(skip_all)]
pub async fn set_category_archived(
    tx: &TenantTx,
    id: Uuid,
    archived: bool,
) -> DomainResult<categories::Model> {
    let mut category = get_category(tx, id).await?.into_active_model();
    category.archived = Set(archived);
    category.updated_at = Set(Utc::now());
    Ok(category.update(tx.conn()).await?)
}

/// # Errors
/// `NOT_FOUND`, `BAD_USER_INPUT` on `name`, or `CONFLICT`.
#[tracing::instrument(skip_all)]
pub async fn update_category(
    tx: &TenantTx,
    id: Uuid,
    input: CategoryInput<'_>,
) -> DomainResult<categories::Model> {
    let name = bounded_text("name", input.name, 100, false)?;
    let mut category = find::<categories::Entity>(tx, categories::Column::Id, id, "category")
        .await?
        .into_active_model();
    category.name = Set(name);
    category.updated_at = Set(Utc::now());
    category.update(tx.conn()).await.map_err(name_taken)
}

/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn list_categories(
    tx: &TenantTx,
    include_archived: bool,
) -> DomainResult<Vec<categories::Model>> {
    let mut query = tx
        .select::<categories::Entity>()
        .order_by_asc(categories::Column::Name);
    if !include_archived {
        query = query.filter(categories::Column::Archived.eq(false));
    }
    Ok(query.all(tx.conn()).await?)
}

/// # Errors
/// `BAD_USER_INPUT` on a field; `CONFLICT` when the name is taken.
#[tracing::instrument(skip_all)]
pub async fn create_location(
    tx: &TenantTx,
    input: LocationInput<'_>,
) -> DomainResult<locations::Model> {
    let now = Utc::now();
    locations::ActiveModel {
        organization_id: Set(tx.org().0),
        id: Set(Uuid::now_v7()),
        name: Set(bounded_text("name", input.name, 100, false)?),
        address: Set(optional_text("address", input.address, 500, true)?),
        archived: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(tx.conn())
    .await
    .map_err(name_taken)
}

/// # Errors
/// `NOT_FOUND`, `BAD_USER_INPUT` on a field, or `CONFLICT`.
#[tracing::instrument(skip_all)]
pub async fn update_location(
    tx: &TenantTx,
    id: Uuid,
    input: LocationInput<'_>,
) -> DomainResult<locations::Model> {
    let name = bounded_text("name", input.name, 100, false)?;
    let address = optional_text("address", input.address, 500, true)?;
    let mut location = find::<locations::Entity>(tx, locations::Column::Id, id, "location")
        .await?
        .into_active_model();
    location.name = Set(name);
    location.address = Set(address);
    location.updated_at = Set(Utc::now());
    location.update(tx.conn()).await.map_err(name_taken)
}

/// # Errors
/// `NOT_FOUND`.
#[tracing::instrument(skip_all)]
pub async fn set_location_archived(
    tx: &TenantTx,
    id: Uuid,
    archived: bool,
) -> DomainResult<locations::Model> {
    let mut location = find::<locations::Entity>(tx, locations::Column::Id, id, "location")
        .await?
        .into_active_model();
    location.archived = Set(archived);
    location.updated_at = Set(Utc::now());
    Ok(location.update(tx.conn()).await?)
}

/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn list_locations(
    tx: &TenantTx,
    include_archived: bool,
) -> DomainResult<Vec<locations::Model>> {
    let mut query = tx
        .select::<locations::Entity>()
        .order_by_asc(locations::Column::Name);
    if !include_archived {
        query = query.filter(locations::Column::Archived.eq(false));
    }
    if let Some(allowed) = tx.locations().restricted_to() {
        query = query.filter(locations::Column::Id.is_in(allowed.iter().copied()));
    }
    Ok(query.all(tx.conn()).await?)
}

/// A partner's details, checked.
struct PartnerDetails {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    notes: Option<String>,
}

fn partner_details(input: &PartnerInput<'_>) -> DomainResult<PartnerDetails> {
    let email = match input.email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(email) => Some(crate::types::Email::parse(email)?.as_str().to_owned()),
        None => None,
    };
    Ok(PartnerDetails {
        name: bounded_text("name", input.name, 200, false)?,
        email,
        phone: optional_text("phone", input.phone, 50, false)?,
        address: optional_text("address", input.address, 500, true)?,
        notes: optional_text("notes", input.notes, 2000, true)?,
    })
}

/// # Errors
/// `BAD_USER_INPUT` on a field.
#[tracing::instrument(skip_all)]
pub async fn create_partner(
    tx: &TenantTx,
    input: PartnerInput<'_>,
) -> DomainResult<partners::Model> {
    let PartnerDetails {
        name,
        email,
        phone,
        address,
        notes,
    } = partner_details(&input)?;
    let now = Utc::now();
    Ok(partners::ActiveModel {
        organization_id: Set(tx.org().0),
        id: Set(Uuid::now_v7()),
        name: Set(name),
        kind: Set(input.kind),
        email: Set(email),
        phone: Set(phone),
        address: Set(address),
        notes: Set(notes),
        archived: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(tx.conn())
    .await?)
}

/// Replaces a partner's details.
///
/// # Errors
/// `NOT_FOUND` or `BAD_USER_INPUT` on a field.
#[tracing::instrument(skip_all)]
pub async fn update_partner(
    tx: &TenantTx,
    id: Uuid,
    input: PartnerInput<'_>,
) -> DomainResult<partners::Model> {
    let PartnerDetails {
        name,
        email,
        phone,
        address,
        notes,
    } = partner_details(&input)?;
    let mut partner = find::<partners::Entity>(tx, partners::Column::Id, id, "partner")
        .await?
        .into_active_model();
    partner.name = Set(name);
    partner.kind = Set(input.kind);
    partner.email = Set(email);
    partner.phone = Set(phone);
    partner.address = Set(address);
    partner.notes = Set(notes);
    partner.updated_at = Set(Utc::now());
    Ok(partner.update(tx.conn()).await?)
}

/// # Errors
/// `NOT_FOUND`.
#[tracing::instrument(skip_all)]
pub async fn set_partner_archived(
    tx: &TenantTx,
    id: Uuid,
    archived: bool,
) -> DomainResult<partners::Model> {
    let mut partner = find::<partners::Entity>(tx, partners::Column::Id, id, "partner")
        .await?
        .into_active_model();
    partner.archived = Set(archived);
    partner.updated_at = Set(Utc::now());
    Ok(partner.update(tx.conn()).await?)
}

/// Partners by name; `kind` narrows to suppliers or customers (a partner that is both counts
/// as either).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn list_partners(
    tx: &TenantTx,
    kind: Option<PartnerKind>,
    include_archived: bool,
) -> DomainResult<Vec<partners::Model>> {
    let mut query = tx
        .select::<partners::Entity>()
        .order_by_asc(partners::Column::Name)
        .order_by_asc(partners::Column::Id);
    if let Some(kind) = kind.filter(|k| *k != PartnerKind::Both) {
        query = query.filter(partners::Column::Kind.is_in([kind, PartnerKind::Both]));
    }
    if !include_archived {
        query = query.filter(partners::Column::Archived.eq(false));
    }
    Ok(query.all(tx.conn()).await?)
}

/// # Errors
/// `NOT_FOUND`.
#[tracing::instrument(skip_all)]
pub async fn get_location(tx: &TenantTx, id: Uuid) -> DomainResult<locations::Model> {
    if !tx.locations().allows(id) {
        return Err(DomainError::not_found("location"));
    }
    find::<locations::Entity>(tx, locations::Column::Id, id, "location").await
}

/// The locations among `ids` that the caller may see (a restricted member's hidden locations
/// are left out, so neither their names nor their ids reach them through related rows).
///
/// # Errors
/// On database failure.
#[tracing::instrument(skip_all)]
pub async fn visible_locations(tx: &TenantTx, ids: &[Uuid]) -> DomainResult<Vec<locations::Model>> {
    let access = tx.locations();
    let ids: Vec<Uuid> = ids
        .iter()
        .copied()
        .filter(|id| access.allows(*id))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(tx
        .select::<locations::Entity>()
        .filter(locations::Column::Id.is_in(ids))
        .all(tx.conn())
        .await?)
}

/// # Errors
/// `NOT_FOUND`.
#[tracing::instrument(skip_all)]
pub async fn get_partner(tx: &TenantTx, id: Uuid) -> DomainResult<partners::Model> {
    find::<partners::Entity>(tx, partners::Column::Id, id, "partner").await
}

/// One row of this tenant by id.
///
/// # Errors
/// `NOT_FOUND` (as `entity`).
pub(crate) async fn find<E>(
    tx: &TenantTx,
    id_column: E::Column,
    id: Uuid,
    entity: &'static str,
) -> DomainResult<E::Model>
where
    E: crate::scope::TenantOwned,
{
    tx.select::<E>()
        .filter(id_column.eq(id))
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found(entity))
}
