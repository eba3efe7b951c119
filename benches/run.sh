#!/usr/bin/env bash
# Microdata benchmark (issue 3): sample 1M and 10M rows, then time
# `summarize --by setting,experience,certification` on CSV and Parquet against the floor — a bare
# polars scan of the same columns (examples/scan_floor.rs) — recording wall time and peak memory:
# the resident set, and its anonymous part (heap), which leaves out the pages of the memory-mapped
# input file (benches/memwatch.py).
#
# Usage: benches/run.sh [OUT_DIR]      (default /tmp/wagescope-bench; needs ~1 GB of disk)
# Needs python3. Builds --release (about 12 minutes the first time on 2 cores). Results go to
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

echo "| rows | format | file size | sample: s | summarize: s | summarize: peak RSS MiB | summarize: peak heap MiB | floor (bare scan): s | floor: peak RSS MiB | summarize ÷ floor |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for rows in 1000000 10000000; do
  for format in csv parquet; do
    file="$out/sample-$rows.$format"
    read -r t_sample _ _ < <(measure "$bin" sample --rows "$rows" --seed 1 -o "$file")
    size=$(du -m "$file" | cut -f1)
    # warm the page cache so both runs read from memory
    cat "$file" > /dev/null
    read -r t_floor m_floor _ < <(measure "$floor" "$file")
    read -r t_sum m_sum a_sum < <(measure "$bin" summarize --microdata "$file" --by setting,experience,certification --format json)
    ratio=$(awk -v a="$t_sum" -v b="$t_floor" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    echo "| $rows | $format | ${size} MB | $t_sample | $t_sum | $m_sum | $a_sum | $t_floor | $m_floor | $ratio |"
  done
done
