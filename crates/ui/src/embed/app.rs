//! The embed's root: the engine client (started on demand), the one network build, the
//! status line, and the scenario or step it shows.

use playground_protocol::{Request, Response, SocialParams};
use playground_queries::embed::{EmbedSpec, EmbedTarget};
use yew::prelude::*;

use super::lesson::EmbedLesson;
use super::scenario::EmbedScenario;
use super::size::SizeReporter;
use crate::client::{Engine, EngineEvent, Reply};
use crate::page::{PageContext, PageEvent};

/// Props of [`EmbedApp`].
#[derive(Properties, PartialEq)]
pub struct EmbedAppProps {
    /// What the URL asked for, or why it names nothing to show.
    pub spec: Result<EmbedSpec, String>,
}

/// What the embed shows about the engine.
#[derive(Clone, Default, PartialEq)]
struct EmbedState {
    /// Requests not yet answered.
    in_flight: u32,
    /// Answers shown so far (the tests wait on it).
    answers: u64,
    /// The build's progress while it runs.
    building: Option<String>,
    /// The network is built.
    built: bool,
    /// Why the build or the engine failed.
    failed: Option<String>,
}

enum EmbedAction {
    Page(PageEvent),
    Life(EngineEvent),
    Building(String),
    Built,
    Failed(String),
}

impl Reducible for EmbedState {
    type Action = EmbedAction;

    fn reduce(self: std::rc::Rc<Self>, action: EmbedAction) -> std::rc::Rc<Self> {
        let mut s = (*self).clone();
        match action {
            EmbedAction::Page(PageEvent::Asked) => s.in_flight += 1,
            EmbedAction::Page(PageEvent::Settled) => s.in_flight = s.in_flight.saturating_sub(1),
            EmbedAction::Page(PageEvent::Answered) => s.answers += 1,
            EmbedAction::Page(_) => {}
            EmbedAction::Life(EngineEvent::Stopped(why)) => s.failed = Some(why),
            EmbedAction::Life(_) => {}
            EmbedAction::Building(step) => s.building = Some(step),
            EmbedAction::Built => (s.building, s.built, s.failed) = (None, true, None),
            EmbedAction::Failed(why) => (s.building, s.failed) = (None, Some(why)),
        }
        s.into()
    }
}

/// The full playground's URL for what the embed shows, on the same network.
fn full_link(spec: &EmbedSpec) -> String {
    let n = &spec.network;
    let what = match &spec.target {
        EmbedTarget::Scenario(s) => format!("scenario={}", s.id),
        EmbedTarget::LessonStep(l, step) => format!("lesson={}&step={}", l.id, step + 1),
    };
    format!("./?{what}&users={}&days={}&start={}&seed={}", n.users, n.days, n.start, n.seed)
}

fn describe(n: &SocialParams) -> String {
    format!("{} users over {} days from {}", n.users, n.days, n.start)
}

/// The embed.
#[component]
pub fn EmbedApp(props: &EmbedAppProps) -> Html {
    let state = use_reducer(EmbedState::default);
    let page = use_memo((), {
        let dispatcher = state.dispatcher();
        move |_| {
            let on_life = dispatcher.clone();
            let engine = Engine::on_demand(Callback::from(move |e| on_life.dispatch(EmbedAction::Life(e))));
            PageContext { engine, report: Callback::from(move |e| dispatcher.dispatch(EmbedAction::Page(e))) }
        }
    });
    let root = use_node_ref();
    {
        let root = root.clone();
        use_effect_with((), move |_| {
            let reporter = root.cast::<web_sys::Element>().and_then(SizeReporter::watch);
            move || drop(reporter)
        });
    }
    let asked_build = use_mut_ref(|| false);
    let network = props.spec.as_ref().map(|s| s.network.clone()).ok();
    let prepare = {
        let (page, dispatcher, asked_build) = (page.clone(), state.dispatcher(), asked_build.clone());
        Callback::from(move |()| {
            let Some(params) = network.clone() else { return };
            if std::mem::replace(&mut *asked_build.borrow_mut(), true) {
                return;
            }
            dispatcher.dispatch(EmbedAction::Building("Downloading the engine…".into()));
            let (dispatcher, asked_build) = (dispatcher.clone(), asked_build.clone());
            page.ask(Request::LoadSocial { params }, move |reply| match reply {
                Reply::Progress { done, total, step } => dispatcher
                    .dispatch(EmbedAction::Building(format!("Building the network: {step} ({done} of {total})"))),
                Reply::Answer(Response::Loaded { .. }) => dispatcher.dispatch(EmbedAction::Built),
                Reply::Answer(Response::Error(e)) => {
                    *asked_build.borrow_mut() = false;
                    dispatcher.dispatch(EmbedAction::Failed(e.message));
                }
                Reply::Lost(why) => {
                    *asked_build.borrow_mut() = false;
                    dispatcher.dispatch(EmbedAction::Failed(why));
                }
                Reply::Answer(_) => {}
            });
        })
    };
    let idle = state.in_flight == 0 && state.building.is_none();
    let body = match &props.spec {
        Err(message) => html! {
            <div class="error-panel" id="embed-error" role="alert">
                <strong>{ "Nothing to show" }</strong>
                <p>{ message }</p>
                <a href="./" target="_blank" rel="noopener">{ "Open the playground ↗" }</a>
            </div>
        },
        Ok(spec) => {
            let params = spec.params().unwrap_or_else(|| {
                playground_queries::QuestionParams::for_range(
                    &spec.network.start,
                    &spec.network.start,
                    playground_queries::Thresholds::for_users(spec.network.users),
                )
            });
            let full = full_link(spec);
            let shown = match &spec.target {
                EmbedTarget::Scenario(s) => html! {
                    <EmbedScenario scenario={s.clone()} {params} {idle} prepare={prepare.clone()} />
                },
                EmbedTarget::LessonStep(lesson, step) => html! {
                    <EmbedLesson lesson={lesson.clone()} step={*step} {params} {idle} prepare={prepare.clone()} full={full.clone()} />
                },
            };
            let status = match (&state.building, state.built) {
                (Some(progress), _) => progress.clone(),
                (None, true) => {
                    format!("Running in your browser on a generated network of {}.", describe(&spec.network))
                }
                (None, false) => format!(
                    "Nothing has run yet. Run downloads the SQL engine and builds a network of {} in this tab.",
                    describe(&spec.network)
                ),
            };
            html! {
                <>
                    if !spec.notes.is_empty() {
                        <ul class="embed-notes" id="embed-notes">{ for spec.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                    }
                    { shown }
                    if let Some(why) = &state.failed {
                        <div class="error-panel" id="embed-failed" role="alert">{ format!("The engine could not build the network: {why}") }</div>
                    }
                    <footer class="embed-footer">
                        <span class="muted" id="embed-status" role="status">{ status }</span>
                        <a id="embed-full" href={full} target="_blank" rel="noopener">{ "Open in the playground ↗" }</a>
                    </footer>
                </>
            }
        }
    };
    html! {
        <ContextProvider<PageContext> context={(*page).clone()}>
            <div class="embed" id="embed" ref={root} data-answers={state.answers.to_string()}>{ body }</div>
        </ContextProvider<PageContext>>
    }
}
