//! Creating, changing and finding items.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, IntoActiveModel, QueryFilter, SqlErr};

use super::attributes::{AttributeKind, AttributeValue};
use super::ensure_exist;
use super::places::find;
use crate::entities::{
    attribute_definitions, categories, item_attribute_values, item_location_thresholds, items,
    locations,
};
use crate::error::{DomainError, DomainResult};
use crate::scope::TenantTx;
use crate::types::{Money, Qty, bounded_text, code, non_negative, optional_text};
use crate::webhooks::EventType;

pub struct NewItem<'a> {
    pub sku: &'a str,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub barcode: Option<&'a str>,
    pub category_id: Option<Uuid>,
    pub unit: Option<&'a str>,
    pub cost: Money,
    pub price: Money,
    pub safety_stock: Qty,
    pub image_url: Option<&'a str>,
    pub attributes: Vec<AttributeValue<'a>>,
    pub reorder: ReorderChanges,
}

/// How an item is reordered (see [`crate::purchasing`]); `None` leaves a setting as it is,
/// `Some(None)` clears it.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReorderChanges {
    pub preferred_supplier_id: Option<Option<Uuid>>,
    pub lead_time_days: Option<Option<i32>>,
    pub reorder_point: Option<Option<Qty>>,
    pub reorder_quantity: Option<Option<Qty>>,
}

impl ReorderChanges {
    /// Checks and applies the changes to `item`.
    async fn apply(self, tx: &TenantTx, item: &mut items::ActiveModel) -> DomainResult<()> {
        if let Some(supplier) = self.preferred_supplier_id {
            if let Some(id) = supplier {
                let partner = super::get_partner(tx, id).await?;
                if partner.kind == super::PartnerKind::Customer {
                    return Err(DomainError::bad_input(
                        "preferredSupplierId",
                        "is a customer, not a supplier",
                    ));
                }
            }
            item.preferred_supplier_id = Set(supplier);
        }
        if let Some(days) = self.lead_time_days {
            if days.is_some_and(|d| !(0..=730).contains(&d)) {
                return Err(DomainError::bad_input(
                    "leadTimeDays",
                    "must be between 0 and 730",
                ));
            }
            item.lead_time_days = Set(days);
        }
        if let Some(point) = self.reorder_point {
            item.reorder_point = Set(point
                .map(|q| non_negative("reorderPoint", q))
                .transpose()?
                .map(Qty::scaled));
        }
        if let Some(quantity) = self.reorder_quantity {
            if quantity.is_some_and(|q| !q.is_positive()) {
                return Err(DomainError::bad_input(
                    "reorderQuantity",
                    "must be greater than zero",
                ));
            }
            item.reorder_quantity = Set(quantity.map(Qty::scaled));
        }
        Ok(())
    }
}

/// What to change; `None` leaves a field as it is, `Some(None)` clears an optional one.
/// `attributes`, when given, replaces the item's attribute values.
#[derive(Default)]
pub struct ItemChanges<'a> {
    pub sku: Option<&'a str>,
    pub name: Option<&'a str>,
    pub description: Option<Option<&'a str>>,
    pub barcode: Option<Option<&'a str>>,
    pub category_id: Option<Option<Uuid>>,
    pub unit: Option<&'a str>,
    pub cost: Option<Money>,
    pub price: Option<Money>,
    pub safety_stock: Option<Qty>,
    pub image_url: Option<Option<&'a str>>,
    pub attributes: Option<Vec<AttributeValue<'a>>>,
    pub reorder: ReorderChanges,
}

fn image_url(url: Option<&str>) -> DomainResult<Option<String>> {
    let url = optional_text("imageUrl", url, 2000, false)?;
    if let Some(url) = &url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return Err(DomainError::bad_input("imageUrl", "must be an http(s) URL"));
    }
    Ok(url)
}

fn optional_code(field: &'static str, text: Option<&str>) -> DomainResult<Option<String>> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| code(field, t))
        .transpose()
}

/// A unique-key violation on items is about the SKU or the barcode; say which.
fn on_item_conflict(err: DbErr) -> DomainError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) if message.contains("barcode") => {
            DomainError::conflict("barcode", "is already used by another item")
        }
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            DomainError::conflict("sku", "is already used by another item")
        }
        _ => DomainError::Database(err),
    }
}

async fn ensure_category(tx: &TenantTx, category: Option<Uuid>) -> DomainResult<()> {
    match category {
        Some(id) => {
            ensure_exist::<categories::Entity>(tx, categories::Column::Id, &[id], "category").await
        }
        None => Ok(()),
    }
}

