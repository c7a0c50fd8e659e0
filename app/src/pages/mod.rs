//! One module per page.

pub mod about_you;
pub mod start;
