//! The playground's front end: a Yew app talking to the engine worker.

mod app;
mod backfill_runner;
mod bridge;
mod charts;
mod crash_plan;
mod components;
mod format;
mod link;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
