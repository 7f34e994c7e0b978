"""Write the list of words common in agent files (``extract/common_words.txt``).

An agent whose one-word name is a common word ("plan", "review", "docs") is not found in
prose by that word alone: it is written as a word far more often than as the agent. The
list is every lower-case word of three letters or more that appears in lower case in at
least ``--files`` agent files of the collections given (by default ../shared/corpus).

    .venv/bin/python scripts/common_words.py [FOLDER ...] [--files 6]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "plugins" / "agent_handbook" / "extract" / "common_words.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[ROOT.parent / "shared" / "corpus"])
    parser.add_argument("--files", type=int, default=6, help="least number of files a word must appear in")
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    for folder in args.folders:
        for path in sorted(folder.rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            counts.update(set(re.findall(r"(?<![\w-])[a-z]{3,}(?![\w-])", text)))
    words = sorted(w for w, n in counts.items() if n >= args.files)
    OUT.write_text(
        "# Words common in agent files, lower case, one a line (scripts/common_words.py).\n" + "\n".join(words) + "\n",
        encoding="utf-8",
    )
    print(f"{len(words)} words written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
