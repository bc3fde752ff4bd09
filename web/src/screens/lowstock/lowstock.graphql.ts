import { graphql } from '../../gql';

export const LowStockDocument = graphql(`
  query LowStock {
    lowStockItems {
      id
      sku
      name
      unit
      quantity
      safetyStock
      onOrder
      preferredSupplier {
        id
        name
      }
      stockLevels {
        quantity
        location {
          id
          name
        }
      }
    }
  }
`);
