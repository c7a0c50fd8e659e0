//! Which authorities adjoin, derived from postcode points: two authorities whose postcodes lie
//! within a short distance of each other, across their boundary, in enough places, share a
//! boundary on land or across a river. Pairs close in only a few places are left `unconfirmed`
//! for a person to review; open water wider than the search distance (an estuary) finds nothing,
//! so such pairs are added by hand in the reviewed list.

use std::collections::{BTreeMap, HashMap};

use crate::grid::GridRef;

/// Search distance for close postcodes (metres): wide enough for a river, narrower than an estuary.
pub const SEARCH_M: f64 = 2_000.0;

/// A postcode's position and the authority (by index) it lies in.
#[derive(Debug, Clone, Copy)]
pub struct Point {
    pub authority: u16,
    pub grid: GridRef,
}

/// How close two authorities' postcodes come.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Closeness {
    pub a: u16,
    pub b: u16,
    /// Postcode pairs, one in each authority, within the search distance.
    pub close_pairs: u64,
    pub nearest_m: f64,
}

/// Every pair of authorities with postcodes within `within_m` metres of each other.
pub fn closeness(points: &[Point], within_m: f64) -> Vec<Closeness> {
    let cell = within_m.max(1.0);
    let cell_of = |g: GridRef| ((f64::from(g.easting) / cell) as i64, (f64::from(g.northing) / cell) as i64);
    let mut cells: HashMap<(i64, i64), Vec<Point>> = HashMap::new();
    for p in points {
        cells.entry(cell_of(p.grid)).or_default().push(*p);
    }
    // Cells holding one authority only, for skipping the interior quickly.
    let single: HashMap<(i64, i64), Option<u16>> = cells
        .iter()
        .map(|(k, ps)| {
            let first = ps.first().map(|p| p.authority);
            (*k, first.filter(|a| ps.iter().all(|p| p.authority == *a)))
        })
        .collect();
    let mut found: HashMap<(u16, u16), Closeness> = HashMap::new();
    let limit = within_m * within_m;
    for (&(cx, cy), here) in &cells {
        for (dx, dy) in [(0, 0), (1, -1), (1, 0), (1, 1), (0, 1)] {
            let key = (cx + dx, cy + dy);
            let Some(there) = cells.get(&key) else { continue };
            if let (Some(Some(a)), Some(Some(b))) = (single.get(&(cx, cy)), single.get(&key))
                && a == b
            {
                continue;
            }
            let same_cell = (dx, dy) == (0, 0);
            for (i, p) in here.iter().enumerate() {
                let others = if same_cell { there.get(i + 1..).unwrap_or(&[]) } else { there.as_slice() };
                for q in others {
                    if p.authority == q.authority {
                        continue;
                    }
                    let de = f64::from(p.grid.easting) - f64::from(q.grid.easting);
                    let dn = f64::from(p.grid.northing) - f64::from(q.grid.northing);
                    let d2 = de * de + dn * dn;
                    if d2 > limit {
                        continue;
                    }
                    let (a, b) =
                        if p.authority < q.authority { (p.authority, q.authority) } else { (q.authority, p.authority) };
                    let entry = found.entry((a, b)).or_insert(Closeness { a, b, close_pairs: 0, nearest_m: f64::MAX });
                    entry.close_pairs += 1;
                    entry.nearest_m = entry.nearest_m.min(d2.sqrt());
                }
            }
        }
    }
    let mut out: Vec<Closeness> = found.into_values().collect();
    out.sort_by_key(|c| (c.a, c.b));
    out
}

/// Whether a derived pair adjoins or needs a person to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Adjoining,
    Unconfirmed,
}

/// At least this many close postcode pairs make a shared boundary; fewer are reviewed by hand.
pub const MIN_CLOSE_PAIRS: u64 = 10;
/// And the nearest must be this close (metres).
pub const MAX_NEAREST_M: f64 = 750.0;

pub fn verdict(c: &Closeness) -> Verdict {
    if c.close_pairs >= MIN_CLOSE_PAIRS && c.nearest_m <= MAX_NEAREST_M {
        Verdict::Adjoining
    } else {
        Verdict::Unconfirmed
    }
}

/// The adjacency table's columns, as the rules crate reads them.
pub const HEADER: &str = "authority_a,authority_b,state,basis,close_pairs,nearest_m,note";

/// The adjacency table as the rules crate reads it ([`HEADER`]):
/// derived from `points` (authority GSS code and grid position of each postcode), kept to pairs
/// `keep` accepts (the register's authorities), then the `reviewed` rows laid over it. Sorted, so
/// the same data always gives the same file.
pub fn derive_csv(points: &[(String, GridRef)], reviewed: &str, keep: impl Fn(&str) -> bool) -> String {
    let mut codes: Vec<&str> = points.iter().map(|(c, _)| c.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let index = |code: &str| codes.binary_search(&code).unwrap_or(0) as u16;
    let pts: Vec<Point> = points.iter().map(|(c, g)| Point { authority: index(c), grid: *g }).collect();
    let mut rows: BTreeMap<(String, String), String> = BTreeMap::new();
    for c in closeness(&pts, SEARCH_M) {
        let (Some(a), Some(b)) = (codes.get(usize::from(c.a)), codes.get(usize::from(c.b))) else { continue };
        if !keep(a) || !keep(b) {
            continue;
        }
        let state = match verdict(&c) {
            Verdict::Adjoining => "adjoining",
            Verdict::Unconfirmed => "unconfirmed",
        };
        rows.insert(
            ((*a).to_owned(), (*b).to_owned()),
            format!("{a},{b},{state},derived,{},{:.0},", c.close_pairs, c.nearest_m),
        );
    }
    for line in reviewed.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let mut cols = line.splitn(3, ',');
        let (Some(a), Some(b)) = (cols.next(), cols.next()) else { continue };
        let key = if a < b { (a.to_owned(), b.to_owned()) } else { (b.to_owned(), a.to_owned()) };
        rows.insert(key, line.to_owned());
    }
    let mut text = String::from(HEADER);
    text.push('\n');
    for line in rows.values() {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(authority: u16, e: u32, n: u32) -> Point {
        Point { authority, grid: GridRef { easting: e, northing: n } }
    }

    #[test]
    fn close_points_across_a_boundary_are_found_once_per_pair() {
        let mut points = Vec::new();
        // Authority 1 west of easting 10_000, authority 2 east of it, authority 3 far away.
        for i in 0..20 {
            points.push(p(1, 9_900, 10_000 + i * 100));
            points.push(p(2, 10_100, 10_000 + i * 100));
        }
        points.push(p(3, 50_000, 50_000));
        let found = closeness(&points, 1_000.0);
        assert_eq!(found.len(), 1);
        let c = found[0];
        assert_eq!((c.a, c.b), (1, 2));
        assert!((c.nearest_m - 200.0).abs() < 1e-9);
        assert!(c.close_pairs >= 20);
        assert_eq!(verdict(&c), Verdict::Adjoining);
    }

    #[test]
    fn a_lone_close_pair_is_left_for_review() {
        let found = closeness(&[p(1, 0, 0), p(2, 600, 0)], 1_000.0);
        assert_eq!(found.len(), 1);
        assert_eq!(verdict(&found[0]), Verdict::Unconfirmed);
        assert!(closeness(&[p(1, 0, 0), p(2, 5_000, 0)], 1_000.0).is_empty());
    }
}
