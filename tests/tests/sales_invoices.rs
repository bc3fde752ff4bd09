//! Invoices and credit notes of sales orders: totals rounded per line in the organization's
//! currency, issue and due dates, the signed PDF and HTML links, e-mailing through the outbox,
//! shipments billed once, voids, returns that restock and credit, and customer statements.

use base64::Engine as _;
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use stockroom_tests::{GqlResponse, Session, SmtpSink, TestApp, spawn_app};

use crate::fixtures::deliver_mail;
use crate::sales::{
    CUSTOMER_EMAIL, confirmed, draft, id, lines_of, mutate, sale_of, ship, shipment, shop, stock,
    stocked_item, text, transition,
};

const INVOICE: &str = "{ id kind number status salesOrder { id } customer { id }
    creditsInvoice { id number } currency subtotal taxTotal total taxes { name percent amount }
    lines { salesOrderLine { id } item { id } sku name quantity unitPrice discountPercent taxName
        taxPercent netAmount taxAmount }
    dueDate note issuedAt paidAt voidedAt sentAt pdfUrl htmlUrl }";

const RETURN: &str = "{ salesOrder { id lines { id shipped returned } returns { id } }
    salesReturn { id note
        transaction { id kind source { kind id reference } salesOrder { id }
            lines { item { id } location { id } quantity } }
        creditNotes { id kind number status creditsInvoice { id number } subtotal taxTotal total
            lines { item { id } quantity unitPrice discountPercent taxPercent netAmount taxAmount } } } }";

async fn tax_rate(app: &TestApp, s: &Session, name: &str, percent: &str) -> String {
    let input = json!({ "name": name, "percent": percent });
    let created = mutate(app, s, "createTaxRate", input, "{ id }").await;
    id(&created.data()["createTaxRate"])
}

/// `createInvoice` of `order`, of `shipments` when given.
async fn create_invoice(
    app: &TestApp,
    s: &Session,
    order: &str,
    shipments: Option<&[&str]>,
) -> GqlResponse {
    let mut input = json!({ "salesOrderId": order });
    if let Some(shipments) = shipments {
        input["shipmentIds"] = json!(shipments);
    }
    mutate(app, s, "createInvoice", input, INVOICE).await
}

fn created(response: &GqlResponse) -> Value {
    response.data()["createInvoice"].clone()
}

/// `issueInvoice`, `markInvoicePaid`, `voidInvoice` or `sendInvoice` of `invoice`.
async fn act(app: &TestApp, s: &Session, mutation: &str, invoice: &str) -> GqlResponse {
    let query = format!("mutation($id: ID!) {{ {mutation}(id: $id) {INVOICE} }}");
    app.as_user(s, &query, json!({ "id": invoice })).await
}

async fn acted(app: &TestApp, s: &Session, mutation: &str, invoice: &str) -> Value {
    act(app, s, mutation, invoice).await.data()[mutation].clone()
}

async fn invoice_of(app: &TestApp, s: &Session, invoice: &str) -> Value {
    let query = format!("query($id: ID!) {{ invoice(id: $id) {INVOICE} }}");
    app.ok(s, &query, json!({ "id": invoice }), "invoice").await
}

/// How many invoices or credit notes (`kind`) the organization has.
async fn invoice_count(app: &TestApp, s: &Session, kind: &str) -> u64 {
    let query = format!("{{ invoices(first: 1, filter: {{ kind: {kind} }}) {{ totalCount }} }}");
    let page = app.ok(s, &query, json!({}), "invoices").await;
    page["totalCount"].as_u64().unwrap()
}

/// The order's lines' `invoiced`.
async fn invoiced(app: &TestApp, s: &Session, order: &str) -> Vec<String> {
    let order = sale_of(app, s, order).await;
    let lines = order["lines"].as_array().unwrap().iter();
    lines.map(|l| text(&l["invoiced"])).collect()
}

