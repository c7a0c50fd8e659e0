//! The compact postcode table. Built once by the generator, read from bytes without copying.
//!
//! Layout (little-endian), versioned by its magic:
//!
//! ```text
//! "OLAPCD" 0x01 flags            flags: bit 0 grid refs present, bit 1 partial (one host's only)
//! u16 len, source text            e.g. "ONS Postcode Directory November 2025 (...)"
//! u16 U, U × 9-byte upper-tier GSS codes
//! u16 L, L × (9-byte lower-tier GSS code, u16 upper-tier index)
//! u32 N, N × 5-byte keys (sorted, see `key`), N × u16 lower-tier index,
//!        [N × 3-byte easting, N × 3-byte northing; 0xFFFFFF where the directory has none]
//! ```
//!
//! Thirteen bytes a postcode with grid refs, seven without: every UK postcode (2.7 million, live
//! and terminated) in about 35 MB, held as one allocation and binary-searched in place.

use std::fmt;

use placement_rules::geography::{Geography, Located, PlacementArea};
use placement_rules::text::Postcode;

use crate::grid::GridRef;
use crate::key::{self, KEY_BYTES};

const MAGIC: &[u8; 7] = b"OLAPCD\x01";
const FLAG_GRID: u8 = 1;
const FLAG_PARTIAL: u8 = 2;
const NO_GRID: u32 = 0x00FF_FFFF;
const CODE_BYTES: usize = 9;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    NotATable,
    Truncated(&'static str),
    Unsorted,
    BadIndex,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotATable => write!(f, "not a postcode table (wrong header or version)"),
            Self::Truncated(part) => write!(f, "postcode table ends early, in {part}"),
            Self::Unsorted => write!(f, "postcode table keys are not sorted"),
            Self::BadIndex => write!(f, "postcode table refers to an authority it does not list"),
        }
    }
}

impl std::error::Error for TableError {}

/// What the table knows of one postcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub postcode: String,
    pub lower_tier: String,
    pub upper_tier: String,
    pub grid: Option<GridRef>,
}

/// A postcode table read from bytes.
#[derive(Clone)]
pub struct PostcodeTable {
    bytes: Vec<u8>,
    source: String,
    partial: bool,
    has_grid: bool,
    upper: Vec<String>,
    lower: Vec<(String, u16)>,
    count: usize,
    keys_at: usize,
    lower_at: usize,
    grid_at: usize,
}

impl fmt::Debug for PostcodeTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostcodeTable").field("source", &self.source).field("postcodes", &self.count).finish()
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, part: &'static str) -> Result<&'a [u8], TableError> {
        let slice = self.bytes.get(self.at..self.at + n).ok_or(TableError::Truncated(part))?;
        self.at += n;
        Ok(slice)
    }
    fn u16(&mut self, part: &'static str) -> Result<u16, TableError> {
        let b = self.take(2, part)?;
        Ok(u16::from_le_bytes([b.first().copied().unwrap_or(0), b.get(1).copied().unwrap_or(0)]))
    }
    fn u32(&mut self, part: &'static str) -> Result<u32, TableError> {
        let b = self.take(4, part)?;
        let mut a = [0u8; 4];
        a.copy_from_slice(b);
        Ok(u32::from_le_bytes(a))
    }
    fn code(&mut self, part: &'static str) -> Result<String, TableError> {
        Ok(String::from_utf8_lossy(self.take(CODE_BYTES, part)?).into_owned())
    }
}

