#!/usr/bin/env bash
# Outlook reports for every occupation in one run (issue 12): the ~830 detailed occupations of one
# OEWS national file plus the Employment Projections workbook, written with --all-occupations, against
# one report from the same files. Wall time and peak memory (benches/memwatch.py).
#
# Usage: benches/batch.sh BLS_DIR [OUT_DIR]   BLS_DIR holds national_M2023_dl.xlsx and
# occupation_2019_29.xlsx as published (e.g. ../shared/data/bls). Builds --release first.
set -euo pipefail
cd "$(dirname "$0")/.."
bls=${1:?usage: benches/batch.sh BLS_DIR [OUT_DIR]}
out=${2:-/tmp/wagescope-batch}
rm -rf "$out"
mkdir -p "$out"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin wagescope
bin="$CARGO_TARGET_DIR/release/wagescope"
files=(--oews "$bls/national_M2023_dl.xlsx" --projections "$bls/occupation_2019_29.xlsx")
measure() {
  MEMWATCH_OUT="$out/last.out" python3 benches/memwatch.py "$@" || { cat "$out/last.out"; exit 1; }
}
read -r t_one rss_one _ < <(measure "$bin" "${files[@]}" report outlook --occupation 29-2072 -o "$out/one.html")
read -r t_all rss_all _ < <(measure "$bin" "${files[@]}" report outlook --all-occupations --output-dir "$out/all")
n=$(find "$out/all" -name '??-????.html' | wc -l)
size=$(du -sh "$out/all" | cut -f1)
echo "| run | reports | wall s | peak RSS MiB | per report s |"
echo "|---|---:|---:|---:|---:|"
echo "| one report (29-2072) | 1 | $t_one | $rss_one | $t_one |"
echo "| --all-occupations | $n ($size) | $t_all | $rss_all | $(python3 -c "print(f'{$t_all / $n:.3f}')") |"
