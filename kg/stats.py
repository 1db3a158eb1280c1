"""kg stats: counts, centralities, communities, blocs and growth of the cooperation graph, as a table or JSON."""

from __future__ import annotations

import json
import textwrap
from collections import Counter, defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import KgError
from .projections import (
    Snapshot,
    Tie,
    cooperation_graph,
    load_snapshot,
    resolve_focus,
    tie_state,
)
from .store import ONTOLOGY_GRAPH, open_store, select
from .vocab import ID, PREFIXES

__all__ = ["FORMATS", "StatsReport", "compute_stats", "format_stats"]

FORMATS = ("table", "json")
#: Louvain's seed: the same graph always gives the same communities.
LOUVAIN_SEED = 42
#: Betweenness is exact while actors × (actors + ties) stays under this budget (about 500
#: actors); above, it is estimated from a seeded sample of source actors sized to the budget.
BETWEENNESS_BUDGET = 1_000_000
BETWEENNESS_MIN_SAMPLE = 32
#: Rows a table shows per section; JSON always has every row.
TABLE_ROWS = 20
WIDTH = 80
_GRAPH_NS = str(ID) + "graph/"


class StatsFormatError(KgError):
    """An output format kg stats does not write."""


@dataclass
class ActorStats:
    """One actor's place in the cooperation graph."""

    id: str
    label: str
    kind: str
    blocs: list[str]
    degree: int
    weighted_degree: int
    betweenness: float
    eigenvector: float | None
    community: int


@dataclass
class Balance:
    """How many blocs one state has defence ties with, and through which partners."""

    id: str
    label: str
    own_blocs: list[str]
    balance: int
    blocs: dict[str, list[str]]


@dataclass
class Partner:
    """A partner of the focus actor: what binds them, on which domains, and when."""

    id: str
    label: str
    relations: list[str]
    kinds: list[str]
    domains: list[str]
    first: str | None
    last: str | None
    weight: int
    ties: list[str]


@dataclass
class YearRow:
    """The graph at the end of one year in which a tie started or ended."""

    year: int
    new_agreements: int
    new_ties: int
    ended_ties: int
    actors: int
    ties: int
    partners: int | None = None
    gained: list[str] | None = None
    lost: list[str] | None = None


@dataclass
class StatsReport:
    """Everything kg stats reports; to_dict() is the documented JSON shape (docs/stats-and-views.md)."""

    as_of: str | None
    deployments: bool
    note: str | None
    left_out: dict[str, int]
    undated: list[str]
    classes: dict[str, int]
    sources: list[dict[str, Any]]
    agreements_per_year: list[dict[str, Any]]
    graph: dict[str, Any]
    actors: list[ActorStats]
    balance: list[Balance]
    focus: dict[str, Any] | None = None
    timeline: list[YearRow] | None = None
    timeline_no_start: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for json.dumps, keys in a fixed order."""
        out = {
            "as_of": self.as_of,
            "deployments": self.deployments,
            "note": self.note,
            "left_out": self.left_out,
            "undated": self.undated,
            "counts": {"by_class": self.classes, "by_source": self.sources},
            "agreements_per_year": self.agreements_per_year,
            "graph": self.graph,
            "actors": [asdict(a) for a in self.actors],
            "balance": [asdict(b) for b in self.balance],
            "focus": self.focus,
            "timeline": None if self.timeline is None else {
                "years": [asdict(r) for r in self.timeline], "no_start": self.timeline_no_start},
        }
        return out


def _round(value: float) -> float:
    rounded = round(float(value), 6)
    return 0.0 if rounded == 0 else rounded


def _select(store: ox.Store, text: str) -> list[ox.QuerySolution]:
    return list(select(store, text))


def _prefixed(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def class_counts(store: ox.Store) -> dict[str, int]:
    """Count distinct instances of each class in the data graphs (not the ontology)."""
    rows = _select(store, f"""
        SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          GRAPH ?g {{ ?s a ?class }} FILTER(?g != <{ONTOLOGY_GRAPH.value}>)
        }} GROUP BY ?class""")
    return dict(sorted((_prefixed(r["class"].value), int(r["n"].value)) for r in rows))


def source_counts(store: ox.Store, snapshot: Snapshot) -> list[dict[str, Any]]:
    """Per source document: facts recorded from it (evidence records) and triples in its graph."""
    triples = {r["g"].value: int(r["n"].value) for r in _select(store, """
        SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g""")}
    facts = {r["g"].value: int(r["n"].value) for r in _select(store, """
        SELECT ?g (COUNT(DISTINCT ?ev) AS ?n) WHERE { GRAPH ?g { ?ev a dcoop:Evidence } } GROUP BY ?g""")}
    out = []
    for source_id, info in snapshot.sources.items():
        graph = _GRAPH_NS + source_id
        out.append({"source": source_id, "publisher": info.publisher, "issued": info.issued,
                    "facts": facts.get(graph, 0), "triples": triples.get(graph, 0)})
    return out


def agreements_per_year(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Count agreements by the year they started; those with no start come last with year null."""
    years = Counter(t.year for t in snapshot.ties if t.relation == "agreement")
    dated = sorted((y, n) for y, n in years.items() if y is not None)
    rows: list[dict[str, Any]] = [{"year": y, "agreements": n} for y, n in dated]
    if years.get(None):
        rows.append({"year": None, "agreements": years[None]})
    return rows


