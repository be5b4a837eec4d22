"""The deployment files (deploy/): Kubernetes manifests checked by kubernetes-validate against the API's
schemas, the Compose file by check-jsonschema against the Compose specification's schema (both offline:
the schemas ship in their packages, installed into build/tools-venv by `make tools`), then what the
schemas cannot say: probes, affinity, secrets and commands that fit the code."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.ops.container import REQUIRED, MissingSettings, endpoints, rasa, tracker_url
from bot.ops.container import main as container_main

DEPLOY = PROJECT_ROOT / "deploy"
MANIFESTS = sorted((DEPLOY / "kubernetes").rglob("*.yaml"))
COMPOSE = DEPLOY / "compose.yaml"
TOOLS = PROJECT_ROOT / "build" / "tools-venv" / "bin"
KUBERNETES_VERSION = "1.29"  # the oldest release still maintained by most providers


def tool(name: str) -> str:
    path = TOOLS / name
    assert path.exists(), f"{path} is missing: run `make tools`"
    return str(path)


def kubernetes_validate(*files: Path) -> subprocess.CompletedProcess:
    command = [tool("kubernetes-validate"), "--strict", "-k", KUBERNETES_VERSION, *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True)


def resources() -> list[dict]:
    return [item for path in MANIFESTS for item in yaml.safe_load_all(path.read_text()) if item]


def by_kind(kind: str) -> dict[str, dict]:
    return {item["metadata"]["name"]: item for item in resources() if item["kind"] == kind}


def container(deployment: dict) -> dict:
    (only,) = deployment["spec"]["template"]["spec"]["containers"]
    return only


def all_valid(files: list[Path], count: int) -> bool:
    """Whether kubernetes-validate passes ``count`` resources in ``files`` (an API it has no schema
    for is only a warning to it: here, a failure)."""
    checked = kubernetes_validate(*files)
    passed = [line for line in checked.stdout.splitlines() if " passed for resource " in line]
    return checked.returncode == 0 and len(passed) == count


def test_every_kubernetes_resource_passes_the_apis_schema():
    assert all_valid(MANIFESTS, len(resources())), kubernetes_validate(*MANIFESTS).stdout


def test_the_kubernetes_check_refuses_what_the_api_would(tmp_path):
    """The HPA API of RasaHQ's deprecated charts, which Kubernetes no longer serves, and a misspelt
    field are refused."""
    old_hpa = by_kind("HorizontalPodAutoscaler")["memhisto-rasa"] | {"apiVersion": "autoscaling/v2beta1"}
    typo = by_kind("Service")["memhisto-rasa"]
    typo = typo | {"spec": {**typo["spec"], "selektor": typo["spec"]["selector"]}}
    for wrong in (old_hpa, typo):
        path = tmp_path / "wrong.yaml"
        path.write_text(yaml.safe_dump(wrong))
        assert not all_valid([path], 1), wrong


def test_the_compose_file_passes_the_compose_specification(tmp_path):
    command = [tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec"]
    checked = subprocess.run([*command, str(COMPOSE)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    wrong = yaml.safe_load(COMPOSE.read_text())
    wrong["services"]["rasa"]["helthcheck"] = wrong["services"]["rasa"].pop("healthcheck")
    path = tmp_path / "compose.yaml"
    path.write_text(yaml.safe_dump(wrong))
    assert subprocess.run([*command, str(path)], capture_output=True).returncode != 0


def test_probes_watch_rasas_root_and_the_action_servers_health():
    deployments = by_kind("Deployment")
    for name, port, path in (("memhisto-rasa", 5005, "/"), ("memhisto-actions", 5055, "/health")):
        main = container(deployments[name])
        assert main["ports"][0]["containerPort"] == port
        for probe in ("readinessProbe", "livenessProbe"):
            assert main[probe]["httpGet"] == {"path": path, "port": "http"}, (name, probe)
    assert container(deployments["memhisto-rasa"])["startupProbe"]["httpGet"]["path"] == "/"


def test_services_and_autoscalers_point_at_the_deployments():
    deployments = by_kind("Deployment")
    labels = {name: item["spec"]["template"]["metadata"]["labels"] for name, item in deployments.items()}
    for name, service in by_kind("Service").items():
        assert service["spec"]["selector"].items() <= labels[name].items()
    for autoscaler in by_kind("HorizontalPodAutoscaler").values():
        assert autoscaler["apiVersion"] == "autoscaling/v2"
        target = autoscaler["spec"]["scaleTargetRef"]["name"]
        assert container(deployments[target])["resources"]["requests"]["cpu"]  # what utilization is of
        assert autoscaler["spec"]["minReplicas"] >= 2


def test_the_ingress_keeps_a_browser_on_its_rasa_replica_and_hides_rasas_api():
    (ingress,) = by_kind("Ingress").values()
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    routes = {
        path["path"]: path["backend"]["service"]["name"]
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert routes == {"/socket.io": "memhisto-rasa", "/webhooks": "memhisto-rasa", "/": "memhisto-website"}


def test_secrets_come_from_the_secret_and_no_file_holds_one():
    (secret,) = by_kind("Secret").values()
    assert set(secret["stringData"]) == {
        "RASA_AUTH_TOKEN",
        "ACTION_SERVER_TOKEN",
        "POSTGRES_PASSWORD",
        "REDIS_PASSWORD",
    }
    assert not any(secret["stringData"].values())  # filled at deployment, never committed
    (config,) = by_kind("ConfigMap").values()
    rasa_container = container(by_kind("Deployment")["memhisto-rasa"])
    sources = {ref.get("configMapRef", ref.get("secretRef"))["name"] for ref in rasa_container["envFrom"]}
    assert sources == {"memhisto-config", "memhisto-secrets"}
    assert set(REQUIRED) <= set(config["data"]) | set(secret["stringData"])
    compose = yaml.safe_load(COMPOSE.read_text())
    for service in compose["services"].values():
        for name, value in (service.get("environment") or {}).items():
            if name.endswith(("TOKEN", "PASSWORD")):
                assert value.startswith(f"${{{name}:?"), (name, value)  # from .env, required


def commands() -> list[str]:
    """The command of every container of the project's image."""
    found = [container(item)["command"] for item in by_kind("Deployment").values()]
    for job in by_kind("CronJob").values():
        found += [
            part["command"] for part in job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"]
        ]
    compose = yaml.safe_load(COMPOSE.read_text())
    found += [service["command"] for service in compose["services"].values() if "build" in service]
    return [" ".join(command) for command in found]


