import { Link } from 'react-router';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDate, formatDateTime, formatDecimal, formatMoney } from '../../components/format';
import type { SalesOrderQuery } from '../../gql/graphql';

type Order = SalesOrderQuery['salesOrder'];

/** What happened to a sales order: shipments, invoices and credit notes, returns. */
export function SalesOrderActivity({ order }: { order: Order }) {
  return (
    <div className="two-col">
      <section className="stack" aria-labelledby="shipments-title">
        <h2 id="shipments-title">Shipments</h2>
        {order.shipments.length === 0 ? (
          <p className="muted">Nothing shipped yet.</p>
        ) : (
          <ul className="list">
            {order.shipments.map((shipment) => (
              <li key={shipment.id} className="list-row">
                <span>{formatDateTime(shipment.occurredAt)}</span>
                <span className="muted">{shipment.lines.map((l) => `${formatDecimal(l.quantity.replace(/^-/, ''))} × ${l.item?.name ?? 'item'}`).join(', ')}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="stack" aria-labelledby="invoices-title">
        <h2 id="invoices-title">Invoices and credit notes</h2>
        {order.invoices.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ul className="list" aria-label="Invoices">
            {order.invoices.map((invoice) => (
              <li key={invoice.id} className="list-row">
                <span>
                  <Link className="strong" to={`/invoices/${invoice.id}`}>{invoice.number}</Link> <StatusBadge status={invoice.status} />
                  <div className="muted">{formatMoney(invoice.total, invoice.currency)} · due {formatDate(invoice.dueDate)}</div>
                </span>
                <span className="row">
                  <a href={invoice.htmlUrl} target="_blank" rel="noreferrer">View</a>
                  <a href={invoice.pdfUrl} target="_blank" rel="noreferrer">PDF</a>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {order.returns.length > 0 && (
        <section className="stack" aria-labelledby="returns-title">
          <h2 id="returns-title">Returns</h2>
          <ul className="list">
            {order.returns.map((r) => (
              <li key={r.id} className="list-row">
                <span>
                  {formatDateTime(r.createdAt)}
                  {!r.transaction && <span className="badge">Written off</span>}
                  {r.note && <div className="muted">{r.note}</div>}
                </span>
                <span className="row">
                  {r.creditNotes.map((note) => <Link key={note.id} to={`/invoices/${note.id}`}>{note.number}</Link>)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
