//! An issued invoice or credit note, e-mailed to its customer with the document as a PDF.

use entity::entities::outbox_events;
use entity::sales::{InvoiceSent, InvoiceStatus};
use entity::scope::OrgId;
use platform::mail::{Attachment, Mail};
use sea_orm::DatabaseConnection;

use super::deliver::escape;

/// The customer's mail for `event`; `None` when the invoice is gone or was voided meanwhile,
/// or the customer has no address any more (nothing to send).
///
/// # Errors
/// On a malformed payload or database failure.
pub async fn invoice_mail(
    db: &DatabaseConnection,
    event: &outbox_events::Model,
) -> anyhow::Result<Option<Mail>> {
    let sent: InvoiceSent = serde_json::from_str(&event.payload)?;
    let org = OrgId(event.organization_id);
    let Some(sheet) = entity::sales::invoice_sheet(db, org, sent.invoice_id).await? else {
        return Ok(None);
    };
    if entity::sales::invoice_status_of(&sheet.invoice)? == InvoiceStatus::Void {
        return Ok(None);
    }
    let Some(to_email) = sheet.customer.email.clone() else {
        return Ok(None);
    };
    let document = sheet.document();
    let pdf = documents::invoice_pdf(&document);
    let what = if sheet.is_credit_note() {
        "credit note"
    } else {
        "invoice"
    };
    let due = document
        .due_date
        .as_deref()
        .map(|day| format!(", due on {day}"))
        .unwrap_or_default();
    let text = format!(
        "Hello {customer},\n\nPlease find attached {what} {number} from {org}: {total}{due}.\n\n{org}\n",
        customer = document.customer,
        number = document.number,
        org = document.organization,
        total = document.total,
    );
    let html = format!(
        "<p>Hello {customer},</p><p>Please find attached {what} <strong>{number}</strong> from \
         {org}: {total}{due}.</p><p>{org}</p>",
        customer = escape(&document.customer),
        number = escape(&document.number),
        org = escape(&document.organization),
        total = escape(&document.total),
        due = escape(&due),
    );
    let mut title = what.to_owned();
    if let Some(first) = title.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    Ok(Some(Mail {
        to_email,
        to_name: document.customer.clone(),
        subject: format!("{title} {} from {}", document.number, document.organization),
        text,
        html,
        // Once per event: a retried delivery carries the same id, so mail clients fold it.
        message_id: format!("<{}.customer@stockroom>", event.id),
        attachments: vec![Attachment {
            filename: format!("{}.pdf", documents::file_name(&document.number)),
            content_type: "application/pdf".to_owned(),
            bytes: pdf,
        }],
    }))
}
