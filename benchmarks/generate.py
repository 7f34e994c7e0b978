"""Generate a synthetic team of N agent files for benchmarks.

The files are shaped like real agent definitions (Claude Code style): YAML front matter
(``name``, a ``description`` with "Use when ...", ``tools``, ``model``, sometimes ``color``,
``escalation_to``, ``parallel_compatible`` and ``coordination``), then a Markdown body with
responsibilities, a numbered procedure, a checklist, an escalation protocol with Level 1-4
sections, a table with an "Escalate to" column, a collaboration section, a "What you do NOT
do" section, a code fence and working notes. Each file is 5-10 KB.

Relations are planned, not random noise: every folder of about 50 agents has a lead; agents
escalate to their lead (and sometimes to a second agent), then to a person; they coordinate
with a peer, hand work off to another, and name an owner for what is not their job. That
gives about 4 relations per agent. About 3 % of the agents also name an agent that does not
exist (a dangling reference), and about 4 % have a description that is not valid YAML.

Everything derives from one ``random.Random(seed)``: the same N and seed give the same
bytes.

Shapes (``--shape``): ``large-dense`` is the team above; ``small-*`` files are 2-4 KB (no
working notes, shorter lists) and ``*-sparse`` teams state relations in a quarter of the files
only, as large public collections of standalone specialists do. ``real:FOLDER`` copies a
real collection (``../shared/corpus/...``) as many times as it takes to reach N agents, the
ids of each copy renamed (``devops`` -> ``devops-2``) so that every copy is a team of its own.

    python benchmarks/generate.py 1000 benchmarks/out/team-1000 [--seed 1] [--shape small-sparse]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

MIN_BYTES = 5 * 1024
MAX_BYTES = 10 * 1024
AGENTS_PER_FOLDER = 50

DOMAINS = [
    "payments", "billing", "checkout", "catalog", "inventory", "shipping", "returns", "pricing",
    "search", "ranking", "identity", "accounts", "messaging", "notifications", "mobile", "web",
    "analytics", "reporting", "warehouse", "streaming", "media", "maps", "fraud", "compliance",
    "privacy", "onboarding", "growth", "ads", "partner", "marketplace", "loyalty", "tax",
    "treasury", "procurement", "localization", "accessibility", "scheduling", "ledger-core",
    "subscriptions", "reviews",
]  # fmt: skip
FOLDER_WAVES = ["", "core", "edge", "labs", "ops", "infra", "apps", "data", "platform", "tools"]
SUBS = [
    "api", "schema", "pipeline", "cache", "gateway", "ui", "queue", "batch", "sync", "migration",
    "perf", "config", "integration", "storage", "rollout", "contract",
]  # fmt: skip
ROLES = [
    "engineer", "reviewer", "architect", "tester", "analyst", "operator", "planner", "writer",
    "auditor", "designer", "maintainer", "specialist", "debugger", "optimizer", "steward",
    "monitor", "triager", "modeler", "integrator", "profiler",
]  # fmt: skip
HUMANS = ["Engineering Manager", "the on-call engineer", "the user", "Security Team", "PM"]
MODELS = ["sonnet", "sonnet", "sonnet", "opus", "haiku", "inherit"]
COLORS = ["red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan"]
TOOLS = ["Read", "Write", "Edit", "Grep", "Glob", "Bash", "WebFetch", "WebSearch", "TodoWrite", "Task"]

ARTIFACTS = [
    "the migration plan", "the schema diff", "the release notes", "the load-test report",
    "the rollout checklist", "the API contract", "the incident timeline", "the data model",
    "the review summary", "the test matrix", "the cost estimate", "the runbook draft",
    "the dashboard spec", "the capacity forecast", "the threat model", "the changelog entry",
]  # fmt: skip
TOPICS = [
    "shared fixtures", "the release calendar", "API versioning", "cache invalidation rules",
    "alert thresholds", "feature flag cleanup", "schema ownership", "test data retention",
    "error budgets", "dependency upgrades", "the deprecation schedule", "queue back-pressure",
    "rollout windows", "retry policies", "naming conventions", "log retention",
]  # fmt: skip
DUTY_VERBS = ["Own", "Maintain", "Review", "Design", "Keep", "Document", "Measure", "Test", "Plan", "Audit"]
DUTY_OBJECTS = [
    "the {sub} layer of {domain}", "every change to the {domain} {sub}", "the {sub} runbooks",
    "the {domain} service contracts", "latency and error budgets for {domain}",
    "fixtures and seed data for the {sub} tests", "the {domain} dashboards",
    "backwards compatibility of the {sub} interface", "the on-disk format of {domain} records",
    "the {sub} deployment manifests", "the list of known {domain} failure modes",
    "the {domain} feature flags", "migration scripts for the {sub} store",
    "the acceptance criteria of {domain} stories", "the {sub} configuration defaults",
]  # fmt: skip
DUTY_TAILS = [
    "", "", " and keep them current", ", including the edge cases nobody wrote down",
    " so that a new teammate can follow them", " across every environment",
    ", with numbers rather than impressions", " before each release",
]  # fmt: skip
NOT_DO = [
    "Deploy to production", "Change the database schema", "Approve your own changes",
    "Rotate credentials", "Decide release dates", "Write the customer-facing copy",
    "Tune alert rules", "Edit infrastructure code", "Grant access to production data",
    "Redesign the public API",
]  # fmt: skip
SITUATIONS = [
    ("A test fails only on CI", "Re-run once and read the runner logs"),
    ("A change breaks the {sub} contract", "Revert, then open a ticket describing the break"),
    ("Latency doubles after a deploy", "Compare the flame graphs of both versions"),
    ("Data in {domain} looks inconsistent", "Stop writes to the affected partition"),
    ("A dependency has a known vulnerability", "Pin the last safe version"),
    ("Two requirements contradict each other", "Write both down, side by side"),
    ("The {sub} queue keeps growing", "Check consumer lag and recent config changes"),
    ("A migration runs longer than planned", "Pause it at the next checkpoint"),
]  # fmt: skip
CHECKS = [
    "Tests pass locally and on CI", "The change log entry is written", "Metrics for {domain} are unchanged",
    "The {sub} contract tests are green", "No secrets in the diff", "Docs are updated where behaviour changed",
    "Rollback steps are written down", "Feature flags default to off", "Error messages say what to do next",
    "The reviewer has the context they need",
]  # fmt: skip
STEPS = [
    "Read the ticket and restate the goal in one sentence",
    "Reproduce the problem, or write down why it cannot be reproduced",
    "Find the smallest change that solves it",
    "Write or update the tests first",
    "Make the change in the {sub} layer only",
    "Run the full {domain} suite, not just the new tests",
    "Measure before and after, and keep both numbers",
    "Write the summary: what changed, why, and how to undo it",
    "Check the dashboards for {domain} an hour after the change lands",
]  # fmt: skip
LEVEL_LABELS = [
    ("Level 1 — routine", "Something in your own area is unclear or slower than expected."),
    ("Level 2 — blocked", "You are blocked for more than an hour, or a fix needs a change outside {sub}."),
    ("Level 3 — cross-team", "The problem spans several services or needs a design decision."),
    ("Level 4 — business impact", "Customers are affected, data may be lost, or money is at stake."),
]  # fmt: skip
FILLER = [
    "Prefer small, reversible changes to large, clever ones; a change that can be undone in a minute is worth more than a perfect one that cannot.",
    "Numbers beat adjectives. When you say something is slow, say how slow, measured where, and compared to what.",
    "Every decision that surprised you is worth a sentence in the notes, so that the next person is not surprised twice.",
    "Keep the {domain} {sub} boring: predictable names, predictable layouts, and the same error format everywhere.",
    "When a request is ambiguous, write down the two readings and pick the cheaper one to undo.",
    "Logs are for the person debugging at three in the morning; write them for that person, in plain words.",
    "A test that fails one time in fifty is a broken test; quarantine it the day you notice and file a ticket.",
    "Old code in {domain} often encodes rules that nobody remembers; read the history before you delete anything.",
    "Configuration lives in one place per environment. If you find a second place, the first task is to remove it.",
    "Review your own diff before anyone else does, line by line, as if a stranger had written it.",
    "The {sub} layer has a budget of a few milliseconds per request; spend it on purpose.",
    "When you are unsure whether a change is safe, it is not yet safe: add a flag, a check or a test until you are sure.",
    "Write commit messages that explain why; the diff already says what.",
    "Dashboards for {domain} should answer one question each. A dashboard that answers everything answers nothing.",
    "If a runbook step has not been run in six months, run it in staging and fix what is stale.",
    "Estimate in ranges and say which end you believe. A single number hides how much you do not know.",
    "Delete dead feature flags within two releases of the rollout reaching everyone.",
    "Treat warnings in the build as bugs that have not happened yet.",
]  # fmt: skip
NOTE_HEADINGS = ["Working notes", "Context", "Principles", "Things we learned", "Conventions"]
CODE_SAMPLES = [
    (
        "bash",
        "# reproduce the {sub} failure locally\nmake test-{sub} SEED=42\n./scripts/replay --service {domain} --since 1h\n"
        "# hand the trace to @{mention} if it points outside {sub}",
    ),
    (
        "yaml",
        '{domain}:\n  {sub}:\n    timeout_ms: 250\n    retries: 2\n    owner: {name}\n    escalate: "@{mention}"',
    ),
    ("python", 'def check_{sub_id}(record):\n    assert record.version >= 2, "old {sub} record"\n    return record.id'),
]


@dataclass
class Spec:
    """One planned agent: its name, folder and the agents it names."""

    name: str
    folder: str
    domain: str
    sub: str
    role: str
    lead: str = ""
    escalate: list[str] = field(default_factory=list)
    human: str = ""
    collaborate: str = ""
    hand_off: str = ""
    receives_from: str = ""
    boundary: str = ""
    missing: str = ""


def title(name: str) -> str:
    return " ".join(part.capitalize() for part in name.split("-"))


def plan(n: int, rng: random.Random) -> list[Spec]:
    """Names, folders and relations of ``n`` agents."""
    folders = max(1, round(n / AGENTS_PER_FOLDER))
    folder_names = []
    for i in range(folders):
        domain = DOMAINS[i % len(DOMAINS)]
        wave = FOLDER_WAVES[(i // len(DOMAINS)) % len(FOLDER_WAVES)]
        extra = i // (len(DOMAINS) * len(FOLDER_WAVES))
        name = "-".join(p for p in (domain, wave, str(extra) if extra else "") if p)
        folder_names.append((name, domain))

    taken: set[str] = set()
    specs: list[Spec] = []
    for i in range(n):
        folder, domain = folder_names[i % folders]
        first = i < folders  # the first agent of each folder is its lead
        for attempt in range(200):
            sub = rng.choice(SUBS)
            role = "lead" if first else rng.choice(ROLES)
            name = f"{domain}-{sub}-{role}"
            if attempt > 50:
                name = f"{name}-{attempt}"
            if name not in taken:
                break
        taken.add(name)
        specs.append(Spec(name, folder, domain, sub, role))

    by_folder: dict[str, list[Spec]] = {}
    for spec in specs:
        by_folder.setdefault(spec.folder, []).append(spec)
    leads = [members[0].name for members in by_folder.values()]
    principal = leads[0]  # the lead of the first folder is the top of the ladder

    for spec in specs:
        members = by_folder[spec.folder]
        lead = members[0].name
        peers = [m.name for m in members if m.name != spec.name] or [s.name for s in specs if s.name != spec.name]
        others = [s.name for s in specs if s.name != spec.name] if len(specs) < 400 else None

        def anyone(spec: Spec = spec, others: list[str] | None = others) -> str:
            if others is not None:
                return rng.choice(others) if others else spec.name
            while True:  # large teams: sample without building the list
                pick = rng.choice(specs).name
                if pick != spec.name:
                    return pick

        def near(peers: list[str] = peers) -> str:
            # 75 % inside the folder, 25 % anywhere in the team
            return rng.choice(peers) if rng.random() < 0.75 or len(specs) < 3 else anyone()

        if spec.name == lead:
            up = principal if spec.name != principal else (leads[1] if len(leads) > 1 else peers[0])
            spec.lead = up
            spec.escalate = [up]
            if rng.random() < 0.3 and len(leads) > 2:
                spec.escalate.append(rng.choice([x for x in leads if x not in (spec.name, up)] or [up]))
        else:
            spec.lead = lead
            spec.escalate = [lead]
            if rng.random() < 0.25:
                second = rng.choice([x for x in leads if x != lead] or [principal])
                if second != spec.name:
                    spec.escalate.append(second)
        spec.human = rng.choice(HUMANS)
        spec.collaborate = near()
        if rng.random() < 0.55:
            spec.hand_off = near()
        if rng.random() < 0.15:
            spec.receives_from = near()
        if rng.random() < 0.45:
            spec.boundary = rng.choice([spec.collaborate, near()])
        if rng.random() < 0.03:
            spec.missing = f"{spec.domain}-legacy-{rng.choice(['bridge', 'importer', 'auditor', 'shim'])}"
    return specs


def mention(name: str, rng: random.Random) -> str:
    """One of the ways real files write an agent's name."""
    r = rng.random()
    if r < 0.55:
        return f"@{name}"
    if r < 0.75:
        return f"**{title(name)}**"
    if r < 0.9:
        return f"`{name}`"
    return f"the {name} agent"


