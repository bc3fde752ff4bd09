//! The item list: filters, orderings and keyset pagination (a cursor names the last row's sort
//! key and id, so pages stay exact while rows are added or changed elsewhere).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait as _, Func, LikeExpr, Order, Query};
use sea_orm::{QueryFilter, QueryOrder, QuerySelect, Select};

use crate::entities::{items, stock_levels};
use crate::error::{DomainError, DomainResult};
use crate::paging::{Page, Window};
use crate::scope::TenantTx;

/// An item's total quantity over all locations, as SQL (static text, no input).
pub const TOTAL_QUANTITY_SQL: &str = r#"CAST(COALESCE((SELECT SUM(sl.quantity) FROM stock_levels sl WHERE sl.organization_id = "items"."organization_id" AND sl.item_id = "items"."id"), 0) AS BIGINT)"#;

/// Low: in total at or below a positive safety stock, or at or below a location's own
/// threshold there. A safety stock of 0 means "no threshold".
pub const IS_LOW_SQL: &str = r#"(("items"."safety_stock" > 0 AND COALESCE((SELECT SUM(sl.quantity) FROM stock_levels sl WHERE sl.organization_id = "items"."organization_id" AND sl.item_id = "items"."id"), 0) <= "items"."safety_stock") OR EXISTS (SELECT 1 FROM item_location_thresholds t LEFT JOIN stock_levels sl ON sl.organization_id = t.organization_id AND sl.item_id = t.item_id AND sl.location_id = t.location_id WHERE t.organization_id = "items"."organization_id" AND t.item_id = "items"."id" AND COALESCE(sl.quantity, 0) <= t.safety_stock))"#;

#[derive(Clone, Debug, Default)]
pub struct ItemFilter {
    /// Part of the SKU, name or barcode, any case.
    pub search: Option<String>,
    pub category_id: Option<Uuid>,
    /// Only items with a stock level at this location.
    pub location_id: Option<Uuid>,
    pub low_stock: Option<bool>,
    /// Archived items instead of active ones.
    pub archived: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ItemSort {
    #[default]
    Name,
    Sku,
    Quantity,
    UpdatedAt,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct ItemOrder {
    pub sort: ItemSort,
    pub descending: bool,
}

pub struct ItemPage {
    /// Each item with its cursor.
    pub items: Page<(items::Model, String)>,
    pub total_count: u64,
}

/// The sort key of a row, as kept in cursors.
#[derive(Clone, Debug, PartialEq)]
enum Key {
    Text(String),
    Number(i64),
}

/// An item row with the value it was sorted by.
struct ItemWithKey {
    item: items::Model,
    /// Set when sorting by quantity.
    quantity: Option<i64>,
}

impl sea_orm::FromQueryResult for ItemWithKey {
    fn from_query_result(row: &sea_orm::QueryResult, prefix: &str) -> Result<Self, DbErr> {
        Ok(Self {
            item: items::Model::from_query_result(row, prefix)?,
            quantity: row.try_get::<i64>(prefix, "sort_key").ok(),
        })
    }
}

fn sort_expr(sort: ItemSort) -> Expr {
    match sort {
        ItemSort::Name => Expr::col((items::Entity, items::Column::Name)),
        ItemSort::Sku => Expr::col((items::Entity, items::Column::Sku)),
        ItemSort::UpdatedAt => Expr::col((items::Entity, items::Column::UpdatedAt)),
        ItemSort::Quantity => Expr::cust(TOTAL_QUANTITY_SQL),
    }
}

fn encode_cursor(sort: ItemSort, key: &Key, id: Uuid) -> String {
    let key = match key {
        Key::Text(text) => format!("t{text}"),
        Key::Number(n) => format!("n{n}"),
    };
    URL_SAFE_NO_PAD.encode(format!("{sort:?}|{id}|{key}"))
}

fn decode_cursor(sort: ItemSort, field: &'static str, cursor: &str) -> DomainResult<(Key, Uuid)> {
    let invalid = || DomainError::bad_input(field, "is not a cursor of this list");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = text.splitn(3, '|');
    let (Some(tag), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid());
    };
    if tag != format!("{sort:?}") {
        return Err(invalid());
    }
    let id = Uuid::parse_str(id).map_err(|_| invalid())?;
    // The key must have the type of the sort column, and text must be something a row could
    // hold: a forged cursor never reaches the database as a type error or a NUL byte.
    let key = match (sort, key.split_at_checked(1)) {
        (ItemSort::Quantity, Some(("n", number))) => {
            Key::Number(number.parse().map_err(|_| invalid())?)
        }
        (ItemSort::Name | ItemSort::Sku | ItemSort::UpdatedAt, Some(("t", text)))
            if text.len() <= 1000 && !text.chars().any(char::is_control) =>
        {
            Key::Text(text.to_owned())
        }
        _ => return Err(invalid()),
    };
    Ok((key, id))
}

/// # Errors
/// `BAD_USER_INPUT` on `filter.search` with control characters or over 200 characters.
fn filtered(tx: &TenantTx, filter: &ItemFilter) -> DomainResult<Select<items::Entity>> {
    let search = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| crate::types::filter_text("filter.search", s, 200))
        .transpose()?;
    let mut query = tx
        .select::<items::Entity>()
        .filter(items::Column::Archived.eq(filter.archived));
    if let Some(search) = search {
        let escaped = search
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = || LikeExpr::new(format!("%{escaped}%")).escape('\\');
        let lower =
            |column: items::Column| Expr::expr(Func::lower(Expr::col((items::Entity, column))));
        query = query.filter(
            Condition::any()
                .add(lower(items::Column::Sku).like(pattern()))
                .add(lower(items::Column::Name).like(pattern()))
                .add(lower(items::Column::Barcode).like(pattern())),
        );
    }
    if let Some(category) = filter.category_id {
        query = query.filter(items::Column::CategoryId.eq(category));
    }
    if let Some(location) = filter.location_id {
        let at_location = Query::select()
            .expr(Expr::val(1))
            .from_as(stock_levels::Entity, Alias::new("lv"))
            .and_where(
                Expr::col((Alias::new("lv"), stock_levels::Column::OrganizationId))
                    .equals((items::Entity, items::Column::OrganizationId)),
            )
            .and_where(
                Expr::col((Alias::new("lv"), stock_levels::Column::ItemId))
                    .equals((items::Entity, items::Column::Id)),
            )
            .and_where(Expr::col((Alias::new("lv"), stock_levels::Column::LocationId)).eq(location))
            .to_owned();
        query = query.filter(Expr::exists(at_location));
    }
    match filter.low_stock {
        Some(true) => query = query.filter(Expr::cust(IS_LOW_SQL)),
        Some(false) => query = query.filter(Expr::cust(IS_LOW_SQL).not()),
        None => {}
    }
    Ok(query)
}

