"""Alert latency: from a stock-out that crosses the safety stock (HTTP answer received) to the
alert e-mail being handed to SMTP.

Starts an SMTP sink (aiosmtpd), expects a running api whose worker sends to it
(SMTP_URL=smtp://127.0.0.1:2525, worker in-process or separate), then repeats:
restock above the threshold, stock out across it, and waits for the e-mail.

    pip install aiosmtpd
    python bench/alert_latency.py --url http://127.0.0.1:18080 --crossings 50
"""

import argparse
import json
import statistics
import threading
import time
import urllib.request
import uuid

from aiosmtpd.controller import Controller

arrivals = []
arrived = threading.Condition()


class Sink:
    async def handle_DATA(self, server, session, envelope):
        with arrived:
            arrivals.append(time.monotonic())
            arrived.notify_all()
        return "250 OK"


def graphql(url, query, variables=None, token=None, org=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    if org:
        headers["x-organization-id"] = org
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    with urllib.request.urlopen(urllib.request.Request(f"{url}/graphql", body, headers)) as response:
        answer = json.load(response)
    if "errors" in answer:
        raise RuntimeError(answer["errors"])
    return answer["data"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--smtp-port", type=int, default=2525)
    parser.add_argument("--crossings", type=int, default=50)
    args = parser.parse_args()
    controller = Controller(Sink(), hostname="127.0.0.1", port=args.smtp_port)
    controller.start()

    signed_up = graphql(
        args.url,
        "mutation($i: SignUpInput!) { signUp(input: $i) { accessToken organization { id } } }",
        {"i": {"email": f"latency-{uuid.uuid4().hex}@example.com", "password": "latency password",
               "name": "Latency", "organizationName": "Latency"}},
    )["signUp"]
    token, org = signed_up["accessToken"], signed_up["organization"]["id"]
    call = lambda q, v=None: graphql(args.url, q, v, token, org)
    location = call("mutation { createLocation(input: { name: \"Main\" }) { id } }")["createLocation"]["id"]
    item = call("mutation { createItem(input: { sku: \"LAT\", name: \"Latency\", safetyStock: \"5\" }) { id } }")["createItem"]["id"]
    move = "mutation($i: %s!) { %s(input: $i) { id } }"
    line = lambda q: {"locationId": location, "lines": [{"itemId": item, "quantity": q}]}
    call(move % ("StockInInput", "stockIn"), {"i": line("6")})

    latencies = []
    for _ in range(args.crossings):
        with arrived:
            seen = len(arrivals)
        call(move % ("StockOutInput", "stockOut"), {"i": line("2")})  # 6 -> 4: crosses 5
        sent = time.monotonic()
        with arrived:
            if not arrived.wait_for(lambda: len(arrivals) > seen, timeout=30):
                raise RuntimeError("no alert within 30 s")
            latencies.append(arrivals[seen] - sent)
        call(move % ("StockInInput", "stockIn"), {"i": line("2")})  # back to 6: re-armed
    controller.stop()
    latencies.sort()
    p95 = latencies[max(0, round(0.95 * (len(latencies) - 1)))]
    print(f"{len(latencies)} alerts: p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
