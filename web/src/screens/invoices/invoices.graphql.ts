import { graphql } from '../../gql';

export const InvoicesDocument = graphql(`
  query Invoices($first: Int!, $after: String, $filter: InvoiceFilterInput) {
    invoices(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          kind
          number
          status
          total
          currency
          dueDate
          createdAt
          customer {
            id
            name
          }
          salesOrder {
            id
            number
          }
        }
      }
    }
  }
`);

export const InvoiceFieldsFragment = graphql(`
  fragment InvoiceFields on Invoice {
    id
    kind
    number
    status
    currency
    subtotal
    taxTotal
    total
    amountPaid
    dueDate
    note
    createdAt
    issuedAt
    paidAt
    voidedAt
    sentAt
    pdfUrl
    htmlUrl
    customer {
      id
      name
      email
    }
    salesOrder {
      id
      number
    }
    creditsInvoice {
      id
      number
    }
    creditNotes {
      id
      number
      status
    }
    taxes {
      name
      percent
      amount
    }
    lines {
      id
      sku
      name
      quantity
      unitPrice
      discountPercent
      taxName
      taxPercent
      netAmount
      taxAmount
    }
  }
`);

export const InvoiceDocument = graphql(`
  query Invoice($id: ID!) {
    invoice(id: $id) {
      ...InvoiceFields
    }
  }
`);

export const IssueInvoiceDocument = graphql(`
  mutation IssueInvoice($id: ID!) {
    issueInvoice(id: $id) {
      ...InvoiceFields
    }
  }
`);

export const MarkInvoicePaidDocument = graphql(`
  mutation MarkInvoicePaid($id: ID!, $paidAt: DateTime) {
    markInvoicePaid(id: $id, paidAt: $paidAt) {
      ...InvoiceFields
    }
  }
`);

export const VoidInvoiceDocument = graphql(`
  mutation VoidInvoice($id: ID!) {
    voidInvoice(id: $id) {
      ...InvoiceFields
    }
  }
`);

export const SendInvoiceDocument = graphql(`
  mutation SendInvoice($id: ID!, $resend: Boolean!) {
    sendInvoice(id: $id, resend: $resend) {
      ...InvoiceFields
    }
  }
`);
