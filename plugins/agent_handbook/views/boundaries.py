"""The boundary matrix: duty areas × agents, with who owns, shares or excludes each area.

Every duty, trigger and description sentence of an agent is matched against the area
taxonomy (:mod:`.areas`); every "do NOT do" sentence too, with the owner it names. The
matched words and the sentence are kept, so each cell can be checked against its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..facts import Fact
from ..model import Relation
from . import Context, Link
from .areas import match, taxonomy

#: Agents shown as columns of the grid; larger teams get one row per area instead.
GRID_LIMIT = 16


@dataclass(frozen=True, slots=True)
class Claim:
    agent: Link
    fact: Fact
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Exclusion:
    agent: Link
    fact: Fact
    words: tuple[str, ...]
    owners: tuple[Link, ...]


@dataclass
class AreaRow:
    area: str
    claims: dict[str, list[Claim]] = field(default_factory=dict)  # agent id -> claims
    exclusions: dict[str, list[Exclusion]] = field(default_factory=dict)

    @property
    def claimers(self) -> list[str]:
        return sorted(self.claims)

    def state(self, agent_id: str) -> str:
        """ "owns", "shares", "excludes", "belongs", "both" (claims and excludes) or ""."""
        claims, excludes = agent_id in self.claims, agent_id in self.exclusions
        if claims and excludes:
            return "both"
        if claims:
            return "owns" if len(self.claims) == 1 else "shares"
        if excludes:
            return "belongs" if any(x.owners for x in self.exclusions[agent_id]) else "excludes"
        return ""


@dataclass(frozen=True, slots=True)
class Gap:
    area: str
    said_by: Link
    owner: Link
    exclusion: Exclusion


@dataclass
class BoundaryView:
    areas: list[AreaRow]
    agents: list[Link]
    grid: bool
    overlaps: list[AreaRow]
    gaps: list[Gap]
    contradictions: list[tuple[str, Link, list[Claim], list[Exclusion]]]
    stated: list[Relation]
    links: dict[str, Link]


def boundary_view(ctx: Context) -> BoundaryView:
    team = ctx.team
    areas = taxonomy(ctx.options.areas, ctx.options.replace_areas)
    rows = {name: AreaRow(name) for name in areas}
    for agent_id in team.agents:
        link = ctx.link(agent_id)
        facts = ctx.facts[agent_id]
        owners = ctx.owners_by_line(agent_id)
        excluded_lines = {f.line for f in facts.exclusions}
        for fact in [*facts.duties, *facts.triggers]:
            if fact.section != "description" and fact.line in excluded_lines:
                continue
            for area, words in match(fact.text, areas).items():
                rows[area].claims.setdefault(agent_id, []).append(Claim(link, fact, tuple(words)))
        for fact in facts.exclusions:
            named = (
                tuple(o for o in owners.get(fact.line, []) if o.id != agent_id) if fact.section != "description" else ()
            )
            matched = match(fact.text, areas)
            # "Not for security testing" names Security and Testing; a tester excludes the
            # one it does not claim. Only when it claims every area named is it a contradiction.
            unclaimed = {a: w for a, w in matched.items() if agent_id not in rows[a].claims}
            for area, words in (unclaimed or matched).items():
                rows[area].exclusions.setdefault(agent_id, []).append(Exclusion(link, fact, tuple(words), named))
    used = [row for row in rows.values() if row.claims or row.exclusions]
    overlaps = sorted((r for r in used if len(r.claims) > 1), key=lambda r: (-len(r.claims), r.area))
    gaps: list[Gap] = []
    contradictions = []
    for row in used:
        for agent_id, exclusions in sorted(row.exclusions.items()):
            for exclusion in exclusions:
                for owner in exclusion.owners:
                    if owner.role in {"agent", "missing"} and owner.id not in row.claims:
                        gaps.append(Gap(row.area, exclusion.agent, owner, exclusion))
            if agent_id in row.claims:
                contradictions.append((row.area, ctx.link(agent_id), row.claims[agent_id], exclusions))
    stated = [r for r in team.relations if r.kind == "boundary_with"]
    involved = sorted({a for r in used for a in (*r.claims, *r.exclusions)})
    links = {a: ctx.link(a) for a in team.agents}
    for relation in stated:
        for end in (relation.source, relation.target):
            links.setdefault(end, ctx.link(end))
    return BoundaryView(
        areas=used,
        agents=[ctx.link(a) for a in involved],
        grid=len(involved) <= GRID_LIMIT,
        overlaps=overlaps,
        gaps=_unique_gaps(gaps),
        contradictions=contradictions,
        stated=stated,
        links=links,
    )


def _unique_gaps(gaps: list[Gap]) -> list[Gap]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for gap in gaps:
        key = (gap.area, gap.said_by.id, gap.owner.id)
        if key not in seen:
            seen.add(key)
            out.append(gap)
    return out
