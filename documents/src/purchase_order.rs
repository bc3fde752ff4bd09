//! A purchase order as a PDF, for its supplier.

use crate::{BOLD, Layout, MARGIN, Page, REGULAR, RIGHT, ROW, write};

/// A purchase order as its supplier reads it; amounts already formatted.
#[derive(Clone, Debug, Default)]
pub struct PurchaseOrder {
    pub organization: String,
    pub number: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub expected: Option<String>,
    pub supplier: String,
    pub supplier_email: Option<String>,
    pub supplier_address: Option<String>,
    pub deliver_to: String,
    pub deliver_to_address: Option<String>,
    pub note: Option<String>,
    pub lines: Vec<Line>,
    pub total: String,
}

#[derive(Clone, Debug, Default)]
pub struct Line {
    pub sku: String,
    pub name: String,
    pub quantity: String,
    pub unit: String,
    pub unit_cost: String,
    pub total: String,
}

// The table's columns: where each starts (SKU, item) or ends (quantity, unit cost, line
// total), and how wide it is.
const SKU: (f32, f32) = (MARGIN, 90.0);
const ITEM: (f32, f32) = (145.0, 170.0);
const QUANTITY: (f32, f32) = (385.0, 65.0);
const UNIT_COST: (f32, f32) = (460.0, 68.0);
const TOTAL: (f32, f32) = (RIGHT, 78.0);

/// The order as a PDF of as many A4 pages as its lines need.
pub fn purchase_order_pdf(order: &PurchaseOrder) -> Vec<u8> {
    let mut layout = Layout::new(format!("{} (continued)", order.number));
    heading(&mut layout.page, order);
    table_header(&mut layout.page);
    for line in &order.lines {
        if layout.room(3.0 * ROW) {
            table_header(&mut layout.page);
        }
        row(&mut layout.page, line);
    }
    layout.page.y -= ROW / 2.0;
    layout.page.amount(BOLD, 11.0, "Total", &order.total);
    layout.page.y -= 2.0 * ROW;
    if let Some(note) = &order.note {
        layout.paragraph(REGULAR, 10.0, &format!("Note: {note}"));
    }
    write(&format!("Purchase order {}", order.number), layout.finish())
}

fn heading(page: &mut Page, order: &PurchaseOrder) {
    page.text(BOLD, 16.0, MARGIN, &order.organization);
    page.y -= 1.6 * ROW;
    page.text(
        BOLD,
        13.0,
        MARGIN,
        &format!("Purchase order {}", order.number),
    );
    page.y -= 1.2 * ROW;
    page.text_within(
        REGULAR,
        10.0,
        MARGIN,
        240.0,
        &format!("Date: {}", order.date),
    );
    if let Some(expected) = &order.expected {
        page.text(REGULAR, 10.0, 300.0, &format!("Expected: {expected}"));
    }
    page.y -= 2.0 * ROW;
    let top = page.y;
    page.block(
        "Supplier",
        &order.supplier,
        &[
            order.supplier_address.as_deref(),
            order.supplier_email.as_deref(),
        ],
        MARGIN,
        240.0,
    );
    let left_end = page.y;
    page.y = top;
    page.block(
        "Deliver to",
        &order.deliver_to,
        &[order.deliver_to_address.as_deref()],
        300.0,
        RIGHT - 300.0,
    );
    page.y = page.y.min(left_end) - ROW;
}

fn table_header(page: &mut Page) {
    page.text_within(BOLD, 10.0, SKU.0, SKU.1, "SKU");
    page.text_within(BOLD, 10.0, ITEM.0, ITEM.1, "Item");
    page.text_right(BOLD, 10.0, QUANTITY.0, QUANTITY.1, "Quantity");
    page.text_right(BOLD, 10.0, UNIT_COST.0, UNIT_COST.1, "Unit cost");
    page.text_right(BOLD, 10.0, TOTAL.0, TOTAL.1, "Total");
    page.y -= ROW;
}

