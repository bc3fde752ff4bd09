//! An invoice or credit note as a standalone HTML page: inline CSS, no scripts, every value
//! escaped.

use crate::Invoice;

/// The invoice or credit note as a complete HTML page that reads well on a phone and prints
/// on A4.
pub fn invoice_html(invoice: &Invoice) -> String {
    let mut html = String::with_capacity(8 * 1024 + invoice.lines.len() * 400);
    let heading = escape(&invoice.heading());
    html.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str(&format!(
        "<title>{heading} – {}</title>\n",
        escape(&invoice.organization)
    ));
    html.push_str(STYLE);
    html.push_str("</head>\n<body>\n<main class=\"sheet\">\n<header class=\"top\">\n");

    html.push_str("<div class=\"seller\">\n");
    if let Some(url) = invoice.logo_url.as_deref().and_then(web_url) {
        html.push_str(&format!(
            "<img class=\"logo\" src=\"{}\" alt=\"{}\">\n",
            escape(url),
            escape(&invoice.organization)
        ));
    }
    html.push_str(&format!(
        "<p class=\"organization\">{}</p>\n",
        escape(&invoice.organization)
    ));
    push_address(&mut html, invoice.organization_address.as_deref());
    html.push_str("</div>\n");

    html.push_str(&format!("<div class=\"meta\">\n<h1>{heading}</h1>\n<dl>\n"));
    let dates = [
        ("Date", Some(invoice.date.as_str())),
        ("Due date", invoice.due_date.as_deref()),
        ("Reference", invoice.reference.as_deref()),
    ];
    for (label, value) in dates {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            html.push_str(&format!("<dt>{label}</dt><dd>{}</dd>\n", escape(value)));
        }
    }
    html.push_str("</dl>\n</div>\n</header>\n");

    if let Some(status) = invoice.status.as_deref().filter(|s| !s.trim().is_empty()) {
        html.push_str(&format!("<p class=\"status\">{}</p>\n", escape(status)));
    }

    html.push_str("<section class=\"bill-to\">\n<h2>Bill to</h2>\n");
    html.push_str(&format!(
        "<p class=\"customer\">{}</p>\n",
        escape(&invoice.customer)
    ));
    if let Some(email) = invoice.customer_email.as_deref() {
        html.push_str(&format!("<p>{}</p>\n", escape(email)));
    }
    push_address(&mut html, invoice.customer_address.as_deref());
    html.push_str("</section>\n");

    html.push_str(concat!(
        "<table class=\"lines\">\n<thead><tr>",
        "<th scope=\"col\">SKU</th><th scope=\"col\">Item</th>",
        "<th scope=\"col\" class=\"num\">Qty</th><th scope=\"col\" class=\"num\">Unit price</th>",
        "<th scope=\"col\" class=\"num\">Discount</th><th scope=\"col\">Tax</th>",
        "<th scope=\"col\" class=\"num\">Total</th>",
        "</tr></thead>\n<tbody>\n",
    ));
    for line in &invoice.lines {
        html.push_str("<tr>");
        let cells = [
            ("SKU", " class=\"code\"", &line.sku),
            ("Item", "", &line.name),
            ("Qty", " class=\"num\"", &line.quantity),
            ("Unit price", " class=\"num\"", &line.unit_price),
            ("Discount", " class=\"num\"", &line.discount),
            ("Tax", " class=\"code\"", &line.tax),
            ("Total", " class=\"num\"", &line.total),
        ];
        for (label, class, value) in cells {
            html.push_str(&format!(
                "<td data-label=\"{label}\"{class}>{}</td>",
                escape(value)
            ));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n");

    html.push_str("<table class=\"amounts\">\n");
    html.push_str(&format!(
        "<tr><th scope=\"row\">Subtotal</th><td>{}</td></tr>\n",
        escape(&invoice.subtotal)
    ));
    for (label, amount) in &invoice.taxes {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
            escape(label),
            escape(amount)
        ));
    }
    html.push_str(&format!(
        "<tr class=\"total\"><th scope=\"row\">{}</th><td>{}</td></tr>\n</table>\n",
        escape(&invoice.total_label()),
        escape(&invoice.total)
    ));

    if let Some(note) = invoice.note.as_deref().filter(|n| !n.trim().is_empty()) {
        html.push_str(&format!(
            "<section class=\"note\">\n<h2>Note</h2>\n<p>{}</p>\n</section>\n",
            escape(note.trim())
        ));
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// An address as a paragraph keeping its line breaks, when there is one.
fn push_address(html: &mut String, address: Option<&str>) {
    if let Some(address) = address.filter(|a| !a.trim().is_empty()) {
        html.push_str(&format!(
            "<p class=\"address\">{}</p>\n",
            escape(address.trim())
        ));
    }
}

/// `text` safe inside an HTML element or a quoted attribute.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// `url` when it is a web address (`https://` or `http://`); anything else (`javascript:`,
/// `data:`, a relative path) is not shown.
fn web_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let web = ["https://", "http://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
    });
    web.then_some(url)
}