def fill(template: str, spec: Spec) -> str:
    return template.format(
        domain=spec.domain, sub=spec.sub, name=spec.name, sub_id=spec.sub.replace("-", "_"), mention=spec.lead
    )


def front_matter(spec: Spec, rng: random.Random) -> str:
    use = (
        f"Use when work touches the {spec.sub} layer of {spec.domain}: "
        if rng.random() < 0.04  # an unquoted ': ' makes this front matter invalid YAML
        else f"Use when work touches the {spec.sub} layer of {spec.domain}, "
    )
    description = (
        use
        + rng.choice(
            ["a change needs review", "a regression needs a root cause", "a plan needs numbers", "tests are flaky"]
        )
        + f", or the {spec.domain} {rng.choice(TOPICS)} need attention. "
        + f"Use proactively after any change to {spec.domain}/{spec.sub}/."
    )
    tools = rng.sample(TOOLS, rng.randint(3, 7))
    lines = ["---", f"name: {spec.name}", f"description: {description}"]
    lines.append(f"tools: {', '.join(tools)}" if rng.random() < 0.8 else f"tools: [{', '.join(tools)}]")
    lines.append(f"model: {rng.choice(MODELS)}")
    if rng.random() < 0.4:
        lines.append(f"color: {rng.choice(COLORS)}")
    if rng.random() < 0.35:
        lines.append(f"escalation_to: [{', '.join(spec.escalate)}]")
    if rng.random() < 0.3:
        lines.append(f"parallel_compatible: [{spec.collaborate}]")
    if (spec.hand_off or spec.receives_from) and rng.random() < 0.4:
        lines.append("coordination:")
        if spec.hand_off:
            lines.append(f"  hands_off_to: [{spec.hand_off}]")
        if spec.receives_from:
            lines.append(f"  receives_from: [{spec.receives_from}]")
    lines.append("---")
    return "\n".join(lines) + "\n"


