use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::billing::{self, Resource};
use entity::catalogue::{
    self, AttributeValue, CategoryInput, ItemChanges, LocationInput, NewItem, PartnerInput,
    ReorderChanges,
};
use entity::scope::Role;
use entity::types::{Money, Qty};

use super::types::{
    AttributeDefinition, AttributeKind, Category, Item, Location, Partner, PartnerKind,
};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::{MoneyAmount, Quantity, parse_id, parse_optional_id};

#[derive(Default)]
pub struct CatalogueMutation;

#[derive(InputObject)]
pub struct AttributeValueInput {
    pub key: String,
    pub value: String,
}

#[derive(InputObject)]
pub struct CreateItemInput {
    pub sku: String,
    pub name: String,
    pub description: Option<String>,
    pub barcode: Option<String>,
    pub category_id: Option<ID>,
    /// Defaults to `pcs`.
    pub unit: Option<String>,
    pub cost: Option<MoneyAmount>,
    pub price: Option<MoneyAmount>,
    pub safety_stock: Option<Quantity>,
    pub image_url: Option<String>,
    #[graphql(default)]
    pub attributes: Vec<AttributeValueInput>,
    /// The supplier reorder suggestions group it under.
    pub preferred_supplier_id: Option<ID>,
    /// Days from ordering to receiving (0 to 730).
    pub lead_time_days: Option<i32>,
    /// Reorder at or below this; by default the location's threshold or the safety stock.
    pub reorder_point: Option<Quantity>,
    /// The least quantity a reorder suggestion proposes.
    pub reorder_quantity: Option<Quantity>,
}

/// Fields left out stay as they are; `null` clears an optional field.
#[derive(InputObject)]
pub struct UpdateItemInput {
    pub sku: Option<String>,
    pub name: Option<String>,
    pub description: MaybeUndefined<String>,
    pub barcode: MaybeUndefined<String>,
    pub category_id: MaybeUndefined<ID>,
    pub unit: Option<String>,
    pub cost: Option<MoneyAmount>,
    pub price: Option<MoneyAmount>,
    pub safety_stock: Option<Quantity>,
    pub image_url: MaybeUndefined<String>,
    /// Replaces all attribute values when given.
    pub attributes: Option<Vec<AttributeValueInput>>,
    pub preferred_supplier_id: MaybeUndefined<ID>,
    pub lead_time_days: MaybeUndefined<i32>,
    pub reorder_point: MaybeUndefined<Quantity>,
    pub reorder_quantity: MaybeUndefined<Quantity>,
}

/// A setting left out stays, `null` clears it.
fn maybe<T: Clone, U>(value: &MaybeUndefined<T>, f: impl FnOnce(T) -> U) -> Option<Option<U>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(f(v.clone()))),
    }
}

/// A category's fields (`createCategory` and `updateCategory`).
#[derive(InputObject)]
#[graphql(name = "CategoryInput")]
pub struct CategoryFields {
    pub name: String,
}

/// A location's fields (`createLocation` and `updateLocation`).
#[derive(InputObject)]
#[graphql(name = "LocationInput")]
pub struct LocationFields {
    pub name: String,
    pub address: Option<String>,
}

/// A partner's fields (`createPartner` and `updatePartner`).
#[derive(InputObject)]
#[graphql(name = "PartnerInput")]
pub struct PartnerFields {
    pub name: String,
    pub kind: PartnerKind,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub notes: Option<String>,
}

/// An attribute definition's changes; its key and kind are fixed.
#[derive(InputObject)]
pub struct UpdateAttributeDefinitionInput {
    pub label: Option<String>,
}

#[derive(InputObject)]
pub struct DefineAttributeInput {
    /// Lower-case letters, digits and `_`.
    pub key: String,
    pub label: String,
    pub kind: AttributeKind,
}

fn attribute_values(values: &[AttributeValueInput]) -> Vec<AttributeValue<'_>> {
    values
        .iter()
        .map(|v| AttributeValue {
            key: &v.key,
            value: &v.value,
        })
        .collect()
}

