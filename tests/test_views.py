"""Policy staff's views of the graph, without a browser: what each view shows,
that nothing loads from the network, that text from the minutes stays text,
and that the graphs and figures come out for other tools.

The graph here is made by hand in the contract terms of `kg.build`, so these
stories do not depend on how well extraction reads the minutes; one story at
the end runs on the example minutes with loose expectations.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.backends.embedded import EmbeddedBackend
from kg.cli import cli
from kg.ingest import ingest
from kg.iris import Minter
from viz import project
from viz.analytics import GraphStats, graph_stats, top_organisations_per_threat
from viz.layout import RING_RADIUS, RING_SPACING, radial_layout
from viz.site import write_site
from viz.views import VIEWS, build_view, export_graph, neighbourhood_html, view_html

ID = "https://w3id.org/customs-kg/id/"
POLAND, EUROPOL, FRANCE = ID + "org/poland", ID + "org/europol", ID + "org/france"
ECTC, CHESS = ID + "unit/ectc", ID + "operation/chess-knight-iv"
EXCISE, TERRORISM, CIGARETTES = (
    ID + "threat/excise-fraud",
    ID + "threat/terrorism",
    ID + "commodity/cigarettes",
)
M1, M2 = ID + "meeting/ccwp/2016-09-23", ID + "meeting/ccwp/2016-11-10"
DOC_A, DOC_B, CITED, CM = (
    ID + "doc/12582-16",
    ID + "doc/13000-16",
    ID + "doc/12164-16",
    ID + "doc/cm-3817-16",
)
PCCC, SEMINAR = ID + "event/pccc-2016-10-11", ID + "event/seminar-2016-06-01"
SCRIPT, IMG = "<script>alert(1)</script>", "<img src=x onerror=alert(1)>"
POLAND_SENTENCE = (
    "Poland presented a state of play of Joint Customs Operation Chess Knight IV."
)

FIXTURE_TRIG = r"""@prefix cck: <https://w3id.org/customs-kg/ontology#> .
@prefix id: <https://w3id.org/customs-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

id:graph\/reference {
  id:org\/europol a cck:Agency ; rdfs:label "Europol" .
  id:org\/poland a cck:MemberState ; rdfs:label "Poland" .
  id:org\/france a cck:MemberState ; rdfs:label "France" .
  id:unit\/ectc a cck:Unit ; rdfs:label "European Counter Terrorism Centre" ; cck:partOf id:org\/europol .
  id:threat\/excise-fraud a cck:Threat ; rdfs:label "excise fraud on mineral oils" .
  id:threat\/terrorism a cck:Threat ; rdfs:label "terrorism" .
  id:commodity\/cigarettes a cck:Commodity ; rdfs:label "cigarettes" .
  id:programme\/unrelated a cck:Programme ; rdfs:label "Unmentioned programme" ; cck:targets id:threat\/terrorism .
}