def paragraph(text: str, wrap: bool) -> str:
    return textwrap.fill(text, 92) if wrap else text


def body(spec: Spec, rng: random.Random, target: int, head: int) -> str:
    wrap = rng.random() < 0.5
    out: list[str] = [f"# {title(spec.name)}", ""]
    out.append(
        paragraph(
            f"You are the {spec.role} for the {spec.sub} layer of {spec.domain}. "
            + fill(rng.choice(FILLER), spec)
            + f" Most of your work starts from a ticket in the {spec.domain} board and ends with a reviewed change.",
            wrap,
        )
    )
    out += ["", "## Responsibilities", ""]
    for _ in range(rng.randint(5, 8)):
        duty = f"{rng.choice(DUTY_VERBS)} {fill(rng.choice(DUTY_OBJECTS), spec)}{rng.choice(DUTY_TAILS)}."
        out.append(f"- {duty}")

    out += ["", "## How you work", ""]
    for number, step in enumerate(rng.sample(STEPS, rng.randint(4, 7)), 1):
        out.append(f"{number}. {fill(step, spec)}.")

    out += ["", "## Checklist before you finish", ""]
    for check in rng.sample(CHECKS, rng.randint(4, 6)):
        out.append(f"- [ ] {fill(check, spec)}")

    if spec.escalate:
        # Escalation: Level 1-2 to the lead, Level 3 to the second target (or the lead), Level 4 to a person.
        out += ["", "## Escalation protocol", ""]
        targets = [spec.escalate[0], spec.escalate[0], spec.escalate[-1], None]
        for (label, when), target_name in zip(LEVEL_LABELS, targets):
            out += [f"### {label}", "", fill(when, spec)]
            if target_name is None:
                out.append(f"Escalate to: {spec.human}")
            else:
                out.append(f"Escalate to: @{target_name}")
            out.append("")
        out += ["| Situation | First response | Escalate to |", "|---|---|---|"]
        for situation, response in rng.sample(SITUATIONS, rng.randint(3, 5)):
            who = rng.choice([f"@{spec.escalate[0]}", f"@{spec.escalate[-1]}", spec.human])
            out.append(f"| {fill(situation, spec)} | {fill(response, spec)} | {who} |")

        out += ["", "## Collaboration", ""]
        out.append(f"- Coordinate with {mention(spec.collaborate, rng)} on {rng.choice(TOPICS)}.")
        if spec.hand_off:
            out.append(f"- Hand off {rng.choice(ARTIFACTS)} to {mention(spec.hand_off, rng)} once the review is done.")
        if spec.missing:
            out.append(f"- Coordinate with @{spec.missing} on anything that still reads the old format.")
        out.append(f"- Keep {rng.choice(ARTIFACTS)} in the {spec.domain} repository, next to the code it describes.")

    out += ["", "## What you do NOT do", ""]
    for item in rng.sample(NOT_DO, rng.randint(2, 4)):
        out.append(f"- {item}.")
    if spec.boundary:
        out.append(f"- {rng.choice(NOT_DO)} for another team's service (that's {spec.boundary}'s job).")

    language, code = rng.choice(CODE_SAMPLES)
    out += ["", "## Example", "", f"```{language}", fill(code, spec), "```"]

    text = "\n".join(out) + "\n"
    # Pad with working notes up to the target size.
    notes = ["", f"## {rng.choice(NOTE_HEADINGS)}", ""]
    size = head + len(text.encode())
    while size + len("\n".join(notes).encode()) < target:
        if rng.random() < 0.3:
            notes += [f"### {rng.choice(TOPICS).capitalize()}", ""]
            notes += [f"- {fill(rng.choice(CHECKS), spec)}." for _ in range(rng.randint(2, 4))] + [""]
        else:
            sentences = [fill(s, spec) for s in rng.sample(FILLER, rng.randint(2, 4))]
            notes += [paragraph(" ".join(sentences), wrap), ""]
    return text + "\n".join(notes).rstrip() + "\n"


