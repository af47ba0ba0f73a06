"""A deterministic corpus of school quality records in en/nb/nl/vi/sv for the benchmarks.

Policies, meeting minutes, survey summaries and procedures, written as Markdown from the
templates in `templates.py`. Document `i` depends only on (seed, i): a 200-document corpus is
the first 200 files of the 2,000-document one, byte for byte. Every twentieth non-English
document carries one English section, so the ingest also meets mixed-language files.

    python -m benchmarks.perf.corpus OUT_DIR [--documents 2000] [--seed 21001]
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.perf.templates import HEADINGS, KIND_LINES, KINDS, SENTENCES, TITLES, WORDS

LANGUAGES = ("en", "nb", "nl", "vi", "sv")
SECTIONS = 11  # each section becomes about one chunk (150–350 tokens)
SENTENCES_PER_SECTION = (8, 11)
MIXED_EVERY = 20
SITES = ("Nordvik", "Lindholm", "Bergsdal", "Eikelund", "Hoogland", "Waterkant", "Sông Hàn",
         "Hòa Bình", "Solberga", "Ekbacken", "Riverside", "Hillcrest")  # fmt: skip


@dataclass(frozen=True)
class GeneratedDocument:
    name: str
    language: str
    kind: str
    mixed: bool
    text: str


def _fill(template: str, language: str, rng: random.Random) -> str:
    words = WORDS[language]
    values = {slot: rng.choice(options) for slot, options in words.items()}
    values["number"] = str(rng.randint(2, 14))
    values["percent"] = str(rng.randint(35, 97))
    values.update(
        {key.capitalize(): value[:1].upper() + value[1:] for key, value in values.items()}
    )
    return template.format(**values)


def _section(language: str, kind: str, rng: random.Random) -> str:
    count = rng.randint(*SENTENCES_PER_SECTION)
    sentences = [_fill(rng.choice(SENTENCES[language]), language, rng) for _ in range(count)]
    if rng.random() < 0.4:
        sentences.insert(
            rng.randint(0, len(sentences)), _fill(KIND_LINES[language][kind], language, rng)
        )
    cut = rng.randint(3, len(sentences) - 3)  # two paragraphs
    return " ".join(sentences[:cut]) + "\n\n" + " ".join(sentences[cut:])


def generate_document(index: int, seed: int = 21001) -> GeneratedDocument:
    """Document number `index` of the corpus with this seed (the same for every corpus size)."""
    rng = random.Random(f"{seed}:{index}")
    language = LANGUAGES[index % len(LANGUAGES)]
    kind = KINDS[(index // len(LANGUAGES)) % len(KINDS)]
    mixed = language != "en" and index % MIXED_EVERY == MIXED_EVERY - 1
    topic = rng.choice(WORDS[language]["topic"])
    title = TITLES[language][kind].format(topic=topic)
    site = rng.choice(SITES)
    year = rng.randint(2019, 2025)
    lines = [
        f"# {title}",
        "",
        f"{site} · {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "",
    ]
    headings = rng.sample(range(len(HEADINGS[language])), SECTIONS)
    english_at = rng.randrange(SECTIONS) if mixed else -1
    for position, heading in enumerate(headings):
        section_language = "en" if position == english_at else language
        lines += [f"## {HEADINGS[section_language][heading]}", ""]
        lines += [_section(section_language, kind, rng), ""]
    name = f"{index:05d}-{language}-{kind}.md"
    return GeneratedDocument(name, language, kind, mixed, "\n".join(lines))


def generate_corpus(target: Path, documents: int = 2000, seed: int = 21001) -> list[Path]:
    """Write `documents` files into `target` (created); returns their paths in order."""
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(documents):
        document = generate_document(index, seed)
        path = target / document.name
        path.write_text(document.text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=21001)
    args = parser.parse_args()
    paths = generate_corpus(args.target, args.documents, args.seed)
    size = sum(path.stat().st_size for path in paths)
    print(json.dumps({"documents": len(paths), "bytes": size, "target": str(args.target)}))


if __name__ == "__main__":
    main()
