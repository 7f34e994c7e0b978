"""Extraction gives byte-identical exports, team by team, to the code the hashes were taken
from: the real collections of ``../shared/corpus/``, the sample team and generated teams.

A change meant only to make reading faster must not change what is read. The expected
exports are stored as SHA-256 hashes in ``tests/data/extract_identity.json`` (the exports
themselves quote the collections' text, which the repository does not copy). When
extraction changes on purpose, write the hashes again with the code that should now hold:

    python tests/test_extract_identity.py --write             # new hashes into tests/data/
    python tests/test_extract_identity.py --dump DIR          # the exports, to diff two commits

The corpus is looked for beside the repository (``../shared/corpus``) or where the variable
``AGENT_HANDBOOK_CORPUS`` points. Collections of the corpus that are not there are skipped (CI has only the sample
and the generated teams); a team whose hash differs fails with its counts before and after.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: ../shared/corpus beside the repository, or where AGENT_HANDBOOK_CORPUS says (a worktree).
CORPUS = Path(os.environ.get("AGENT_HANDBOOK_CORPUS") or ROOT.parent / "shared" / "corpus")
EXPECTED = Path(__file__).resolve().parent / "data" / "extract_identity.json"
#: Generated teams (benchmarks/generate.py, seed 1): every shape, in CI too.
GENERATED = {
    f"generated-{shape}-200": (shape, 200) for shape in ("large-dense", "large-sparse", "small-dense", "small-sparse")
}

sys.path.insert(0, str(ROOT / "benchmarks"))


def _export(folder: Path) -> tuple[str, dict[str, int]]:
    from agent_handbook.export import to_json
    from agent_handbook.team import load_team

    team = load_team([folder], root=folder)
    counts = {"agents": len(team.agents), "relations": len(team.relations), "diagnostics": len(team.diagnostics)}
    counts["mentions"] = len(team.mentions)
    return to_json(team), counts


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def teams() -> list[str]:
    """Every team the hashes cover, in a fixed order."""
    corpus = [f"corpus/{p.name}" for p in sorted(CORPUS.iterdir()) if p.is_dir()] if CORPUS.is_dir() else []
    return sorted(corpus) + ["sample", *GENERATED]


def export_of(team: str, scratch: Path) -> tuple[str, dict[str, int]]:
    """The JSON export of one team, read by the code imported now."""
    if team == "sample":
        return _export(ROOT / "agents")
    if team in GENERATED:
        from generate import generate  # benchmarks/generate.py

        shape, n = GENERATED[team]
        folder = scratch / team / "agents"
        generate(n, folder, 1, shape)
        return _export(folder)
    return _export(CORPUS / team.removeprefix("corpus/"))


def _expected() -> dict[str, dict]:
    if not EXPECTED.exists():
        return {}
    return json.loads(EXPECTED.read_text(encoding="utf-8"))["teams"]


@pytest.mark.parametrize("team", sorted(set(_expected()) | {"sample", *GENERATED}))
def test_export_is_unchanged(team: str, tmp_path: Path) -> None:
    expected = _expected().get(team)
    assert expected is not None, f"no hash for {team}: run python tests/test_extract_identity.py --write"
    if team.startswith("corpus/") and not (CORPUS / team.removeprefix("corpus/")).is_dir():
        pytest.skip(f"{CORPUS / team.removeprefix('corpus/')} is not on this machine")
    text, counts = export_of(team, tmp_path)
    assert (_digest(text), counts) == (expected["sha256"], expected["counts"]), (
        f"the export of {team} changed (counts now {counts}, were {expected['counts']}); if on purpose, "
        "python tests/test_extract_identity.py --write (and --dump DIR before and after to see what changed)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write the hashes to {EXPECTED.relative_to(ROOT)}")
    parser.add_argument("--dump", type=Path, metavar="DIR", help="write each team's export to DIR/<team>.json")
    args = parser.parse_args(argv)
    import agent_handbook

    print(f"reading with {Path(agent_handbook.__file__).parent}", file=sys.stderr)
    result: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for team in teams():
            text, counts = export_of(team, Path(scratch))
            result[team] = {"sha256": _digest(text), "counts": counts}
            print(f"{team}: {counts} {result[team]['sha256'][:12]}", file=sys.stderr)
            if args.dump:
                target = args.dump / f"{team.replace('/', '__')}.json"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    if args.write:
        if not CORPUS.is_dir():
            print(f"{CORPUS} is absent: the hashes of the corpus would be lost; not written", file=sys.stderr)
            return 1
        EXPECTED.parent.mkdir(parents=True, exist_ok=True)
        data = {"about": "SHA-256 of each team's JSON export; see tests/test_extract_identity.py", "teams": result}
        EXPECTED.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"written {EXPECTED}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
