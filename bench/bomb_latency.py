"""/healthz latency while query bombs arrive: 8 clients post, back to back, documents whose
fragments would expand to 2^30 selections (a doubling chain of defined fragments, and one
ending in an undefined fragment). With linear checks each is refused in about a millisecond
and health checks stay fast; with per-spread expansion each tied up a core for minutes.

Expects a running api (any backend), then:
    python bench/bomb_latency.py --url http://127.0.0.1:8080 --seconds 10
Prints /healthz p50/p99/max alone, then while the bombs run, and the bombs' own latency.
"""

import argparse
import json
import statistics
import threading
import time
import urllib.request


def chain(levels, last):
    text = "query Bomb { ...F0 }"
    for i in range(levels):
        text += f" fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}"
    return text + last


BOMBS = [
    chain(30, " fragment F30 on Query { __typename }"),
    chain(30, ""),
]


def post(url, query):
    body = json.dumps({"query": query}).encode()
    request = urllib.request.Request(
        f"{url}/graphql", data=body, headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def timed_get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(f"{url}/healthz") as response:
        response.read()
    return time.perf_counter() - started


def summary(samples):
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return f"n={len(samples)} p50={statistics.median(samples) * 1000:.2f} ms p99={p99 * 1000:.2f} ms max={samples[-1] * 1000:.2f} ms"


def health_samples(url, seconds):
    samples = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        samples.append(timed_get(url))
        time.sleep(0.01)
    return samples


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--bombers", type=int, default=8)
    args = parser.parse_args()

    answer = post(args.url, BOMBS[0])
    code = answer["errors"][0]["extensions"]["code"]
    print(f"a bomb is answered: {code}: {answer['errors'][0]['message']}")
    print(f"/healthz alone:        {summary(health_samples(args.url, args.seconds / 2))}")

    stop = threading.Event()
    bomb_latencies = []
    lock = threading.Lock()

    def bomber(index):
        query = BOMBS[index % len(BOMBS)]
        while not stop.is_set():
            started = time.perf_counter()
            post(args.url, query)
            with lock:
                bomb_latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=bomber, args=(i,)) for i in range(args.bombers)]
    for thread in threads:
        thread.start()
    try:
        samples = health_samples(args.url, args.seconds)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    print(f"/healthz with {args.bombers} bombers: {summary(samples)}")
    print(f"bomb requests:         {summary(bomb_latencies)}")


if __name__ == "__main__":
    main()
