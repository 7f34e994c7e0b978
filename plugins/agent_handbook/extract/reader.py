"""One agent file, read: front matter, then each line of the body in its context.

The reader keeps what the line-level readers cannot know alone: which agent the file is
about, the section a line sits in, the wrapped lines that continue a sentence, and where
the evidence of each relation is quoted from.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..blocks import Line
from ..model import MENTIONS, Agent, Evidence, Mention
from ..names import NameIndex
from ..read import MetaValue
from .context import (
    ASIDE,
    Examples,
    column_kind,
    condition_of,
    form_rows,
    level_of,
    own_level,
    section_kind,
    strip_md,
    text_mode,
    wrapped_units,
)
from .cues import (
    BAD_EXAMPLE,
    BARE_ESCALATE,
    BOUND,
    COLLAB,
    COORDINATOR,
    DELEG,
    DOERS,
    ESC,
    GROUP_WORD,
    HAND,
    IDENTITY_KEYS,
    INLINE_LABEL,
    LEAD_VERB,
    LEAD_VERB_KINDS,
    LEADING,
    NEGATED,
    ROSTER_AGENT_COLUMN,
    ROSTER_DUTY_COLUMN,
    ROUTING_LINE,
    SAYS_WITH,
    SENTENCE_END,
    SHOUTED_WRONG,
    SPEECH,
    STEP_LEADER,
    THIRD_PARTY_LABEL,
    TOPIC_BEFORE,
    UNNAMED_GATE,
    WORK_OBJECT,
    WORKFLOW_HEADING,
)
from .frontmatter import (
    entry_siblings,
    key_relation,
    key_words,
    looks_like_names,
    parent_kind,
    relation_container,
    split_names,
)
from .names import Name, find_names, may_name, role_target
from .prose import INDEX, Found, clean, mask, read_direction_label, read_leading, read_prose


class AgentReader:
    """Reads every relation statement of one agent file into :class:`Mention` objects."""

    def __init__(self, agent: Agent, index: NameIndex, source_lines: list[str]) -> None:
        self.agent = agent
        # Names shared by several agents mean the one nearest to this file.
        self.index = index.near(agent.source, agent.id)
        self.source_lines = source_lines
        self.mentions: list[Mention] = []
        #: A coordinator's plain list of other agents is its roster: whom it gives work to.
        self.coordinator = bool(COORDINATOR.search(agent.id))
        #: The level of an escalation ladder that is this agent ("Level 3: Coordinator
        #: Review (You)"): the levels below it are the steps of those who escalate to it.
        self.own_level: int | None = None
        #: The file's title: its first heading, when it names the agent itself ("# PawBuilder —
        #: Collaborative Feature Engineer"); its words describe the agent, not a section.
        self.title: str | None = None
        #: Whether this agent routes work: a coordinator, or a file with a roster section
        #: ("## Your team", "## Available agents"); its routing lines are delegation.
        self.routes = self.coordinator

    # -- helpers ---------------------------------------------------------------------
    def is_self(self, name: Name) -> bool:
        return name.agent == self.agent.id

    def quote(
        self, line: int, matched: str | None = None, around: int | None = None, starts: tuple[tuple[int, int], ...] = ()
    ) -> Evidence:
        """The evidence for a relation on ``line``: the line itself, or for a long line or a
        sentence wrapped over several lines the sentence of ``matched`` (the text as matched)
        around offset ``around``, on the line where that offset falls."""
        if starts and matched is not None and around is not None:
            line = starts[max(0, bisect.bisect_right(starts, (around, _NO_LINE)) - 1)][1]
            return Evidence(self.agent.source, line, _sentence_around(matched, around))
        text = self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else (matched or "")
        text = readable(text, in_front_matter=line < self.agent.body_line)
        if len(text) > 300:
            text = _sentence_around(matched, around) if matched else text[:297] + "…"
        return Evidence(self.agent.source, line, text)

    def add(
        self,
        kind: str,
        name: Name | str,
        evidence: Evidence,
        *,
        incoming: bool = False,
        style: str | None = None,
        level: int | None = None,
        condition: str = "",
        what: str = "",
        subject: Name | None = None,
        strength: str = "stated",
    ) -> None:
        if kind == ESC and not incoming and level is not None and self.own_level and level < self.own_level:
            return  # "Level 2: Peer Consultation" below "Level 3: ... (You)": the team's step, not this agent's
        # A name already resolved ("QA" -> qa-engineer) travels as the agent's id.
        written = (name.agent or name.written) if isinstance(name, Name) else name
        name_style = style or (name.style if isinstance(name, Name) else "list")
        if kind == HAND and incoming and name_style == "assistant":
            kind = DELEG  # "when the parent agent provides a path": the one who runs this agent gives it work
        if (
            kind == HAND
            and not incoming
            and self.routes
            and strength == "inferred"
            and (subject is None or subject.agent == self.agent.id)
            and isinstance(name, Name)
            and name.agent is not None
            and name_style != "user"
        ):
            # A lead's table or flow line ("| Session start | planner only |" under a "Next"
            # column): the lead runs the next agent, it hands nothing over
            kind = DELEG
        if name_style == "user":
            if kind == HAND:
                return  # every agent takes its request from the user and answers it: no hand-off
            if kind == BOUND or (kind == DELEG and not incoming):
                # "a decision that belongs to the user", "→ user confirms each action" under
                # "Before Assigning": the user decides; nobody gives the user work
                kind = ESC
        source: str | None = None
        target: str | None = written
        if subject is not None and subject.agent != self.agent.id:
            # A statement about two other agents: kept only when both are agents of the team.
            if subject.agent is None or (isinstance(name, Name) and name.agent is None):
                return
            if incoming:  # "backend-dev receives specs from tech-lead": tech-lead -> backend-dev
                source, target = written, subject.agent
            else:
                source = subject.agent
        elif incoming:
            source, target = written, None
        self.mentions.append(
            Mention(
                kind,
                target,
                evidence,
                source=source,
                level=level if kind == ESC else None,
                condition=condition,
                style=name_style,
                what=what,
                strength=strength,
            )
        )

    # -- prose -----------------------------------------------------------------------
    def prose(
        self,
        text: str,
        line: int,
        context: tuple[str, ...] = (),
        *,
        kind_line: str = "para",
        in_example: bool = False,
        header: tuple[str, ...] = (),
        cells: tuple[str, ...] = (),
        subject: Name | None = None,
        level: int | None = None,
        more: tuple[tuple[int, str], ...] = (),
        template: bool = False,
    ) -> None:
        """Relations in ``text`` on ``line``; ``more`` holds the (line, text) of wrapped
        continuation lines, read together with it as one sentence.

        In a ``template`` (a form to fill in) only a cue naming an agent of the team counts:
        its bare names and section defaults are the template's, not the agent's behaviour.
        """
        if not self._may_state(text, more, kind_line, context):
            return
        if BAD_EXAMPLE.search(text) or any(SHOUTED_WRONG.match(part) for _, part in more):
            return  # what is shown as wrong, or a line that the next one calls WRONG
        if "“" in text or '"' in text or "'" in text:
            text = SPEECH.sub(" ", text)
        starts: tuple[tuple[int, int], ...] = ()
        if more:
            pieces = [(line, clean(text))] + [(n, clean(t)) for n, t in more if not BAD_EXAMPLE.search(t)]
            offset, joined, table = 0, [], []
            for number, piece in pieces:
                table.append((offset, number))
                joined.append(piece)
                offset += len(piece) + 1
            text, starts = " ".join(joined), tuple(table)
        reading = read_prose(text, self.index, in_example=in_example)
        found, names, masked = reading.found, reading.names, reading.masked
        if kind_line == "heading":
            found = [f for f in found if not f.bare]  # "### Server Component with Data Fetching"
        if not names:
            if kind_line != "heading" and context and BARE_ESCALATE.search(text):
                self._escalate_to_heading(text, line, context)
            elif (
                kind_line != "heading"
                and not in_example
                and not template
                and (gate := UNNAMED_GATE.search(text))
                and not NEGATED.search(text, max(0, gate.start() - 40), gate.start())
            ):
                # "pause at each [CHECKPOINT] gate, wait for confirmation": the person the agent
                # works for confirms, though no one is named
                self.add(ESC, "user", self.quote(line), style="user", condition=condition_of(text), strength="inferred")
            return
        evidence = None
        section = section_kind(self._untitled(context))
        inline = INLINE_LABEL.match(masked) if kind_line != "heading" else None
        if inline and (labelled := section_kind((inline.group(1),))):
            section = labelled  # "Output goes to: `tester`, `qa`", "Escalation: ask @lead"
        condition = condition_of(text)
        if level is None:
            level = level_of(context + (masked,))
        for item in found:
            if template and (not item.kind or item.name.agent is None):
                continue
            if not item.kind:
                if item.name.agent == self.agent.id:
                    continue
                if (
                    section is None
                    and self.routes
                    and item.name.agent is not None
                    and kind_line in {"item", "para"}
                    and ROUTING_LINE.match(masked)
                ):
                    section = (DELEG, False)  # a lead's "- Forms → forms-agent": where that work goes
                elif (
                    section is None
                    and not self.routes
                    and item.name.agent is not None
                    and kind_line == "item"
                    and ROUTING_LINE.match(masked)
                ):
                    # a specialist's "- Need external docs? → researcher": whose work that is
                    item = replace(item, kind=BOUND, strength="inferred")
                if section is None or section[0] == BOUND:
                    if item.kind:
                        evidence = self.quote(line, reading.text, item.name.start, starts)
                        self.add(BOUND, item.name, evidence, condition=condition, subject=subject, strength="inferred")
                    continue
                item = replace(item, kind=section[0], incoming=section[1], strength="inferred")
            elif (
                (item.routing or item.pointer)
                and not item.incoming
                and section is not None
                and section[0] == BOUND
                and kind_line != "heading"
            ):
                item = replace(item, kind=BOUND)  # "## When NOT to use: - For database work -> use X": X's work
            elif item.kind == COLLAB and section is not None and section[0] == ESC and not item.incoming:
                item = replace(item, kind=ESC)  # "Ask the tech lead" under an escalation heading
            elif item.peer and not self.coordinator and section is not None and section[0] == COLLAB:
                item = replace(item, kind=COLLAB)  # a specialist's "Engage X on Y" among its peers
            elif item.routing and (self.coordinator or (self.routes and section is not None and section[0] == DELEG)):
                item = replace(item, kind=DELEG)  # a coordinator's "use gem-debugger instead" routes work
            elif item.kind == HAND and not item.incoming and WORK_OBJECT.search(item.what):
                item = replace(item, kind=DELEG)  # "send backend work to a backend agent": work to do, no result
            evidence = self.quote(line, reading.text, item.name.start, starts)
            who = item.subject or subject
            self.add(
                item.kind,
                item.name,
                evidence,
                incoming=item.incoming,
                level=level,
                condition=condition,
                what=item.what,
                subject=who,
                strength=item.strength,
            )
        governed = {id(f.name) for f in found}
        if not (in_example or template):
            for kind, name, incoming in self._placed(masked, names, section, found, kind_line, context):
                if name.style == "short":
                    continue  # "the Bicep path" under a routing section: a short name needs a cue
                if id(name) not in governed:
                    governed.add(id(name))
                    self.add(
                        kind,
                        name,
                        self.quote(line),
                        incoming=incoming,
                        level=level,
                        condition=condition,
                        subject=subject,
                        strength="inferred",
                    )
        # Agents named with no cue: listed as mentions, never drawn.
        for name in names:
            if (
                id(name) not in governed
                and name.agent is not None
                and name.style != "short"
                and not self.is_self(name)
                and subject is None
            ):
                evidence = self.quote(line, reading.text, name.start, starts)
                self.mentions.append(Mention(MENTIONS, name.agent, evidence, style=name.style, strength="mention"))

    def _may_state(
        self, text: str, more: tuple[tuple[int, str], ...], kind_line: str, context: tuple[str, ...]
    ) -> bool:
        """The pre-filter where prose enters: whether the text can state any relation at all.

        Most lines name no agent and no person (:func:`may_name`), and then no cue can give
        a relation; only two rules read such a line: a bare "escalate" (to the heading above
        it) and a gate with no one named ("wait for approval": the user). A new rule that reads
        lines naming no one must be let through here too. Other lines are left here, before
        the rules run. The test is made on a superset of what the rules read
        (a single line before quoted speech is taken out, every wrapped line before bad
        examples are): taking out text, or a line of a joined sentence, never adds a name.
        """
        if more:
            if "“" in text or '"' in text or "'" in text:
                text = SPEECH.sub(" ", text)  # cleaning after it, as the rules do, may join words
            text = " ".join([clean(text), *(clean(part) for _, part in more)])
        if may_name(text, self.index):
            return True
        if kind_line == "heading":
            return False
        # A bare "escalate" goes to the heading above it; a gate ("wait for approval") to the user.
        return bool(context) and "escalat" in text.casefold() or bool(UNNAMED_GATE.search(text))

    def _placed(
        self,
        masked: str,
        names: list[Name],
        section: tuple[str, bool] | None,
        found: list[Found],
        kind_line: str,
        context: tuple[str, ...] = (),
    ) -> list[tuple[str, Name, bool]]:
        """Names whose relation comes from where they stand: a direction label ("TO
        backend-dev:", "FROM data-engineer:", "WITH frontend-staff:") or the lead of a line
        under a section that names a kind ("**Escalation:** - Tech Lead: for design")."""
        inline = INLINE_LABEL.match(masked) if kind_line != "heading" else None
        if inline and section is not None and section_kind((inline.group(1),)) == section:
            if found:
                return []
            # The names listed after a label that names the kind, in its first sentence,
            # wherever they stand in the list ("Output goes to: the developer (fix), `tester`").
            listed = masked[inline.end() :]
            listed = listed[: end.start()] if (end := SENTENCE_END.search(listed)) else listed
            return [
                (section[0], names[int(m.group(1))], section[1])
                for m in INDEX.finditer(listed)
                if not TOPIC_BEFORE.search(listed, 0, m.start())
            ]
        label = read_direction_label(masked, names)
        if label:
            direction, listed = label
            kind = COLLAB if direction == "with" else (section[0] if section else None)
            if kind is None and direction == "in":
                kind = HAND
            return [(kind, name, direction == "in") for name in listed] if kind else []
        if kind_line in {"item", "para"} and not found and (section is not None and section[0] == DELEG or self.routes):
            # A routing line of a lead: "- Research: **researcher**", "- Forms → forms-agent".
            routed = ROUTING_LINE.match(masked)
            if routed:
                return [
                    (DELEG, names[int(i)], False)
                    for i in INDEX.findall(routed.group("list"))
                    if names[int(i)].agent is not None and not self.is_self(names[int(i)])
                ]
        if (
            section is None
            and not found
            and self.routes
            and kind_line == "item"
            and any(WORKFLOW_HEADING.search(h) for h in context)
        ):
            # A lead's workflow whose steps are led by agents: "1. **backend-dev** implements the API".
            step = STEP_LEADER.match(masked)
            leader = names[int(step.group(1))] if step else None
            return [(DELEG, leader, False)] if leader and leader.agent and not self.is_self(leader) else []
        if section is None or found:
            return []
        kind, incoming = section
        if kind == BOUND and kind_line == "heading":
            return []
        if (
            kind == COLLAB
            and self.coordinator
            and kind_line == "item"
            and not SAYS_WITH.search(context[-1] if context else "")
        ):
            kind = DELEG  # "## Integration with other agents" in an orchestrator: "- **windows-infra-admin** – on-prem work"
        if kind != BOUND and kind_line == "item" and (led := LEADING.match(masked)):
            verb = LEAD_VERB.match(masked, led.end())
            if verb:
                # "- **security-reviewer**: Escalate sensitivity findings" under "## Related Agents":
                # the line's own verb says what goes to that agent
                kind, incoming = LEAD_VERB_KINDS[verb.lastgroup or ""], False
        # A heading under a relation section names a target only when it is just the name
        # ("### Backend Staff" under "## Escalation"), not a topic that starts with one.
        placed = [
            (kind, name, incoming)
            for name in read_leading(masked, names, whole=kind_line == "heading")
            if not (kind == BOUND and name.style in {"user", "assistant"})
        ]
        if kind == DELEG and kind_line == "item" and self.routes:
            # A lead's rule under its delegation heading names whom work goes to, wherever the
            # team's agents stand: "- Prefer specific over generic (django-backend-expert > backend-developer)".
            leading = {id(name) for _, name, _ in placed}
            doers = {int(i) for m in DOERS.finditer(masked) for i in INDEX.findall(m.group("list"))}
            placed += [
                (kind, name, incoming)
                for position, name in enumerate(names)
                if name.agent is not None
                and not self.is_self(name)
                and id(name) not in leading
                and position not in doers  # "the reports X and Y produce": X and Y write, nobody runs them
            ]
        return placed

    def _untitled(self, context: tuple[str, ...]) -> tuple[str, ...]:
        """``context`` without the file's title: "# Frontend Coordinator" names no section kind."""
        if self.title is None or not context or context[0] != self.title:
            return context
        return context[1:]

    def _find_title(self, lines: list[Line]) -> str | None:
        first = next((line for line in lines if line.kind == "heading"), None)
        if first is None or len(first.headings) != 1:
            return None
        names, _ = find_names(clean(first.content), self.index)
        return first.content if any(self.is_self(name) for name in names) else None

    def _escalate_to_heading(self, text: str, line: int, context: tuple[str, ...]) -> None:
        """ "Escalate with options" under "### Level 4: USER DECISION": the heading names the target."""
        heading = context[-1]
        names, _ = find_names(clean(heading), self.index)
        level = level_of((heading,))
        for name in names:
            if not self.is_self(name):
                self.add(ESC, name, self.quote(line), level=level, condition=condition_of(text), strength="inferred")

    # -- body ------------------------------------------------------------------------
    def body(self, lines: list[Line]) -> None:
        start = len(self.mentions)
        self._body(lines)
        self._own_groups(lines, start)

    def _own_groups(self, lines: list[Line], start: int) -> None:
        """A heading about the team's own agents ("## Coordination with the V3 Team", over a
        list of agents of the team) names no outside group: its group is dropped."""
        groups: dict[int, list[Mention]] = {}
        agent_lines: list[int] = []
        for m in self.mentions[start:]:
            if m.target is None:
                continue
            if self.index.resolve(m.target) is not None:
                agent_lines.append(m.evidence.line)
            elif GROUP_WORD.search(m.target):
                groups.setdefault(m.evidence.line, []).append(m)
        if not groups or not agent_lines:
            return
        agent_lines.sort()
        headings = [line for line in lines if line.kind == "heading"]
        drop: set[int] = set()
        for position, heading in enumerate(headings):
            if heading.number not in groups:
                continue
            depth = len(heading.headings)
            end = next((h.number for h in headings[position + 1 :] if len(h.headings) <= depth), 1 << 62)
            first = bisect.bisect_right(agent_lines, heading.number)
            if first < len(agent_lines) and agent_lines[first] < end:
                drop.update(id(m) for m in groups[heading.number])
        if drop:
            self.mentions = [m for m in self.mentions if id(m) not in drop]

    def _body(self, lines: list[Line]) -> None:
        subject_scope: tuple[str, Name | None] | None = None
        examples = Examples()
        blank_forms = form_rows(lines)
        self.own_level = own_level(lines)
        self.title = self._find_title(lines)
        # A heading whose kind is only in its aside ("### Subagent Mode (dispatched by a primary
        # agent)") says how this agent is run, not that it routes work.
        self.routes = self.coordinator or any(
            line.kind == "heading" and section_kind((ASIDE.sub(" ", line.content),)) == (DELEG, False) for line in lines
        )
        for line, more in wrapped_units(lines):
            context = line.context
            # A table's rows under an example heading are the example's output, whatever the
            # sentence before the table says ("Found 3 PHP-related agents:").
            mode = text_mode(line.headings, line.label if line.kind in {"item", "para", "label"} else "")
            if mode in {"example", "avoid"} or BAD_EXAMPLE.search(line.label):
                continue  # what an example says, or what is shown as wrong, is not behaviour
            subject = self._subject(line, subject_scope)
            if line.kind == "label" or line.kind == "heading":
                subject_scope = (line.content, self._third_party(line.content))
                subject = subject_scope[1]
                if line.kind == "heading":
                    # "### To Security Auditor" under "## Handoff Protocols"
                    self.prose(line.content, line.number, line.headings[:-1], kind_line="heading", subject=subject)
                else:
                    self.prose(line.content, line.number, line.headings, kind_line="label", subject=subject)
                continue
            if line.kind == "row":
                if mode != "template" and line.number not in blank_forms:
                    self.row(line, context, subject)
                continue
            text = examples.readable(line.content if line.kind == "item" else line.text)
            if not text:
                continue
            more = tuple((number, kept) for number, part in more if (kept := examples.readable(part)))
            self.prose(
                text,
                line.number,
                context,
                kind_line=line.kind,
                in_example=line.in_example,
                subject=subject,
                more=more,
                template=mode == "template",
            )

    def _subject(self, line: Line, scope: tuple[str, Name | None] | None) -> Name | None:
        if scope is None or scope[1] is None:
            return None
        if scope[0] in line.context:
            return scope[1]
        return None

    def _third_party(self, title: str) -> Name | None:
        """The agent a label like "**Frontend-coordinator will:**" is about, when not this one."""
        names, text = find_names(clean(title), self.index)
        if not names:
            return None
        match = THIRD_PARTY_LABEL.match(mask(text, names))
        if not match:
            return None
        name = names[int(INDEX.findall(match.group("list"))[0])]
        if name.agent == self.agent.id:
            return None
        return name

    def row(self, line: Line, context: tuple[str, ...], subject: Name | None) -> None:
        cells, header = line.cells, line.header
        if not header:
            return  # the header row itself
        if self._roster_row(line, context):
            return
        condition = strip_md(cells[0]) if cells else ""
        level = None
        for i, head in enumerate(header):
            if re.search(r"\b(?:level|tier)\b", head, re.I) and i < len(cells):
                found = re.search(r"\d+", cells[i])
                level = int(found.group(0)) if found else None
        if level is None and cells:
            level = level_of((cells[0],))
        for i, cell in enumerate(cells):
            if not cell.strip() or i >= len(header):
                continue
            column = column_kind(header[i], i)
            if column:
                kind, incoming = column
                reading = read_prose(cell, self.index)
                found, names = reading.found, reading.names
                governed = {id(f.name) for f in found}
                cell_level = level_of((header[i],)) or level
                for item in found:
                    # In an escalation column every name is an escalation target ("Ask X").
                    item_kind = ESC if kind == ESC and not item.incoming else item.kind or kind
                    self.add(
                        item_kind,
                        item.name,
                        self.quote(line.number),
                        incoming=item.incoming,
                        level=cell_level,
                        condition=condition,
                        subject=item.subject or subject,
                        strength=item.strength if item.kind else "inferred",
                    )
                for name in names:
                    if id(name) in governed or (kind == BOUND and self.is_self(name)):
                        continue
                    self.add(
                        kind,
                        name,
                        self.quote(line.number),
                        incoming=incoming,
                        level=cell_level,
                        condition=condition,
                        subject=subject,
                        strength="inferred",
                    )
            else:
                self.prose(cell, line.number, context, kind_line="row", subject=subject, level=level)

    def _roster_row(self, line: Line, context: tuple[str, ...]) -> bool:
        """A row of a team table: an *Agent* column beside what each is for ("| Agent |
        Specialty |") under a section that names a kind, or in a lead's file. The agents of
        the team in the agent column take the section's kind (delegation in a lead's file)."""
        heads = [strip_md(h) for h in line.header]
        if not heads or not ROSTER_AGENT_COLUMN.match(heads[0]) or len(line.cells) < 2:
            return False
        if not any(ROSTER_DUTY_COLUMN.search(h) for h in heads[1:]) or any(
            column_kind(h, i) for i, h in enumerate(line.header)
        ):
            return False
        section = section_kind(self._untitled(context))
        if section is None:
            if not self.routes:
                return False
            section = (DELEG, False)
        kind, incoming = section
        reading = read_prose(line.cells[0], self.index)
        listed = [n for n in reading.names if n.agent is not None and not self.is_self(n)]
        for name in listed:
            self.add(
                kind,
                name,
                self.quote(line.number),
                incoming=incoming,
                condition=strip_md(line.cells[1]),
                strength="inferred",
            )
        return bool(listed)

    # -- front matter ----------------------------------------------------------------
    def front_matter(self, values: list[MetaValue]) -> None:
        scalars: dict[tuple[str, ...], MetaValue] = {v.path: v for v in values if v.value is not None}
        for value in values:
            path = value.path
            if not path or path[0].lower() in IDENTITY_KEYS:
                continue
            if value.value is None:
                self._key(value, scalars)
                continue
            text = str(value.value)
            if not text.strip():
                continue
            container = relation_container(path)
            if container is not None:
                kind, incoming, field = container
                strict = field == "topics"
                if field == "name" or (field in {"item", "topics"} and looks_like_names(text, self.index, strict)):
                    level, condition = entry_siblings(path, scalars)
                    for written in split_names(text):
                        self._listed(kind, written, value.line, incoming, level, condition)
                    continue
                if field == "skip":
                    continue
            context = tuple(key_words(p) for p in path if not p.startswith("["))
            examples = Examples()
            line = value.line
            for part in text.split("\n"):
                readable = examples.readable(part)
                if readable.strip():
                    line = self._line_of(part, line)
                    self.prose(readable, line, context)

    def _line_of(self, part: str, after: int) -> int:
        """The file's line that holds ``part`` of a front-matter string, from line ``after``
        on: a quoted or folded string spreads over lines that its value does not keep."""
        probe = " ".join(part.split())[:40]
        if not probe:
            return after
        for number in range(after, min(len(self.source_lines), after + 200) + 1):
            if probe in " ".join(self.source_lines[number - 1].split()):
                return number
        return after

    def _listed(self, kind: str, written: str, line: int, incoming: bool, level: int | None, condition: str) -> None:
        evidence = self.quote(line)
        if self.index.resolve(written) == self.agent.id:
            self.mentions.append(Mention(kind, written, evidence, level=level, style="self"))
            return
        if incoming:
            self.mentions.append(
                Mention(kind, None, evidence, source=written, level=level, condition=condition, style="list")
            )
        else:
            self.mentions.append(
                Mention(
                    kind, written, evidence, level=level if kind == ESC else None, condition=condition, style="list"
                )
            )

    def _key(self, value: MetaValue, scalars: dict[tuple[str, ...], MetaValue]) -> None:
        """A key that names a relation and its target: ``to_backend_staff``, ``x_handles``."""
        path = value.path
        key = path[-1]
        parent = parent_kind(path[:-1])
        parsed = key_relation(key, parent)
        if parsed is None:
            return
        kind, incoming, target_words = parsed
        written = "-".join(target_words)
        agent = self.index.resolve(written)
        if agent is None and not role_target(target_words):
            return
        if agent == self.agent.id:
            return  # "devops_handles" in devops.md states its own side of a boundary
        content = scalars.get(path)
        condition = str(content.value) if content is not None else ""
        level = level_of((condition,)) if kind == ESC else None
        evidence = self.quote(value.line)
        if incoming:
            self.mentions.append(
                Mention(kind, None, evidence, source=written, level=level, condition=condition[:200], style="key")
            )
        else:
            self.mentions.append(Mention(kind, written, evidence, level=level, condition=condition[:200], style="key"))


_EMPHASIS = re.compile(r"\*\*|(?<!\w)__|__(?!\w)|`")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")


_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_YAML_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z][\w-]*)(\s*:)")


