//! Lessons: the argument walked through step by step. The tab owns the open step, its
//! editor text and answer, and the learner's progress (kept in local storage, and in the
//! URL so a link opens the same step).

use playground_queries::lessons::{self, progress::Progress};
use playground_queries::QuestionParams;
use yew::prelude::*;

use crate::components::lesson_nav::LessonNav;
use crate::components::lesson_step::LessonStep;
use crate::lesson_store;
use crate::link::{self, LessonLink};
use crate::tabs::step_runner::use_step_runner;

/// Props of [`LessonsTab`].
#[derive(Properties, PartialEq)]
pub struct LessonsTabProps {
    /// Values for the lessons' placeholders, once the social network is built.
    pub params: Option<QuestionParams>,
    /// The engine takes requests now.
    pub idle: bool,
    /// The lesson named in the page's URL.
    pub initial: Option<LessonLink>,
    /// Go to the Backfill lab.
    pub on_open_lab: Callback<()>,
}

/// Where the tab opens, and a note when the URL named something that is not there.
fn opening(initial: Option<&LessonLink>, progress: &Progress) -> ((usize, usize), Option<String>) {
    let index = |id: &str| lessons::all().iter().position(|l| l.id == id).unwrap_or(0);
    if let Some(link) = initial {
        return match lessons::locate(&link.lesson, link.step.as_deref()) {
            Ok((lesson, step, note)) => ((index(lesson.id), step), note),
            Err(message) => ((0, progress.step(lessons::all()[0].id)), Some(message)),
        };
    }
    match &progress.last {
        Some(id) => ((index(id), progress.step(id)), None),
        None => ((0, 0), None),
    }
}

/// A change to the learner's progress, applied to the latest state: an answer may
/// arrive after the learner has moved on.
enum ProgressAction {
    Open(&'static str, usize),
    Complete(&'static str, &'static str),
    Reset,
}

#[derive(Clone, PartialEq, Default)]
struct Kept(Progress);

impl Reducible for Kept {
    type Action = ProgressAction;

    fn reduce(self: std::rc::Rc<Self>, action: ProgressAction) -> std::rc::Rc<Self> {
        let mut p = self.0.clone();
        match action {
            ProgressAction::Open(lesson, step) => p.open(lesson, step),
            ProgressAction::Complete(lesson, step) => p.complete(lesson, step),
            ProgressAction::Reset => p = Progress::default(),
        }
        Kept(p).into()
    }
}

/// The tab.
#[component]
pub fn LessonsTab(props: &LessonsTabProps) -> Html {
    let all = use_memo((), |_| lessons::all());
    let progress = use_reducer(|| Kept(lesson_store::load()));
    use_effect_with(progress.0.clone(), lesson_store::save);
    let first = use_memo((), {
        let (initial, progress) = (props.initial.clone(), progress.0.clone());
        move |_| opening(initial.as_ref(), &progress)
    });
    let at = use_state(|| first.0);
    let note = use_state(|| first.1.clone());
    let (lesson_index, step_index) = *at;
    let lesson = all[lesson_index].clone();
    let step = lesson.steps[step_index].clone();
    let complete = {
        let (progress, lesson_id, step_id) = (progress.dispatcher(), lesson.id, step.id);
        Callback::from(move |()| progress.dispatch(ProgressAction::Complete(lesson_id, step_id)))
    };
    let shared = use_memo((), {
        let (initial, step_id, from_link) = (props.initial.clone(), step.id, first.1.is_none());
        // A link's edited text belongs to the step it names, if that step opened.
        move |_| initial.and_then(|l| l.sql).filter(|_| from_link).map(|sql| (step_id, sql))
    });
    let runner = use_step_runner(&step, props.params.clone(), props.idle, complete.clone(), (*shared).clone());
    {
        // Wherever the learner is, from a link, a click or a reload, is where they return.
        let progress = progress.dispatcher();
        use_effect_with((lesson.id, step_index), move |&(lesson, step)| {
            progress.dispatch(ProgressAction::Open(lesson, step))
        });
    }
    {
        // The address bar carries the learner's edit, so copying it shares what they see.
        let (lesson_id, step_id) = (lesson.id, step_index);
        let edited = runner.edited.then(|| runner.sql.clone());
        use_effect_with(edited, move |edited| {
            if link::read_lesson().is_some() {
                link::write_lesson(lesson_id, step_id, edited.as_deref());
            }
        });
    }
    let Some(params) = props.params.clone() else {
        return html! {
            <p class="explanation" id="lessons-need-network">{ "The lessons run on the social network. Build it in the sidebar (the demo table has no history to teach with)." }</p>
        };
    };

    let on_open = {
        let (at, note, all) = (at.clone(), note.clone(), all.clone());
        Callback::from(move |(lesson, step): (usize, usize)| {
            link::write_lesson(all[lesson].id, step, None);
            note.set(None);
            at.set((lesson, step));
        })
    };
    let on_reset = {
        let (progress, at) = (progress.dispatcher(), at.clone());
        Callback::from(move |()| {
            progress.dispatch(ProgressAction::Reset);
            at.set((lesson_index, 0));
        })
    };
    let on_open_lab = {
        let on_open_lab = props.on_open_lab.clone();
        Callback::from(move |()| {
            complete.emit(());
            on_open_lab.emit(());
        })
    };
    let done = progress.0.done_in(lesson.id);
    html! {
        <section class="lessons" data-lesson={lesson.id} data-step={(step_index + 1).to_string()}>
            if let Some(message) = &*note {
                <div class="as-of-problem" id="lesson-note" role="alert">{ message }</div>
            }
            <LessonNav lessons={(*all).clone()} lesson={lesson_index} step={step_index} progress={progress.0.clone()}
                link={link::lesson_search(lesson.id, step_index, runner.edited.then_some(runner.sql.as_str()))} {on_open} {on_reset} />
            <p class="muted" id="lesson-progress">{ format!(
                "{done} of {} steps of \u{201c}{}\u{201d} done; kept in this browser.", lesson.steps.len(), lesson.title
            ) }</p>
            <LessonStep step={step.clone()} number={step_index + 1} steps={lesson.steps.len()} {params}
                sql={runner.sql} answer={runner.answer} idle={props.idle} on_change={runner.on_change}
                on_run={runner.on_run} on_compare={runner.on_compare} on_check={runner.on_check}
                on_simulate={runner.on_simulate} {on_open_lab} />
        </section>
    }
}
