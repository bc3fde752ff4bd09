//! Printable documents as PDF, set in the standard Helvetica fonts every PDF reader has (no
//! font files to ship). Text is encoded in WinAnsi: Latin scripts and common punctuation
//! (€, dashes, quotes) print as written, other characters as `?`.

use pdf_writer::{Content, Finish as _, Name, Pdf, Rect, Ref, Str, TextStr};

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

const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 50.0;
const ROW: f32 = 16.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// Where each table column starts (SKU, item, quantity, unit cost, line total).
const COLUMNS: [f32; 5] = [MARGIN, 150.0, 370.0, 440.0, 515.0];

/// The order as a PDF of as many A4 pages as its lines need.
pub fn purchase_order_pdf(order: &PurchaseOrder) -> Vec<u8> {
    let mut pages = Vec::new();
    let mut page = Page::new();
    page.heading(order);
    page.table_header();
    for line in &order.lines {
        if page.y < MARGIN + 3.0 * ROW {
            pages.push(page);
            page = Page::new();
            page.text(BOLD, 11.0, MARGIN, &format!("{} (continued)", order.number));
            page.y -= 2.0 * ROW;
            page.table_header();
        }
        page.row(line);
    }
    page.y -= ROW / 2.0;
    page.text(BOLD, 11.0, COLUMNS[3], "Total");
    page.text_right(BOLD, 11.0, PAGE.0 - MARGIN, &order.total);
    page.y -= 2.0 * ROW;
    if let Some(note) = &order.note {
        for line in wrap(&format!("Note: {note}"), 95) {
            if page.y < MARGIN {
                pages.push(page);
                page = Page::new();
            }
            page.text(REGULAR, 10.0, MARGIN, &line);
            page.y -= ROW * 0.8;
        }
    }
    pages.push(page);
    write(&format!("Purchase order {}", order.number), pages)
}

/// One page's content and where the next line goes.
struct Page {
    content: Content,
    y: f32,
}

impl Page {
    fn new() -> Self {
        Self {
            content: Content::new(),
            y: PAGE.1 - MARGIN,
        }
    }

    fn heading(&mut self, order: &PurchaseOrder) {
        self.text(BOLD, 16.0, MARGIN, &order.organization);
        self.y -= 1.6 * ROW;
        self.text(
            BOLD,
            13.0,
            MARGIN,
            &format!("Purchase order {}", order.number),
        );
        self.y -= 1.2 * ROW;
        self.text(REGULAR, 10.0, MARGIN, &format!("Date: {}", order.date));
        if let Some(expected) = &order.expected {
            self.text(REGULAR, 10.0, 300.0, &format!("Expected: {expected}"));
        }
        self.y -= 2.0 * ROW;
        let top = self.y;
        self.block(
            "Supplier",
            &order.supplier,
            &[
                order.supplier_address.as_deref(),
                order.supplier_email.as_deref(),
            ],
            MARGIN,
        );
        let left_end = self.y;
        self.y = top;
        self.block(
            "Deliver to",
            &order.deliver_to,
            &[order.deliver_to_address.as_deref()],
            300.0,
        );
        self.y = self.y.min(left_end) - ROW;
    }

    /// A labelled name with optional lines under it (addresses may span lines).
    fn block(&mut self, label: &str, name: &str, details: &[Option<&str>], x: f32) {
        self.text(BOLD, 10.0, x, label);
        self.y -= ROW;
        self.text(REGULAR, 10.0, x, name);
        for detail in details.iter().flatten() {
            for line in detail.lines().filter(|l| !l.trim().is_empty()).take(4) {
                self.y -= ROW * 0.8;
                self.text(REGULAR, 9.0, x, line.trim());
            }
        }
        self.y -= ROW;
    }

