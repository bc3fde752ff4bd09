import { NetworkStatus, useQuery } from '@apollo/client';
import { Link } from 'react-router';
import { ItemHistoryDocument } from './item.graphql';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { Loading } from '../../components/Loading';
import { formatDateTime, formatDecimal } from '../../components/format';
import type { StockTransactionKind } from '../../gql/graphql';

const KIND: Record<StockTransactionKind, string> = {
  IN: 'Stock in',
  OUT: 'Stock out',
  ADJUST: 'Count',
  MOVE: 'Move',
  VOID: 'Void',
};

function signed(quantity: string): string {
  return quantity.startsWith('-') ? formatDecimal(quantity) : `+${formatDecimal(quantity)}`;
}

export function History({ itemId }: { itemId: string }) {
  const { data, loading, error, fetchMore, networkStatus } = useQuery(ItemHistoryDocument, {
    variables: { itemId, first: 20 },
    notifyOnNetworkStatusChange: true,
  });
  const connection = data?.stockTransactions;
  return (
    <section className="stack" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ErrorMessage error={error} />
      {loading && !connection && <Loading label="Loading history" />}
      {connection && connection.edges.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      {connection && connection.edges.length > 0 && (
        <table className="table responsive" aria-label="History">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Change</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {connection.edges.map(({ node }) => (
              <tr key={node.id}>
                <td data-label="When">{formatDateTime(node.occurredAt)}</td>
                <td data-label="What">
                  {KIND[node.kind]}
                  {node.partner && ` · ${node.partner.name}`}
                  {node.source?.reference && (
                    <>
                      {' · '}
                      <Link to={node.source.kind === 'PURCHASE_ORDER' ? `/purchasing/orders/${node.source.id}` : `/sales/orders/${node.source.id}`}>
                        {node.source.reference}
                      </Link>
                    </>
                  )}
                </td>
                <td data-label="Change">
                  {node.lines
                    .filter((line) => line.item?.id === itemId)
                    .map((line) => `${signed(line.quantity)} at ${line.location?.name ?? 'a hidden location'}`)
                    .join(', ')}
                </td>
                <td data-label="Note">{node.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {connection?.pageInfo.hasNextPage && (
        <button
          className="ghost wide"
          disabled={networkStatus === NetworkStatus.fetchMore}
          onClick={() => void fetchMore({ variables: { after: connection.pageInfo.endCursor } })}
        >
          Show older
        </button>
      )}
    </section>
  );
}
