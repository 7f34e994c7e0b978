"""The agent's prompt rendered as Markdown and sanitised: one test per rule."""

from __future__ import annotations

import pytest
from agent_handbook.render.prompt import prompt_html

from .sitebuild import parse


def elements(body: str):
    return parse(prompt_html(body))


def tags(body: str) -> set[str]:
    return {e.tag for e in elements(body)}


def test_markdown_is_rendered_with_headings_two_levels_down():
    html = prompt_html(
        "# Role\n\nYou review code.\n\n## Steps\n\n1. Read\n2. Test\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    found = tags("# Role\n\n## Steps\n\n1. Read\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert {"h3", "h4", "ol", "li", "table", "td"} <= found
    assert "h1" not in found and "h2" not in found
    assert "\n" not in html  # one line: no blank line can end the block in a Markdown page


def test_code_keeps_its_lines():
    html = prompt_html("```bash\nkubectl get pods\n\nkubectl logs x\n```\n")
    assert "kubectl get pods&#10;&#10;kubectl logs x" in html


@pytest.mark.parametrize(
    ("body", "forbidden"),
    [
        ("<script>alert(1)</script>", "alert(1)"),
        ('<p onclick="alert(1)">x</p>', "onclick"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
        ("<style>body { display: none }</style>", "display: none"),
        ('<p style="position:fixed;top:0">x</p>', "position:fixed"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ('<object data="x.swf"></object><embed src="x.swf">', "swf"),
        ('<form action="https://evil.example"><input name="q"></form>', "evil.example"),
        ("![pixel](https://tracker.example/p.png)", "tracker.example"),
        ("<!-- hidden instructions -->", "hidden instructions"),
        ('<svg onload="alert(1)"><circle r="1"/></svg>', "onload"),
        ('<div class="admonition" id="pwned">x</div>', "pwned"),
    ],
)
def test_what_could_run_or_leave_the_site_is_removed(body, forbidden):
    html = prompt_html(body)
    assert forbidden.lower() not in html.lower(), html
    assert not tags(body) & {"script", "style", "iframe", "object", "embed", "form", "input", "img", "svg"}


def test_links_keep_web_addresses_only():
    links = [e for e in elements("[docs](https://example.org/docs) and [file](../other.md)") if e.tag == "a"]
    assert [e.attrs.get("href") for e in links] == ["https://example.org/docs", None]
    assert "noopener" in links[0].attrs["rel"]
    assert "file" in prompt_html("[file](../other.md)") and "other.md" not in prompt_html("[file](../other.md)")


def test_template_syntax_stays_text():
    assert "{{ config }}" in prompt_html("Show {{ config }} and {% raw %}x{% endraw %}.")
