"""Writes a synthetic OEWS "all data" file for the import benchmark (issue 7): the shape of BLS's
all_data_M_2023.xlsx — about 400,000 rows × 32 columns (areas × industries × occupations) with the
markers * ** # ~ and thousands separators in text cells — as XLSX and CSV. Not real figures.

Usage: python3 benches/oews_all_data.py OUT_DIR [ROWS]   (needs openpyxl: pip install openpyxl)
"""
import csv
import random
import sys

import openpyxl

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 400_000
random.seed(7)
header = ["AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP", "OWN_CODE", "OCC_CODE",
          "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE", "JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT", "H_MEAN",
          "A_MEAN", "MEAN_PRSE", "H_PCT10", "H_PCT25", "H_MEDIAN", "H_PCT75", "H_PCT90", "A_PCT10", "A_PCT25",
          "A_MEDIAN", "A_PCT75", "A_PCT90", "ANNUAL", "HOURLY"]
states = [(f"{i:02d}", f"State {i:02d}", f"S{i:02d}") for i in range(1, 55)]
industries = [("000000", "Cross-industry", "cross-industry", "1235")] + [
    (f"{n}", f"Industry sector {n}", "sector", "5") for n in range(11, 93, 4)]
occupations = [(f"{m:02d}-{d:04d}", f"Occupation {m:02d}-{d:04d}") for m in range(11, 54, 2) for d in range(1011, 9999, 160)]


def row(i):
    area = states[i % len(states)]
    ind = industries[(i // len(states)) % len(industries)]
    occ = occupations[(i // (len(states) * len(industries))) % len(occupations)]
    hourly = round(random.uniform(12, 90), 2)
    pct = [round(hourly * f, 2) for f in (0.6, 0.8, 1.0, 1.25, 1.6)]
    annual = [round(p * 2080, -1) for p in pct]
    emp = random.randint(30, 90_000)
    cells = [area[0], area[1], "2", area[2], ind[0], ind[1], ind[2], ind[3], occ[0], occ[1], "detailed",
             f"{emp:,}" if emp > 999 and i % 3 == 0 else emp, round(random.uniform(0.5, 40), 1), None, None,
             round(random.uniform(0, 2), 2), "~" if i % 50 == 0 else random.randint(1, 100), hourly,
             round(hourly * 2080, -1), round(random.uniform(0.2, 20), 1), *pct, *annual, None, None]
    if i % 97 == 0:  # top-coded high percentiles
        cells[24] = cells[29] = "#"
    if i % 89 == 0:  # wages not available
        cells[17:30] = ["*"] * 13
    if i % 83 == 0:
        cells[11] = "**"
    return cells


wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("All May 2023 data")
ws.append(header)
with open(f"{out}/all_data_M_2023.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for i in range(rows):
        r = row(i)
        ws.append(r)
        w.writerow(["" if c is None else c for c in r])
wb.save(f"{out}/all_data_M_2023.xlsx")
