use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use entity::entities::{invoice_lines, invoices};
use entity::sales::{self, Statement, StatementEntry};
use entity::types::{Money, Qty};

use super::types::{SalesOrder, SalesOrderLine, id};
use crate::graphql::catalogue::types::{Item, Partner};
use crate::graphql::context::ContextExt as _;
use crate::graphql::scalars::{Date, MoneyAmount, Percent, Quantity, Timestamp};

/// An invoice bills a customer; a credit note gives back what a return took off one.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::sales::InvoiceKind")]
pub enum InvoiceKind {
    Invoice,
    CreditNote,
}

/// Where an invoice or credit note is in its life.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::sales::InvoiceStatus")]
pub enum InvoiceStatus {
    /// Made, not yet sent to anyone; can still be voided without a trace on statements.
    Draft,
    /// Frozen and owed (a credit note: credited).
    Issued,
    /// Paid in full.
    Paid,
    /// Cancelled; it no longer counts.
    Void,
}

/// An invoice or a credit note, in the currency it was made in; amounts exact to the
/// currency's minor unit.
pub struct Invoice(pub invoices::Model);

#[Object]
impl Invoice {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn kind(&self) -> Result<InvoiceKind> {
        sales::InvoiceKind::parse(&self.0.kind)
            .map(Into::into)
            .ok_or_else(|| format!("unknown invoice kind {}", self.0.kind).into())
    }
    /// `INV-00001` or `CN-00001`: gapless per organization and kind.
    async fn number(&self) -> &str {
        &self.0.number
    }
    async fn status(&self) -> Result<InvoiceStatus> {
        Ok(sales::invoice_status_of(&self.0)?.into())
    }
    /// Null when the order is hidden from the caller.
    async fn sales_order(&self, ctx: &Context<'_>) -> Result<Option<SalesOrder>> {
        Ok(ctx
            .loaders()?
            .sales
            .orders
            .load_one(self.0.sales_order_id)
            .await?
            .map(SalesOrder))
    }
    async fn customer(&self, ctx: &Context<'_>) -> Result<Option<Partner>> {
        Ok(ctx
            .loaders()?
            .partners
            .load_one(self.0.customer_id)
            .await?
            .map(Partner))
    }
    /// A credit note's invoice.
    async fn credits_invoice(&self, ctx: &Context<'_>) -> Result<Option<Invoice>> {
        let Some(credited) = self.0.credits_invoice_id else {
            return Ok(None);
        };
        Ok(ctx
            .loaders()?
            .sales
            .invoices
            .load_one(credited)
            .await?
            .map(Invoice))
    }
    /// The credit notes against this invoice, void ones too.
    async fn credit_notes(&self, ctx: &Context<'_>) -> Result<Vec<Invoice>> {
        let notes = ctx
            .loaders()?
            .sales
            .credit_notes_of_invoice
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        Ok(notes.into_iter().map(Invoice).collect())
    }
    /// What the payment settled: the total less what was credited by then (null until paid).
    async fn amount_paid(&self) -> Option<MoneyAmount> {
        self.0
            .amount_paid
            .map(|paid| MoneyAmount(Money::from_scaled(paid)))
    }
    /// ISO 4217.
    async fn currency(&self) -> &str {
        &self.0.currency
    }
    /// Σ the lines' net amounts.
    async fn subtotal(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.subtotal))
    }
    /// Σ the lines' tax.
    async fn tax_total(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.tax_total))
    }
    async fn total(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.total))
    }
    /// The tax per rate, in the order the rates first appear on the lines.
    async fn taxes(&self, ctx: &Context<'_>) -> Result<Vec<InvoiceTax>> {
        let mut taxes: Vec<InvoiceTax> = Vec::new();
        for line in self.lines_of(ctx).await? {
            let Some(name) = line.tax_name else {
                continue;
            };
            match taxes
                .iter_mut()
                .find(|t| t.name == name && t.percent == line.tax_percent)
            {
                Some(tax) => tax.amount = tax.amount.saturating_add(line.tax),
                None => taxes.push(InvoiceTax {
                    name,
                    percent: line.tax_percent,
                    amount: line.tax,
                }),
            }
        }
        Ok(taxes)
    }
    async fn lines(&self, ctx: &Context<'_>) -> Result<Vec<InvoiceLine>> {
        Ok(self
            .lines_of(ctx)
            .await?
            .into_iter()
            .map(InvoiceLine)
            .collect())
    }
    /// The day it is due: the issue day plus the organization's payment terms.
    async fn due_date(&self) -> Option<Date> {
        self.0.due_date.map(Date)
    }
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    async fn created_at(&self) -> Timestamp {
        self.0.created_at.into()
    }
    async fn issued_at(&self) -> Option<Timestamp> {
        self.0.issued_at.map(Into::into)
    }
    async fn paid_at(&self) -> Option<Timestamp> {
        self.0.paid_at.map(Into::into)
    }
    async fn voided_at(&self) -> Option<Timestamp> {
        self.0.voided_at.map(Into::into)
    }
    /// When it was last e-mailed to the customer.
    async fn sent_at(&self) -> Option<Timestamp> {
        self.0.sent_at.map(Into::into)
    }
    /// A link to the PDF, valid for 15 minutes, that needs no other credentials (for a
    /// download button or a new tab): a path on this api.
    async fn pdf_url(&self, ctx: &Context<'_>) -> Result<String> {
        self.document_url(ctx, "pdf")
    }
    /// The same document as a web page, valid for 15 minutes.
    async fn html_url(&self, ctx: &Context<'_>) -> Result<String> {
        self.document_url(ctx, "html")
    }
}

