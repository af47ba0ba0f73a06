"""A deterministic corpus of hostile files for the ingest: broken, tricky and malicious inputs.

`generate(folder, count, seed)` writes `count` files (the same bytes for the same seed) and
returns what each one is. Kinds: truncated and bit-flipped PDFs, PDFs with recursive object
streams, reference loops and huge or cyclic page trees, encrypted PDFs, DOCX zip bombs and
DOCX with external or expanding entities (XXE, "billion laughs"), HTML with deep nesting and
~50 MB of text, wrong extensions, empty and binary files, invalid UTF-8, extremely long lines,
plus valid files of every type as controls (they must ingest).

The XXE files point at `<folder>/../xxe-canary.txt`; its text must never reach the store.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Expect = Literal["ingest", "reject", "either"]
XXE_CANARY = "XXE-CANARY-5b1f0e9c-must-never-be-indexed"
SENTENCE = (
    "Klager fra elever og foresatte registreres i klageloggen samme dag, og rektor gir "
    "skriftlig svar innen tre uker. "
)


@dataclass(frozen=True)
class HostileFile:
    path: Path
    kind: str
    expect: Expect


# -- PDF building blocks (hand-written, so the bytes are deterministic) ---------------------


def _pdf(objects: list[bytes], *, trailer_extra: bytes = b"", root: int = 1) -> bytes:
    """A PDF with a classic xref table; objects are numbered from 1 in list order."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, root, trailer_extra, xref)
    )
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page_content(text: str) -> bytes:
    lines = [text[i : i + 80] for i in range(0, len(text), 80)]
    ops = [b"BT /F1 11 Tf 50 780 Td 14 TL"]
    for line in lines[:50]:
        safe = line.replace("\\", "").replace("(", "").replace(")", "")
        ops.append(b"(" + safe.encode("latin-1", "replace") + b") '")
    ops.append(b"ET")
    return b"\n".join(ops)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def valid_pdf(pages: int = 3) -> bytes:
    """A small real PDF: a heading and paragraphs per page (object 1 catalog, 2 pages, 3 font)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT]
    kids = []
    for page in range(pages):
        text = f"{page + 1} Klagebehandling. " + SENTENCE * 4
        content_number = len(objects) + 2
        kids.append(b"%d 0 R" % (len(objects) + 1))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_number
        )
        objects.append(_stream(_page_content(text)))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return _pdf(objects)


def _one_page(extra_objects: list[bytes], pages_dict: bytes) -> list[bytes]:
    """Catalog (1), a pages node given by the caller (2), font (3), page (4), content (5)."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        pages_dict,
        _FONT,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        _stream(_page_content(SENTENCE)),
        *extra_objects,
    ]


def pdf_kids_cycle(rng: random.Random) -> bytes:
    """A page tree whose Kids contain the tree itself (an endless walk for a naive reader)."""
    return _pdf(_one_page([], b"<< /Type /Pages /Kids [4 0 R 2 0 R] /Count 2 >>"))


def pdf_huge_count(rng: random.Random) -> bytes:
    """One real page, a page tree claiming a billion pages."""
    count = rng.choice([10**9, 2**31 - 1, 10**18])
    return _pdf(_one_page([], b"<< /Type /Pages /Kids [4 0 R] /Count %d >>" % count))


def pdf_wide_tree(rng: random.Random) -> bytes:
    """A page tree listing the same page tens of thousands of times."""
    repeats = rng.choice([20_000, 50_000, 100_000])
    kids = b" ".join([b"4 0 R"] * repeats)
    return _pdf(_one_page([], b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, repeats)))


def pdf_deep_tree(rng: random.Random) -> bytes:
    """Pages nodes nested thousands deep before the first page."""
    depth = rng.choice([2_000, 20_000, 100_000])
    first = 6  # object numbers 6.. are the nested nodes; the last one holds the page
    nodes = []
    for level in range(depth):
        number = first + level
        kid = b"4 0 R" if level == depth - 1 else b"%d 0 R" % (number + 1)
        parent = b"2 0 R" if level == 0 else b"%d 0 R" % (number - 1)
        nodes.append(b"<< /Type /Pages /Parent %s /Kids [%s] /Count 1 >>" % (parent, kid))
    return _pdf(_one_page(nodes, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % first))


def pdf_reference_loop(rng: random.Random) -> bytes:
    """The page's contents are a reference to a reference to ... itself."""
    objects = _one_page([b"7 0 R", b"6 0 R"], b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>")
    objects[3] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 6 0 R >>"
    )
    return _pdf(objects)