    fn table_header(&mut self) {
        self.text(BOLD, 10.0, COLUMNS[0], "SKU");
        self.text(BOLD, 10.0, COLUMNS[1], "Item");
        self.text_right(BOLD, 10.0, COLUMNS[3] - 10.0, "Quantity");
        self.text_right(BOLD, 10.0, COLUMNS[4] - 10.0, "Unit cost");
        self.text_right(BOLD, 10.0, PAGE.0 - MARGIN, "Total");
        self.y -= ROW;
    }

    fn row(&mut self, line: &Line) {
        self.text(REGULAR, 9.0, COLUMNS[0], &clip(&line.sku, 18));
        self.text(REGULAR, 9.0, COLUMNS[1], &clip(&line.name, 40));
        let quantity = format!("{} {}", line.quantity, line.unit);
        self.text_right(REGULAR, 9.0, COLUMNS[3] - 10.0, &clip(&quantity, 16));
        self.text_right(REGULAR, 9.0, COLUMNS[4] - 10.0, &line.unit_cost);
        self.text_right(REGULAR, 9.0, PAGE.0 - MARGIN, &line.total);
        self.y -= ROW;
    }

    fn text(&mut self, font: Name<'_>, size: f32, x: f32, text: &str) {
        let encoded = win_ansi(text);
        self.content
            .begin_text()
            .set_font(font, size)
            .next_line(x, self.y)
            .show(Str(&encoded))
            .end_text();
    }

    /// Text ending at `right` (widths estimated: digits and most letters are about half an
    /// em wide in Helvetica).
    fn text_right(&mut self, font: Name<'_>, size: f32, right: f32, text: &str) {
        let width = text.chars().count() as f32 * size * 0.55;
        self.text(font, size, right - width, text);
    }
}

fn clip(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_owned()
    } else {
        let mut clipped: String = text.chars().take(chars.saturating_sub(1)).collect();
        clipped.push('~');
        clipped
    }
}

/// `text` in lines of at most `width` characters, broken between words where it can be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            let rest = word.split_off(width);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        let word: String = word.into_iter().collect();
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// WinAnsi bytes of `text`: ASCII and Latin-1 as they are, the punctuation WinAnsi puts at
/// 0x80–0x9F at its place, anything else `?`; control characters (line breaks) as spaces.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' | '\u{a0}'..='\u{ff}' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
            '\u{0}'..='\u{1f}' => b' ',
            '€' => 0x80,
            '‚' => 0x82,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '™' => 0x99,
            _ => b'?',
        })
        .collect()
}

fn write(title: &str, pages: Vec<Page>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let mut next = 6;
    let mut refs = Vec::with_capacity(pages.len());
    for _ in &pages {
        refs.push((Ref::new(next), Ref::new(next + 1)));
        next += 2;
    }
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(refs.iter().map(|(page, _)| *page))
        .count(i32::try_from(refs.len()).unwrap_or(i32::MAX));
    for (font, name) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
        pdf.type1_font(font)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Stockroom"));
    for (page, (page_ref, content_ref)) in pages.into_iter().zip(refs) {
        let mut writer = pdf.page(page_ref);
        writer
            .media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1))
            .parent(tree)
            .contents(content_ref);
        writer
            .resources()
            .fonts()
            .pair(REGULAR, regular)
            .pair(BOLD, bold);
        writer.finish();
        pdf.stream(content_ref, &page.content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

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
        // Characters WinAnsi lacks print as `?`.
        assert_eq!(win_ansi("Ünïcode 日本"), b"\xdcn\xefcode ??");

        let mut noted = order(1);
        noted.note = Some("word ".repeat(400));
        let noted = purchase_order_pdf(&noted);
        assert!(
            count(&noted, b"(word word") >= 20,
            "a long note wraps over many lines"
        );

        let many = purchase_order_pdf(&order(120));
        assert!(count(&many, b"/Type /Page\n") >= 3, "120 lines span pages");
        assert_eq!(count(&many, b"(SKU-"), 120, "no line is lost between pages");
        assert!(count(&many, b"(PO-00042 (continued))") >= 2);
    }
}