/// Plain and print-friendly: a white sheet on screens, the bare page on paper; on a phone the
/// lines stack as labelled cards.
const STYLE: &str = r#"<style>
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #111827; font: 15px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
.sheet { max-width: 54rem; margin: 2rem auto; padding: 2.5rem; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0, 0, 0, .12); overflow-wrap: anywhere; }
.top { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1.5rem; }
.logo { display: block; max-width: 12rem; max-height: 4rem; margin-bottom: .5rem; }
.organization { margin: 0; font-size: 1.25rem; font-weight: 700; }
.address { margin: .25rem 0 0; white-space: pre-line; color: #374151; }
.meta { text-align: right; }
h1 { margin: 0 0 .5rem; font-size: 1.6rem; line-height: 1.2; }
dl { display: grid; grid-template-columns: auto auto; gap: .15rem 1rem; justify-content: end; margin: 0; }
dt { color: #6b7280; }
dd { margin: 0; }
.status { display: inline-block; margin: 1.5rem 0 0; padding: .35rem .8rem; border: 2px solid currentColor; border-radius: 4px; font-size: 1.15rem; font-weight: 700; }
.bill-to { margin: 2rem 0 1.5rem; }
.bill-to p { margin: 0; }
h2 { margin: 0 0 .35rem; color: #6b7280; font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; }
.customer { font-weight: 600; }
table { width: 100%; border-collapse: collapse; }
.lines th, .lines td { padding: .5rem .4rem; border-bottom: 1px solid #e5e7eb; text-align: left; vertical-align: top; }
.lines thead th { border-bottom: 2px solid #111827; font-size: .85rem; }
.lines .num { text-align: right; white-space: nowrap; }
.lines .code { white-space: nowrap; }
.amounts { width: auto; min-width: 50%; margin: 1rem 0 0 auto; }
.amounts th { padding: .3rem 1.5rem .3rem 0; font-weight: normal; text-align: left; }
.amounts td { padding: .3rem 0; text-align: right; white-space: nowrap; }
.amounts .total th, .amounts .total td { padding-top: .5rem; border-top: 2px solid #111827; font-size: 1.1rem; font-weight: 700; }
.note { margin-top: 2rem; }
.note p { margin: 0; white-space: pre-line; }
@media screen and (max-width: 40rem) {
  body { background: #fff; font-size: 14px; }
  .sheet { margin: 0; padding: 1rem; border-radius: 0; box-shadow: none; }
  .meta { text-align: left; }
  dl { justify-content: start; }
  .lines thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .lines, .lines tbody, .lines tr, .lines td { display: block; width: 100%; }
  .lines tr { padding: .5rem 0; border-bottom: 1px solid #e5e7eb; }
  .lines td, .lines .num, .lines .code { display: flex; justify-content: space-between; gap: 1rem; padding: .1rem 0; border: 0; text-align: right; white-space: normal; }
  .lines td::before { content: attr(data-label); color: #6b7280; text-align: left; }
  .lines td:empty { display: none; }
  .amounts { width: 100%; }
}
@media print {
  body { background: #fff; font-size: 10.5pt; }
  .sheet { max-width: none; margin: 0; padding: 0; border-radius: 0; box-shadow: none; }
  .lines thead { display: table-header-group; }
  .lines tr, .amounts { break-inside: avoid; }
}
</style>
"#;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::invoice::tests::invoice;

    #[test]
    fn a_page_shows_the_invoice_with_every_value_escaped() {
        let mut invoice = invoice(3);
        invoice.customer = "<script>alert(1)</script>".to_owned();
        invoice.organization = "O'Brien \"Tools\" & Sons".to_owned();
        invoice.note = Some("Pay by <b>Friday</b>\nThanks".to_owned());
        let html = invoice_html(&invoice);

        assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
        assert!(html.trim_end().ends_with("</html>"));
        assert!(html.contains("<meta name=\"viewport\""));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script"), "no scripts at all");
        assert!(html.contains("O&#39;Brien &quot;Tools&quot; &amp; Sons"));
        assert!(!html.contains("O'Brien"));
        assert!(html.contains("Pay by &lt;b&gt;Friday&lt;/b&gt;\nThanks"));
        assert!(html.contains("<h1>Invoice INV-00007</h1>"));
        assert!(html.contains("<p class=\"status\">Paid on 2026-12-06</p>"));
        assert!(html.contains("1 Rue de la Paix\n75002 Paris"));
        for i in 0..3 {
            assert!(html.contains(&format!(
                "<td data-label=\"SKU\" class=\"code\">SKU-{i:03}</td>"
            )));
        }
        assert_eq!(html.matches("<tr><td").count(), 3);
        assert!(html.contains("<th scope=\"row\">VAT 5.5%</th><td>13.20 €</td>"));
        assert!(html.contains("<th scope=\"row\">Total (EUR)</th><td>1,447.70 €</td>"));
        assert!(html.contains(
            "<img class=\"logo\" src=\"https://example.com/logo.png\" alt=\"O&#39;Brien"
        ));
    }

    #[test]
    fn only_a_web_logo_is_shown() {
        let mut invoice = invoice(1);
        for url in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "//evil.example/logo.png",
            "/logo.png",
            "",
        ] {
            invoice.logo_url = Some(url.to_owned());
            let html = invoice_html(&invoice);
            assert!(!html.contains("<img"), "{url:?} is not shown");
            assert!(!html.to_lowercase().contains("javascript:"));
        }
        invoice.logo_url = None;
        assert!(!invoice_html(&invoice).contains("<img"));

        invoice.logo_url = Some("HTTP://cdn.example/a.png?w=1&h=2\"onerror=\"alert(1)".to_owned());
        let html = invoice_html(&invoice);
        assert!(
            html.contains(
                "src=\"HTTP://cdn.example/a.png?w=1&amp;h=2&quot;onerror=&quot;alert(1)\""
            )
        );
        assert!(!html.contains("\"onerror"));
    }

    #[test]
    fn escape_covers_the_five_special_characters() {
        assert_eq!(escape("&<>\"'"), "&amp;&lt;&gt;&quot;&#39;");
        assert_eq!(escape("Café — 1,234.50 €"), "Café — 1,234.50 €");
    }
}
