#!/usr/bin/env bash
# Worker throughput: how fast one worker drains analytics roll-ups — ledger lines/s and outbox
# events/s — on top of a large history of processed outbox events.
#
# Writes, as the schema owner, one organization with 1,000 items, TRANSACTIONS stock-outs of
# LINES lines each (spread over DAYS days: 1, as stock-outs arrive, fills few buckets; 30
# makes nearly every line a bucket of its own), their roll-up events and HISTORY processed events;
# then starts the worker (as the app role) and times it until nothing is pending.
#
#   OWNER_URL=postgres://stockroom_owner@127.0.0.1/stockroom \
#   WORKER_DATABASE_URL=postgres://stockroom_app@127.0.0.1/stockroom \
#   TRANSACTIONS=2000 LINES=50 HISTORY=1000000 bench/worker_throughput.sh
set -euo pipefail
: "${OWNER_URL:?the schema owner's URL of a migrated PostgreSQL database}"
: "${WORKER_DATABASE_URL:?the app role's URL of the same database}"
TRANSACTIONS=${TRANSACTIONS:-2000}
LINES=${LINES:-50}
HISTORY=${HISTORY:-1000000}
DAYS=${DAYS:-1}
WORKER=${WORKER:-target/release/worker}

org=$(cat /proc/sys/kernel/random/uuid)
user=$(cat /proc/sys/kernel/random/uuid)
location=$(cat /proc/sys/kernel/random/uuid)
psql "$OWNER_URL" -q -v ON_ERROR_STOP=1 -v org="$org" -v user="$user" -v loc="$location" \
  -v transactions="$TRANSACTIONS" -v lines="$LINES" -v history="$HISTORY" -v days="$DAYS" <<'SQL'
BEGIN;
SELECT set_config('app.organization_id', :'org', true), set_config('app.outbox_worker', 'on', true) \g /dev/null
INSERT INTO users (id, email, name, password_hash, created_at, updated_at)
  VALUES (:'user', 'bench-' || :'user' || '@example.com', 'Bench', 'x', now(), now());
INSERT INTO organizations (id, name, created_at, updated_at) VALUES (:'org', 'Bench', now(), now());
INSERT INTO locations (organization_id, id, name, created_at, updated_at)
  VALUES (:'org', :'loc', 'Main', now(), now());
INSERT INTO items (organization_id, id, sku, name, unit, cost, price, safety_stock, created_at, updated_at)
  SELECT :'org', gen_random_uuid(), 'SKU-' || n, 'Item ' || n, 'pcs', 10000, 20000, 0, now(), now()
  FROM generate_series(1, 1000) AS n;
CREATE TEMP TABLE bench_items AS
  SELECT id, row_number() OVER () AS k FROM items WHERE organization_id = :'org';
CREATE TEMP TABLE bench_tx AS
  SELECT gen_random_uuid() AS id, n, now() - (n % :days) * interval '1 day' AS at
  FROM generate_series(1, :transactions) AS n;
INSERT INTO stock_transactions (organization_id, id, kind, location_id, occurred_at, created_at, author_user_id)
  SELECT :'org', id, 'out', :'loc', at, now(), :'user' FROM bench_tx;
INSERT INTO stock_movements (organization_id, transaction_id, line_no, item_id, location_id, quantity, unit_price, occurred_at)
  SELECT :'org', t.id, l, i.id, :'loc', -10000, 20000, t.at
  FROM bench_tx t CROSS JOIN generate_series(1, :lines) AS l
  JOIN bench_items i ON i.k = 1 + (l * 7 + t.n) % 1000;
INSERT INTO outbox_events (organization_id, id, topic, payload, created_at, available_at, attempts, processed_at)
  SELECT :'org', gen_random_uuid(), 'analytics', '{}', now() - interval '2 days',
         now() - interval '2 days', 0, now() - interval '1 day'
  FROM generate_series(1, :history);
INSERT INTO outbox_events (organization_id, id, topic, payload, created_at, available_at, attempts)
  SELECT :'org', gen_random_uuid(), 'analytics', json_build_object('transaction_id', id)::text,
         now(), now(), 0
  FROM bench_tx;
COMMIT;
ANALYZE outbox_events;
SQL

pending() {
  psql "$OWNER_URL" -Atq -c "SELECT set_config('app.outbox_worker', 'on', false)" \
    -c "SELECT count(*) FROM outbox_events WHERE processed_at IS NULL AND parked_at IS NULL" | tail -1
}
echo "pending before: $(pending) (history: $HISTORY processed)"
mail_dir=$(mktemp -d)
start=$(date +%s.%N)
DATABASE_URL="$WORKER_DATABASE_URL" MAIL_DIR="$mail_dir" RUST_LOG=${RUST_LOG:-warn} "$WORKER" &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
while [ "$(pending)" != 0 ]; do sleep 0.1; done
end=$(date +%s.%N)
kill $worker
wait $worker || true
sold=$(psql "$OWNER_URL" -Atq -c "SELECT set_config('app.organization_id', '$org', false)" \
  -c "SELECT coalesce(sum(sold_quantity), 0) / 10000 FROM daily_item_stats WHERE organization_id = '$org'" | tail -1)
echo "units sold in the roll-ups: $sold (expected $((TRANSACTIONS * LINES)))"
python3 - "$start" "$end" "$TRANSACTIONS" "$LINES" <<'PY'
import sys
start, end, transactions, lines = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
seconds = end - start
print(f"{transactions} roll-ups of {lines} lines in {seconds:.2f} s: "
      f"{transactions / seconds:,.0f} events/s, {transactions * lines / seconds:,.0f} lines/s")
PY
