"""Side-by-side comparisons of agents whose jobs overlap.

Pairs come from stated boundaries, configured groups, shared duty areas and similar
descriptions (TF-IDF cosine over description, triggers and duties). Similarity is computed
through an inverted index over terms that are not too common, so the cost stays near
linear in the team size instead of comparing every pair.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from ..model import Relation
from . import Context, Link
from .areas import areas_in, match, taxonomy

#: Pairs compared at most, and per agent.
MAX_PAIRS = 40
MAX_PER_AGENT = 4
MIN_SIMILARITY = 0.22

_WORD = re.compile(r"[a-z][a-z0-9+#-]{2,}")
STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "you",
        "your",
        "this",
        "that",
        "from",
        "are",
        "use",
        "when",
        "agent",
        "agents",
        "into",
        "about",
        "will",
        "can",
        "not",
        "all",
        "any",
        "its",
        "their",
        "them",
        "they",
        "has",
        "have",
        "such",
        "also",
        "used",
        "using",
        "need",
        "needs",
        "should",
        "must",
        "may",
        "more",
        "most",
        "other",
        "than",
        "then",
        "such",
        "only",
        "each",
        "via",
        "per",
        "like",
        "what",
        "which",
        "who",
        "how",
        "where",
        "these",
        "those",
        "our",
        "out",
        "over",
        "under",
        "within",
        "without",
        "before",
        "after",
        "while",
        "during",
        "new",
        "one",
        "two",
        "make",
        "makes",
        "making",
        "ensure",
        "ensures",
        "provide",
        "provides",
        "including",
        "include",
        "includes",
        "based",
        "work",
        "works",
        "help",
        "helps",
        "handle",
        "handles",
        "specialist",
        "expert",
        "specialized",
        "specializing",
        "tasks",
        "task",
        "complex",
        "proactively",
        "example",
        "examples",
        "context",
        "user",
        "assistant",
        "commentary",
    ]
)


@dataclass(frozen=True, slots=True)
class Pair:
    a: str
    b: str
    score: float
    reasons: tuple[str, ...]

    @property
    def slug(self) -> str:
        return f"{self.a}--{self.b}"


@dataclass
class Side:
    link: Link
    description: str
    model: str
    tools: tuple[str, ...] | None
    triggers: list[str]
    only_areas: list[tuple[str, list[str]]]
    distinctive: list[str]


@dataclass
class Comparison:
    pair: Pair
    a: Side
    b: Side
    shared: list[tuple[str, list[str], list[str]]]  # area, A's sentences, B's sentences
    between: list[Relation]  # relations between the two, both directions
    common_tools: list[str]
    common_neighbours: list[Link]
    route_hint: str
    uri: str = ""
    links: dict[str, Link] = field(default_factory=dict)


def terms(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def agent_text(ctx: Context, agent_id: str) -> str:
    agent = ctx.team.agents[agent_id]
    facts = ctx.facts[agent_id]
    description = re.sub(r"<example>.*?</example>", " ", agent.description, flags=re.IGNORECASE | re.DOTALL)
    return " ".join([description, *(f.text for f in facts.triggers), *(f.text for f in facts.duties)])


def document_frequency(ctx: Context) -> tuple[dict[str, Counter[str]], Counter[str]]:
    """Each agent's terms, and in how many agents' texts each term is (once per build)."""
    found = getattr(ctx, "_compare_terms", None)
    if found is None:
        docs = {a: Counter(terms(agent_text(ctx, a))) for a in ctx.team.agents}
        df: Counter[str] = Counter()
        for counts in docs.values():
            df.update(counts.keys())
        found = ctx._compare_terms = (docs, df)  # type: ignore[attr-defined]
    return found


def similarities(ctx: Context) -> dict[tuple[str, str], float]:
    """Cosine similarity of agent texts for pairs sharing at least one uncommon term."""
    docs, df = document_frequency(ctx)
    n = max(1, len(docs))
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
    vectors: dict[str, dict[str, float]] = {}
    for agent_id, counts in docs.items():
        vector = {t: (1 + math.log(c)) * idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[agent_id] = {t: v / norm for t, v in vector.items()}
    postings: dict[str, list[str]] = defaultdict(list)
    # Terms in more documents than this say little and would make quadratic work.
    common = min(max(3, int(n * 0.3)), 40)
    for agent_id in sorted(vectors):
        for term in vectors[agent_id]:
            if df[term] <= common:
                postings[term].append(agent_id)
    scores: dict[tuple[str, str], float] = defaultdict(float)
    for term, members in postings.items():
        if len(members) < 2:
            continue
        for a, b in combinations(members, 2):
            scores[(a, b)] += vectors[a][term] * vectors[b][term]
    return dict(scores)


def pairs(ctx: Context) -> list[Pair]:
    """The pairs worth comparing, strongest first, each agent in a few pairs at most."""
    team = ctx.team
    reasons: dict[tuple[str, str], list[str]] = defaultdict(list)
    forced: set[tuple[str, str]] = set()
    for relation in team.relations:
        if relation.kind == "boundary_with" and relation.source in team.agents and relation.target in team.agents:
            key = tuple(sorted((relation.source, relation.target)))
            reasons[key].append("they state a boundary")  # type: ignore[index]
            forced.add(key)  # type: ignore[arg-type]
    for name, members in sorted(ctx.options.compare_groups.items()):
        ids = sorted({team.index.resolve(m) or m for m in members} & set(team.agents))
        for key in combinations(ids, 2):
            reasons[key].append(f"group “{name}”")
            forced.add(key)
    similar = similarities(ctx)
    areas = taxonomy(ctx.options.areas, ctx.options.replace_areas)
    claimed = {a: areas_in(agent_text(ctx, a), areas) for a in team.agents}
    scored = []
    for key in set(similar) | set(reasons):
        score = similar.get(key, 0.0)
        shared = claimed[key[0]] & claimed[key[1]]
        why = list(reasons.get(key, []))
        if score >= MIN_SIMILARITY:
            why.append(f"similar descriptions ({score:.2f})")
        if len(shared) >= 3 and score >= MIN_SIMILARITY / 2:
            why.append(f"{len(shared)} shared duty areas")
        if key in forced or score >= MIN_SIMILARITY:
            scored.append(Pair(key[0], key[1], round(score, 3), tuple(dict.fromkeys(why))))
    scored.sort(key=lambda p: ((p.a, p.b) not in forced, -p.score, p.a, p.b))
    chosen: list[Pair] = []
    per_agent: Counter[str] = Counter()
    for pair in scored:
        if (pair.a, pair.b) not in forced and (
            per_agent[pair.a] >= MAX_PER_AGENT or per_agent[pair.b] >= MAX_PER_AGENT
        ):
            continue
        chosen.append(pair)
        per_agent.update((pair.a, pair.b))
        if len(chosen) >= MAX_PAIRS:
            break
    return sorted(chosen, key=lambda p: (-p.score, p.a, p.b))


def comparison(ctx: Context, pair: Pair) -> Comparison:
    team, graph = ctx.team, ctx.graph
    areas = taxonomy(ctx.options.areas, ctx.options.replace_areas)

    def sentences_by_area(agent_id: str) -> dict[str, list[str]]:
        facts = ctx.facts[agent_id]
        out: dict[str, list[str]] = defaultdict(list)
        for fact in [*facts.triggers, *facts.duties]:
            for area in match(fact.text, areas):
                if fact.text not in out[area]:
                    out[area].append(fact.text)
        return out

    by_a, by_b = sentences_by_area(pair.a), sentences_by_area(pair.b)
    shared = [(area, by_a[area][:3], by_b[area][:3]) for area in sorted(set(by_a) & set(by_b))]
    docs, df = document_frequency(ctx)
    words_a, words_b = docs[pair.a], docs[pair.b]
    # Distinctive: in one text and not the other, and rare in the team ("reasons", "outside"
    # and "red" are in many agents' texts and tell the two apart from nothing).
    rare = max(2, len(docs) // 10)
    distinct_a = [w for w, _ in (words_a - words_b).most_common(80) if words_b[w] == 0 and df[w] <= rare][:8]
    distinct_b = [w for w, _ in (words_b - words_a).most_common(80) if words_a[w] == 0 and df[w] <= rare][:8]

    def side(agent_id: str, mine: dict[str, list[str]], other: dict[str, list[str]], distinctive: list[str]) -> Side:
        agent = team.agents[agent_id]
        description = re.sub(r"<example>.*?(?:</example>|$)", " ", agent.description, flags=re.IGNORECASE | re.DOTALL)
        return Side(
            ctx.link(agent_id),
            " ".join(description.split())[:600],
            agent.model or "inherit",
            agent.tools,
            [f.text for f in ctx.facts[agent_id].triggers if f.text not in description][:4],
            [(area, mine[area][:2]) for area in sorted(set(mine) - set(other))],
            distinctive,
        )

    between = [r for r in graph.out_relations(pair.a) if r.target == pair.b] + [
        r for r in graph.out_relations(pair.b) if r.target == pair.a
    ]
    tools_a, tools_b = set(team.agents[pair.a].tools or ()), set(team.agents[pair.b].tools or ())
    neighbours_a = {r.target for r in graph.out_relations(pair.a)} | {r.source for r in graph.in_relations(pair.a)}
    neighbours_b = {r.target for r in graph.out_relations(pair.b)} | {r.source for r in graph.in_relations(pair.b)}
    common = sorted((neighbours_a & neighbours_b) - {pair.a, pair.b})
    name_a, name_b = ctx.label(pair.a), ctx.label(pair.b)
    hint = ""
    if distinct_a and distinct_b:
        hint = (
            f"Requests about {', '.join(distinct_a[:4])} read like {name_a}'s; "
            f"about {', '.join(distinct_b[:4])}, like {name_b}'s."
        )
    return Comparison(
        pair=pair,
        a=side(pair.a, by_a, by_b, distinct_a),
        b=side(pair.b, by_b, by_a, distinct_b),
        shared=shared,
        between=between,
        common_tools=sorted(tools_a & tools_b),
        common_neighbours=[ctx.link(n) for n in common],
        route_hint=hint,
        uri=ctx.uri(f"compare/{pair.slug}.md"),
        links={r.source: ctx.link(r.source) for r in between} | {r.target: ctx.link(r.target) for r in between},
    )