/// A GET of a document link, as a browser would: no credentials.
async fn fetch(app: &TestApp, link: &str) -> (u16, Vec<u8>) {
    let response = if link.starts_with("http") {
        app.client.get(link).send().await.unwrap()
    } else {
        app.get(link).await
    };
    let status = response.status().as_u16();
    (status, response.bytes().await.unwrap().to_vec())
}

/// `link` with one character of its token changed.
fn tampered(link: &str) -> String {
    let start = link.find("token=").expect("a token in the link") + "token=".len();
    let end = link[start..].find('&').map_or(link.len(), |e| start + e);
    let middle = (start + end) / 2;
    let at = (middle..end)
        .find(|&i| link.as_bytes()[i].is_ascii_alphanumeric())
        .expect("a letter or digit to change");
    let changed = if link.as_bytes()[at] == b'A' {
        "B"
    } else {
        "A"
    };
    format!("{}{changed}{}", &link[..at], &link[at + 1..])
}

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

/// Raw messages the sink received addressed to the customer.
fn to_customer(sink: &SmtpSink) -> Vec<String> {
    let addressed = |m: &String| {
        m.lines()
            .any(|l| l.starts_with("To:") && l.contains(CUSTOMER_EMAIL))
    };
    sink.messages().into_iter().filter(addressed).collect()
}

