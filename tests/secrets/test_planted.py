"""Every planted credential is caught where it is (file, line, object, key path), whatever it hides in;
the committed dist/ and settings/ have none.

Credentials are assembled here from their published formats (prefix + characters), never written whole,
so this file holds no token a scanner of the repository would report.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fleetform.cli import main
from fleetform.parse_cache import ParseCache
from fleetform.secrets.scan import scan_paths, scan_string

REPO = Path(__file__).resolve().parents[2]

AKIA = "AKIA" + "IOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY1"  # 40 characters
GHP = "ghp_" + "a1B2c3D4e5F6g7H8i9J0" + "k1L2m3N4o5P6q7R8"  # 36 after the prefix
GITHUB_PAT = "github_pat_" + "11ABCDEFG0" * 2 + "ab_" + "Xy9Zw8Vu7T" * 5 + "s6R5q4P3o"  # 82 after it
GLPAT = "glpat-" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn"
SLACK_BOT = "xoxb-" + "123456789012-1234567890123-" + "AbCdEfGhIjKlMnOpQrStUvWx"
SLACK_HOOK = "https://hooks.slack.com/services/" + "T00000000/B00000000/" + "XXXXXXXXXXXXXXXXXXXXXXXX"
GOOGLE = "AIza" + "SyA-1234567890abcdefghijklmnopqrstu"
STRIPE = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc"
NPM = "npm_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
JWT = "eyJ" + "hbGciOiJIUzI1NiJ9" + ".eyJ" + "zdWIiOiIxMjM0NTY3ODkwIn0" + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
PEM = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7Z\n-----END " + "RSA PRIVATE KEY-----"
AZURE_KEY = "AccountKey=" + "Zm9vYmFy" * 10 + "Zm9vYm" + "=="  # 86 base64 characters, then ==
PG_URL = "postgres://ml:" + "S3cr3t-Pa55w0rd" + "@db.internal:5432/ml"
RANDOM = "Xk9#mP2$vL7qR4wZ"


def _doc(kind: str, body: str, api: str = "v1") -> str:
    return f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: x\n  namespace: ml-dev\n{body}"


#: (case, file under dist/ or settings/, its text, the detector expected, the finding's line, object, path).
PLANTED = [
    ("postgres-url-in-configmap", "k8s/c.yaml", _doc("ConfigMap", f"data:\n  DATABASE_URL: {PG_URL}\n"),
     "url-password", 7, "v1 ConfigMap ml-dev/x", "data.DATABASE_URL"),
    ("postgres-url-in-env", "k8s/d.yaml",
     _doc("Deployment", f"spec:\n  template:\n    spec:\n      containers:\n      - name: api\n        env:\n"
          f"        - name: DB\n          value: {PG_URL}\n", "apps/v1"),
     "url-password", 13, "apps/v1 Deployment ml-dev/x", "spec.template.spec.containers[0].env[0].value"),
    ("aws-key-id-in-env", "k8s/e.yaml",
     _doc("Pod", f"spec:\n  containers:\n  - name: a\n    env:\n    - name: AWS_ACCESS_KEY_ID\n      value: {AKIA}\n"),
     "aws-access-key-id", 11, "v1 Pod ml-dev/x", "spec.containers[0].env[0].value"),
    ("aws-secret-in-env", "k8s/f.yaml",
     _doc("Pod", f"spec:\n  containers:\n  - name: a\n    env:\n    - name: AWS_SECRET_ACCESS_KEY\n"
          f"      value: {AWS_SECRET}\n"),
     "secret-value", 11, "v1 Pod ml-dev/x", "spec.containers[0].env[0].value"),
    ("aws-pair-in-credentials-file", "k8s/g.yaml",
     _doc("ConfigMap", f"data:\n  credentials: |\n    [default]\n    aws_access_key_id = {AKIA}\n"
          f"    aws_secret_access_key = {AWS_SECRET}\n"),
     "aws-access-key-id", 9, "v1 ConfigMap ml-dev/x", "data.credentials"),
    ("pem-in-configmap", "k8s/h.yaml",
     _doc("ConfigMap", "data:\n  key.pem: |\n    " + PEM.replace("\n", "\n    ") + "\n"),
     "private-key", 8, "v1 ConfigMap ml-dev/x", "data.key.pem"),
    ("ghp-in-annotation", "k8s/i.yaml",
     f"apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  annotations:\n    ci.acme.io/token: {GHP}\n",
     "github-token", 6, "v1 Service x", "metadata.annotations.ci.acme.io/token"),
    ("ghp-in-image-tag", "k8s/j.yaml",
     _doc("Pod", f"spec:\n  containers:\n  - name: a\n    image: ghcr.io/acme/api:{GHP}\n"),
     "github-token", 9, "v1 Pod ml-dev/x", "spec.containers[0].image"),
    ("glpat-in-label", "k8s/k.yaml",
     f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    build: {GLPAT}\n",
     "gitlab-token", 6, "v1 ConfigMap x", "metadata.labels.build"),
    ("azure-key-in-storage-parameters", "k8s/l.yaml",
     "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: ssd\nprovisioner: file.csi.azure.com\n"
     f"parameters:\n  connectionString: DefaultEndpointsProtocol=https;AccountName=acme;{AZURE_KEY}\n",
     "azure-storage-key", 7, "storage.k8s.io/v1 StorageClass ssd", "parameters.connectionString"),
    ("slack-webhook-in-alertmanager", "k8s/m.yaml", _doc("ConfigMap", f"data:\n  slack_api_url: {SLACK_HOOK}\n"),
     "slack-webhook", 7, "v1 ConfigMap ml-dev/x", "data.slack_api_url"),
    ("slack-bot-token", "k8s/n.yaml", _doc("ConfigMap", f"data:\n  bot: {SLACK_BOT}\n"),
     "slack-token", 7, "v1 ConfigMap ml-dev/x", "data.bot"),
    ("google-api-key", "k8s/o.yaml", _doc("ConfigMap", f"data:\n  maps: {GOOGLE}\n"),
     "google-api-key", 7, "v1 ConfigMap ml-dev/x", "data.maps"),
    ("jwt-in-header", "k8s/p.yaml", _doc("ConfigMap", f"data:\n  auth: Bearer {JWT}\n"),
     "jwt", 7, "v1 ConfigMap ml-dev/x", "data.auth"),
    ("github-pat", "k8s/q.yaml", _doc("ConfigMap", f"data:\n  GH: {GITHUB_PAT}\n"),
     "github-fine-grained-token", 7, "v1 ConfigMap ml-dev/x", "data.GH"),
    ("stripe-live-key", "k8s/r.yaml", _doc("ConfigMap", f"data:\n  STRIPE: {STRIPE}\n"),
     "stripe-live-key", 7, "v1 ConfigMap ml-dev/x", "data.STRIPE"),
    ("npm-token", "k8s/s.yaml", _doc("ConfigMap", f"data:\n  npmrc: //registry.npmjs.org/:_authToken={NPM}\n"),
     "npm-token", 7, "v1 ConfigMap ml-dev/x", "data.npmrc"),
    ("password-in-connection-string", "k8s/t.yaml",
     _doc("ConfigMap", f"data:\n  SQL: Server=tcp:db;Database=ml;User Id=ml;Password={RANDOM};\n"),
     "secret-assignment", 7, "v1 ConfigMap ml-dev/x", "data.SQL"),
    ("committed-secret-data", "k8s/u.yaml", _doc("Secret", "data:\n  api-key: c2VjcmV0LXZhbHVl\n"),
     "secret-manifest", 7, "v1 Secret ml-dev/x", "data.api-key"),
    ("terraform-password-argument", "terraform/aws-dev/cdk.tf.json",
     '{\n  "resource": {\n    "aws_db_instance": {\n      "db": {\n        "password": "' + RANDOM + '"\n'
     "      }\n    }\n  }\n}\n",
     "secret-value", 5, "aws_db_instance.db", "password"),
    ("terraform-provider-keys", "terraform/aws-prod/cdk.tf.json",
     '{\n  "provider": {\n    "aws": [\n      {\n        "access_key": "' + AKIA + '",\n        "secret_key": "'
     + AWS_SECRET + '"\n      }\n    ]\n  }\n}\n',
     "aws-access-key-id", 5, "", "provider.aws[0].access_key"),
]  # fmt: skip
SETTINGS_PLANTED = [
    ("token-in-gitops-url", "platform.yaml", "ingress_namespace: istio-ingress",
     f"ingress_namespace: istio-ingress\ngitops: {{url: 'https://x-access-token:{GHP}@github.com/acme/f.git'}}",
     "github-token url-password", 9, "gitops.url"),
    ("token-as-image-tag", "platform.yaml", 'tag: "1.4.2"', f'tag: "{GHP}"', "github-token", 13, "images.api.tag"),
]  # fmt: skip


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("planted") / "dist"
    for _, file, text, *_ in PLANTED:
        (root / file).parent.mkdir(parents=True, exist_ok=True)
        (root / file).write_text(text)
    return root


@pytest.mark.parametrize(
    ("file", "detector", "line", "subject", "path"), [p[1:2] + p[3:] for p in PLANTED], ids=[p[0] for p in PLANTED]
)
def test_every_planted_credential_is_caught_where_it_is(
    planted: Path, file: str, detector: str, line: int, subject: str, path: str
) -> None:
    found = [f for f in scan_paths([planted / file]).findings if f.path == path]
    assert found, scan_paths([planted / file]).findings
    assert (found[0].line, found[0].object, found[0].rule, found[0].severity) == (line, subject, "secrets", "critical")
    assert f"[{detector}]" in found[0].message


def test_a_warm_scan_reads_each_files_findings_back_under_its_own_name(planted: Path, tmp_path: Path) -> None:
    """The cache keeps findings by the bytes: the same bytes under another name are that file's findings."""
    cache = ParseCache(tmp_path / "cache")
    cold = scan_paths([planted], cache).findings
    assert cold == scan_paths([planted]).findings
    assert scan_paths([planted], cache).findings == cold
    assert len(list((tmp_path / "cache").glob("*.pickle"))) >= len(PLANTED)  # one entry per distinct file
    copy = tmp_path / "copy"
    shutil.copytree(planted, copy)
    warm = scan_paths([copy], cache).findings
    assert [(f.file.replace(str(copy), ""), f.line, f.path, f.message) for f in warm] == [
        (f.file.replace(str(planted), ""), f.line, f.path, f.message) for f in cold
    ]


