"""The Python reference for the microdata benchmark (benches/run.sh, issue 13): the job of
`wagescope report outlook --microdata FILE`, written as a data analyst would with polars and
matplotlib, so the two can be timed side by side.

Load the file; keep valid rows; five groupings (all, setting, experience band, certification,
setting x experience x certification) with weighted percentiles (the smallest wage whose running
weight reaches q x the group's weight, as wagescope defines them), weighted mean and count; five
matplotlib charts as SVG (distribution, setting, experience, certification, cell premiums); one
HTML page. No suppression rules or sources: less work than wagescope does, never more.

Usage: python reference.py FILE.{csv,parquet} OUT.html
"""

import io
import sys
import time

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
import polars as pl  # noqa: E402

QS = [0.10, 0.25, 0.50, 0.75, 0.90]
NAMES = ["p10", "p25", "median", "p75", "p90"]


def load(path):
    frame = pl.read_parquet(path) if path.endswith(".parquet") else pl.read_csv(path)
    certified = pl.col("certified").cast(pl.String).str.to_lowercase()
    return frame.with_columns(
        certified=certified.is_in(["true", "yes", "1", "y", "t"]),
        band=pl.when(pl.col("years_experience") < 1)
        .then(pl.lit("<1"))
        .when(pl.col("years_experience") < 5)
        .then(pl.lit("1-4"))
        .when(pl.col("years_experience") < 10)
        .then(pl.lit("5-9"))
        .when(pl.col("years_experience") < 20)
        .then(pl.lit("10-19"))
        .otherwise(pl.lit("20+")),
    ).filter(pl.col("annual_wage").is_not_null() & (pl.col("annual_wage") >= 0) & pl.col("years_experience").is_not_null())


def summary(frame, by):
    """Weighted percentiles per group: in wage order, the first row whose running weight reaches
    q x the group's weight (`frame` is sorted by wage once, and a group-by keeps that order)."""
    names = by or ["all"]
    lazy = frame.lazy() if by else frame.lazy().with_columns(pl.lit(1).alias("all"))
    running = pl.col("weight").cum_sum()
    total = pl.col("weight").sum()
    stats = [pl.col("annual_wage").gather(running.search_sorted(q * total)).first().alias(name) for q, name in zip(QS, NAMES)]
    return (
        lazy.group_by(names)
        .agg(
            pl.len().alias("n"),
            total.alias("weight"),
            ((pl.col("annual_wage") * pl.col("weight")).sum() / total).alias("mean"),
            *stats,
        )
        .sort(names)
        .collect()
    )


def svg(figure):
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    return buffer.getvalue()


def main(path, out):
    start = time.perf_counter()
    frame = load(path).sort("annual_wage")
    overall = summary(frame, [])
    by_setting = summary(frame, ["setting"])
    by_band = summary(frame, ["band"]).sort("band")
    by_cert = summary(frame, ["certified"])
    cells = summary(frame, ["setting", "band", "certified"])
    charts = []
    fig, ax = plt.subplots()
    ax.hist(frame["annual_wage"].to_numpy(), bins=14, weights=frame["weight"].to_numpy())
    ax.set_title("Distribution of annual pay")
    charts.append(svg(fig))
    for table, key, title in [
        (by_setting, "setting", "Median pay by setting"),
        (by_band, "band", "Median pay by experience"),
        (by_cert, "certified", "Median pay by certification"),
    ]:
        fig, ax = plt.subplots()
        ax.bar([str(k) for k in table[key]], table["median"].to_list())
        ax.set_title(title)
        charts.append(svg(fig))
    pairs = cells.pivot(on="certified", index=["setting", "band"], values="median").drop_nulls()
    fig, ax = plt.subplots()
    ax.bar(range(pairs.height), (pairs["true"] / pairs["false"] - 1).to_list())
    ax.set_title("Certification premium by cell")
    charts.append(svg(fig))
    tables = "".join(f"<pre>{t}</pre>" for t in [overall, by_setting, by_band, by_cert])
    with open(out, "w") as f:
        f.write(f"<!doctype html><html><body><h1>Pay</h1>{tables}{''.join(charts)}</body></html>")
    print(f"reference: {frame.height} rows in {time.perf_counter() - start:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
