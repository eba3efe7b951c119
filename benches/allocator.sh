#!/usr/bin/env bash
# The global allocator (issue 22): the same release build linked with glibc's malloc and with
# mimalloc, side by side in one run, on the jobs BENCHMARKS.md tracks. Wall time and heap from
# benches/memwatch.py; the outputs are compared byte for byte.
#
# Usage: benches/allocator.sh GLIBC_BIN MIMALLOC_BIN BLS_DIR [OUT_DIR]
#   GLIBC_BIN is a build with the #[global_allocator] lines of src/main.rs commented out.
set -euo pipefail
cd "$(dirname "$0")/.."
glibc=${1:?usage: benches/allocator.sh GLIBC_BIN MIMALLOC_BIN BLS_DIR [OUT_DIR]}
mimalloc=${2:?}
bls=${3:?}
out=${4:-/tmp/wagescope-bench}
mkdir -p "$out"
measure() {
  MEMWATCH_OUT="$out/last.out" python3 benches/memwatch.py "$@" || { cat "$out/last.out"; exit 1; }
}
for rows in 1000000 10000000; do
  for format in csv parquet; do
    file="$out/sample-$rows.$format"
    [ -s "$file" ] || "$mimalloc" sample --rows "$rows" --seed 1 -o "$file" > /dev/null
  done
done
[ -s "$out/payroll-10000000.parquet" ] || "$mimalloc" sample --payroll --rows 10000000 --seed 1 -o "$out/payroll-10000000.parquet" > /dev/null
echo "| job | glibc: s | mimalloc: s | glibc ÷ mimalloc | glibc: heap MiB | mimalloc: heap MiB | same output |"
echo "|---|---:|---:|---:|---:|---:|---|"
job() {
  local name=$1; shift
  local results=()
  for bin in "$glibc" "$mimalloc"; do
    local tag; tag=$(basename "$bin")
    rm -rf "$out/alloc-$tag"; mkdir -p "$out/alloc-$tag"
    local args=("${@//OUT/$out/alloc-$tag}")
    cat "${args[@]: -1}" > /dev/null 2>&1 || true
    read -r t _ a < <(measure "$bin" "${args[@]}")
    results+=("$t" "$a")
  done
  local same=yes
  diff -rq "$out/alloc-$(basename "$glibc")" "$out/alloc-$(basename "$mimalloc")" > /dev/null || same=no
  local ratio; ratio=$(awk -v a="${results[0]}" -v b="${results[2]}" 'BEGIN { printf "%.2f", a / b }')
  echo "| $name | ${results[0]} | ${results[2]} | $ratio | ${results[1]} | ${results[3]} | $same |"
}
export SOURCE_DATE_EPOCH=1795521600
job "embedded report outlook" report outlook -o OUT/r.html
job "every occupation: OEWS May 2023 + EP 2019–29 (856 reports)" --oews "$bls/national_M2023_dl.xlsx" \
  --projections "$bls/occupation_2019_29.xlsx" report outlook --all-occupations --output-dir OUT/batch
for rows in 1000000 10000000; do
  for format in csv parquet; do
    job "report outlook --microdata, $rows $format" report outlook --microdata "$out/sample-$rows.$format" -o OUT/r.html
  done
done
job "summarize --by setting,experience,certification, 10M Parquet" summarize --microdata "$out/sample-10000000.parquet" \
  --by setting,experience,certification --format json
job "paygap, 10M Parquet payroll" paygap --microdata "$out/payroll-10000000.parquet" --format json
