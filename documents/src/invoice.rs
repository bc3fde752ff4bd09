//! An invoice or credit note as a PDF, for its customer.

use crate::{BOLD, Layout, MARGIN, PAGE, Page, REGULAR, RIGHT, ROW, write};

/// An invoice or credit note as its customer reads it; amounts already formatted (e.g.
/// "1,234.50 EUR"), printed as they are.
#[derive(Clone, Debug, Default)]
pub struct Invoice {
    /// "Invoice" or "Credit note": printed as the heading.
    pub title: String,
    pub number: String,
    pub organization: String,
    /// May span lines.
    pub organization_address: Option<String>,
    /// Shown in HTML only (a PDF never fetches remote images).
    pub logo_url: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub due_date: Option<String>,
    /// e.g. "Sales order SO-00003" or "Credits invoice INV-00002".
    pub reference: Option<String>,
    pub customer: String,
    pub customer_email: Option<String>,
    /// May span lines.
    pub customer_address: Option<String>,
    /// ISO 4217, e.g. "EUR".
    pub currency: String,
    pub lines: Vec<InvoiceLine>,
    pub subtotal: String,
    /// One row per tax rate, e.g. ("VAT 20%", "12.40").
    pub taxes: Vec<(String, String)>,
    pub total: String,
    /// e.g. "Paid on 2026-12-05" or "VOID": printed prominently when present.
    pub status: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct InvoiceLine {
    pub sku: String,
    pub name: String,
    pub quantity: String,
    pub unit_price: String,
    /// e.g. "10%", or empty when none.
    pub discount: String,
    /// e.g. "VAT 20%", or empty when none.
    pub tax: String,
    /// The line's net amount: after its discount, before tax.
    pub total: String,
}

impl Invoice {
    /// Its title and number, e.g. "Invoice INV-00001".
    pub(crate) fn heading(&self) -> String {
        format!("{} {}", self.title.trim(), self.number.trim())
            .trim()
            .to_owned()
    }