fn maybe_str(value: &MaybeUndefined<String>) -> Option<Option<&str>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v.as_str())),
    }
}

fn partner_input(fields: &PartnerFields) -> PartnerInput<'_> {
    PartnerInput {
        name: &fields.name,
        kind: fields.kind.into(),
        email: fields.email.as_deref(),
        phone: fields.phone.as_deref(),
        address: fields.address.as_deref(),
        notes: fields.notes.as_deref(),
    }
}

#[Object]
impl CatalogueMutation {
    /// Registers an item. Needs the member role.
    async fn create_item(&self, ctx: &Context<'_>, input: CreateItemInput) -> Result<Item> {
        let category_id = parse_optional_id("categoryId", input.category_id.as_ref())?;
        let (_, mut tx) = ctx.tenant_tx(Role::Member).await?;
        billing::ensure_can_add(&tx, &ctx.services().billing, Resource::Items).await?;
        let item = catalogue::create_item(
            &tx,
            NewItem {
                sku: &input.sku,
                name: &input.name,
                description: input.description.as_deref(),
                barcode: input.barcode.as_deref(),
                category_id,
                unit: input.unit.as_deref(),
                cost: input.cost.map_or(Money::ZERO, |m| m.0),
                price: input.price.map_or(Money::ZERO, |m| m.0),
                safety_stock: input.safety_stock.map_or(Qty::ZERO, |q| q.0),
                image_url: input.image_url.as_deref(),
                attributes: attribute_values(&input.attributes),
                reorder: ReorderChanges {
                    preferred_supplier_id: Some(parse_optional_id(
                        "preferredSupplierId",
                        input.preferred_supplier_id.as_ref(),
                    )?),
                    lead_time_days: Some(input.lead_time_days),
                    reorder_point: Some(input.reorder_point.map(|q| q.0)),
                    reorder_quantity: Some(input.reorder_quantity.map(|q| q.0)),
                },
            },
        )
        .await?;
        tx.audit_target("item", item.id);
        tx.commit().await?;
        Ok(Item(item))
    }