impl Invoice {
    async fn lines_of(&self, ctx: &Context<'_>) -> Result<Vec<invoice_lines::Model>> {
        Ok(ctx
            .loaders()?
            .sales
            .invoice_lines
            .load_one(self.0.id)
            .await?
            .unwrap_or_default())
    }

    fn document_url(&self, ctx: &Context<'_>, extension: &str) -> Result<String> {
        let token = ctx
            .services()
            .tokens
            .sign_document(entity::scope::OrgId(self.0.organization_id), self.0.id)
            .map_err(|e| async_graphql::Error::new(format!("cannot sign the link: {e}")))?;
        Ok(format!(
            "/documents/invoices/{}.{extension}?token={token}",
            self.0.id
        ))
    }
}

/// The tax of one rate on an invoice.
pub struct InvoiceTax {
    name: String,
    percent: i64,
    amount: i64,
}

#[Object]
impl InvoiceTax {
    async fn name(&self) -> &str {
        &self.name
    }
    async fn percent(&self) -> Percent {
        Percent(Qty::from_scaled(self.percent))
    }
    async fn amount(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.amount))
    }
}

/// One line of an invoice, as it was when invoiced.
pub struct InvoiceLine(pub invoice_lines::Model);

#[Object]
impl InvoiceLine {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    /// The order line it bills.
    async fn sales_order_line(&self, ctx: &Context<'_>) -> Result<Option<SalesOrderLine>> {
        let loaders = ctx.loaders()?;
        let Some(line) = loaders
            .sales
            .order_lines
            .load_one(self.0.sales_order_line_id)
            .await?
        else {
            return Ok(None);
        };
        let Some(order) = loaders.sales.orders.load_one(line.sales_order_id).await? else {
            return Ok(None);
        };
        let cancelled = sales::status_of(&order)? == sales::Status::Cancelled;
        Ok(Some(SalesOrderLine { line, cancelled }))
    }
    async fn item(&self, ctx: &Context<'_>) -> Result<Option<Item>> {
        Ok(ctx
            .loaders()?
            .items
            .load_one(self.0.item_id)
            .await?
            .map(Item))
    }
    /// The item's SKU when invoiced.
    async fn sku(&self) -> &str {
        &self.0.sku
    }
    /// The item's name when invoiced.
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn quantity(&self) -> Quantity {
        Quantity(Qty::from_scaled(self.0.quantity))
    }
    async fn unit_price(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.unit_price))
    }
    async fn discount_percent(&self) -> Percent {
        Percent(Qty::from_scaled(self.0.discount_percent))
    }
    /// The tax rate's name when invoiced; null when untaxed.
    async fn tax_name(&self) -> Option<&str> {
        self.0.tax_name.as_deref()
    }
    async fn tax_percent(&self) -> Percent {
        Percent(Qty::from_scaled(self.0.tax_percent))
    }
    /// Quantity × unit price less the discount, rounded to the minor unit.
    async fn net_amount(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.net))
    }
    /// The net amount's tax, rounded to the minor unit.
    async fn tax_amount(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.tax))
    }
}

/// What a statement entry records.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "entity::sales::StatementEntryKind")]
pub enum StatementEntryKind {
    /// An invoice issued: owed.
    Invoice,
    /// A credit note issued: no longer owed.
    CreditNote,
    /// An invoice paid.
    Payment,
}

/// A customer's invoices, credit notes and payments over a period, and the balance owed.
pub struct CustomerStatement(pub Statement);

#[Object]
impl CustomerStatement {
    async fn customer(&self) -> Partner {
        Partner(self.0.customer.clone())
    }
    async fn currency(&self) -> &str {
        &self.0.currency
    }
    async fn from(&self) -> Option<Timestamp> {
        self.0.from.map(Into::into)
    }
    async fn to(&self) -> Option<Timestamp> {
        self.0.to.map(Into::into)
    }
    /// Owed before `from`.
    async fn opening_balance(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.opening_balance))
    }
    /// Owed at `to` (now when open-ended); negative when the customer is owed.
    async fn closing_balance(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.closing_balance))
    }
    /// In time order.
    async fn entries(&self) -> Vec<CustomerStatementEntry> {
        self.0
            .entries
            .iter()
            .cloned()
            .map(CustomerStatementEntry)
            .collect()
    }
}

pub struct CustomerStatementEntry(StatementEntry);

#[Object]
impl CustomerStatementEntry {
    async fn kind(&self) -> StatementEntryKind {
        self.0.kind.into()
    }
    async fn at(&self) -> Timestamp {
        self.0.at.into()
    }
    /// The invoice or credit note (for a payment, the invoice paid).
    async fn invoice(&self) -> Invoice {
        Invoice(self.0.invoice.clone())
    }
    /// Positive when it adds to what is owed.
    async fn amount(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.amount))
    }
    /// Owed after it.
    async fn balance(&self) -> MoneyAmount {
        MoneyAmount(Money::from_scaled(self.0.balance))
    }
}

#[derive(InputObject)]
pub struct CreateInvoiceInput {
    pub sales_order_id: ID,
    /// Bill these shipments (stock-out transactions of the order); left out: what of the
    /// order is not yet invoiced.
    pub shipment_ids: Option<Vec<ID>>,
    pub note: Option<String>,
}

#[derive(InputObject, Default)]
pub struct InvoiceFilterInput {
    pub kind: Option<InvoiceKind>,
    pub status: Option<InvoiceStatus>,
    pub customer_id: Option<ID>,
    pub sales_order_id: Option<ID>,
}
