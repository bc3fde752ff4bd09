import { graphql } from '../../gql';

export const ItemPageDocument = graphql(`
  query ItemPage($id: ID!) {
    item(id: $id) {
      id
      sku
      name
      description
      barcode
      unit
      cost
      price
      safetyStock
      imageUrl
      archived
      updatedAt
      quantity
      available
      reserved
      onOrder
      daysOfCover
      turnover
      leadTimeDays
      reorderPoint
      reorderQuantity
      category {
        id
        name
      }
      preferredSupplier {
        id
        name
      }
      attributes {
        key
        label
        value
      }
      stockLevels {
        quantity
        reserved
        available
        onOrder
        updatedAt
        location {
          id
          name
        }
      }
    }
    locations {
      id
      name
    }
  }
`);

export const ItemHistoryDocument = graphql(`
  query ItemHistory($itemId: ID!, $first: Int!, $after: String) {
    stockTransactions(first: $first, after: $after, filter: { itemId: $itemId }) {
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
          occurredAt
          note
          partner {
            id
            name
          }
          source {
            kind
            id
            reference
          }
          lines {
            quantity
            item {
              id
            }
            location {
              id
              name
            }
          }
        }
      }
    }
  }
`);

export const PastQuantityDocument = graphql(`
  query PastQuantity($itemId: ID!, $locationId: ID!, $at: DateTime!) {
    pastQuantity(itemId: $itemId, locationId: $locationId, at: $at)
  }
`);

export const EditItemDataDocument = graphql(`
  query EditItemData {
    categories {
      id
      name
    }
    partners {
      id
      name
      kind
    }
  }
`);

export const UpdateItemDocument = graphql(`
  mutation UpdateItem($id: ID!, $input: UpdateItemInput!) {
    updateItem(id: $id, input: $input) {
      id
      sku
      name
      description
      barcode
      unit
      cost
      price
      safetyStock
      imageUrl
      updatedAt
      leadTimeDays
      reorderPoint
      reorderQuantity
      category {
        id
        name
      }
      preferredSupplier {
        id
        name
      }
    }
  }
`);