id:doc\/12582-16 {
  id:doc\/12582-16 a cck:Document ; dct:identifier "12582/16" ; rdfs:label "Council document 12582/16" ;
    dct:date "2016-10-05"^^xsd:date ; cck:recordsMeeting id:meeting\/ccwp\/2016-09-23 ;
    cck:cites id:doc\/12164-16 , id:doc\/cm-3817-16 ;
    cck:text "1. Joint Customs Operations\n\nPoland presented a state of play of Joint Customs Operation Chess Knight IV. Europol presented <script>alert(1)</script> its work on terrorism <img src=x onerror=alert(1)>. The PCCC Conference will take place on 11 October 2016. See 12164/16 and CM 3817/16." .
  id:meeting\/ccwp\/2016-09-23 a cck:Meeting ; rdfs:label "CCWP (Experts), 2016-09-23" ;
    schema:startDate "2016-09-23"^^xsd:date ; cck:recordedIn id:doc\/12582-16 ;
    cck:hasAgendaItem id:meeting\/ccwp\/2016-09-23\/item\/1 .
  id:meeting\/ccwp\/2016-09-23\/item\/1 a cck:AgendaItem ; cck:itemNumber 1 ; dct:title "Joint Customs Operations" ;
    rdfs:label "1. Joint Customs Operations" ; cck:agendaItemOf id:meeting\/ccwp\/2016-09-23 ;
    cck:text "Poland presented a state of play of Joint Customs Operation Chess Knight IV. Europol presented <script>alert(1)</script> its work on terrorism <img src=x onerror=alert(1)>. The PCCC Conference will take place on 11 October 2016. See 12164/16 and CM 3817/16." ;
    cck:mentions id:event\/pccc-2016-10-11 , id:unit\/ectc , id:operation\/chess-knight-iv .
  id:meeting\/ccwp\/2016-09-23\/item\/1\/presentation\/poland-1 a cck:Presentation ;
    rdfs:label "Poland presented (item 1)" ;
    cck:presenter id:org\/poland ; cck:presentedAt id:meeting\/ccwp\/2016-09-23\/item\/1 ; cck:presentedIn id:meeting\/ccwp\/2016-09-23 ;
    cck:about id:operation\/chess-knight-iv ; prov:wasDerivedFrom id:doc\/12582-16 ;
    cck:evidence "Poland presented a state of play of Joint Customs Operation Chess Knight IV." ;
    cck:evidenceStart 29 ; cck:evidenceEnd 105 .
  id:meeting\/ccwp\/2016-09-23\/item\/1\/presentation\/europol-1 a cck:Presentation ;
    rdfs:label "Europol presented (item 1)" ;
    cck:presenter id:org\/europol ; cck:presentedAt id:meeting\/ccwp\/2016-09-23\/item\/1 ; cck:presentedIn id:meeting\/ccwp\/2016-09-23 ;
    cck:about id:threat\/terrorism ; prov:wasDerivedFrom id:doc\/12582-16 ;
    cck:evidence "Europol presented <script>alert(1)</script> its work on terrorism <img src=x onerror=alert(1)>." .
  id:operation\/chess-knight-iv a cck:JointCustomsOperation ; rdfs:label "Chess Knight IV" ;
    cck:ledBy id:org\/poland ; cck:targets id:threat\/excise-fraud ; prov:wasDerivedFrom id:doc\/12582-16 ;
    cck:evidence "Poland presented a state of play of Joint Customs Operation Chess Knight IV." .
  id:event\/pccc-2016-10-11 a cck:Event ; rdfs:label "PCCC Conference <b>bold</b>" ;
    schema:startDate "2016-10-11"^^xsd:date ; cck:status "forthcoming" ; cck:organisedBy id:org\/europol ;
    prov:wasDerivedFrom id:doc\/12582-16 ;
    cck:evidence "The PCCC Conference will take place on 11 October 2016." .
  id:doc\/12164-16 a cck:Document ; dct:identifier "12164/16" ; rdfs:label "Council document 12164/16" ;
    dct:title "Draft Council Conclusions" ; cck:evidence "See 12164/16 and CM 3817/16." .
  id:doc\/cm-3817-16 a cck:Document ; dct:identifier "CM 3817/16" ; rdfs:label "Council document CM 3817/16" ;
    cck:evidence "See 12164/16 and CM 3817/16." .
}