def test_messages_never_show_the_credential(planted: Path) -> None:
    findings = scan_paths([planted]).findings
    assert findings[0].text == (
        f"{planted}/k8s/c.yaml:7: v1 ConfigMap ml-dev/x: [secrets] data.DATABASE_URL: a URL with a password "
        "'S3cr…' (15 characters) [url-password]; expected no credential in the repository (a Secret made at "
        "deploy time, referenced by name)"
    )
    secrets = (AKIA, AWS_SECRET, GHP, GITHUB_PAT, GLPAT, SLACK_BOT, GOOGLE, STRIPE, NPM, JWT, RANDOM, PG_URL)
    assert not [s for s in secrets for f in findings if s in f.text]


@pytest.mark.parametrize(
    ("file", "old", "new", "detector", "line", "path"),
    [p[1:] for p in SETTINGS_PLANTED],
    ids=[p[0] for p in SETTINGS_PLANTED],
)
def test_credentials_in_settings_are_caught(
    tmp_path: Path, file: str, old: str, new: str, detector: str, line: int, path: str
) -> None:
    settings = tmp_path / "settings"
    shutil.copytree(REPO / "settings", settings)
    text = (settings / file).read_text()
    assert old in text
    (settings / file).write_text(text.replace(old, new, 1))
    found = [f for f in scan_paths([settings]).findings if f.path == path]
    assert [(f.file, f.line) for f in found] == [(f"{settings}/{file}", line)] * len(detector.split())
    assert [f.message.partition("[")[2].partition("]")[0] for f in found] == detector.split()