/// # Errors
/// `BAD_USER_INPUT` on a field; `NOT_FOUND` for an unknown category; `CONFLICT` on `sku` or
/// `barcode`.
#[tracing::instrument(skip_all)]
pub async fn create_item(tx: &TenantTx, input: NewItem<'_>) -> DomainResult<items::Model> {
    let now = Utc::now();
    let mut item = items::ActiveModel {
        organization_id: Set(tx.org().0),
        id: Set(Uuid::now_v7()),
        sku: Set(code("sku", input.sku)?),
        name: Set(bounded_text("name", input.name, 200, false)?),
        description: Set(optional_text("description", input.description, 2000, true)?),
        barcode: Set(optional_code("barcode", input.barcode)?),
        category_id: Set(input.category_id),
        unit: Set(bounded_text(
            "unit",
            input.unit.unwrap_or("pcs"),
            16,
            false,
        )?),
        cost: Set(non_negative("cost", input.cost)?.scaled()),
        price: Set(non_negative("price", input.price)?.scaled()),
        safety_stock: Set(non_negative("safetyStock", input.safety_stock)?.scaled()),
        image_url: Set(image_url(input.image_url)?),
        archived: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        preferred_supplier_id: Set(None),
        lead_time_days: Set(None),
        reorder_point: Set(None),
        reorder_quantity: Set(None),
    };
    input.reorder.apply(tx, &mut item).await?;
    ensure_category(tx, input.category_id).await?;
    let item = item.insert(tx.conn()).await.map_err(on_item_conflict)?;
    write_attributes(tx, item.id, &input.attributes).await?;
    announce(tx, EventType::ItemCreated, &item)?;
    Ok(item)
}

/// # Errors
/// As [`create_item`], and `NOT_FOUND` for an unknown item.
#[tracing::instrument(skip_all)]
pub async fn update_item(
    tx: &TenantTx,
    id: Uuid,
    changes: ItemChanges<'_>,
) -> DomainResult<items::Model> {
    let mut item = get_item(tx, id).await?.into_active_model();
    if let Some(sku) = changes.sku {
        item.sku = Set(code("sku", sku)?);
    }
    if let Some(name) = changes.name {
        item.name = Set(bounded_text("name", name, 200, false)?);
    }
    if let Some(description) = changes.description {
        item.description = Set(optional_text("description", description, 2000, true)?);
    }
    if let Some(barcode) = changes.barcode {
        item.barcode = Set(optional_code("barcode", barcode)?);
    }
    if let Some(category) = changes.category_id {
        ensure_category(tx, category).await?;
        item.category_id = Set(category);
    }
    if let Some(unit) = changes.unit {
        item.unit = Set(bounded_text("unit", unit, 16, false)?);
    }
    if let Some(cost) = changes.cost {
        item.cost = Set(non_negative("cost", cost)?.scaled());
    }
    if let Some(price) = changes.price {
        item.price = Set(non_negative("price", price)?.scaled());
    }
    if let Some(safety_stock) = changes.safety_stock {
        item.safety_stock = Set(non_negative("safetyStock", safety_stock)?.scaled());
    }
    if let Some(url) = changes.image_url {
        item.image_url = Set(image_url(url)?);
    }
    changes.reorder.apply(tx, &mut item).await?;
    item.updated_at = Set(Utc::now());
    let item = item.update(tx.conn()).await.map_err(on_item_conflict)?;
    if let Some(attributes) = changes.attributes {
        item_attribute_values::Entity::delete_many()
            .filter(item_attribute_values::Column::OrganizationId.eq(tx.org().0))
            .filter(item_attribute_values::Column::ItemId.eq(id))
            .exec(tx.conn())
            .await?;
        write_attributes(tx, id, &attributes).await?;
    }
    announce(tx, EventType::ItemUpdated, &item)?;
    Ok(item)
}

/// The webhook event of an item created or changed.
fn announce(tx: &TenantTx, event_type: EventType, item: &items::Model) -> DomainResult<()> {
    if !tx.may_have_webhooks() {
        return Ok(());
    }
    crate::webhooks::emit(
        tx,
        event_type,
        &serde_json::json!({
            "id": item.id,
            "sku": item.sku,
            "name": item.name,
            "description": item.description,
            "barcode": item.barcode,
            "categoryId": item.category_id,
            "unit": item.unit,
            "cost": Money::from_scaled(item.cost),
            "price": Money::from_scaled(item.price),
            "safetyStock": Qty::from_scaled(item.safety_stock),
            "preferredSupplierId": item.preferred_supplier_id,
            "leadTimeDays": item.lead_time_days,
            "reorderPoint": item.reorder_point.map(Qty::from_scaled),
            "reorderQuantity": item.reorder_quantity.map(Qty::from_scaled),
            "archived": item.archived,
            "updatedAt": item.updated_at,
        }),
    )
}

