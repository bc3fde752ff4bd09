//! A submitted purchase order, e-mailed to its supplier with the order as a PDF.

use entity::purchasing::{OrderSent, OrderSheet};
use entity::scope::OrgId;
use entity::types::{Money, Qty, line_value};
use platform::mail::{Attachment, Mail};
use sea_orm::DatabaseConnection;

use super::deliver::escape;
use entity::entities::outbox_events;

/// The supplier's mail for `event`; `None` when the order is gone or was cancelled meanwhile,
/// or the supplier has no address any more (nothing to send).
///
/// # Errors
/// On a malformed payload or database failure.
pub async fn order_mail(
    db: &DatabaseConnection,
    event: &outbox_events::Model,
) -> anyhow::Result<Option<Mail>> {
    let sent: OrderSent = serde_json::from_str(&event.payload)?;
    let org = OrgId(event.organization_id);
    let Some(sheet) = entity::purchasing::order_sheet(db, org, sent.purchase_order_id).await?
    else {
        return Ok(None);
    };
    if entity::purchasing::status_of(&sheet.order)? == entity::purchasing::Status::Cancelled {
        return Ok(None);
    }
    let Some(to_email) = sheet.supplier.email.clone() else {
        return Ok(None);
    };
    let document = document(&sheet);
    let pdf = documents::purchase_order_pdf(&document);
    let expected = document
        .expected
        .as_deref()
        .map(|day| format!(", expected by {day}"))
        .unwrap_or_default();
    let text = format!(
        "Hello {supplier},\n\nPlease find attached purchase order {number} from {org}, to be \
         delivered to {location}{expected}: {lines} line(s), {total} in total.\n\n{org}\n",
        supplier = document.supplier,
        number = document.number,
        org = document.organization,
        location = document.deliver_to,
        lines = document.lines.len(),
        total = document.total,
    );
    let html = format!(
        "<p>Hello {supplier},</p><p>Please find attached purchase order <strong>{number}</strong> \
         from {org}, to be delivered to {location}{expected}: {lines} line(s), {total} in \
         total.</p><p>{org}</p>",
        supplier = escape(&document.supplier),
        number = escape(&document.number),
        org = escape(&document.organization),
        location = escape(&document.deliver_to),
        expected = escape(&expected),
        lines = document.lines.len(),
        total = escape(&document.total),
    );
    Ok(Some(Mail {
        to_email,
        to_name: document.supplier.clone(),
        subject: format!(
            "Purchase order {} from {}",
            document.number, document.organization
        ),
        text,
        html,
        // Once per event: a retried delivery carries the same id, so mail clients fold it.
        message_id: format!("<{}.supplier@stockroom>", event.id),
        attachments: vec![Attachment {
            filename: format!("{}.pdf", documents::file_name(&document.number)),
            content_type: "application/pdf".to_owned(),
            bytes: pdf,
        }],
    }))
}

fn document(sheet: &OrderSheet) -> documents::PurchaseOrder {
    let mut total = 0_i64;
    let lines = sheet
        .lines
        .iter()
        .map(|(line, item)| {
            let value = line_value(
                Qty::from_scaled(line.quantity),
                Money::from_scaled(line.unit_cost),
            )
            .map_or(i64::MAX, Money::scaled);
            total = total.saturating_add(value);
            documents::Line {
                sku: item.sku.clone(),
                name: item.name.clone(),
                quantity: Qty::from_scaled(line.quantity).to_string(),
                unit: item.unit.clone(),
                unit_cost: money(line.unit_cost),
                total: money(value),
            }
        })
        .collect();
    let order = &sheet.order;
    documents::PurchaseOrder {
        organization: sheet.organization.name.clone(),
        number: order.number.clone(),
        date: order
            .submitted_at
            .unwrap_or(order.created_at)
            .date_naive()
            .to_string(),
        expected: order.expected_at.map(|at| at.date_naive().to_string()),
        supplier: sheet.supplier.name.clone(),
        supplier_email: sheet.supplier.email.clone(),
        supplier_address: sheet.supplier.address.clone(),
        deliver_to: sheet.location.name.clone(),
        deliver_to_address: sheet.location.address.clone(),
        note: order.note.clone(),
        lines,
        total: money(total),
    }
}

/// An amount with at least two decimals (`3` → `3.00`, `0.125` stays).
fn money(scaled: i64) -> String {
    let text = Money::from_scaled(scaled).to_string();
    match text.split_once('.') {
        None => format!("{text}.00"),
        Some((_, fraction)) if fraction.len() < 2 => format!("{text}0"),
        Some(_) => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_print_with_cents_and_numbers_as_safe_file_names() {
        assert_eq!(money(30_0000), "30.00");
        assert_eq!(money(2_5000), "2.50");
        assert_eq!(money(1250), "0.125");
        assert_eq!(documents::file_name("ACME/PO-00003"), "ACME-PO-00003");
    }
}