id:doc\/13000-16 {
  id:doc\/13000-16 a cck:Document ; dct:identifier "13000/16" ; rdfs:label "Council document 13000/16" ;
    dct:date "2016-11-20"^^xsd:date ; cck:recordsMeeting id:meeting\/ccwp\/2016-11-10 ; cck:cites id:doc\/12164-16 ;
    cck:text "1. Operations\n\nPoland and France informed the delegates. Europol presented the results." .
  id:meeting\/ccwp\/2016-11-10 a cck:Meeting ; rdfs:label "CCWP (Experts), 2016-11-10" ;
    schema:startDate "2016-11-10"^^xsd:date ; cck:recordedIn id:doc\/13000-16 ;
    cck:hasAgendaItem id:meeting\/ccwp\/2016-11-10\/item\/1 .
  id:meeting\/ccwp\/2016-11-10\/item\/1 a cck:AgendaItem ; cck:itemNumber 1 ; rdfs:label "1. Operations" ;
    cck:agendaItemOf id:meeting\/ccwp\/2016-11-10 .
  id:meeting\/ccwp\/2016-11-10\/item\/1\/presentation\/poland-1 a cck:Presentation ;
    cck:presenter id:org\/poland ; cck:presentedAt id:meeting\/ccwp\/2016-11-10\/item\/1 ; cck:presentedIn id:meeting\/ccwp\/2016-11-10 ;
    cck:evidence "Poland and France informed the delegates." .
  id:meeting\/ccwp\/2016-11-10\/item\/1\/presentation\/france-1 a cck:Presentation ;
    cck:presenter id:org\/france ; cck:presentedAt id:meeting\/ccwp\/2016-11-10\/item\/1 ; cck:presentedIn id:meeting\/ccwp\/2016-11-10 ;
    cck:evidence "Poland and France informed the delegates." .
  id:meeting\/ccwp\/2016-11-10\/item\/1\/presentation\/europol-1 a cck:Presentation ;
    cck:presenter id:org\/europol ; cck:presentedAt id:meeting\/ccwp\/2016-11-10\/item\/1 ; cck:presentedIn id:meeting\/ccwp\/2016-11-10 ;
    cck:about id:commodity\/cigarettes ;
    cck:evidence "Europol presented the results." .
  id:event\/seminar-2016-06-01 a cck:Event ; rdfs:label "Seminar on cigarettes" ;
    schema:startDate "2016-06"^^xsd:gYearMonth ; prov:wasDerivedFrom id:doc\/13000-16 ;
    cck:evidence "Europol presented the results." .
  id:meeting\/ccwp\/2016-11-10\/item\/1 cck:mentions id:event\/seminar-2016-06-01 .
}
"""


def load_fixture(backend: EmbeddedBackend) -> EmbeddedBackend:
    dataset = Dataset()
    dataset.parse(data=FIXTURE_TRIG, format="trig")
    backend.replace_graphs({g.identifier: list(g) for g in dataset.graphs() if len(g)})  # type: ignore[misc]
    return backend


@pytest.fixture(scope="module")
def fixture_store() -> Iterator[EmbeddedBackend]:
    """The hand-made graph in an in-memory store."""
    backend = load_fixture(EmbeddedBackend())
    yield backend
    backend.close()


def _names(g: nx.Graph) -> dict[str, str]:
    return dict(g.nodes(data="cls"))


# -- what each view shows -------------------------------------------------------


def test_cooperation_links_organisations_operations_and_threats(
    fixture_store: EmbeddedBackend,
) -> None:
    g = build_view(fixture_store, "cooperation")
    assert _names(g) == {
        POLAND: "MemberState",
        EUROPOL: "Agency",
        FRANCE: "MemberState",
        ECTC: "Unit",
        CHESS: "JointCustomsOperation",
        EXCISE: "Threat",
        TERRORISM: "Threat",
        CIGARETTES: "Commodity",
    }, "reference data the minutes never mention stays out"
    assert g.edges[POLAND, CHESS]["kind"] == "presented, leads"
    assert g.edges[CHESS, EXCISE]["kind"] == "targets"
    assert g.edges[ECTC, EUROPOL]["kind"] == "partOf"
    assert g.edges[EUROPOL, TERRORISM]["kind"] == "presented"
    assert {"text": POLAND_SENTENCE, "doc": "12582/16"} in g.edges[POLAND, CHESS][
        "evidence"
    ]


def test_timeline_places_meetings_and_events_by_date(
    fixture_store: EmbeddedBackend,
) -> None:
    g = build_view(fixture_store, "timeline")
    assert g.nodes[M1]["cls"] == g.nodes[M2]["cls"] == "Meeting"
    assert g.nodes[PCCC]["cls"] == "Event (forthcoming)"
    assert g.nodes[SEMINAR]["cls"] == "Event (past)"
    assert g.nodes[SEMINAR]["date"] == "2016-06-01", (
        "a month-only date sits at the month's start"
    )
    assert g.edges[POLAND, M1]["kind"] == "presented at"
    assert g.edges[M1, CITED]["kind"] == "cites"
    assert g.edges[EUROPOL, PCCC]["kind"] == "organised"
    from viz.layout import timeline_layout

    pos, ticks = timeline_layout(g)
    assert pos[SEMINAR][0] < pos[M1][0] < pos[PCCC][0] < pos[M2][0], "x follows time"
    assert [label for _, label in ticks][:2] == ["Jun 2016", "Jul 2016"]


@pytest.mark.parametrize(
    ("since", "until", "dated"),
    [
        pytest.param(None, None, {SEMINAR, M1, PCCC, M2}, id="no-window"),
        pytest.param("2016-09-01", "2016-10-31", {M1, PCCC}, id="autumn"),
        pytest.param(
            "2016-06-30", "2016-06-30", {SEMINAR}, id="month-only-date-spans-its-month"
        ),
        pytest.param("2016-11-10", None, {M2}, id="from-a-day-on"),
        pytest.param(None, "2016-05-31", set(), id="before-everything"),
    ],
)
def test_a_policy_officer_narrows_the_timeline_to_a_window(
    fixture_store: EmbeddedBackend,
    since: str | None,
    until: str | None,
    dated: set[str],
) -> None:
    g = build_view(
        fixture_store,
        "timeline",
        since=date.fromisoformat(since) if since else None,
        until=date.fromisoformat(until) if until else None,
    )
    assert {n for n, d in g.nodes(data="date") if d} == dated
    # who presented and what was cited come only with the meetings kept
    assert (POLAND in g) is bool(dated & {M1, M2})
    assert (CITED in g) is bool(dated & {M1, M2})


def test_a_window_on_another_view_or_backwards_is_refused(
    fixture_store: EmbeddedBackend,
) -> None:
    with pytest.raises(ValueError, match="only the timeline"):
        build_view(fixture_store, "citations", since=date(2016, 1, 1))
    with pytest.raises(ValueError, match="ends"):
        build_view(
            fixture_store, "timeline", since=date(2017, 1, 1), until=date(2016, 1, 1)
        )


def test_citations_sized_by_times_cited(fixture_store: EmbeddedBackend) -> None:
    g = build_view(fixture_store, "citations")
    assert set(g.edges) == {(DOC_A, CITED), (DOC_A, CM), (DOC_B, CITED)}
    assert (
        g.nodes[CITED]["cited"] == 2
        and g.nodes[CITED]["title"] == "Draft Council Conclusions"
    )
    assert g.nodes[CITED]["label"] == "12164/16"
    assert g.nodes[CITED]["size"] > g.nodes[CM]["size"] > g.nodes[DOC_A]["size"]


def test_copresentation_counts_shared_meetings(fixture_store: EmbeddedBackend) -> None:
    g = build_view(fixture_store, "copresentation")
    assert set(g) == {POLAND, EUROPOL, FRANCE}
    assert g.edges[POLAND, EUROPOL]["weight"] == 2
    assert g.edges[POLAND, FRANCE]["weight"] == 1


@pytest.mark.parametrize(
    ("depth", "reaches"), [(1, CHESS), (2, EXCISE), (3, ECTC)], ids=["1", "2", "3"]
)
def test_neighbourhood_grows_with_depth(
    fixture_store: EmbeddedBackend, depth: int, reaches: str
) -> None:
    g = build_view(fixture_store, "neighbourhood", entity=POLAND, depth=depth)
    assert POLAND in g and reaches in g
    assert g.graph["centre"] == POLAND


def test_a_star_is_laid_out_on_rings_at_once() -> None:
    g = nx.star_graph(400)
    g = nx.relabel_nodes(g, {n: f"n{n}" for n in g})
    for n in g:
        g.nodes[n].update(label=n, cls="Agency" if n.endswith("7") else "Meeting")
    started = time.perf_counter()
    pos = radial_layout(g, "n0")
    assert time.perf_counter() - started < 0.1
    assert set(pos) == set(g) and pos["n0"] == (0.0, 0.0)
    xy = np.array([pos[n] for n in g if n != "n0"])
    assert (np.hypot(xy[:, 0], xy[:, 1]) >= RING_RADIUS - 1e-6).all()
    apart = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(apart, np.inf)
    assert apart.min() >= 0.9 * RING_SPACING
    # like next to like: the meetings first (CLASS_ORDER), in label order
    first = sorted(n for n in g if n != "n0" and not n.endswith("7"))[0]
    assert pos[first] == pytest.approx((0.0, -RING_RADIUS), abs=1e-6)


def test_neighbourhood_depth_is_bounded(fixture_store: EmbeddedBackend) -> None:
    with pytest.raises(ValueError, match="depth"):
        project.neighbourhood(fixture_store, POLAND, depth=4)


# -- pages: offline, and data stays text ----------------------------------------

_REMOTE = re.compile(
    r"<(script|link|img|iframe)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", re.IGNORECASE
)


def _assert_offline_and_inert(html: str) -> None:
    assert not _REMOTE.search(html), "a view must not load anything from the network"
    assert SCRIPT not in html and IMG not in html, (
        "minutes text must never become markup"
    )
    assert "<b>bold</b>" not in html


@pytest.mark.parametrize("name", [v for v in VIEWS if v != "neighbourhood"])
def test_views_are_self_contained_and_escape_the_minutes(
    fixture_store: EmbeddedBackend, name: str
) -> None:
    html = view_html(fixture_store, name)
    _assert_offline_and_inert(html)
    assert "vis.Network" in html and "physics:false" in html.replace(" ", "")
    assert "window.network" in html


_POLICY = re.compile(r'http-equiv="Content-Security-Policy" content="([^"]+)"')
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _script_sources(html: str) -> list[str]:
    found = _POLICY.search(html)
    assert found, "a view carries its Content-Security-Policy"
    for directive in found.group(1).split(";"):
        name, *values = directive.split()
        if name == "script-src":
            return values
    raise AssertionError("no script-src")


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def test_a_standalone_view_inlines_vis_network_and_runs_only_its_own_scripts(
    fixture_store: EmbeddedBackend,
) -> None:
    html = view_html(fixture_store, "cooperation")
    inline = _INLINE_SCRIPT.findall(html)
    assert len(inline) == 2 and "https://visjs.github.io/vis-network/" in inline[0]
    assert "<script src=" not in html and "<link" not in html
    assert sorted(_script_sources(html)) == sorted(_hash(s) for s in inline)


def test_a_view_with_shared_assets_loads_vis_network_from_them(
    fixture_store: EmbeddedBackend,
) -> None:
    html = view_html(fixture_store, "cooperation", assets="../assets")
    assert '<script src="../assets/vis-network.min.js"></script>' in html
    assert '<link rel="stylesheet" href="../assets/vis-network.css">' in html
    assert "https://visjs.github.io/vis-network/" not in html and len(html) < 100_000
    (inline,) = _INLINE_SCRIPT.findall(html)
    assert _script_sources(html) == ["'self'", _hash(inline)]
    _assert_offline_and_inert(html)


def test_neighbourhood_html_links_to_served_entity_pages(
    fixture_store: EmbeddedBackend,
) -> None:
    html = neighbourhood_html(fixture_store, EUROPOL)
    _assert_offline_and_inert(html)
    assert '"url":"/id/org/europol"' in html


def test_community_colouring(fixture_store: EmbeddedBackend) -> None:
    html = view_html(fixture_store, "cooperation", colour="community")
    assert '"colour":"community"' in html and '"communities":[' in html


def _write_minutes(folder: Path) -> Path:
    path = folder / "injected-minutes.txt"
    path.write_text(
        "Brussels, 5 October 2016\n(OR. en)\n\n12345/16\n\nOUTCOME OF PROCEEDINGS\n\n"
        "From: General Secretariat of the Council\nOn: 23 September 2016\n"
        "To: Customs Cooperation Working Party (Experts)\nSubject: Summary of discussions\n\n"
        "1. Adoption of the agenda\n\nThe agenda was adopted as set out in CM 3821/16.\n\n"
        "2. Joint Customs Operations\n\n"
        f"Poland presented a state of play of Joint Customs Operation Chess Knight IV {SCRIPT}. "
        f"Europol informed the delegates about terrorism financing {IMG}.\n",
        encoding="utf-8",
    )
    return path


def test_ingested_minutes_with_markup_render_as_text(tmp_path: Path) -> None:
    with EmbeddedBackend(tmp_path / "store") as backend:
        report = ingest([_write_minutes(tmp_path)], backend, Minter())
        assert not report.failed, report.failed
        for name in ("cooperation", "timeline", "citations", "copresentation"):
            _assert_offline_and_inert(view_html(backend, name))
        site = write_site(backend, tmp_path / "site")
        for page in (tmp_path / "site").rglob("*.html"):
            _assert_offline_and_inert(page.read_text(encoding="utf-8"))
        assert site.documents == 1
        minutes = next((tmp_path / "site" / "minutes").rglob("*.html")).read_text(
            encoding="utf-8"
        )
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in minutes


# -- for other tools ------------------------------------------------------------


@pytest.mark.parametrize("name", [v for v in VIEWS if v != "neighbourhood"])
def test_graphml_and_gexf_read_back(
    fixture_store: EmbeddedBackend, tmp_path: Path, name: str
) -> None:
    g = build_view(fixture_store, name)
    export_graph(g, graphml=tmp_path / "v.graphml", gexf=tmp_path / "v.gexf")
    for back in (
        nx.read_graphml(tmp_path / "v.graphml"),
        nx.read_gexf(tmp_path / "v.gexf"),
    ):
        assert set(back) == set(g) and back.number_of_edges() == g.number_of_edges()
    back = nx.read_graphml(tmp_path / "v.graphml")
    some = next(iter(g))
    assert back.nodes[some]["label"] == g.nodes[some]["label"]
    assert "x" in back.nodes[some]


def test_stats_measure_the_cooperation_graph(fixture_store: EmbeddedBackend) -> None:
    g = build_view(fixture_store, "cooperation")
    stats = graph_stats(g)
    assert isinstance(stats, GraphStats)
    assert (stats.nodes, stats.edges) == (8, 5)
    assert stats.centrality[0].label == "Europol", "Europol links the most"
    assert sum(c.size for c in stats.communities) == 8
    by_threat = {
        t.threat: dict(t.organisations) for t in top_organisations_per_threat(g)
    }
    assert by_threat["excise fraud on mineral oils"] == {"Poland": 1}
    assert "Europol" in by_threat["terrorism"]


def test_cli_writes_views_exports_and_prints_stats(tmp_path: Path) -> None:
    runner = CliRunner()
    store = str(tmp_path / "store")
    assert (
        runner.invoke(
            cli, ["--store", store, "ingest", str(_write_minutes(tmp_path))]
        ).exit_code
        == 0
    )
    out = tmp_path / "coop.html"
    result = runner.invoke(
        cli,
        [
            "--store",
            store,
            "viz",
            "cooperation",
            "-o",
            str(out),
            "--graphml",
            str(tmp_path / "c.graphml"),
            "--gexf",
            str(tmp_path / "c.gexf"),
            "--colour",
            "community",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.exists() and nx.read_graphml(tmp_path / "c.graphml") is not None
    result = runner.invoke(cli, ["--store", store, "viz", "stats"])
    assert result.exit_code == 0, result.output
    assert "Communities" in result.output and "betweenness" in result.output
    result = runner.invoke(
        cli, ["--store", store, "viz", "neighbourhood", "-o", str(out)]
    )
    assert result.exit_code == 1 and "--entity" in result.output
    window = ["--since", "2016-01-01", "--until", "2016-12-31"]
    result = runner.invoke(
        cli, ["--store", store, "viz", "timeline", *window, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Meetings over time, 2016-01-01 – 2016-12-31" in out.read_text()
    for refused in (
        ["viz", "citations", *window, "-o", str(out)],
        [
            "viz",
            "timeline",
            "--since",
            "2017-01-01",
            "--until",
            "2016-01-01",
            "-o",
            str(out),
        ],
        ["viz", "timeline", "--since", "1 January", "-o", str(out)],
    ):
        result = runner.invoke(cli, ["--store", store, *refused])
        assert result.exit_code != 0 and "Traceback" not in result.output
    result = runner.invoke(
        cli, ["--store", store, "site", "-o", str(tmp_path / "site")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "index.html").exists()


def test_example_minutes_make_a_cooperation_map(example_store: EmbeddedBackend) -> None:
    """Loose: extraction improves over time; the map must hold what the minutes obviously say."""
    g = build_view(example_store, "cooperation")
    labels = {label for _, label in g.nodes(data="label")}
    assert g.number_of_edges() >= 1
    assert labels & {"Poland", "Europol", "Frontex", "WCO", "France"}
    assert build_view(example_store, "citations").number_of_edges() >= 5