def test_every_command_runs_a_module_of_the_project():
    modules = {module for command in commands() for module in re.findall(r"python -m ([\w.]+)", command)}
    assert modules == {"actions.server", "bot.webapp", "bot.ops.container"}
    for module in modules:
        assert importlib.util.find_spec(module), module
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert (
        "-r requirements.lock" in dockerfile
        and 'CMD ["python", "-m", "bot.ops.container", "rasa"]' in dockerfile
    )


ENV = {
    "RASA_AUTH_TOKEN": "admin-token-of-the-test",
    "ACTION_SERVER_TOKEN": "a",
    "POSTGRES_HOST": "db.internal",
    "POSTGRES_PASSWORD": "p@ss",
    "REDIS_HOST": "cache.internal",
    "REDIS_PORT": "6380",
}


def test_a_rasa_container_reads_its_stores_from_the_environment_and_secrets_stay_variables():
    written = endpoints(ENV)
    config = yaml.safe_load(written)
    assert config["tracker_store"]["url"] == "db.internal" and config["tracker_store"]["port"] == 5432
    assert config["lock_store"]["type"] == "stores.locks.AtomicRedisLockStore"
    assert (config["lock_store"]["url"], config["lock_store"]["port"]) == ("cache.internal", 6380)
    assert config["action_endpoint"]["url"] == "http://actions:5055/webhook"
    assert "p@ss" not in written and config["tracker_store"]["password"] == "${POSTGRES_PASSWORD}"
    assert tracker_url(ENV) == "postgresql://memhisto:p%40ss@db.internal:5432/memhisto"


def test_a_rasa_container_without_its_secrets_refuses_to_start_and_never_shows_the_token():
    with pytest.raises(MissingSettings, match="RASA_AUTH_TOKEN"):
        rasa({name: value for name, value in ENV.items() if name != "RASA_AUTH_TOKEN"})
    command = rasa(ENV)
    assert "admin-token-of-the-test" not in " ".join(command) and "p@ss" not in " ".join(command)
    assert command[command.index("--interface") + 1] == "0.0.0.0"
    endpoints_file = Path(command[command.index("--endpoints") + 1])
    assert yaml.safe_load(endpoints_file.read_text())["tracker_store"]["url"] == "db.internal"
    shutil.rmtree(endpoints_file.parent)


def test_the_retention_job_deletes_from_the_postgresql_of_the_environment(monkeypatch):
    asked = []
    monkeypatch.setattr("bot.ops.retention.main", lambda argv: asked.append(argv) or 0)
    monkeypatch.setattr("os.environ", dict(ENV))
    assert container_main(["retention"]) == 0
    assert asked == [["--url", tracker_url(ENV)]]
    monkeypatch.setattr("os.environ", {})
    with pytest.raises(MissingSettings, match="POSTGRES_HOST, POSTGRES_PASSWORD"):
        container_main(["retention"])
