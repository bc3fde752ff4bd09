use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use entity::catalogue::{self, ItemFilter, ItemOrder, ItemSort};
use entity::scope::Role;

use super::types::{AttributeDefinition, Category, Item, Location, Partner, PartnerKind};
use crate::graphql::context::ContextExt as _;
use crate::graphql::paging::{Listing, connection};
use crate::graphql::scalars::{parse_id, parse_optional_id};
use entity::paging::Window;

#[derive(Default)]
pub struct CatalogueQuery;

#[derive(InputObject, Default)]
pub struct ItemFilterInput {
    /// Part of the SKU, name or barcode, in any case.
    pub search: Option<String>,
    pub category_id: Option<ID>,
    /// Only items with stock records at this location.
    pub location_id: Option<ID>,
    /// Only items at or below their safety stock (or only those above).
    pub low_stock: Option<bool>,
    /// Archived items instead of active ones.
    #[graphql(default)]
    pub archived: bool,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ItemSortField {
    #[default]
    Name,
    Sku,
    Quantity,
    UpdatedAt,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortDirection {
    #[default]
    Asc,
    Desc,
}

#[derive(InputObject, Default)]
pub struct ItemOrderInput {
    #[graphql(default)]
    pub field: ItemSortField,
    #[graphql(default)]
    pub direction: SortDirection,
}

#[Object]
impl CatalogueQuery {
    async fn item(&self, ctx: &Context<'_>, id: ID) -> Result<Item> {
        let id = parse_id("id", &id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let item = catalogue::get_item(&tx, id).await?;
        drop(tx);
        Ok(Item(item))
    }

    /// The item with this barcode, or else this SKU (for scanners).
    async fn item_by_barcode(&self, ctx: &Context<'_>, code: String) -> Result<Item> {
        let tx = ctx.reader(Role::Viewer).await?;
        let item = catalogue::item_by_barcode(&tx, &code).await?;
        drop(tx);
        Ok(Item(item))
    }

    /// Items, a page at a time (`first` or `last` at most 200).
    #[graphql(
        complexity = "first.or(last).unwrap_or(50).clamp(1, 200) as usize * child_complexity"
    )]
    // Each argument is one of the field's GraphQL arguments.
    #[allow(clippy::too_many_arguments)]
    async fn items(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ItemFilterInput>,
        order_by: Option<ItemOrderInput>,
    ) -> Result<Listing<Item>> {
        let filter = filter.unwrap_or_default();
        let order = order_by.unwrap_or_default();
        let domain_filter = ItemFilter {
            search: filter.search,
            category_id: parse_optional_id("filter.categoryId", filter.category_id.as_ref())?,
            location_id: parse_optional_id("filter.locationId", filter.location_id.as_ref())?,
            low_stock: filter.low_stock,
            archived: filter.archived,
        };
        let domain_order = ItemOrder {
            sort: match order.field {
                ItemSortField::Name => ItemSort::Name,
                ItemSortField::Sku => ItemSort::Sku,
                ItemSortField::Quantity => ItemSort::Quantity,
                ItemSortField::UpdatedAt => ItemSort::UpdatedAt,
            },
            descending: order.direction == SortDirection::Desc,
        };
        let window = Window::new(first, after, last, before)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let page = catalogue::list_items(&tx, &domain_filter, domain_order, &window).await?;
        drop(tx);
        let rows: Vec<_> = page
            .items
            .rows
            .iter()
            .map(|(item, _)| item.clone())
            .collect();
        crate::graphql::prefetch::items(ctx, crate::graphql::prefetch::connection_node(ctx), &rows)
            .await?;
        Ok(connection(page.items, page.total_count, Item))
    }

    async fn location(&self, ctx: &Context<'_>, id: ID) -> Result<Location> {
        let id = parse_id("id", &id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let location = catalogue::get_location(&tx, id).await?;
        drop(tx);
        Ok(Location(location))
    }

    async fn partner(&self, ctx: &Context<'_>, id: ID) -> Result<Partner> {
        let id = parse_id("id", &id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let partner = catalogue::get_partner(&tx, id).await?;
        drop(tx);
        Ok(Partner(partner))
    }

    async fn category(&self, ctx: &Context<'_>, id: ID) -> Result<Category> {
        let id = parse_id("id", &id)?;
        let tx = ctx.reader(Role::Viewer).await?;
        let category = catalogue::get_category(&tx, id).await?;
        drop(tx);
        Ok(Category(category))
    }

    async fn categories(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] include_archived: bool,
    ) -> Result<Vec<Category>> {
        let tx = ctx.reader(Role::Viewer).await?;
        let rows = catalogue::list_categories(&tx, include_archived).await?;
        drop(tx);
        Ok(rows.into_iter().map(Category).collect())
    }

    async fn locations(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] include_archived: bool,
    ) -> Result<Vec<Location>> {
        let tx = ctx.reader(Role::Viewer).await?;
        let rows = catalogue::list_locations(&tx, include_archived).await?;
        drop(tx);
        Ok(rows.into_iter().map(Location).collect())
    }

    async fn partners(
        &self,
        ctx: &Context<'_>,
        kind: Option<PartnerKind>,
        #[graphql(default)] include_archived: bool,
    ) -> Result<Vec<Partner>> {
        let tx = ctx.reader(Role::Viewer).await?;
        let rows = catalogue::list_partners(&tx, kind.map(Into::into), include_archived).await?;
        drop(tx);
        Ok(rows.into_iter().map(Partner).collect())
    }

    async fn attribute_definitions(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] include_archived: bool,
    ) -> Result<Vec<AttributeDefinition>> {
        let tx = ctx.reader(Role::Viewer).await?;
        let mut rows = catalogue::list_attributes(&tx).await?;
        rows.retain(|d| include_archived || !d.archived);
        drop(tx);
        Ok(rows.into_iter().map(AttributeDefinition).collect())
    }
}