impl PostcodeTable {
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, TableError> {
        let mut r = Reader { bytes: &bytes, at: 0 };
        if r.take(MAGIC.len(), "header").map_err(|_| TableError::NotATable)? != MAGIC {
            return Err(TableError::NotATable);
        }
        let flags = *r.take(1, "header")?.first().unwrap_or(&0);
        let source_len = usize::from(r.u16("source")?);
        let source = String::from_utf8_lossy(r.take(source_len, "source")?).into_owned();
        let upper_count = usize::from(r.u16("upper tiers")?);
        let upper = (0..upper_count).map(|_| r.code("upper tiers")).collect::<Result<Vec<_>, _>>()?;
        let lower_count = usize::from(r.u16("lower tiers")?);
        let mut lower = Vec::with_capacity(lower_count);
        for _ in 0..lower_count {
            let code = r.code("lower tiers")?;
            let up = r.u16("lower tiers")?;
            if usize::from(up) >= upper.len() {
                return Err(TableError::BadIndex);
            }
            lower.push((code, up));
        }
        let count = r.u32("postcodes")? as usize;
        let has_grid = flags & FLAG_GRID != 0;
        let keys_at = r.at;
        r.take(count * KEY_BYTES, "keys")?;
        let lower_at = r.at;
        let lower_idx = r.take(count * 2, "lower-tier indexes")?;
        let out_of_range = |c: &[u8]| match c {
            [a, b] => usize::from(u16::from_le_bytes([*a, *b])) >= lower.len(),
            _ => true,
        };
        if lower_idx.chunks_exact(2).any(out_of_range) {
            return Err(TableError::BadIndex);
        }
        let grid_at = r.at;
        if has_grid {
            r.take(count * 6, "grid references")?;
        }
        let table = Self {
            source,
            partial: flags & FLAG_PARTIAL != 0,
            has_grid,
            upper,
            lower,
            count,
            keys_at,
            lower_at,
            grid_at,
            bytes: Vec::new(),
        };
        let table = Self { bytes, ..table };
        if (1..table.count).any(|i| table.key_at(i - 1) >= table.key_at(i)) {
            return Err(TableError::Unsorted);
        }
        Ok(table)
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Where the data came from, for attribution.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// True when the table holds one host's postcodes only.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// The upper-tier authorities the table's postcodes lie in.
    pub fn upper_tiers(&self) -> &[String] {
        &self.upper
    }

    /// Bytes held in memory.
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    fn key_at(&self, i: usize) -> u64 {
        let at = self.keys_at + i * KEY_BYTES;
        key::read(self.bytes.get(at..at + KEY_BYTES).unwrap_or(&[]))
    }

    fn index_of(&self, key: u64) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.key_at(mid).cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    fn u24(&self, at: usize) -> u32 {
        match self.bytes.get(at..at + 3) {
            Some([a, b, c]) => u32::from_le_bytes([*a, *b, *c, 0]),
            _ => NO_GRID,
        }
    }

    fn entry_at(&self, i: usize) -> Option<Entry> {
        let at = self.lower_at + i * 2;
        let idx = match self.bytes.get(at..at + 2) {
            Some([a, b]) => usize::from(u16::from_le_bytes([*a, *b])),
            _ => return None,
        };
        let (lower, up) = self.lower.get(idx)?;
        let grid = if self.has_grid {
            let e = self.u24(self.grid_at + i * 3);
            let n = self.u24(self.grid_at + self.count * 3 + i * 3);
            (e != NO_GRID && n != NO_GRID).then_some(GridRef { easting: e, northing: n })
        } else {
            None
        };
        Some(Entry {
            postcode: key::decode(self.key_at(i)),
            lower_tier: lower.clone(),
            upper_tier: self.upper.get(usize::from(*up))?.clone(),
            grid,
        })
    }

    /// What the table knows of a postcode, if it is in it.
    pub fn get(&self, postcode: &Postcode) -> Option<Entry> {
        self.index_of(key::encode(postcode)?).and_then(|i| self.entry_at(i))
    }

    /// The lower-tier areas (districts) the table places within an upper-tier authority, sorted.
    pub fn lower_tiers_of(&self, upper_tier: &str) -> Vec<&str> {
        let Some(up) = self.upper.iter().position(|u| u == upper_tier) else { return Vec::new() };
        let mut out: Vec<&str> =
            self.lower.iter().filter(|(_, u)| usize::from(*u) == up).map(|(l, _)| l.as_str()).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every entry, in key order (for derivations such as adjacency).
    pub fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        (0..self.count).filter_map(|i| self.entry_at(i))
    }

    /// A partial table of the postcodes in these upper-tier authorities, without grid references:
    /// what a browser holds for the hosts a relay serves. A postcode not in it is outside its
    /// coverage, not unknown.
    pub fn only(&self, upper_tiers: &[&str]) -> Vec<u8> {
        let mut b = TableBuilder::new();
        for e in self.entries().filter(|e| upper_tiers.contains(&e.upper_tier.as_str())) {
            b.add(&e.postcode, &e.lower_tier, &e.upper_tier, None);
        }
        b.build(self.source(), false, true)
    }
}

impl Geography for PostcodeTable {
    fn locate(&self, postcode: &Postcode) -> Located {
        match self.get(postcode) {
            Some(e) => Located::In(PlacementArea { upper_tier: e.upper_tier, lower_tier: e.lower_tier }),
            None if self.partial => Located::OutsideCoverage,
            None => Located::NotFound,
        }
    }
}

/// Builds a table from postcodes in any order.
#[derive(Debug, Default)]
pub struct TableBuilder {
    rows: Vec<(u64, String, String, Option<GridRef>)>,
}

impl TableBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a postcode (any case, any spacing); returns false if it is not a postcode or the
    /// codes are not 9-character GSS codes.
    pub fn add(&mut self, postcode: &str, lower_tier: &str, upper_tier: &str, grid: Option<GridRef>) -> bool {
        let compact: String = postcode.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let Some(k) = key::encode_compact(&compact) else { return false };
        if lower_tier.len() != CODE_BYTES || upper_tier.len() != CODE_BYTES {
            return false;
        }
        self.rows.push((k, lower_tier.to_owned(), upper_tier.to_owned(), grid));
        true
    }

