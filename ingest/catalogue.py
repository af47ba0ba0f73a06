"""The standards catalogue (corpus/*.yaml): schema, loader, lookups and validation.

A catalogue file holds one standard or framework as a tree of nodes, each written in our five
languages in our own words (clause numbers and titles are facts; the standards' text is not
reproduced). The glossary maps concepts across the languages.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ingest.references import find_references

LANGUAGES = ("en", "nb", "nl", "vi", "sv")
Language = Literal["en", "nb", "nl", "vi", "sv"]
Relationship = Literal["equal", "subset", "superset", "intersect"]
ID_PATTERN = re.compile(r"^(?:ISO(?:21001|9001)|SE|NL|NO|VN):[A-Za-z0-9:.\-]+$")
GLOSSARY_FILE = "glossary.yaml"
# libyaml's loader is ~10× faster on the 2 MB catalogue; the pure-Python one is the fallback.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(raw: bytes):
    return yaml.load(raw, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader


class Text(BaseModel):
    """One piece of text in all five languages; none may be empty."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    en: str
    nb: str
    nl: str
    vi: str
    sv: str

    @field_validator("en", "nb", "nl", "vi", "sv")
    @classmethod
    def _not_empty(cls, value: str) -> str:
        value = " ".join(str(value).split())
        if not value:
            raise ValueError("text must not be empty")
        return value

    def get(self, language: str) -> str:
        return getattr(self, language if language in LANGUAGES else "en")


