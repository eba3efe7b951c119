#!/usr/bin/env python3
"""Issue 14: the exact summary on DuckDB and Spark local[2] against wagescope's own engine.

For each size, one synthetic Parquet file (`wagescope sample`), summarized by all five dimensions
(and the total) three ways, side by side in one run:
  - wagescope summarize --microdata FILE (release build);
  - the statement of `wagescope sql --dialect duckdb`, run by DuckDB (Python package, 2 threads);
  - the statement of `wagescope sql --dialect spark`, run by a Spark Connect server (local[2]).
It also counts the rows the refine step reads (the semi-join's candidates) and the histogram rows.

Usage: benches/engines.py --wagescope target/release/wagescope --spark sc://localhost:15002
       [--rows 1000000,10000000] [--work DIR] [--skip-spark-above N]
"""

import argparse
import os
import subprocess
import sys
import time

import duckdb

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "engines"))
from compare import statements  # noqa: E402  (setup, the result's statement, the views to drop)

BY = "setting,experience,certification,region,year"


def run(cmd):
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {done.stderr}")
    return done.stdout


def query_of(script):
    body = "\n".join(line for line in script.splitlines() if not line.startswith("--"))
    return body.strip().rstrip(";")


def with_final(query, final):
    """The statement's CTEs with another final SELECT (to count a step's rows)."""
    head = query[: query.rindex("\nSELECT\n")]
    return f"{head}\n{final}"


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--wagescope", required=True)
    p.add_argument("--spark", required=True)
    p.add_argument("--rows", default="1000000,10000000")
    p.add_argument("--work", default="target/bench-engines")
    p.add_argument("--skip-spark-above", type=int, default=0)
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.remote(a.spark).getOrCreate()
    con = duckdb.connect()
    rows_out = []
    for n in [int(x) for x in a.rows.split(",")]:
        path = os.path.abspath(os.path.join(a.work, f"sample-{n}.parquet"))
        if not os.path.exists(path):
            run([a.wagescope, "sample", "--rows", str(n), "--output", path])
        local_s, local = timed(lambda: run([a.wagescope, "summarize", "--microdata", path, "--by", BY, "--format", "csv"]))
        groups = len(local.strip().splitlines()) - 1
        duck_q = query_of(run([a.wagescope, "sql", "--dialect", "duckdb", "--source", path, "--by", BY]))
        duck_s, duck_t = timed(lambda: con.execute(duck_q).to_arrow_table())
        cand = con.execute(with_final(duck_q, "SELECT COUNT(*) FROM cand")).fetchone()[0]
        hist = con.execute(with_final(duck_q, "SELECT COUNT(*) FROM h")).fetchone()[0]
        spark_s = None
        if not a.skip_spark_above or n <= a.skip_spark_above:
            setup, result, cleanup = statements(run([a.wagescope, "sql", "--dialect", "spark", "--source", path, "--by", BY]))

            def on_spark():
                for s in setup:
                    spark.sql(s).collect()
                return spark.sql(result).toArrow()

            spark_s, spark_t = timed(on_spark)
            for s in cleanup:
                spark.sql(s).collect()
            assert spark_t.num_rows == duck_t.num_rows, (spark_t.num_rows, duck_t.num_rows)
        rows_out.append((n, groups, local_s, duck_s, spark_s, cand, hist))
        print(f"{n:>11,} rows, {groups:,} groups (+ total): local {local_s:.2f} s, DuckDB {duck_s:.2f} s, "
              f"Spark {'-' if spark_s is None else f'{spark_s:.1f} s'}; refine reads {cand:,} rows "
              f"({cand / n:.1%}); histogram {hist:,} rows", flush=True)
    print("\n| rows | groups | wagescope (local) | DuckDB | Spark local[2] | rows read by refine | histogram rows |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, g, l, d, s, c, h in rows_out:
        spark_cell = "—" if s is None else f"{s:.1f} s"
        print(f"| {n:,} | {g:,} | {l:.2f} s | {d:.2f} s | {spark_cell} | {c:,} ({c / n:.1%}) | {h:,} |")


if __name__ == "__main__":
    main()
