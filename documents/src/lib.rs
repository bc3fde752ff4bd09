//! Printable documents. PDFs are set in the standard Helvetica fonts every PDF reader has (no
//! font files to ship), their text encoded in WinAnsi: Latin scripts and common punctuation
//! (€, dashes, quotes) print as written, other characters as `?`. Invoices and credit notes
//! also come as a standalone HTML page.

mod font;
mod html;
mod invoice;
mod purchase_order;

pub use html::invoice_html;
pub use invoice::{Invoice, InvoiceLine, invoice_pdf};
pub use purchase_order::{Line, PurchaseOrder, purchase_order_pdf};

/// A document number safe as a file name (prefixes may hold `/`): `ACME/PO-1` → `ACME-PO-1`.
pub fn file_name(number: &str) -> String {
    number
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

use font::Font;
use pdf_writer::{Content, Finish as _, Pdf, Rect, Ref, Str, TextStr};

/// A4, in points.
const PAGE: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 50.0;
/// Where text ends at the latest: the right margin.
const RIGHT: f32 = PAGE.0 - MARGIN;
const ROW: f32 = 16.0;
const REGULAR: Font = Font::Regular;
const BOLD: Font = Font::Bold;

/// Where the labels of the amounts under a table start (subtotal, taxes, total).
const AMOUNT_LABELS: f32 = 345.0;

/// A document's pages as they are laid out: those done and the one being written. Every
/// page after the first starts with a "(continued)" line.
struct Layout {
    done: Vec<Page>,
    page: Page,
    continued: String,
}

impl Layout {
    fn new(continued: String) -> Self {
        Self {
            done: Vec::new(),
            page: Page::new(),
            continued,
        }
    }

    /// Starts a new page unless lines from here down to `height` below still sit on or above
    /// the bottom margin; true when it did.
    fn room(&mut self, height: f32) -> bool {
        if self.page.y - height >= MARGIN {
            return false;
        }
        self.done
            .push(std::mem::replace(&mut self.page, Page::new()));
        self.page.text(BOLD, 11.0, MARGIN, &self.continued);
        self.page.y -= 2.0 * ROW;
        true
    }

    /// `text` wrapped to the page's width, its own line breaks kept, over as many pages as
    /// it needs.
    fn paragraph(&mut self, font: Font, size: f32, text: &str) {
        let leading = size * 1.3;
        for line in text.lines() {
            for part in wrap(line, font, size, RIGHT - MARGIN) {
                self.room(0.0);
                self.page.text(font, size, MARGIN, &part);
                self.page.y -= leading;
            }
            if line.trim().is_empty() {
                self.page.y -= leading;
            }
        }
    }

    fn finish(mut self) -> Vec<Page> {
        self.done.push(self.page);
        self.done
    }
}

/// One page's content and where the next line goes (its baseline).
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

    /// A labelled name with optional lines under it (addresses may span lines), `width`
    /// wide from `x`.
    fn block(&mut self, label: &str, name: &str, details: &[Option<&str>], x: f32, width: f32) {
        self.text_within(BOLD, 10.0, x, width, label);
        self.y -= ROW;
        self.text_within(REGULAR, 10.0, x, width, name);
        for detail in details.iter().flatten() {
            for line in detail.lines().filter(|l| !l.trim().is_empty()).take(4) {
                self.y -= ROW * 0.8;
                self.text_within(REGULAR, 9.0, x, width, line.trim());
            }
        }
        self.y -= ROW;
    }

    /// A label and an amount right-aligned at the margin, as under a table.
    fn amount(&mut self, font: Font, size: f32, label: &str, amount: &str) {
        let amount = clip(amount, font, size, 120.0);
        let start = RIGHT - font.width(&amount, size);
        self.show(font, size, start, &amount);
        self.text_within(
            font,
            size,
            AMOUNT_LABELS,
            start - 8.0 - AMOUNT_LABELS,
            label,
        );
    }

    /// `text` from `x`, cut short at the right margin.
    fn text(&mut self, font: Font, size: f32, x: f32, text: &str) {
        self.text_within(font, size, x, RIGHT - x, text);
    }

    /// `text` from `x`, cut short where it would be wider than `width`.
    fn text_within(&mut self, font: Font, size: f32, x: f32, width: f32, text: &str) {
        self.show(font, size, x, &clip(text, font, size, width));
    }

    /// `text` ending at `right`, cut short where it would be wider than `width`.
    fn text_right(&mut self, font: Font, size: f32, right: f32, width: f32, text: &str) {
        let text = clip(text, font, size, width);
        self.show(font, size, right - font.width(&text, size), &text);
    }

    fn show(&mut self, font: Font, size: f32, x: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        let encoded = win_ansi(text);
        self.content
            .begin_text()
            .set_font(font.name(), size)
            .next_line(x, self.y)
            .show(Str(&encoded))
            .end_text();
    }
}

/// `text`, cut short with `…` where it would be wider than `width` points.
fn clip(text: &str, font: Font, size: f32, width: f32) -> String {
    if font.width(text, size) <= width {
        return text.to_owned();
    }
    let room = width - font.width("…", size);
    let mut clipped = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        used += font.char_width(c, size);
        if used > room {
            break;
        }
        clipped.push(c);
    }
    if room < 0.0 {
        return clipped;
    }
    clipped.truncate(clipped.trim_end().len());
    clipped.push('…');
    clipped
}

/// `text` in lines at most `width` points wide, broken between words where it can be.
fn wrap(text: &str, font: Font, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word;
        // A word wider than a line fills lines of its own.
        while font.width(word, size) > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let (head, rest) = word.split_at(fitting(word, font, size, width));
            lines.push(head.to_owned());
            word = rest;
        }
        if word.is_empty() {
            continue;
        }
        if !line.is_empty() && font.width(&format!("{line} {word}"), size) > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Where the longest start of `text` no wider than `width` ends (at least one character).