#[tokio::test]
async fn an_invoice_rounds_each_line_and_reaches_the_customer_as_a_pdf_once() {
    let app = spawn_app().await;
    let sink = SmtpSink::start().await;
    let shop = shop(&app, "Invoicing").await;
    let s = &shop.s;
    let settings =
        "mutation { updateOrganization(input: { currency: \"EUR\", paymentTermsDays: 14 }) {
        currency paymentTermsDays } }";
    let org = app.ok(s, settings, json!({}), "updateOrganization").await;
    assert_eq!(org, json!({ "currency": "EUR", "paymentTermsDays": 14 }));
    let vat = tax_rate(&app, s, "VAT", "20").await;
    let reduced = tax_rate(&app, s, "Reduced", "7").await;
    let a = stocked_item(&app, &shop, "A-1", "25", "10").await;
    let b = stocked_item(&app, &shop, "B-1", "2", "10").await;
    let c = stocked_item(&app, &shop, "C-1", "5", "10").await;
    let lines = json!([
        { "itemId": a, "quantity": "3", "unitPrice": "19.99", "discountPercent": "15", "taxRateId": vat },
        { "itemId": b, "quantity": "7", "unitPrice": "1.43", "taxRateId": reduced },
        { "itemId": c, "quantity": "2", "unitPrice": "4.50", "discountPercent": "10" },
    ]);
    let order = confirmed(&app, &shop, lines).await;
    let so = id(&order);
    let nets: Vec<String> = (0..3)
        .map(|i| text(&order["lines"][i]["netAmount"]))
        .collect();
    assert_eq!(nets, ["50.97", "10.01", "8.1"]);
    assert_eq!(order["subtotal"], "69.08");
    let rate = json!({ "id": vat, "name": "VAT", "percent": "20" });
    assert_eq!(order["lines"][0]["taxRate"], rate);
    assert!(order["lines"][2]["taxRate"].is_null(), "{order}");
    let all: Vec<(String, &str)> = ["3", "7", "2"]
        .into_iter()
        .enumerate()
        .map(|(i, quantity)| (id(&order["lines"][i]), quantity))
        .collect();
    ship(&app, s, &so, &all, "everything").await.data();

    let invoice = created(&create_invoice(&app, s, &so, None).await);
    let inv = id(&invoice);
    let number = text(&invoice["number"]);
    assert_eq!(number, "INV-00001");
    let head = [
        &invoice["kind"],
        &invoice["status"],
        &invoice["currency"],
        &invoice["salesOrder"]["id"],
        &invoice["customer"]["id"],
    ];
    assert_eq!(
        head,
        [
            "INVOICE",
            "DRAFT",
            "EUR",
            so.as_str(),
            shop.customer.as_str()
        ]
    );
    assert!(
        invoice["dueDate"].is_null(),
        "a draft is not due: {invoice}"
    );
    let line = |sku: &str, item: &str, figures: [&str; 4], tax: Value, amounts: [&str; 2]| {
        let [quantity, price, discount, percent] = figures;
        let [net, tax_amount] = amounts;
        json!({ "sku": sku, "name": format!("Item {sku}"), "item": { "id": item }, "quantity": quantity,
            "unitPrice": price, "discountPercent": discount, "taxName": tax, "taxPercent": percent,
            "netAmount": net, "taxAmount": tax_amount })
    };
    let expected = [
        line(
            "A-1",
            &a,
            ["3", "19.99", "15", "20"],
            json!("VAT"),
            ["50.97", "10.19"],
        ),
        line(
            "B-1",
            &b,
            ["7", "1.43", "0", "7"],
            json!("Reduced"),
            ["10.01", "0.7"],
        ),
        line(
            "C-1",
            &c,
            ["2", "4.5", "10", "0"],
            Value::Null,
            ["8.1", "0"],
        ),
    ];
    let billed: Vec<Value> = invoice["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let mut l = l.clone();
            l.as_object_mut().unwrap().remove("salesOrderLine");
            l
        })
        .collect();
    assert_eq!(billed, expected);
    let order_lines: Vec<Value> = (0..3)
        .map(|i| json!({ "id": order["lines"][i]["id"] }))
        .collect();
    let billed_lines: Vec<Value> = invoice["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["salesOrderLine"].clone())
        .collect();
    assert_eq!(billed_lines, order_lines);
    let totals = [
        &invoice["subtotal"],
        &invoice["taxTotal"],
        &invoice["total"],
    ];
    assert_eq!(totals, ["69.08", "10.89", "79.97"]);
    let taxes = json!([
        { "name": "VAT", "percent": "20", "amount": "10.19" },
        { "name": "Reduced", "percent": "7", "amount": "0.7" },
    ]);
    assert_eq!(invoice["taxes"], taxes);
    assert_eq!(invoiced(&app, s, &so).await, ["3", "7", "2"]);

    let early = act(&app, s, "sendInvoice", &inv).await;
    assert_eq!(early.error_code(), "CONFLICT", "a draft is not sent");

    let today = Utc::now().date_naive();
    let issued = acted(&app, s, "issueInvoice", &inv).await;
    let later = Utc::now().date_naive();
    assert_eq!(issued["status"], "ISSUED");
    assert!(issued["issuedAt"].is_string(), "{issued}");
    let due = [today, later].map(|d| (d + Duration::days(14)).format("%Y-%m-%d").to_string());
    assert!(due.contains(&text(&issued["dueDate"])), "{issued}");
    assert_eq!(issued["total"], "79.97", "frozen as made");
    let again = act(&app, s, "issueInvoice", &inv).await;
    assert_eq!(again.error_code(), "CONFLICT");

    // The links open without credentials, and only with their own token.
    let pdf_url = text(&issued["pdfUrl"]);
    let (status, pdf) = fetch(&app, &pdf_url).await;
    assert_eq!(status, 200, "{pdf_url}");
    assert!(pdf.starts_with(b"%PDF-"));
    let document = lopdf::Document::load_mem(&pdf).expect("a PDF lopdf reads");
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    assert_eq!(pages.len(), 1);
    let printed = document.extract_text(&pages).expect("its text");
    assert!(printed.contains(&number), "{printed}");
    assert!(printed.contains("79.97"), "{printed}");
    let html_url = text(&issued["htmlUrl"]);
    let (status, html) = fetch(&app, &html_url).await;
    assert_eq!(status, 200, "{html_url}");
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains(&number), "{html}");
    assert!(html.contains("79.97"), "{html}");
    assert!(
        html.contains("Bolts &amp; Co &lt;Trade&gt;"),
        "escaped: {html}"
    );
    assert!(!html.contains("<Trade>"), "{html}");
    for link in [&pdf_url, &html_url] {
        let (status, _) = fetch(&app, &tampered(link)).await;
        assert_ne!(status, 200, "{}", tampered(link));
    }

    // Sent once through the outbox, with the PDF attached.
    let sent = acted(&app, s, "sendInvoice", &inv).await;
    assert!(sent["sentAt"].is_string(), "{sent}");
    deliver_mail(&app, &sink).await;
    deliver_mail(&app, &sink).await;
    let mails = to_customer(&sink);
    assert_eq!(mails.len(), 1, "exactly one mail to the customer");
    let mail = &mails[0];
    assert!(mail.contains("application/pdf"), "{mail}");
    let attached = attachment(mail, &format!("{number}.pdf"))
        .unwrap_or_else(|| panic!("the invoice as {number}.pdf in {mail}"));
    assert!(attached.starts_with(b"%PDF-"));
    let attached = lopdf::Document::load_mem(&attached).expect("a PDF lopdf reads");
    let pages: Vec<u32> = attached.get_pages().keys().copied().collect();
    assert!(attached.extract_text(&pages).unwrap().contains("79.97"));

    acted(&app, s, "sendInvoice", &inv).await;
    deliver_mail(&app, &sink).await;
    assert_eq!(to_customer(&sink).len(), 1, "not sent again without resend");
    let resend = "mutation($id: ID!) { sendInvoice(id: $id, resend: true) { sentAt } }";
    app.ok(s, resend, json!({ "id": inv }), "sendInvoice").await;
    deliver_mail(&app, &sink).await;
    assert_eq!(to_customer(&sink).len(), 2, "sent again when asked to");
}

