"""The boundary matrix: duty areas × agents, with who owns, shares or excludes each area.

Every duty, trigger and description sentence of an agent is matched against the area
taxonomy (:mod:`.areas`); every "do NOT do" sentence too, with the owner it names. The
matched words and the sentence are kept, so each cell can be checked against its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..facts import Fact
from ..model import Relation
from . import Context, Link
from .areas import match, stated_areas, taxonomy

#: Agents shown as columns of the matrix; larger teams get a searchable list per agent.
GRID_LIMIT = 16
#: Most agents sharing an area for it to be shown as an overlap; an area more agents speak
#: of is a common subject of the team ("31 agents mention testing"), listed in one line.
OVERLAP_LIMIT = 5
#: Claims listed with their sentences under an area; beyond, the claimers by name only.
CLAIMS_SHOWN = 8
#: An exclusion that puts an area outside the agent's work ("does not deploy", "not for
#: security reviews", "leave the schema to backend-dev"), not a rule of conduct within it
#: ("never log secrets", "don't ignore security best practices").
_WORK = (
    r"(?:handle|own|do|perform|cover|write|implement|manage|touch|make|run|build|design|deploy|configure"
    r"|review|test|fix|create|modify|change|edit|decide|approve|plan|provision|maintain|debug|triage)s?"
)
_OUT_OF_SCOPE = re.compile(
    r"\bnot\s+(?:for|responsible|in\s+scope|part\s+of|(?:my|your|our|its|their)\s+(?:job|role|area|call|concern))\b"
    r"|\bout\s+of\s+scope\b|\boutside\s+(?:of\s+)?(?:the\s+|your\s+|my\s+|its\s+)?(?:scope|remit)\b"
    r"|\b(?:does|do|will|should|must|can|shall|may)(?:\s+not|n't|n’t)\s+" + _WORK + r"\b"
    r"|\b(?:never|no\s+longer)\s+" + _WORK + r"\b"
    r"|\b(?:leave|leaves|defer|defers|hand|hands)\b.{0,60}?\bto\b|\bbelongs?\s+to\b|\b(?:handled|owned)\s+by\b",
    re.IGNORECASE,
)


#: A section whose items are what the agent answers for, even when they name no work
#: ("Security vulnerabilities and best practices" under *Core responsibilities*).
_RESPONSIBLE = re.compile(
    r"responsib|dut(?:y|ies)|what\s+(?:you|i|this\s+agent)\s+(?:do|own|handle)|you\s+own|\bowns?\b|ownership"
    r"|mission|primary|directive|\bscope\b|when\s+to\s+use|use\s+cases?|triggers?",
    re.IGNORECASE,
)


#: A rule of conduct, not of scope: "don't create agents without understanding the
#: requirements", "never deploy on a Friday unless …" say how the work is done, not that it
#: is someone else's.
_CONDUCT = re.compile(
    r"\b(?:without|unless|until|before|after|except|instead\s+of|rather\s+than|only\s+(?:if|when|after)|"
    r"if|when|whenever|on\s+(?:a\s+)?(?:friday|weekend)s?|blindly)\b",
    re.IGNORECASE,
)
#: What follows names the work that is in scope: "refuse work outside the scope of requirements".
_IN_SCOPE_OBJECT = re.compile(
    r"\b(?:outside|beyond)\s+(?:of\s+)?(?:the\s+|your\s+|my\s+|its\s+|our\s+)?(?:scope|remit|bounds|domain)"
    r"(?:\s+of)?\b.*$|\b(?:unrelated\s+to|other\s+than|not\s+related\s+to)\b.*$",
    re.IGNORECASE,
)


def put_out(text: str) -> str:
    """The part of an exclusion that puts work out of the agent's scope ("" when it is a
    rule of conduct, or no scope statement at all): "Does not deploy" puts deploying out;
    "refuse work outside the scope of requirements" puts out everything but requirements,
    so requirements are not what it excludes."""
    if not _OUT_OF_SCOPE.search(text) or _CONDUCT.search(text):
        return ""
    return _IN_SCOPE_OBJECT.sub("", text)


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


@dataclass(frozen=True, slots=True)
class AgentAreas:
    """One agent's row of the per-agent list: the areas it owns, shares, excludes."""

    agent: Link
    owns: tuple[str, ...]
    shares: tuple[str, ...]
    excludes: tuple[str, ...]


@dataclass
class BoundaryView:
    areas: list[AreaRow]
    agents: list[Link]
    grid: bool
    overlaps: list[AreaRow]
    #: Areas more than OVERLAP_LIMIT agents claim: (area, number of agents).
    common: list[tuple[str, int]]
    gaps: list[Gap]
    contradictions: list[tuple[str, Link, list[Claim], list[Exclusion]]]
    stated: list[Relation]
    links: dict[str, Link]
    per_agent: list[AgentAreas]
    overlap_limit: int = OVERLAP_LIMIT
    grid_limit: int = GRID_LIMIT
    claims_shown: int = CLAIMS_SHOWN


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
            listed = fact.section != "description" and not _RESPONSIBLE.search(fact.section)
            for area, words in stated_areas(fact.text, areas, listed).items():
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
    overlaps = sorted((r for r in used if 1 < len(r.claims) <= OVERLAP_LIMIT), key=lambda r: (-len(r.claims), r.area))
    common = sorted(
        ((r.area, len(r.claims)) for r in used if len(r.claims) > OVERLAP_LIMIT), key=lambda c: (-c[1], c[0])
    )
    gaps: list[Gap] = []
    contradictions = []
    for row in used:
        for agent_id, exclusions in sorted(row.exclusions.items()):
            for exclusion in exclusions:
                for owner in exclusion.owners:
                    if owner.role in {"agent", "missing"} and owner.id not in row.claims:
                        gaps.append(Gap(row.area, exclusion.agent, owner, exclusion))
            # A contradiction needs a stated exclusion ("does not deploy") against a stated
            # duty ("Deploys releases"): not a trigger, nor a line of a "Dos and Don'ts" list.
            stated_exclusions = [x for x in exclusions if row.area in match(put_out(x.fact.text), areas)]
            duties = [c for c in row.claims.get(agent_id, []) if c.fact in ctx.facts[agent_id].duties]
            if stated_exclusions and duties:
                contradictions.append((row.area, ctx.link(agent_id), duties, stated_exclusions))
    stated = [r for r in team.relations if r.kind == "boundary_with"]
    involved = sorted({a for r in used for a in (*r.claims, *r.exclusions)})
    links = {a: ctx.link(a) for a in team.agents}
    for relation in stated:
        for end in (relation.source, relation.target):
            links.setdefault(end, ctx.link(end))
    per_agent = [
        AgentAreas(
            ctx.link(a),
            tuple(r.area for r in used if r.state(a) == "owns"),
            tuple(r.area for r in used if r.state(a) in {"shares", "both"}),
            tuple(r.area for r in used if r.state(a) in {"excludes", "belongs", "both"}),
        )
        for a in involved
    ]
    return BoundaryView(
        areas=used,
        agents=[ctx.link(a) for a in involved],
        grid=len(involved) <= GRID_LIMIT,
        overlaps=overlaps,
        common=common,
        gaps=_unique_gaps(gaps),
        contradictions=contradictions,
        stated=stated,
        links=links,
        per_agent=per_agent,
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
