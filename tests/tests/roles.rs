//! The role matrix: every mutation of the schema, run by a viewer, a member, an admin and an
//! owner. Each is refused with FORBIDDEN below its least role and succeeds (and is audited)
//! from it upwards. A new mutation fails this test until it is given a row here.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use stockroom_tests::{Session, TestApp, spawn_app};

use crate::fixtures::{add_member, set_members_on};

const ROLES: [&str; 4] = ["viewer", "member", "admin", "owner"];

/// Owner-only mutations that cannot succeed on the shared organization here (billing needs a
/// Stripe stand-in, see billing.rs; deleting would end the test, see team.rs): refused below
/// owner, and for the owner they get past authorization to the input check.
const OWNER_ONLY: [(&str, &str); 3] = [
    (
        "createCheckoutSession",
        "mutation { createCheckoutSession(plan: \"starter\") { url } }",
    ),
    (
        "createBillingPortalSession",
        "mutation { createBillingPortalSession { url } }",
    ),
    (
        "deleteOrganization",
        "mutation { deleteOrganization(confirmName: \"not its name\") }",
    ),
];

/// Mutations that act on the caller's account rather than an organization's data.
const ACCOUNT_LEVEL: [&str; 11] = [
    "signUp",
    "logIn",
    "refreshToken",
    "logOut",
    "createOrganization",
    "acceptInvitation",
    "verifyEmail",
    "resendVerificationEmail",
    "requestPasswordReset",
    "resetPassword",
    "changePassword",
];

/// What an attempt consumes, made fresh for it by the owner.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    Nothing,
    Item,
    Location,
    Transaction,
    Invitation,
    ApiKey,
    WebhookEndpoint,
    /// A draft purchase order (its id).
    DraftOrder,
    /// A submitted purchase order: "<order id> <line id>".
    Order,
    /// An item the world's supplier should be asked for at the world's location.
    SuggestedItem,
    /// A draft sales order (its id).
    DraftSale,
    /// A confirmed sales order: "<order id> <line id>".
    ConfirmedSale,
    /// A sales order with its one unit shipped: "<order id> <line id>".
    ShippedSale,
    /// A draft invoice of a confirmed sales order (its id).
    DraftInvoice,
    /// An issued invoice (its id) of a customer with an e-mail address.
    IssuedInvoice,
}

struct Case {
    name: &'static str,
    least: &'static str,
    needs: Needs,
    document: &'static str,
    variables: fn(&World, &str, usize) -> Value,
}