#[tokio::test]
async fn shipments_are_billed_once_until_their_invoice_is_voided() {
    let app = spawn_app().await;
    let shop = shop(&app, "Billing shipments").await;
    let s = &shop.s;
    let item = stocked_item(&app, &shop, "PALLET", "10", "10").await;
    let unconfirmed = id(&draft(&app, &shop, lines_of(&[(&item, "1")])).await);
    let refused = create_invoice(&app, s, &unconfirmed, None).await;
    assert_eq!(
        refused.error_code(),
        "CONFLICT",
        "a draft order is not invoiced"
    );

    let order = confirmed(&app, &shop, lines_of(&[(&item, "5")])).await;
    let (so, line) = (id(&order), id(&order["lines"][0]));
    let first = ship(&app, s, &so, &[(&line, "2")], "two").await;
    let first = text(&shipment(&first)["transaction"]["id"]);
    let second = ship(&app, s, &so, &[(&line, "3")], "three").await;
    let second = text(&shipment(&second)["transaction"]["id"]);
    assert_ne!(first, second);

    let billed = created(&create_invoice(&app, s, &so, Some(&[&first])).await);
    assert_eq!(billed["number"], "INV-00001");
    assert_eq!(billed["lines"][0]["quantity"], "2");
    assert_eq!([&billed["subtotal"], &billed["total"]], ["20", "20"]);
    assert_eq!(invoiced(&app, s, &so).await, ["2"]);

    let twice = create_invoice(&app, s, &so, Some(&[&first])).await;
    assert_eq!(twice.error_code(), "CONFLICT", "{}", twice.body);
    assert_eq!(twice.errors()[0]["extensions"]["field"], "shipmentIds");
    let delivery = app.stock_in(s, &shop.location, &item, "1").await;
    let delivery = id(&delivery.data()["stockIn"]);
    let foreign = create_invoice(&app, s, &so, Some(&[&delivery])).await;
    assert_eq!(
        foreign.error_code(),
        "NOT_FOUND",
        "not a shipment of the order"
    );
    assert_eq!(
        invoice_count(&app, s, "INVOICE").await,
        1,
        "nothing written"
    );

    let voided = acted(&app, s, "voidInvoice", &id(&billed)).await;
    assert_eq!(voided["status"], "VOID");
    assert!(voided["voidedAt"].is_string(), "{voided}");
    assert_eq!(invoiced(&app, s, &so).await, ["0"], "back to be billed");
    let rebilled = created(&create_invoice(&app, s, &so, Some(&[&first])).await);
    assert_eq!(rebilled["number"], "INV-00002");
    assert_eq!(rebilled["lines"][0]["quantity"], "2");

    let rest = created(&create_invoice(&app, s, &so, None).await);
    assert_eq!(
        rest["lines"][0]["quantity"], "3",
        "what is not yet invoiced"
    );
    assert_eq!(rest["total"], "30");
    assert_eq!(invoiced(&app, s, &so).await, ["5"]);
    let nothing = create_invoice(&app, s, &so, None).await;
    assert_eq!(nothing.error_code(), "BAD_USER_INPUT", "{}", nothing.body);

    let rebilled = id(&rebilled);
    acted(&app, s, "issueInvoice", &rebilled).await;
    let paid = acted(&app, s, "markInvoicePaid", &rebilled).await;
    assert_eq!(paid["status"], "PAID");
    assert!(paid["paidAt"].is_string(), "{paid}");
    let refused = act(&app, s, "voidInvoice", &rebilled).await;
    assert_eq!(refused.error_code(), "CONFLICT", "a paid invoice stays");
    let refused = act(&app, s, "markInvoicePaid", &rebilled).await;
    assert_eq!(refused.error_code(), "CONFLICT", "paid once");
    assert_eq!(invoice_of(&app, s, &rebilled).await["status"], "PAID");

    // An issued invoice can be voided too, and what it billed billed again.
    let rest = id(&rest);
    acted(&app, s, "issueInvoice", &rest).await;
    assert_eq!(acted(&app, s, "voidInvoice", &rest).await["status"], "VOID");
    assert_eq!(invoiced(&app, s, &so).await, ["2"]);
    let again = created(&create_invoice(&app, s, &so, None).await);
    assert_eq!(again["lines"][0]["quantity"], "3");
    assert_eq!(again["number"], "INV-00004");
    assert_eq!(invoice_count(&app, s, "INVOICE").await, 4);
}

