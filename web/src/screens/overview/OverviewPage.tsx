import { Link } from 'react-router';
import { useQuery } from '@apollo/client';
import { OverviewDocument } from './overview.graphql';
import { lastDays, shortDay } from './days';
import { BarChart } from '../../components/charts/BarChart';
import { LineChart } from '../../components/charts/LineChart';
import { PageHeader } from '../../components/PageHeader';
import { Loading } from '../../components/Loading';
import { ErrorMessage } from '../../errors/ErrorMessage';
import { formatDecimal, formatMoney } from '../../components/format';

const DAYS = lastDays(30);

export function OverviewPage() {
  const from = DAYS[0] ?? '';
  const to = DAYS[DAYS.length - 1] ?? '';
  const { data, loading, error } = useQuery(OverviewDocument, { variables: { from, to }, errorPolicy: 'all' });
  const currency = data?.organization.currency;
  const money = (value: number) => formatMoney(value.toFixed(2), currency);
  const summary = data?.inventorySummary;
  const revenueByDay = new Map((data?.salesSummary?.rows ?? []).map((row) => [row.key, Number(row.revenue)]));

  return (
    <section className="page">
      <PageHeader title="Overview">
        <p className="muted">Stock today and sales over the last 30 days.</p>
      </PageHeader>
      <ErrorMessage error={error} />
      {loading && !data && <Loading label="Loading the overview" />}
      {summary && (
        <dl className="cards">
          <div className="stat"><dt>Items</dt><dd>{formatDecimal(String(summary.itemCount))}</dd></div>
          <div className="stat"><dt>Units in stock</dt><dd>{formatDecimal(summary.totalQuantity)}</dd></div>
          <div className="stat"><dt>Value at cost</dt><dd>{formatMoney(summary.totalValue, currency)}</dd></div>
          <div className="stat">
            <dt>Low on stock</dt>
            <dd><Link to="/low-stock">{summary.lowStockCount}</Link></dd>
          </div>
        </dl>
      )}
      {data?.salesSummary && (
        <div className="two-col">
          <section className="card" aria-labelledby="sales-title">
            <h2 id="sales-title">Sales per day</h2>
            <p className="muted">
              {formatMoney(data.salesSummary.totalRevenue, currency)} · {formatDecimal(data.salesSummary.totalQuantity)} units
            </p>
            <BarChart
              title="Revenue per day, last 30 days"
              bars={DAYS.map((day) => ({ key: day, label: shortDay(day), value: revenueByDay.get(day) ?? 0 }))}
              format={money}
            />
          </section>
          {data.stockValueHistory && (
            <section className="card" aria-labelledby="value-title">
              <h2 id="value-title">Stock value</h2>
              <p className="muted">At cost, at the end of each day.</p>
              <LineChart
                title="Stock value at cost, last 30 days"
                points={data.stockValueHistory.map((p) => ({ key: p.day, label: shortDay(p.day), value: Number(p.value) }))}
                format={money}
              />
            </section>
          )}
        </div>
      )}
      {data?.topItems && (
        <section className="card" aria-labelledby="top-title">
          <h2 id="top-title">Best sellers</h2>
          {data.topItems.length === 0 ? (
            <p className="muted">No sales in the last 30 days.</p>
          ) : (
            <BarChart
              title="Revenue of the best sellers, last 30 days"
              bars={data.topItems.map((row) => ({ key: row.key, label: row.label, value: Number(row.revenue) }))}
              format={money}
              height={180}
            />
          )}
        </section>
      )}
    </section>
  );
}