def pdf_recursive_object_stream(rng: random.Random) -> bytes:
    """An object stream that /Extends itself and holds an object naming its own stream."""
    inner = b"8 0 R"
    header = b"9 0 "
    body = header + inner
    objstm = _stream(body, b"/Type /ObjStm /N 1 /First %d /Extends 6 0 R " % len(header))
    objects = _one_page([objstm, b"6 0 R", b"<< /Ref 6 0 R /Self 8 0 R >>"],
                        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>")  # fmt: skip
    pdf = _pdf(objects)
    # Also an xref *stream* whose entry for object 6 says "compressed, inside object stream 6".
    entries = b"".join(
        bytes([2]) + (6).to_bytes(4, "big") + (0).to_bytes(2, "big") for _ in range(3)
    )
    xref_stream = _stream(entries, b"/Type /XRef /Size 9 /Index [6 3] /W [1 4 2] ")
    start = len(pdf)
    return pdf + b"10 0 obj\n" + xref_stream + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % start


def pdf_encrypted(rng: random.Random) -> bytes:
    """A PDF whose trailer says it is encrypted with a password we do not know."""
    version = rng.choice([(1, 2, 40), (2, 3, 128), (4, 4, 128)])
    o_value = rng.randbytes(32).hex().encode()
    u_value = rng.randbytes(32).hex().encode()
    encrypt = b"<< /Filter /Standard /V %d /R %d /Length %d /P -3904 /O <%s> /U <%s> >>" % (
        version[0],
        version[1],
        version[2],
        o_value,
        u_value,
    )
    objects = _one_page([encrypt], b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>")
    file_id = rng.randbytes(16).hex().encode()
    return _pdf(objects, trailer_extra=b"/Encrypt 6 0 R /ID [<%s> <%s>] " % (file_id, file_id))


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, max(2, len(data) - 1))]


def bitflip(data: bytes, rng: random.Random) -> bytes:
    flipped = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        position = rng.randrange(len(flipped))
        flipped[position] ^= 1 << rng.randrange(8)
    return bytes(flipped)


# -- DOCX ------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)
_W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document_xml(body: bytes, doctype: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + doctype
        + b"<w:document "
        + _W_NS
        + b"><w:body>"
        + body
        + b"</w:body></w:document>"
    )


def _paragraph(text: bytes) -> bytes:
    return b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data)
    return out.getvalue()


def valid_docx(paragraphs: int = 6) -> bytes:
    body = b"".join(_paragraph(SENTENCE.encode()) for _ in range(paragraphs))
    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _RELS,
            "word/document.xml": _document_xml(body),
        }
    )


def docx_zip_bomb(unpacked_mb: int) -> bytes:
    """A .docx whose document.xml inflates to `unpacked_mb` MB of one repeated run."""
    out = io.BytesIO()
    block = b"<w:p><w:r><w:t>" + b"A" * (1 << 20) + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, data in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS)):
            package.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
        info = zipfile.ZipInfo("word/document.xml", date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with package.open(info, "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document ' + _W_NS + b"><w:body>")
            for _ in range(unpacked_mb):
                member.write(block)
            member.write(b"</w:body></w:document>")
    return out.getvalue()


def docx_external_entity(target: str) -> bytes:
    """XXE: a document whose text is an external entity pointing at a local file or a URL."""
    doctype = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "' + target.encode() + b'">]>'
    body = _paragraph(b"Intro &xxe; outro") + _paragraph(SENTENCE.encode())
    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _RELS,
            "word/document.xml": _document_xml(body, doctype),
        }
    )


def docx_billion_laughs(rng: random.Random) -> bytes:
    """Nested internal entities that expand to gigabytes if a parser resolves them."""
    levels = [b'<!ENTITY l0 "lol">'] + [
        b'<!ENTITY l%d "%s">' % (level, b"&l%d;" % (level - 1) * 10) for level in range(1, 10)
    ]
    doctype = b"<!DOCTYPE w:document [" + b"".join(levels) + b"]>"
    body = _paragraph(b"&l9;") + _paragraph(SENTENCE.encode())
    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _RELS,
            "word/document.xml": _document_xml(body, doctype),
        }
    )


