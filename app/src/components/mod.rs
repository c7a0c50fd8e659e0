//! Reusable page parts in the GOV.UK Design System's patterns.

pub mod error_summary;
pub mod layout;
pub mod page_title;
pub mod question_page;
pub mod text_input;