    /// Changes an item. Needs the member role.
    async fn update_item(&self, ctx: &Context<'_>, id: ID, input: UpdateItemInput) -> Result<Item> {
        let id = parse_id("id", &id)?;
        let category_id = match &input.category_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(category) => Some(Some(parse_id("categoryId", category)?)),
        };
        let preferred_supplier_id = match &input.preferred_supplier_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(supplier) => {
                Some(Some(parse_id("preferredSupplierId", supplier)?))
            }
        };
        let (_, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let changes = ItemChanges {
            sku: input.sku.as_deref(),
            name: input.name.as_deref(),
            description: maybe_str(&input.description),
            barcode: maybe_str(&input.barcode),
            category_id,
            unit: input.unit.as_deref(),
            cost: input.cost.map(|m| m.0),
            price: input.price.map(|m| m.0),
            safety_stock: input.safety_stock.map(|q| q.0),
            image_url: maybe_str(&input.image_url),
            attributes: input.attributes.as_deref().map(attribute_values),
            reorder: ReorderChanges {
                preferred_supplier_id,
                lead_time_days: maybe(&input.lead_time_days, |d| d),
                reorder_point: maybe(&input.reorder_point, |q| q.0),
                reorder_quantity: maybe(&input.reorder_quantity, |q| q.0),
            },
        };
        let item = catalogue::update_item(&tx, id, changes).await?;
        tx.audit_target("item", item.id);
        tx.commit().await?;
        Ok(Item(item))
    }

    /// Hides an item from lists and pickers; its history stays. Needs the member role.
    async fn archive_item(&self, ctx: &Context<'_>, id: ID) -> Result<Item> {
        self.set_item_archived(ctx, id, true).await
    }

    /// Counts against the plan's items again. Needs the member role.
    async fn unarchive_item(&self, ctx: &Context<'_>, id: ID) -> Result<Item> {
        self.set_item_archived(ctx, id, false).await
    }

    /// Sets the safety stock of an item at one location (`null` removes it).
    async fn set_location_safety_stock(
        &self,
        ctx: &Context<'_>,
        item_id: ID,
        location_id: ID,
        safety_stock: Option<Quantity>,
    ) -> Result<Item> {
        let item = parse_id("itemId", &item_id)?;
        let location = parse_id("locationId", &location_id)?;
        let (_, mut tx) = ctx.tenant_tx(Role::Member).await?;
        catalogue::set_location_threshold(&tx, item, location, safety_stock.map(|q| q.0)).await?;
        let item = catalogue::get_item(&tx, item).await?;
        tx.audit_target("item", item.id);
        tx.commit().await?;
        Ok(Item(item))
    }

    /// Needs the member role.
    async fn create_category(&self, ctx: &Context<'_>, input: CategoryFields) -> Result<Category> {
        let (_, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let category = catalogue::create_category(&tx, CategoryInput { name: &input.name }).await?;
        tx.audit_target("category", category.id);
        tx.commit().await?;
        Ok(Category(category))
    }

    async fn update_category(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: CategoryFields,
    ) -> Result<Category> {
        let id = parse_id("id", &id)?;
        let (_, mut tx) = ctx.tenant_tx(Role::Member).await?;
        let category =
            catalogue::update_category(&tx, id, CategoryInput { name: &input.name }).await?;
        tx.audit_target("category", category.id);
        tx.commit().await?;
        Ok(Category(category))
    }

    /// Relabels an attribute definition (its key and kind are fixed). Needs the admin role.
    async fn update_attribute_definition(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateAttributeDefinitionInput,
    ) -> Result<AttributeDefinition> {
        set_attribute_definition(ctx, id, input.label.as_deref(), None).await
    }

    /// Hides an attribute definition from item forms; values already given stay. Needs the
    /// admin role.
    async fn archive_attribute_definition(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<AttributeDefinition> {
        set_attribute_definition(ctx, id, None, Some(true)).await
    }

    /// Needs the admin role.
    async fn unarchive_attribute_definition(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<AttributeDefinition> {
        set_attribute_definition(ctx, id, None, Some(false)).await
    }

    /// Hides a category from the list (items keep it). Needs the member role.
    async fn archive_category(&self, ctx: &Context<'_>, id: ID) -> Result<Category> {
        set_category_archived(ctx, id, true).await
    }

    /// Needs the member role.
    async fn unarchive_category(&self, ctx: &Context<'_>, id: ID) -> Result<Category> {
        set_category_archived(ctx, id, false).await
    }

    /// Hides a location from lists and pickers; its stock and history stay. Needs the admin
    /// role.
    async fn archive_location(&self, ctx: &Context<'_>, id: ID) -> Result<Location> {
        set_location_archived(ctx, id, true).await
    }

    /// Counts against the plan's locations again. Needs the admin role.
    async fn unarchive_location(&self, ctx: &Context<'_>, id: ID) -> Result<Location> {
        set_location_archived(ctx, id, false).await
    }

    /// Hides a partner from lists and pickers; its history stays. Needs the admin role.
    async fn archive_partner(&self, ctx: &Context<'_>, id: ID) -> Result<Partner> {
        set_partner_archived(ctx, id, true).await
    }

    /// Needs the admin role.
    async fn unarchive_partner(&self, ctx: &Context<'_>, id: ID) -> Result<Partner> {
        set_partner_archived(ctx, id, false).await
    }

    /// Needs the admin role.
    async fn create_location(&self, ctx: &Context<'_>, input: LocationFields) -> Result<Location> {
        let (_, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        billing::ensure_can_add(&tx, &ctx.services().billing, Resource::Locations).await?;
        let location = catalogue::create_location(
            &tx,
            LocationInput {
                name: &input.name,
                address: input.address.as_deref(),
            },
        )
        .await?;
        tx.audit_target("location", location.id);
        tx.commit().await?;
        Ok(Location(location))
    }

    async fn update_location(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: LocationFields,
    ) -> Result<Location> {
        let id = parse_id("id", &id)?;
        let (_, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let location = catalogue::update_location(
            &tx,
            id,
            LocationInput {
                name: &input.name,
                address: input.address.as_deref(),
            },
        )
        .await?;
        tx.audit_target("location", location.id);
        tx.commit().await?;
        Ok(Location(location))
    }

    /// Needs the admin role.
    async fn create_partner(&self, ctx: &Context<'_>, input: PartnerFields) -> Result<Partner> {
        let (_, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let partner = catalogue::create_partner(&tx, partner_input(&input)).await?;
        tx.audit_target("partner", partner.id);
        tx.commit().await?;
        Ok(Partner(partner))
    }

    async fn update_partner(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: PartnerFields,
    ) -> Result<Partner> {
        let id = parse_id("id", &id)?;
        let (_, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let partner = catalogue::update_partner(&tx, id, partner_input(&input)).await?;
        tx.audit_target("partner", partner.id);
        tx.commit().await?;
        Ok(Partner(partner))
    }

    /// Defines a custom attribute for items. Needs the admin role.
    async fn define_attribute(
        &self,
        ctx: &Context<'_>,
        input: DefineAttributeInput,
    ) -> Result<AttributeDefinition> {
        let (_, mut tx) = ctx.tenant_tx(Role::Admin).await?;
        let definition =
            catalogue::define_attribute(&tx, &input.key, &input.label, input.kind.into()).await?;
        tx.audit_target("attributeDefinition", definition.id);
        tx.commit().await?;
        Ok(AttributeDefinition(definition))
    }
}

impl CatalogueMutation {
    async fn set_item_archived(&self, ctx: &Context<'_>, id: ID, archived: bool) -> Result<Item> {
        let id = parse_id("id", &id)?;
        let (_, mut tx) = ctx.tenant_tx(Role::Member).await?;
        if !archived {
            billing::ensure_can_add(&tx, &ctx.services().billing, Resource::Items).await?;
        }
        let item = catalogue::archive_item(&tx, id, archived).await?;
        tx.audit_target("item", item.id);
        tx.commit().await?;
        Ok(Item(item))
    }
}

async fn set_attribute_definition(
    ctx: &Context<'_>,
    id: ID,
    label: Option<&str>,
    archived: Option<bool>,
) -> Result<AttributeDefinition> {
    let id = parse_id("id", &id)?;
    let (_, mut tx) = ctx.tenant_tx(Role::Admin).await?;
    let definition = catalogue::update_attribute(&tx, id, label, archived).await?;
    tx.audit_target("attributeDefinition", definition.id);
    tx.commit().await?;
    Ok(AttributeDefinition(definition))
}

async fn set_category_archived(ctx: &Context<'_>, id: ID, archived: bool) -> Result<Category> {
    let id = parse_id("id", &id)?;
    let (_, mut tx) = ctx.tenant_tx(Role::Member).await?;
    let category = catalogue::set_category_archived(&tx, id, archived).await?;
    tx.audit_target("category", category.id);
    tx.commit().await?;
    Ok(Category(category))
}

async fn set_location_archived(ctx: &Context<'_>, id: ID, archived: bool) -> Result<Location> {
    let id = parse_id("id", &id)?;
    let (_, mut tx) = ctx.tenant_tx(Role::Admin).await?;
    if !archived {
        billing::ensure_can_add(&tx, &ctx.services().billing, Resource::Locations).await?;
    }
    let location = catalogue::set_location_archived(&tx, id, archived).await?;
    tx.audit_target("location", location.id);
    tx.commit().await?;
    Ok(Location(location))
}

async fn set_partner_archived(ctx: &Context<'_>, id: ID, archived: bool) -> Result<Partner> {
    let id = parse_id("id", &id)?;
    let (_, mut tx) = ctx.tenant_tx(Role::Admin).await?;
    let partner = catalogue::set_partner_archived(&tx, id, archived).await?;
    tx.audit_target("partner", partner.id);
    tx.commit().await?;
    Ok(Partner(partner))
}
