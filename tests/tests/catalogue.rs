//! The catalogue through GraphQL: items with categories and typed attributes, conflicts and
//! bad input, lists with filters, orderings and exact pagination, and constant query counts.

use std::collections::HashSet;

use serde_json::{Value, json};
use stockroom_tests::{Session, TestApp, spawn_app};

const ITEM_FIELDS: &str = "id sku name description barcode unit cost price safetyStock archived category { name } attributes { key kind value }";

async fn items_page(app: &TestApp, s: &Session, args: &str, variables: Value) -> Value {
    let query = format!(
        "query($after: String, $filter: ItemFilterInput, $order: ItemOrderInput) {{ items({args}, after: $after, filter: $filter, orderBy: $order) {{ totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ id sku name quantity }} }} }} }}"
    );
    app.ok(s, &query, variables, "items").await
}

#[tokio::test]
async fn an_item_is_created_with_category_and_typed_attributes_and_found_by_barcode() {
    let app = spawn_app().await;
    let s = app.new_user("Hardware").await;
    let category = app
        .ok(
            &s,
            "mutation { createCategory(input: { name: \"Fasteners\" }) { id } }",
            json!({}),
            "createCategory",
        )
        .await;
    for (key, kind) in [
        ("weight_kg", "NUMBER"),
        ("expires", "DATE"),
        ("hazardous", "BOOLEAN"),
        ("colour", "TEXT"),
    ] {
        app.ok(
            &s,
            "mutation($i: DefineAttributeInput!) { defineAttribute(input: $i) { key } }",
            json!({ "i": { "key": key, "label": key, "kind": kind } }),
            "defineAttribute",
        )
        .await;
    }
    let created = app
        .try_create_item(
            &s,
            json!({
                "sku": "M8-40", "name": "Hex bolt M8×40", "barcode": "4006381333931", "categoryId": category["id"],
                "unit": "pcs", "cost": "0.1234", "price": 0.5, "safetyStock": "100",
                "attributes": [
                    { "key": "weight_kg", "value": "0.0200" }, { "key": "expires", "value": "2030-01-31" },
                    { "key": "hazardous", "value": "FALSE" }, { "key": "colour", "value": "zinc" }
                ]
            }),
        )
        .await;
    let id = created.data()["createItem"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let scanned = app
        .ok(
            &s,
            &format!("query {{ itemByBarcode(code: \"4006381333931\") {{ {ITEM_FIELDS} }} }}"),
            json!({}),
            "itemByBarcode",
        )
        .await;
    assert_eq!(scanned["id"], id);
    assert_eq!(scanned["cost"], "0.1234");
    assert_eq!(scanned["price"], "0.5");
    assert_eq!(scanned["safetyStock"], "100");
    assert_eq!(scanned["category"]["name"], "Fasteners");
    assert_eq!(
        scanned["attributes"],
        json!([
            { "key": "colour", "kind": "TEXT", "value": "zinc" },
            { "key": "expires", "kind": "DATE", "value": "2030-01-31" },
            { "key": "hazardous", "kind": "BOOLEAN", "value": "false" },
            { "key": "weight_kg", "kind": "NUMBER", "value": "0.02" }
        ])
    );

    let updated = app
        .ok(
            &s,
            &format!("mutation($id: ID!) {{ updateItem(id: $id, input: {{ barcode: null, name: \"Hex bolt\", attributes: [] }}) {{ {ITEM_FIELDS} }} }}"),
            json!({ "id": id }),
            "updateItem",
        )
        .await;
    assert_eq!(updated["barcode"], Value::Null);
    assert_eq!(updated["name"], "Hex bolt");
    assert_eq!(updated["sku"], "M8-40", "left-out fields stay");
    assert_eq!(updated["attributes"], json!([]));
    let by_sku = app
        .ok(
            &s,
            "{ itemByBarcode(code: \"M8-40\") { id } }",
            json!({}),
            "itemByBarcode",
        )
        .await;
    assert_eq!(by_sku["id"], id, "a scanned SKU finds the item too");

    app.ok(
        &s,
        "mutation($id: ID!) { archiveItem(id: $id) { archived } }",
        json!({ "id": id }),
        "archiveItem",
    )
    .await;
    assert_eq!(
        items_page(&app, &s, "first: 10", json!({})).await["totalCount"],
        0
    );
    assert_eq!(
        items_page(
            &app,
            &s,
            "first: 10",
            json!({ "filter": { "archived": true } })
        )
        .await["totalCount"],
        1
    );
}

#[tokio::test]
async fn duplicate_skus_and_barcodes_conflict_and_bad_fields_are_named() {
    let app = spawn_app().await;
    let s = app.new_user("Conflicts").await;
    app.try_create_item(
        &s,
        json!({ "sku": "A-1", "name": "First", "barcode": "111" }),
    )
    .await
    .data();
    let sku = app
        .try_create_item(&s, json!({ "sku": "A-1", "name": "Second" }))
        .await;
    assert_eq!(sku.error_code(), "CONFLICT");
    assert_eq!(sku.errors()[0]["extensions"]["field"], "sku");
    let barcode = app
        .try_create_item(
            &s,
            json!({ "sku": "A-2", "name": "Second", "barcode": "111" }),
        )
        .await;
    assert_eq!(barcode.error_code(), "CONFLICT");
    assert_eq!(barcode.errors()[0]["extensions"]["field"], "barcode");

    let long_name = "n".repeat(201);
    for (input, field) in [
        (json!({ "sku": "B", "name": long_name }), "name"),
        (json!({ "sku": "has space", "name": "x" }), "sku"),
        (json!({ "sku": "B", "name": "x", "cost": "-1" }), "cost"),
        (
            json!({ "sku": "B", "name": "x", "imageUrl": "javascript:alert(1)" }),
            "imageUrl",
        ),
        (
            json!({ "sku": "B", "name": "x", "attributes": [{ "key": "nope", "value": "1" }] }),
            "attributes",
        ),
    ] {
        let response = app.try_create_item(&s, input.clone()).await;
        assert_eq!(response.error_code(), "BAD_USER_INPUT", "{input}");
        assert_eq!(
            response.errors()[0]["extensions"]["field"],
            field,
            "{input}"
        );
    }
    let unknown_category = app
        .try_create_item(
            &s,
            json!({ "sku": "B", "name": "x", "categoryId": uuid::Uuid::new_v4() }),
        )
        .await;
    assert_eq!(unknown_category.error_code(), "NOT_FOUND");
    assert_eq!(
        items_page(&app, &s, "first: 50", json!({})).await["totalCount"],
        1,
        "nothing else was written"
    );
}

#[tokio::test]
async fn paging_through_120_items_returns_each_exactly_once_in_order() {
    let app = spawn_app().await;
    let s = app.new_user("Paging").await;
    let location = app.create_location(&s, "Shelf").await;
    let mut created = Vec::new();
    for i in 0..120 {
        let id = app.create_item(&s, &format!("SKU-{i:03}")).await;
        app.stock_in(&s, &location, &id, &format!("{}", (i * 37) % 11 + 1))
            .await
            .data();
        created.push(id);
    }
    for (order, check_sorted) in [
        (json!({ "field": "NAME" }), "name"),
        (
            json!({ "field": "QUANTITY", "direction": "DESC" }),
            "quantity",
        ),
    ] {
        let mut seen = Vec::new();
        let mut after = Value::Null;
        loop {
            let page = items_page(
                &app,
                &s,
                "first: 50",
                json!({ "after": after, "order": order }),
            )
            .await;
            assert_eq!(page["totalCount"], 120);
            for edge in page["edges"].as_array().unwrap() {
                seen.push(edge["node"].clone());
            }
            if page["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = page["pageInfo"]["endCursor"].clone();
        }
        let ids: HashSet<&str> = seen.iter().map(|n| n["id"].as_str().unwrap()).collect();
        assert_eq!(seen.len(), 120, "{order}");
        assert_eq!(ids.len(), 120, "no item twice ({order})");
        let keys: Vec<String> = seen
            .iter()
            .map(|n| n[check_sorted].as_str().unwrap().to_owned())
            .collect();
        let mut sorted = keys.clone();
        if check_sorted == "quantity" {
            sorted.sort_by_key(|q| std::cmp::Reverse(q.parse::<u32>().unwrap()));
        } else {
            sorted.sort();
        }
        assert_eq!(keys, sorted, "ordered by {check_sorted}");
    }
    let foreign = app
        .as_user(
            &s,
            "{ items(first: 5, after: \"bm90LWEtY3Vyc29y\") { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        foreign.error_code(),
        "BAD_USER_INPUT",
        "a made-up cursor is refused"
    );
}

#[tokio::test]
async fn search_and_low_stock_filters_narrow_the_list() {
    let app = spawn_app().await;
    let s = app.new_user("Filters").await;
    let location = app.create_location(&s, "Back room").await;
    let low = app
        .try_create_item(
            &s,
            json!({ "sku": "LOW-1", "name": "Blue widget", "safetyStock": "5" }),
        )
        .await;
    let low = low.data()["createItem"]["id"].as_str().unwrap().to_owned();
    let fine = app
        .try_create_item(
            &s,
            json!({ "sku": "OK-1", "name": "Red widget", "safetyStock": "5", "barcode": "999000" }),
        )
        .await;
    let fine = fine.data()["createItem"]["id"].as_str().unwrap().to_owned();
    app.stock_in(&s, &location, &low, "5").await.data();
    app.stock_in(&s, &location, &fine, "6").await.data();

    let skus = |page: Value| -> Vec<String> {
        page["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["sku"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        skus(
            items_page(
                &app,
                &s,
                "first: 10",
                json!({ "filter": { "search": "WIDG" } })
            )
            .await
        ),
        ["LOW-1", "OK-1"]
    );
    assert_eq!(
        skus(
            items_page(
                &app,
                &s,
                "first: 10",
                json!({ "filter": { "search": "9990" } })
            )
            .await
        ),
        ["OK-1"]
    );
    assert_eq!(
        skus(
            items_page(
                &app,
                &s,
                "first: 10",
                json!({ "filter": { "search": "%" } })
            )
            .await
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        skus(
            items_page(
                &app,
                &s,
                "first: 10",
                json!({ "filter": { "lowStock": true } })
            )
            .await
        ),
        ["LOW-1"]
    );
    let low_items = app
        .ok(&s, "{ lowStockItems { sku } }", json!({}), "lowStockItems")
        .await;
    assert_eq!(low_items, json!([{ "sku": "LOW-1" }]));

    // A location's own threshold makes an item low there even when the total is fine.
    app.ok(
        &s,
        "mutation($i: ID!, $l: ID!) { setLocationSafetyStock(itemId: $i, locationId: $l, safetyStock: \"10\") { id } }",
        json!({ "i": fine, "l": location }),
        "setLocationSafetyStock",
    )
    .await;
    let summary = app
        .ok(
            &s,
            "{ inventorySummary { lowStockCount } }",
            json!({}),
            "inventorySummary",
        )
        .await;
    assert_eq!(summary["lowStockCount"], 2);
}

#[tokio::test]
async fn an_items_page_costs_the_same_statements_whatever_its_size() {
    let app = spawn_app().await;
    let s = app.new_user("Loaders").await;
    let location = app.create_location(&s, "Bin").await;
    let category = app
        .ok(
            &s,
            "mutation { createCategory(input: { name: \"Parts\" }) { id } }",
            json!({}),
            "createCategory",
        )
        .await;
    app.ok(&s, "mutation { defineAttribute(input: { key: \"size\", label: \"Size\", kind: TEXT }) { id } }", json!({}), "defineAttribute")
        .await;
    for i in 0..50 {
        let input = json!({ "sku": format!("P{i}"), "name": format!("Part {i}"), "categoryId": category["id"], "attributes": [{ "key": "size", "value": "L" }] });
        let id = app.try_create_item(&s, input).await.data()["createItem"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        app.stock_in(&s, &location, &id, "3").await.data();
    }
    let query = |first: u32| {
        format!(
            "{{ items(first: {first}) {{ edges {{ node {{ sku quantity category {{ name }} attributes {{ value }} stockLevels {{ quantity location {{ name }} }} }} }} }} }}"
        )
    };
    let mut costs = Vec::new();
    for first in [5, 50] {
        let before = app.db_statements().await;
        let page = app.ok(&s, &query(first), json!({}), "items").await;
        assert_eq!(page["edges"].as_array().unwrap().len(), first as usize);
        assert_eq!(
            page["edges"][0]["node"]["stockLevels"][0]["location"]["name"],
            "Bin"
        );
        costs.push(app.db_statements().await - before);
    }
    assert!(costs[0] > 0, "the counter counts");
    assert_eq!(costs[0], costs[1], "statements for 5 items vs 50 items");
}

#[tokio::test]
async fn categories_and_attribute_definitions_are_updated_and_archived() {
    let app = spawn_app().await;
    let s = app.new_user("Archive").await;
    let category = app
        .ok(
            &s,
            "mutation { createCategory(input: { name: \"Old\" }) { id } }",
            json!({}),
            "createCategory",
        )
        .await;
    let renamed = app
        .ok(
            &s,
            "mutation($id: ID!) { updateCategory(id: $id, input: { name: \"Older\" }) { name } }",
            json!({ "id": category["id"] }),
            "updateCategory",
        )
        .await;
    assert_eq!(renamed["name"], "Older");
    app.ok(
        &s,
        "mutation($id: ID!) { archiveCategory(id: $id) { archived } }",
        json!({ "id": category["id"] }),
        "archiveCategory",
    )
    .await;
    assert_eq!(
        app.ok(&s, "{ categories { id } }", json!({}), "categories")
            .await,
        json!([])
    );
    assert_eq!(
        app.ok(
            &s,
            "{ categories(includeArchived: true) { name } }",
            json!({}),
            "categories"
        )
        .await,
        json!([{ "name": "Older" }])
    );
    let fetched = app
        .ok(
            &s,
            "query($id: ID!) { category(id: $id) { name archived } }",
            json!({ "id": category["id"] }),
            "category",
        )
        .await;
    assert_eq!(fetched, json!({ "name": "Older", "archived": true }));

    let size = app.ok(&s, "mutation { defineAttribute(input: { key: \"size\", label: \"Size\", kind: TEXT }) { id } }", json!({}), "defineAttribute").await;
    app.try_create_item(
        &s,
        json!({ "sku": "S1", "name": "Shirt", "attributes": [{ "key": "size", "value": "M" }] }),
    )
    .await
    .data();
    app.ok(
        &s,
        "mutation($id: ID!) { updateAttributeDefinition(id: $id, input: { label: \"Garment size\" }) { label } }",
        json!({ "id": size["id"] }),
        "updateAttributeDefinition",
    )
    .await;
    let updated = app
        .ok(
            &s,
            "mutation($id: ID!) { archiveAttributeDefinition(id: $id) { label archived } }",
            json!({ "id": size["id"] }),
            "archiveAttributeDefinition",
        )
        .await;
    assert_eq!(
        updated,
        json!({ "label": "Garment size", "archived": true })
    );
    let refused = app.try_create_item(&s, json!({ "sku": "S2", "name": "Shirt", "attributes": [{ "key": "size", "value": "L" }] })).await;
    assert_eq!(
        refused.errors()[0]["extensions"]["field"],
        "attributes",
        "an archived attribute takes no new values"
    );
    let kept = app
        .ok(
            &s,
            "{ itemByBarcode(code: \"S1\") { attributes { label value } } }",
            json!({}),
            "itemByBarcode",
        )
        .await;
    assert_eq!(
        kept["attributes"],
        json!([{ "label": "Garment size", "value": "M" }]),
        "existing values stay"
    );
    assert_eq!(
        app.ok(
            &s,
            "{ attributeDefinitions { key } }",
            json!({}),
            "attributeDefinitions"
        )
        .await,
        json!([])
    );
}
