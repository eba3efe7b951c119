//! Kernels of our own over the narrow in-memory frame of a microdata summary (`analysis::micro`):
//! the passes over every row, where polars' generic group-by was the measured bottleneck.
//!
//! On 10M rows grouped by one packed integer key (44,000 group × bin keys), polars' streaming
//! group-by took 1.2 s for the histogram and the employer weights together, filtering the rows of
//! the located bins with one `is_in` per grouping 0.6 s, and the distribution chart's group-by
//! 0.5 s (BENCHMARKS.md). These loops read the columns' contiguous slices, chunk by chunk on
//! every core, into small hash tables. Sums are the same 128-bit fixed-point integers polars adds
//! (`percentiles::fixed_one`), so the figures are identical to the last digit in any order; the
//! tests below compare each kernel with the polars plan it replaces.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use polars::prelude::*;
use rayon::prelude::*;

use super::keys::{EMPLOYER_CODE, GID};
use super::percentiles::{BIN, Method, N, W, WX, fixed_one};
use crate::data::microdata::OK;
use crate::data::schema::micro as m;

/// Rows per task: a chunk of the frame is split so both cores get work.
const TASK_ROWS: usize = 1 << 18;

/// A multiplicative hash for the u64 keys of these tables (the keys are packed integers whose
/// low bits vary most; the hash mixes them into the high bits the table uses).
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, key: u64) {
        let mixed = (self.0 ^ key).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = mixed ^ (mixed >> 32);
    }
}

pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;
pub type KeySet = std::collections::HashSet<u64, BuildHasherDefault<KeyHasher>>;

/// A group and its wage bin as one key (the group in the high bits).
fn bin_key(gid: u32, bin: i32) -> u64 {
    (u64::from(gid) << 32) | u64::from(bin as u32)
}

/// The narrow frame's columns as aligned chunks of contiguous slices.
struct Slices<'a> {
    gid: Vec<&'a [u32]>,
    bin: Vec<&'a [i32]>,
    wage: Vec<&'a [f64]>,
    weight: Vec<&'a [f64]>,
    ok: Vec<&'a <BooleanType as PolarsDataType>::Array>,
    employer: Option<Vec<&'a [u32]>>,
}

/// Each chunk's values; a null's slot holds an arbitrary value, read only for rows that are not
/// [`OK`] (where every value the kernels read is present) — never used.
fn values<T: PolarsNumericType>(ca: &ChunkedArray<T>) -> Vec<&[T::Native]> {
    ca.downcast_iter().map(|array| array.values().as_slice()).collect()
}