#[tokio::test]
async fn returns_restock_what_is_fit_and_credit_the_invoice_once() {
    let app = spawn_app().await;
    let shop = shop(&app, "Returns").await;
    let (s, loc) = (&shop.s, &shop.location);
    let vat = tax_rate(&app, s, "VAT", "20").await;
    let a = stocked_item(&app, &shop, "LAMP", "30", "10").await;
    let b = stocked_item(&app, &shop, "BULB", "5", "10").await;
    let lines = json!([
        { "itemId": a, "quantity": "5", "unitPrice": "19.99", "discountPercent": "15", "taxRateId": vat },
        { "itemId": b, "quantity": "2", "unitPrice": "4.50", "taxRateId": vat },
    ]);
    let order = confirmed(&app, &shop, lines).await;
    let (so, number) = (id(&order), text(&order["number"]));
    let (line_a, line_b) = (id(&order["lines"][0]), id(&order["lines"][1]));
    ship(&app, s, &so, &[(&line_a, "5"), (&line_b, "2")], "all")
        .await
        .data();
    assert_eq!(stock(&app, s, &a, loc).await[0], "5");
    assert_eq!(stock(&app, s, &b, loc).await[0], "8");

    // 5 × 19.99 × 0.85 = 84.9575 → 84.96, tax 16.992 → 16.99; 2 × 4.50 = 9.00, tax 1.80.
    let invoice = created(&create_invoice(&app, s, &so, None).await);
    let inv = id(&invoice);
    let totals = [
        &invoice["subtotal"],
        &invoice["taxTotal"],
        &invoice["total"],
    ];
    assert_eq!(totals, ["93.96", "18.79", "112.75"]);
    acted(&app, s, "issueInvoice", &inv).await;

    let give_back = |key: &str, lines: Value| {
        let input = json!({ "salesOrderId": so, "idempotencyKey": key, "note": "Box crushed", "lines": lines });
        mutate(&app, s, "returnSalesOrder", input, RETURN)
    };
    let returned_lines = json!([
        { "lineId": line_a, "quantity": "2", "restock": true },
        { "lineId": line_b, "quantity": "1", "restock": false },
    ]);
    let returned = give_back("rma-1", returned_lines.clone()).await;
    let returned = returned.data()["returnSalesOrder"].clone();
    let back = &returned["salesReturn"];
    assert_eq!(back["note"], "Box crushed");
    let tx = &back["transaction"];
    assert_eq!(tx["kind"], "IN");
    let source = json!({ "kind": "SALES_ORDER", "id": so, "reference": number });
    assert_eq!(tx["source"], source);
    assert_eq!(tx["salesOrder"]["id"], so);
    let restocked = json!([{ "item": { "id": a }, "location": { "id": loc }, "quantity": "2" }]);
    assert_eq!(tx["lines"], restocked, "only what is fit to sell");
    assert_eq!(stock(&app, s, &a, loc).await, ["7", "0", "7"]);
    assert_eq!(
        stock(&app, s, &b, loc).await,
        ["8", "0", "8"],
        "written off"
    );
    let figures = |o: &Value| {
        let lines = o["lines"].as_array().unwrap().iter();
        let lines = lines.map(|l| {
            format!(
                "{} shipped {} returned {}",
                text(&l["id"]),
                text(&l["shipped"]),
                text(&l["returned"])
            )
        });
        lines.collect::<Vec<_>>()
    };
    let after_return = [
        format!("{line_a} shipped 5 returned 2"),
        format!("{line_b} shipped 2 returned 1"),
    ];
    assert_eq!(figures(&returned["salesOrder"]), after_return);

    // 2 × 19.99 × 0.85 = 33.983 → 33.98, tax 6.796 → 6.80; 1 × 4.50, tax 0.90.
    assert_eq!(
        back["creditNotes"].as_array().unwrap().len(),
        1,
        "one invoice credited"
    );
    let credit = &back["creditNotes"][0];
    let head = [&credit["kind"], &credit["number"], &credit["status"]];
    assert_eq!(head, ["CREDIT_NOTE", "CN-00001", "ISSUED"]);
    let credits = json!({ "id": inv, "number": "INV-00001" });
    assert_eq!(credit["creditsInvoice"], credits);
    let credited = json!([
        { "item": { "id": a }, "quantity": "2", "unitPrice": "19.99", "discountPercent": "15", "taxPercent": "20", "netAmount": "33.98", "taxAmount": "6.8" },
        { "item": { "id": b }, "quantity": "1", "unitPrice": "4.5", "discountPercent": "0", "taxPercent": "20", "netAmount": "4.5", "taxAmount": "0.9" },
    ]);
    assert_eq!(credit["lines"], credited);
    let totals = [&credit["subtotal"], &credit["taxTotal"], &credit["total"]];
    assert_eq!(totals, ["38.48", "7.7", "46.18"]);
    let listed = sale_of(&app, s, &so).await;
    let on_order: Vec<String> = listed["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {} {}",
                text(&i["kind"]),
                text(&i["number"]),
                text(&i["status"])
            )
        })
        .collect();
    assert_eq!(
        on_order,
        ["INVOICE INV-00001 ISSUED", "CREDIT_NOTE CN-00001 ISSUED"]
    );

    // A retry is answered with the first return.
    let retry = give_back("rma-1", returned_lines).await;
    let retry = &retry.data()["returnSalesOrder"];
    assert_eq!(retry["salesReturn"]["id"], back["id"]);
    assert_eq!(retry["salesReturn"]["creditNotes"][0]["id"], credit["id"]);
    assert_eq!(
        stock(&app, s, &a, loc).await,
        ["7", "0", "7"],
        "not restocked twice"
    );
    assert_eq!(invoice_count(&app, s, "CREDIT_NOTE").await, 1);
    assert_eq!(
        app.transaction_count(s, Some("IN")).await,
        3,
        "2 deliveries, 1 return"
    );
    assert_eq!(figures(&sale_of(&app, s, &so).await), after_return);

    let too_many = json!([{ "lineId": line_a, "quantity": "4", "restock": true }]);
    let refused = give_back("rma-2", too_many).await;
    assert_eq!(
        refused.error_code(),
        "BAD_USER_INPUT",
        "3 are still out: {}",
        refused.body
    );
    assert_eq!(stock(&app, s, &a, loc).await, ["7", "0", "7"]);
    let now = sale_of(&app, s, &so).await;
    assert_eq!(figures(&now), after_return, "nothing written");
    assert_eq!(now["returns"].as_array().unwrap().len(), 1);
    assert_eq!(invoice_count(&app, s, "CREDIT_NOTE").await, 1);

    // The customer's statement: owed the invoice, less the credit, less the payment.
    let statement = "query($c: ID!) { customerStatement(customerId: $c) { customer { id } currency
        openingBalance closingBalance entries { kind amount balance invoice { number } } } }";
    let vars = json!({ "c": shop.customer });
    let entry = |kind: &str, amount: &str, balance: &str, number: &str| json!({ "kind": kind, "amount": amount, "balance": balance, "invoice": { "number": number } });
    let before = app
        .ok(s, statement, vars.clone(), "customerStatement")
        .await;
    let expected = json!({ "customer": { "id": shop.customer }, "currency": "USD", "openingBalance": "0", "closingBalance": "66.57",
        "entries": [entry("INVOICE", "112.75", "112.75", "INV-00001"), entry("CREDIT_NOTE", "-46.18", "66.57", "CN-00001")] });
    assert_eq!(before, expected);
    // The payment settles what was left after the credit.
    let paid = app
        .ok(
            s,
            "mutation($id: ID!) { markInvoicePaid(id: $id) { status amountPaid } }",
            json!({ "id": inv }),
            "markInvoicePaid",
        )
        .await;
    assert_eq!(paid, json!({ "status": "PAID", "amountPaid": "66.57" }));
    let after = app.ok(s, statement, vars, "customerStatement").await;
    let expected = json!({ "customer": { "id": shop.customer }, "currency": "USD", "openingBalance": "0", "closingBalance": "0",
        "entries": [entry("INVOICE", "112.75", "112.75", "INV-00001"), entry("CREDIT_NOTE", "-46.18", "66.57", "CN-00001"),
            entry("PAYMENT", "-66.57", "0", "INV-00001")] });
    assert_eq!(after, expected, "settled");
}

