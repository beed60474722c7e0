"""Binding parameters: values as inline data, a page's size and start written as numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.catalogue import CatalogueError, load_query
from kg.sparql import BindingError, bind, code_only, slice_params

PAGED = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT ?limit OFFSET ?offset"


def test_a_limit_and_an_offset_are_written_as_numbers() -> None:
    text = bind(PAGED, {"limit": Literal(25), "offset": Literal(50)})
    assert text.endswith("LIMIT 25 OFFSET 50")
    assert "VALUES" not in text  # a LIMIT is not a variable of the pattern


def test_other_parameters_are_still_inline_data() -> None:
    text = bind(
        PAGED,
        {
            "o": URIRef("https://example.org/x"),
            "limit": Literal(5),
            "offset": Literal(0),
        },
    )
    assert "VALUES (?o) { (<https://example.org/x>) }" in text
    assert text.endswith("LIMIT 5 OFFSET 0")


def test_a_limit_in_a_sub_select_is_written_too() -> None:
    query = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s limit ?n } }"
    assert slice_params(query) == {"n"}
    assert "limit 3 }" in bind(query, {"n": Literal(3)})


def test_a_ranking_up_to_the_end_of_the_page_limits_to_the_sum() -> None:
    query = (
        "SELECT ?s WHERE { { SELECT ?d WHERE { ?s ?p ?d } ORDER BY ?d LIMIT ?offset + ?limit } "
        "?s ?q ?d } ORDER BY ?s LIMIT ?limit OFFSET ?offset"
    )
    assert slice_params(query) == {"limit", "offset"}
    text = bind(query, {"limit": Literal(25), "offset": Literal(50)})
    assert "ORDER BY ?d LIMIT 75 }" in text
    assert text.endswith("LIMIT 25 OFFSET 50")


def test_a_limit_in_a_comment_or_a_string_is_left_alone() -> None:
    query = '# LIMIT ?limit\nSELECT ?s WHERE { ?s ?p "LIMIT ?limit" }'
    assert slice_params(query) == set()
    assert bind(query, {}) == query


@pytest.mark.parametrize(
    ("query", "hidden"),
    [
        ("?s ?p ?o # a comment { }\n}", "# a comment { }"),
        ('?s ?p "a \\" {" }', '"a \\" {"'),
        ("?s ?p 'it''s' }", "'it''s'"),
        ('?s ?p """one "two" ""three""" }', '"""one "two" ""three"""'),
        ("?s ?p <http://x/y#z> }", "<http://x/y#z>"),
        ("FILTER(?a < ?b && ?b > 2) }", ""),
        ('?s ?p "unterminated { }', '"unterminated { }'),
        ('?s ?p "ends in a backslash\\', '"ends in a backslash\\'),
    ],
)
def test_comments_strings_and_iris_are_not_query_syntax(
    query: str, hidden: str
) -> None:
    assert code_only(query) == query.replace(hidden, " " * len(hidden))


@pytest.mark.parametrize(
    "term",
    [
        Literal(-1),
        Literal("10"),
        Literal(2.5),
        Literal(True),
        Literal("ten", datatype=XSD.integer),
        URIRef("https://example.org/10"),
    ],
)
def test_a_limit_must_be_a_non_negative_integer(term: Literal | URIRef) -> None:
    with pytest.raises(BindingError, match="limit"):
        bind(PAGED, {"limit": term, "offset": Literal(0)})


def test_a_limit_needs_a_value() -> None:
    with pytest.raises(BindingError, match="offset"):
        bind(PAGED, {"limit": Literal(10)})


def test_the_catalogue_checks_a_page_size(tmp_path: Path) -> None:
    path = tmp_path / "paged.rq"
    path.write_text(
        "# title: Paged\n# param: limit integer 100\n# param: offset integer 0\n"
        + PAGED
        + "\n",
        encoding="utf-8",
    )
    stored = load_query(path)
    assert (
        bind(stored.text, stored.bindings({})).rstrip().endswith("LIMIT 100 OFFSET 0")
    )
    assert (
        bind(stored.text, stored.bindings({"limit": "7"}))
        .rstrip()
        .endswith("LIMIT 7 OFFSET 0")
    )
    with pytest.raises(CatalogueError, match="limit"):
        stored.bindings({"limit": "-3"})
    with pytest.raises(CatalogueError, match="limit"):
        stored.bindings({"limit": "many"})


def test_a_sub_select_naming_a_parameter_sees_it() -> None:
    query = (
        "SELECT ?e ?end WHERE { "
        "{ SELECT ?e WHERE { ?e <https://example.org/start> ?start FILTER(?start > ?after) } "
        "ORDER BY ?start LIMIT ?limit } "
        "{ SELECT ?e ?end WHERE { ?e <https://example.org/end> ?end } } }"
    )
    text = bind(query, {"after": Literal(3), "limit": Literal(10)})
    values = 'VALUES (?after) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    assert text.count(values) == 2  # the outer group and the sub-select filtering on it
    assert text.index(values, text.index("{ SELECT ?e WHERE")) < text.index(
        "?start > ?after"
    )
    assert "LIMIT 10" in text


def test_a_sub_select_leaves_a_parameter_to_the_sub_selects_that_name_it() -> None:
    """Only the groups that use the value get it, so no group binds it twice: rdflib
    drops the rows of an OPTIONAL sub-select that binds a value its group already has."""
    query = (
        "SELECT ?day WHERE { "
        "{ SELECT ?day WHERE { "
        "OPTIONAL { SELECT (MIN(?n) AS ?base) WHERE { ?d <https://example.org/key> ?k "
        "FILTER(?k > ?after) ?d <https://example.org/n> ?n } } "
        "?day <https://example.org/n> ?m FILTER(?m >= ?base) } } }"
    )
    text = bind(query, {"after": Literal(3)})
    values = 'VALUES (?after) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    assert text.count(values) == 2  # the outer group and the sub-select filtering on it
    middle = text.index("{ SELECT ?day WHERE {") + len("{ SELECT ?day WHERE {")
    assert text[middle:].lstrip().startswith("OPTIONAL")


def test_a_parameter_is_not_found_in_a_longer_name() -> None:
    query = "SELECT ?x WHERE { ?x ?p ?o { SELECT ?afterwards WHERE { ?afterwards ?q ?r } } }"
    assert bind(query, {"after": Literal(3)}).count("VALUES") == 1


def test_a_page_size_named_elsewhere_is_also_a_value() -> None:
    query = "SELECT ?s WHERE { ?s ?p ?n FILTER(?n < ?limit) } LIMIT ?limit"
    text = bind(query, {"limit": Literal(4)})
    assert text.rstrip().endswith("LIMIT 4")
    assert (
        'VALUES (?limit) { ("4"^^<http://www.w3.org/2001/XMLSchema#integer>) }' in text
    )


def test_a_variable_named_limit_is_not_a_limit() -> None:
    query = (
        "SELECT ?s WHERE { VALUES (?limit ?offset) { (1 2) } ?s ?p ?limit } LIMIT ?n"
    )
    assert slice_params(query) == {"n"}
    text = bind(query, {"n": Literal(3)})
    assert bind(text, {}) == text  # a bound query binds again unchanged
