//! How the page gets the warehouse it opens with: the copy kept in this browser when
//! there is one for these settings and this build, else a build that is then kept. A
//! browser that cannot keep it (no storage, storage refused or full) still builds, in
//! memory, and says so.

use playground_protocol::{Request, Response, SocialParams};
use yew::UseReducerDispatcher;

use crate::client::{now_ms, Engine, Reply};
use crate::format::millis;
use crate::page::PageContext;
use crate::session::{Action, Kept, Session};
use crate::storage::{self, mb, Found};

/// Asks for one load; its progress and answer go to the page's state.
pub fn load(page: &PageContext, dispatcher: &UseReducerDispatcher<Session>, request: Request) {
    let dispatcher = dispatcher.clone();
    page.ask(request, move |reply| dispatcher.dispatch(Action::Load(reply)));
}

/// Opens the warehouse the page starts with: the demo table alone, or the social
/// network `network`, from storage or built.
pub fn open(page: &PageContext, dispatcher: &UseReducerDispatcher<Session>, network: Option<SocialParams>) {
    let Some(params) = network else {
        load(page, dispatcher, Request::LoadDemo);
        return;
    };
    let (page, dispatcher) = (page.clone(), dispatcher.clone());
    dispatcher.dispatch(Action::Kept(Kept::Looking));
    wasm_bindgen_futures::spawn_local(async move {
        let started = now_ms();
        match storage::load(&params).await {
            Ok(Found::Image(image)) => {
                let bytes = image.bytes();
                let (again, done) = (page.clone(), dispatcher.clone());
                page.ask(Request::Restore(image), move |reply| match reply {
                    Reply::Answer(Response::Loaded { .. }) => {
                        done.dispatch(Action::Load(reply));
                        done.dispatch(Action::Kept(Kept::Loaded { bytes, ms: now_ms() - started }));
                    }
                    // Sizes that add up do not make every file readable: build instead.
                    // The new copy's save removes this one.
                    Reply::Answer(Response::Error(e)) => build(
                        &again,
                        &done,
                        params.clone(),
                        Some(format!("The kept warehouse could not be loaded: {}.", e.message)),
                    ),
                    // The worker died loading it (or Cancel): the new worker holds nothing.
                    Reply::Lost(why) => build(
                        &again,
                        &done,
                        params.clone(),
                        Some(format!("The kept warehouse could not be loaded: {why}.")),
                    ),
                    other => done.dispatch(Action::Load(other)),
                });
            }
            Ok(Found::Nothing) => build(&page, &dispatcher, params, None),
            Ok(Found::Unusable(why)) => {
                build(&page, &dispatcher, params, Some(format!("The kept warehouse was not used: {why}.")))
            }
            Err(e) => {
                dispatcher.dispatch(Action::Kept(Kept::Refused(format!(
                    "This browser gives the page no storage ({e}): the warehouse is built in memory and not kept."
                ))));
                load(&page, &dispatcher, Request::LoadDemo);
                load(&page, &dispatcher, Request::LoadSocial { params });
            }
        }
    });
}

/// Builds the network, then keeps it. `why` says why a kept copy was not used.
fn build(page: &PageContext, dispatcher: &UseReducerDispatcher<Session>, params: SocialParams, why: Option<String>) {
    dispatcher.dispatch(Action::Kept(Kept::Building(why)));
    load(page, dispatcher, Request::LoadDemo);
    let (keeper, done) = (page.clone(), dispatcher.clone());
    page.ask(Request::LoadSocial { params: params.clone() }, move |reply| {
        let built = matches!(reply, Reply::Answer(Response::Loaded { .. }));
        done.dispatch(Action::Load(reply));
        if built {
            keep(&keeper.engine, &done, &params);
        }
    });
}

thread_local! {
    /// The newest keep asked for. An older save that ends later must not say "Kept":
    /// a reload then would find the older copy while the newer one is still written.
    static NEWEST_KEEP: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Keeps the warehouse as the engine holds it now, under the network `params` names.
pub fn keep(engine: &Engine, dispatcher: &UseReducerDispatcher<Session>, params: &SocialParams) {
    let (image, done, params) = (engine.image(), dispatcher.clone(), params.clone());
    let this = NEWEST_KEEP.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    done.dispatch(Action::Kept(Kept::Saving));
    wasm_bindgen_futures::spawn_local(async move {
        let kept = match storage::save(&params, &image).await {
            Ok(bytes) => Kept::Saved { bytes },
            Err(e) => Kept::Refused(format!("The warehouse could not be kept in this browser: {e}.")),
        };
        if NEWEST_KEEP.with(|n| n.get()) == this {
            done.dispatch(Action::Kept(kept));
        }
    });
}

/// Keeps the warehouse after a change a reload should find (an import, a removal, a
/// loaded export), under the network it holds; the address names that network, so a
/// reload opens this copy. A warehouse without a network (the demo table) is not kept,
/// and the page says so.
pub fn keep_changes(engine: &Engine, dispatcher: &UseReducerDispatcher<Session>) {
    match engine.image().lab.network {
        Some(params) => {
            crate::link::write_network(&params);
            keep(engine, dispatcher, &params);
        }
        None => dispatcher.dispatch(Action::Kept(Kept::Refused(
            "The demo table alone is not kept in this browser: what you load here is gone after a reload. \
             Build a network to keep it."
                .into(),
        ))),
    }
}

/// Removes every kept copy.
pub fn clear(dispatcher: &UseReducerDispatcher<Session>) {
    let dispatcher = dispatcher.clone();
    wasm_bindgen_futures::spawn_local(async move {
        dispatcher.dispatch(Action::Kept(match storage::clear().await {
            Ok(()) => Kept::Cleared,
            Err(e) => Kept::Refused(format!("The kept warehouse could not be removed: {e}.")),
        }));
    });
}

impl Kept {
    /// What the sidebar says.
    pub fn describe(&self) -> String {
        match self {
            Kept::Unknown => String::new(),
            Kept::Looking => "Looking for a warehouse kept in this browser…".into(),
            Kept::Loaded { bytes, ms } => {
                format!(
                    "Loaded the warehouse kept in this browser ({}) in {}: nothing was rebuilt.",
                    mb(*bytes),
                    millis(*ms)
                )
            }
            Kept::Building(None) => "No warehouse is kept in this browser yet: building one.".into(),
            Kept::Building(Some(why)) => format!("{why} Building a fresh one."),
            Kept::Saving => "Keeping the warehouse in this browser…".into(),
            Kept::Saved { bytes } => {
                format!("Kept in this browser ({}): the next visit loads it instead of building.", mb(*bytes))
            }
            Kept::Refused(why) => why.clone(),
            Kept::Cleared => "Nothing is kept in this browser: the next visit builds again.".into(),
        }
    }

    /// Whether Clear is offered: when a copy is kept, and when one could not be (an
    /// older copy may hold the space).
    pub fn clearable(&self) -> bool {
        matches!(self, Kept::Loaded { .. } | Kept::Saved { .. } | Kept::Refused(_))
    }
}