impl<'a> Slices<'a> {
    /// The frame's slices; without `keys`, no [`GID`] and [`BIN`] (for [`distribution`]).
    fn new(df: &'a DataFrame, keys: bool, employer: bool) -> PolarsResult<Slices<'a>> {
        let series = |name: &str| df.column(name).map(Column::as_materialized_series);
        Ok(Slices {
            gid: if keys { values(series(GID)?.u32()?) } else { Vec::new() },
            bin: if keys { values(series(BIN)?.i32()?) } else { Vec::new() },
            wage: values(series(m::ANNUAL_WAGE)?.f64()?),
            weight: values(series(m::WEIGHT)?.f64()?),
            ok: series(OK)?.bool()?.downcast_iter().collect(),
            employer: if employer { Some(values(series(EMPLOYER_CODE)?.u32()?)) } else { None },
        })
    }

    /// (chunk, first row, end) of every task, in row order.
    fn tasks(&self) -> Vec<(usize, usize, usize)> {
        self.wage
            .iter()
            .enumerate()
            .flat_map(|(chunk, rows)| {
                (0..rows.len()).step_by(TASK_ROWS).map(move |start| (chunk, start, (start + TASK_ROWS).min(rows.len())))
            })
            .collect()
    }

    /// Whether the row is [`OK`] (a flag that is never null: `data::microdata` fills it).
    fn ok(&self, chunk: usize, row: usize) -> bool {
        self.ok[chunk].values().get_bit(row)
    }
}

/// The frame with its columns' chunks aligned (rechunked only when they are not).
fn aligned(df: &DataFrame) -> DataFrame {
    let mut df = df.clone();
    df.align_chunks_par();
    df
}

fn overflow() -> PolarsError {
    polars_err!(ComputeError: "a wage × weight too large to add exactly (above about 4 × 10²⁸)")
}

/// What stage 1 adds up per (group, bin): rows of positive weight (a zero weight counts for
/// nothing, not even towards `--min-n`), exact weight, exact weight × wage, and all rows (so a
/// group of zero weights is still a group: "no weight").
type Sums = (u64, i128, i128, u64);
/// Per (group, employer): rows, exact weight.
type Weights = (u64, i128);

/// Cells above which a dense table is not used (about 100 MB of histogram cells a thread).
const DENSE_CELLS: usize = 2_000_000;

/// What the rows span, from a first, cheap pass: the groups, and the range of the wage bins and
/// employer codes of valid rows. It sizes the dense tables of [`Cells`].
struct Span {
    groups: KeyMap<usize>,
    bins: (i32, i32),
    employers: u32,
}

impl Span {
    fn of(slices: &Slices) -> Span {
        type Partial = (Vec<u32>, i32, i32, u32);
        let seen = |(mut gids, mut low, mut high, mut employers): Partial, (chunk, start, end)| -> Partial {
            let (gid, bin) = (slices.gid[chunk], slices.bin[chunk]);
            let codes = slices.employer.as_ref().map(|e| e[chunk]);
            for row in start..end {
                if slices.ok(chunk, row) {
                    (low, high) = (low.min(bin[row]), high.max(bin[row]));
                    if gids.last() != Some(&gid[row]) && !gids.contains(&gid[row]) {
                        gids.push(gid[row]);
                    }
                    employers = employers.max(codes.map_or(0, |c| c[row]));
                }
            }
            (gids, low, high, employers)
        };
        let (gids, low, high, employers) =
            slices.tasks().into_par_iter().fold(|| (Vec::new(), i32::MAX, i32::MIN, 0), seen).reduce(
                || (Vec::new(), i32::MAX, i32::MIN, 0),
                |mut a, b| {
                    for g in b.0 {
                        if !a.0.contains(&g) {
                            a.0.push(g);
                        }
                    }
                    (a.0, a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
                },
            );
        Span {
            groups: gids.into_iter().enumerate().map(|(i, g)| (u64::from(g), i)).collect(),
            bins: (low, high),
            employers,
        }
    }
}

/// One thread's cells of a group × second key (wage bin or employer code) table: dense (one
/// array indexed by group and key, when the [`Span`] of the rows is small) or a hash table. Dense, a row
/// costs one memory access instead of a hash probe: on 10M rows the histogram and employer
/// tables took 0.70 s as hash tables of (group, key).
struct Cells<V> {
    low: i64,
    width: usize,
    dense: Vec<V>,
    sparse: KeyMap<V>,
}

impl<V: Default + Clone> Cells<V> {
    fn new(span: &Span, low: i64, high: i64) -> Cells<V> {
        let width = usize::try_from(high - low + 1).unwrap_or(0);
        let cells = width.saturating_mul(span.groups.len());
        let dense = if width > 0 && cells <= DENSE_CELLS { vec![V::default(); cells] } else { Vec::new() };
        Cells { low, width: if dense.is_empty() { 0 } else { width }, dense, sparse: KeyMap::default() }
    }

    #[inline]
    fn cell(&mut self, span: &Span, gid: u32, key: u32, signed: bool) -> &mut V {
        let key64 = if signed { i64::from(key as i32) } else { i64::from(key) };
        if self.width > 0
            && let Some(g) = span.groups.get(&u64::from(gid))
        {
            let offset = (key64 - self.low) as usize;
            return &mut self.dense[g * self.width + offset];
        }
        self.sparse.entry((u64::from(gid) << 32) | u64::from(key)).or_default()
    }

