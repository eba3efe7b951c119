//! One integer per group for the microdata aggregations.
//!
//! A hash aggregation over millions of rows costs far more with several key columns, text among
//! them, than with one integer (polars row-encodes multi-column keys): 10M rows grouped by
//! setting, experience, certification and wage bin took 0.98 s with the text key and 0.74 s
//! with one packed integer. So the group's dimensions are packed into a 32-bit [`GID`]:
//!
//! - setting, region and year as their index in a category list built while reading
//!   (polars' Categorical, a fresh list per summary, so the indexes are dense from 0);
//! - experience as its band's code (1–5), certification as 1 (no) or 2 (yes);
//! - each plus one, so 0 is a missing value, in a fixed number of bits.
//!
//! The text dimensions share what the others leave of 32 bits. Whether every category list fit
//! its bits is known only after reading: [`KeyCoding::fits`] says, and the summary is then
//! redone with the dimensions as separate key columns (slower, never wrong).

use polars::prelude::*;

use super::MicroDim;
use crate::data::microdata::experience_code;
use crate::data::schema::micro as m;

/// The packed group key.
pub const GID: &str = "__gid";
/// The packed employer key (dominance rule): a code per employer name.
pub const EMPLOYER_CODE: &str = "__employer";

const BITS: u32 = 32;

/// How one dimension sits in [`GID`].
struct Field {
    dim: MicroDim,
    shift: u32,
    bits: u32,
    /// The category list of a text (or year) dimension, as a Categorical type.
    categories: Option<DataType>,
}

/// The packing of a summary's dimensions (and the employer) into integers.
pub struct KeyCoding {
    fields: Vec<Field>,
    employer: DataType,
}

/// A fresh category list. The type holds the list itself: polars keeps a list only as long as a
/// type refers to it, so the coding keeps its types for the whole summary (both reads of a file
/// and the decoding of its results then use the same codes).
fn categories() -> DataType {
    DataType::from_categories(Categories::random("wagescope".into(), CategoricalPhysical::U32))
}

fn categorical(expr: Expr, categories: &DataType) -> Expr {
    expr.cast(DataType::String).cast(categories.clone())
}

/// The number of categories in a list.
fn count(categories: &DataType) -> usize {
    match categories {
        DataType::Categorical(_, mapping) => mapping.num_cats_upper_bound(),
        _ => 0,
    }
}

impl KeyCoding {
    pub fn new(dims: &[MicroDim]) -> KeyCoding {
        let listed = |d: &MicroDim| matches!(d, MicroDim::Setting | MicroDim::Region | MicroDim::Year);
        let fixed: u32 = dims
            .iter()
            .map(|d| match d {
                MicroDim::Experience => 3,
                MicroDim::Certification => 2,
                _ => 0,
            })
            .sum();
        let lists = dims.iter().filter(|d| listed(d)).count() as u32;
        let share = (BITS - fixed).checked_div(lists).unwrap_or(0);
        let mut shift = 0;
        let fields = dims
            .iter()
            .map(|&dim| {
                let bits = match dim {
                    MicroDim::Experience => 3,
                    MicroDim::Certification => 2,
                    _ => share,
                };
                let field = Field { dim, shift, bits, categories: listed(&dim).then(categories) };
                shift += bits;
                field
            })
            .collect();
        KeyCoding { fields, employer: categories() }
    }

    /// The dimension's value as a number ≥ 1 (0 when missing).
    fn code(field: &Field) -> Expr {
        let code = match (&field.categories, field.dim) {
            (Some(list), _) => {
                categorical(col(field.dim.name()), list).to_physical().cast(DataType::UInt64) + lit(1u64)
            }
            (None, MicroDim::Experience) => experience_code(col(m::YEARS_EXPERIENCE)).cast(DataType::UInt64),
            (None, _) => col(m::CERTIFIED).cast(DataType::UInt64) + lit(1u64),
        };
        code.fill_null(lit(0u64))
    }

    /// [`GID`] of a canonical microdata row.
    pub fn gid(&self) -> Expr {
        self.fields
            .iter()
            .fold(lit(0u64), |acc, f| acc + Self::code(f) * lit(1u64 << f.shift))
            .cast(DataType::UInt32)
            .alias(GID)
    }

    /// [`EMPLOYER_CODE`] of a canonical microdata row: the employer's index plus one, 0 when missing.
    pub fn employer(&self) -> Expr {
        (categorical(col(m::EMPLOYER), &self.employer).to_physical().cast(DataType::UInt64) + lit(1u64))
            .fill_null(lit(0u64))
            .cast(DataType::UInt32)
            .alias(EMPLOYER_CODE)
    }

    /// Whether every category list, once the file is read, fit its bits (codes are dense).
    pub fn fits(&self) -> bool {
        self.fields.iter().all(|f| match &f.categories {
            Some(list) => (count(list) as u64) < (1u64 << f.bits) - 1,
            None => true,
        })
    }

    /// [`GID`] of the coarser grouping by `dims` (a subset of the coding's): the other
    /// dimensions' bits cleared, so the rows of a fine group fall in the coarse group holding it.
    pub fn keep(&self, dims: &[MicroDim]) -> Expr {
        if self.fields.iter().all(|f| dims.contains(&f.dim)) {
            return col(GID);
        }
        let gid = || col(GID).cast(DataType::UInt64);
        self.fields
            .iter()
            .filter(|f| dims.contains(&f.dim))
            .fold(lit(0u64), |acc, f| {
                acc + (gid().floor_div(lit(1u64 << f.shift)) % lit(1u64 << f.bits)) * lit(1u64 << f.shift)
            })
            .cast(DataType::UInt32)
            .alias(GID)
    }

    /// The columns of `dims` (a subset of the coding's) from [`GID`], as [`MicroDim::code`] gives
    /// them (text, band code, boolean, year), so they decode and sort the same way. For the few
    /// rows of a result: a category's text is looked up in its list.
    pub fn unpack(&self, dims: &[MicroDim]) -> Vec<Expr> {
        self.fields
            .iter()
            .filter(|f| dims.contains(&f.dim))
            .map(|f| {
                let code = col(GID).cast(DataType::UInt64).floor_div(lit(1u64 << f.shift)) % lit(1u64 << f.bits);
                let missing = code.clone().eq(lit(0u64));
                let value = match (&f.categories, f.dim) {
                    (Some(DataType::Categorical(_, mapping)), dim) => {
                        let count = mapping.num_cats_upper_bound() as u32;
                        let texts: Vec<Option<&str>> = (0..count).map(|c| mapping.cat_to_str(c)).collect();
                        let codes: Vec<u64> = (1..=u64::from(count)).collect();
                        let text = code.replace_strict(
                            lit(Series::new("code".into(), codes)).implode(false),
                            lit(Series::new("text".into(), texts)).implode(false),
                            Some(lit(NULL).cast(DataType::String)),
                            Some(DataType::String),
                        );
                        if dim == MicroDim::Year { text.cast(DataType::Int64) } else { text }
                    }
                    (_, MicroDim::Experience) => code.cast(DataType::Int32),
                    (_, _) => code.eq(lit(2u64)),
                };
                when(missing).then(lit(NULL)).otherwise(value).alias(f.dim.name())
            })
            .collect()
    }
}
