//! The app's pages: the start page, every journey's pages, what links open, and staff pages.

pub mod access_log;
pub mod administration;
pub mod case_links;
pub mod case_record;
pub mod filters;
pub mod help;
pub mod journey;
pub mod links;
pub mod mi_report;
pub mod on_demand;
pub mod sent;
pub mod staff;
pub mod start;
pub mod work_queue;
