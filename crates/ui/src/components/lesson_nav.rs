//! Finding one's way through the lessons: which lesson, which step (done ones marked),
//! previous and next, a link to this step to share, and a way to start again.

use playground_queries::lessons::progress::Progress;
use playground_queries::lessons::Lesson;
use yew::prelude::*;

/// Props of [`LessonNav`].
#[derive(Properties, PartialEq)]
pub struct LessonNavProps {
    /// Every lesson.
    pub lessons: Vec<Lesson>,
    /// The open lesson's index.
    pub lesson: usize,
    /// The open step, from 0.
    pub step: usize,
    /// What the learner has done.
    pub progress: Progress,
    /// A link to the open step.
    pub link: AttrValue,
    /// Open a lesson (its index) at a step.
    pub on_open: Callback<(usize, usize)>,
    /// Forget all progress.
    pub on_reset: Callback<()>,
}

/// The lesson picker and step list.
#[component]
pub fn LessonNav(props: &LessonNavProps) -> Html {
    let open = |lesson: usize, step: usize| {
        let on_open = props.on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit((lesson, step)))
    };
    let current = &props.lessons[props.lesson];
    let steps = current.steps.len();
    let on_reset = {
        let on_reset = props.on_reset.clone();
        Callback::from(move |_: MouseEvent| on_reset.emit(()))
    };
    html! {
        <nav class="lesson-nav" aria-label="Lessons">
            <div class="lesson-list">
                { for props.lessons.iter().enumerate().map(|(i, l)| {
                    let done = props.progress.done_in(l.id);
                    html! {
                        <button id={format!("lesson-pick-{}", l.id)} aria-pressed={(i == props.lesson).to_string()}
                            onclick={open(i, props.progress.step(l.id))}>
                            { format!("{}. {}", i + 1, l.title) }
                            <span class="muted">{ format!(" {done}/{} done", l.steps.len()) }</span>
                        </button>
                    }
                }) }
            </div>
            <ol class="lesson-steps">
                { for current.steps.iter().enumerate().map(|(i, s)| {
                    let done = props.progress.is_done(current.id, s.id);
                    let class = classes!("step-pill", done.then_some("done"), (i == props.step).then_some("current"));
                    html! {
                        <li><button {class} id={format!("lesson-step-{}", i + 1)} title={s.title}
                            aria-current={(i == props.step).then_some("step")} onclick={open(props.lesson, i)}>
                            { if done { format!("{} ✓", i + 1) } else { (i + 1).to_string() } }
                        </button></li>
                    }
                }) }
            </ol>
            <div class="lesson-moves">
                <button id="lesson-prev" disabled={props.step == 0} onclick={open(props.lesson, props.step.saturating_sub(1))}>{ "← Previous" }</button>
                <button id="lesson-next" disabled={props.step + 1 >= steps} onclick={open(props.lesson, (props.step + 1).min(steps - 1))}>{ "Next →" }</button>
                <a id="lesson-link" href={props.link.clone()}>{ "Link to this step" }</a>
                <button id="lesson-reset" onclick={on_reset}>{ "Reset progress" }</button>
            </div>
        </nav>
    }
}
