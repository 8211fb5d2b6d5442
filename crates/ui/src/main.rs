//! The playground's front end: a Yew app talking to the engine worker.

mod app;
mod backfill_runner;
mod bridge;
mod charts;
mod components;
mod crash_plan;
mod format;
mod link;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
