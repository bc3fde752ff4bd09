import { graphql } from '../../gql';

export const PurchaseOrdersDocument = graphql(`
  query PurchaseOrders($first: Int!, $after: String, $filter: PurchaseOrderFilterInput) {
    purchaseOrders(first: $first, after: $after, filter: $filter) {
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
          totalCost
          createdAt
          expectedAt
          supplier {
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
  }
`);

export const PurchaseOrderDocument = graphql(`
  query PurchaseOrder($id: ID!) {
    purchaseOrder(id: $id) {
      id
      number
      status
      note
      totalCost
      createdAt
      expectedAt
      submittedAt
      closedAt
      cancelledAt
      supplier {
        id
        name
        email
      }
      location {
        id
        name
      }
      lines {
        id
        ordered
        received
        outstanding
        unitCost
        item {
          id
          sku
          name
          unit
        }
      }
      receipts {
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
    }
    organization {
      id
      currency
    }
  }
`);

export const SubmitPurchaseOrderDocument = graphql(`
  mutation SubmitPurchaseOrder($id: ID!, $emailSupplier: Boolean!) {
    submitPurchaseOrder(id: $id, emailSupplier: $emailSupplier) {
      id
      status
      submittedAt
    }
  }
`);

export const CancelPurchaseOrderDocument = graphql(`
  mutation CancelPurchaseOrder($id: ID!) {
    cancelPurchaseOrder(id: $id) {
      id
      status
      cancelledAt
    }
  }
`);

export const ReceivePurchaseOrderDocument = graphql(`
  mutation ReceivePurchaseOrder($input: ReceivePurchaseOrderInput!) {
    receivePurchaseOrder(input: $input) {
      purchaseOrder {
        id
        status
        lines {
          id
          received
          outstanding
        }
      }
      transaction {
        id
      }
    }
  }
`);

export const ReorderDocument = graphql(`
  query Reorder($locationId: ID!) {
    reorderSuggestions(locationId: $locationId) {
      supplier {
        id
        name
      }
      suggestions {
        available
        onOrder
        inDrafts
        reorderPoint
        salesPerDay
        leadTimeDays
        suggestedQuantity
        unitCost
        item {
          id
          sku
          name
          unit
        }
      }
    }
  }
`);

export const ReorderLocationsDocument = graphql(`
  query ReorderLocations {
    locations {
      id
      name
    }
  }
`);

export const CreateDraftsDocument = graphql(`
  mutation CreateDrafts($input: CreatePurchaseOrdersFromSuggestionsInput!) {
    createPurchaseOrdersFromSuggestions(input: $input) {
      id
      number
      supplier {
        id
        name
      }
    }
  }
`);

export const PurchaseOrderFormDataDocument = graphql(`
  query PurchaseOrderFormData {
    partners {
      id
      name
      kind
    }
    locations {
      id
      name
    }
  }
`);

export const CreatePurchaseOrderDocument = graphql(`
  mutation CreatePurchaseOrder($input: CreatePurchaseOrderInput!) {
    createPurchaseOrder(input: $input) {
      id
      number
    }
  }
`);

export const UpdatePurchaseOrderDocument = graphql(`
  mutation UpdatePurchaseOrder($input: UpdatePurchaseOrderInput!) {
    updatePurchaseOrder(input: $input) {
      id
      number
      expectedAt
      note
      totalCost
      updatedAt
      supplier {
        id
        name
        email
      }
      location {
        id
        name
      }
      lines {
        id
        ordered
        received
        outstanding
        unitCost
        item {
          id
          sku
          name
          unit
        }
      }
    }
  }
`);

export const ClosePurchaseOrderDocument = graphql(`
  mutation ClosePurchaseOrder($id: ID!) {
    closePurchaseOrder(id: $id) {
      id
      status
      closedAt
    }
  }
`);