fn row(page: &mut Page, line: &Line) {
    page.text_within(REGULAR, 9.0, SKU.0, SKU.1, &line.sku);
    page.text_within(REGULAR, 9.0, ITEM.0, ITEM.1, &line.name);
    let quantity = format!("{} {}", line.quantity, line.unit);
    page.text_right(REGULAR, 9.0, QUANTITY.0, QUANTITY.1, quantity.trim());
    page.text_right(REGULAR, 9.0, UNIT_COST.0, UNIT_COST.1, &line.unit_cost);
    page.text_right(REGULAR, 9.0, TOTAL.0, TOTAL.1, &line.total);
    page.y -= ROW;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::tests::assert_inside_margins;
    use crate::win_ansi;

    fn order(lines: usize) -> PurchaseOrder {
        PurchaseOrder {
            organization: "Acme Café".to_owned(),
            number: "PO-00042".to_owned(),
            date: "2026-12-05".to_owned(),
            supplier: "Bolts & Co".to_owned(),
            deliver_to: "Main warehouse".to_owned(),
            lines: (0..lines)
                .map(|i| Line {
                    sku: format!("SKU-{i}"),
                    name: "Hex bolt M8 — zinc".to_owned(),
                    quantity: "12.5".to_owned(),
                    unit: "pcs".to_owned(),
                    unit_cost: "0.25".to_owned(),
                    total: "3.125".to_owned(),
                })
                .collect(),
            total: "99.00".to_owned(),
            ..PurchaseOrder::default()
        }
    }

    /// How a string of the page's text appears in the PDF: a literal string when ASCII, a hex
    /// string of its WinAnsi bytes otherwise.
    fn shown(text: &str) -> Vec<u8> {
        let bytes = win_ansi(text);
        if bytes.is_ascii() {
            [b"(", &bytes[..], b")"].concat()
        } else {
            let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
            format!("<{hex}>").into_bytes()
        }
    }

    fn count(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    }

    #[test]
    fn an_order_prints_its_number_lines_and_total_on_as_many_pages_as_it_needs() {
        let one = purchase_order_pdf(&order(3));
        assert!(one.starts_with(b"%PDF-"));
        assert_eq!(count(&one, b"/Type /Page\n"), 1, "one page for 3 lines");
        // On the page, and as the document's title.
        assert_eq!(count(&one, b"(Purchase order PO-00042)"), 2);
        assert_eq!(count(&one, b"(SKU-"), 3);
        assert!(count(&one, b"(99.00)") == 1);
        // Latin-1 and WinAnsi's punctuation kept (hex strings: é = E9, — = 97).
        assert_eq!(count(&one, &shown("Acme Caf\u{e9}")), 1);
        assert_eq!(count(&one, b"<48657820626F6C74204D382097207A696E63>"), 3);

        let mut noted = order(1);
        noted.note = Some("word ".repeat(400));
        let noted = purchase_order_pdf(&noted);
        // About 20 words to a line of 10 pt text.
        assert!(
            count(&noted, b"(word word") >= 15,
            "a long note wraps over many lines"
        );

        let many = purchase_order_pdf(&order(120));
        assert!(count(&many, b"/Type /Page\n") >= 3, "120 lines span pages");
        assert_eq!(count(&many, b"(SKU-"), 120, "no line is lost between pages");
        assert!(count(&many, b"(PO-00042 (continued))") >= 2);
    }

    #[test]
    fn an_orders_text_stays_inside_the_page_however_long_it_is() {
        let long = "Wide WORDS WITHOUT END ".repeat(12);
        let mut order = order(90);
        order.organization = long.clone();
        order.number = "PO-".repeat(40);
        order.expected = Some(long.clone());
        order.supplier = long.clone();
        order.supplier_email = Some("W".repeat(200));
        order.supplier_address = Some(format!("{long}\n{long}"));
        order.deliver_to = long.clone();
        order.deliver_to_address = Some(long.clone());
        for line in &mut order.lines {
            *line = Line {
                sku: "W".repeat(40),
                name: long.clone(),
                quantity: "1,000,000,000".to_owned(),
                unit: "WWWWWWWW".to_owned(),
                unit_cost: "1,000,000,000.00 EUR".to_owned(),
                total: "1,000,000,000,000.00 EUR".to_owned(),
            };
        }
        order.total = "9".repeat(60);
        order.note = Some(format!("{long}\n\n{}", "W".repeat(300)));
        assert!(assert_inside_margins(&purchase_order_pdf(&order)) >= 3);
    }
}
