#!/usr/bin/env bash
# Pay gap benchmark (issue 21): a synthetic payroll of 1M and 10M rows (`wagescope sample
# --payroll`, CSV and Parquet), then, side by side, each in a fresh process with the file in the
# page cache:
# - the bare polars read: every column of the file into memory (examples/scan_floor.rs --all);
# - `paygap --format json`: every indicator, the quartile bands, the categories with their
#   like-for-like gaps (category × experience band × setting × certification cells).
# Wall time and peak memory ("heap": the anonymous part of the resident set) from
# benches/memwatch.py.
#
# Usage: benches/paygap.sh [OUT_DIR]      (default /tmp/wagescope-bench; needs ~1 GB of disk)
# Builds --release. Results go to stdout as a Markdown table; BENCHMARKS.md holds the last run.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/wagescope-bench}
mkdir -p "$out"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin wagescope --example scan_floor
bin="$CARGO_TARGET_DIR/release/wagescope"
floor="$CARGO_TARGET_DIR/release/examples/scan_floor"

measure() {
  MEMWATCH_OUT="$out/last.out" python3 benches/memwatch.py "$@" || { cat "$out/last.out"; exit 1; }
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

echo "| rows | format | file | held in memory | bare read: s | paygap: s | paygap ÷ read | read: heap MiB | paygap: heap MiB |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for rows in 1000000 10000000; do
  for format in csv parquet; do
    file="$out/payroll-$rows.$format"
    [ -s "$file" ] || "$bin" sample --payroll --rows "$rows" --seed 1 -o "$file" > /dev/null
    size=$(du -m "$file" | cut -f1)
    cat "$file" > /dev/null
    read -r t_read _ a_read < <(measure "$floor" "$file" --all)
    held=$(grep -o 'held in memory: [0-9]* MiB' "$out/last.out" | grep -o '[0-9]*')
    read -r t_gap _ a_gap < <(measure "$bin" paygap --microdata "$file" --format json)
    echo "| $rows | $format | ${size} MB | ${held} MiB | $t_read | $t_gap | $(ratio "$t_gap" "$t_read") | $a_read | $a_gap |"
  done
done
