//! A submitted purchase order e-mailed to its supplier: through the outbox, once, with the
//! order as a PDF.

use base64::Engine as _;
use serde_json::json;
use stockroom_tests::{SmtpSink, spawn_app};

use crate::fixtures::deliver_mail;

const SUBMIT: &str = "mutation($id: ID!, $email: Boolean!) {
    submitPurchaseOrder(id: $id, emailSupplier: $email) { status } }";

/// The bytes of the attachment named `filename` in a raw MIME message (base64 encoded).
fn attachment(message: &str, filename: &str) -> Option<Vec<u8>> {
    let message = message.replace("\r\n", "\n");
    let named = message.find(&format!("filename=\"{filename}\""))?;
    let body_start = named + message[named..].find("\n\n")? + 2;
    let body_end = body_start + message[body_start..].find("\n--")?;
    let encoded: String = message[body_start..body_end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()
}

#[tokio::test]
async fn a_submitted_order_reaches_its_supplier_once_as_a_pdf() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let s = app.new_user("Mailing orders").await;
    let location = app.create_location(&s, "Dock 4").await;
    let create_partner = "mutation($input: PartnerInput!) { createPartner(input: $input) { id } }";
    let with_email = json!({ "input": { "name": "Bolt Supply", "kind": "SUPPLIER", "email": "orders@bolts.example" } });
    let supplier = app
        .ok(&s, create_partner, with_email, "createPartner")
        .await;
    let no_email = json!({ "input": { "name": "Quiet Supply", "kind": "SUPPLIER" } });
    let quiet = app.ok(&s, create_partner, no_email, "createPartner").await;
    let item = app.create_item(&s, "HEX-M8").await;
    let create = "mutation($s: ID!, $l: ID!, $i: ID!) { createPurchaseOrder(input: {
        supplierId: $s, locationId: $l, lines: [{ itemId: $i, quantity: \"12\", unitCost: \"0.5\" }] }) { id number } }";
    let order =
        |supplier: &serde_json::Value| json!({ "s": supplier["id"], "l": location, "i": item });
    let quiet_order = app
        .ok(&s, create, order(&quiet), "createPurchaseOrder")
        .await;
    let mailed = app
        .ok(&s, create, order(&supplier), "createPurchaseOrder")
        .await;

    // A supplier without an address cannot be mailed: refused, and the order stays a draft.
    let vars = json!({ "id": quiet_order["id"], "email": true });
    let refused = app.as_user(&s, SUBMIT, vars).await;
    assert_eq!(refused.error_code(), "BAD_USER_INPUT");
    let status = "query($id: ID!) { purchaseOrder(id: $id) { status } }";
    let quiet_now = app.ok(
        &s,
        status,
        json!({ "id": quiet_order["id"] }),
        "purchaseOrder",
    );
    assert_eq!(quiet_now.await["status"], "DRAFT");

    let vars = json!({ "id": mailed["id"], "email": true });
    let submitted = app.ok(&s, SUBMIT, vars, "submitPurchaseOrder").await;
    assert_eq!(submitted["status"], "ORDERED");
    deliver_mail(&app, &sink).await;
    // Delivering again sends nothing more: the event was done.
    deliver_mail(&app, &sink).await;

    let number = mailed["number"].as_str().unwrap();
    let to_supplier: Vec<String> = sink
        .messages()
        .into_iter()
        .filter(|m| {
            m.lines()
                .any(|l| l.starts_with("To:") && l.contains("orders@bolts.example"))
        })
        .collect();
    assert_eq!(to_supplier.len(), 1, "exactly one mail to the supplier");
    let mail = &to_supplier[0];
    assert!(
        mail.contains(&format!(
            "Subject: Purchase order {number} from Mailing orders"
        )),
        "{mail}"
    );
    assert!(mail.contains("Content-Type: application/pdf"), "{mail}");
    let pdf = attachment(mail, &format!("{number}.pdf"))
        .unwrap_or_else(|| panic!("the order as a PDF attachment in {mail}"));
    assert!(pdf.starts_with(b"%PDF-"));
    let shows = |text: &str| pdf.windows(text.len()).any(|w| w == text.as_bytes());
    assert!(shows(&format!("(Purchase order {number})")));
    assert!(shows("(HEX-M8)"), "the line's SKU is printed");
    assert!(shows("(6.00)"), "12 × 0.5 is printed as the total");
    assert!(shows("(Dock 4)"), "the delivery location is printed");
}