def docx_missing_document(rng: random.Random) -> bytes:
    return _zip({"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _RELS})


def docx_garbage_xml(rng: random.Random) -> bytes:
    return _zip(
        {
            "[Content_Types].xml": _CONTENT_TYPES,
            "_rels/.rels": _RELS,
            "word/document.xml": b"<w:document " + _W_NS + b"><w:body><w:p>" + rng.randbytes(200),
        }
    )


def docx_encrypted(rng: random.Random) -> bytes:
    """What Word writes for a password-protected .docx: an OLE compound file."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(4096)


# -- HTML and text ---------------------------------------------------------------------------


def valid_html() -> bytes:
    paragraphs = "".join(f"<p>{SENTENCE * 2}</p>" for _ in range(4))
    return (
        "<!doctype html><html><head><title>Klagerutine</title></head><body><nav>Hjem | Om</nav>"
        f"<main><h1>Klagebehandling</h1>{paragraphs}</main><footer>© Skolen</footer></body></html>"
    ).encode()


def html_deep_nesting(rng: random.Random) -> bytes:
    depth = rng.choice([1_000, 10_000, 100_000, 500_000])
    tag = rng.choice(["div", "span", "b", "table"]).encode()
    opening, closing = b"<" + tag + b">", b"</" + tag + b">"
    return (
        b"<html><body>" + opening * depth + SENTENCE.encode() + closing * depth + b"</body></html>"
    )


def html_huge_text(megabytes: int) -> bytes:
    paragraph = f"<p>{SENTENCE * 8}</p>\n".encode()
    repeats = megabytes * (1 << 20) // len(paragraph)
    return b"<html><body><main><h1>Stor side</h1>" + paragraph * repeats + b"</main></body></html>"


def invalid_utf8(rng: random.Random) -> bytes:
    parts = []
    for _ in range(200):
        parts.append(SENTENCE.encode())
        parts.append(bytes(rng.choice([0x80, 0xC3, 0xE2, 0xF0, 0xFF, 0xFE]) for _ in range(3)))
    return b"".join(parts)


def long_line(rng: random.Random, megabytes: int) -> bytes:
    if rng.random() < 0.5:
        return b"x" * (megabytes << 20)  # one "word" with no spaces at all
    words = SENTENCE.encode().replace(b"\n", b" ")
    return words * ((megabytes << 20) // len(words))  # one sentence-filled line, no newline


_BINARY_MAGIC = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"\x7fELF", b"MZ\x90\x00", b"GIF89a"]


# -- the corpus ------------------------------------------------------------------------------

Maker = Callable[[random.Random], tuple[str, bytes]]


def _kinds(canary: Path, heavy: bool) -> list[tuple[str, Expect, int, Maker]]:
    """(kind, expectation, how many at most, maker(rng) -> (suffix, bytes))."""
    pdf, docx_bytes = valid_pdf(), valid_docx()
    many = 10**6
    kinds: list[tuple[str, Expect, int, Maker]] = [
        ("valid pdf", "ingest", many, lambda r: (".pdf", valid_pdf(r.randint(1, 4)))),
        ("valid docx", "ingest", many, lambda r: (".docx", valid_docx(r.randint(2, 10)))),
        ("valid html", "ingest", many, lambda r: (".html", valid_html())),
        ("valid markdown", "ingest", many, lambda r: (".md", b"# Klager\n\n" + SENTENCE.encode() * r.randint(1, 9))),
        ("truncated pdf", "either", many, lambda r: (".pdf", truncate(pdf, r))),
        ("bit-flipped pdf", "either", many, lambda r: (".pdf", bitflip(pdf, r))),
        ("pdf with kids cycle", "either", many, lambda r: (".pdf", pdf_kids_cycle(r))),
        ("pdf with huge page count", "either", many, lambda r: (".pdf", pdf_huge_count(r))),
        ("pdf with wide page tree", "either", 3, lambda r: (".pdf", pdf_wide_tree(r))),
        ("pdf with deep page tree", "either", many, lambda r: (".pdf", pdf_deep_tree(r))),
        ("pdf with reference loop", "either", many, lambda r: (".pdf", pdf_reference_loop(r))),
        ("pdf with recursive object stream", "either", many, lambda r: (".pdf", pdf_recursive_object_stream(r))),
        ("encrypted pdf", "reject", many, lambda r: (".pdf", pdf_encrypted(r))),
        ("truncated docx", "reject", many, lambda r: (".docx", truncate(docx_bytes, r))),
        ("bit-flipped docx", "either", many, lambda r: (".docx", bitflip(docx_bytes, r))),
        ("docx zip bomb", "reject", 6, lambda r: (".docx", docx_zip_bomb(r.choice([64, 300])))),
        ("docx with external entity", "either", many, lambda r: (".docx", docx_external_entity(r.choice([canary.resolve().as_uri(), "http://127.0.0.1:9/secret"])))),
        ("docx with billion laughs", "either", many, lambda r: (".docx", docx_billion_laughs(r))),
        ("docx without document", "reject", many, lambda r: (".docx", docx_missing_document(r))),
        ("docx with broken xml", "reject", many, lambda r: (".docx", docx_garbage_xml(r))),
        ("encrypted docx", "reject", many, lambda r: (".docx", docx_encrypted(r))),
        ("html deep nesting", "either", 8, lambda r: (".html", html_deep_nesting(r))),
        ("pdf named .docx", "reject", many, lambda r: (".docx", pdf)),
        ("docx named .pdf", "ingest", many, lambda r: (".pdf", docx_bytes)),
        ("image named .pdf", "reject", many, lambda r: (".pdf", r.choice(_BINARY_MAGIC) + r.randbytes(2000))),
        ("pdf named .txt", "ingest", many, lambda r: (".txt", pdf)),
        ("html named .md", "either", many, lambda r: (".md", valid_html())),
        ("unsupported extension", "reject", many, lambda r: (r.choice([".exe", ".pptx", ".zip", ".odt", ""]), r.randbytes(512))),
        ("empty file", "reject", many, lambda r: (r.choice([".pdf", ".docx", ".html", ".md", ".txt"]), b"")),
        ("whitespace only", "reject", many, lambda r: (r.choice([".md", ".txt", ".html"]), b" \n\t\n" * r.randint(1, 100))),
        ("binary data", "reject", many, lambda r: (r.choice([".txt", ".md", ".html"]), r.choice(_BINARY_MAGIC) + r.randbytes(4096))),
        ("random bytes", "reject", many, lambda r: (r.choice([".pdf", ".docx", ".txt"]), r.randbytes(r.randint(1, 20000)))),
        ("invalid utf-8", "either", many, lambda r: (r.choice([".txt", ".md", ".html"]), invalid_utf8(r))),
        ("extremely long line", "either", 4, lambda r: (r.choice([".txt", ".md"]), long_line(r, r.choice([1, 5, 20])))),
    ]  # fmt: skip
    if heavy:
        kinds += [
            ("html with ~50 MB of text", "either", 1, lambda r: (".html", html_huge_text(49))),
            ("html above the size limit", "reject", 1, lambda r: (".html", html_huge_text(51))),
            ("docx zip bomb (1 GB)", "reject", 1, lambda r: (".docx", docx_zip_bomb(1024))),
        ]
    return kinds


def generate(
    folder: Path, count: int = 320, seed: int = 21001, heavy: bool = True
) -> list[HostileFile]:
    """Write `count` hostile files into `folder` (deterministic for a seed).

    Kinds are taken in turn; each file gets its own random variation. `heavy=False` leaves
    out the ~50 MB and 1 GB files (for the quick CI run).
    """
    folder.mkdir(parents=True, exist_ok=True)
    canary = folder.parent / "xxe-canary.txt"
    canary.write_text(XXE_CANARY, encoding="utf-8")
    rng = random.Random(seed)
    kinds = _kinds(canary, heavy)
    made: dict[str, int] = {}
    files: list[HostileFile] = []
    cache: dict[tuple[str, int], bytes] = {}  # the bombs are slow to build: build each once
    position = 0
    while len(files) < count:
        kind, expect, limit, maker = kinds[position % len(kinds)]
        position += 1
        if made.get(kind, 0) >= limit:
            if all(made.get(k, 0) >= m for k, _, m, _ in kinds):
                break
            continue
        file_rng = random.Random(rng.getrandbits(64))
        if "zip bomb" in kind or "50 MB" in kind or "size limit" in kind:
            key = (kind, made.get(kind, 0) % 2)
            if key not in cache:
                cache[key] = maker(file_rng)[1]
            suffix, data = ".docx" if "docx" in kind else ".html", cache[key]
        else:
            suffix, data = maker(file_rng)
        made[kind] = made.get(kind, 0) + 1
        slug = kind.replace(" ", "-").replace("~", "").replace(".", "")
        path = folder / f"{len(files):04}-{slug}{suffix}"
        path.write_bytes(data)
        files.append(HostileFile(path, kind, expect))
    return files