/// One page of items.
///
/// # Errors
/// `BAD_USER_INPUT` on a foreign cursor or a bad `filter.search`.
#[tracing::instrument(skip_all)]
pub async fn list_items(
    tx: &TenantTx,
    filter: &ItemFilter,
    order: ItemOrder,
    window: &Window,
) -> DomainResult<ItemPage> {
    // Totals over every location would reveal stock hidden from a restricted member.
    if filter.low_stock.is_some() || order.sort == ItemSort::Quantity {
        tx.locations().require_all()?;
    }
    if let Some(location) = filter.location_id {
        tx.locations().require(location)?;
    }
    let total_count = filtered(tx, filter)?.count(tx.conn()).await?;
    // A backward page reads the list in reverse, from its cursor.
    let reading_descending = order.descending != window.backward;
    let direction = if reading_descending {
        Order::Desc
    } else {
        Order::Asc
    };
    let key_expr = sort_expr(order.sort);
    let mut query = filtered(tx, filter)?
        .column_as(key_expr.clone(), "sort_key")
        .order_by(key_expr.clone(), direction.clone())
        .order_by(items::Column::Id, direction);
    let bounds = [
        ("after", window.after.as_deref(), order.descending),
        ("before", window.before.as_deref(), !order.descending),
    ];
    for (field, cursor, descending) in bounds {
        if let Some(cursor) = cursor {
            query = query.filter(beyond(order.sort, field, cursor, descending)?);
        }
    }
    let rows: Vec<ItemWithKey> = query
        .limit(window.limit())
        .into_model::<ItemWithKey>()
        .all(tx.conn())
        .await?;
    let items = window.finish(rows).map(|ItemWithKey { item, quantity }| {
        let key = match order.sort {
            ItemSort::Name => Key::Text(item.name.clone()),
            ItemSort::Sku => Key::Text(item.sku.clone()),
            ItemSort::UpdatedAt => Key::Text(item.updated_at.to_rfc3339()),
            ItemSort::Quantity => Key::Number(quantity.unwrap_or_default()),
        };
        let cursor = encode_cursor(order.sort, &key, item.id);
        (item, cursor)
    });
    Ok(ItemPage { items, total_count })
}

/// The rows past `cursor` going `descending` (or ascending) by the sort key, then the id.
fn beyond(
    sort: ItemSort,
    field: &'static str,
    cursor: &str,
    descending: bool,
) -> DomainResult<Condition> {
    let (key, id) = decode_cursor(sort, field, cursor)?;
    let value = match key {
        Key::Text(text) if sort == ItemSort::UpdatedAt => {
            let at = chrono::DateTime::parse_from_rfc3339(&text)
                .ok()
                .filter(|at| (1..=9999).contains(&chrono::Datelike::year(at)))
                .ok_or_else(|| DomainError::bad_input(field, "is not a cursor of this list"))?;
            Expr::val(at.with_timezone(&chrono::Utc))
        }
        Key::Text(text) => Expr::val(text),
        Key::Number(n) => Expr::val(n),
    };
    let key_expr = sort_expr(sort);
    let past = |e: Expr, v: Expr| if descending { e.lt(v) } else { e.gt(v) };
    Ok(Condition::any()
        .add(past(key_expr.clone(), value.clone()))
        .add(Condition::all().add(key_expr.eq(value)).add(past(
            Expr::col((items::Entity, items::Column::Id)),
            Expr::val(id),
        ))))
}
