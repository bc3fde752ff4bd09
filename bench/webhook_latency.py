"""Stripe webhook latency and throughput: signed events posted to /webhooks/stripe, each
verified, stored by id and applied in one transaction (payment failures also enqueue an
e-mail). Half the events are redeliveries, which must answer "duplicate".

Expects a running api with billing on, e.g.
    STRIPE_SECRET_KEY=sk_test_x STRIPE_WEBHOOK_SECRET=whsec_bench ... target/release/api
then:
    python bench/webhook_latency.py --url http://127.0.0.1:18080 --secret whsec_bench --events 2000
"""

import argparse
import hashlib
import hmac
import json
import statistics
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor


def graphql(url, query, variables=None):
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    request = urllib.request.Request(
        f"{url}/graphql", data=body, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    if answer.get("errors"):
        raise SystemExit(f"GraphQL error: {answer['errors']}")
    return answer["data"]


def post_event(url, secret, event):
    body = json.dumps(event).encode()
    stamp = int(time.time())
    signature = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        f"{url}/webhooks/stripe",
        data=body,
        headers={"content-type": "application/json", "stripe-signature": f"t={stamp},v1={signature}"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        outcome = response.read().decode()
    return time.perf_counter() - started, outcome


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--secret", required=True)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    org = graphql(
        args.url,
        "mutation($i: SignUpInput!) { signUp(input: $i) { organization { id } } }",
        {"i": {"email": f"bench-{uuid.uuid4().hex}@example.com", "password": "benchmark password",
               "name": "Bench", "organizationName": "Webhook bench"}},
    )["signUp"]["organization"]["id"]
    base = int(time.time()) - args.events
    events = []
    for i in range(args.events // 2):
        kind = "invoice.payment_failed" if i % 10 == 0 else "customer.subscription.updated"
        event = {
            "id": f"evt_bench_{uuid.uuid4().hex}", "object": "event", "type": kind, "created": base + i,
            "data": {"object": {
                "id": "sub_bench", "customer": "cus_bench", "status": "active", "subscription": "sub_bench",
                "metadata": {"organization_id": org},
                "subscription_details": {"metadata": {"organization_id": org}},
                "items": {"data": [{"price": {"id": "price_starter"}, "current_period_end": base + 30 * 86400}]},
            }},
        }
        events += [event, event]  # every event is redelivered once

    started = time.perf_counter()
    with ThreadPoolExecutor(args.concurrency) as pool:
        results = list(pool.map(lambda e: post_event(args.url, args.secret, e), events))
    elapsed = time.perf_counter() - started
    latencies = sorted(r[0] * 1000 for r in results)
    outcomes = {}
    for _, outcome in results:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    print(f"{len(events)} webhook deliveries in {elapsed:.1f} s ({len(events) / elapsed:.0f}/s), "
          f"concurrency {args.concurrency}")
    print(f"latency ms: p50 {statistics.median(latencies):.1f}, "
          f"p95 {latencies[int(len(latencies) * 0.95)]:.1f}, max {latencies[-1]:.1f}")
    print(f"outcomes: {outcomes}")


if __name__ == "__main__":
    main()
