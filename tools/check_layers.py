#!/usr/bin/env python3
"""Checks that #include lines in src/ only point down the module layers (STYLE.md 1.3).

One include root (src/) would otherwise let any module include any other, and the layering
would erode one convenient include at a time. The CMake targets enforce the same graph at link
time, but only for what a target happens to link; this check reads the source text.

Rules:
  * a module may include modules of its own layer or below;
  * model/ and predict/ never include training code (learner, boosting, gradient, objective,
    data), so a saved model can be loaded and evaluated without the trainer (the YDF rule);
  * same-layer includes must not form a cycle between modules;
  * "qgbm/..." public headers may be included from anywhere, and public headers in include/
    may include only other public headers (they are installed without src/);
  * every folder directly under src/ must appear in the layer table.

Usage: tools/check_layers.py [--root REPO] [--graph]
Exit status 0 when clean, 1 when any violation is found.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

LAYERS: dict[str, int] = {
    "common": 0, "device": 0,
    "config": 1, "collective": 1, "io": 1,
    "data": 2, "model": 2, "gradient": 2,
    "objective": 3, "metric": 3, "predict": 3,
    "learner": 4,  # with its stages histogram/, split/, partition/, grow/
    "boosting": 5,
    "api": 6, "c_api": 6, "cli": 6,
}

# Modules that must stay loadable without the training code.
INFERENCE_ONLY = {"model", "predict"}
TRAINING_CODE = {"learner", "boosting", "gradient", "objective", "data"}

# Deliberate exceptions, as (from_module, to_module): reason. Every entry needs a reason that
# would convince a reviewer; prefer moving code down a layer instead.
ALLOWED: dict[tuple[str, str], str] = {}

SOURCE_SUFFIXES = {".h", ".hpp", ".cc", ".cpp", ".cu", ".cuh", ".inc"}
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def module_of_include(target: str, including_file: Path, src: Path) -> str | None:
    """Returns the src/ module an include refers to, or None for public and third-party headers."""
    if target.startswith("qgbm/"):
        return None
    if "/" not in target or target.startswith("."):
        # A sibling or relative include: resolve it against the including file's folder.
        resolved = (including_file.parent / target).resolve()
        try:
            rel = resolved.relative_to(src.resolve())
        except ValueError:
            return None
        return rel.parts[0] if len(rel.parts) > 1 else None
    first = target.split("/", 1)[0]
    if first in LAYERS or (src / first).is_dir():
        return first
    return None


def scan(root: Path) -> tuple[list[str], dict[tuple[str, str], list[str]]]:
    src = root / "src"
    violations: list[str] = []
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)

    if not src.is_dir():
        return [f"{src}: no src/ folder"], edges

    for folder in sorted(p for p in src.iterdir() if p.is_dir()):
        if folder.name not in LAYERS:
            violations.append(f"src/{folder.name}/: module is not in the layer table "
                              "(add it to STYLE.md 1.3 and tools/check_layers.py)")

    for path in sorted(src.rglob("*")):
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        rel = path.relative_to(root)
        module = path.relative_to(src).parts[0]
        if module not in LAYERS or len(path.relative_to(src).parts) < 2:
            continue  # reported above, or a file directly in src/
        for lineno, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            m = INCLUDE_RE.match(line)
            if not m:
                continue
            target = m.group(2).strip()
            dep = module_of_include(target, path, src)
            if dep is None or dep == module:
                continue
            where = f"{rel}:{lineno}: {module} includes \"{target}\""
            edges[(module, dep)].append(where)
            if (module, dep) in ALLOWED:
                continue
            if dep not in LAYERS:
                violations.append(f"{where}: module '{dep}' is not in the layer table")
            elif module in INFERENCE_ONLY and dep in TRAINING_CODE:
                violations.append(f"{where}: {module}/ must not depend on training code ({dep}/)")
            elif LAYERS[dep] > LAYERS[module]:
                violations.append(f"{where}: L{LAYERS[module]} {module} -> "
                                  f"L{LAYERS[dep]} {dep} points up the layers")

    include = root / "include"
    if include.is_dir():
        for path in sorted(include.rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
                continue
            for lineno, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                m = INCLUDE_RE.match(line)
                if m and m.group(1) == '"' and not m.group(2).startswith("qgbm/"):
                    violations.append(f"{path.relative_to(root)}:{lineno}: public header includes "
                                      f"\"{m.group(2)}\"; only \"qgbm/...\" headers are installed")

    violations.extend(find_cycles(edges))
    return violations, edges


def find_cycles(edges: dict[tuple[str, str], list[str]]) -> list[str]:
    """Reports module-level cycles (only same-layer edges can form one once upward ones fail)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    found: list[str] = []
    seen_cycles: set[frozenset[str]] = set()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                key = frozenset(cycle)
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    first = edges[(cycle[0], cycle[1])][0]
                    found.append(f"module cycle {' -> '.join(cycle)} (e.g. {first})")
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--graph", action="store_true",
                        help="print the module dependency edges found (for docs/architecture.md)")
    args = parser.parse_args()

    violations, edges = scan(args.root)
    if args.graph:
        for (a, b), sites in sorted(edges.items(), key=lambda e: (LAYERS.get(e[0][0], 99), e[0])):
            print(f"{a} -> {b}  ({len(sites)} include{'s' if len(sites) != 1 else ''})")
    if violations:
        print(f"check_layers: {len(violations)} violation(s):")
        for v in violations:
            print(f"  {v}")
        return 1
    print(f"check_layers: OK ({len(edges)} module edges, all pointing down the layers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