def test_check_fails_on_a_planted_credential_and_names_it(
    planted: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(planted.parent)
    monkeypatch.setenv("XDG_CACHE_HOME", str(planted.parent / "cache"))
    shutil.rmtree("dist")
    (Path("dist") / "k8s").mkdir(parents=True)
    Path("dist/k8s/c.yaml").write_text(PLANTED[0][2])
    assert main(["check", "dist"]) == 1
    out = capsys.readouterr().out
    assert out.endswith(
        "== secrets\n"
        "dist/k8s/c.yaml:7: v1 ConfigMap ml-dev/x: [secrets] data.DATABASE_URL: a URL with a password 'S3cr…' "
        "(15 characters) [url-password]; expected no credential in the repository (a Secret made at deploy "
        "time, referenced by name)\n"
        "1 files scanned: 1 credentials found\n"
    )


def test_the_committed_output_and_settings_hold_no_credential() -> None:
    report = scan_paths([REPO / "dist", REPO / "settings"])
    assert report.findings == []
    assert report.files > 1000


@pytest.mark.parametrize(
    "value",
    [
        "api-gateway-tls",
        "database_credentials",
        "${aws_secretsmanager_secret.db.arn}",
        "$(DB_PASSWORD)",
        "postgres://ml:$(DB_PASSWORD)@db:5432/ml",
        "https://www.googleapis.com/auth/cloud-platform",
        "sha256:3cb98bae5b227d09de5dcbb86512bc59aa6829a15425b79865837dd11358601c",
        "v1.32.4",
    ],
)
def test_references_and_names_under_secret_keys_are_not_credentials(value: str) -> None:
    assert scan_string(value, "password") == []


@pytest.mark.parametrize(
    "value",
    [
        "AKIA" + "IOSFODNN7EXAMPL",  # 15 characters after the prefix, not 16
        "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R",  # 35, not 36
        "glpat-" + "short",
        "sha256:" + "e16623e9d2313db0442e10f859dece60993ae4de6c77c406e522b1fc0ba06de5",
        "ssh://git@github.com/acme/fleetform.git",
        "https://acme-v02.api.letsencrypt.org/directory",
    ],
)
def test_near_misses_of_the_formats_are_not_credentials(value: str) -> None:
    assert scan_string(value) == []
