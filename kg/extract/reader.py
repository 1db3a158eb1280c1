"""Read article files (.txt, .md with front matter, saved .html pages) into body text and metadata."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..errors import KgError
from ..facts import DateFormatError, PartialDate, slug

__all__ = ["SUFFIXES", "Article", "ExtractError", "article_from_text", "read_article", "read_article_bytes", "slug"]

#: File suffixes kg extract reads, by format.
SUFFIXES: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


class ExtractError(KgError):
    """An article cannot be read or analysed: missing, empty, binary, or in an unsupported language."""


@dataclass(frozen=True)
class Article:
    """One article's body text (what evidence offsets point into) and what is known about it."""

    body: str
    id: str
    format: str = "text"
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: PartialDate | None = None
    language: str | None = None
    author: str | None = None
    path: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)


def read_article(path: Path, *, published: PartialDate | None = None, language: str | None = None) -> Article:
    """Read one article file, refusing empty, binary and unsupported files with a clear message."""
    path = Path(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if not path.exists():
        raise ExtractError(f"{path}: no such file")
    if path.is_dir():
        raise ExtractError(f"{path}: is a folder; give article files (.txt, .md or .html)")
    if kind is None:
        raise ExtractError(
            f"{path}: cannot read '{path.suffix or 'files without an extension'}' articles; "
            f"supported: {', '.join(sorted(SUFFIXES))}")
    data = path.read_bytes()
    text = _decode(data, path)
    return article_from_text(text, kind, stem=path.stem, path=str(path), published=published, language=language)


def article_from_text(
    text: str,
    kind: str = "text",
    *,
    stem: str = "article",
    path: str | None = None,
    published: PartialDate | None = None,
    language: str | None = None,
) -> Article:
    """Split front matter or HTML markup from the body so offsets refer to the text a reader sees."""
    where = path or stem
    meta: dict[str, object] = {}
    warnings: list[str] = []
    if kind == "markdown":
        meta, text = _front_matter(text, where, warnings)
    elif kind == "html":
        meta, text = _html_main_text(text)
    if not text.strip():
        raise ExtractError(f"{where}: the article has no text to read")
    source_id = slug(str(meta.get("id") or "")) or slug(stem) or "article"
    front_date = _date(meta.get("published") or meta.get("date"), where, warnings)
    url = _text(meta.get("url"))
    if url and not re.match(r"^https?://\S+$", url):
        warnings.append(f"{where}: ignoring url {url!r}: not a web address starting with https://")
        url = None
    lang = language or _text(meta.get("language") or meta.get("lang"))
    return Article(
        body=text,
        id=source_id,
        format=kind,
        title=_text(meta.get("title")),
        publisher=_text(meta.get("publisher") or meta.get("site") or meta.get("source")),
        url=url,
        published=front_date or published,
        language=lang.lower()[:2] if lang else None,
        author=_text(meta.get("author")),
        path=path,
        warnings=tuple(warnings),
    )


def read_article_bytes(data: bytes, *, name: str = "stdin", published: PartialDate | None = None,
                       language: str | None = None) -> Article:
    """Read an article piped in ('kg extract -'): front matter makes it Markdown, a leading tag HTML."""
    text = _decode(data, Path(name))
    start = text.lstrip()[:200].lower()
    html = start.startswith(("<!doctype html", "<html", "<article", "<body", "<head"))
    kind = "markdown" if text.startswith("---") else "html" if html else "text"
    return article_from_text(text, kind, stem=name, published=published, language=language)


def _decode(data: bytes, path: Path) -> str:
    if not data.strip():
        raise ExtractError(f"{path}: the file is empty; nothing to extract")
    head = data[:8192]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in head or controls > len(head) * 0.05:
        raise ExtractError(f"{path}: looks like a binary file, not text; give a .txt, .md or .html article saved as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractError(f"{path}: is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _front_matter(text: str, where: str, warnings: list[str]) -> tuple[dict[str, object], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        warnings.append(f"{where}: ignoring the front matter: it is not valid YAML ({exc.__class__.__name__})")
        meta = {}
    if not isinstance(meta, dict):
        warnings.append(f"{where}: ignoring the front matter: it is not a mapping of key: value")
        meta = {}
    return {str(k).lower(): v for k, v in meta.items()}, text[match.end():]


def _text(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).strip() or None


def _date(value: object, where: str, warnings: list[str]) -> PartialDate | None:
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return PartialDate(value.year, value.month, value.day)
    raw = str(value).strip()
    try:
        return PartialDate.parse(raw[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", raw) else raw)
    except DateFormatError:
        warnings.append(f"{where}: ignoring publication date {raw!r}; write it as YYYY-MM-DD")
        return None


# -- HTML ---------------------------------------------------------------------------------

_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
         "button", "iframe", "select", "figure", "menu"}
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
           "blockquote", "br", "tr", "table", "pre", "dd", "dt", "figcaption", "hr"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param", "track"}


class _MainText(HTMLParser):
    """Collect the visible text of an HTML page as paragraphs, and the metadata in its head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.skip = 0
        self.stack: list[str] = []
        self.zones: dict[str, list[list[str]]] = {"article": [], "main": [], "body": []}
        self.depth = {"article": 0, "main": 0}
        self.blocks: list[tuple[frozenset[str], list[str]]] = []
        self.current: list[str] = []
        self.title: list[str] = []
        self.in_title = False

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            zones = frozenset(z for z, d in self.depth.items() if d > 0)
            self.blocks.append((zones, [text]))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and values.get("lang"):
            self.meta.setdefault("language", values["lang"])
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            content = values.get("content", "").strip()
            names = {"og:title": "title", "og:url": "url", "og:site_name": "publisher", "author": "author",
                     "article:published_time": "published", "datepublished": "published", "date": "published",
                     "dc.date": "published", "og:locale": "language", "language": "language"}
            if key in names and content:
                self.meta.setdefault(names[key], content)
            return
        if tag == "link" and "canonical" in values.get("rel", "").lower() and values.get("href"):
            self.meta.setdefault("url", values["href"])
            return
        if tag == "title":
            self.in_title = True
        if tag in _VOID:
            if tag == "br":
                self._flush()
            return
        self.stack.append(tag)
        if tag in _SKIP:
            self.skip += 1
        if tag in self.depth:
            self._flush()
            self.depth[tag] += 1
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in _SKIP:
                self.skip -= 1
            if top in _BLOCKS:
                self._flush()
            if top in self.depth:
                self.depth[top] -= 1
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skip:
            return
        self.current.append(data)

    def main_text(self) -> str:
        self._flush()
        for zone in ("article", "main"):
            chosen = [b[1][0] for b in self.blocks if zone in b[0]]
            if chosen:
                return "\n".join(chosen)
        return "\n".join(b[1][0] for b in self.blocks)


def _html_main_text(text: str) -> tuple[dict[str, object], str]:
    parser = _MainText()
    parser.feed(text)
    parser.close()
    body = parser.main_text()
    meta: dict[str, object] = dict(parser.meta)
    title = " ".join("".join(parser.title).split())
    if title:
        meta.setdefault("title", title)
    return meta, body
