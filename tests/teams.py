"""Generated teams shaped like the large public collections: many standalone specialists in
plugin folders, duty lines on the subjects every agent speaks of (testing, security, docs),
a few coordinators with ladders and hand-offs, and copies of one agent in several plugins.

Written for the tests from scratch; the same ``n`` and ``seed`` give the same files.
"""

from __future__ import annotations

import random

SUBJECTS = [
    "Write unit tests and integration tests for every change",
    "Review code for security vulnerabilities and secrets",
    "Keep the API documentation and the changelog current",
    "Tune slow database queries and add the missing indexes",
    "Build accessible frontend components with keyboard support",
    "Automate the CI pipeline and its caches",
    "Plan rollouts and rollbacks of each deployment",
    "Watch dashboards, alerts and error budgets",
    "Design service boundaries and data contracts",
    "Profile hot paths and cut memory use",
]
TECH = ["rust", "go", "python", "kotlin", "swift", "react", "vue", "django", "rails", "terraform", "kafka", "redis"]
ROLES = ["expert", "specialist", "engineer", "reviewer", "architect", "developer"]
COPY_TEXT = "You review pull requests for correctness.\n\n## Responsibilities\n\n- Read every diff\n- Ask for tests\n"


def agent_file(name: str, description: str, body: str) -> str:
    return f"---\nname: {name}\ndescription: {description}\n---\n\n{body}\n"


def big_team(n: int, seed: int = 3) -> dict[str, str]:
    """``n`` agent files (relative path -> text) with seven copies of ``code-reviewer``."""
    rng = random.Random(seed)
    files: dict[str, str] = {}
    plugins = max(2, n // 12)
    copies = min(7, plugins)
    for k in range(copies):
        text = COPY_TEXT if k < copies - 2 else COPY_TEXT + f"- Check the plugin {k} conventions\n"
        files[f"plugins/p{k:02d}/agents/code-reviewer.md"] = agent_file("code-reviewer", "Reviews code.", text)
    names: list[str] = []
    while len(names) + copies < n:
        name = f"{rng.choice(TECH)}-{rng.choice(ROLES)}-{len(names)}"
        names.append(name)
    leads = names[:: max(1, len(names) // 8)][:8]
    for number, name in enumerate(names):
        folder = f"plugins/p{number % plugins:02d}/agents"
        duties = "\n".join(f"- {line}" for line in rng.sample(SUBJECTS, 4))
        sections = [f"You are the {name.replace('-', ' ')}.", "## Responsibilities", duties]
        if name in leads:
            workers = rng.sample([x for x in names if x != name], min(4, len(names) - 1))
            sections += ["## Delegation", *[f"- Assign the work on {w.split('-')[0]} to @{w}" for w in workers]]
            sections += ["## Escalation", "Escalate to the user when a release is blocked."]
        elif rng.random() < 0.3:
            lead = rng.choice(leads)
            other = rng.choice(names)
            sections += [
                "## Escalation",
                f"### Level 2\nEscalate to @{lead} when you are stuck.",
                "## Collaboration",
                f"- Hand off the results to @{other} for review." if other != name else "- Work alone.",
            ]
        elif rng.random() < 0.2:
            sections += ["## What you do NOT do", "- Do not deploy to production; that is not your job."]
        files[f"{folder}/{name}.md"] = agent_file(name, f"Use for {name.split('-')[0]} work.", "\n\n".join(sections))
    return files
