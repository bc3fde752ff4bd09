//! Typed helpers for the catalogue and the ledger.

use serde_json::{Value, json};

use crate::{GqlResponse, Session, TestApp};

impl TestApp {
    /// Runs a mutation or query that must succeed and returns `data[field]`.
    pub async fn ok(&self, session: &Session, query: &str, variables: Value, field: &str) -> Value {
        let response = self.as_user(session, query, variables).await;
        response.data()[field].clone()
    }

    pub async fn create_location(&self, session: &Session, name: &str) -> String {
        let data = self
            .ok(
                session,
                "mutation($i: LocationInput!) { createLocation(input: $i) { id } }",
                json!({ "i": { "name": name } }),
                "createLocation",
            )
            .await;
        data["id"].as_str().unwrap_or_default().to_owned()
    }

    pub async fn create_partner(&self, session: &Session, name: &str, kind: &str) -> String {
        let data = self
            .ok(
                session,
                "mutation($i: PartnerInput!) { createPartner(input: $i) { id } }",
                json!({ "i": { "name": name, "kind": kind } }),
                "createPartner",
            )
            .await;
        data["id"].as_str().unwrap_or_default().to_owned()
    }

    pub async fn try_create_item(&self, session: &Session, input: Value) -> GqlResponse {
        self.as_user(
            session,
            "mutation($i: CreateItemInput!) { createItem(input: $i) { id sku barcode } }",
            json!({ "i": input }),
        )
        .await
    }

    pub async fn create_item(&self, session: &Session, sku: &str) -> String {
        let response = self
            .try_create_item(
                session,
                json!({ "sku": sku, "name": format!("Item {sku}") }),
            )
            .await;
        response.data()["createItem"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// `stockIn` / `stockOut` / `adjustStock` / `moveStock` with `input`.
    pub async fn movement(&self, session: &Session, mutation: &str, input: Value) -> GqlResponse {
        let input_type = match mutation {
            "stockIn" => "StockInInput",
            "stockOut" => "StockOutInput",
            "adjustStock" => "AdjustStockInput",
            _ => "MoveStockInput",
        };
        let query = format!(
            "mutation($i: {input_type}!) {{ {mutation}(input: $i) {{ id kind occurredAt lines {{ item {{ id }} location {{ id }} quantity }} }} }}"
        );
        self.as_user(session, &query, json!({ "i": input })).await
    }

    pub async fn stock_in(
        &self,
        session: &Session,
        location: &str,
        item: &str,
        quantity: &str,
    ) -> GqlResponse {
        self.movement(
            session,
            "stockIn",
            json!({ "locationId": location, "lines": [{ "itemId": item, "quantity": quantity }] }),
        )
        .await
    }

    pub async fn stock_out(
        &self,
        session: &Session,
        location: &str,
        item: &str,
        quantity: &str,
    ) -> GqlResponse {
        self.movement(
            session,
            "stockOut",
            json!({ "locationId": location, "lines": [{ "itemId": item, "quantity": quantity }] }),
        )
        .await
    }

    /// The item's levels as `(location id, quantity)` and its total.
    pub async fn levels(&self, session: &Session, item: &str) -> (Vec<(String, String)>, String) {
        let data = self
            .ok(
                session,
                "query($id: ID!) { item(id: $id) { quantity stockLevels { location { id } quantity } } }",
                json!({ "id": item }),
                "item",
            )
            .await;
        let levels = data["stockLevels"]
            .as_array()
            .map(|levels| {
                levels
                    .iter()
                    .map(|l| {
                        (
                            l["location"]["id"].as_str().unwrap_or_default().to_owned(),
                            l["quantity"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        (
            levels,
            data["quantity"].as_str().unwrap_or_default().to_owned(),
        )
    }

    /// The quantity of `item` at `location` ("0" when it never had any).
    pub async fn level(&self, session: &Session, item: &str, location: &str) -> String {
        let (levels, _) = self.levels(session, item).await;
        levels
            .into_iter()
            .find(|(l, _)| l == location)
            .map_or_else(|| "0".to_owned(), |(_, q)| q)
    }

    /// How many transactions the ledger holds (optionally of one kind).
    pub async fn transaction_count(&self, session: &Session, kind: Option<&str>) -> u64 {
        let filter = kind.map_or(json!({}), |k| json!({ "kind": k }));
        let data = self
            .ok(
                session,
                "query($f: StockTransactionFilterInput) { stockTransactions(first: 1, filter: $f) { totalCount } }",
                json!({ "f": filter }),
                "stockTransactions",
            )
            .await;
        data["totalCount"].as_u64().unwrap_or_default()
    }
}
