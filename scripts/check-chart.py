"""Lint, render and validate the Helm chart offline (no cluster, no helm binary).

Renders helm/stockroom with its default values and with ci/production-values.yaml, lints
it, checks the rendered YAML with yamllint, validates every manifest against the Kubernetes
schemas (kubernetes-validate), and asserts what operators rely on.
Usage: python scripts/check-chart.py  (after pip install -r scripts/chart-requirements.txt)
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import helm_python as helm
import yaml

CHART = Path(__file__).resolve().parent.parent / "helm" / "stockroom"
KUBE_VERSION = "1.30.0"


def fail(message: str) -> None:
    print(f"chart check failed: {message}", file=sys.stderr)
    sys.exit(1)


def render(values: dict, name: str) -> list[dict]:
    with helm.Chart.load(str(CHART)) as chart:
        files = chart.render(values, name=name, namespace="stockroom", is_install=True)
    documents = []
    out_dir = Path(tempfile.mkdtemp(prefix=f"chart-{name}-"))
    for path, text in sorted(files.items()):
        if not path.endswith(".yaml") or not text.strip():
            continue
        target = out_dir / Path(path).name
        target.write_text(text)
        lint = subprocess.run(
            [sys.executable, "-m", "yamllint", "-d", "{extends: relaxed, rules: {line-length: {max: 160}, indentation: {indent-sequences: whatever}}}", str(target)],
            capture_output=True, text=True,
        )
        if lint.returncode != 0:
            fail(f"{path} is not clean YAML:\n{lint.stdout}{lint.stderr}\n{text}")
        validate = subprocess.run(
            [sys.executable, "-m", "kubernetes_validate", "--strict", "-k", KUBE_VERSION, str(target)],
            capture_output=True, text=True,
        )
        if validate.returncode != 0:
            fail(f"{path} does not validate against Kubernetes {KUBE_VERSION}:\n{validate.stdout}{validate.stderr}\n{text}")
        documents.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return documents


def by_kind(documents: list[dict], kind: str) -> list[dict]:
    return [d for d in documents if d.get("kind") == kind]


def check_common(documents: list[dict]) -> None:
    deployments = {d["metadata"]["name"]: d for d in by_kind(documents, "Deployment")}
    api = next(d for n, d in deployments.items() if n.endswith("-api"))
    worker = next(d for n, d in deployments.items() if n.endswith("-worker"))
    api_container = api["spec"]["template"]["spec"]["containers"][0]
    if api_container["livenessProbe"]["httpGet"]["path"] != "/healthz":
        fail("api liveness probe is not /healthz")
    if api_container["readinessProbe"]["httpGet"]["path"] != "/readyz":
        fail("api readiness probe is not /readyz")
    for deployment in (api, worker):
        pod = deployment["spec"]["template"]["spec"]
        if not pod["securityContext"].get("runAsNonRoot"):
            fail(f"{deployment['metadata']['name']} may run as root")
    if worker["spec"]["replicas"] < 1:
        fail("worker has no replicas")
    jobs = by_kind(documents, "Job")
    if not jobs:
        fail("no migration job")
    job = jobs[0]
    hooks = job["metadata"]["annotations"]["helm.sh/hook"]
    if "pre-install" not in hooks or "pre-upgrade" not in hooks:
        fail("migration job is not a pre-install/pre-upgrade hook")
    env = {e["name"]: e for e in job["spec"]["template"]["spec"]["containers"][0]["env"]}
    if env["DATABASE_URL"]["valueFrom"]["secretKeyRef"]["key"] != "MIGRATION_DATABASE_URL":
        fail("migration job does not use the schema-owner URL")
    for kind in ("Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ConfigMap"):
        if not by_kind(documents, kind):
            fail(f"no {kind}")


def main() -> None:
    findings = helm.lint(str(CHART), strict=True, kube_version=KUBE_VERSION)
    # Helm's severities: 1 info, 2 warning, 3 error.
    errors = list(findings.get("errors") or [])
    errors += [m for m in findings.get("messages") or [] if int(m.get("severity", 0)) >= 2]
    if errors:
        fail(f"helm lint: {errors}")
    defaults = render({}, "defaults")
    check_common(defaults)
    if not by_kind(defaults, "Secret"):
        fail("default values render no Secret")
    production_values = yaml.safe_load((CHART / "ci" / "production-values.yaml").read_text())
    production = render(production_values, "production")
    check_common(production)
    if by_kind(production, "Secret"):
        fail("an existingSecret must not render a Secret")
    if not by_kind(production, "Ingress"):
        fail("the production values render no Ingress")
    config = by_kind(production, "ConfigMap")[0]["data"]
    plans = json.loads(config["BILLING_PLANS"])
    if [p["id"] for p in plans] != ["team", "enterprise"] or plans[1]["limits"]["items"] is not None:
        fail(f"BILLING_PLANS does not carry the plans as JSON: {config['BILLING_PLANS']}")
    if config.get("OTEL_EXPORTER_OTLP_ENDPOINT") != "http://otel-collector.observability:4318":
        fail("the OTLP endpoint is not passed to the processes")
    if config.get("GRAPHQL_PERSISTED_ONLY") != "true" or not config.get(
        "GRAPHQL_PERSISTED_QUERIES", ""
    ).startswith("/etc/stockroom/persisted/"):
        fail("the persisted queries allow-list is not configured")
    api = next(d for d in by_kind(production, "Deployment") if d["metadata"]["name"].endswith("-api"))
    pod = api["spec"]["template"]["spec"]
    mounts = {m["mountPath"] for m in pod["containers"][0]["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    if "/etc/stockroom/persisted" not in mounts or volumes.get("persisted", {}).get("configMap", {}).get("name") != "stockroom-persisted-queries":
        fail("the persisted queries ConfigMap is not mounted in the api")
    defaults_config = by_kind(defaults, "ConfigMap")[0]["data"]
    if "OTEL_EXPORTER_OTLP_ENDPOINT" in defaults_config or "GRAPHQL_PERSISTED_ONLY" in defaults_config:
        fail("by default no traces are exported and every operation may run")
    if "BILLING_PLANS" in by_kind(defaults, "ConfigMap")[0]["data"]:
        fail("with no plans configured the built-in ones must apply")
    print(f"chart ok: {len(defaults)} manifests with defaults, {len(production)} with production values; helm lint: {findings}")


if __name__ == "__main__":
    main()
