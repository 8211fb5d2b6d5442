//! The result grid: every kept row of a result in a scrolling grid that draws only the
//! rows in view, sortable by a column, columns as wide as their contents, cells formatted
//! for reading, copy of a cell, a row or the whole result, keyboard navigation, and a
//! chart when the result is a series over dates.

use std::rc::Rc;

use playground_protocol::QueryResult;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::components::series_chart::SeriesChart;
use crate::format::thousands;
use crate::workbench::grid::{cell_text, column_widths, copy_text, sort_order, Direction};
use crate::workbench::series::date_series;

/// Height of one row in pixels; `.grid-row` in style.css has the same.
const ROW_PX: f64 = 28.0;
/// Rows drawn above and below the visible ones, so a fast scroll shows no gap.
const OVERSCAN: usize = 10;

/// A result shared by reference: a 100,000-row result is not copied at every render of
/// the page, and the same shared copy compares equal without a look at its cells.
#[derive(Clone)]
pub struct SharedResult(pub Rc<QueryResult>);

impl PartialEq for SharedResult {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl From<QueryResult> for SharedResult {
    fn from(result: QueryResult) -> Self {
        SharedResult(Rc::new(result))
    }
}

/// Props of [`ResultGrid`].
#[derive(Properties, PartialEq)]
pub struct ResultGridProps {
    /// The query result to show.
    pub result: SharedResult,
    /// Prefix of the element ids, so two panes on one page keep theirs apart.
    #[prop_or_default]
    pub id_prefix: AttrValue,
}

fn set_style(node: &NodeRef, property: &str, value: &str) {
    // CSSOM, not a style attribute: the page's CSP allows no inline styles.
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.style().set_property(property, value);
    }
}

/// Puts `text` on the clipboard and says how it went in `status`.
fn copy(text: String, what: String, status: UseStateHandle<Option<String>>) {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else { return };
    let promise = clipboard.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let said = match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => format!("Copied {what}"),
            Err(_) => "The browser refused the clipboard; select the text and copy it instead".to_string(),
        };
        status.set(Some(said));
    });
}