def _communities(graph: Any) -> list[list[str]]:
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=LOUVAIN_SEED)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def _betweenness(graph: Any) -> tuple[dict[str, float], int | None]:
    """Betweenness over hops (ties unweighted): exact on small graphs, sampled with a fixed seed on large ones."""
    import networkx as nx

    n, m = graph.number_of_nodes(), graph.number_of_edges()
    if n * (n + m) <= BETWEENNESS_BUDGET:
        return nx.betweenness_centrality(graph, normalized=True), None
    k = min(n, max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_BUDGET // (n + m)))
    return nx.betweenness_centrality(graph, k=k, normalized=True, seed=LOUVAIN_SEED), k


def _eigenvector(graph: Any, max_iter: int = 1000, tol: float = 1e-6) -> dict[str, float] | None:
    """Weighted eigenvector centrality by networkx's power iteration on (A + I), vectorised with numpy."""
    import numpy as np

    nodes = list(graph.nodes)
    n = len(nodes)
    if graph.number_of_edges() == 0:
        return {v: 0.0 for v in nodes}
    index = {v: i for i, v in enumerate(nodes)}
    src = np.array([index[a] for a, _ in graph.edges], dtype=int)
    dst = np.array([index[b] for _, b in graph.edges], dtype=int)
    weight = np.array([float(d.get("weight", 1)) for _, _, d in graph.edges(data=True)])
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + np.bincount(dst, last[src] * weight, minlength=n) + np.bincount(src, last[dst] * weight, minlength=n)
        x = x / (np.linalg.norm(x) or 1.0)
        if np.abs(x - last).sum() < n * tol:
            return {v: float(x[i]) for v, i in index.items()}
    return None


def graph_figures(graph: Any) -> tuple[dict[str, Any], list[ActorStats]]:
    """Measure the cooperation graph as a whole and per actor."""
    import networkx as nx

    communities = _communities(graph)
    member_of = {node: i for i, c in enumerate(communities) for node in c}
    betweenness, sampled = _betweenness(graph)
    eigen = _eigenvector(graph)
    actors = []
    for node in graph.nodes:
        data = graph.nodes[node]
        actors.append(ActorStats(
            id=node, label=data["label"], kind=data["kind"], blocs=list(data["blocs"]),
            degree=graph.degree(node), weighted_degree=int(graph.degree(node, weight="weight")),
            betweenness=_round(betweenness.get(node, 0.0)),
            eigenvector=None if eigen is None else _round(eigen.get(node, 0.0)),
            community=member_of.get(node, -1),
        ))
    actors.sort(key=lambda a: (-a.weighted_degree, -a.degree, a.id))
    n = graph.number_of_nodes()
    figures = {
        "actors": n,
        "ties": graph.number_of_edges(),
        "density": _round(nx.density(graph)) if n > 1 else 0.0,
        "components": nx.number_connected_components(graph) if n else 0,
        "communities": communities,
        "bridges": sorted(tuple(sorted(e)) for e in nx.bridges(graph)) if n else [],
        "articulation_points": sorted(nx.articulation_points(graph)) if n else [],
        "betweenness_sample": sampled,
        "eigenvector_converged": eigen is not None,
    }
    figures["bridges"] = [list(b) for b in figures["bridges"]]
    return figures, actors


def balance_figures(snapshot: Snapshot) -> list[Balance]:
    """For each state, the blocs of the partners it has defence ties with (agreements, memberships and deployments)."""
    partners: dict[str, set[str]] = defaultdict(set)
    for tie in snapshot.ties:
        for a, b in tie.pairs():
            partners[a].add(b)
            partners[b].add(a)
    rows = []
    for actor_id in sorted(partners):
        actor = snapshot.actor(actor_id)
        if actor.kind != "state":
            continue
        by_bloc: dict[str, list[str]] = {}
        for bloc in snapshot.bloc_names:
            members = sorted(p for p in partners[actor_id] if bloc in snapshot.actor(p).blocs)
            if members:
                by_bloc[bloc] = members
        rows.append(Balance(actor_id, actor.name, list(actor.blocs), len(by_bloc), by_bloc))
    rows.sort(key=lambda r: (-r.balance, r.id))
    return rows


def focus_figures(graph: Any, snapshot: Snapshot, actor_id: str) -> dict[str, Any]:
    """The ego network of one actor: each partner with kinds, domains and dates."""
    actor = snapshot.actor(actor_id)
    partners = []
    if actor_id in graph:
        for other in sorted(graph.neighbors(actor_id)):
            edge = graph.edges[actor_id, other]
            partners.append(Partner(
                id=other, label=graph.nodes[other]["label"], relations=list(edge["relations"]),
                kinds=list(edge["kinds"]), domains=list(edge["domains"]), first=edge["first"],
                last=edge["last"], weight=edge["weight"], ties=list(edge["ties"]),
            ))
    note = None
    if not partners:
        note = f"{actor.name} ({actor_id}) has no tie" + (f" as of {snapshot.as_of}." if snapshot.as_of else " in this graph.")
    return {"id": actor_id, "label": actor.name, "kind": actor.kind, "blocs": list(actor.blocs),
            "partners": [asdict(p) for p in partners], "note": note}


def timeline_figures(snapshot: Snapshot, ties: list[Tie], focus: str | None) -> tuple[list[YearRow], int]:
    """The graph at the end of each year in which a tie started or ended; with a focus, its partners then."""
    dated = [(t, t.year, int(t.end[:4]) if t.end else None, list(t.pairs())) for t in ties if t.year is not None]
    no_start = len(ties) - len(dated)
    years = sorted({y for _, y, _, _ in dated} | {e for _, _, e, _ in dated if e is not None})
    if snapshot.as_of:
        years = [y for y in years if y <= int(snapshot.as_of[:4])]
    rows: list[YearRow] = []
    previous: set[str] = set()
    for year in years:
        end_of_year = f"{year:04d}-12-31"
        pairs = {p for t, _, _, tie_pairs in dated if tie_state(t, end_of_year) == "in-force" for p in tie_pairs}
        row = YearRow(
            year=year,
            new_agreements=sum(1 for t, start, _, _ in dated if start == year and t.relation == "agreement"),
            new_ties=sum(1 for _, start, _, _ in dated if start == year),
            ended_ties=sum(1 for _, _, end, _ in dated if end == year),
            actors=len({a for p in pairs for a in p}),
            ties=len(pairs),
        )
        if focus:
            now = {b if a == focus else a for a, b in pairs if focus in (a, b)}
            row.partners, row.gained, row.lost = len(now), sorted(now - previous), sorted(previous - now)
            previous = now
        rows.append(row)
    return rows, no_start


def compute_stats(store_path: Path, *, as_of: str | None = None, focus: str | None = None,
                  timeline: bool = False, deployments: bool = False, events: bool = False) -> StatsReport:
    """Read the store once and measure it, so one command answers 'what does the network look like'.

    events: weight state pairs by their GDELT reported events too (left out by default: curated ties only).
    """
    store = open_store(store_path)
    snapshot = load_snapshot(store, as_of, events=events)
    focus_id = resolve_focus(snapshot, focus) if focus else None
    graph = cooperation_graph(snapshot, deployments=deployments, events=events)
    figures, actors = graph_figures(graph)
    report = StatsReport(
        as_of=as_of,
        deployments=deployments,
        note=snapshot.note_for(deployments=deployments),
        left_out=snapshot.left_out,
        undated=[t.id for t in snapshot.shown(deployments=deployments) if t.undated],
        classes=class_counts(store),
        sources=source_counts(store, snapshot),
        agreements_per_year=agreements_per_year(snapshot),
        graph=figures,
        actors=actors,
        balance=balance_figures(snapshot),
    )
    if focus_id:
        report.focus = focus_figures(graph, snapshot, focus_id)
    if timeline:
        ties = snapshot.shown(deployments=deployments)
        report.timeline, report.timeline_no_start = timeline_figures(snapshot, ties, focus_id)
    return report


# -- formatting ----------------------------------------------------------------------------


def _cut(text: str | None, width: int) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(headers: list[str], rows: list[list[Any]], widths: list[int], right: AbstractSet[int] = frozenset()) -> list[str]:
    """Align columns; cut long cells with an ellipsis, except the last column, which wraps."""
    def line(cells: list[Any]) -> list[str]:
        parts = []
        last = "" if cells[-1] is None else str(cells[-1])
        wrapped = textwrap.wrap(last, widths[-1]) or [""]
        for i, (cell, w) in enumerate(zip(cells[:-1], widths[:-1], strict=True)):
            text = _cut("" if cell is None else str(cell), w)
            parts.append(text.rjust(w) if i in right else text.ljust(w))
        first = wrapped[0].rjust(widths[-1]) if len(cells) - 1 in right else wrapped[0]
        indent = " " * (sum(widths[:-1]) + len(widths) - 1)
        return ["  " + " ".join([*parts, first]).rstrip()] + [("  " + indent + more).rstrip() for more in wrapped[1:]]

    out = [*line(headers), "  " + " ".join("-" * w for w in widths)]
    for row in rows:
        out += line(row)
    return out


def _more(total: int, shown: int) -> list[str]:
    return [f"  … {total - shown} more (see --format json)"] if total > shown else []


def _wrap(text: str, indent: str = "  ", *, break_on_hyphens: bool = True) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ",
                         break_on_hyphens=break_on_hyphens)


