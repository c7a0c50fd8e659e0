//! One module per page.

pub mod about_you;
pub mod placement_postcode;
pub mod start;
