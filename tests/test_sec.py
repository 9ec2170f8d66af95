"""SEC rules: positives and their look-alike negatives, in every file kind.

The secrets here are generated fakes in real formats, not live credentials.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from handoff.cli import app

HF = "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"
OPENAI = "sk-proj-qa3bwgCpBZFIEq8dJ9AIyhhXMmEyCAhUli7PoL1_WZXVai0I"
ANTHROPIC = (
    "sk-ant-api03-w1wnDTeDjQNIzPCK7WUGNTBTMUzrdT3hglPa4JT_PcYPu60oOs4ZPr0OKJRu5xYiGkttZcm0"
    "BVrIj54pC3_MY9zCAVyrTAA"
)
GOOGLE = "AIzajZnHPSeXlOq5KFukWAvrplASVD65Bg1svR3"
AWS_ID = "AKIAQWY2EN2TT8GGM6GI"
AWS_SECRET = "VNKWHUMpa4yvqtStdZ8g73Jmg2pc+dYbi/CwB8Sw"
WANDB = "fec572b41fda2a29e6ff9a1197237d2c4ac3a3ef"
GITHUB = "ghp_0jzvp4eSZtVOZeHy1uXf5ZuPDQb1iAMxtNtj"
SLACK = "xoxb-990114063146-2288808575234-tj4131p4vqgi80qo27hg5gxx"
AZURE_KEY = (
    "wLZZP1WaCGDv6IevolAZebjnyaPHwHXQw9gtMA3A92yfrEfP4XxN5nhiqc2vFLMvIA3k2CNQWgKuKcDXN9ssAa=="
)
RANDOM = "tQSVJNzYOizagyMhwyTa8f3k"  # a generated credential without a known format
PASSWORD = "Tr0ub4dor&3x"
PEM_BODY = (
    "MIIEowIBAAKCAQEAzE8x7bq9Kp2vQmR4tLw3nYfH6sJd0aXc1Ue5gTiZoPlNkMjb\n"
    "Hr8sV2yWq4FdLx0cGe7uTzA9pK3mBn6iRt1vOw5QyXfJh2SaLkDgEcUoPr8Ni4Mt\n"
)
PEM_HEAD = "-----BEGIN RSA " + "PRIVATE KEY-----"
PEM_TAIL = "-----END RSA " + "PRIVATE KEY-----"


def sec(result) -> list[tuple[str, int, str]]:
    assert not result.errors, result.errors
    return sorted((f.path, f.line, f.rule) for f in result.findings if f.rule.startswith("SEC"))


def codes(result) -> list[str]:
    return [rule for _, _, rule in sec(result)]


def notebook(*cells: tuple[str, list[str]]) -> str:
    doc = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    for source, outputs in cells:
        doc["cells"].append(
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {},
                "source": source,
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": text} for text in outputs
                ],
            }
        )
    return json.dumps(doc)


# --- SEC001 -------------------------------------------------------------------------------

SEC001_PYTHON = [
    f'DB_PASSWORD = "{PASSWORD}"',
    f'self.apiKey = "{RANDOM}"',
    f'clientSecret = "{RANDOM}"',
    f'cfg["api_key"] = "{RANDOM}"',
    f'CONFIG = {{"password": "{PASSWORD}"}}',
    f'conn = psycopg2.connect(host="db", password="{PASSWORD}")',
    f'os.environ["X_API_KEY"] = "{RANDOM}"',
    f'os.environ.setdefault("DB_PASSWORD", "{PASSWORD}")',
    f'wandb.login(key="{RANDOM}")',
    f'huggingface_hub.login("{RANDOM}")',
    f'api = HfApi(token="{RANDOM}")',
    f'headers = {{"Authorization": "Bearer {RANDOM}"}}',
    f'requests.get(url, auth=("admin", "{PASSWORD}"))',
    f'auth = HTTPBasicAuth("admin", "{PASSWORD}")',
    f'server.login("me@corp.com", "{PASSWORD}")',
    'api_key = "tQSVJNzYOiza" "gyMhwyTa8f3k"',
    f'api_token = f"{RANDOM}"',
    f'def connect(user, password="{PASSWORD}"):\n    pass',
    f'parser.add_argument("--api-key", type=str, default="{RANDOM}")',
    f'key = os.getenv("OPENAI_API_KEY", "{RANDOM}")',
    f'token = "{RANDOM}"',
    f'token = os.environ.get("TOKEN") or "{RANDOM}"',
    f'conn_str = "Server=db.corp;Database=runs;Uid=sa;Pwd={PASSWORD};"',
    f"cmd = \"curl -H 'Authorization: Bearer {RANDOM}' https://api.corp/v1\"",
    f'user, password = "admin", "{PASSWORD}"',
    f'class Settings:\n    secret_key: str = "{RANDOM}"',
    f'HUGGINGFACEHUB_API_TOKEN = "{RANDOM}"',
    f'aws_secret_access_key = "{RANDOM}"',
    f'client.set_api_key("{RANDOM}")',
    f'JDBC = "jdbc:postgresql://db.corp:5432/runs?user=ml&password={PASSWORD}"',
]


@pytest.mark.parametrize("code", SEC001_PYTHON)
def test_sec001_python_positives(checker, code):
    result = checker({"train.py": "import os\n" + code + "\n"})
    assert codes(result) == ["SEC001"], code


SEC001_PYTHON_NEGATIVES = [
    "token_ids = tokenizer(text)['input_ids']",
    "max_tokens = 512",
    'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")',
    "num_tokens = len(tokens)",
    'tokenizer.pad_token = "[PAD]"',
    'eos_token = "</s>"',
    'special = {"pad_token": "<pad>", "bos_token": "<|endoftext|>"}',
    'token = "hello"',
    'token = "transformer_encoder_layer"',
    'password_field = "password"',
    "secret_sauce_version = 3",
    'secret_name = "prod/db/password"',
    'private_key_path = "keys/id_rsa"',
    'api_key = os.environ["OPENAI_API_KEY"]',
    'api_key = ""',
    'api_key = "<your-api-key>"',
    'api_key = "your-api-key-here"',
    'password = "changeme"',
    'secret = "${APP_SECRET}"',
    'token = "xxxxxxxxxxxxxxxxxxxxxxxx"',
    'password = "***"',
    'api_key = "sk-..."',
    "password = getpass.getpass('Password: ')",
    'PASSWORD_ENV = "DB_PASSWORD"',
    'api_key = os.environ.get("OPENAI_API_KEY", "")',
    'password = os.getenv("DB_PASSWORD", "postgres")',
    'auth_type = "bearer"',
    'token_url = "https://oauth2.googleapis.com/token"',
    'prompt = input("Enter your password: ")',
    'password = "Enter your password"',
    f'checkpoint_sha256 = "{"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}"',
    f'cache_key = "{RANDOM}"',
    f'key = "{RANDOM}"',
    f'forward_pass = "{RANDOM}"',
    'secret = "the secret ingredient is data"',
    'pwd = "/home/ana/project"',
    'password = "vault:secret/data/db#password"',
    'api_key = "arn:aws:secretsmanager:us-east-1:123456789012:secret:openai"',
    'if password == "":\n    pass',
    'headers = {"Authorization": f"Bearer {token}"}',
    'headers = {"Authorization": "Bearer " + token}',
    'log.info("token: %s", token)',
    'parser.add_argument("--password", default=None, help="db password")',
    'url_token_pattern = r"[A-Za-z0-9]{32}"',
    'api_key = "OPENAI_API_KEY"',
    'auth_header = "X-API-Key"',
    'password_hash = "$2b$12$KIXQJ5c2Y3xv1gYF1s0Y8uWm4j2mN5Q6r7s8t9u0v1w2x3y4z5A6B"',
    'openai.api_key = "EMPTY"',
    'client = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")',
    'client = OpenAI(base_url="http://localhost:8080/v1", api_key="sk-no-key-required")',
    'client = OpenAI(base_url="http://localhost:8000/v1", api_key="token-abc123")',
    'SECRET_KEY = "super-secret-key"',
    'app.config["SECRET_KEY"] = "mysecretpassword"',
    "model = AutoModel.from_pretrained(name, use_auth_token=True)",
    'SECRET = r"(?=[^\\v\\\'\\"]*)(?=\\w+)[^\\v\\\'\\"]*"',
    'vectorizer = TfidfVectorizer(token_pattern=r"(?u)\\b\\w\\w+\\b")',
    'ssh_key = "~/.ssh/id_rsa"',
    'hf_token = "my_huggingface_token"',
    f'encrypted_password = "{RANDOM}"',
]


@pytest.mark.parametrize("code", SEC001_PYTHON_NEGATIVES)
def test_sec001_python_negatives(checker, code):
    result = checker({"train.py": "import os\n" + code + "\n"})
    assert codes(result) == [], code


@pytest.mark.parametrize(
    "filename,text",
    [
        ("config.yaml", f"db:\n  user: ml\n  password: {PASSWORD}\n"),
        ("config.yml", f"services:\n  app:\n    environment:\n      - API_KEY={RANDOM}\n"),
        ("k8s.yaml", f"env:\n  - name: DB_PASSWORD\n    value: {PASSWORD}\n"),
        ("config.json", f'{{"db": {{"password": "{PASSWORD}"}}}}'),
        ("pyproject-like.toml", f'[tool.mlflow]\ntracking_password = "{PASSWORD}"\n'),
        ("settings.ini", f"[db]\npassword = {PASSWORD}\n"),
        ("run.sh", f"export MLFLOW_TRACKING_PASSWORD={PASSWORD}\npython train.py\n"),
        ("run.sh", f"python train.py --api-key {RANDOM}\n"),
        ("run.sh", f"curl -u admin:{PASSWORD} https://corp/api\n"),
        ("run.sh", f'curl -H "Authorization: Bearer {RANDOM}" https://api.corp/v1\n'),
        ("Dockerfile", f"FROM python:3.11\nENV API_KEY {RANDOM}\n"),
        (
            ".github/workflows/ci.yml",
            f"jobs:\n  t:\n    steps:\n      - run: python x.py --password {PASSWORD}\n",
        ),
    ],
)
def test_sec001_config_positives(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == ["SEC001"], text


@pytest.mark.parametrize(
    "filename,text",
    [
        ("config.yaml", "wandb:\n  api_key: ${oc.env:WANDB_API_KEY}\nmax_tokens: 4096\n"),
        ("config.yaml", "db:\n  password: ${DB_PASSWORD}\n  password_env: DB_PASSWORD\n"),
        ("config.yaml", "tokenizer:\n  pad_token: '<pad>'\n  eos_token: '</s>'\n"),
        (".github/workflows/ci.yml", "env:\n  HF_TOKEN: ${{ secrets.HF_TOKEN }}\n"),
        ("secrets.enc.yaml", "password: ENC[AES256_GCM,data:Qm9vbGVhbg==,iv:abc,tag:def]\n"),
        ("config.json", '{"auth": {"type": "bearer", "token_env": "API_TOKEN"}}'),
        ("run.sh", 'export API_KEY="$(cat /run/secrets/api_key)"\npython x.py --token "$TOKEN"\n'),
        ("run.sh", "# export PASSWORD=hunter2abc\n"),
        ("run.sh", "python x.py --max-tokens 512 --password-file secrets/db.txt\n"),
        ("settings.ini", "[db]\npassword =\nuser = ml\n"),
        (
            "checksums.yaml",
            "model.bin:\n  sha256: "
            + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n",
        ),
    ],
)
def test_sec001_config_negatives(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == [], text


def test_sec001_notebook_magic_and_output(checker):
    nb = notebook(
        (f"%env DB_PASSWORD={PASSWORD}\nimport os", []),
        ("print(config)", [f"{{'api_key': '{RANDOM}', 'max_tokens': 512}}\n"]),
        ("print(tok)", ["{'pad_token': '<pad>', 'token': 'hello'}\n"]),
    )
    result = checker({"explore.ipynb": nb})
    found = [(f.cell, f.line, f.rule) for f in result.findings]
    assert sorted(found) == [(1, 1, "SEC001"), (2, 1, "SEC001")]


def test_sec001_in_notebook_code_cell(checker):
    nb = notebook(("import os", []), (f'x = 1\nAPI_KEY = "{RANDOM}"', []))
    result = checker({"nb.ipynb": nb})
    assert [(f.cell, f.line, f.rule) for f in result.findings] == [(2, 2, "SEC001")]


# --- test fakes -----------------------------------------------------------------------------


def test_fakes_in_test_files_are_not_findings(checker):
    result = checker(
        {
            "tests/test_db.py": 'PASSWORD = "hunter2pass"\nAPI_KEY = "test-key-123"\n',
            "tests/conftest.py": 'db_url = "postgresql://ml:localpass@db/test"\n',
            "src/db.py": 'PASSWORD = "hunter2pass"\n',
        }
    )
    assert sec(result) == [("src/db.py", 1, "SEC001")]


def test_random_values_in_test_files_still_count(checker):
    result = checker({"tests/test_api.py": f'API_KEY = "{RANDOM}"\nTOKEN = "{HF}"\n'})
    assert sec(result) == [("tests/test_api.py", 1, "SEC001"), ("tests/test_api.py", 2, "SEC002")]


def test_test_fakes_option_off(checker):
    result = checker(
        {
            "pyproject.toml": "[tool.handoff.rules.SEC001]\ntest_fakes = false\n",
            "tests/test_db.py": 'PASSWORD = "hunter2pass"\n',
        }
    )
    assert sec(result) == [("tests/test_db.py", 1, "SEC001")]


def test_test_paths_option(checker):
    result = checker(
        {
            "pyproject.toml": '[tool.handoff.rules.SEC001]\ntest_paths = ["qa/"]\n',
            "qa/check_db.py": 'PASSWORD = "hunter2pass"\n',
            "tests/test_db.py": 'PASSWORD = "hunter2pass"\n',
        }
    )
    assert sec(result) == [("tests/test_db.py", 1, "SEC001")]


# --- SEC002 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filename,text",
    [
        ("a.py", f'from huggingface_hub import login\nlogin("{HF}")\n'),
        ("a.py", f'import openai\nopenai.api_key = "{OPENAI}"\n'),
        ("a.py", f'client = Anthropic(api_key="{ANTHROPIC}")\n'),
        ("a.py", f'MAPS = "{GOOGLE}"\n'),
        ("a.py", f"# aws key {AWS_ID}\n"),
        ("a.py", f'aws_secret_access_key = "{AWS_SECRET}"\n'),
        ("a.py", f'import wandb\nwandb.login(key="{WANDB}")\n'),
        ("a.py", f'g = Github("{GITHUB}")\n'),
        ("a.py", f'SLACK = "{SLACK}"\n'),
        (".env", f"HF_TOKEN={HF}\n"),
        (".env", f"WANDB_API_KEY={WANDB}\n"),
        ("config.yaml", f"openai:\n  key: {OPENAI}\n"),
        ("config.json", f'{{"github": "{GITHUB}"}}'),
        ("config.toml", f'[slack]\nwebhook_token = "{SLACK}"\n'),
        ("settings.ini", f"[aws]\naccess_key_id = {AWS_ID}\n"),
        ("run.sh", f"huggingface-cli login --token {HF}\n"),
        ("README.md", f"Use the key `{GOOGLE}` for the maps demo.\n"),
        (
            "storage.py",
            'CONN = "DefaultEndpointsProtocol=https;AccountName=mlruns;AccountKey='
            + AZURE_KEY
            + ';EndpointSuffix=core.windows.net"\n',
        ),
    ],
)
def test_sec002_positives(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == ["SEC002"], text


@pytest.mark.parametrize(
    "filename,text",
    [
        ("a.py", 'AWS_DOC = "AKIAIOSFODNN7EXAMPLE"\n'),
        ("a.py", 'SECRET_DOC = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n'),
        ("a.py", 'hf_token = "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n'),
        ("a.py", 'api_key = "sk-proj-...your key..."\n'),
        ("a.py", f'GIT_SHA = "{WANDB}"\n'),
        ("a.py", f'import wandb\nwandb.init(project="x", notes="commit {WANDB}")\n'),
        ("a.py", 'digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"\n'),
        ("a.py", 'RUN_ID = "3f2b9c1e-8a7d-4e6f-9b0c-1d2e3f4a5b6c"\n'),
        ("a.py", "from hf_transfer import download\nhf_hub_download_timeout = 10\n"),
        ("a.py", 'MODEL = "sk-learn-classifier-v2"\n'),
        ("a.py", "x = 'ghp_' + 'a' * 36\n"),
        (".env.example", "HF_TOKEN=hf_your_token_here\nOPENAI_API_KEY=sk-...\n"),
    ],
)
def test_sec002_negatives(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == [], text


def test_sec002_in_notebook_output(checker):
    nb = notebook(("import os\nprint(os.environ['HF_TOKEN'])", [f"{HF}\n"]))
    result = checker({"nb.ipynb": nb})
    assert [(f.cell, f.line, f.rule) for f in result.findings] == [(1, 1, "SEC002")]
    assert "notebook output" in result.findings[0].message


# --- SEC003 -------------------------------------------------------------------------------


def test_sec003_pem_file(checker):
    result = checker({"deploy/id_rsa": f"{PEM_HEAD}\n{PEM_BODY}{PEM_TAIL}\n"})
    assert sec(result) == [("deploy/id_rsa", 1, "SEC003")]


def test_sec003_in_python_string(checker):
    code = f'KEY = """{PEM_HEAD}\n{PEM_BODY}{PEM_TAIL}"""\n'
    result = checker({"sign.py": code})
    assert sec(result) == [("sign.py", 1, "SEC003")]


def test_sec003_and_sec005_in_service_account_json(checker):
    body = PEM_BODY.replace("\n", "\\n")
    doc = (
        '{\n  "type": "service_account",\n  "project_id": "ml-prod",\n'
        '  "private_key_id": "3f2b9c1e8a7d4e6f9b0c1d2e3f4a5b6c7d8e9f01",\n'
        f'  "private_key": "-----BEGIN PRIVATE KEY-----\\n{body}-----END PRIVATE KEY-----\\n",\n'
        '  "client_email": "trainer@ml-prod.iam.gserviceaccount.com"\n}\n'
    )
    result = checker({"gcp-trainer.json": doc})
    assert sec(result) == [("gcp-trainer.json", 2, "SEC005"), ("gcp-trainer.json", 5, "SEC003")]


@pytest.mark.parametrize(
    "filename,text",
    [
        ("pem.py", f'HEADER = "{PEM_HEAD}"\nif line.startswith(HEADER):\n    pass\n'),
        ("doc.md", f"```\n{PEM_HEAD}\n...\n{PEM_TAIL}\n```\n"),
        ("cert.pem", "-----BEGIN CERTIFICATE-----\n" + PEM_BODY + "-----END CERTIFICATE-----\n"),
        ("key.pub", "-----BEGIN PUBLIC KEY-----\n" + PEM_BODY + "-----END PUBLIC KEY-----\n"),
        (
            "credentials.example.json",
            '{"type": "service_account", "private_key": '
            '"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}',
        ),
    ],
)
def test_sec003_negatives(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == [], text


# --- SEC004 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filename,text",
    [
        ("db.py", f'engine = create_engine("postgresql://ml:{PASSWORD}@db.internal:5432/runs")\n'),
        ("db.py", 'BROKER = "redis://:Xk82hQpLm3Zt@cache.internal:6379/0"\n'),
        ("requirements.txt", "--extra-index-url https://deploy:Tq93LmVx0Pz@pypi.corp/simple\n"),
        ("config.yaml", "mlflow:\n  uri: https://admin:Tq93LmVx0Pz@mlflow.corp\n"),
        (".env", "DATABASE_URL=mysql://root:Tq93LmVx0Pz@10.0.0.5/app\n"),
        ("run.sh", "git clone https://ana:Tq93LmVx0Pz@git.corp/ml/model.git\n"),
    ],
)
def test_sec004_positives(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == ["SEC004"], text


@pytest.mark.parametrize(
    "filename,text",
    [
        ("db.py", 'url = f"postgresql://{user}:{password}@{host}/runs"\n'),
        ("db.py", 'DOC = "postgresql://user:password@localhost/db"\n'),
        ("db.py", 'URL = "postgresql://ml:${DB_PASSWORD}@db/runs"\n'),
        ("db.py", 'URL = "postgresql://ml:<password>@db/runs"\n'),
        ("db.py", 'URL = "postgresql://ml:Xk82hQpLm3Zt@db.example.com/runs"\n'),
        ("db.py", 'URL = "mongodb://ml:***@db/runs"\n'),
        ("db.py", 'REPO = "git@github.com:org/model.git"\nU = "ssh://git@github.com:22/org/m"\n'),
        ("db.py", 'URL = "https://ana@git.corp/ml/model.git"\n'),
        ("db.py", 'URL = "postgresql://%s:%s@%s/runs" % (user, pw, host)\n'),
        ("db.py", 'URL = "https://user:pass@host/x"\n'),
        ("tasks.py", 'BROKER = "amqp://guest:guest@localhost:5672//"\n'),
    ],
)
def test_sec004_negatives(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == [], text


def test_token_in_url_is_sec002_only(checker):
    result = checker({"clone.sh": f"git clone https://x-access-token:{GITHUB}@github.com/o/r\n"})
    assert codes(result) == ["SEC002"]


# --- SEC005 -------------------------------------------------------------------------------


def test_sec005_dotenv(checker):
    env = (
        "# local settings\n"
        "MODEL_NAME=bert-base-uncased\n"
        f"DB_PASSWORD={PASSWORD}\n"
        f"export SECRET_KEY='{RANDOM}'\n"
        "EMPTY_TOKEN=\n"
        "API_KEY=${API_KEY}\n"
        f"HF_TOKEN={HF}\n"
        f"DATABASE_URL=postgresql://ml:{PASSWORD}@db/runs\n"
    )
    result = checker({".env": env})
    assert sec(result) == [
        (".env", 3, "SEC005"),
        (".env", 4, "SEC005"),
        (".env", 7, "SEC002"),
        (".env", 8, "SEC004"),
    ]


@pytest.mark.parametrize(
    "filename,text,line",
    [
        (".netrc", "machine corp.internal\n  login ana\n  password Tq93LmVx0Pz\n", 3),
        ("kaggle.json", '{"username": "ana", "key": "d41f9a7c0be24e55b1c3a2f08e6d7c91"}', 1),
        (".pypirc", "[pypi]\nusername = __token__\npassword = Tq93LmVx0PzQ\n", 3),
        ("prod.env", f"SMTP_PASS={PASSWORD}\n", 1),
        (
            "client_secret.json",
            '{"installed": {"client_id": "1234.apps.googleusercontent.com",\n'
            f' "client_secret": "{RANDOM}"}}}}',
            2,
        ),
    ],
)
def test_sec005_credential_files(checker, filename, text, line):
    result = checker({filename: text})
    assert sec(result) == [(filename, line, "SEC005")]


@pytest.mark.parametrize(
    "filename,text",
    [
        (".env.example", f"DB_PASSWORD={PASSWORD}\n"),
        (".env", "DB_PASSWORD=\nHF_TOKEN=<your-token>\nDEBUG=1\nMAX_TOKENS=512\n"),
        (".netrc", "machine corp.internal login ana password ${NETRC_PASSWORD}\n"),
        ("kaggle.json", '{"username": "ana", "key": "<your-kaggle-key>"}'),
        ("tests/fixtures/.env", "DB_PASSWORD=testpassword\n"),
    ],
)
def test_sec005_negatives(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == [], text


# --- one finding per secret ------------------------------------------------------------------


def test_known_format_under_credential_name_is_reported_once(checker):
    result = checker({"a.py": f'OPENAI_API_KEY = "{OPENAI}"\nHF_TOKEN = "{HF}"\n'})
    assert sec(result) == [("a.py", 1, "SEC002"), ("a.py", 2, "SEC002")]


def test_two_secrets_on_one_line_are_one_finding_of_the_most_specific_rule(checker):
    # precedence is by line (CONTRACT.md): the line is reported once, by SEC002; without
    # SEC002 the password is still SEC001's
    files = {"a.py": f'creds = {{"id": "{AWS_ID}", "password": "{PASSWORD}"}}\n'}
    assert codes(checker(files)) == ["SEC002"]
    assert codes(checker(files, ignore=("SEC002",))) == ["SEC001"]


def test_concatenated_known_key_is_still_reported(checker):
    code = f'HF_TOKEN = "{HF[:10]}" "{HF[10:]}"\n'
    result = checker({"a.py": code})
    assert codes(result) == ["SEC001"]


def test_severities(checker):
    result = checker(
        {
            "a.py": f'PASSWORD = "{PASSWORD}"\nKEY = "{HF}"\n',
            "id_rsa": f"{PEM_HEAD}\n{PEM_BODY}{PEM_TAIL}\n",
        }
    )
    severity = {f.rule: f.severity.value for f in result.findings}
    assert severity == {"SEC001": "high", "SEC002": "critical", "SEC003": "critical"}


def test_suppression(checker):
    code = f'PASSWORD = "{PASSWORD}"  # handoff: ignore[hardcoded-credential]\n'
    result = checker({"a.py": code})
    assert codes(result) == []


def test_one_finding_per_line_and_rule_with_every_secret_masked(checker):
    other = "q8Fh2LmXv9Tz3KpR7wNc5BdY"
    result = checker(
        {
            "a.py": f'DB = {{"password": "{PASSWORD}", "api_key": "{other}"}}\n'
            f'API_KEYS = [\n    "{RANDOM}",\n    "{other}",\n]\n',
            "b.yaml": f"db: {{password: {PASSWORD}, api_key: {other}}}\n",
            ".env": f"DB_PASSWORD={PASSWORD}\n",
        }
    )
    assert sec(result) == [
        (".env", 1, "SEC005"),
        ("a.py", 1, "SEC001"),
        ("a.py", 3, "SEC001"),
        ("a.py", 4, "SEC001"),
        ("b.yaml", 1, "SEC001"),
    ]
    for finding in result.findings:
        assert PASSWORD not in finding.source_line and other not in finding.source_line


@pytest.mark.parametrize(
    "filename,text",
    [
        ("a.py", f'import cohere\nco = cohere.Client("{RANDOM}")\n'),
        ("login.sh", f"docker login -u ana -p {PASSWORD} registry.corp.io\n"),
        ("login.sh", f"sshpass -p '{PASSWORD}' ssh ana@trainer\n"),
    ],
)
def test_sec001_positional_and_short_flag_credentials(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == ["SEC001"], text


def test_known_format_in_a_config_section_context(checker):
    result = checker({"cfg.yaml": f"wandb:\n  entity: ana\n  api_key: {WANDB}\n"})
    assert sec(result) == [("cfg.yaml", 3, "SEC002")]


def test_client_with_a_name_is_not_a_key(checker):
    result = checker(
        {"a.py": 'c = storage.Client("ml-prod-381204")\nm = MlflowClient("http://x")\n'}
    )
    assert codes(result) == []


def test_jwt_in_a_test_file_is_a_fixture(checker):
    jwt = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtdHJhaW5lciIsImlhdCI6MTcxODAwMDAwMH0"
        ".Xk82hQpLm3ZtQ9vBn4Lp0RtQ9vBn4Lp0RtXk82hQp"
    )
    result = checker({"tests/test_auth.py": f'TOKEN = "{jwt}"\n', "auth.py": f'T = "{jwt}"\n'})
    assert sec(result) == [("auth.py", 1, "SEC002")]


# --- found by the blind corpus (tests/fixtures/sec_blind_corpus) ----------------------------

# Every unencrypted OpenSSH key starts with this header, zero-byte length fields and all.
OPENSSH_BODY = (
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "lxgRAr9ut2TE1/iipoYWSFm+M7BHLmnj9BAQ+oU4ckttxOlRX1ykNOi/4VhA85dPTuKVKg\n"
    "Piy0eVchS0DYAt49ejcqTDDmGnK6sTwuW8nnnUx476nU5sCueWSIsXHRVAEoid2V08oaSg\n"
)
OPENSSH_HEAD = "-----BEGIN OPENSSH " + "PRIVATE KEY-----"
OPENSSH_TAIL = "-----END OPENSSH " + "PRIVATE KEY-----"
HEX32 = "f50f7b9c548db50242b9f627a9f7e141"


def test_sec003_openssh_key_with_its_zero_length_fields(checker):
    key = f"{OPENSSH_HEAD}\n{OPENSSH_BODY}{OPENSSH_TAIL}\n"
    nb = notebook((f'key = """{key}"""\nopen("/root/.ssh/id_ed25519", "w").write(key)', []))
    result = checker({"deploy/id_ed25519": key, "setup.ipynb": nb})
    assert sec(result) == [("deploy/id_ed25519", 1, "SEC003"), ("setup.ipynb", 1, "SEC003")]


def test_sec003_zero_filled_stand_in_is_not_a_key(checker):
    fake = "A" * 64 + "\n" + "A" * 64 + "\n"
    result = checker({"deploy/id_ed25519": f"{OPENSSH_HEAD}\n{fake}{OPENSSH_TAIL}\n"})
    assert codes(result) == []


@pytest.mark.parametrize(
    "filename,text",
    [
        ("nb.md", f"**W&B**: team `nlp`; key of the shared account: `{WANDB}`\n"),
        ("setup.sh", f"# Weights & Biases login: {WANDB}\n"),
        (".netrc", f"machine api.wandb.ai\n  login user\n  password {WANDB}\n"),
    ],
    ids=["markdown-W&B", "comment-Weights&Biases", "netrc-stanza"],
)
def test_sec002_wandb_key_in_a_wandb_context(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == ["SEC002"], text


def test_sec002_wandb_abbreviation_next_to_a_commit_is_not_a_key(checker):
    result = checker({"notes.md": f"W&B runs were made at commit {WANDB}\n"})
    assert codes(result) == []


def test_netrc_stanza_context_stays_with_its_machine(checker):
    text = f"machine api.wandb.ai\n  login user\n  password {WANDB}\nmachine corp.internal\n"
    text += f"  login ana\n  password {PASSWORD}\n"
    result = checker({".netrc": text})
    assert sec(result) == [(".netrc", 3, "SEC002"), (".netrc", 6, "SEC005")]


@pytest.mark.parametrize(
    "filename,text",
    [
        ("tts.py", f'SPEECH_KEY = "{HEX32}"\n'),
        ("rerank.py", f'COHERE_RERANK_KEY = ("{RANDOM}"\n                     "{RANDOM[::-1]}")\n'),
        ("cfg.yaml", f"translator:\n  deepl_auth_key: {HEX32}\n"),
        (
            "notebook.py",
            f'!echo \'{{"username":"ana","key":"{HEX32}"}}\' > ~/.kaggle/kaggle.json\n',
        ),
        ("kaggle_setup.py", f'json.dump({{"username": "ana", "key": "{HEX32}"}}, f)\n'),
        ("kaggle_setup.py", f'f.write(\'{{"username": "ana", "key": "{HEX32}"}}\')\n'),
    ],
    ids=["speech-key", "concatenated", "yaml", "kaggle-echo", "kaggle-dict", "kaggle-string"],
)
def test_sec001_product_keys_and_kaggle_credentials(checker, filename, text):
    if filename == "notebook.py":
        filename, text = "nb.ipynb", notebook((text, []))
    result = checker({filename: text})
    assert codes(result) == ["SEC001"], text


def test_sec005_product_key_in_dotenv(checker):
    result = checker({".env": f"AZURE_SPEECH_KEY={HEX32}\nAZURE_SPEECH_REGION=westeurope\n"})
    assert sec(result) == [(".env", 1, "SEC005")]


@pytest.mark.parametrize(
    "code",
    [
        'SPEECH_KEY = "westeurope"',
        'model_key = "bert-base-uncased"',
        f'experiment_key = "{HEX32}"',
        f'public_key = "{RANDOM}{RANDOM}"',
        f'row_key = "{RANDOM}"',
        'license_key = "bsd-3-clause-sun"',
        'spdx_license_key = "LicenseRef-scancode-ams-fonts"',
        '{"username": "ana", "key": "<your-kaggle-key>"}',
        '{"username": "ana", "key": "image"}',
        "LAZY = {'Secret': (__spec__.parent, '.types'), 'SecretStr': (__spec__.parent, '.types')}",
        'tokens = {"property_key": [(r"#?[a-z_][a-z0-9_\\.\\-/]+", Name, "delimiter")]}',
        'auth_token = r"#?[a-z_][a-z0-9_\\.\\-/]+"',
    ],
    ids=lambda code: code.split("=")[0].strip()[:30],
)
def test_sec001_key_names_and_values_that_are_not_credentials(checker, code):
    result = checker({"a.py": code + "\n"})
    assert codes(result) == [], code


@pytest.mark.parametrize(
    "filename,text",
    [
        (
            "settings.py",
            f'class S(BaseSettings):\n    api_key: SecretStr = SecretStr("{RANDOM}")\n',
        ),
        ("settings.py", f'DB_PASSWORD = pydantic.SecretStr("{PASSWORD}")\n'),
        ("setup.sh", f"aws configure set aws_secret_access_key {AWS_SECRET}\n"),
        ("setup.sh", f"npm config set //npm.corp.io/:_authToken {RANDOM}\n"),
    ],
    ids=["SecretStr", "pydantic.SecretStr", "aws-configure-set", "npm-config-set"],
)
def test_sec001_secret_wrappers_and_config_set_commands(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == ["SEC001"], text


@pytest.mark.parametrize(
    "filename,text",
    [
        ("settings.py", 'api_key: SecretStr = SecretStr(os.environ["API_KEY"])\n'),
        ("settings.py", 'password: SecretStr = SecretStr("")\n'),
        ("setup.sh", "aws configure set region us-east-1\n"),
        ("setup.sh", "aws configure set aws_secret_access_key $AWS_SECRET_ACCESS_KEY\n"),
        ("setup.sh", "git config set user.name ana\n"),
    ],
    ids=["env", "empty", "region", "variable", "git-user"],
)
def test_sec001_secret_wrappers_and_config_set_negatives(checker, filename, text):
    result = checker({filename: text})
    assert codes(result) == [], text


@pytest.mark.parametrize(
    "code",
    [
        f'COHERE_KEY = ("{RANDOM}"  # the reranker\n              "{RANDOM[::-1]}")\n',
        f'COHERE_KEY = "{RANDOM}" "{RANDOM[::-1]}"\n',
    ],
    ids=["two-lines", "one-line"],
)
def test_sec001_concatenated_secret_is_masked_part_by_part(checker, code):
    result = checker({"a.py": code})
    assert codes(result) == ["SEC001"]
    shown = result.findings[0].source_line + result.findings[0].message
    assert RANDOM not in shown and RANDOM[::-1] not in shown, shown


# --- precedence: declared in the catalog, applied among enabled rules ---------------------

PRECEDENCE_CASES = {
    "SEC002 over SEC001": ({"a.py": f'api_key = "{HF}"\n'}, "SEC002", "SEC001"),
    "SEC003 over SEC002": (
        {
            "deploy.json": '{"private_key": "-----BEGIN PRIVATE KEY-----\\n'
            + PEM_BODY.replace("\n", "\\n")
            + f'-----END PRIVATE KEY-----\\n", "hf_token": "{HF}"}}\n'
        },
        "SEC003",
        "SEC002",
    ),
    "SEC004 over SEC001": (
        {
            "pull.py": "import requests\n\n"
            'requests.get("https://ml:Xk82hQpLm3Zt@registry.internal/v2/", '
            'auth=("ml", "Xk82hQpLm3Zt"))\n'
        },
        "SEC004",
        "SEC001",
    ),
    "SEC002 over SEC004": (
        {"clone.sh": f"git clone https://x-access-token:{GITHUB}@github.com/o/r\n"},
        "SEC002",
        "SEC004",
    ),
}


@pytest.mark.parametrize("case", sorted(PRECEDENCE_CASES))
def test_precedence_keeps_the_most_specific_rule_on_a_line(checker, case):
    files, winner, _ = PRECEDENCE_CASES[case]
    assert codes(checker(files)) == [winner]


@pytest.mark.parametrize("case", sorted(PRECEDENCE_CASES))
def test_a_disabled_rule_hides_no_other_rule_s_finding(checker, case):
    files, winner, loser = PRECEDENCE_CASES[case]
    assert codes(checker(files, ignore=(winner,))) == [loser]
    assert codes(checker(files, select=(loser,))) == [loser]


def test_precedence_skips_over_a_disabled_middle_rule(checker):
    # SEC002 > SEC004 > SEC001: with SEC004 off, SEC002 still replaces SEC001 on the line
    assert codes(checker({"a.py": f'api_key = "{HF}"\n'}, ignore=("SEC004",))) == ["SEC002"]


def test_hf_token_under_api_key_with_sec002_ignored_on_the_command_line(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "train.py").write_text(f'api_key = "{HF}"\n', encoding="utf-8")
    for flags in (["--ignore", "SEC002"], ["--select", "SEC001"]):
        result = CliRunner().invoke(app, ["check", "--isolated", *flags, str(tmp_path)])
        assert "SEC001" in result.output and "SEC002" not in result.output, result.output
        assert HF not in result.output  # masked
    result = CliRunner().invoke(app, ["check", "--isolated", str(tmp_path)])
    assert "SEC002" in result.output and "SEC001" not in result.output, result.output


# --- SEC002: W&B keys whose context is in the code around them ------------------------------

WANDB_IN_CODE = [
    (  # the dict's name, and a later login with its entry
        "import wandb\n\nwandb_config = {\n"
        f'    "key": "{WANDB}",\n    "project": "bert",\n}}\n'
        'wandb.login(key=wandb_config["key"])\n',
        4,
    ),
    (  # no name says wandb, but the login takes the dict's entry
        "import wandb\n\ncfg = {\n"
        f'    "key": "{WANDB}",\n    "team": "nlp",\n}}\n'
        'wandb.login(key=cfg["key"])\n',
        4,
    ),
    (  # a nested config section
        f'CONFIG = {{\n    "wandb": {{\n        "api_key": "{WANDB}",\n    }},\n}}\n',
        3,
    ),
    (  # W&B's own vocabulary among the siblings
        f'TRACKING = {{\n    "entity": "nlp-lab",\n    "api_key": "{WANDB}",\n}}\n',
        3,
    ),
    (  # a variable given to wandb.login
        f'import wandb\n\nkey = "{WANDB}"\nwandb.login(key=key)\n',
        3,
    ),
    (  # an aliased import, a multi-line call
        f'import wandb as wb\n\nwb.login(\n    key="{WANDB}",\n)\n',
        4,
    ),
    (  # the environment variable W&B reads
        f'import os\n\ntoken = "{WANDB}"\nos.environ["WANDB_API_KEY"] = token\n',
        3,
    ),
]


@pytest.mark.parametrize("code,line", WANDB_IN_CODE)
def test_sec002_wandb_key_with_its_context_in_the_code(checker, code, line):
    result = checker({"track.py": code})
    assert sec(result) == [("track.py", line, "SEC002")]


def test_sec002_wandb_key_in_a_notebook_dict(checker):
    cells = (
        ["import wandb\n", "cfg = {\n", f'    "key": "{WANDB}",\n', '    "project": "x"}\n'],
        [],
    )
    login = (['wandb.login(key=cfg["key"])\n'], [])
    result = checker({"nb.ipynb": notebook(cells, login)})
    assert [(f.cell, f.line, f.rule) for f in result.findings] == [(1, 3, "SEC002")]


@pytest.mark.parametrize(
    "code",
    [
        # digests and commits next to wandb code stay digests
        f'import wandb\n\nGIT_SHA = "{WANDB}"\nwandb.init(config={{"commit": GIT_SHA}})\n',
        f'import wandb\n\nRUN = {{\n    "commit": "{WANDB}",\n    "entity": "nlp",\n}}\n',
        f'import wandb\n\ndef log(run, digest="{WANDB}"):\n    wandb.log({{"d": digest}})\n',
        # a 40-hex `key` that W&B never receives
        f'import wandb\n\nkey = "{WANDB}"\ncache[key] = 1\nwandb.init(project="x")\n',
        f'CACHE = {{\n    "key": "{WANDB}",\n    "project": "bert",\n}}\n',
    ],
)
def test_sec002_hex_digests_next_to_wandb_are_not_keys(checker, code):
    assert codes(checker({"track.py": code})) == [], code


def test_sec002_yaml_binary_value_is_decoded(checker):
    import base64

    encoded = base64.b64encode(HF.encode()).decode()
    image = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAA="
    text = f"hub:\n  token: !!binary {encoded}\n  thumbnail: !!binary {image}\n"
    result = checker({"conf.yaml": text})
    assert sec(result) == [("conf.yaml", 2, "SEC002")]
    assert encoded not in result.findings[0].message


# --- SEC001: weak and default passwords ----------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        'password = "Admin"\n',
        'passphrase = "1234"\n',
        'EMAIL_PASSWORD = "secret"\n',
        'doLogin(username="demo", password="blerg")\n',
        'DATABASES = {"default": {"PASSWORD": "postgres"}}\n',
        'redis_password = "5241590000000000"\n',
        'db_passwd = "letmein"\n',
        'smtp.login("me@lab.org", "admin")\n',
        'requests.get(url, auth=("admin", "1234"))\n',
        'ADMIN_PASS = "password123"\n',
    ],
)
def test_sec001_weak_password_is_reported_at_medium(checker, code):
    result = checker({"app.py": code})
    assert [(f.rule, f.severity.value) for f in result.findings] == [("SEC001", "medium")], code
    assert "weak or default password" in result.findings[0].message


@pytest.mark.parametrize(
    "code",
    [
        'password = ""\n',
        'admin_password = "<password>"\n',
        'db_password = "${DB_PASSWORD}"\n',
        'smtp_password = "your-password"\n',
        'redis_password = "***"\n',
        'password = "password"\n',
        'PASSWORD = "changeme"\n',
        'db_password = "db_password"\n',
        'password = "Enter your password"\n',
        'password = "dummy"\n',
        'password = "none"\n',
        # a word under a token or key name is a word (NLP code is full of them)
        'token = "hello"\nsep_token = "</s>"\napi_key = "ollama"\nsort_key = "name"\n',
        # an environment fallback is judged as before: only a random value counts
        'import os\n\npassword = os.getenv("NEO4J_PASSWORD", "test")\n',
        'import os\n\npassword = os.environ.get("DB_PASSWORD", "admin")\n',
        # not a password name
        'password_field = "pwd"\nsecond_pass = "refine"\nsecret_sauce = "ketchup"\n',
    ],
)
def test_sec001_password_placeholders_and_words_elsewhere_are_not_findings(checker, code):
    assert codes(checker({"app.py": code})) == [], code


def test_sec001_weak_password_in_a_test_file_is_a_fixture(checker):
    code = 'user = User.objects.create_user(username="r", password="blerg")\n'
    assert codes(checker({"tests/test_auth.py": code})) == []


def test_sec001_random_password_stays_high(checker):
    result = checker({"app.py": f'DB_PASSWORD = "{PASSWORD}"\n'})
    assert [(f.rule, f.severity.value) for f in result.findings] == [("SEC001", "high")]


def test_weak_password_masks_only_itself(checker):
    result = checker({"app.py": 'EMAIL_PASSWORD = "secret"\n'})
    finding = result.findings[0]
    assert "secrets manager" in finding.message
    assert '"secret"' not in finding.source_line


# --- SEC001/SEC005: config and .env files ---------------------------------------------------


@pytest.mark.parametrize(
    "filename,text,severity",
    [
        ("services.ini", "[database]\nuser = asr\npassword = 123456789a1234\n", "medium"),
        ("config.toml", '[results_db]\nuser = "rl"\npassword = "Admin"\n', "medium"),
        ("conf.yaml", "db:\n  password: !!binary QWRtMW4hMjAyNA==\n", "high"),
        ("conf.yaml", "db:\n  password: !!binary YWRtaW4=\n", "medium"),  # `admin`
    ],
)
def test_sec001_config_password_judged_as_in_code(checker, filename, text, severity):
    result = checker({filename: text})
    found = [(f.rule, f.line, f.severity.value) for f in result.findings]
    assert found == [("SEC001", text.count("\n"), severity)], text
    assert "QWRtMW4hMjAyNA==" not in result.findings[0].source_line


@pytest.mark.parametrize(
    "filename,text",
    [
        ("services.ini", "[smtp]\npassword = ${SMTP_PASSWORD}\n[admin]\npassword = changeme\n"),
        ("services.ini", "[training]\npassword_policy = strict\ntoken_type = bpe\n"),
        (
            "conf.yaml",
            "run:\n  notes: !!binary c2R4bC1sb3JhLXJ1bi1ub3RlczogcmFuayAxNiwgYWxwaGEgMzI=\n",
        ),
        ("conf.yaml", "run:\n  thumbnail: !!binary iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAA=\n"),
    ],
)
def test_sec001_config_negatives_for_weak_passwords_and_binary(checker, filename, text):
    assert codes(checker({filename: text})) == [], text


def test_dotenv_random_values_whatever_their_name(checker):
    env = (
        "MODEL_NAME=bert-base-uncased\n"
        "MODEL_SALT=8f2Kq0ZNZIUG3JLPmIR3CqRo7_qaYSit\n"
        "RUN_NONCE='ceQc2o4DYIdhjBu_iuWX0ajpGjac834M'  # rotated weekly\n"
        "GIT_SHA=9a9c89d830b314d669c1c9c05f98a6202a969a1a\n"
        "MLFLOW_RUN_ID=3f2a9c1e7b3d4e5f8a9b0c1d2e3f4a5b\n"
        "EMBEDDING_MODEL=sentence-transformers/all-MiniLM-L6-v2\n"
        "CHROMA_COLLECTION=docs_v3_2024_06\n"
        "DB_PASSWORD=Admin\n"
        "SMTP_PASSWORD=\n"
    )
    result = checker({".env": env})
    assert [
        (f.line, f.rule, f.severity.value) for f in sorted(result.findings, key=lambda f: f.line)
    ] == [
        (2, "SEC001", "high"),
        (3, "SEC001", "high"),
        (8, "SEC005", "medium"),
    ]
    # SEC005 off: SEC001 still reports the password
    without = checker({".env": env}, ignore=("SEC005",)).findings
    assert (8, "SEC001", "medium") in [(f.line, f.rule, f.severity.value) for f in without]


def test_dotenv_template_is_not_read(checker):
    env = "MODEL_SALT=8f2Kq0ZNZIUG3JLPmIR3CqRo7_qaYSit\nDB_PASSWORD=Admin\n"
    assert codes(checker({".env.example": env})) == []


# --- holdout round 3: the general cases behind its misses ---------------------------------

DISCORD = "MTLI3eFBrvbQtlXAR24U7OFEYK.Dt2rU5.imQW0jDgBy7UBJkLkP18cYCNn41DVdZ9yLhV9i"


@pytest.mark.parametrize(
    "code",
    [
        f'DISCORD_BOT_TOKEN = "{DISCORD}"',  # a current token: a 38-character HMAC
        'BOT = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs"',  # 27
    ],
)
def test_sec002_discord_bot_tokens_old_and_current(checker, code):
    assert codes(checker({"bot.py": code + "\n"})) == ["SEC002"], code


@pytest.mark.parametrize(
    "code,hidden",
    [
        ('smtp.login("me@gmail.com", "dhfc loxe dstp dbvy")', "loxe dstp"),
        ('GMAIL_APP_PASSWORD = "qmzt vwkh ryds plcf"', "vwkh ryds"),
    ],
)
def test_sec001_google_app_password_in_its_four_groups(checker, code, hidden):
    result = checker({"mail.py": code + "\n"})
    # sixteen random letters: generated, so not a weak password
    assert [(f.rule, f.severity.value) for f in result.findings] == [("SEC001", "high")]
    assert hidden not in result.findings[0].source_line


@pytest.mark.parametrize(
    "code",
    [
        'smtp.login(user, "xxxx xxxx xxxx xxxx")',
        'smtp.login(user, "abcd efgh ijkl mnop")',
        'password = "Enter your SMTP password"',
        'PROMPT_PASSWORD = "type the code here"',
    ],
)
def test_sec001_spaced_password_stand_ins_are_not_findings(checker, code):
    assert codes(checker({"mail.py": code + "\n"})) == [], code


@pytest.mark.parametrize(
    "code",
    [
        f'parser.add_argument("--ls-token", default="{RANDOM}")',
        'MLFLOW_TRACKING_TOKEN = "9e978043a0fad0d33d9be0642e87fb13"',
        f'headers = {{"X-Chroma-Token": "{RANDOM}"}}',
        f'LABEL_STUDIO_TOKEN = "{RANDOM}"',
    ],
)
def test_sec001_product_tokens_with_random_values(checker, code):
    assert codes(checker({"client.py": code + "\n"})) == ["SEC001"], code


@pytest.mark.parametrize(
    "code",
    [
        'parser.add_argument("--ls-token", default="label-studio")',
        'pad_token = "<|endoftext|>"',
        'next_page_token = "CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA3"',
        'SHARD_ETAG = "41e9240b7f71cfdff4bf2148889d5778"',
        'checkpoint_md5 = "41e9240b7f71cfdff4bf2148889d5778"',
        's3_key = "shards/train/shard-000123.tar"',
        'S3_KEY = "datasets/laion/part-00017.parquet"',
        'headers = {"X-Request-Token": "retry"}',
    ],
)
def test_sec001_token_and_key_names_that_hold_no_credential(checker, code):
    assert codes(checker({"client.py": code + "\n"})) == [], code


def test_sec001_product_header_in_a_command_line(checker):
    text = f"curl -H 'X-Chroma-Token: {RANDOM}' https://chroma.lab/api/v1\n"
    assert codes(checker({"query.sh": text})) == ["SEC001"]


def test_sec001_bare_pass_in_an_ini_section(checker):
    text = (
        "[webdav]\nuser = asr\npass = D2eu05ovIq_OVfXl8YNV-APAOUnxwuBflb3_gGwb7Z6t\n"
        "[train]\npass = forward\n"
    )
    assert sec(checker({"rclone.conf": text})) == [("rclone.conf", 3, "SEC001")]


def test_terraform_files_are_config_files(checker):
    from pathlib import PurePosixPath

    from handoff.sources import FileKind, classify

    for name in ("prod.tfvars", "main.tf", "vault.hcl"):
        assert classify(PurePosixPath(name)) is FileKind.CONFIG
    text = (
        "# terraform apply -var-file=prod.tfvars\n"
        'region      = "europe-west4"\n'
        f'db_password = "{PASSWORD}" # set by hand\n'
        'vault_token = ""\n'
        'tags = { owner = "ml", api_key = "' + RANDOM + '" }\n'
        '/* old_password = "' + PASSWORD + '" */\n'
    )
    assert sec(checker({"infra/prod.tfvars": text})) == [
        ("infra/prod.tfvars", 3, "SEC001"),
        ("infra/prod.tfvars", 5, "SEC001"),
    ]


def test_terraform_variable_default_is_named_by_its_variable(checker):
    text = (
        'variable "db_password" {\n  type    = string\n  default = "' + PASSWORD + '"\n}\n'
        'variable "region" {\n  default = "europe-west4"\n}\n'
    )
    assert sec(checker({"variables.tf": text})) == [("variables.tf", 3, "SEC001")]


def test_hcl_values_with_their_key_paths():
    from handoff.config_values import config_value_lines

    text = (
        'provider "aws" {\n  region = "eu-west-1"\n  assume_role {\n    role_arn = "arn:x"\n'
        '  }\n}\nlist = [\n  "a", # one\n]\npolicy = <<EOF\n{"k": "v"}\nEOF\nafter = "z"\n'
    )
    found = [(v.key, v.value, v.line, v.column) for v in config_value_lines(text, "x.tf")]
    assert found == [
        (("provider", "aws", "region"), "eu-west-1", 2, 13),
        (("provider", "aws", "assume_role", "role_arn"), "arn:x", 4, 17),
        (("list",), "a", 8, 4),
        (("policy",), '{"k": "v"}', 11, 1),
        (("after",), "z", 13, 10),
    ]


def test_kubernetes_secret_data_is_judged_decoded(checker):
    import base64

    def b64(text: str) -> str:
        return base64.b64encode(text.encode()).decode()

    text = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n"
        f"  username: {b64('qdrant')}\n"
        f"  password: {b64('Qd!ra9nt-Vx28pLm')}\n"
        f"  hf-token: {b64(HF)}\n"
        "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n"
        f"  password: {b64('Qd!ra9nt-Vx28pLm')}\n"
    )
    result = checker({"k8s/secret.yaml": text})
    assert sec(result) == [("k8s/secret.yaml", 8, "SEC001"), ("k8s/secret.yaml", 9, "SEC002")]
    assert "Secret `data`" in result.findings[1].message
    assert all(b64("Qd!ra9nt-Vx28pLm") not in f.source_line for f in result.findings)


def test_sec001_notebook_env_echo_and_printed_header(checker):
    nb = notebook(
        (f"%env COHERE_API_KEY={RANDOM}", [f"env: COHERE_API_KEY={RANDOM}\n"]),
        ("print(headers)", [f"{{'Authorization': 'Bearer {RANDOM}'}}\n"]),
        ("print(env)", ["PATH=/usr/local/bin:/usr/bin MAX_TOKENS=4096\n"]),
    )
    result = checker({"nb.ipynb": nb})
    found = sorted((f.cell, f.line, f.rule) for f in result.findings)
    assert found == [(1, 1, "SEC001"), (1, 1, "SEC001"), (2, 1, "SEC001")]
    outputs = [f for f in result.findings if "notebook output" in f.message]
    assert len(outputs) == 2 and all(RANDOM not in f.source_line for f in result.findings)
    assert any(f.source_line.startswith("env: COHERE_API_KEY=") for f in outputs)