def format_table(report: StatsReport) -> str:
    """Write the report for an 80-column terminal: the largest rows of each section first."""
    out: list[str] = []
    scope = f"as of {report.as_of}" if report.as_of else "all dates"
    out.append(f"Cooperation graph, {scope}" + (" (with deployments)" if report.deployments else ""))
    if report.note:
        out += _wrap("Note: " + report.note, "")
    out.append("")

    out.append("Counts by class")
    classes = sorted(report.classes.items(), key=lambda kv: (-kv[1], kv[0]))
    out += _table(["class", "count"], [[k, v] for k, v in classes[:TABLE_ROWS]], [40, 7], {1})
    out += _more(len(classes), TABLE_ROWS)
    out.append("")

    sources = sorted(report.sources, key=lambda s: (-s["facts"], s["source"]))
    out.append(f"Sources ({len(sources)})")
    out += _table(["source", "publisher", "date", "facts"],
                  [[s["source"], s["publisher"], s["issued"], s["facts"]] for s in sources[:TABLE_ROWS]],
                  [36, 22, 10, 5], {3})
    out += _more(len(sources), TABLE_ROWS)
    out.append("")

    out.append("Agreements per year")
    years = report.agreements_per_year
    if not years:
        out.append("  (none)")
    top = max((r["agreements"] for r in years), default=1)
    for r in years:
        label = "no date" if r["year"] is None else str(r["year"])
        bar = "#" * max(1, round(r["agreements"] * 50 / top))
        out.append(f"  {label:>7} {r['agreements']:>5}  {bar}")
    out.append("")

    g = report.graph
    out.append(f"Cooperation graph: {g['actors']} actors, {g['ties']} ties, {g['components']} components, "
               f"density {g['density']:.3f}")
    rows = [[a.id, a.label, a.degree, a.weighted_degree, f"{a.betweenness:.3f}",
             "-" if a.eigenvector is None else f"{a.eigenvector:.3f}", a.community, ",".join(a.blocs)]
            for a in report.actors[:TABLE_ROWS]]
    out += _table(["actor", "name", "deg", "w.deg", "betw.", "eigen.", "comm", "bloc"], rows,
                  [12, 22, 4, 5, 6, 6, 4, 10], {2, 3, 4, 5, 6})
    out += _more(len(report.actors), TABLE_ROWS)
    if g["betweenness_sample"]:
        out += _wrap(f"Betweenness estimated from {g['betweenness_sample']} sampled actors (seeded).")
    if not g["eigenvector_converged"]:
        out += _wrap("Eigenvector centrality did not converge; shown as '-'.")
    out.append(f"  Communities (Louvain, seed {LOUVAIN_SEED}): {len(g['communities'])}")
    for i, members in enumerate(g["communities"][:10]):
        out += _wrap(f"{i}: {', '.join(members[:15])}{' …' if len(members) > 15 else ''}", "    ")
    out += _wrap("Bridges: " + (", ".join(f"{a}–{b}" for a, b in g["bridges"][:30]) or "none")
                 + (" …" if len(g["bridges"]) > 30 else ""))
    out += _wrap("Articulation points: " + (", ".join(g["articulation_points"][:30]) or "none")
                 + (" …" if len(g["articulation_points"]) > 30 else ""))
    if report.undated:
        out += _wrap(f"Undated ties (no known start date; kept until they end): {len(report.undated)}: "
                     + ", ".join(report.undated[:TABLE_ROWS]) + (" …" if len(report.undated) > TABLE_ROWS else ""),
                     break_on_hyphens=False)
    out.append("")

    out.append("Balance: blocs each state has defence ties with (agreements, memberships,")
    out.append("deployments)")
    rows = [[b.id, b.label, b.balance, "; ".join(f"{k}: {','.join(v)}" for k, v in b.blocs.items())]
            for b in report.balance[:TABLE_ROWS]]
    out += _table(["state", "name", "blocs", "partners by bloc"], rows, [6, 20, 5, 42], {2})
    out += _more(len(report.balance), TABLE_ROWS)

    if report.focus is not None:
        f = report.focus
        out.append("")
        count = len(f["partners"])
        out.append(f"Focus: {f['label']} ({f['id']}), {count} partner{'' if count == 1 else 's'}")
        if f["note"]:
            out += _wrap(f["note"])
        rows = [[p["id"], p["label"], p["weight"], p["first"], p["last"],
                 ", ".join(p["kinds"] + [r for r in p["relations"] if r != "agreement"])] for p in f["partners"]]
        if rows:
            out += _table(["partner", "name", "n", "first", "last", "kinds"], rows, [8, 22, 2, 10, 10, 20], {2})
        for p in f["partners"]:
            if p["domains"]:
                out += _wrap(f"{p['id']} domains: {', '.join(p['domains'])}")

    if report.timeline is not None:
        out.append("")
        focused = report.focus is not None
        out.append("Timeline (end of each year in which a tie started or ended)")
        headers = ["year", "new agr.", "new ties", "ended", "actors", "ties"]
        widths = [4, 8, 8, 5, 6, 5]
        if focused:
            headers += ["partners", "gained / lost"]
            widths += [8, 20]
        rows = []
        for year_row in report.timeline:
            row: list[Any] = [year_row.year, year_row.new_agreements, year_row.new_ties, year_row.ended_ties, year_row.actors,
                   year_row.ties]
            if focused:
                change = " ".join([f"+{x}" for x in year_row.gained or []] + [f"-{x}" for x in year_row.lost or []])
                row += [year_row.partners, change]
            rows.append(row)
        out += _table(headers, rows, widths, {1, 2, 3, 4, 5, 6})
        if report.timeline_no_start:
            out += _wrap(f"{report.timeline_no_start} ties with no known start date are not placed in the timeline.")
    return "\n".join(line.rstrip() for line in out) + "\n"


def format_stats(report: StatsReport, fmt: str = "table") -> str:
    """Write a report as a readable table or as JSON for scripts."""
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return format_table(report)
    raise StatsFormatError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
