//! One component per file; each takes plain props and reports user actions upward.

pub mod build_form;
pub mod catalog;
pub mod editor;
pub mod error_panel;
pub mod metrics_strip;
pub mod plan_view;
pub mod question_menu;
pub mod result_grid;
