import { graphql } from '../../gql';

export const SalesOrdersDocument = graphql(`
  query SalesOrders($first: Int!, $after: String, $filter: SalesOrderFilterInput) {
    salesOrders(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          number
          status
          subtotal
          createdAt
          customer {
            id
            name
          }
          location {
            id
            name
          }
        }
      }
    }
    organization {
      id
      currency
    }
  }
`);

export const SalesOrderDocument = graphql(`
  query SalesOrder($id: ID!) {
    salesOrder(id: $id) {
      id
      number
      status
      note
      subtotal
      createdAt
      confirmedAt
      cancelledAt
      customer {
        id
        name
      }
      location {
        id
        name
      }
      lines {
        id
        ordered
        shipped
        outstanding
        returned
        invoiced
        unitPrice
        discountPercent
        netAmount
        taxRate {
          id
          name
          percent
        }
        item {
          id
          sku
          name
          unit
        }
      }
      shipments {
        id
        occurredAt
        lines {
          quantity
          item {
            id
            name
          }
        }
      }
      returns {
        id
        note
        createdAt
        transaction {
          id
        }
        creditNotes {
          id
          number
        }
      }
      invoices {
        id
        number
        kind
        status
        total
        currency
        dueDate
        pdfUrl
        htmlUrl
      }
    }
    organization {
      id
      currency
    }
  }
`);

export const ConfirmSalesOrderDocument = graphql(`
  mutation ConfirmSalesOrder($id: ID!) {
    confirmSalesOrder(id: $id) {
      id
      status
      confirmedAt
    }
  }
`);

export const CancelSalesOrderDocument = graphql(`
  mutation CancelSalesOrder($id: ID!) {
    cancelSalesOrder(id: $id) {
      id
      status
      cancelledAt
    }
  }
`);

export const ShipSalesOrderDocument = graphql(`
  mutation ShipSalesOrder($input: ShipSalesOrderInput!) {
    shipSalesOrder(input: $input) {
      salesOrder {
        id
        status
      }
      transaction {
        id
      }
    }
  }
`);

export const SalesOrderFormDataDocument = graphql(`
  query SalesOrderFormData {
    partners {
      id
      name
      kind
    }
    locations {
      id
      name
    }
    taxRates {
      id
      name
      percent
    }
  }
`);

export const CreateSalesOrderDocument = graphql(`
  mutation CreateSalesOrder($input: CreateSalesOrderInput!) {
    createSalesOrder(input: $input) {
      id
      number
    }
  }
`);

export const UpdateSalesOrderDocument = graphql(`
  mutation UpdateSalesOrder($input: UpdateSalesOrderInput!) {
    updateSalesOrder(input: $input) {
      id
      number
      note
      subtotal
      updatedAt
    }
  }
`);

export const CreateInvoiceDocument = graphql(`
  mutation CreateInvoice($input: CreateInvoiceInput!) {
    createInvoice(input: $input) {
      id
      number
      status
    }
  }
`);

export const ReturnSalesOrderDocument = graphql(`
  mutation ReturnSalesOrder($input: ReturnSalesOrderInput!) {
    returnSalesOrder(input: $input) {
      salesOrder {
        id
        status
      }
      salesReturn {
        id
        creditNotes {
          id
          number
        }
      }
    }
  }
`);
