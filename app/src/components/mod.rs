//! Reusable page parts in the GOV.UK Design System's patterns.

pub mod documents;
pub mod error_summary;
pub mod explainer;
pub mod field;
pub mod layout;
pub mod page_title;
