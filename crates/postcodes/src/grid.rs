//! Positions on the Ordnance Survey National Grid (metres), and the distance between two.

/// Easting and northing in metres, as the ONS Postcode Directory gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridRef {
    pub easting: u32,
    pub northing: u32,
}

const METRES_PER_MILE: f64 = 1609.344;

impl GridRef {
    pub fn metres_to(self, other: GridRef) -> f64 {
        let de = f64::from(self.easting) - f64::from(other.easting);
        let dn = f64::from(self.northing) - f64::from(other.northing);
        de.hypot(dn)
    }

    /// Straight-line miles, as the DfE measures the distance of a placement from home. The grid's
    /// scale error is under 0.04% across Great Britain, far below a postcode's own spread.
    pub fn miles_to(self, other: GridRef) -> f64 {
        self.metres_to(other) / METRES_PER_MILE
    }

    /// Miles to a tenth, as the product records and reports them: a postcode's point is only a
    /// postcode's worth of accurate, so more digits would claim too much.
    pub fn reported_miles_to(self, other: GridRef) -> f64 {
        (self.miles_to(other) * 10.0).round() / 10.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_in_miles() {
        let a = GridRef { easting: 500_000, northing: 100_000 };
        let b = GridRef { easting: 503_000, northing: 104_000 };
        assert!((a.metres_to(b) - 5000.0).abs() < 1e-9);
        assert!((a.miles_to(b) - 3.106_855).abs() < 1e-6);
        assert_eq!(a.reported_miles_to(b), 3.1);
    }
}
