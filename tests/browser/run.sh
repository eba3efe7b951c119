#!/usr/bin/env bash
# The browser check of issue 6: writes every report kind with the debug binary, then loads each in
# headless Chromium (check.mjs). Needs Debian's chromium (/usr/bin/chromium) and `npm ci` in this
# directory; .ci/run installs both. Artifacts (the reports, screenshots at 1280 and 390 px, PDFs)
# go to target/browser-artifacts/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/target/browser-artifacts"
rm -rf "$out"
mkdir -p "$out/reports"
cd "$root"
cargo build --quiet --locked --bin wagescope
ws="$root/target/debug/wagescope"
export SOURCE_DATE_EPOCH=1795521600   # a fixed time in the footer, so reports are reproducible

r="$out/reports"
"$ws" sample --rows 5000 --seed 11 -o "$r/sample.csv" > /dev/null
"$ws" report outlook -o "$r/outlook.html" > /dev/null
"$ws" report outlook --microdata "$r/sample.csv" -o "$r/outlook-microdata.html" > /dev/null
# The same sample summarized by an engine (DuckDB's result of `wagescope sql --report`, kept in
# tests/fixtures/engine; CI checks that DuckDB and Spark still return it).
"$ws" report outlook --aggregates "$root/tests/fixtures/engine/report_sample_5k.csv" \
  -o "$r/outlook-aggregates.html" > /dev/null
"$ws" report benchmark --microdata "$r/sample.csv" --setting Hospital --experience 6 --certified \
  --offer 52000 --posting '$50,000–$60,000' --roster examples/roster.csv -o "$r/benchmark.html" > /dev/null
"$ws" report benchmark --setting hospitals --experience 12 --certified --offer 52000 --dollars 2025 \
  -o "$r/benchmark-composite.html" > /dev/null

# A dataset whose labels are hostile: they must show as text, and no script may run.
hostile="$r/hostile-dataset"
cp -r datasets/medical-coding "$hostile"
sed -i 's/Federal executive branch/<script>alert(1)<\/script> \& "Federal" <img src=x onerror=alert(2)>/' "$hostile/wages.csv"
sed -i 's/,Federal executive branch,/,"<script>alert(1)<\/script> \& ""Federal"" <img src=x onerror=alert(2)>",/' "$hostile/settings.csv" 2>/dev/null || true
"$ws" --data "$hostile" report outlook -o "$r/outlook-hostile.html" > /dev/null

# The agency files as published (trimmed fixtures): the rich report, and a batch with its index.
f="$root/tests/fixtures"
agency=(--oews "$f/oews/national_M2021_dl.csv" --oews "$f/oews/similar_M2023_dl.csv"
  --oews "$f/oews/oews_sector_M2022_dl.csv" --oews "$f/oews/oews_state_M2025_all_states.csv"
  --oews "$f/oews/oews_metro_M2025.csv" --projections "$f/ep/occupation_2023_33.xlsx")
"$ws" "${agency[@]}" report outlook --occupation 29-2072 -o "$r/outlook-agency.html" > /dev/null
"$ws" "${agency[@]}" report outlook --all-occupations --output-dir "$r/batch" > /dev/null
# With O*NET (issue 20): what they do, the job zone, O*NET's related occupations with their SOC
# figures (the real 2024–34 projections and OEWS May 2023 rows), and a batch whose index is the
# Occupation Finder.
onet=(--onet "$f/onet/29.3" --oews "$f/oews/related_M2023_dl.csv" --projections "$f/ep/occupation_2024_34.xlsx")
"$ws" "${onet[@]}" report outlook --occupation 29-2072 -o "$r/outlook-onet.html" > /dev/null
"$ws" "${onet[@]}" report outlook --all-occupations --output-dir "$r/finder" > /dev/null

# Pay gap reports (issue 21): a synthetic payroll (EU rules), and the payroll fixture under the UK
# rules, with a hostile category name that must show as text.
"$ws" sample --payroll --rows 5000 --seed 11 -o "$r/payroll.csv" > /dev/null
"$ws" report paygap --microdata "$r/payroll.csv" -o "$r/paygap.html" > /dev/null
sed 's/Managers/<script>alert(3)<\/script> \& "Managers"/' "$f/paygap/payroll.csv" > "$r/payroll-hostile.csv"
paymap='gender=Sex,category=Grade,annual_wage=Base Salary,variable_pay=Bonus+Overtime,hours=Hours'
"$ws" report paygap --microdata "$r/payroll-hostile.csv" --map "$paymap" --min-n 1 -o "$r/paygap-hostile.html" > /dev/null
"$ws" report paygap --microdata "$f/paygap/payroll.csv" --map "$paymap" --min-n 1 --rules uk \
  --snapshot-date 2026-04-05 -o "$r/paygap-uk.html" > /dev/null

cd "$here"
node check.mjs "$out" \
  paygap="$r/paygap.html":2-5 \
  paygap-hostile="$r/paygap-hostile.html":2-5 \
  paygap-uk="$r/paygap-uk.html":2-5 \
  outlook-agency="$r/outlook-agency.html":3-30 \
  batch-index="$r/batch/index.html":1-6 \
  outlook-onet="$r/outlook-onet.html":4-30 \
  finder="$r/finder/index.html":2-30 \
  outlook="$r/outlook.html":4-24 \
  outlook-microdata="$r/outlook-microdata.html":5-30 \
  outlook-aggregates="$r/outlook-aggregates.html":5-30 \
  benchmark="$r/benchmark.html":2-12 \
  benchmark-composite="$r/benchmark-composite.html":2-10 \
  outlook-hostile="$r/outlook-hostile.html":4-24
