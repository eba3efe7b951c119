#!/usr/bin/env bash
# Microdata benchmark (issue 3): sample 1M and 10M rows, then time
# `summarize --by setting,experience,certification` on CSV and Parquet against the floor — a bare
# polars scan of the same columns (examples/scan_floor.rs) — recording wall time and peak memory.
#
# Usage: benches/run.sh [OUT_DIR]      (default /tmp/wagescope-bench; needs ~1.5 GB of disk)
# Needs GNU time at /usr/bin/time (Debian package `time`). Builds --release (about 12 minutes the
# first time on 2 cores). Results go to stdout as a
# Markdown table; BENCHMARKS.md holds the last recorded run.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/wagescope-bench}
mkdir -p "$out"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin wagescope --example scan_floor
bin="$CARGO_TARGET_DIR/release/wagescope"
floor="$CARGO_TARGET_DIR/release/examples/scan_floor"

# measure LABEL CMD… → "seconds peak_MiB"
measure() {
  local log="$out/time.log"
  /usr/bin/time -f "%e %M" -o "$log" "$@" > "$out/last.out" 2>&1 || { cat "$out/last.out"; exit 1; }
  awk '{ printf "%.2f %.0f\n", $1, $2 / 1024 }' "$log"
}

echo "| rows | format | file size | sample: s | summarize: s | summarize: peak MiB | floor (bare scan): s | floor: peak MiB | summarize ÷ floor |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
for rows in 1000000 10000000; do
  for format in csv parquet; do
    file="$out/sample-$rows.$format"
    read -r t_sample _ < <(measure "$bin" sample --rows "$rows" --seed 1 -o "$file")
    size=$(du -m "$file" | cut -f1)
    # warm the page cache so both runs read from memory
    cat "$file" > /dev/null
    read -r t_floor m_floor < <(measure "$floor" "$file")
    read -r t_sum m_sum < <(measure "$bin" summarize --microdata "$file" --by setting,experience,certification --format json)
    ratio=$(awk -v a="$t_sum" -v b="$t_floor" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    echo "| $rows | $format | ${size} MB | $t_sample | $t_sum | $m_sum | $t_floor | $m_floor | $ratio |"
  done
done