    /// The total's label, with the currency when there is one.
    pub(crate) fn total_label(&self) -> String {
        match self.currency.trim() {
            "" => "Total".to_owned(),
            currency => format!("Total ({currency})"),
        }
    }
}

// The table's columns: where each starts (SKU, item, tax) or ends (quantity, unit price,
// discount, line total), and how wide it is.
const SKU: (f32, f32) = (MARGIN, 70.0);
const ITEM: (f32, f32) = (125.0, 125.0);
const QUANTITY: (f32, f32) = (295.0, 40.0);
const UNIT_PRICE: (f32, f32) = (365.0, 64.0);
const DISCOUNT: (f32, f32) = (405.0, 34.0);
const TAX: (f32, f32) = (413.0, 55.0);
const TOTAL: (f32, f32) = (RIGHT, 70.0);

/// The invoice or credit note as a PDF of as many A4 pages as its lines need.
pub fn invoice_pdf(invoice: &Invoice) -> Vec<u8> {
    let mut layout = Layout::new(format!("{} (continued)", invoice.heading()));
    heading(&mut layout.page, invoice);
    table_header(&mut layout.page);
    for line in &invoice.lines {
        if layout.room(0.0) {
            table_header(&mut layout.page);
        }
        row(&mut layout.page, line);
    }

    // Subtotal, taxes and total together on one page when they fit on one.
    let amounts = invoice.taxes.len() as f32 * ROW + 2.5 * ROW;
    if amounts < PAGE.1 - 2.0 * MARGIN - 3.0 * ROW {
        layout.room(amounts);
    }
    layout.page.y -= ROW / 2.0;
    layout.room(0.0);
    layout
        .page
        .amount(REGULAR, 10.0, "Subtotal", &invoice.subtotal);
    for (label, amount) in &invoice.taxes {
        layout.page.y -= ROW;
        layout.room(0.0);
        layout.page.amount(REGULAR, 10.0, label, amount);
    }
    layout.page.y -= 1.2 * ROW;
    layout.room(0.0);
    layout
        .page
        .amount(BOLD, 11.0, &invoice.total_label(), &invoice.total);
    layout.page.y -= 2.0 * ROW;

    if let Some(status) = invoice.status.as_deref().filter(|s| !s.trim().is_empty()) {
        layout.paragraph(BOLD, 14.0, status);
        layout.page.y -= ROW / 2.0;
    }
    if let Some(note) = invoice.note.as_deref().filter(|n| !n.trim().is_empty()) {
        layout.paragraph(REGULAR, 10.0, &format!("Note: {note}"));
    }
    write(&invoice.heading(), layout.finish())
}

fn heading(page: &mut Page, invoice: &Invoice) {
    page.text(BOLD, 16.0, MARGIN, &invoice.organization);
    page.y -= 1.6 * ROW;
    page.text(BOLD, 13.0, MARGIN, &invoice.heading());
    page.y -= 1.2 * ROW;
    page.text_within(
        REGULAR,
        10.0,
        MARGIN,
        240.0,
        &format!("Date: {}", invoice.date),
    );
    if let Some(due) = &invoice.due_date {
        page.text(REGULAR, 10.0, 300.0, &format!("Due date: {due}"));
    }
    if let Some(reference) = &invoice.reference {
        page.y -= ROW;
        page.text(REGULAR, 10.0, MARGIN, &format!("Reference: {reference}"));
    }
    page.y -= 2.0 * ROW;
    let top = page.y;
    page.block(
        "From",
        &invoice.organization,
        &[invoice.organization_address.as_deref()],
        MARGIN,
        240.0,
    );
    let left_end = page.y;
    page.y = top;
    page.block(
        "Bill to",
        &invoice.customer,
        &[
            invoice.customer_email.as_deref(),
            invoice.customer_address.as_deref(),
        ],
        300.0,
        RIGHT - 300.0,
    );
    page.y = page.y.min(left_end) - ROW;
}

fn table_header(page: &mut Page) {
    page.text_within(BOLD, 9.0, SKU.0, SKU.1, "SKU");
    page.text_within(BOLD, 9.0, ITEM.0, ITEM.1, "Item");
    page.text_right(BOLD, 9.0, QUANTITY.0, QUANTITY.1, "Qty");
    page.text_right(BOLD, 9.0, UNIT_PRICE.0, UNIT_PRICE.1, "Unit price");
    page.text_right(BOLD, 9.0, DISCOUNT.0, DISCOUNT.1, "Disc.");
    page.text_within(BOLD, 9.0, TAX.0, TAX.1, "Tax");
    page.text_right(BOLD, 9.0, TOTAL.0, TOTAL.1, "Total");
    page.y -= ROW;
}

fn row(page: &mut Page, line: &InvoiceLine) {
    page.text_within(REGULAR, 9.0, SKU.0, SKU.1, &line.sku);
    page.text_within(REGULAR, 9.0, ITEM.0, ITEM.1, &line.name);
    page.text_right(REGULAR, 9.0, QUANTITY.0, QUANTITY.1, &line.quantity);
    page.text_right(REGULAR, 9.0, UNIT_PRICE.0, UNIT_PRICE.1, &line.unit_price);
    page.text_right(REGULAR, 9.0, DISCOUNT.0, DISCOUNT.1, &line.discount);
    page.text_within(REGULAR, 9.0, TAX.0, TAX.1, &line.tax);
    page.text_right(REGULAR, 9.0, TOTAL.0, TOTAL.1, &line.total);
    page.y -= ROW;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use crate::tests::assert_inside_margins;

    /// An invoice with `lines` lines, as the tests here and in `html` use it.
    pub(crate) fn invoice(lines: usize) -> Invoice {
        Invoice {
            title: "Invoice".to_owned(),
            number: "INV-00007".to_owned(),
            organization: "Acme Café".to_owned(),
            organization_address: Some("1 Rue de la Paix\n75002 Paris\nFrance".to_owned()),
            logo_url: Some("https://example.com/logo.png".to_owned()),
            date: "2026-12-05".to_owned(),
            due_date: Some("2026-12-19".to_owned()),
            reference: Some("Sales order SO-00003".to_owned()),
            customer: "Bolts & Co".to_owned(),
            customer_email: Some("accounts@bolts.example".to_owned()),
            customer_address: Some("9 Quay Street\nDublin".to_owned()),
            currency: "EUR".to_owned(),
            lines: (0..lines)
                .map(|i| InvoiceLine {
                    sku: format!("SKU-{i:03}"),
                    name: "Hex bolt M8 — zinc".to_owned(),
                    quantity: "12".to_owned(),
                    unit_price: "0.50".to_owned(),
                    discount: if i % 2 == 0 { "10%" } else { "" }.to_owned(),
                    tax: "VAT 20%".to_owned(),
                    total: "5.40".to_owned(),
                })
                .collect(),
            subtotal: "1,234.50 €".to_owned(),
            taxes: vec![
                ("VAT 20%".to_owned(), "200.00 €".to_owned()),
                ("VAT 5.5%".to_owned(), "13.20 €".to_owned()),
            ],
            total: "1,447.70 €".to_owned(),
            status: Some("Paid on 2026-12-06".to_owned()),
            note: Some("Thank you for your business.\nBank: IBAN FR76 0000".to_owned()),
        }
    }

    /// The PDF's page count and its text, read back by lopdf.
    fn read(pdf: &[u8]) -> (usize, String) {
        let document = lopdf::Document::load_mem(pdf).expect("a PDF lopdf reads");
        let pages: Vec<u32> = document.get_pages().keys().copied().collect();
        let text = document.extract_text(&pages).expect("its text");
        (pages.len(), text)
    }

    #[test]
    fn an_invoice_prints_its_number_lines_and_total() {
        let pdf = invoice_pdf(&invoice(3));
        assert!(pdf.starts_with(b"%PDF-"));
        let (pages, text) = read(&pdf);
        assert_eq!(pages, 1, "one page for 3 lines");
        for expected in [
            "Invoice INV-00007",
            "Acme Café",
            "75002 Paris",
            "Bolts & Co",
            "accounts@bolts.example",
            "Dublin",
            "Date: 2026-12-05",
            "Due date: 2026-12-19",
            "Reference: Sales order SO-00003",
            "SKU-000",
            "SKU-002",
            "Hex bolt M8 — zinc",
            "10%",
            "Subtotal",
            "1,234.50 €",
            "VAT 5.5%",
            "13.20 €",
            "Total (EUR)",
            "1,447.70 €",
            "Paid on 2026-12-06",
            "Note: Thank you for your business.",
            "Bank: IBAN FR76 0000",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
        assert!(!text.contains("(continued)"));
    }

    #[test]
    fn a_long_invoice_continues_over_pages_without_losing_a_line() {
        let pdf = invoice_pdf(&invoice(80));
        let (pages, text) = read(&pdf);
        assert!(pages >= 2, "80 lines span pages, not {pages}");
        for i in 0..80 {
            assert!(text.contains(&format!("SKU-{i:03}")), "line {i} printed");
        }
        assert_eq!(
            text.matches("Invoice INV-00007 (continued)").count(),
            pages - 1
        );
        assert_eq!(text.matches("Unit price").count(), pages);
        assert!(text.contains("1,447.70 €"));

        let mut credit = invoice(1);
        credit.title = "Credit note".to_owned();
        credit.number = "CN-00001".to_owned();
        credit.reference = Some("Credits invoice INV-00002".to_owned());
        credit.status = Some("VOID".to_owned());
        credit.currency = String::new();
        let (pages, text) = read(&invoice_pdf(&credit));
        assert_eq!(pages, 1);
        for expected in ["Credit note CN-00001", "Credits invoice INV-00002", "VOID"] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
        assert!(text.contains("Total\n") && !text.contains("Total ("));
    }

    #[test]
    fn text_stays_inside_the_page_however_long_it_is() {
        let long = "Wide WORDS WITHOUT END ".repeat(12);
        let mut invoice = invoice(60);
        invoice.title = "Credit note".to_owned();
        invoice.number = "CN-".repeat(40);
        invoice.organization = long.clone();
        invoice.organization_address = Some(format!("{long}\n{long}\n{long}\n{long}\n{long}"));
        invoice.customer = long.clone();
        invoice.customer_email = Some("W".repeat(200));
        invoice.customer_address = Some(format!("{long}\n{long}"));
        invoice.due_date = Some(long.clone());
        invoice.reference = Some(long.clone());
        invoice.currency = "WWWWWWWWWW".to_owned();
        for line in &mut invoice.lines {
            *line = InvoiceLine {
                sku: "W".repeat(40),
                name: long.clone(),
                quantity: "1,000,000,000".to_owned(),
                unit_price: "1,000,000,000.00 EUR".to_owned(),
                discount: "100.00%".to_owned(),
                tax: "VAT WWWWWWW 20%".to_owned(),
                total: "1,000,000,000,000.00 EUR".to_owned(),
            };
        }
        invoice.subtotal = "9".repeat(60);
        invoice.taxes = (0..70).map(|_| (long.clone(), "9".repeat(60))).collect();
        invoice.total = "9".repeat(60);
        invoice.status = Some(long.clone());
        invoice.note = Some(format!("{long}\n\n{}", "W".repeat(300)));

        let pages = assert_inside_margins(&invoice_pdf(&invoice));
        assert!(pages >= 3);
    }
}
