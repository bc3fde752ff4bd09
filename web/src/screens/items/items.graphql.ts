import { graphql } from '../../gql';

export const ItemsDocument = graphql(`
  query Items($first: Int!, $after: String, $filter: ItemFilterInput, $orderBy: ItemOrderInput) {
    items(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          sku
          name
          barcode
          unit
          quantity
          available
          safetyStock
          category {
            id
            name
          }
        }
      }
    }
  }
`);

export const ItemFiltersDocument = graphql(`
  query ItemFilters {
    locations {
      id
      name
    }
    categories {
      id
      name
    }
  }
`);

export const CreateItemDocument = graphql(`
  mutation CreateItem($input: CreateItemInput!) {
    createItem(input: $input) {
      id
      sku
      name
    }
  }
`);