SHAPES = ("large-dense", "large-sparse", "small-dense", "small-sparse")
SMALL_BYTES = (2 * 1024, 4 * 1024)


def render(spec: Spec, rng: random.Random, small: bool = False) -> str:
    head = front_matter(spec, rng)
    low, high = SMALL_BYTES if small else (MIN_BYTES, MAX_BYTES)
    target = rng.randint(low + 200, high - 600)
    text = head + "\n" + body(spec, rng, target, len(head.encode()) + 1)
    if small:
        text = _shorten(text, high)
    size = len(text.encode())
    if size > high:  # trim whole trailing paragraphs of the notes
        cut = text.rfind("\n\n", 0, high - 1)
        text = text[: cut + 1]
    return text


def _shorten(text: str, limit: int) -> str:
    """A small file: the sections in order, each cut to its first lines, until ``limit``."""
    out, size = [], 0
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if lines[0].startswith(("- ", "| ", "1. ")) and len(lines) > 3:
            block = "\n".join(lines[:3])
        if size + len(block.encode()) + 2 > limit:
            break
        out.append(block)
        size += len(block.encode()) + 2
    return "\n\n".join(out).rstrip() + "\n"


def _unrelated(spec: Spec) -> Spec:
    """The same agent, naming no one: a standalone specialist."""
    return Spec(spec.name, spec.folder, spec.domain, spec.sub, spec.role, human=spec.human)


