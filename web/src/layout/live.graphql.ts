import { graphql } from '../gql';

/** Each change carries the item's new totals, which Apollo writes into its cached Item. */
export const StockChangedDocument = graphql(`
  subscription StockChanged {
    stockChanged {
      quantity
      location {
        id
        name
      }
      item {
        id
        quantity
        available
      }
    }
  }
`);
