//! An embedded lesson step: the step as the Lessons tab shows it, without the rest.

use playground_queries::lessons::Lesson;
use playground_queries::QuestionParams;
use yew::prelude::*;

use crate::components::lesson_step::LessonStep;
use crate::tabs::step_runner::use_step_runner;

/// Props of [`EmbedLesson`].
#[derive(Properties, PartialEq)]
pub struct EmbedLessonProps {
    /// The lesson.
    pub lesson: Lesson,
    /// The step, from 0.
    pub step: usize,
    /// Values for its placeholders.
    pub params: QuestionParams,
    /// The engine may be asked now.
    pub idle: bool,
    /// Called before every request: builds the network the first time.
    pub prepare: Callback<()>,
    /// Where the full playground opens at this step.
    pub full: AttrValue,
}

/// The step.
#[component]
pub fn EmbedLesson(props: &EmbedLessonProps) -> Html {
    let step = props.lesson.steps[props.step].clone();
    let runner = use_step_runner(&step, Some(props.params.clone()), props.idle, Callback::noop(), None);
    fn first<T: 'static>(prepare: &Callback<()>, action: Callback<T>) -> Callback<T> {
        let prepare = prepare.clone();
        Callback::from(move |value: T| {
            prepare.emit(());
            action.emit(value);
        })
    }
    let p = &props.prepare;
    let on_open_lab = {
        let full = props.full.to_string();
        Callback::from(move |()| {
            if let Some(w) = web_sys::window() {
                let _ = w.open_with_url_and_target(&full, "_blank");
            }
        })
    };
    html! {
        <LessonStep {step} number={props.step + 1} steps={props.lesson.steps.len()} params={props.params.clone()}
            sql={runner.sql} answer={runner.answer} idle={props.idle} on_change={runner.on_change}
            on_run={first(p, runner.on_run)} on_compare={first(p, runner.on_compare)} on_check={first(p, runner.on_check)}
            on_simulate={first(p, runner.on_simulate)} {on_open_lab} />
    }
}