struct World {
    owner: Session,
    sessions: Vec<(&'static str, Session)>,
    target: Session,
    location: String,
    other_location: String,
    item: String,
    category: String,
    partner: String,
    /// A supplier that no row changes (the partner rows turn `partner` into a customer).
    supplier: String,
    /// A customer with an e-mail address that no row changes.
    customer: String,
    tax_rate: String,
    attribute: String,
    /// A webhook endpoint, and a delivery logged for it.
    webhook_endpoint: String,
    webhook_delivery: String,
}

fn cases() -> Vec<Case> {
    use Needs::*;
    let case = |name, least, needs, document, variables| Case {
        name,
        least,
        needs,
        document,
        variables,
    };
    vec![
        case(
            "createItem",
            "member",
            Nothing,
            "mutation($s: String!) { createItem(input: { sku: $s, name: \"N\" }) { id } }",
            |_, _, n| json!({ "s": format!("M-{n}") }),
        ),
        case(
            "updateItem",
            "member",
            Nothing,
            "mutation($id: ID!) { updateItem(id: $id, input: { name: \"Renamed\" }) { id } }",
            |w, _, _| json!({ "id": w.item }),
        ),
        case(
            "archiveItem",
            "member",
            Item,
            "mutation($id: ID!) { archiveItem(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "unarchiveItem",
            "member",
            Item,
            "mutation($id: ID!) { unarchiveItem(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "setLocationSafetyStock",
            "member",
            Nothing,
            "mutation($i: ID!, $l: ID!) { setLocationSafetyStock(itemId: $i, locationId: $l, safetyStock: \"2\") { id } }",
            |w, _, _| json!({ "i": w.item, "l": w.location }),
        ),
        case(
            "createCategory",
            "member",
            Nothing,
            "mutation($n: String!) { createCategory(input: { name: $n }) { id } }",
            |_, _, n| json!({ "n": format!("C-{n}") }),
        ),
        case(
            "updateCategory",
            "member",
            Nothing,
            "mutation($id: ID!, $n: String!) { updateCategory(id: $id, input: { name: $n }) { id } }",
            |w, _, n| json!({ "id": w.category, "n": format!("Cat-{n}") }),
        ),
        case(
            "archiveCategory",
            "member",
            Nothing,
            "mutation($id: ID!) { archiveCategory(id: $id) { id } }",
            |w, _, _| json!({ "id": w.category }),
        ),
        case(
            "unarchiveCategory",
            "member",
            Nothing,
            "mutation($id: ID!) { unarchiveCategory(id: $id) { id } }",
            |w, _, _| json!({ "id": w.category }),
        ),
        case(
            "stockIn",
            "member",
            Nothing,
            "mutation($l: ID!, $i: ID!) { stockIn(input: { locationId: $l, lines: [{ itemId: $i, quantity: \"1\" }] }) { id } }",
            |w, _, _| json!({ "l": w.location, "i": w.item }),
        ),
        case(
            "stockOut",
            "member",
            Nothing,
            "mutation($l: ID!, $i: ID!) { stockOut(input: { locationId: $l, lines: [{ itemId: $i, quantity: \"1\" }] }) { id } }",
            |w, _, _| json!({ "l": w.location, "i": w.item }),
        ),
        case(
            "adjustStock",
            "member",
            Nothing,
            "mutation($l: ID!, $i: ID!) { adjustStock(input: { locationId: $l, lines: [{ itemId: $i, countedQuantity: \"500\" }] }) { id } }",
            |w, _, _| json!({ "l": w.location, "i": w.item }),
        ),
        case(
            "moveStock",
            "member",
            Nothing,
            "mutation($a: ID!, $b: ID!, $i: ID!) { moveStock(input: { fromLocationId: $a, toLocationId: $b, lines: [{ itemId: $i, quantity: \"1\" }] }) { id } }",
            |w, _, _| json!({ "a": w.location, "b": w.other_location, "i": w.item }),
        ),
        case(
            "voidStockTransaction",
            "member",
            Transaction,
            "mutation($id: ID!) { voidStockTransaction(input: { id: $id }) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "createPurchaseOrder",
            "member",
            Nothing,
            "mutation($s: ID!, $l: ID!, $i: ID!) { createPurchaseOrder(input: { supplierId: $s, locationId: $l, lines: [{ itemId: $i, quantity: \"2\" }] }) { id } }",
            |w, _, _| json!({ "s": w.supplier, "l": w.location, "i": w.item }),
        ),
        case(
            "updatePurchaseOrder",
            "member",
            DraftOrder,
            "mutation($id: ID!) { updatePurchaseOrder(input: { id: $id, note: \"Call first\" }) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "submitPurchaseOrder",
            "member",
            DraftOrder,
            "mutation($id: ID!) { submitPurchaseOrder(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "receivePurchaseOrder",
            "member",
            Order,
            "mutation($o: ID!, $line: ID!) { receivePurchaseOrder(input: { purchaseOrderId: $o, lines: [{ lineId: $line, quantity: \"1\" }] }) { transaction { id } } }",
            |_, f, _| {
                let (order, line) = f.split_once(' ').unwrap();
                json!({ "o": order, "line": line })
            },
        ),
        case(
            "createPurchaseOrdersFromSuggestions",
            "member",
            SuggestedItem,
            "mutation($l: ID!, $i: ID!) { createPurchaseOrdersFromSuggestions(input: { locationId: $l, itemIds: [$i] }) { id } }",
            |w, f, _| json!({ "l": w.location, "i": f }),
        ),
        case(
            "cancelPurchaseOrder",
            "admin",
            DraftOrder,
            "mutation($id: ID!) { cancelPurchaseOrder(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "closePurchaseOrder",
            "admin",
            Order,
            "mutation($id: ID!) { closePurchaseOrder(id: $id) { id } }",
            |_, f, _| json!({ "id": f.split_once(' ').unwrap().0 }),
        ),
        case(
            "createTaxRate",
            "admin",
            Nothing,
            "mutation($n: String!) { createTaxRate(input: { name: $n, percent: \"20\" }) { id } }",
            |_, _, n| json!({ "n": format!("Tax-{n}") }),
        ),
        case(
            "updateTaxRate",
            "admin",
            Nothing,
            "mutation($id: ID!, $n: String!) { updateTaxRate(input: { id: $id, name: $n }) { id } }",
            |w, _, n| json!({ "id": w.tax_rate, "n": format!("Rate-{n}") }),
        ),
        case(
            "createSalesOrder",
            "member",
            Nothing,
            "mutation($c: ID!, $l: ID!, $i: ID!) { createSalesOrder(input: { customerId: $c, locationId: $l, lines: [{ itemId: $i, quantity: \"1\" }] }) { id } }",
            |w, _, _| json!({ "c": w.customer, "l": w.location, "i": w.item }),
        ),
        case(
            "updateSalesOrder",
            "member",
            DraftSale,
            "mutation($id: ID!) { updateSalesOrder(input: { id: $id, note: \"Gift wrap\" }) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "confirmSalesOrder",
            "member",
            DraftSale,
            "mutation($id: ID!) { confirmSalesOrder(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "cancelSalesOrder",
            "member",
            DraftSale,
            "mutation($id: ID!) { cancelSalesOrder(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "shipSalesOrder",
            "member",
            ConfirmedSale,
            "mutation($o: ID!, $line: ID!, $k: String!) { shipSalesOrder(input: { salesOrderId: $o, idempotencyKey: $k, lines: [{ lineId: $line, quantity: \"1\" }] }) { transaction { id } } }",
            |_, f, n| {
                let (order, line) = f.split_once(' ').unwrap();
                json!({ "o": order, "line": line, "k": format!("ship-{n}") })
            },
        ),
        case(
            "returnSalesOrder",
            "member",
            ShippedSale,
            "mutation($o: ID!, $line: ID!, $k: String!) { returnSalesOrder(input: { salesOrderId: $o, idempotencyKey: $k, lines: [{ lineId: $line, quantity: \"1\", restock: true }] }) { salesReturn { id } } }",
            |_, f, n| {
                let (order, line) = f.split_once(' ').unwrap();
                json!({ "o": order, "line": line, "k": format!("return-{n}") })
            },
        ),
        case(
            "createInvoice",
            "member",
            ConfirmedSale,
            "mutation($o: ID!) { createInvoice(input: { salesOrderId: $o }) { id } }",
            |_, f, _| json!({ "o": f.split_once(' ').unwrap().0 }),
        ),
        case(
            "issueInvoice",
            "member",
            DraftInvoice,
            "mutation($id: ID!) { issueInvoice(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "markInvoicePaid",
            "member",
            IssuedInvoice,
            "mutation($id: ID!) { markInvoicePaid(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "sendInvoice",
            "member",
            IssuedInvoice,
            "mutation($id: ID!) { sendInvoice(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "voidInvoice",
            "admin",
            DraftInvoice,
            "mutation($id: ID!) { voidInvoice(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "createLocation",
            "admin",
            Nothing,
            "mutation($n: String!) { createLocation(input: { name: $n }) { id } }",
            |_, _, n| json!({ "n": format!("Loc-{n}") }),
        ),
        case(
            "updateLocation",
            "admin",
            Location,
            "mutation($id: ID!, $n: String!) { updateLocation(id: $id, input: { name: $n }) { id } }",
            |_, f, n| json!({ "id": f, "n": format!("Moved {n}") }),
        ),
        case(
            "archiveLocation",
            "admin",
            Location,
            "mutation($id: ID!) { archiveLocation(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "unarchiveLocation",
            "admin",
            Location,
            "mutation($id: ID!) { unarchiveLocation(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "createPartner",
            "admin",
            Nothing,
            "mutation { createPartner(input: { name: \"P\", kind: SUPPLIER }) { id } }",
            |_, _, _| json!({}),
        ),
        case(
            "updatePartner",
            "admin",
            Nothing,
            "mutation($id: ID!) { updatePartner(id: $id, input: { name: \"Q\", kind: CUSTOMER }) { id } }",
            |w, _, _| json!({ "id": w.partner }),
        ),
        case(
            "archivePartner",
            "admin",
            Nothing,
            "mutation($id: ID!) { archivePartner(id: $id) { id } }",
            |w, _, _| json!({ "id": w.partner }),
        ),
        case(
            "unarchivePartner",
            "admin",
            Nothing,
            "mutation($id: ID!) { unarchivePartner(id: $id) { id } }",
            |w, _, _| json!({ "id": w.partner }),
        ),
        case(
            "defineAttribute",
            "admin",
            Nothing,
            "mutation($k: String!) { defineAttribute(input: { key: $k, label: \"L\", kind: TEXT }) { id } }",
            |_, _, n| json!({ "k": format!("attr_{n}") }),
        ),
        case(
            "updateAttributeDefinition",
            "admin",
            Nothing,
            "mutation($id: ID!) { updateAttributeDefinition(id: $id, input: { label: \"Colour\" }) { id } }",
            |w, _, _| json!({ "id": w.attribute }),
        ),
        case(
            "archiveAttributeDefinition",
            "admin",
            Nothing,
            "mutation($id: ID!) { archiveAttributeDefinition(id: $id) { id } }",
            |w, _, _| json!({ "id": w.attribute }),
        ),
        case(
            "unarchiveAttributeDefinition",
            "admin",
            Nothing,
            "mutation($id: ID!) { unarchiveAttributeDefinition(id: $id) { id } }",
            |w, _, _| json!({ "id": w.attribute }),
        ),
        case(
            "updateOrganization",
            "admin",
            Nothing,
            "mutation { updateOrganization(input: { digestTime: \"09:00\" }) { id } }",
            |_, _, _| json!({}),
        ),
        case(
            "closePeriod",
            "admin",
            Nothing,
            // The earliest date there is: closing it again changes nothing, and nothing the
            // other rows record is dated before it.
            "mutation { closePeriod(before: \"2000-01-01\") { id closedBefore } }",
            |_, _, _| json!({}),
        ),
        case(
            "setLowStockAlerts",
            "viewer",
            Nothing,
            "mutation { setLowStockAlerts(enabled: true) }",
            |_, _, _| json!({}),
        ),
        case(
            "inviteMember",
            "admin",
            Nothing,
            "mutation($e: String!) { inviteMember(input: { email: $e, role: MEMBER }) { id } }",
            |_, _, n| json!({ "e": format!("invitee{n}@roles.example") }),
        ),
        case(
            "revokeInvitation",
            "admin",
            Invitation,
            "mutation($id: ID!) { revokeInvitation(id: $id) }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "updateMemberRole",
            "admin",
            Nothing,
            "mutation($u: ID!) { updateMemberRole(input: { userId: $u, role: MEMBER }) { role } }",
            |w, _, _| json!({ "u": w.target.user_id }),
        ),
        case(
            "removeMember",
            "admin",
            Nothing,
            "mutation($u: ID!) { removeMember(userId: $u) }",
            |w, _, _| json!({ "u": w.target.user_id }),
        ),
        case(
            "setMemberLocations",
            "admin",
            Nothing,
            "mutation($u: ID!, $l: ID!) { setMemberLocations(input: { userId: $u, locationIds: [$l] }) { role } }",
            |w, _, _| json!({ "u": w.target.user_id, "l": w.location }),
        ),
        case(
            "createApiKey",
            "admin",
            Nothing,
            "mutation { createApiKey(input: { name: \"K\", role: VIEWER }) { key } }",
            |_, _, _| json!({}),
        ),
        case(
            "revokeApiKey",
            "admin",
            ApiKey,
            "mutation($id: ID!) { revokeApiKey(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "reissueApiKey",
            "admin",
            ApiKey,
            "mutation($id: ID!) { reissueApiKey(input: { id: $id }) { key } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "leaveOrganization",
            "viewer",
            Nothing,
            "mutation { leaveOrganization }",
            |_, _, _| json!({}),
        ),
        case(
            "createWebhookEndpoint",
            "admin",
            Nothing,
            "mutation { createWebhookEndpoint(input: { url: \"https://93.184.216.34/hook\", events: [ITEM_CREATED] }) { secret } }",
            |_, _, _| json!({}),
        ),
        case(
            "updateWebhookEndpoint",
            "admin",
            Nothing,
            "mutation($id: ID!) { updateWebhookEndpoint(input: { id: $id, description: \"Shop\" }) { id } }",
            |w, _, _| json!({ "id": w.webhook_endpoint }),
        ),
        case(
            "rotateWebhookSecret",
            "admin",
            Nothing,
            "mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }",
            |w, _, _| json!({ "id": w.webhook_endpoint }),
        ),
        case(
            "disableWebhookEndpoint",
            "admin",
            Nothing,
            "mutation($id: ID!) { disableWebhookEndpoint(id: $id) { id } }",
            |w, _, _| json!({ "id": w.webhook_endpoint }),
        ),
        case(
            "enableWebhookEndpoint",
            "admin",
            Nothing,
            "mutation($id: ID!) { enableWebhookEndpoint(id: $id) { id } }",
            |w, _, _| json!({ "id": w.webhook_endpoint }),
        ),
        case(
            "replayWebhookEvents",
            "admin",
            Nothing,
            "mutation($id: ID!) { replayWebhookEvents(endpointId: $id, fromSequence: 1) { id } }",
            |w, _, _| json!({ "id": w.webhook_endpoint }),
        ),
        case(
            "redeliverWebhookEvent",
            "admin",
            Nothing,
            "mutation($id: ID!) { redeliverWebhookEvent(deliveryId: $id) { id } }",
            |w, _, _| json!({ "id": w.webhook_delivery }),
        ),
        case(
            "deleteWebhookEndpoint",
            "admin",
            WebhookEndpoint,
            "mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }",
            |_, f, _| json!({ "id": f }),
        ),
        case(
            "transferOwnership",
            "owner",
            Nothing,
            "mutation($u: ID!) { transferOwnership(userId: $u) }",
            |w, _, _| json!({ "u": w.target.user_id }),
        ),
    ]
}

fn id_of(response: &Value, field: &str) -> String {
    response[field]["id"].as_str().unwrap().to_owned()
}

async fn fresh(app: &TestApp, world: &World, needs: Needs, n: usize) -> String {
    let owner = &world.owner;
    match needs {
        Needs::Nothing => String::new(),
        Needs::Item => app.create_item(owner, &format!("FRESH-{n}")).await,
        Needs::Location => app.create_location(owner, &format!("Fresh {n}")).await,
        Needs::Transaction => {
            let recorded = app.stock_in(owner, &world.location, &world.item, "1").await;
            id_of(recorded.data(), "stockIn")
        }
        Needs::Invitation => {
            let invited = app
                .ok(owner, "mutation($e: String!) { inviteMember(input: { email: $e, role: VIEWER }) { id } }", json!({ "e": format!("fresh{n}@roles.example") }), "inviteMember")
                .await;
            invited["id"].as_str().unwrap().to_owned()
        }
        Needs::ApiKey => {
            let created = app
                .ok(owner, "mutation { createApiKey(input: { name: \"Fresh\", role: VIEWER }) { apiKey { id } } }", json!({}), "createApiKey")
                .await;
            created["apiKey"]["id"].as_str().unwrap().to_owned()
        }
        Needs::WebhookEndpoint => webhook_endpoint(app, owner).await,
        Needs::DraftOrder => id_of(&draft_order(app, world).await, "createPurchaseOrder"),
        Needs::Order => {
            let draft = draft_order(app, world).await;
            let submitted = app
                .ok(
                    owner,
                    "mutation($id: ID!) { submitPurchaseOrder(id: $id) { id lines { id } } }",
                    json!({ "id": id_of(&draft, "createPurchaseOrder") }),
                    "submitPurchaseOrder",
                )
                .await;
            format!(
                "{} {}",
                submitted["id"].as_str().unwrap(),
                submitted["lines"][0]["id"].as_str().unwrap()
            )
        }
        Needs::SuggestedItem => {
            // No sales: suggested because its stock is at or below its own reorder point.
            let input = json!({ "sku": format!("LOW-{n}"), "name": "Low", "reorderPoint": "10", "reorderQuantity": "5", "preferredSupplierId": world.supplier });
            let item = app.try_create_item(owner, input).await;
            let item = id_of(item.data(), "createItem");
            app.stock_in(owner, &world.location, &item, "1")
                .await
                .data();
            item
        }
        Needs::DraftSale => id_of(&draft_sale(app, world).await, "createSalesOrder"),
        Needs::ConfirmedSale => {
            let (order, line) = confirmed_sale(app, world).await;
            format!("{order} {line}")
        }
        Needs::ShippedSale => {
            let (order, line) = confirmed_sale(app, world).await;
            app.ok(
                owner,
                "mutation($o: ID!, $line: ID!, $k: String!) { shipSalesOrder(input: { salesOrderId: $o, idempotencyKey: $k, lines: [{ lineId: $line, quantity: \"1\" }] }) { transaction { id } } }",
                json!({ "o": order, "line": line, "k": format!("fresh-{n}") }),
                "shipSalesOrder",
            )
            .await;
            format!("{order} {line}")
        }
        Needs::DraftInvoice => draft_invoice(app, world).await,
        Needs::IssuedInvoice => {
            let invoice = draft_invoice(app, world).await;
            app.ok(
                owner,
                "mutation($id: ID!) { issueInvoice(id: $id) { id } }",
                json!({ "id": invoice }),
                "issueInvoice",
            )
            .await;
            invoice
        }
    }
}

/// A draft sales order of one of the world's item for its customer, as `{ createSalesOrder { id } }`.
async fn draft_sale(app: &TestApp, world: &World) -> Value {
    app.as_user(&world.owner, "mutation($c: ID!, $l: ID!, $i: ID!) { createSalesOrder(input: { customerId: $c, locationId: $l, lines: [{ itemId: $i, quantity: \"1\" }] }) { id } }", json!({ "c": world.customer, "l": world.location, "i": world.item }))
        .await
        .data()
        .clone()
}

/// A confirmed sales order of one of the world's item: (order id, line id).
async fn confirmed_sale(app: &TestApp, world: &World) -> (String, String) {
    let draft = draft_sale(app, world).await;
    let confirmed = app
        .ok(
            &world.owner,
            "mutation($id: ID!) { confirmSalesOrder(id: $id) { id lines { id } } }",
            json!({ "id": id_of(&draft, "createSalesOrder") }),
            "confirmSalesOrder",
        )
        .await;
    (
        confirmed["id"].as_str().unwrap().to_owned(),
        confirmed["lines"][0]["id"].as_str().unwrap().to_owned(),
    )
}

/// A draft invoice of a confirmed sales order (its id).
async fn draft_invoice(app: &TestApp, world: &World) -> String {
    let (order, _) = confirmed_sale(app, world).await;
    let invoice = app
        .ok(
            &world.owner,
            "mutation($o: ID!) { createInvoice(input: { salesOrderId: $o }) { id } }",
            json!({ "o": order }),
            "createInvoice",
        )
        .await;
    invoice["id"].as_str().unwrap().to_owned()
}

/// A draft purchase order of the world's item from its supplier, as `{ createPurchaseOrder { id } }`.
async fn draft_order(app: &TestApp, world: &World) -> Value {
    app.as_user(&world.owner, "mutation($s: ID!, $l: ID!, $i: ID!) { createPurchaseOrder(input: { supplierId: $s, locationId: $l, lines: [{ itemId: $i, quantity: \"5\" }] }) { id } }", json!({ "s": world.supplier, "l": world.location, "i": world.item }))
        .await
        .data()
        .clone()
}

async fn webhook_endpoint(app: &TestApp, owner: &Session) -> String {
    let created = app
        .ok(owner, "mutation { createWebhookEndpoint(input: { url: \"https://93.184.216.34/hook\", events: [ITEM_CREATED] }) { endpoint { id } } }", json!({}), "createWebhookEndpoint")
        .await;
    created["endpoint"]["id"].as_str().unwrap().to_owned()
}

/// An endpoint with one logged (failed) delivery of an item's event: nothing sends here, so
/// the log row is written as the worker would.
async fn webhook_with_delivery(app: &TestApp, owner: &Session) -> (String, String) {
    let endpoint = webhook_endpoint(app, owner).await;
    app.create_item(owner, "HOOKED").await;
    crate::fixtures::as_outbox_worker(
        app,
        "INSERT INTO webhook_deliveries (organization_id, id, endpoint_id, sequence, event_id, \
             event_type, attempt, redelivery, status, created_at, attempted_at) \
         SELECT e.organization_id, e.id, (SELECT p.id FROM webhook_endpoints p \
             WHERE p.organization_id = e.organization_id ORDER BY p.created_at DESC LIMIT 1), \
             e.sequence, e.id, e.event_type, 1, FALSE, 'failed', e.occurred_at, e.occurred_at \
         FROM webhook_events e WHERE e.sequence = (SELECT max(sequence) FROM webhook_events)",
    )
    .await;
    let log = app
        .ok(
            owner,
            "query($e: ID!) { webhookDeliveries(endpointId: $e, first: 1) { nodes { id } } }",
            json!({ "e": endpoint }),
            "webhookDeliveries",
        )
        .await;
    let delivery = log["nodes"][0]["id"].as_str().unwrap().to_owned();
    (endpoint, delivery)
}

/// Puts every test member back in their role (an attempt may have removed, demoted or
/// promoted someone, or restricted them to a location).
async fn restore_roles(db: &sea_orm::DatabaseConnection, world: &World) {
    let mut members: Vec<(&str, &str)> = world
        .sessions
        .iter()
        .map(|(role, session)| (session.user_id.as_str(), *role))
        .collect();
    members.push((world.target.user_id.as_str(), "viewer"));
    set_members_on(db, &world.owner.org_id, &members).await;
}

async fn schema_mutations(app: &TestApp) -> BTreeSet<String> {
    let schema = app
        .anonymous(
            "{ __type(name: \"Mutation\") { fields { name } } }",
            json!({}),
        )
        .await;
    schema.data()["__type"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn every_mutation_is_refused_below_its_role_and_allowed_and_audited_from_it() {
    let app = spawn_app().await;
    let owner = app.sign_up("owner@roles.example", "Roles Ltd").await;
    let mut sessions = Vec::new();
    for role in ["viewer", "member", "admin"] {
        let user = app.sign_up(&format!("{role}@roles.example"), "Own").await;
        add_member(&app, &owner.org_id, &user.user_id, role).await;
        sessions.push((
            role,
            stockroom_tests::Session {
                org_id: owner.org_id.clone(),
                ..user
            },
        ));
    }
    let target = app.sign_up("target@roles.example", "Target's").await;
    add_member(&app, &owner.org_id, &target.user_id, "viewer").await;
    sessions.push(("owner", owner.clone()));
    let location = app.create_location(&owner, "A").await;
    let other_location = app.create_location(&owner, "B").await;
    let item = app.create_item(&owner, "ROLE-1").await;
    app.stock_in(&owner, &location, &item, "1000").await.data();
    let category = app
        .ok(
            &owner,
            "mutation { createCategory(input: { name: \"Cat\" }) { id } }",
            json!({}),
            "createCategory",
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let partner = app.create_partner(&owner, "Supplier", "SUPPLIER").await;
    let supplier = app
        .create_partner(&owner, "Steady supplier", "SUPPLIER")
        .await;
    let customer = app
        .ok(
            &owner,
            "mutation($i: PartnerInput!) { createPartner(input: $i) { id } }",
            json!({ "i": { "name": "Steady customer", "kind": "CUSTOMER", "email": "buyer@roles.example" } }),
            "createPartner",
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tax_rate = app
        .ok(
            &owner,
            "mutation { createTaxRate(input: { name: \"VAT\", percent: \"20\" }) { id } }",
            json!({}),
            "createTaxRate",
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let attribute = app
        .ok(&owner, "mutation { defineAttribute(input: { key: \"colour\", label: \"Colour\", kind: TEXT }) { id } }", json!({}), "defineAttribute")
        .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (webhook_endpoint, webhook_delivery) = webhook_with_delivery(&app, &owner).await;
    let world = World {
        owner,
        sessions,
        target,
        location,
        other_location,
        item,
        category,
        partner,
        supplier,
        customer,
        tax_rate,
        attribute,
        webhook_endpoint,
        webhook_delivery,
    };

    let cases = cases();
    let covered: BTreeSet<String> = cases
        .iter()
        .map(|c| c.name.to_owned())
        .chain(ACCOUNT_LEVEL.iter().map(|n| (*n).to_owned()))
        .chain(OWNER_ONLY.iter().map(|(n, _)| (*n).to_owned()))
        .collect();
    assert_eq!(
        schema_mutations(&app).await,
        covered,
        "every mutation has a row in the matrix"
    );

    let owner_db = app.database.owner().await;
    let mut n = 0;
    let mut failures = Vec::new();
    for case in &cases {
        let least = ROLES.iter().position(|r| *r == case.least).unwrap();
        for (rank, role) in ROLES.iter().enumerate() {
            n += 1;
            let session = &world.sessions.iter().find(|(r, _)| r == role).unwrap().1;
            let fresh_id = fresh(&app, &world, case.needs, n).await;
            let answer = app
                .as_user(
                    session,
                    case.document,
                    (case.variables)(&world, &fresh_id, n),
                )
                .await;
            let expected = if rank < least {
                Some("FORBIDDEN")
            } else if case.name == "leaveOrganization" && *role == "owner" {
                Some("CONFLICT") // the last owner stays
            } else {
                None
            };
            let got = answer
                .errors()
                .first()
                .map(|e| e["extensions"]["code"].as_str().unwrap_or("?").to_owned());
            if got.as_deref() != expected {
                failures.push(format!(
                    "{} as {role}: expected {expected:?}, got {}",
                    case.name, answer.body
                ));
            }
            restore_roles(&owner_db, &world).await;
        }
    }
    for (name, document) in OWNER_ONLY {
        for (role, session) in &world.sessions {
            let answer = app.as_user(session, document, json!({})).await;
            let code = answer.error_code().to_owned();
            let expected = if *role == "owner" {
                "BAD_USER_INPUT"
            } else {
                "FORBIDDEN"
            };
            if code != expected {
                failures.push(format!(
                    "{name} as {role}: expected {expected}, got {}",
                    answer.body
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");

    // Each kind of change left its entry in the audit log.
    for case in &cases {
        let log = app
            .ok(&world.owner, "query($a: String) { auditLog(first: 1, filter: { action: $a }) { edges { node { action } } } }", json!({ "a": case.name }), "auditLog")
            .await;
        assert_eq!(
            log["edges"].as_array().map(Vec::len),
            Some(1),
            "no audit entry for {}",
            case.name
        );
    }
}