class Related(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    relationship: Relationship
    note: Text


class Node(BaseModel):
    """A clause, section, standard or article: what it asks, how an auditor checks it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    parent: str | None
    level: int = Field(ge=1, le=4)
    assessable: bool
    certainty: Literal["verified", "unverified"]
    title: Text
    summary: Text
    requirements: list[Text]
    evidence: list[Text]
    related: list[Related]

    @field_validator("id")
    @classmethod
    def _id_scheme(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"id {value!r} does not follow the reference scheme")
        return value

    @property
    def framework(self) -> str:
        """ISO21001, ISO9001, or the country prefix with the document (e.g. SE:Skollagen)."""
        parts = self.id.split(":")
        return parts[0] if parts[0].startswith("ISO") else ":".join(parts[:2])


class FrameworkInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    collection: Literal["standards", "frameworks"]
    name: Text
    edition: str | None = None


class CatalogueFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    framework: FrameworkInfo
    nodes: list[Node]


class GlossaryConcept(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    clauses: list[str] = []
    terms: dict[Language, list[str]]

    @field_validator("terms")
    @classmethod
    def _all_languages(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        missing = [lang for lang in LANGUAGES if not value.get(lang)]
        if missing:
            raise ValueError(f"terms missing for {', '.join(missing)}")
        return value


class Glossary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    concepts: list[GlossaryConcept]


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    content_hash: str
    data: CatalogueFile


def corpus_dir() -> Path:
    """The shipped corpus/ folder (package data)."""
    return Path(str(resources.files("corpus")))


class Catalogue:
    """All catalogue files and the glossary, indexed for lookup."""

    def __init__(self, files: list[LoadedFile], glossary: Glossary | None = None) -> None:
        self.files = files
        self.glossary = glossary or Glossary(concepts=[])
        self.nodes: dict[str, Node] = {}
        self.collection_of: dict[str, str] = {}
        self.duplicates: list[str] = []
        for loaded in files:
            for node in loaded.data.nodes:
                if node.id in self.nodes:
                    self.duplicates.append(node.id)
                self.nodes[node.id] = node
                self.collection_of[node.id] = loaded.data.framework.collection

    @classmethod
    def load(cls, folder: Path | None = None) -> Catalogue:
        folder = folder or corpus_dir()
        files = []
        for path in sorted(folder.glob("*.yaml")):
            if path.name == GLOSSARY_FILE:
                continue
            raw = path.read_bytes()
            data = CatalogueFile.model_validate(_read_yaml(raw))
            files.append(LoadedFile(path, hashlib.sha256(raw).hexdigest(), data))
        glossary_path = folder / GLOSSARY_FILE
        glossary = None
        if glossary_path.is_file():
            glossary = Glossary.model_validate(_read_yaml(glossary_path.read_bytes()))
        return cls(files, glossary)

    @cached_property
    def children(self) -> dict[str, list[str]]:
        tree: dict[str, list[str]] = {}
        for node in self.nodes.values():
            if node.parent:
                tree.setdefault(node.parent, []).append(node.id)
        return tree

    def problems(self) -> list[str]:
        """Dangling parents and related ids, duplicate ids, inconsistent levels."""
        found = [f"duplicate id {node_id}" for node_id in self.duplicates]
        for node in self.nodes.values():
            parent = self.nodes.get(node.parent) if node.parent else None
            if node.parent is not None and parent is None:
                found.append(f"{node.id}: parent {node.parent} does not exist")
            if parent is not None and parent.level >= node.level:
                found.append(f"{node.id}: level {node.level} not below its parent's")
            for relation in node.related:
                if relation.id not in self.nodes:
                    found.append(f"{node.id}: related id {relation.id} does not exist")
                if relation.id == node.id:
                    found.append(f"{node.id}: related to itself")
        for concept in self.glossary.concepts:
            for clause in concept.clauses:
                if clause not in self.nodes:
                    found.append(f"glossary {concept.id}: clause {clause} does not exist")
        return found

    def resolve(self, reference: str) -> Node | None:
        """The node named by an id or an everyday spelling ("21001 8.5.5", "4 kap. 3 §")."""
        text = reference.strip()
        if text in self.nodes:
            return self.nodes[text]
        folded = {node_id.casefold(): node_id for node_id in self.nodes}
        if text.casefold() in folded:
            return self.nodes[folded[text.casefold()]]
        for candidate in find_references(text):
            node = self.nearest_existing(candidate)
            if node is not None:
                return node
        return None

    def nearest_existing(self, reference: str) -> Node | None:
        """The node itself or, for a paragraph below the catalogue's depth (8.3.4.4), its
        catalogued ancestor; an unknown clause at a catalogued depth (8.5.9) is not guessed."""
        if reference in self.nodes:
            return self.nodes[reference]
        head, _, number = reference.rpartition(":")
        parts = number.split(".")
        while len(parts) > 3:
            parts.pop()
            candidate = f"{head}:{'.'.join(parts)}"
            if candidate in self.nodes:
                return self.nodes[candidate]
        return None

    def suggestions(self, reference: str, limit: int = 5) -> list[str]:
        """The existing ids that look most like an unknown reference."""
        guesses = find_references(reference) or [reference.strip()]
        ids = list(self.nodes)
        found: list[str] = []
        for guess in guesses:
            prefix = guess.rsplit(".", 1)[0] if "." in guess else guess.split(":")[0]
            siblings = [node_id for node_id in ids if node_id.startswith(prefix)]
            for match in difflib.get_close_matches(guess, siblings or ids, n=limit, cutoff=0.3):
                if match not in found:
                    found.append(match)
        return found[:limit]


def node_passage(node: Node, language: str) -> str:
    """The text a catalogue chunk holds: id, title, summary, requirements, evidence."""
    labels = {
        "en": ("Requirements", "Evidence"),
        "nb": ("Krav", "Dokumentasjon"),
        "nl": ("Eisen", "Bewijs"),
        "vi": ("Yêu cầu", "Bằng chứng"),
        "sv": ("Krav", "Underlag"),
    }[language]
    lines = [f"{node.id} {node.title.get(language)}", node.summary.get(language)]
    if node.requirements:
        lines.append(f"{labels[0]}: " + "; ".join(r.get(language) for r in node.requirements))
    if node.evidence:
        lines.append(f"{labels[1]}: " + "; ".join(e.get(language) for e in node.evidence))
    return "\n".join(lines)
