#!/usr/bin/env python3
"""weft's core-engine benchmarks: native vs Node (V8) vs `weft run` on the same C programs.

Builds every program in bench/programs natively (clang-19 -O2, x86_64) and for
wasm32-wasi (scripts/build-guest.sh), runs each one natively, on Node through
node:wasi and on weft's interpreter, checks every runtime prints exactly what
the native build prints, and reports the median wall time of whole processes.
Then measures process start-up: `weft run hello.wasm` against a native hello.

Standard library only. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
PROGRAM_DIR = BENCH_DIR / "programs"
BUILD_GUEST = REPO_DIR / "scripts" / "build-guest.sh"
NODE_RUNNER = BENCH_DIR / "node_wasi.mjs"


@dataclass(frozen=True)
class Program:
    name: str
    what: str
    full_arg: str  # roughly 0.5-2 s natively on an idle machine
    quick_arg: str  # a few ms natively, so an interpreter finishes in seconds


PROGRAMS = [
    Program("fib", "recursive Fibonacci (calls)", "42", "30"),
    Program("nbody", "5-body simulation (f64, sqrt)", "10000000", "100000"),
    Program("matmul", "naive N x N f64 matrix multiply", "1200", "200"),
    Program("sha256", "SHA-256 over LCG-made megabytes", "100", "2"),
    Program("quicksort", "quicksort of random i32s", "5000000", "100000"),
    Program("wordfreq", "word count: malloc, strings, hash map, qsort", "3000000", "50000"),
]
STARTUP_PROGRAM = "hello"


@dataclass
class Outcome:
    """One runtime on one program: median seconds, or why there is none."""

    seconds: float | None = None
    status: str = "ok"  # ok | unavailable | fail
    detail: str = ""
    samples: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# ---------------------------------------------------------------- building


def is_stale(output: Path, *inputs: Path) -> bool:
    if not output.exists():
        return True
    built = output.stat().st_mtime
    return any(p.stat().st_mtime > built for p in inputs)


def build(name: str, out_dir: Path, cc: str) -> tuple[Path, Path]:
    """Builds bench/programs/NAME.c natively and to wasm; returns both paths."""
    source = PROGRAM_DIR / f"{name}.c"
    native = out_dir / "native" / name
    wasm = out_dir / "wasm" / f"{name}.wasm"
    native.parent.mkdir(parents=True, exist_ok=True)
    wasm.parent.mkdir(parents=True, exist_ok=True)
    if is_stale(native, source):
        subprocess.run([cc, "-O2", str(source), "-o", str(native), "-lm"], check=True)
    if is_stale(wasm, source, BUILD_GUEST):
        subprocess.run([str(BUILD_GUEST), str(source), str(wasm)], check=True)
    return native, wasm


# ---------------------------------------------------------------- running


def run_once(cmd: list[str], timeout: float) -> tuple[float, subprocess.CompletedProcess | None]:
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None
    return time.perf_counter() - start, proc


def first_line(data: bytes) -> str:
    lines = data.decode(errors="replace").strip().splitlines()
    return lines[0][:120] if lines else ""


def measure(cmd: list[str], runs: int, timeout: float, expected: bytes | None) -> tuple[Outcome, bytes]:
    """Runs CMD RUNS times; fails on a non-zero exit, a timeout or output other than EXPECTED."""
    samples = []
    output = b""
    for _ in range(runs):
        seconds, proc = run_once(cmd, timeout)
        if proc is None:
            return Outcome(status="fail", detail=f"timed out after {timeout:g} s"), output
        if proc.returncode != 0:
            why = first_line(proc.stderr) or first_line(proc.stdout)
            return Outcome(status="fail", detail=f"exit {proc.returncode}: {why}"), proc.stdout
        output = proc.stdout
        if expected is not None and output != expected:
            return Outcome(status="fail", detail=describe_mismatch(expected, output)), output
        samples.append(seconds)
    return Outcome(seconds=statistics.median(samples), samples=samples), output


def describe_mismatch(expected: bytes, got: bytes) -> str:
    want = expected.decode(errors="replace").splitlines()
    have = got.decode(errors="replace").splitlines()
    for i in range(max(len(want), len(have))):
        w = want[i] if i < len(want) else "<end of output>"
        h = have[i] if i < len(have) else "<end of output>"
        if w != h:
            return f"output differs from native at line {i + 1}: expected {w!r}, got {h!r}"
    return "output differs from native (whitespace)"


def probe_weft(weft: Path, hello_wasm: Path, timeout: float) -> str | None:
    """Returns None when `weft run` works, else why it cannot be benchmarked."""
    if not weft.exists():
        return f"{weft} not found"
    if not os.access(weft, os.X_OK):
        return f"{weft} is not executable"
    _, proc = run_once([str(weft), "run", str(hello_wasm)], timeout)
    if proc is None:
        return "`weft run hello.wasm` timed out"
    if proc.returncode != 0 or proc.stdout != b"hello\n":
        why = first_line(proc.stderr) or first_line(proc.stdout) or f"exit {proc.returncode}"
        return f"`weft run hello.wasm` does not work yet ({why})"
    return None


def probe_node(node: str) -> str | None:
    path = shutil.which(node)
    if path is None:
        return f"{node} not found"
    proc = subprocess.run([path, "--version"], capture_output=True, text=True)
    major = proc.stdout.strip().lstrip("v").split(".")[0]
    if not major.isdigit() or int(major) < 20:
        return f"node {proc.stdout.strip()} is too old (node:wasi preview1 needs v20)"
    return None


def node_command(node: str, wasm: Path, args: list[str]) -> list[str]:
    return [node, "--no-warnings", str(NODE_RUNNER), str(wasm), *args]


def weft_command(weft: Path, wasm: Path, args: list[str]) -> list[str]:
    return [str(weft), "run", str(wasm), *args]


# ---------------------------------------------------------------- reporting


def fmt_time(outcome: Outcome) -> str:
    if outcome.status == "unavailable":
        return "unavailable"
    if not outcome.ok:
        return "FAIL"
    s = outcome.seconds
    return f"{s * 1000:.1f}ms" if s < 1 else f"{s:.3f}s"


def ratio(a: Outcome, b: Outcome) -> float | None:
    if a.ok and b.ok and b.seconds > 0:
        return a.seconds / b.seconds
    return None


def fmt_ratio(r: float | None) -> str:
    return "-" if r is None else f"{r:.2f}x"


def geomean(values: list[float]) -> float | None:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def print_table(rows: list[tuple[Program, dict[str, Outcome]]]) -> dict[str, float | None]:
    header = ["program", "arg", "native", "node", "weft", "node/native", "weft/native", "weft/node"]
    lines = []
    ratio_cols = {"node/native": [], "weft/native": [], "weft/node": []}
    for program, res in rows:
        rs = {
            "node/native": ratio(res["node"], res["native"]),
            "weft/native": ratio(res["weft"], res["native"]),
            "weft/node": ratio(res["weft"], res["node"]),
        }
        for key, value in rs.items():
            if value is not None:
                ratio_cols[key].append(value)
        lines.append([program.name, res["arg"], fmt_time(res["native"]), fmt_time(res["node"]),
                      fmt_time(res["weft"]), *(fmt_ratio(rs[k]) for k in ratio_cols)])
    means = {k: geomean(v) for k, v in ratio_cols.items()}
    lines.append(["geomean", "", "", "", "", *(fmt_ratio(means[k]) for k in ratio_cols)])
    widths = [max(len(str(row[i])) for row in [header, *lines]) for i in range(len(header))]
    def render(row):
        return "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
    print(render(header))
    print(render(["-" * w for w in widths]))
    for row in lines[:-1]:
        print(render(row))
    print(render(["-" * w for w in widths]))
    print(render(lines[-1]))
    return means


def report_problems(rows: list[tuple[Program, dict[str, Outcome]]]) -> None:
    for program, res in rows:
        for runtime in ("native", "node", "weft"):
            outcome = res[runtime]
            if outcome.status == "unavailable":
                print(f"{program.name}: {runtime}: unavailable")
            elif not outcome.ok:
                print(f"{program.name}: {runtime}: {outcome.detail}")


# ---------------------------------------------------------------- main


def bench_program(program: Program, args, weft_problem: str | None, node_problem: str | None):
    native, wasm = build(program.name, args.out, args.cc)
    arg = program.quick_arg if args.quick else program.full_arg
    res: dict[str, object] = {"arg": arg}
    res["native"], expected = measure([str(native), arg], args.runs, args.timeout, None)
    if not res["native"].ok:
        expected = None  # nothing trustworthy to compare against; still time the others
    print(f"  {program.name} {arg}: native {fmt_time(res['native'])}", end="", flush=True)
    if node_problem:
        res["node"] = Outcome(status="unavailable", detail=node_problem)
    else:
        res["node"], _ = measure(node_command(args.node, wasm, [arg]), args.runs, args.timeout, expected)
    print(f", node {fmt_time(res['node'])}", end="", flush=True)
    if weft_problem:
        res["weft"] = Outcome(status="unavailable", detail=weft_problem)
    else:
        res["weft"], _ = measure(weft_command(args.weft, wasm, [arg]), args.runs, args.timeout, expected)
    print(f", weft {fmt_time(res['weft'])}", flush=True)
    return res


def print_startup(res: dict[str, Outcome], runtimes: tuple[str, ...]) -> None:
    for runtime in runtimes:
        outcome = res[runtime]
        shown = f"{outcome.seconds * 1000:.2f}ms" if outcome.ok else fmt_time(outcome)
        extra = f"  ({outcome.detail})" if not outcome.ok and outcome.detail else ""
        print(f"  {runtime:<7}{shown:>12}{extra}")


def bench_startup(args, weft_problem: str | None, node_problem: str | None) -> dict[str, Outcome]:
    native, wasm = build(STARTUP_PROGRAM, args.out, args.cc)
    n = args.startup_runs
    res = {"native": measure([str(native)], n, args.timeout, b"hello\n")[0]}
    res["node"] = (Outcome(status="unavailable", detail=node_problem) if node_problem
                   else measure(node_command(args.node, wasm, []), n, args.timeout, b"hello\n")[0])
    res["weft"] = (Outcome(status="unavailable", detail=weft_problem) if weft_problem
                   else measure(weft_command(args.weft, wasm, []), n, args.timeout, b"hello\n")[0])
    print(f"\nprocess start-up: hello, median of {n} runs (whole process, wall time)")
    print_startup(res, ("native", "node", "weft"))
    print(f"  weft/native {fmt_ratio(ratio(res['weft'], res['native']))}, "
          f"weft/node {fmt_ratio(ratio(res['weft'], res['node']))}, "
          f"node/native {fmt_ratio(ratio(res['node'], res['native']))}")
    return res


def jco_command() -> list[str]:
    return ["bash", str(Path(__file__).resolve().parent.parent / "scripts" / "jco.sh")]


def bench_component_startup(args, weft_problem: str | None) -> dict[str, Outcome]:
    """`weft run hello.component.wasm` (hello.c through `jco new --wasi-command`)
    against the native hello and against `jco run` on Node."""
    native, wasm = build(STARTUP_PROGRAM, args.out, args.cc)
    component = args.out / "hello.component.wasm"
    res = {"native": measure([str(native)], args.startup_runs, args.timeout, b"hello\n")[0]}
    if is_stale(component, wasm):
        made = subprocess.run(jco_command() + ["new", str(wasm), "--wasi-command", "-o", str(component)],
                              capture_output=True)
        if made.returncode != 0:
            problem = f"jco new failed: {first_line(made.stderr)}"
            return {**res, "weft": Outcome(status="unavailable", detail=problem),
                    "jco": Outcome(status="unavailable", detail=problem)}
    res["weft"] = (Outcome(status="unavailable", detail=weft_problem) if weft_problem
                   else measure(weft_command(args.weft, component, []), args.startup_runs, args.timeout, b"hello\n")[0])
    jco_runs = min(args.startup_runs, 10)  # each `jco run` transpiles the component first
    res["jco"] = measure(jco_command() + ["run", str(component)], jco_runs, args.timeout, b"hello\n")[0]
    print(f"\ncomponent start-up: hello as a WASI 0.2 command component, median of {args.startup_runs} runs "
          f"({jco_runs} for jco), whole process, wall time")
    print_startup(res, ("native", "weft", "jco"))
    print(f"  weft/native {fmt_ratio(ratio(res['weft'], res['native']))}, "
          f"jco/weft {fmt_ratio(ratio(res['jco'], res['weft']))}")
    return res


def parse_args(argv: list[str]):
    names = [p.name for p in PROGRAMS] + ["startup", "component-startup"]
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes, 1 run, 10 start-up runs (for CI)")
    p.add_argument("--only", action="append", choices=names, metavar="NAME",
                   help=f"run only this benchmark (repeatable): {', '.join(names)}")
    p.add_argument("--runs", type=int, help="runs per program and runtime; the median is reported (default 3)")
    p.add_argument("--startup-runs", type=int, help="runs of each hello (default 50)")
    p.add_argument("--weft", type=Path, default=REPO_DIR / "build" / "weft", help="weft executable")
    p.add_argument("--node", default="node", help="node executable (v20 or later)")
    p.add_argument("--cc", default="clang-19", help="native C compiler")
    p.add_argument("--out", type=Path, default=REPO_DIR / "build" / "bench", help="where builds go")
    p.add_argument("--timeout", type=float, default=600, help="seconds allowed for one run")
    p.add_argument("--json", type=Path, help="also write the results to this file")
    args = p.parse_args(argv)
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    if args.startup_runs is None:
        args.startup_runs = 10 if args.quick else 50
    if args.runs < 1 or args.startup_runs < 1:
        p.error("run counts must be at least 1")
    args.weft = args.weft.resolve()
    args.out = args.out.resolve()
    return args


def outcome_json(outcome: Outcome) -> dict:
    return {"seconds": outcome.seconds, "status": outcome.status, "detail": outcome.detail,
            "samples": outcome.samples}


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    selected = set(args.only or [p.name for p in PROGRAMS] + ["startup", "component-startup"])
    _, hello_wasm = build(STARTUP_PROGRAM, args.out, args.cc)
    weft_problem = probe_weft(args.weft, hello_wasm, args.timeout)
    node_problem = probe_node(args.node)
    print(f"weft: {'unavailable: ' + weft_problem if weft_problem else args.weft}")
    print(f"node: {'unavailable: ' + node_problem if node_problem else args.node}")
    print(f"{'quick sizes' if args.quick else 'full sizes'}, median of {args.runs} run(s), wall time per process\n")

    rows = [(p, bench_program(p, args, weft_problem, node_problem)) for p in PROGRAMS if p.name in selected]
    means = {}
    if rows:
        print()
        means = print_table(rows)
        report_problems(rows)
    startup = bench_startup(args, weft_problem, node_problem) if "startup" in selected else None
    component_startup = (bench_component_startup(args, weft_problem)
                         if "component-startup" in selected else None)

    if args.json:
        data = {
            "quick": args.quick, "runs": args.runs,
            "programs": {p.name: {"arg": r["arg"], **{k: outcome_json(r[k]) for k in ("native", "node", "weft")}}
                         for p, r in rows},
            "geomeans": means,
            "startup": {k: outcome_json(v) for k, v in startup.items()} if startup else None,
            "component_startup": ({k: outcome_json(v) for k, v in component_startup.items()}
                                  if component_startup else None),
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n")

    # Unavailable runtimes are not failures; wrong output or a crash is.
    results = ([r[k] for _, r in rows for k in ("native", "node", "weft")] + list((startup or {}).values())
               + list((component_startup or {}).values()))
    return 1 if any(o.status == "fail" for o in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
