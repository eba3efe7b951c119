#!/usr/bin/env bash
# Outlook reports for every occupation in one run (issues 12 and 20): the ~830 detailed occupations of
# one OEWS national file plus an Employment Projections workbook, written with --all-occupations (the
# index is the Occupation Finder), against one report from the same files — without and with the
# O*NET folder, side by side in one run. Wall time and peak memory (benches/memwatch.py).
#
# Usage: benches/batch.sh BLS_DIR [ONET_DIR] [EP_WORKBOOK] [OUT_DIR]
#   BLS_DIR holds national_M2023_dl.xlsx and occupation_2019_29.xlsx as published (e.g.
#   ../shared/data/bls); ONET_DIR the O*NET text files (e.g. ../shared/data/onet); EP_WORKBOOK
#   another projections workbook (default BLS_DIR/occupation_2019_29.xlsx). Builds --release first.
set -euo pipefail
cd "$(dirname "$0")/.."
bls=${1:?usage: benches/batch.sh BLS_DIR [ONET_DIR] [EP_WORKBOOK] [OUT_DIR]}
onet=${2:-}
ep=${3:-$bls/occupation_2019_29.xlsx}
out=${4:-/tmp/wagescope-batch}
rm -rf "$out"
mkdir -p "$out"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin wagescope
bin="$CARGO_TARGET_DIR/release/wagescope"
files=(--oews "$bls/national_M2023_dl.xlsx" --projections "$ep")
measure() {
  MEMWATCH_OUT="$out/last.out" python3 benches/memwatch.py "$@" || { cat "$out/last.out"; exit 1; }
}
echo "| run | reports | wall s | peak RSS MiB | per report s |"
echo "|---|---:|---:|---:|---:|"
runs=("without O*NET|")
[ -n "$onet" ] && runs+=("with O*NET|$onet")
for run in "${runs[@]}"; do
  label=${run%%|*}
  dir=${run#*|}
  extra=()
  [ -n "$dir" ] && extra=(--onet "$dir")
  tag=${label// /-}
  read -r t_one rss_one _ < <(measure "$bin" "${files[@]}" "${extra[@]}" report outlook --occupation 29-2072 -o "$out/one-$tag.html")
  read -r t_all rss_all _ < <(measure "$bin" "${files[@]}" "${extra[@]}" report outlook --all-occupations --output-dir "$out/all-$tag")
  n=$(find "$out/all-$tag" -name '??-????.html' | wc -l)
  size=$(du -sh "$out/all-$tag" | cut -f1)
  echo "| one report (29-2072), $label | 1 | $t_one | $rss_one | $t_one |"
  echo "| --all-occupations, $label | $n ($size) | $t_all | $rss_all | $(python3 -c "print(f'{$t_all / $n:.3f}')") |"
done
