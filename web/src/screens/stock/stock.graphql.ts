import { graphql } from '../../gql';

export const StockFormDataDocument = graphql(`
  query StockFormData {
    locations {
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

export const StockLineItemFragment = graphql(`
  fragment StockLineItem on Item {
    id
    sku
    name
    unit
    barcode
    quantity
    available
    cost
    price
  }
`);

export const ItemByBarcodeDocument = graphql(`
  query ItemByBarcode($code: String!) {
    itemByBarcode(code: $code) {
      ...StockLineItem
    }
  }
`);

export const ItemSearchDocument = graphql(`
  query ItemSearch($search: String!) {
    items(first: 8, filter: { search: $search }) {
      nodes {
        ...StockLineItem
      }
    }
  }
`);

export const RecordedTransactionFragment = graphql(`
  fragment RecordedTransaction on StockTransaction {
    id
    kind
    occurredAt
    lines {
      quantity
      location {
        id
        name
      }
      item {
        id
        name
        quantity
        available
      }
    }
  }
`);

export const StockInDocument = graphql(`
  mutation StockIn($input: StockInInput!) {
    stockIn(input: $input) {
      ...RecordedTransaction
    }
  }
`);

export const StockOutDocument = graphql(`
  mutation StockOut($input: StockOutInput!) {
    stockOut(input: $input) {
      ...RecordedTransaction
    }
  }
`);

export const AdjustStockDocument = graphql(`
  mutation AdjustStock($input: AdjustStockInput!) {
    adjustStock(input: $input) {
      ...RecordedTransaction
    }
  }
`);

export const MoveStockDocument = graphql(`
  mutation MoveStock($input: MoveStockInput!) {
    moveStock(input: $input) {
      ...RecordedTransaction
    }
  }
`);
