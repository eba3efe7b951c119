#!/usr/bin/env python3
"""The exact summary on real engines, compared group by group with wagescope's own (issue 14).

For each case, a source file is summarized three or four ways and the results must agree:
  1. locally: `wagescope summarize --microdata FILE --format json`;
  2. the statement of `wagescope sql --dialect duckdb`, run by DuckDB, read back with
     `wagescope summarize --aggregates RESULT`;
  3. the statement of `wagescope sql --dialect spark`, run by Spark (through Spark Connect),
     read back the same way;
  4. with `--spark`: `wagescope summarize --spark URL --source FILE` (the client in wagescope),
     for the first grouping of two cases.
n, the percentiles, the suppression flags and reasons must be equal; weights, means and the
within-cells premium to a relative 1e-12 (decimal sums in the engine, exact binary sums here).
The engines' results for the two hand-computed fixtures, and for the 5,000-row sample the browser
check builds its report from, must also equal tests/fixtures/engine/*.csv.

Usage: compare.py --wagescope BIN --spark sc://localhost:15002 [--spark-client] [--work DIR]
Fails (exit 1), never skips, when an engine cannot run.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import duckdb
import csv
import pyarrow.parquet as pq

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(ROOT, "tests", "fixtures")


def header(path):
    with open(path, encoding="utf-8") as f:
        return f.readline().strip()


def cases(work):
    """(name, source, options for sql and summarize, sql groupings, summaries to compare, fixture)."""
    micro = os.path.join(FIX, "micro")
    big = os.path.join(work, "sample-200k.parquet")
    small_csv = os.path.join(work, "sample-20k.csv")
    cps = os.path.join(micro, "cps_style.csv")
    payroll = os.path.join(micro, "payroll_export.csv")
    return [
        dict(name="sample 200k Parquet, five dimensions and the report's groupings", source=big,
             options=[], sql=["--by", "setting,experience,certification,region,year", "--report"],
             compare=[["setting"], ["setting", "experience", "certification", "region", "year"], ["experience"],
                      ["certification"], []], spark_client=True),
        dict(name="sample 20k CSV, region and year", source=small_csv, options=[],
             sql=["--by", "region,year", "--by", "certification"],
             compare=[["region", "year"], ["certification"]], save_to=True),
        dict(name="weighted.csv (hand-computed)", source=os.path.join(micro, "weighted.csv"), options=[],
             sql=["--by", "setting"], compare=[["setting"]],
             fixture=os.path.join(FIX, "engine", "weighted_by_setting.csv"), spark_client=True),
        dict(name="unweighted.csv (hand-computed, linear interpolation)", source=os.path.join(micro, "unweighted.csv"),
             options=[], sql=["--by", "setting"], compare=[["setting"]],
             fixture=os.path.join(FIX, "engine", "unweighted_by_setting.csv")),
        dict(name="sample 5k CSV, the report's groupings (the browser check's result)",
             source=os.path.join(work, "sample-5k.csv"), options=[], sql=["--report"],
             compare=[["setting"], ["certification"], ["setting", "experience", "certification"]],
             fixture=os.path.join(FIX, "engine", "report_sample_5k.csv")),
        dict(name="cps_style.csv (hourly wages, mapped columns, missing regions)", source=cps,
             options=["--map", "years_experience=experience,setting=sector", "--wage-unit", "hour"],
             sql=["--by", "setting,region", "--by", "experience"],
             compare=[["setting", "region"], ["experience"]]),
        dict(name="payroll_export.csv (--map-file)", source=payroll,
             options=["--map-file", os.path.join(micro, "payroll_map.toml"), "--min-n", "2"],
             sql=["--by", "setting", "--by", "region"], compare=[["setting"], ["region"]]),
        dict(name="zero_weight.csv (a group of zero weight: no weight, not counted towards --min-n)",
             source=os.path.join(micro, "zero_weight.csv"), options=["--min-n", "2"], sql=["--by", "setting"],
             compare=[["setting"]]),
        dict(name="bad_values.csv (--skip-bad-rows)", source=os.path.join(micro, "bad_values.csv"),
             options=["--skip-bad-rows", "--min-n", "1"], sql=["--by", "setting"], compare=[["setting"]]),
    ]


def run(cmd, **kw):
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr}")
    return done.stdout


def statements(script):
    """The statements of a `wagescope sql` script (each ends in ';' at a line end), as (those to
    run first, the one that returns the result, those that free the session's views after)."""
    body = "\n".join(line for line in script.splitlines() if not line.startswith("--"))
    parts = [s.strip() for s in body.split(";\n") if s.strip().rstrip(";")]
    last = max(i for i, s in enumerate(parts) if not s.startswith("DROP VIEW"))
    return parts[:last], parts[last], parts[last + 1:]


def summary_options(options):
    """summarize accepts every option of sql's column options, and --skip-bad-rows."""
    return options


def sql_options(options):
    return [o for o in options if o != "--skip-bad-rows"]


def close(a, b, rel=1e-12):
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


def compare_summaries(local, engine, label):
    problems = []
    if local.get("rows_invalid") != engine.get("rows_invalid"):
        problems.append(f"{label}: rows_invalid {local.get('rows_invalid')} vs {engine.get('rows_invalid')}")
    rows_l = local["groups"] + [local["total"]]
    rows_e = engine["groups"] + [engine["total"]]
    if len(rows_l) != len(rows_e):
        return problems + [f"{label}: {len(rows_l)} groups locally, {len(rows_e)} from the engine"]
    exact = ["n", "p10", "p25", "median", "p75", "p90", "suppressed", "suppression"]
    for gl, ge in zip(rows_l, rows_e):
        keys_l = {k: v for k, v in gl.items() if k not in exact + ["weight", "mean"]}
        keys_e = {k: v for k, v in ge.items() if k not in exact + ["weight", "mean"]}
        if keys_l != keys_e:
            problems.append(f"{label}: group {keys_l} vs {keys_e}")
            continue
        for f in exact:
            if gl[f] != ge[f]:
                problems.append(f"{label} {keys_l}: {f} {gl[f]!r} locally, {ge[f]!r} from the engine")
        for f in ["weight", "mean"]:
            if not close(gl[f], ge[f]):
                problems.append(f"{label} {keys_l}: {f} {gl[f]!r} locally, {ge[f]!r} from the engine")
    wl, we = local.get("certification_within_cells"), engine.get("certification_within_cells")
    if (wl is None) != (we is None):
        problems.append(f"{label}: within-cells premium {wl} vs {we}")
    elif wl is not None:
        for f in ["cells_used", "cells_total"]:
            if wl[f] != we[f]:
                problems.append(f"{label}: within-cells {f} {wl[f]} vs {we[f]}")
        for f in ["premium_percent", "weight_share"]:
            if not close(wl[f], we[f]):
                problems.append(f"{label}: within-cells {f} {wl[f]} vs {we[f]}")
    return problems


def compare_fixture(result_path, fixture, label):
    got = pq.read_table(result_path).to_pylist()
    with open(fixture, newline="", encoding="utf-8") as f:
        want = list(csv.DictReader(f))
    problems = []
    if len(got) != len(want):
        return [f"{label}: {len(got)} rows from the engine, {len(want)} in {fixture}"]
    for column in want[0]:
        for i, (g, w) in enumerate(zip([r[column] for r in got], [r[column] for r in want])):
            if w is None or w == "":
                ok = g is None or g == ""
            elif isinstance(g, bool):
                ok = str(g).lower() == w
            elif isinstance(g, (int, float)):
                ok = float(g) == float(w)
            else:
                ok = str(g) == w
            if not ok:
                problems.append(f"{label}: row {i + 1} {column}: engine {g!r}, fixture {w!r}")
    return problems


class DuckDB:
    name = "DuckDB"
    dialect = "duckdb"

    def __init__(self):
        self.con = duckdb.connect()

    def run(self, script, out):
        setup, result, cleanup = statements(script)
        for s in setup:
            self.con.execute(s)
        table = self.con.execute(result).to_arrow_table()
        for s in cleanup:
            self.con.execute(s)
        pq.write_table(table, out)

    def execute(self, script):
        """Every statement of a script whose last one saves the result itself (--save-to)."""
        for s in [part for group in statements(script) for part in ([group] if isinstance(group, str) else group)]:
            self.con.execute(s)


class Spark:
    name = "Spark"
    dialect = "spark"

    def __init__(self, url):
        from pyspark.sql import SparkSession

        self.session = SparkSession.builder.remote(url).getOrCreate()

    def run(self, script, out):
        setup, result, cleanup = statements(script)
        for s in setup:
            self.session.sql(s).collect()
        table = self.session.sql(result).toArrow()
        for s in cleanup:
            self.session.sql(s).collect()
        pq.write_table(table, out)

    def execute(self, script):
        """Every statement of a script whose last one saves the result itself (--save-to)."""
        for s in [part for group in statements(script) for part in ([group] if isinstance(group, str) else group)]:
            self.session.sql(s).collect()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wagescope", required=True)
    parser.add_argument("--spark", required=True, help="the Spark Connect server, sc://host:port")
    parser.add_argument("--spark-client", action="store_true",
                        help="also summarize with wagescope's own --spark (a build with --features spark)")
    parser.add_argument("--work", default=None)
    parser.add_argument("--only", default=None, help="run the cases whose name contains this")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="wagescope-engines-")
    os.makedirs(work, exist_ok=True)
    ws = [args.wagescope]
    run(ws + ["sample", "--rows", "200000", "--output", os.path.join(work, "sample-200k.parquet")])
    run(ws + ["sample", "--rows", "20000", "--seed", "7", "--output", os.path.join(work, "sample-20k.csv")])
    run(ws + ["sample", "--rows", "5000", "--seed", "11", "--output", os.path.join(work, "sample-5k.csv")])
    engines = [DuckDB(), Spark(args.spark)]
    problems, compared, timings = [], 0, {}
    for case in cases(work):
        if args.only and args.only not in case["name"]:
            continue
        src, opts = case["source"], case["options"]
        columns = ["--columns", header(src)] if src.endswith(".csv") else []
        locals_ = {}
        for by in case["compare"]:
            by_args = ["--by", ",".join(by)] if by else []
            locals_[tuple(by)] = json.loads(
                run(ws + ["summarize", "--microdata", src, "--format", "json"] + by_args + summary_options(opts)))
        ways = []
        for engine in engines:
            script = run(ws + ["sql", "--dialect", engine.dialect, "--source", src] + columns + case["sql"]
                         + sql_options(opts))
            out = os.path.join(work, f"{engine.dialect}-{len(timings)}.parquet")
            start = time.time()
            engine.run(script, out)
            timings[f"{engine.name}: {case['name']}"] = time.time() - start
            ways.append((f"{engine.name} (wagescope sql)", ["--aggregates", out]))
            if case.get("save_to"):
                # The statement saves its result where the engine writes: DuckDB a Parquet file,
                # Spark a directory of part files; read back with --aggregates as it is.
                saved = os.path.join(work, f"{engine.dialect}-saved-{len(timings)}")
                saved += ".parquet" if engine.dialect == "duckdb" else ""
                engine.execute(run(ws + ["sql", "--dialect", engine.dialect, "--source", src] + columns
                                   + case["sql"] + sql_options(opts) + ["--save-to", saved]))
                ways.append((f"{engine.name} (wagescope sql --save-to)", ["--aggregates", saved]))
            if case.get("fixture"):
                problems += compare_fixture(out, case["fixture"], f"{engine.name} {case['name']}")
        if args.spark_client and case.get("spark_client"):
            ways.append(("wagescope --spark", ["--spark", args.spark, "--source", src]))
        for way, input_args in ways:
            # --spark runs the statement once per summary: the first grouping of the case is enough.
            groupings = case["compare"][:1] if way.startswith("wagescope --spark") else case["compare"]
            for by in groupings:
                by_args = ["--by", ",".join(by)] if by else []
                start = time.time()
                engine_json = json.loads(run(ws + ["summarize", "--format", "json"] + input_args + by_args
                                             + summary_options(opts), env={**os.environ, "SPARK_REMOTE": ""}))
                if way.startswith("wagescope --spark"):
                    timings[f"{way}: {case['name']} by {','.join(by) or 'total'}"] = time.time() - start
                label = f"{way}: {case['name']} by {','.join(by) or 'total'}"
                found = compare_summaries(locals_[tuple(by)], engine_json, label)
                problems += found
                compared += len(engine_json["groups"]) + 1
                print(f"{'FAIL' if found else 'ok  '} {label} ({len(engine_json['groups']) + 1} groups)")
    for what, seconds in timings.items():
        print(f"  {seconds:6.1f} s  {what}")
    if problems:
        print(f"\n{len(problems)} difference(s):", file=sys.stderr)
        for p in problems[:50]:
            print("  " + p, file=sys.stderr)
        sys.exit(1)
    print(f"all {compared} groups equal (n, percentiles and suppression exactly; sums to 1e-12)")


if __name__ == "__main__":
    main()
