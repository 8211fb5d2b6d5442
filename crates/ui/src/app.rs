//! The page: starts the engine, builds the warehouse it opens with, and composes the
//! sidebar and the tabs. It owns only what they share: the engine's state, the
//! catalog, the network's settings and the status line. Each tab asks the engine itself
//! and keeps its own answers.

use std::rc::Rc;

use playground_protocol::{Request, Response, SocialParams};
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::client::{Engine, EngineEvent, Reply};
use crate::components::build_form::BuildForm;
use crate::components::catalog::Catalog;
use crate::components::code_editor::Completions;
use crate::components::error_panel::ErrorPanel;
use crate::components::import_panel::ImportPanel;
use crate::components::kept_panel::KeptPanel;
use crate::components::stopped_panel::StoppedPanel;
use crate::link;
use crate::page::{PageContext, PageEvent};
use crate::session::{Action, Session};
use crate::startup::{startup_network, DEMO_STARTER_SQL, SOCIAL_STARTER_SQL};
use crate::tabs::backfill_tab::BackfillTab;
use crate::tabs::compare_tab::CompareTab;
use crate::tabs::explore_tab::ExploreTab;
use crate::tabs::lessons_tab::LessonsTab;
use crate::{theme, warehouse_start};

/// The page's views.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Lessons,
    Explore,
    Compare,
    Backfill,
}

impl Tab {
    /// In the order the tab bar shows them.
    const ALL: [Tab; 4] = [Tab::Lessons, Tab::Explore, Tab::Compare, Tab::Backfill];

    /// The tab button's id.
    fn id(self) -> &'static str {
        match self {
            Tab::Lessons => "tab-lessons",
            Tab::Explore => "tab-explore",
            Tab::Compare => "tab-compare",
            Tab::Backfill => "tab-backfill",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Lessons => "Lessons",
            Tab::Explore => "Explore with SQL",
            Tab::Compare => "Compare the models",
            Tab::Backfill => "Backfill lab",
        }
    }

    /// The panel's id.
    fn panel(self) -> String {
        format!("{}-panel", self.id())
    }
}

/// Arrow keys, Home and End move between tabs (the ARIA tabs pattern): the tab bar is one
/// stop for Tab, so a keyboard user reaches the panel in one more press.
fn tab_key(e: &KeyboardEvent, shown: Tab) -> Option<Tab> {
    let at = Tab::ALL.iter().position(|t| *t == shown)?;
    let n = Tab::ALL.len();
    let to = match e.key().as_str() {
        "ArrowRight" => (at + 1) % n,
        "ArrowLeft" => (at + n - 1) % n,
        "Home" => 0,
        "End" => n - 1,
        _ => return None,
    };
    Some(Tab::ALL[to])
}

fn focus_by_id(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(el) = element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(e).ok()) {
        let _ = el.focus();
    }
}

/// The whole page.
#[component]
pub fn App() -> Html {
    let session = use_reducer(Session::default);
    let startup = use_memo((), |_| startup_network());
    let initial_network = use_memo((), |_| startup_network().unwrap_or_default());
    let sql = use_state(|| {
        link::read_query()
            .unwrap_or_else(|| if startup.is_some() { SOCIAL_STARTER_SQL } else { DEMO_STARTER_SQL }.to_string())
    });
    let dark = use_state(|| {
        theme::apply_stored();
        theme::is_dark()
    });
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
            let (on_page, keeper) = (dispatcher.clone(), engine.clone());
            let report = Callback::from(move |e| match e {
                PageEvent::Keep => warehouse_start::keep_changes(&keeper, &on_page),
                e => on_page.dispatch(Action::Page(e)),
            });
            let page = PageContext { engine, report };
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
    let on_remove = {
        let page = page.clone();
        Callback::from(move |table: String| {
            if idle {
                let status = page.clone();
                page.ask(Request::DropTable { table }, move |reply| {
                    if let Reply::Answer(r) = reply {
                        status.status(match r {
                            Response::Loaded { summary, .. } => {
                                status.keep();
                                summary
                            }
                            Response::Error(e) => e.message,
                            _ => return,
                        });
                    }
                });
            }
        })
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
    let on_tab_key = {
        let tab_state = tab_state.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let Some(to) = tab_key(&e, *tab_state) {
                e.prevent_default();
                tab_state.set(to);
                focus_by_id(to.id());
            }
        })
    };
    let toggle_theme = {
        let dark = dark.clone();
        Callback::from(move |_: MouseEvent| {
            theme::choose(!*dark);
            dark.set(!*dark);
        })
    };
    let completions = use_memo(session.catalog.clone(), |catalog| Completions(Rc::new(catalog.clone())));
    let on_open_lab = {
        let tab_state = tab_state.clone();
        Callback::from(move |()| tab_state.set(Tab::Backfill))
    };
    let shown = *tab_state;

    let s = &*session;
    let imported: Vec<String> = s.catalog.tables.iter().filter(|t| t.imported).map(|t| t.name.clone()).collect();
    html! {
        <ContextProvider<PageContext> context={(*page).clone()}>
        <ContextProvider<Completions> context={(*completions).clone()}>
        <div class="app" data-answers={s.answers.to_string()}>
            <header>
                <h1>{ "Datestamps vs SCD2 — warehouse playground" }</h1>
                <span class="status" id="status" role="status">{ &s.status }</span>
                <button id="theme-toggle" class="theme-toggle" aria-pressed={dark.to_string()} onclick={toggle_theme}>
                    { "Dark mode" }
                </button>
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
                    <ImportPanel {idle} {imported} />
                    <Catalog catalog={s.catalog.clone()} {on_pick} {on_remove} />
                </aside>
                <main>
                    <nav class="tabs" role="tablist" aria-label="Views" onkeydown={on_tab_key}>
                        { for Tab::ALL.iter().map(|&t| html! {
                            <button id={t.id()} role="tab" aria-selected={(shown == t).to_string()}
                                aria-controls={t.panel()} tabindex={if shown == t { "0" } else { "-1" }}
                                onclick={tab(t)}>{ t.label() }</button>
                        }) }
                    </nav>
                    <div class="lessons-tab" id={Tab::Lessons.panel()} role="tabpanel" aria-labelledby={Tab::Lessons.id()} hidden={shown != Tab::Lessons}>
                        <LessonsTab params={s.question_params()} {idle} initial={(*lesson_link).clone()} {on_open_lab} />
                    </div>
                    <div class="backfill-tab" id={Tab::Backfill.panel()} role="tabpanel" aria-labelledby={Tab::Backfill.id()} hidden={shown != Tab::Backfill}>
                        <BackfillTab {idle} range={s.social_range()} days_built={s.days_built()} days_datestamped={s.days_datestamped()} />
                    </div>
                    <div class="compare-tab" id={Tab::Compare.panel()} role="tabpanel" aria-labelledby={Tab::Compare.id()} hidden={shown != Tab::Compare}>
                        <CompareTab range={s.social_range()} thresholds={s.thresholds()} {idle} active={shown == Tab::Compare}
                            initial={(*compare_link).clone()} />
                    </div>
                    <div class="explore-tab" id={Tab::Explore.panel()} role="tabpanel" aria-labelledby={Tab::Explore.id()} hidden={shown != Tab::Explore}>
                        <ExploreTab sql={(*sql).clone()} {on_change} params={s.question_params()} ready={s.ready}
                            busy={s.busy()} notice={s.notice.clone()} waiting={s.waiting_for()} />
                    </div>
                </main>
            </div>
        </div>
        </ContextProvider<Completions>>
        </ContextProvider<PageContext>>
    }
}