def _real(n: int, source: Path, out: Path) -> list[tuple[Path, bytes]]:
    """Copies of a real collection, each with its agents' ids renamed, until ``n`` files."""
    import re

    files = sorted(p for p in source.rglob("*.md") if p.name.lower() not in {"readme.md", "license.md"})
    names = sorted({p.stem.removesuffix(".agent") for p in files}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])") if names else None
    written: list[tuple[Path, bytes]] = []
    copy = 1
    while len(written) < n and files:
        for path in files:
            if len(written) >= n:
                break
            text = path.read_text(encoding="utf-8", errors="replace")
            if copy > 1 and pattern is not None:
                text = pattern.sub(lambda m, n=copy: f"{m.group(1)}-{n}", text)
            target = out / f"copy-{copy}" / path.relative_to(source)
            if copy > 1:
                target = target.with_name(target.name.replace(path.stem, f"{path.stem}-{copy}", 1))
            written.append((target, text.encode()))
        copy += 1
    return written


def generate(n: int, out: Path, seed: int = 1, shape: str = "large-dense") -> dict[str, int]:
    """Write ``n`` agent files of ``shape`` under ``out`` (replacing it) and return a summary."""
    if out.exists():
        shutil.rmtree(out)
    if shape.startswith("real:"):
        files = _real(n, Path(shape[5:]), out)
    else:
        if shape not in SHAPES:
            raise ValueError(f"unknown shape {shape!r}: one of {', '.join(SHAPES)} or real:FOLDER")
        # The large dense team keeps the seed of the first benchmarks: the same bytes as before.
        rng = random.Random(f"agent-handbook-bench:{seed}:{n}" + ("" if shape == "large-dense" else f":{shape}"))
        specs = plan(n, rng)
        if shape.endswith("sparse"):
            specs = [s if rng.random() < 0.25 else _unrelated(s) for s in specs]
        small = shape.startswith("small")
        files = [(out / s.folder / f"{s.name}.md", render(s, rng, small).encode()) for s in specs]
    sizes = []
    for path, data in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        sizes.append(len(data))
    return {
        "agents": len(files),
        "folders": len({p.parent for p, _ in files}),
        "bytes": sum(sizes),
        "smallest": min(sizes, default=0),
        "largest": max(sizes, default=0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of agents")
    parser.add_argument("out", type=Path, help="folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", default="large-dense", help=f"{', '.join(SHAPES)} or real:FOLDER")
    args = parser.parse_args(argv)
    summary = generate(args.n, args.out, args.seed, args.shape)
    print(" ".join(f"{k}={v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
