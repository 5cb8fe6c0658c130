"""The alert-template emulation parses each template once; it renders what the step-by-step
passes render, for every annotation of every generated alert."""

from __future__ import annotations

import re

import pytest

from generators.errors import BuildError
from generators.rule_tests import templates
from generators.rules import products, slo
from generators.rules.units import alert_document
from portfolio.config.model import Portfolio

_QUERIES = re.compile(r'(?:printf|query) "([a-z_:]+)')


def test_every_annotation_renders_as_the_passes_render_it(example_portfolio: Portfolio) -> None:
    rendered = 0
    for alert in (*products.all_alerts(example_portfolio), *slo.alerts(example_portfolio)):
        for template in alert_document(alert, example_portfolio)["annotations"].values():
            labels = {name: f"<{name}>" for name in re.findall(r"\$labels\.(\w+)", template)}
            queries = {name: 0.25 for name in _QUERIES.findall(template)}
            for value in (0, 1.5, 42, 999.5):
                expected = templates._render_in_passes(template, labels, value, queries)
                assert templates.render(template, labels, value, queries) == expected
                rendered += 1
    assert rendered > 100


def test_a_label_value_with_template_syntax_is_a_build_error_as_in_the_passes() -> None:
    with pytest.raises(BuildError, match="cannot render template part"):
        templates.render("{{ $labels.product }} at {{ $value }}", {"product": "{{ x }}"}, 2, {})


def test_a_template_part_outside_the_subset_is_a_build_error() -> None:
    with pytest.raises(BuildError, match="cannot render template part"):
        templates.render("{{ $labels.product | toUpper }}", {"product": "a"}, 1, {})
