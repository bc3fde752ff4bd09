import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@apollo/client';
import { ItemPageDocument } from './item.graphql';
import { Levels } from './Levels';
import { History } from './History';
import { PastQuantity } from './PastQuantity';
import { EditItemDialog } from './EditItemDialog';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDecimal, formatMoney } from '../../components/format';
import { useCan } from '../../session/OrganizationProvider';
import { isLow } from '../items/ItemsTable';

export function ItemPage() {
  const { id = '' } = useParams();
  const canRecord = useCan('MEMBER');
  // Live: a change of this item drops its cached levels (LiveIndicator), and this query
  // fetches them again.
  const { data, loading, error } = useQuery(ItemPageDocument, { variables: { id } });
  const [editing, setEditing] = useState(false);

  if (loading && !data) return <Loading label="Loading the item" />;
  if (!data) return <ErrorMessage error={error} />;
  const item = data.item;
  return (
    <section className="page">
      <PageHeader
        title={item.name}
        actions={
          canRecord && (
            <>
              <button onClick={() => setEditing(true)}>Edit item</button>
              <Link className="button" to="/stock">Record stock</Link>
            </>
          )
        }
      >
        <p className="muted">
          {item.sku}
          {item.category && ` · ${item.category.name}`}
          {item.archived && <span className="badge">Archived</span>}
          {isLow(item) && <span className="badge warn">Low stock</span>}
        </p>
      </PageHeader>
      <ErrorMessage error={error} />
      <dl className="cards">
        <div className="stat"><dt>On hand</dt><dd>{formatDecimal(item.quantity)} {item.unit}</dd></div>
        <div className="stat"><dt>Available</dt><dd>{formatDecimal(item.available)}</dd></div>
        <div className="stat"><dt>Reserved</dt><dd>{formatDecimal(item.reserved)}</dd></div>
        <div className="stat"><dt>On order</dt><dd>{formatDecimal(item.onOrder)}</dd></div>
      </dl>
      <div className="two-col">
        <div className="card stack">
          <h2>Details</h2>
          <dl className="details">
            <dt>Barcode</dt>
            <dd className="mono">{item.barcode ?? '—'}</dd>
            <dt>Cost</dt>
            <dd>{formatMoney(item.cost)}</dd>
            <dt>Price</dt>
            <dd>{formatMoney(item.price)}</dd>
            <dt>Safety stock</dt>
            <dd>{formatDecimal(item.safetyStock)}</dd>
            <dt>Reorder point</dt>
            <dd>{item.reorderPoint ? formatDecimal(item.reorderPoint) : 'default'}</dd>
            <dt>Supplier</dt>
            <dd>{item.preferredSupplier?.name ?? '—'}</dd>
            <dt>Lead time</dt>
            <dd>{item.leadTimeDays !== null && item.leadTimeDays !== undefined ? `${item.leadTimeDays} days` : '—'}</dd>
            <dt>Days of cover</dt>
            <dd>{item.daysOfCover !== null && item.daysOfCover !== undefined ? Math.round(item.daysOfCover) : '—'}</dd>
            {item.attributes.map((attribute) => (
              <div key={attribute.key} style={{ display: 'contents' }}>
                <dt>{attribute.label}</dt>
                <dd>{attribute.value}</dd>
              </div>
            ))}
          </dl>
          {item.description && <p>{item.description}</p>}
        </div>
        {item.imageUrl && (
          <div className="card">
            <img className="item-image" src={item.imageUrl} alt={item.name} loading="lazy" />
          </div>
        )}
      </div>
      <section className="stack" aria-labelledby="levels-title">
        <h2 id="levels-title">Stock by location</h2>
        <Levels levels={item.stockLevels} />
      </section>
      {data.locations.length > 0 && <PastQuantity itemId={item.id} unit={item.unit} locations={data.locations} />}
      <History itemId={item.id} />
      {canRecord && <EditItemDialog key={item.updatedAt} item={item} open={editing} onClose={() => setEditing(false)} />}
    </section>
  );
}
