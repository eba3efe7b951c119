#!/usr/bin/env bash
# Microdata benchmark (issues 3 and 13): sample 1M and 10M rows (CSV and Parquet), then time side
# by side, each in a fresh process with the file in the page cache:
# - the bare polars read: every column of the file into memory (examples/scan_floor.rs --all);
# - `report outlook --microdata FILE`, the whole job;
# - the Python reference doing the same job with polars and matplotlib (benches/reference.py);
# - `summarize --by setting,experience,certification` against its own floor, a bare polars scan of
#   the six columns it reads (examples/scan_floor.rs).
# Wall time and peak memory come from benches/memwatch.py: "heap" is the anonymous part of the
# resident set, without the pages of the memory-mapped input file.
#
# Usage: benches/run.sh [OUT_DIR]      (default /tmp/wagescope-bench; needs ~1.5 GB of disk)
# Needs python3 (and PyPI, once, for the reference's polars and matplotlib). Builds --release
# (see the README for the time of a first build). Sample files are kept in OUT_DIR and reused. Results go to
# stdout as a Markdown table; BENCHMARKS.md holds the last recorded run.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/wagescope-bench}
mkdir -p "$out"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin wagescope --example scan_floor
bin="$CARGO_TARGET_DIR/release/wagescope"
floor="$CARGO_TARGET_DIR/release/examples/scan_floor"

# measure CMD… → "seconds rss_MiB anon_MiB"; stops the run if CMD fails
measure() {
  MEMWATCH_OUT="$out/last.out" python3 benches/memwatch.py "$@" || { cat "$out/last.out"; exit 1; }
}

# The Python reference (benches/reference.py) needs polars and matplotlib: a virtual environment
# of its own, made once (PYTHON=/path/to/python to use another).
python=${PYTHON:-$out/venv/bin/python}
if [ ! -x "$python" ]; then
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet polars matplotlib
fi

echo "| rows | format | file | held in memory | bare read: s | report: s | report ÷ read | Python reference: s | reference ÷ report | summarize: s | narrow scan: s | summarize ÷ scan | read: heap MiB | report: heap MiB | summarize: heap MiB |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for rows in 1000000 10000000; do
  for format in csv parquet; do
    file="$out/sample-$rows.$format"
    [ -s "$file" ] || "$bin" sample --rows "$rows" --seed 1 -o "$file" > /dev/null
    size=$(du -m "$file" | cut -f1)
    # warm the page cache so every run reads from memory
    cat "$file" > /dev/null
    read -r t_read _ a_read < <(measure "$floor" "$file" --all)
    held=$(grep -o 'held in memory: [0-9]* MiB' "$out/last.out" | grep -o '[0-9]*')
    read -r t_scan _ _ < <(measure "$floor" "$file")
    read -r t_report _ a_report < <(measure "$bin" report outlook --microdata "$file" -o "$out/report.html")
    read -r t_ref _ _ < <(measure "$python" benches/reference.py "$file" "$out/reference.html")
    read -r t_sum _ a_sum < <(measure "$bin" summarize --microdata "$file" --by setting,experience,certification --format json)
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
    echo "| $rows | $format | ${size} MB | ${held} MiB | $t_read | $t_report | $(ratio "$t_report" "$t_read") | $t_ref | $(ratio "$t_ref" "$t_report") | $t_sum | $t_scan | $(ratio "$t_sum" "$t_scan") | $a_read | $a_report | $a_sum |"
  done
done