/// The grid.
#[component]
pub fn ResultGrid(props: &ResultGridProps) -> Html {
    let r = props.result.0.clone();
    let prefix = props.id_prefix.to_string();
    let sort = use_state(|| None::<(usize, Direction)>);
    let scroll_top = use_state(|| 0.0f64);
    let viewport = use_state(|| 480.0f64);
    // The active cell: (position in the shown order, column).
    let active = use_state(|| (0usize, 0usize));
    let copied = use_state(|| None::<String>);
    let chart = use_state(|| None::<bool>);
    let scroller = use_node_ref();
    let body = use_node_ref();
    let window = use_node_ref();

    // A new result starts unsorted, at the top.
    {
        let (sort, scroll_top, active, copied, scroller) =
            (sort.clone(), scroll_top.clone(), active.clone(), copied.clone(), scroller.clone());
        use_effect_with(props.result.clone(), move |_| {
            sort.set(None);
            scroll_top.set(0.0);
            active.set((0, 0));
            copied.set(None);
            if let Some(el) = scroller.cast::<HtmlElement>() {
                el.set_scroll_top(0);
            }
        });
    }
    let order = use_memo((props.result.clone(), *sort), |(result, sort)| match sort {
        Some((column, direction)) => sort_order(&result.0, *column, *direction),
        None => (0..result.0.kept_rows).collect::<Vec<_>>(),
    });
    let widths = use_memo(props.result.clone(), |result| column_widths(&result.0));
    let series = use_memo(props.result.clone(), |result| date_series(&result.0));

    let rows = order.len();
    let first = ((*scroll_top / ROW_PX) as usize).saturating_sub(OVERSCAN).min(rows);
    let last = (first + (*viewport / ROW_PX).ceil() as usize + 2 * OVERSCAN).min(rows);
    {
        let (scroller, body, window, widths) = (scroller.clone(), body.clone(), window.clone(), widths.clone());
        use_effect(move || {
            let columns: Vec<String> = widths.iter().map(|w| format!("{w}ch")).collect();
            set_style(&scroller, "--grid-columns", &columns.join(" "));
            set_style(&body, "height", &format!("{}px", rows as f64 * ROW_PX));
            set_style(&window, "transform", &format!("translateY({}px)", first as f64 * ROW_PX));
        });
    }

    let onscroll = {
        let (scroll_top, viewport) = (scroll_top.clone(), viewport.clone());
        Callback::from(move |e: Event| {
            let el: HtmlElement = e.target_unchecked_into();
            scroll_top.set(el.scroll_top() as f64);
            viewport.set(el.client_height() as f64);
        })
    };
    let columns = r.columns.len();
    let onkeydown = {
        let (active, scroller, order, r, copied, viewport) =
            (active.clone(), scroller.clone(), order.clone(), r.clone(), copied.clone(), viewport.clone());
        Callback::from(move |e: KeyboardEvent| {
            if rows == 0 || columns == 0 {
                return;
            }
            let (row, col) = *active;
            let page = ((*viewport / ROW_PX) as usize).saturating_sub(2).max(1);
            let ctrl = e.ctrl_key() || e.meta_key();
            let to = match e.key().as_str() {
                "ArrowDown" => (row + 1, col),
                "ArrowUp" => (row.saturating_sub(1), col),
                "ArrowRight" => (row, col + 1),
                "ArrowLeft" => (row, col.saturating_sub(1)),
                "PageDown" => (row + page, col),
                "PageUp" => (row.saturating_sub(page), col),
                "Home" if ctrl => (0, 0),
                "End" if ctrl => (rows - 1, columns - 1),
                "Home" => (row, 0),
                "End" => (row, columns - 1),
                "c" | "C" if ctrl => {
                    e.prevent_default();
                    let text = r.columns[col].values.display(order[row]).unwrap_or_default();
                    copy(text, "the cell".into(), copied.clone());
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            let to = (to.0.min(rows - 1), to.1.min(columns - 1));
            active.set(to);
            // Keep the active row in view (below the sticky header).
            if let Some(el) = scroller.cast::<HtmlElement>() {
                let (top, height) = (el.scroll_top() as f64, el.client_height() as f64);
                let y = to.0 as f64 * ROW_PX;
                if y < top {
                    el.set_scroll_top(y as i32);
                } else if y + 2.0 * ROW_PX > top + height {
                    el.set_scroll_top((y + 2.0 * ROW_PX - height) as i32);
                }
            }
        })
    };

    let header = r.columns.iter().enumerate().map(|(i, c)| {
        let state = match *sort {
            Some((col, Direction::Ascending)) if col == i => "ascending",
            Some((col, Direction::Descending)) if col == i => "descending",
            _ => "none",
        };
        let onclick = {
            let sort = sort.clone();
            Callback::from(move |_: MouseEvent| {
                sort.set(match *sort {
                    Some((col, Direction::Ascending)) if col == i => Some((i, Direction::Descending)),
                    Some((col, Direction::Descending)) if col == i => None,
                    _ => Some((i, Direction::Ascending)),
                })
            })
        };
        let arrow = match state {
            "ascending" => " ▲",
            "descending" => " ▼",
            _ => "",
        };
        let class = classes!("cell", c.values.is_numeric().then_some("num"));
        html! {
            <div role="columnheader" {class} aria-sort={state}>
                <button class="sort" {onclick} title={format!("Sort by {}", c.name)}>{ &c.name }{ arrow }</button>
                <span class="type">{ &c.data_type }</span>
            </div>
        }
    });
    let (active_row, active_col) = *active;
    let body_rows = (first..last).map(|pos| {
        let row = order[pos];
        let cells = r.columns.iter().enumerate().map(|(col, c)| {
            let is_active = pos == active_row && col == active_col;
            let id = is_active.then(|| format!("{prefix}active-cell"));
            let onclick = {
                let active = active.clone();
                Callback::from(move |_: MouseEvent| active.set((pos, col)))
            };
            let class = classes!("cell", c.values.is_numeric().then_some("num"), is_active.then_some("active"),);
            match cell_text(c, row) {
                Some(v) => html! { <div role="gridcell" {id} {class} {onclick}>{ v }</div> },
                None => html! { <div role="gridcell" {id} class={classes!(class, "null")} {onclick}>{ "NULL" }</div> },
            }
        });
        html! { <div role="row" class="grid-row" aria-rowindex={(pos + 2).to_string()}>{ for cells }</div> }
    });

    let caption = if (r.kept_rows as u64) < r.total_rows {
        format!("Showing the first {} of {} rows", thousands(r.kept_rows as u64), thousands(r.total_rows))
    } else {
        format!("{} rows", thousands(r.total_rows))
    };
    let copy_button = |id: &str, label: &str, which: fn(usize, &[usize]) -> Vec<usize>, what: String| {
        let (r, order, copied, active) = (r.clone(), order.clone(), copied.clone(), active.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let rows = which(active.0, &order);
            copy(copy_text(&r, rows, true), what.clone(), copied.clone());
        });
        html! { <button id={format!("{prefix}{id}")} {onclick} disabled={rows == 0}>{ label }</button> }
    };
    let copy_cell = {
        let (r, order, copied, active) = (r.clone(), order.clone(), copied.clone(), active.clone());
        Callback::from(move |_: MouseEvent| {
            let (row, col) = *active;
            if let (Some(&row), Some(c)) = (order.get(row), r.columns.get(col)) {
                copy(c.values.display(row).unwrap_or_default(), "the cell".into(), copied.clone());
            }
        })
    };
    let toggle_chart = |to: Option<bool>| {
        let chart = chart.clone();
        Callback::from(move |_: MouseEvent| chart.set(to))
    };
    html! {
        <section class="results">
            <div class="grid-toolbar">
                <span class="row-count" id={format!("{prefix}row-count")}>{ caption }</span>
                <button id={format!("{prefix}copy-cell")} onclick={copy_cell} disabled={rows == 0}
                    title="Ctrl/Cmd+C in the grid">{ "Copy cell" }</button>
                { copy_button("copy-row", "Copy row", |row, order| order.get(row).copied().into_iter().collect(), "the row".into()) }
                { copy_button("copy-all", "Copy all", |_, order| order.to_vec(), format!("{} rows", thousands(rows as u64))) }
                if series.is_some() {
                    <span class="chart-choice" role="group" aria-label="chart of the result">
                        <button id={format!("{prefix}chart-line")} aria-pressed={(*chart == Some(false)).to_string()}
                            onclick={toggle_chart(if *chart == Some(false) { None } else { Some(false) })}>{ "Line chart" }</button>
                        <button id={format!("{prefix}chart-bar")} aria-pressed={(*chart == Some(true)).to_string()}
                            onclick={toggle_chart(if *chart == Some(true) { None } else { Some(true) })}>{ "Bar chart" }</button>
                    </span>
                }
                <span class="copy-status" role="status" id={format!("{prefix}copy-status")}>{ (*copied).clone().unwrap_or_default() }</span>
            </div>
            if let (Some(bars), Some(s)) = (*chart, (*series).clone()) {
                <SeriesChart series={s} {bars} />
            }
            <div class="grid" role="grid" id={format!("{prefix}result-grid")} ref={scroller} tabindex="0"
                aria-label="query result" aria-rowcount={(rows + 1).to_string()} aria-colcount={columns.to_string()}
                aria-activedescendant={(rows > 0).then(|| format!("{prefix}active-cell"))}
                {onscroll} {onkeydown}>
                <div role="row" class="grid-row grid-head" aria-rowindex="1">{ for header }</div>
                <div class="grid-body" ref={body}>
                    <div class="grid-window" ref={window} role="rowgroup">{ for body_rows }</div>
                </div>
            </div>
        </section>
    }
}
