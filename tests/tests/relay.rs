//! Relay as clients' caches rely on it: every connection pages backwards (`last`/`before`) to
//! exactly the rows it pages forwards, and says how many there are.

use serde_json::{Value, json};
use stockroom_tests::{Session, TestApp, spawn_app};

/// The ids of `field`'s whole list, read `first: size` forwards and `last: size` backwards.
async fn both_ways(
    app: &TestApp,
    s: &Session,
    field: &str,
    args: &str,
    size: u32,
) -> (Vec<String>, Vec<String>, u64) {
    let read = |direction: &str, cursor: &Value| {
        let (size_arg, cursor_arg) = if direction == "forwards" {
            ("first", "after")
        } else {
            ("last", "before")
        };
        let query = format!(
            "query($c: String) {{ {field}({size_arg}: {size}, {cursor_arg}: $c{args}) {{ totalCount \
             pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} \
             edges {{ cursor node {{ id }} }} nodes {{ id }} }} }}"
        );
        let variables = json!({ "c": cursor });
        async move { app.ok(s, &query, variables, field).await }
    };
    let mut forwards = Vec::new();
    let mut cursor = Value::Null;
    let total = loop {
        let page = read("forwards", &cursor).await;
        let total = page["totalCount"].as_u64().unwrap();
        let ids = ids(&page);
        assert!(ids.len() as u32 <= size);
        forwards.extend(ids);
        if page["pageInfo"]["hasNextPage"] != true {
            break total;
        }
        cursor = page["pageInfo"]["endCursor"].clone();
    };
    let mut backwards: Vec<Vec<String>> = Vec::new();
    let mut cursor = Value::Null;
    loop {
        let page = read("backwards", &cursor).await;
        assert_eq!(page["totalCount"].as_u64().unwrap(), total);
        backwards.push(ids(&page));
        if page["pageInfo"]["hasPreviousPage"] != true {
            break;
        }
        cursor = page["pageInfo"]["startCursor"].clone();
    }
    backwards.reverse();
    (forwards, backwards.concat(), total)
}

fn ids(page: &Value) -> Vec<String> {
    let edges: Vec<String> = page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect();
    let nodes: Vec<String> = page["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(edges, nodes, "edges and nodes agree");
    edges
}

#[tokio::test]
async fn every_connection_pages_backwards_to_the_rows_it_pages_forwards() {
    let app = spawn_app().await;
    let s = app.new_user("Both ways").await;
    let location = app.create_location(&s, "Shelf").await;
    for i in 0..23 {
        let item = app.create_item(&s, &format!("SKU-{i:02}")).await;
        // Quantities with ties, so the id breaks them in both directions.
        app.stock_in(&s, &location, &item, &format!("{}", i % 4 + 1))
            .await
            .data();
    }
    for (field, args, size) in [
        ("items", "", 5),
        (
            "items",
            ", orderBy: { field: QUANTITY, direction: DESC }",
            4,
        ),
        ("items", ", orderBy: { field: SKU, direction: ASC }", 23),
        ("stockTransactions", "", 6),
        ("auditLog", "", 7),
    ] {
        let (forwards, backwards, total) = both_ways(&app, &s, field, args, size).await;
        assert!(total >= 23, "{field}{args}: {total}");
        assert_eq!(
            forwards.len() as u64,
            total,
            "{field}{args}: every row forwards"
        );
        assert_eq!(
            forwards, backwards,
            "{field}{args}: the same rows both ways"
        );
    }

    // A page backwards from a cursor in the middle ends right before it.
    let page = app
        .ok(
            &s,
            "{ items(first: 10, orderBy: { field: SKU }) { edges { cursor node { sku } } } }",
            json!({}),
            "items",
        )
        .await;
    let tenth = page["edges"][9]["cursor"].clone();
    let before = app
        .ok(
            &s,
            "query($c: String) { items(last: 3, before: $c, orderBy: { field: SKU }) { nodes { sku } pageInfo { hasPreviousPage hasNextPage } } }",
            json!({ "c": tenth }),
            "items",
        )
        .await;
    assert_eq!(
        before["nodes"],
        json!([{ "sku": "SKU-06" }, { "sku": "SKU-07" }, { "sku": "SKU-08" }])
    );
    assert_eq!(
        before["pageInfo"],
        json!({ "hasPreviousPage": true, "hasNextPage": true })
    );

    let both = app
        .as_user(&s, "{ items(first: 2, last: 2) { totalCount } }", json!({}))
        .await;
    assert_eq!(both.error_code(), "BAD_USER_INPUT");
    let bad = app
        .as_user(
            &s,
            "{ stockTransactions(last: 2, before: \"bm90LWEtY3Vyc29y\") { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(bad.error_code(), "BAD_USER_INPUT");
    assert_eq!(bad.errors()[0]["extensions"]["field"], "before");
}

const NODE: &str = "query($id: ID!) { node(id: $id) { __typename id
    ... on Item { sku } ... on Location { name } ... on Partner { name }
    ... on StockTransaction { kind } ... on Category { name } } }";