def readable(text: str, in_front_matter: bool = False) -> str:
    """A source line as a reader would quote it: a table row's cells joined ("Cloud quota
    exceeded — Engineering Manager"), a YAML key as words ("platform engineer handles:"),
    without list markers and emphasis."""
    if _TABLE_ROW.match(text):
        text = " — ".join(cell for cell in (c.strip() for c in text.strip().strip("|").split("|")) if cell)
    elif in_front_matter:
        if text.startswith("description:"):
            text = text[len("description:") :]  # the description speaks for itself
        else:
            text = _YAML_KEY.sub(lambda m: m.group(1) + m.group(2).replace("_", " ") + m.group(3), text, count=1)
    return " ".join(_EMPHASIS.sub("", _LIST_MARKER.sub("", text)).split())


_NO_LINE = 1 << 62  # sorts after every line number at the same offset
_SENTENCE_WINDOW = 1000
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\s;\s")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\s;\s")


def _sentence_around(text: str, position: int | None) -> str:
    """The sentence of a long text that holds offset ``position``, at most 300 characters."""
    if position is None:
        return " ".join(text.split())[:297] + "…"
    # Only a window around the offset is read: a paragraph of megabytes with a relation in
    # every sentence would otherwise be scanned once per relation.
    offset = max(0, position - _SENTENCE_WINDOW)
    window = text[offset : position + _SENTENCE_WINDOW]
    position -= offset
    starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(window, 0, position + 1)]
    begin = max((s for s in starts if s <= position), default=0)
    end_match = _SENTENCE_END.search(window, position)
    end = end_match.end() if end_match else len(window)
    sentence = " ".join(window[begin:end].split()).strip(" ;")
    if len(sentence) > 300:
        sentence = sentence[:297] + "…"
    return sentence


def read_agent(
    agent: Agent, values: list[MetaValue], lines: list[Line], index: NameIndex, source_lines: list[str]
) -> list[Mention]:
    """Every relation statement in one agent file."""
    reader = AgentReader(agent, index, source_lines)
    reader.front_matter(values)
    reader.body(lines)
    return reader.mentions