fn fitting(text: &str, font: Font, size: f32, width: f32) -> usize {
    let mut used = 0.0;
    for (at, c) in text.char_indices() {
        used += font.char_width(c, size);
        if used > width {
            return if at == 0 { c.len_utf8() } else { at };
        }
    }
    text.len()
}

/// WinAnsi bytes of `text`: ASCII and Latin-1 as they are, the punctuation WinAnsi puts at
/// 0x80–0x9F at its place, anything else `?`; control characters (line breaks) as spaces.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars().map(win_ansi_byte).collect()
}

fn win_ansi_byte(c: char) -> u8 {
    match c {
        ' '..='~' | '\u{a0}'..='\u{ff}' => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => b' ',
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
    }
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
    for (font, id) in [(REGULAR, regular), (BOLD, bold)] {
        pdf.type1_font(id)
            .base_font(font.base_font())
            .encoding_predefined(pdf_writer::Name(b"WinAnsiEncoding"));
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
            .pair(REGULAR.name(), regular)
            .pair(BOLD.name(), bold);
        writer.finish();
        pdf.stream(content_ref, &page.content.finish());
    }
    pdf.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;

    /// A string shown on a page, in its font and size, and where it starts.
    #[derive(Debug)]
    struct Shown {
        font: Font,
        size: f32,
        x: f32,
        y: f32,
        text: Vec<u8>,
    }

    impl Shown {
        fn end(&self) -> f32 {
            self.x + self.font.encoded_width(&self.text, self.size)
        }
    }

    /// Every string shown on each page.
    fn shown(pdf: &[u8]) -> Vec<Vec<Shown>> {
        let document = lopdf::Document::load_mem(pdf).expect("a PDF lopdf reads");
        document
            .get_pages()
            .values()
            .map(|&page| {
                let content = lopdf::content::Content::decode(&document.get_page_content(page))
                    .expect("the page's content");
                let (mut font, mut size, mut x, mut y) = (Font::Regular, 0.0, 0.0, 0.0);
                let mut strings = Vec::new();
                for operation in content.operations {
                    let operands = &operation.operands;
                    match operation.operator.as_str() {
                        "Tf" => {
                            font = match operands[0].as_name().unwrap() {
                                b"F1" => Font::Regular,
                                b"F2" => Font::Bold,
                                other => panic!("unknown font {other:?}"),
                            };
                            size = operands[1].as_float().unwrap();
                        }
                        "Td" => {
                            x = operands[0].as_float().unwrap();
                            y = operands[1].as_float().unwrap();
                        }
                        "Tj" => {
                            let text = operands[0].as_str().unwrap().to_vec();
                            strings.push(Shown {
                                font,
                                size,
                                x,
                                y,
                                text,
                            });
                        }
                        _ => {}
                    }
                }
                strings
            })
            .collect()
    }

    /// Checks, through lopdf, that every string on every page of `pdf` sits inside the
    /// margins and clear of the others on its line; the page count.
    pub(crate) fn assert_inside_margins(pdf: &[u8]) -> usize {
        let pages = shown(pdf);
        for (number, strings) in pages.iter().enumerate() {
            assert!(!strings.is_empty());
            let mut sorted: Vec<&Shown> = strings.iter().collect();
            sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
            for pair in sorted.windows(2) {
                if pair[0].y == pair[1].y {
                    assert!(
                        pair[0].end() <= pair[1].x,
                        "{pair:?} overlap on page {number}"
                    );
                }
            }
            for shown in strings {
                assert!(
                    shown.x >= MARGIN - 0.01 && shown.end() <= RIGHT + 0.01,
                    "{shown:?} runs past the margins on page {number}"
                );
                assert!(
                    shown.y >= MARGIN - 0.01 && shown.y <= PAGE.1 - MARGIN + 0.01,
                    "{shown:?} sits past the margins on page {number}"
                );
            }
        }
        pages.len()
    }

    #[test]
    fn text_is_clipped_and_wrapped_by_its_printed_width() {
        // Capitals are wider than lower case: the same count of characters takes more room.
        assert!(BOLD.width("WWWW", 10.0) > BOLD.width("iiii", 10.0) * 3.0);
        assert_eq!(clip("short", REGULAR, 10.0, 100.0), "short");
        let clipped = clip(&"W".repeat(50), REGULAR, 10.0, 100.0);
        assert!(clipped.ends_with('…'));
        assert!(REGULAR.width(&clipped, 10.0) <= 100.0);
        assert_eq!(clip("anything", REGULAR, 10.0, 1.0), "");

        let lines = wrap("word ".repeat(100).trim(), REGULAR, 10.0, 200.0);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| REGULAR.width(l, 10.0) <= 200.0));
        assert_eq!(lines.concat().matches("word").count(), 100);

        // A word wider than a line is broken, in order, after what came before it.
        let long = "x".repeat(120);
        let lines = wrap(&format!("before {long} after"), REGULAR, 10.0, 200.0);
        assert_eq!(lines[0], "before");
        assert!(lines.iter().all(|l| REGULAR.width(l, 10.0) <= 200.0));
        assert_eq!(lines.concat(), format!("before{long}after"));
        assert_eq!(lines.last().map(String::as_str), Some("after"));
    }

    #[test]
    fn characters_winansi_lacks_print_as_question_marks() {
        assert_eq!(win_ansi("Ünïcode 日本"), b"\xdcn\xefcode ??");
        assert_eq!(win_ansi("a\nb\tc"), b"a b c");
        assert_eq!(win_ansi("€ – …"), b"\x80 \x96 \x85");
    }
}
