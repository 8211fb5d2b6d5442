//! One component per file; each takes plain props and reports user actions upward.

pub mod as_of;
pub mod bug_fix_panel;
pub mod build_form;
pub mod catalog;
pub mod compare_pane;
pub mod compare_view;
pub mod cost_chart;
pub mod dag_view;
pub mod editor;
pub mod error_panel;
pub mod gantt;
pub mod growth_chart;
pub mod metrics_strip;
pub mod pipeline_panel;
pub mod plan_view;
pub mod question_menu;
pub mod real_ask;
pub mod real_backfill_panel;
pub mod result_grid;
pub mod retention_panel;
pub mod scd2_panel;
pub mod scenario_gallery;
pub mod simulate_panel;
pub mod stopped_panel;
pub mod verdict;
