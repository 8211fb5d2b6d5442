//! The page: starts the engine, builds the warehouse it opens with, and composes the
//! sidebar and the tabs. It owns only what they share: the engine's state, the
//! catalog, the network's settings and the status line. Each tab asks the engine itself
//! and keeps its own answers.

use playground_protocol::{Request, SocialParams};
use yew::prelude::*;

use crate::client::{Engine, EngineEvent};
use crate::components::build_form::BuildForm;
use crate::components::catalog::Catalog;
use crate::components::error_panel::ErrorPanel;
use crate::components::kept_panel::KeptPanel;
use crate::components::stopped_panel::StoppedPanel;
use crate::link;
use crate::page::PageContext;
use crate::session::{Action, Session};
use crate::startup::{startup_network, DEMO_STARTER_SQL, SOCIAL_STARTER_SQL};
use crate::tabs::backfill_tab::BackfillTab;
use crate::tabs::compare_tab::CompareTab;
use crate::tabs::explore_tab::ExploreTab;
use crate::tabs::lessons_tab::LessonsTab;
use crate::warehouse_start;

/// The page's views.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Lessons,
    Explore,
    Compare,
    Backfill,
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let session = use_reducer(Session::default);
    let startup = use_memo((), |_| startup_network());
    let initial_network = use_memo((), |_| startup_network().unwrap_or_default());
    let sql = use_state(|| if startup.is_some() { SOCIAL_STARTER_SQL } else { DEMO_STARTER_SQL }.to_string());
    let compare_link = use_memo((), |_| link::read());
    let lesson_link = use_memo((), |_| link::read_lesson());
    let tab_state = use_state(|| {
        if lesson_link.is_some() {
            Tab::Lessons
        } else if compare_link.is_some() {
            Tab::Compare
        } else {
            Tab::Explore
        }
    });
    let page = use_memo((), {
        let dispatcher = session.dispatcher();
        move |_| {
            let on_life = dispatcher.clone();
            let engine = Engine::start(Callback::from(move |event: EngineEvent| on_life.dispatch(Action::Life(event))));
            let on_page = dispatcher.clone();
            let page = PageContext { engine, report: Callback::from(move |e| on_page.dispatch(Action::Page(e))) };
            warehouse_start::open(&page, &dispatcher, (*startup).clone());
            page
        }
    });

    let idle = session.ready && !session.busy();
    let on_reset = {
        let (page, dispatcher) = (page.clone(), session.dispatcher());
        let network = (*initial_network).clone();
        Callback::from(move |demo_only: bool| {
            page.engine.reset(if demo_only { "Reset to the demo table" } else { "Reset to the default warehouse" });
            warehouse_start::open(&page, &dispatcher, (!demo_only).then(|| network.clone()));
        })
    };
    let on_clear = {
        let dispatcher = session.dispatcher();
        Callback::from(move |()| warehouse_start::clear(&dispatcher))
    };
    let on_change = {
        let sql = sql.clone();
        Callback::from(move |text: String| sql.set(text))
    };
    let on_pick = {
        let sql = sql.clone();
        Callback::from(move |table: String| sql.set(format!("SELECT *\nFROM {table}\nLIMIT 100")))
    };
    let on_build = {
        let (page, dispatcher) = (page.clone(), session.dispatcher());
        Callback::from(move |params: SocialParams| {
            if idle {
                // A link shared from now on names this network.
                link::write_network(&params);
                warehouse_start::load(&page, &dispatcher, Request::LoadSocial { params });
            }
        })
    };
    let tab = |to: Tab| {
        let tab_state = tab_state.clone();
        Callback::from(move |_: MouseEvent| tab_state.set(to))
    };
    let on_open_lab = {
        let tab_state = tab_state.clone();
        Callback::from(move |()| tab_state.set(Tab::Backfill))
    };
    let shown = *tab_state;

    let s = &*session;
    html! {
        <ContextProvider<PageContext> context={(*page).clone()}>
        <div class="app" data-answers={s.answers.to_string()}>
            <header>
                <h1>{ "Datestamps vs SCD2 — warehouse playground" }</h1>
                <span class="status" id="status" role="status">{ &s.status }</span>
            </header>
            if let Some(message) = &s.stopped {
                <StoppedPanel message={message.clone()} {on_reset} />
            }
            <div class="body">
                <aside class="sidebar">
                    <BuildForm initial={(*initial_network).clone()} {idle} progress={s.progress.clone()} {on_build} />
                    <KeptPanel kept={s.kept.clone()} {on_clear} />
                    if let Some(error) = &s.load_error {
                        <ErrorPanel error={error.clone()} sql="" id_prefix="build-" />
                    }
                    <Catalog catalog={s.catalog.clone()} {on_pick} />
                </aside>
                <main>
                    <nav class="tabs" role="tablist">
                        <button id="tab-lessons" role="tab" aria-selected={(shown == Tab::Lessons).to_string()}
                            onclick={tab(Tab::Lessons)}>{ "Lessons" }</button>
                        <button id="tab-explore" role="tab" aria-selected={(shown == Tab::Explore).to_string()}
                            onclick={tab(Tab::Explore)}>{ "Explore with SQL" }</button>
                        <button id="tab-compare" role="tab" aria-selected={(shown == Tab::Compare).to_string()}
                            onclick={tab(Tab::Compare)}>{ "Compare the models" }</button>
                        <button id="tab-backfill" role="tab" aria-selected={(shown == Tab::Backfill).to_string()}
                            onclick={tab(Tab::Backfill)}>{ "Backfill lab" }</button>
                    </nav>
                    <div class="lessons-tab" hidden={shown != Tab::Lessons}>
                        <LessonsTab params={s.question_params()} {idle} initial={(*lesson_link).clone()} {on_open_lab} />
                    </div>
                    <div class="backfill-tab" hidden={shown != Tab::Backfill}>
                        <BackfillTab {idle} range={s.social_range()} days_built={s.days_built()} days_datestamped={s.days_datestamped()} />
                    </div>
                    <div class="compare-tab" hidden={shown != Tab::Compare}>
                        <CompareTab range={s.social_range()} thresholds={s.thresholds()} {idle} active={shown == Tab::Compare}
                            initial={(*compare_link).clone()} />
                    </div>
                    <div class="explore-tab" hidden={shown != Tab::Explore}>
                        <ExploreTab sql={(*sql).clone()} {on_change} params={s.question_params()} ready={s.ready}
                            busy={s.busy()} notice={s.notice.clone()} waiting={s.waiting_for()} />
                    </div>
                </main>
            </div>
        </div>
        </ContextProvider<PageContext>>
    }
}