    /// Every used cell, keyed by group (high 32 bits) and key (low 32 bits), as [`bin_key`].
    fn into_map(self, span: &Span, used: impl Fn(&V) -> bool) -> KeyMap<V> {
        let mut map = self.sparse;
        if self.width > 0 {
            for (gid, g) in span.groups.iter() {
                for (offset, value) in self.dense[g * self.width..(g + 1) * self.width].iter().enumerate() {
                    if used(value) {
                        let key = (self.low + offset as i64) as u32;
                        map.insert((gid << 32) | u64::from(key), value.clone());
                    }
                }
            }
        }
        map
    }
}

/// Stage 1 of the summary over the narrow frame ([`GID`], [`BIN`], wage, weight, [`OK`], and
/// [`EMPLOYER_CODE`] when `employer`): the histogram per group and bin ([`GID`], [`BIN`], [`N`],
/// [`W`], [`WX`]), the number of rows that are not [`OK`], and each employer's weight per group
/// ([`GID`], [`EMPLOYER_CODE`], [`W`]). The same frames as `percentiles::histogram` and
/// `percentiles::employer_weights` over the valid rows, in another row order.
pub fn stage1(df: &DataFrame, method: Method, employer: bool) -> PolarsResult<(DataFrame, u64, Option<DataFrame>)> {
    let df = aligned(df);
    let slices = Slices::new(&df, true, employer)?;
    let span = Span::of(&slices);
    type Partial = (Cells<Sums>, Cells<Weights>, u64);
    let fresh = || -> Partial {
        (
            Cells::new(&span, i64::from(span.bins.0), i64::from(span.bins.1)),
            Cells::new(&span, 0, if employer { i64::from(span.employers) } else { -1 }),
            0,
        )
    };
    // Each thread adds its tasks into one partial result (rayon's fold), so the tables merged at
    // the end are a few per thread, not one per task.
    let add = |partial: Partial, (chunk, start, end): (usize, usize, usize)| -> PolarsResult<Partial> {
        let (mut histogram, mut employers, mut invalid) = partial;
        let (gid, bin, wage, weight) = (slices.gid[chunk], slices.bin[chunk], slices.wage[chunk], slices.weight[chunk]);
        let codes = slices.employer.as_ref().map(|e| e[chunk]);
        for row in start..end {
            if !slices.ok(chunk, row) {
                invalid += 1;
                continue;
            }
            let w = fixed_one(weight[row], W).ok_or_else(overflow)?;
            let measure = match method {
                Method::Weighted => weight[row],
                Method::Linear => 1.0,
            };
            let wx = fixed_one(measure * wage[row], WX).ok_or_else(overflow)?;
            let sums = histogram.cell(&span, gid[row], bin[row] as u32, true);
            sums.0 += u64::from(weight[row] > 0.0);
            sums.1 += w;
            sums.2 += wx;
            sums.3 += 1;
            if let Some(codes) = codes {
                let weights = employers.cell(&span, gid[row], codes[row], false);
                weights.0 += 1;
                weights.1 += w;
            }
        }
        Ok((histogram, employers, invalid))
    };
    type Merged = (KeyMap<Sums>, KeyMap<Weights>, u64);
    let merge = |mut a: Merged, mut b: Merged| -> PolarsResult<Merged> {
        // The smaller table into the larger.
        if a.0.len() < b.0.len() {
            std::mem::swap(&mut a.0, &mut b.0);
        }
        if a.1.len() < b.1.len() {
            std::mem::swap(&mut a.1, &mut b.1);
        }
        for (key, (n, w, wx, rows)) in b.0 {
            let sums = a.0.entry(key).or_default();
            sums.0 += n;
            sums.1 += w;
            sums.2 += wx;
            sums.3 += rows;
        }
        for (key, (n, w)) in b.1 {
            let weights = a.1.entry(key).or_default();
            weights.0 += n;
            weights.1 += w;
        }
        Ok((a.0, a.1, a.2 + b.2))
    };
    let (histogram, employers, invalid) = slices
        .tasks()
        .into_par_iter()
        .try_fold(fresh, add)
        .map(|partial| partial.map(|(h, e, n)| (h.into_map(&span, |s| s.3 > 0), e.into_map(&span, |w| w.0 > 0), n)))
        .try_reduce(Merged::default, merge)?;
    let mut keys: Vec<(&u64, &Sums)> = histogram.iter().collect();
    keys.sort_unstable_by_key(|(key, _)| **key);
    let histogram = DataFrame::new_infer_height(vec![
        Column::new(GID.into(), keys.iter().map(|(k, _)| (**k >> 32) as u32).collect::<Vec<_>>()),
        Column::new(BIN.into(), keys.iter().map(|(k, _)| **k as u32 as i32).collect::<Vec<_>>()),
        Column::new(N.into(), keys.iter().map(|(_, s)| s.0).collect::<Vec<_>>()),
        Int128Chunked::from_vec(W.into(), keys.iter().map(|(_, s)| s.1).collect()).into_column(),
        Int128Chunked::from_vec(WX.into(), keys.iter().map(|(_, s)| s.2).collect()).into_column(),
    ])?;
    let employers = if employer {
        let mut keys: Vec<(&u64, &i128)> = employers.iter().map(|(k, (_, w))| (k, w)).collect();
        keys.sort_unstable_by_key(|(key, _)| **key);
        Some(DataFrame::new_infer_height(vec![
            Column::new(GID.into(), keys.iter().map(|(k, _)| (**k >> 32) as u32).collect::<Vec<_>>()),
            Column::new(EMPLOYER_CODE.into(), keys.iter().map(|(k, _)| **k as u32).collect::<Vec<_>>()),
            Int128Chunked::from_vec(W.into(), keys.iter().map(|(_, w)| **w).collect()).into_column(),
        ])?)
    } else {
        None
    };
    Ok((histogram, invalid, employers))
}

/// The set of (group, bin) keys of `pairs` ([`GID`], [`BIN`]), for [`rows_of`].
pub fn key_set(pairs: &DataFrame) -> PolarsResult<KeySet> {
    let gid = pairs.column(GID)?.as_materialized_series().u32()?.clone();
    let bin = pairs.column(BIN)?.as_materialized_series().i32()?.clone();
    Ok(gid.iter().zip(bin.iter()).filter_map(|(g, b)| Some(bin_key(g?, b?))).collect())
}

/// The valid rows whose (group, bin) is in `wanted`: [`GID`], [`BIN`], wage, weight, in the
/// frame's row order.
pub fn rows_of(df: &DataFrame, wanted: &KeySet) -> PolarsResult<DataFrame> {
    let df = aligned(df);
    let slices = Slices::new(&df, true, false)?;
    type Rows = (Vec<u32>, Vec<i32>, Vec<f64>, Vec<f64>);
    let parts: Vec<Rows> = slices
        .tasks()
        .into_par_iter()
        .map(|(chunk, start, end)| {
            let (gid, bin) = (slices.gid[chunk], slices.bin[chunk]);
            let mut out: Rows = Default::default();
            for row in start..end {
                if slices.ok(chunk, row) && wanted.contains(&bin_key(gid[row], bin[row])) {
                    out.0.push(gid[row]);
                    out.1.push(bin[row]);
                    out.2.push(slices.wage[chunk][row]);
                    out.3.push(slices.weight[chunk][row]);
                }
            }
            out
        })
        .collect();
    let mut all: Rows = Default::default();
    for part in parts {
        all.0.extend(part.0);
        all.1.extend(part.1);
        all.2.extend(part.2);
        all.3.extend(part.3);
    }
    DataFrame::new_infer_height(vec![
        Column::new(GID.into(), all.0),
        Column::new(BIN.into(), all.1),
        Column::new(m::ANNUAL_WAGE.into(), all.2),
        Column::new(m::WEIGHT.into(), all.3),
    ])
}

/// The valid rows counted in `bins` bins of `width` from `start` (bin 0 below `start`, the last
/// open-ended): per bin, rows and exact weight (`percentiles::fixed_one` units of [`W`]).
pub fn distribution(df: &DataFrame, start: f64, width: f64, bins: usize) -> PolarsResult<Vec<(u64, i128)>> {
    let df = aligned(df);
    let slices = Slices::new(&df, false, false)?;
    let last = bins.saturating_sub(1) as i64;
    let one = |(chunk, first, end): (usize, usize, usize)| -> PolarsResult<Vec<(u64, i128)>> {
        let mut counts = vec![(0u64, 0i128); bins];
        for row in first..end {
            if !slices.ok(chunk, row) {
                continue;
            }
            // As the polars expression did: ⌊(wage − start) ÷ width⌋ + 1, clipped to the bins.
            let index = (((slices.wage[chunk][row] - start) / width).floor() as i64 + 1).clamp(0, last) as usize;
            if let Some(count) = counts.get_mut(index) {
                count.0 += 1;
                count.1 += fixed_one(slices.weight[chunk][row], W).ok_or_else(overflow)?;
            }
        }
        Ok(counts)
    };
    slices.tasks().into_par_iter().map(one).reduce(
        || Ok(vec![(0, 0); bins]),
        |a, b| {
            let (mut a, b) = (a?, b?);
            for (x, y) in a.iter_mut().zip(b) {
                x.0 += y.0;
                x.1 += y.1;
            }
            Ok(a)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::micro::percentiles::{self, float};

    /// A narrow frame in several chunks, with invalid rows (null wage, null bin), two weights
    /// of the same group and bin, and employers.
    fn frame() -> DataFrame {
        let part = |offset: u32| {
            df!(
                GID => [1u32 + offset, 1, 2, 2, 3, 1],
                BIN => [Some(800i32), Some(800), Some(900), None, Some(800), Some(801)],
                m::ANNUAL_WAGE => [Some(40_000.0), Some(40_010.5), Some(50_000.0), None, Some(40_001.0), Some(40_100.0)],
                m::WEIGHT => [1.5, 0.1, 2.0, 1.0, 0.3, 1.0 / 3.0],
                OK => [true, true, true, false, true, true],
                EMPLOYER_CODE => [1u32, 2, 1, 1, 3, 2],
            )
            .expect("test frame")
        };
        let mut df = part(0);
        df.vstack_mut(&part(1)).expect("stack");
        df
    }

    fn sorted(df: DataFrame, by: &[&str]) -> DataFrame {
        df.lazy().sort(by.to_vec(), SortMultipleOptions::default()).collect().expect("sort")
    }

    /// [`frame`] with one more row whose bin is far from the others, so the histogram's span is
    /// too wide for a dense table and the kernel keeps a hash table.
    fn wide() -> DataFrame {
        let mut df = frame();
        let far = df!(
            GID => [2u32], BIN => [Some(40_000_000i32)], m::ANNUAL_WAGE => [Some(1e14)], m::WEIGHT => [0.5],
            OK => [true], EMPLOYER_CODE => [70_000u32],
        )
        .expect("test frame");
        df.vstack_mut(&far).expect("stack");
        df
    }

    #[test]
    fn stage1_gives_what_the_polars_group_by_gives() {
        for (method, df) in [(Method::Weighted, frame()), (Method::Linear, frame()), (Method::Weighted, wide())] {
            let (histogram, invalid, employers) = stage1(&df, method, true).expect("kernel");
            let valid = df.clone().lazy().filter(col(OK));
            let want =
                percentiles::histogram(valid.clone(), vec![col(GID), col(BIN)], method).collect().expect("polars");
            let columns = [GID, BIN, N, W, WX];
            let want = sorted(want.select(columns).expect("columns"), &[GID, BIN]);
            let got = sorted(histogram.select(columns).expect("columns"), &[GID, BIN]);
            assert!(got.equals(&want), "{method:?}\n{got}\n{want}");
            assert_eq!(invalid, 2);
            let want =
                percentiles::employer_weights(valid, vec![col(GID), col(EMPLOYER_CODE)]).collect().expect("polars");
            let want = sorted(want, &[GID, EMPLOYER_CODE]);
            let got = sorted(employers.expect("employers"), &[GID, EMPLOYER_CODE]);
            assert!(got.equals(&want), "{got}\n{want}");
        }
        // Group 1, bin 800: 40,000 (1.5) and 40,010.5 (0.1) in the first part, 40,010.5 (0.1) in the
        // second: 1.7 of weight, 60,000 + 4,001.05 + 4,001.05 of weight × wage.
        let (histogram, _, _) = stage1(&frame(), Method::Weighted, false).expect("kernel");
        let row = histogram
            .lazy()
            .filter(col(GID).eq(lit(1u32)).and(col(BIN).eq(lit(800i32))))
            .select([col(N), float(W), float(WX)])
            .collect()
            .expect("row");
        assert_eq!(row.column(N).expect("n").u64().expect("u64").get(0), Some(3));
        let w = row.column(W).expect("w").f64().expect("f64").get(0).expect("w");
        let wx = row.column(WX).expect("wx").f64().expect("f64").get(0).expect("wx");
        assert!((w - 1.7).abs() < 1e-15 && (wx - 68_002.1).abs() < 1e-6, "{w} {wx}");
    }

    #[test]
    fn rows_of_keeps_the_wanted_bins_in_row_order() {
        let df = frame();
        let wanted: KeySet = [bin_key(1, 800), bin_key(2, 900)].into_iter().collect();
        let rows = rows_of(&df, &wanted).expect("rows");
        let want = df
            .lazy()
            .filter(
                col(OK).and(
                    (col(GID).eq(lit(1u32)).and(col(BIN).eq(lit(800i32))))
                        .or(col(GID).eq(lit(2u32)).and(col(BIN).eq(lit(900i32)))),
                ),
            )
            .select([col(GID), col(BIN), col(m::ANNUAL_WAGE), col(m::WEIGHT)])
            .collect()
            .expect("polars");
        assert!(rows.equals(&want), "{rows}\n{want}");
        // Rows 1, 2 and 3 of the first part; 2 and 3 of the second.
        assert_eq!(rows.height(), 5);
    }

    #[test]
    fn distribution_counts_each_valid_row_once() {
        // Bins of 50 from 40,000: below → 0; [40,000, 40,050) → 1; [40,050, 40,100) → 2; the rest
        // clipped to the last (3).
        let counts = distribution(&frame(), 40_000.0, 50.0, 4).expect("counts");
        let n: Vec<u64> = counts.iter().map(|c| c.0).collect();
        assert_eq!(n, [0, 6, 0, 4]);
        let total: i128 = counts.iter().map(|c| c.1).sum();
        let weights = 2.0 * (1.5 + 0.1 + 2.0 + 0.3 + 1.0 / 3.0);
        assert!((total as f64 / (1u64 << 60) as f64 - weights).abs() < 1e-12);
    }
}
