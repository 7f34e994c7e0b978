"""Print lines that name another agent of the team but gave no relation (recall review).

usage: python scripts/review_mentions.py AGENTS_DIR [--all]
"""

import sys
from collections import defaultdict

from agent_handbook.extract import iter_names
from agent_handbook.team import load_team

team = load_team([sys.argv[1]])
show_all = "--all" in sys.argv
used = defaultdict(set)
for relation in team.relations:
    for evidence in relation.evidence:
        used[evidence.file].add(evidence.line)
for agent in team.agents.values():
    for line in team.lines[agent.id]:
        names = [n for n in iter_names(line.text, team.index) if n.agent and n.agent != agent.id]
        if names and (show_all or line.number not in used[agent.source]):
            print(f"{agent.source}:{line.number}: [{', '.join(n.agent for n in names)}] {line.text[:160]}")
