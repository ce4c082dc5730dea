"""Seeded hostile inputs: the repository's own manifests, Terraform stacks and settings, mutated.

Each input starts from a real file (so most of it gets past the first parser) and gets one mutation: a
structural one (a value of the parsed data replaced by a hostile value: NaN, 10**30, a 100,000-character
string, a list 300 deep, ``../../etc``...) or a textual one (bytes flipped, a span cut or doubled, a hostile
snippet inserted: tags, merge keys, complex keys, aliases, control bytes, invalid UTF-8, 5,000 digits,
deep brackets). Now and then an input is made large (a document repeated, a megabyte scalar) so that time
and memory can be compared with the input's size.
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

Kind = Literal["manifest", "terraform", "settings"]
KINDS: tuple[Kind, ...] = ("manifest", "terraform", "settings")

#: Text put into a file at a random line.
SNIPPETS: tuple[bytes, ...] = (
    b"name: !foo bar\n",
    b"x: !!python/object/apply:os.system ['true']\n",
    b"x: *undefined\n",
    b"<<: {a: 1}\n",
    b"? [a, b]\n: 1\n",
    b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    b"e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    b"bel: a\x07b\n",
    b"nul: a\x00b\n",
    b"\xef\xbb\xbf",
    b"\t",
    b"\xff\xfe",
    b"\xed\xa0\x80",  # a UTF-8-encoded surrogate
    b"deep: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    b"deepmap: " + b"{a: " * 3000 + b"1" + b"}" * 3000 + b"\n",
    b"big: " + b"9" * 5000 + b"\n",
    b"kind: " + b"A" * 300 + b"\n",
    b"apiVersion: ../../../etc/v1\n",
    b"---\n",
    b"%YAML 1.1\n---\n",
    b"{",
    b": :\n",
    b"replicas: 99999999999999999999\n",
    b"f: .nan\n",
    b"long: " + b"x" * 200_000 + b"\n",
)
JSON_SNIPPETS: tuple[bytes, ...] = (
    b'"resource": [1, 2],',
    b'"aws_s3_bucket": 7,',
    b"[" * 100_000 + b"]" * 100_000,
    b"9" * 4301,
    b'"\\ud800"',
    b'"\\x"',
    b"NaN",
    b"1e999999",
    b'"provider": {"aws": 5},',
    b'"data": [],',
)
#: Values put in place of a value of the parsed data.
VALUES: tuple[Any, ...] = (
    float("nan"),
    float("inf"),
    10**30,
    -1,
    0,
    "",
    "x" * 100_000,
    "\u0661.\u0664.\u0662",
    "../../etc/passwd",
    None,
    [],
    {},
    True,
    "0",
    "a b c d e",
    "Mars/Olympus_Mons",
    "${var.x}",
    "a\x07b",
    1.5,
    "A" * 300,
    "Deny",
    [0] * 5000,
    {"a": {"b": {"c": "d"}}},
)


@dataclass(frozen=True)
class FuzzInput:
    """One input: what it is, the file it replaces (a settings file: relative to ``settings/``), its bytes
    and how it was made."""

    kind: Kind
    name: str
    data: bytes
    how: str


class Generator:
    """``next()`` is the next input of a seeded sequence over the given repository's files."""

    def __init__(self, seed: int, repo: Path) -> None:
        self.rng = random.Random(seed)
        manifests = sorted((repo / "dist" / "k8s").rglob("*.yaml"))
        self.manifests = [p.read_bytes() for p in random.Random(seed).sample(manifests, min(60, len(manifests)))]
        stacks = sorted((repo / "dist" / "terraform").rglob("cdk.tf.json"), key=lambda p: p.stat().st_size)
        self.stacks = [p.read_bytes() for p in stacks[:3]]
        root = repo / "settings"
        self.settings = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}
        self.count = 0

    def next(self) -> FuzzInput:
        self.count += 1
        kind = KINDS[self.count % len(KINDS)]
        if kind == "manifest":
            name, base = "fuzz.yaml", self.rng.choice(self.manifests)
        elif kind == "terraform":
            name, base = "cdk.tf.json", self.rng.choice(self.stacks)
        else:
            name = self.rng.choice(sorted(self.settings))
            base = self.settings[name]
        data, how = self.mutate(kind, base)
        return FuzzInput(kind, name, data, how)

    def mutate(self, kind: Kind, base: bytes) -> tuple[bytes, str]:
        roll = self.rng.random()
        if roll < 0.03:
            return self.large(kind, base)
        if roll < 0.45:
            mutated = self.structural(kind, base)
            if mutated is not None:
                return mutated, "structure"
        return self.textual(kind, base), "text"

    def large(self, kind: Kind, base: bytes) -> tuple[bytes, str]:
        """A big input: a document repeated (YAML) or a megabyte string value."""
        if kind == "manifest" and self.rng.random() < 0.5:
            return (base.rstrip(b"\n") + b"\n---\n") * 400, "large: 400 documents"
        size = self.rng.choice((256 * 1024, 1024 * 1024, 4 * 1024 * 1024))
        if kind == "terraform":
            return b'{"resource": {"aws_s3_bucket": {"b": {"bucket": "' + b"x" * size + b'"}}}}', f"large: {size}"
        return base + b"\nbig: " + b"y" * size + b"\n", f"large: {size}"

    def structural(self, kind: Kind, base: bytes) -> bytes | None:
        try:
            data = json.loads(base) if kind == "terraform" else yaml.safe_load(base)
        except (ValueError, yaml.YAMLError):
            return None
        if not isinstance(data, dict | list):
            return None
        for _ in range(self.rng.randint(1, 3)):
            data = self.replace(data)
        try:
            if kind == "terraform":
                return json.dumps(data, indent=2).encode()
            return yaml.safe_dump(data, allow_unicode=True, width=1_000_000).encode("utf-8", "surrogatepass")
        except (ValueError, yaml.YAMLError, RecursionError):
            return None

    def replace(self, data: Any) -> Any:
        """``data`` with one value (at a random path) replaced, or a key renamed."""
        value = self.hostile()
        if not isinstance(data, dict | list) or not data or self.rng.random() < 0.2:
            return value
        key: Any = self.rng.choice(list(data)) if isinstance(data, dict) else self.rng.randrange(len(data))
        child = data[key]
        if isinstance(data, dict) and self.rng.random() < 0.1:
            data[self.rng.choice(("A" * 300, "", "<<", "x\x07", "k" * 70))] = data.pop(key)
        else:
            data[key] = self.replace(child) if isinstance(child, dict | list) and self.rng.random() < 0.8 else value
        return data

    def hostile(self) -> Any:
        value = copy.deepcopy(self.rng.choice(VALUES))  # never shared: no input holds itself by accident
        if self.rng.random() < 0.05:  # a list 300 deep
            deep: Any = "x"
            for _ in range(300):
                deep = [deep]
            return deep
        return value

    def textual(self, kind: Kind, base: bytes) -> bytes:
        data = bytearray(base)
        action = self.rng.randrange(5)
        at = self.rng.randrange(len(data) + 1)
        if action == 0:  # flip a few bytes
            for _ in range(self.rng.randint(1, 8)):
                if data:
                    data[self.rng.randrange(len(data))] = self.rng.randrange(256)
        elif action == 1:  # cut a span
            del data[at : at + self.rng.randint(1, 200)]
        elif action == 2:  # double a span
            data[at:at] = data[at : at + self.rng.randint(1, 400)]
        elif action == 3:  # truncate
            del data[at:]
        else:  # insert a snippet at a line start
            line = data.rfind(b"\n", 0, at) + 1
            snippets = JSON_SNIPPETS if kind == "terraform" and self.rng.random() < 0.7 else SNIPPETS
            data[line:line] = self.rng.choice(snippets)
        return bytes(data)