    /// The table's bytes. With `with_grid` false, grid references are left out (the browser
    /// table); `partial` marks a table of one host's postcodes.
    pub fn build(mut self, source: &str, with_grid: bool, partial: bool) -> Vec<u8> {
        self.rows.sort_by_key(|r| r.0);
        self.rows.dedup_by_key(|r| r.0);
        let mut upper: Vec<String> = self.rows.iter().map(|r| r.2.clone()).collect();
        upper.sort();
        upper.dedup();
        let mut lower: Vec<(String, String)> = self.rows.iter().map(|r| (r.1.clone(), r.2.clone())).collect();
        lower.sort();
        lower.dedup_by(|a, b| a.0 == b.0);
        let upper_index = |code: &str| upper.binary_search_by(|u| u.as_str().cmp(code)).unwrap_or(0) as u16;
        let lower_index = |code: &str| lower.binary_search_by(|l| l.0.as_str().cmp(code)).unwrap_or(0) as u16;

        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(if with_grid { FLAG_GRID } else { 0 } | if partial { FLAG_PARTIAL } else { 0 });
        let source = source.as_bytes();
        out.extend_from_slice(&(source.len().min(usize::from(u16::MAX)) as u16).to_le_bytes());
        out.extend_from_slice(source.get(..usize::from(u16::MAX)).unwrap_or(source));
        out.extend_from_slice(&(upper.len() as u16).to_le_bytes());
        for u in &upper {
            out.extend_from_slice(u.as_bytes());
        }
        out.extend_from_slice(&(lower.len() as u16).to_le_bytes());
        for (l, u) in &lower {
            out.extend_from_slice(l.as_bytes());
            out.extend_from_slice(&upper_index(u).to_le_bytes());
        }
        out.extend_from_slice(&(self.rows.len() as u32).to_le_bytes());
        for r in &self.rows {
            key::write(r.0, &mut out);
        }
        for r in &self.rows {
            out.extend_from_slice(&lower_index(&r.1).to_le_bytes());
        }
        if with_grid {
            let coord = |g: Option<GridRef>, east: bool| {
                g.map_or(NO_GRID, |g| if east { g.easting } else { g.northing }).min(NO_GRID)
            };
            for r in &self.rows {
                out.extend_from_slice(&coord(r.3, true).to_le_bytes()[..3]);
            }
            for r in &self.rows {
                out.extend_from_slice(&coord(r.3, false).to_le_bytes()[..3]);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_districts_of_an_authority_are_listed_once_each() {
        let mut b = TableBuilder::new();
        b.add("ME14 1XQ", "E07000110", "E10000016", None);
        b.add("ME15 6AA", "E07000110", "E10000016", None);
        b.add("CT9 1XZ", "E07000114", "E10000016", None);
        b.add("ME4 4TR", "E06000035", "E06000035", None);
        let t = PostcodeTable::from_bytes(b.build("test", false, false)).unwrap();
        assert_eq!(t.lower_tiers_of("E10000016"), ["E07000110", "E07000114"]);
        assert!(t.lower_tiers_of("E99999999").is_empty());
    }
    use super::*;

    fn sample(with_grid: bool, partial: bool) -> PostcodeTable {
        let mut b = TableBuilder::new();
        assert!(b.add("me14 1xq", "E07000110", "E10000016", Some(GridRef { easting: 575_900, northing: 156_300 })));
        assert!(b.add("ME4 4TR", "E06000035", "E06000035", None));
        assert!(b.add("TN1 1AA", "E07000116", "E10000016", Some(GridRef { easting: 558_000, northing: 139_000 })));
        assert!(!b.add("nonsense", "E07000116", "E10000016", None));
        PostcodeTable::from_bytes(b.build("test data", with_grid, partial)).unwrap()
    }

    #[test]
    fn finds_what_was_added_in_any_spelling() {
        let t = sample(true, false);
        assert_eq!(t.len(), 3);
        let e = t.get(&Postcode::parse("me141xq").unwrap()).unwrap();
        assert_eq!((e.lower_tier.as_str(), e.upper_tier.as_str()), ("E07000110", "E10000016"));
        assert_eq!(e.grid, Some(GridRef { easting: 575_900, northing: 156_300 }));
        assert_eq!(t.get(&Postcode::parse("ME4 4TR").unwrap()).unwrap().grid, None);
        assert!(t.get(&Postcode::parse("ME14 1XX").unwrap()).is_none());
        assert_eq!(t.source(), "test data");
    }

    #[test]
    fn partial_tables_say_outside_coverage_and_full_ones_not_found() {
        let pc = Postcode::parse("SW1A 1AA").unwrap();
        assert_eq!(sample(true, false).locate(&pc), Located::NotFound);
        assert_eq!(sample(false, true).locate(&pc), Located::OutsideCoverage);
        assert!(sample(false, true).get(&Postcode::parse("TN1 1AA").unwrap()).unwrap().grid.is_none());
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let mut b = TableBuilder::new();
        b.add("ME14 1XQ", "E07000110", "E10000016", None);
        let bytes = b.build("x", true, false);
        assert_eq!(PostcodeTable::from_bytes(b"nope".to_vec()).unwrap_err(), TableError::NotATable);
        for cut in 0..bytes.len() {
            assert!(PostcodeTable::from_bytes(bytes[..cut].to_vec()).is_err(), "cut at {cut}");
        }
    }
}