async fn write_attributes(
    tx: &TenantTx,
    item: Uuid,
    values: &[AttributeValue<'_>],
) -> DomainResult<()> {
    if values.is_empty() {
        return Ok(());
    }
    let definitions: HashMap<String, (Uuid, AttributeKind)> = tx
        .select::<attribute_definitions::Entity>()
        .filter(attribute_definitions::Column::Archived.eq(false))
        .all(tx.conn())
        .await?
        .into_iter()
        .map(|d| (d.key, (d.id, d.kind)))
        .collect();
    let mut rows = Vec::with_capacity(values.len());
    let mut seen = std::collections::HashSet::new();
    for value in values {
        let Some((attribute, kind)) = definitions.get(value.key.trim()) else {
            return Err(DomainError::bad_input(
                "attributes",
                format!("{} is not a defined attribute", value.key),
            ));
        };
        if !seen.insert(*attribute) {
            return Err(DomainError::bad_input(
                "attributes",
                format!("{} is given twice", value.key),
            ));
        }
        rows.push(item_attribute_values::ActiveModel {
            organization_id: Set(tx.org().0),
            item_id: Set(item),
            attribute_id: Set(*attribute),
            value: Set(kind.canonical(value.key, value.value)?),
        });
    }
    item_attribute_values::Entity::insert_many(rows)
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// # Errors
/// `NOT_FOUND`.
#[tracing::instrument(skip_all)]
pub async fn get_item(tx: &TenantTx, id: Uuid) -> DomainResult<items::Model> {
    find::<items::Entity>(tx, items::Column::Id, id, "item").await
}

/// The item whose barcode (or, failing that, SKU) is `scanned`.
///
/// # Errors
/// `NOT_FOUND`.
#[tracing::instrument(skip_all)]
pub async fn item_by_barcode(tx: &TenantTx, scanned: &str) -> DomainResult<items::Model> {
    let scanned = crate::types::filter_text("code", scanned.trim(), 200)?;
    if let Some(item) = tx
        .select::<items::Entity>()
        .filter(items::Column::Barcode.eq(scanned))
        .one(tx.conn())
        .await?
    {
        return Ok(item);
    }
    tx.select::<items::Entity>()
        .filter(items::Column::Sku.eq(scanned))
        .one(tx.conn())
        .await?
        .ok_or(DomainError::not_found("item"))
}

/// Archives (hides from lists, keeps history) or restores an item.
///
/// # Errors
/// `NOT_FOUND`.
#[tracing::instrument(skip_all)]
pub async fn archive_item(tx: &TenantTx, id: Uuid, archived: bool) -> DomainResult<items::Model> {
    let mut item = get_item(tx, id).await?.into_active_model();
    item.archived = Set(archived);
    item.updated_at = Set(Utc::now());
    let item = item.update(tx.conn()).await?;
    announce(tx, EventType::ItemUpdated, &item)?;
    Ok(item)
}

/// Sets (or with `None` removes) the safety stock of an item at one location.
///
/// # Errors
/// `FORBIDDEN` at a location hidden from a restricted member; `NOT_FOUND` for an unknown
/// item or location; `BAD_USER_INPUT` when negative.
#[tracing::instrument(skip_all)]
pub async fn set_location_threshold(
    tx: &TenantTx,
    item: Uuid,
    location: Uuid,
    safety_stock: Option<Qty>,
) -> DomainResult<()> {
    tx.locations().require(location)?;
    get_item(tx, item).await?;
    ensure_exist::<locations::Entity>(tx, locations::Column::Id, &[location], "location").await?;
    let scope = |q: sea_orm::DeleteMany<item_location_thresholds::Entity>| {
        q.filter(item_location_thresholds::Column::OrganizationId.eq(tx.org().0))
            .filter(item_location_thresholds::Column::ItemId.eq(item))
            .filter(item_location_thresholds::Column::LocationId.eq(location))
    };
    match safety_stock {
        None => {
            scope(item_location_thresholds::Entity::delete_many())
                .exec(tx.conn())
                .await?;
        }
        Some(safety_stock) => {
            let row = item_location_thresholds::ActiveModel {
                organization_id: Set(tx.org().0),
                item_id: Set(item),
                location_id: Set(location),
                safety_stock: Set(non_negative("safetyStock", safety_stock)?.scaled()),
            };
            item_location_thresholds::Entity::insert(row)
                .on_conflict(
                    OnConflict::columns([
                        item_location_thresholds::Column::OrganizationId,
                        item_location_thresholds::Column::ItemId,
                        item_location_thresholds::Column::LocationId,
                    ])
                    .update_column(item_location_thresholds::Column::SafetyStock)
                    .to_owned(),
                )
                .exec(tx.conn())
                .await?;
        }
    }
    Ok(())
}
