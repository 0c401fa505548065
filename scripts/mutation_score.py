"""The mutation score of each module `make mutate` mutates, and the mutants that survived.

Reads what `mutmut run` left in ``mutants/`` (the modules are ``only_mutate`` in pyproject.toml).
A mutant is caught when a test failed (killed) or ran out of time under it; it counts against the
module when it survived or no test reached it. Mutants that cannot change behaviour are listed,
each with a one-line reason, in ``scripts/mutation_equivalents.toml`` and left out of the score.

    python scripts/mutation_score.py            # the table, then each survivor's diff
    python scripts/mutation_score.py --json     # the same as JSON

Exits 1 when a module is under the target, or when an equivalent entry no longer matches a
surviving mutant (so the list cannot go stale silently).
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENTS = ROOT / "scripts" / "mutation_equivalents.toml"
TARGET = 0.90

CAUGHT = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout", 37: "type check"}
MISSED = {0: "survived", 5: "no tests", 33: "no tests"}


@dataclass
class Survivor:
    name: str
    function: str
    status: str
    removed: tuple[str, ...]
    added: tuple[str, ...]
    diff: str
    equivalent_because: str | None = None


@dataclass
class ModuleScore:
    path: str
    caught: int = 0
    unchecked: int = 0
    survivors: list[Survivor] = field(default_factory=list)

    @property
    def equivalent(self) -> int:
        return sum(1 for survivor in self.survivors if survivor.equivalent_because)

    @property
    def missed(self) -> list[Survivor]:
        return [survivor for survivor in self.survivors if not survivor.equivalent_because]

    @property
    def counted(self) -> int:
        return self.caught + len(self.missed)

    @property
    def score(self) -> float:
        return self.caught / self.counted if self.counted else 1.0

    @property
    def mutants(self) -> int:
        return self.caught + len(self.survivors) + self.unchecked

    @property
    def target_met(self) -> bool:
        return self.score >= TARGET and not self.unchecked

    def as_dict(self) -> dict:
        return {
            "module": self.path,
            "mutants": self.mutants,
            "caught": self.caught,
            "equivalent": self.equivalent,
            "survived": len(self.missed),
            "not_checked": self.unchecked,
            "score": round(self.score, 4),
            "target_met": self.target_met,
            "survivors": [
                {"mutant": s.name, "function": s.function, "status": s.status, "diff": s.diff} for s in self.missed
            ],
        }


def mutated_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return list(config["tool"]["mutmut"]["only_mutate"])


def function_of(mutant: str) -> str:
    """``disclosure.workflow.calendar.xǁWorkCalendarǁadd_days__mutmut_3`` → ``...calendar.WorkCalendar.add_days``."""
    name = mutant.rpartition("__mutmut_")[0]
    module, _, local = name.rpartition(".")
    if local.startswith("xǁ"):
        local = ".".join(part for part in local[2:].split("ǁ") if part)
    elif local.startswith("x_"):
        local = local[2:]
    return f"{module}.{local}"


def changed_lines(diff: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lines = [line for line in diff.splitlines() if not line.startswith(("---", "+++", "@@"))]
    removed = tuple(line[1:].strip() for line in lines if line.startswith("-"))
    added = tuple(line[1:].strip() for line in lines if line.startswith("+"))
    return removed, added


def load_equivalents() -> list[dict]:
    if not EQUIVALENTS.exists():
        return []
    entries = tomllib.loads(EQUIVALENTS.read_text("utf-8")).get("equivalent", [])
    for entry in entries:
        missing = {"function", "was", "now", "reason"} - set(entry)
        if missing:
            raise SystemExit(f"{EQUIVALENTS.name}: an entry lacks {sorted(missing)}: {entry}")
    return entries


def score_modules() -> tuple[list[ModuleScore], list[dict]]:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    equivalents = load_equivalents()
    used: set[int] = set()
    scores = []
    for path in mutated_modules():
        meta = ROOT / "mutants" / (path + ".meta")
        if not meta.exists():
            raise SystemExit(f"no results for {path}: run `make mutate` (or `mutmut run`) first")
        module = ModuleScore(path)
        for name, code in json.loads(meta.read_text("utf-8"))["exit_code_by_key"].items():
            if code in CAUGHT:
                module.caught += 1
                continue
            if code is None:
                module.unchecked += 1
                continue
            diff = get_diff_for_mutant(name, path=Path(path))
            removed, added = changed_lines(diff)
            survivor = Survivor(name, function_of(name), MISSED.get(code, f"exit {code}"), removed, added, diff)
            for number, entry in enumerate(equivalents):
                if (entry["function"], entry["was"], entry["now"]) == (survivor.function, " / ".join(removed), " / ".join(added)):
                    survivor.equivalent_because = entry["reason"]
                    used.add(number)
                    break
            module.survivors.append(survivor)
        scores.append(module)
    stale = [entry for number, entry in enumerate(equivalents) if number not in used]
    return scores, stale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    arguments = parser.parse_args()
    scores, stale = score_modules()
    met = all(module.target_met for module in scores) and not stale
    if arguments.json:
        print(json.dumps({"target": TARGET, "modules": [m.as_dict() for m in scores],
                          "stale_equivalents": stale, "target_met": met}, ensure_ascii=False, indent=2))
        return 0 if met else 1
    for module in scores:
        for survivor in module.missed:
            print(f"--- {survivor.status}: {survivor.name}")
            print("\n".join(survivor.diff.splitlines()[2:]))
    for entry in stale:
        print(f"stale equivalent (no surviving mutant matches it): {entry['function']}: {entry['was']!r} → {entry['now']!r}")
    width = max(len(module.path) for module in scores)
    print()
    print(f"{'module':<{width}}  mutants  caught  equivalent  survived  score   target {TARGET:.0%}")
    for module in scores:
        verdict = "met" if module.target_met else ("NOT MET (unchecked mutants)" if module.unchecked else "NOT MET")
        print(f"{module.path:<{width}}  {module.mutants:>7}  {module.caught:>6}  {module.equivalent:>10}  "
              f"{len(module.missed):>8}  {module.score:>6.1%}  {verdict}")
    caught = sum(module.caught for module in scores)
    counted = sum(module.counted for module in scores)
    print(f"{'all':<{width}}  {sum(m.mutants for m in scores):>7}  {caught:>6}  "
          f"{sum(m.equivalent for m in scores):>10}  {counted - caught:>8}  {caught / counted:>6.1%}  "
          f"{'met in every module' if met else 'NOT MET in every module'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
