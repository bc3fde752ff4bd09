import { graphql } from '../../gql';

export const OverviewDocument = graphql(`
  query Overview($from: Date!, $to: Date!) {
    organization {
      id
      currency
    }
    inventorySummary {
      itemCount
      totalQuantity
      totalValue
      lowStockCount
    }
    salesSummary(from: $from, to: $to, groupBy: DAY) {
      totalQuantity
      totalRevenue
      rows {
        key
        label
        quantity
        revenue
      }
    }
    topItems(from: $from, to: $to, limit: 5) {
      key
      label
      quantity
      revenue
    }
    stockValueHistory(from: $from, to: $to) {
      day
      value
    }
  }
`);