#[tokio::test]
async fn what_the_customer_does_not_keep_is_never_billed() {
    let app = spawn_app().await;
    let shop = shop(&app, "Never billed").await;
    let s = &shop.s;
    let item = stocked_item(&app, &shop, "DESK", "10", "20").await;

    // Returned before any invoice: the invoice bills what the customer kept.
    let order = confirmed(&app, &shop, lines_of(&[(&item, "5")])).await;
    let (so, line) = (id(&order), id(&order["lines"][0]));
    ship(&app, s, &so, &[(&line, "5")], "all-5").await.data();
    let give_back = |order: String, line: String, key: &'static str, quantity: &'static str| {
        let input = json!({ "salesOrderId": order, "idempotencyKey": key,
            "lines": [{ "lineId": line, "quantity": quantity, "restock": true }] });
        mutate(&app, s, "returnSalesOrder", input, RETURN)
    };
    let back = give_back(so.clone(), line.clone(), "early", "2").await;
    let back = &back.data()["returnSalesOrder"]["salesReturn"];
    assert_eq!(
        back["creditNotes"],
        json!([]),
        "nothing was invoiced to credit"
    );
    let invoice = created(&create_invoice(&app, s, &so, None).await);
    assert_eq!(invoice["lines"][0]["quantity"], "3");
    assert_eq!(invoice["total"], "30");

    // While that draft is open, returns wait for it.
    let waiting = give_back(so.clone(), line.clone(), "late", "1").await;
    assert_eq!(waiting.error_code(), "CONFLICT", "{}", waiting.body);
    assert!(
        waiting.body.to_string().contains("INV-00001"),
        "{}",
        waiting.body
    );
    acted(&app, s, "issueInvoice", &id(&invoice)).await;
    let late = give_back(so.clone(), line.clone(), "late", "1").await;
    let notes = late.data()["returnSalesOrder"]["salesReturn"]["creditNotes"].clone();
    assert_eq!(notes[0]["total"], "10");
    assert_eq!(notes[0]["creditsInvoice"]["number"], "INV-00001");
    let nothing_left = create_invoice(&app, s, &so, None).await;
    assert_eq!(
        nothing_left.error_code(),
        "BAD_USER_INPUT",
        "{}",
        nothing_left.body
    );

    // Billed before shipping, then cancelled after one shipped: the rest is credited.
    let order = confirmed(&app, &shop, lines_of(&[(&item, "4")])).await;
    let (so, line) = (id(&order), id(&order["lines"][0]));
    let invoice = created(&create_invoice(&app, s, &so, None).await);
    assert_eq!(invoice["total"], "40");
    let draft_open = transition(&app, s, "cancelSalesOrder", &so).await;
    assert_eq!(draft_open.error_code(), "CONFLICT", "{}", draft_open.body);
    let inv = id(&invoice);
    acted(&app, s, "issueInvoice", &inv).await;
    ship(&app, s, &so, &[(&line, "1")], "one-of-4").await.data();
    let cancelled = transition(&app, s, "cancelSalesOrder", &so).await;
    assert_eq!(cancelled.data()["cancelSalesOrder"]["status"], "CANCELLED");
    let query = "query($id: ID!) { invoice(id: $id) { status creditNotes { number status total
        lines { quantity } } } }";
    let billed = app.ok(s, query, json!({ "id": inv }), "invoice").await;
    let credited = json!({ "status": "ISSUED", "creditNotes": [
        { "number": "CN-00002", "status": "ISSUED", "total": "30", "lines": [{ "quantity": "3" }] }] });
    assert_eq!(billed, credited, "3 never shipped");
    let paid = app
        .ok(
            s,
            "mutation($id: ID!) { markInvoicePaid(id: $id) { amountPaid } }",
            json!({ "id": inv }),
            "markInvoicePaid",
        )
        .await;
    assert_eq!(paid["amountPaid"], "10", "what shipped");

    // Voiding an invoice voids its credit notes: they credit nothing any more.
    let order = confirmed(&app, &shop, lines_of(&[(&item, "2")])).await;
    let (so, line) = (id(&order), id(&order["lines"][0]));
    ship(&app, s, &so, &[(&line, "2")], "two").await.data();
    let inv = id(&created(&create_invoice(&app, s, &so, None).await));
    acted(&app, s, "issueInvoice", &inv).await;
    give_back(so.clone(), line.clone(), "two-back", "2")
        .await
        .data();
    let voided = acted(&app, s, "voidInvoice", &inv).await;
    assert_eq!(voided["status"], "VOID");
    let billed = app.ok(s, query, json!({ "id": inv }), "invoice").await;
    assert_eq!(billed["creditNotes"][0]["status"], "VOID");
    let nothing = create_invoice(&app, s, &so, None).await;
    assert_eq!(
        nothing.error_code(),
        "BAD_USER_INPUT",
        "all came back: {}",
        nothing.body
    );
}