#[tokio::test]
async fn node_finds_every_kind_of_object_by_id_within_the_organization() {
    let app = spawn_app().await;
    let s = app.new_user("Nodes Ltd").await;
    let location = app.create_location(&s, "Depot").await;
    let item = app.create_item(&s, "NODE-1").await;
    let partner = app.create_partner(&s, "Acme Supply", "SUPPLIER").await;
    let category = app
        .ok(
            &s,
            "mutation { createCategory(input: { name: \"Tools\" }) { id } }",
            json!({}),
            "createCategory",
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let movement = app.stock_in(&s, &location, &item, "3").await;
    let transaction = movement.data()["stockIn"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let expected = [
        (
            &item,
            json!({ "__typename": "Item", "id": item, "sku": "NODE-1" }),
        ),
        (
            &location,
            json!({ "__typename": "Location", "id": location, "name": "Depot" }),
        ),
        (
            &partner,
            json!({ "__typename": "Partner", "id": partner, "name": "Acme Supply" }),
        ),
        (
            &category,
            json!({ "__typename": "Category", "id": category, "name": "Tools" }),
        ),
        (
            &transaction,
            json!({ "__typename": "StockTransaction", "id": transaction, "kind": "IN" }),
        ),
    ];
    for (id, node) in &expected {
        assert_eq!(app.ok(&s, NODE, json!({ "id": id }), "node").await, *node);
    }

    // `nodes` keeps the order, with null for what is not there.
    let missing = uuid::Uuid::now_v7().to_string();
    let nodes = app
        .ok(
            &s,
            "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }",
            json!({ "ids": [location, missing, item] }),
            "nodes",
        )
        .await;
    assert_eq!(
        nodes,
        json!([
            { "__typename": "Location", "id": location },
            null,
            { "__typename": "Item", "id": item },
        ])
    );

    // Asking for many ids costs no more statements than asking for two.
    let cost = |ids: Vec<String>| {
        let app = &app;
        let s = &s;
        async move {
            let before = app.db_statements().await;
            let response = app
                .as_user(
                    s,
                    "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
                    json!({ "ids": ids }),
                )
                .await;
            assert_eq!(
                response.data()["nodes"].as_array().map(Vec::len),
                Some(ids.len())
            );
            app.db_statements().await - before
        }
    };
    let few = cost(vec![location.clone(), missing.clone()]).await;
    let many_ids: Vec<String> = (0..40)
        .map(|i| match i % 5 {
            0 => item.clone(),
            1 => transaction.clone(),
            2 => partner.clone(),
            3 => category.clone(),
            _ => uuid::Uuid::now_v7().to_string(),
        })
        .collect();
    let many = cost(many_ids).await;
    assert!(
        many <= few + 1,
        "40 ids cost {many} statements, 2 ids {few}"
    );

    // Another organization's objects are not found: null, not an error.
    let other = app.new_user("Elsewhere").await;
    for (id, _) in &expected {
        let response = app.as_user(&other, NODE, json!({ "id": id })).await;
        assert_eq!(response.data()["node"], Value::Null, "{id}");
    }

    // An id that is not one is the client's mistake.
    let bad = app.as_user(&s, NODE, json!({ "id": "nope" })).await;
    assert_eq!(bad.error_code(), "BAD_USER_INPUT");
    assert_eq!(bad.errors()[0]["extensions"]["field"], "id");
}
