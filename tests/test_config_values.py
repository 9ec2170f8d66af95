"""config_values: every string value of a YAML/JSON/TOML/INI/.env file with its key path and
position; invalid files never raise and are read line by line."""

from __future__ import annotations

import pytest

from handoff.config_values import ConfigValue, config_format, config_value_lines, config_values


def _values(text: str, name: str) -> list[tuple]:
    return [tuple(v) for v in config_values(text, name)]


def _lines(text: str, name: str) -> list[tuple]:
    return [tuple(v) for v in config_value_lines(text, name)]


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("a.yaml", "yaml"),
        ("conf/b.YML", "yaml"),
        ("c.json", "json"),
        ("pyproject.toml", "toml"),
        ("Pipfile", "toml"),
        ("setup.cfg", "ini"),
        ("tox.ini", "ini"),
        ("app.conf", "ini"),
        (".env", "env"),
        (".env.local", "env"),
        ("prod.env", "env"),
        ("train.py", None),
        ("run.sh", None),
    ],
)
def test_format_by_name(name, fmt):
    assert config_format(name) == fmt


def test_yaml_values_keys_and_positions():
    text = (
        "# comment /home/x\n"
        "data:\n"
        "  root: /home/ana/data   # trailing\n"
        '  "quoted": "/mnt/x"\n'
        "  list:\n"
        "    - /scratch/a\n"
        "    - 3\n"
        "    - true\n"
        "tagged: !Ref /mnt/tag\n"
    )
    assert _values(text, "c.yaml") == [
        (("data", "root"), "/home/ana/data", 3, 9),
        (("data", "quoted"), "/mnt/x", 4, 14),
        (("data", "list", 0), "/scratch/a", 6, 7),
        (("tagged",), "/mnt/tag", 9, 14),
    ]
    first = next(config_values(text, "c.yaml"))
    assert isinstance(first, ConfigValue) and first.key == ("data", "root")


def test_yaml_multiline_values_come_line_by_line():
    text = "job:\n  command: |\n    cd /home/ana\n    python x.py\nnote: >-\n  a\n  b\n"
    assert _values(text, "c.yaml")[0] == (("job", "command"), "cd /home/ana\npython x.py\n", 2, 12)
    assert _lines(text, "c.yaml") == [
        (("job", "command"), "cd /home/ana", 3, 5),
        (("job", "command"), "python x.py", 4, 5),
        (("note",), "a", 6, 3),
        (("note",), "b", 7, 3),
    ]


def test_yaml_anchors_are_yielded_once_and_documents_all():
    text = "base: &b\n  p: /data/q\nother: *b\n---\nsecond: /mnt/z\n"
    assert _values(text, "c.yaml") == [
        (("base", "p"), "/data/q", 2, 6),
        (("second",), "/mnt/z", 5, 9),
    ]


def test_json_values_with_escapes():
    text = '{"a": {"b": "/home/x", "c": [1, "/mnt/y", null, false]},\n "d": "\\u002fdata/z"}'
    assert _values(text, "c.json") == [
        (("a", "b"), "/home/x", 1, 14),
        (("a", "c", 1), "/mnt/y", 1, 34),
        (("d",), "/data/z", 2, 8),
    ]


def test_toml_tables_inline_tables_arrays_and_multiline():
    text = (
        "[tool.x]\n"
        'a = "/home/x" # "not a value"\n'
        "b = ['/mnt/y', \"z\"]\n"
        "c = [\n"
        '  "/data/q",\n'
        "]\n"
        'dep = {path = "/home/lib", v = "1"}\n'
        'm = """\n'
        "line /mnt/m\n"
        '"""\n'
        "\"k.q\" = 'r'\n"
    )
    assert _lines(text, "pyproject.toml") == [
        (("tool", "x", "a"), "/home/x", 2, 6),
        (("tool", "x", "b"), "/mnt/y", 3, 7),
        (("tool", "x", "b"), "z", 3, 17),
        (("tool", "x", "c"), "/data/q", 5, 4),
        (("tool", "x", "dep", "path"), "/home/lib", 7, 16),
        (("tool", "x", "dep", "v"), "1", 7, 33),
        (("tool", "x", "m"), "line /mnt/m", 9, 1),
        (("tool", "x", "k.q"), "r", 11, 10),
    ]


def test_ini_sections_continuations_and_comments():
    text = (
        "; top comment\n"
        "[s]\n"
        "a = /home/x   ; inline\n"
        "b: 'q'\n"
        "c =\n"
        "   /mnt/y\n"
        "   z\n"
        "proxy_pass http://127.0.0.1:8000;\n"
    )
    assert _lines(text, "x.cfg") == [
        (("s", "a"), "/home/x", 3, 5),
        (("s", "b"), "q", 4, 5),
        (("s", "c"), "/mnt/y", 6, 4),
        (("s", "c"), "z", 7, 4),
        (("s",), "proxy_pass http://127.0.0.1:8000;", 8, 1),
    ]


def test_env_files():
    text = "export A=/home/x # c\nB='/mnt/y # kept'\n#C=1\nnot a pair\nD=\n"
    assert _values(text, ".env") == [(("A",), "/home/x", 1, 10), (("B",), "/mnt/y # kept", 2, 4)]


@pytest.mark.parametrize(
    "name,text,expected",
    [
        ("bad.yaml", "a: [1, 2\nroot: /home/ana/data\n", [(("root",), "/home/ana/data", 2, 7)]),
        ("tpl.yaml", "a: {% x %}\nb: '/mnt/y'\n", [(("b",), "/mnt/y", 2, 5)]),
        (
            "bad.json",
            '{\n  // comment\n  "root": "/home/x", "n": 3,\n}\n',
            [(("root",), "/home/x", 3, 12)],
        ),
        ("bad.toml", 'a = "/home/x"\n[[[broken\n', [(("a",), "/home/x", 1, 6)]),
    ],
)
def test_invalid_files_fall_back_to_lines(name, text, expected):
    values = _values(text, name)
    assert all(value in values for value in expected), values


@pytest.mark.parametrize("name", ["x.yaml", "x.json", "x.toml", "x.ini", ".env"])
@pytest.mark.parametrize(
    "text", ["", "\n", "[", "{", '"', "key: [", "\x00\x01", "a = '''\n", "- - - -", "{" * 2000]
)
def test_never_raises(name, text):
    list(config_values(text, name))
    list(config_value_lines(text, name))


def test_unknown_file_kinds_yield_nothing():
    assert _values("DATA=/home/x\n", "run.sh") == []


def test_every_value_of_every_yaml_document_is_read():
    """Found by a flaky snapshot: aliases were told apart by `id()` while the documents they
    came from were already freed, so a later document's node could reuse an id and be taken
    for an alias of an earlier one, and silently skipped."""
    text = "".join(
        f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm{i}\ndata:\n  URL: x{i}\n"
        for i in range(300)
    )
    values = list(config_value_lines(text, "manifests.yaml"))
    assert len(values) == 300 * 4
    assert [v.value for v in values if v.key == ("data", "URL")] == [f"x{i}" for i in range(300)]
