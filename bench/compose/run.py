#!/usr/bin/env python3
"""Consumer -> provider calls across components, in ns/call, with ratios.

Composes bench/compose/consumer.wat with provider.wat (`weft compose`), runs the Google
Benchmark binary weft_compose_bench (weft composed, weft linked at run time, native C++
calls) and the same composition transpiled by jco on Node, and prints one table.

  python3 bench/compose/run.py [--weft build/weft] [--bench build-bench/bench/weft_compose_bench]
                               [--out build-bench/compose] [--seconds 1] [--no-jco]
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run(argv, **kw):
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weft", default=os.path.join(ROOT, "build/weft"))
    ap.add_argument("--bench", default=os.path.join(ROOT, "build-bench/bench/weft_compose_bench"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build-bench/compose"))
    ap.add_argument("--seconds", type=float, default=1.0, help="minimum time per measurement")
    ap.add_argument("--no-jco", action="store_true", help="skip the jco-on-Node column")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    composed = os.path.join(args.out, "composed.wasm")
    run([args.weft, "compose", os.path.join(HERE, "consumer.wat"), "--plug", os.path.join(HERE, "provider.wat"),
         "-o", composed])

    out = run([args.bench, "--benchmark_format=json", f"--benchmark_min_time={args.seconds}"])
    # The counter is a rate inverted: seconds per call.
    results = {b["name"]: b["ns/call"] * 1e9 for b in json.loads(out)["benchmarks"]}
    rows = {
        "native C++ call (the limit)": (results["BM_Add_native"], results["BM_Echo1KiB_native"]),
        "weft, composed": (results["BM_Add/composed"], results["BM_Echo1KiB/composed"]),
        "weft, linked at run time": (results["BM_Add/linked"], results["BM_Echo1KiB/linked"]),
    }
    if not args.no_jco:
        jco_dir = os.path.join(args.out, "jco")
        run(["bash", os.path.join(ROOT, "scripts/jco.sh"), "transpile", composed, "-o", jco_dir, "--name",
             "composed", "--no-typescript", "-q"])
        j = json.loads(run(["node", os.path.join(HERE, "jco_bench.mjs"), os.path.join(jco_dir, "composed.js"),
                            str(args.seconds)]))
        rows["jco on Node (composed)"] = (j["add"], j["echo"])

    print(f"{'consumer -> provider, ns/call':34} {'add(u32, u32)':>14} {'echo 1 KiB':>12}")
    for name, (a, e) in rows.items():
        print(f"{name:34} {a:14.1f} {e:12.1f}")
    native = rows["native C++ call (the limit)"]
    for name in ("weft, composed", "weft, linked at run time"):
        a, e = rows[name]
        print(f"{name + ' / native':34} {a / native[0]:13.1f}x {e / native[1]:11.1f}x")
        if "jco on Node (composed)" in rows:
            ja, je = rows["jco on Node (composed)"]
            print(f"{name + ' / jco':34} {a / ja:13.2f}x {e / je:11.2f}x")


if __name__ == "__main__":
    main()
