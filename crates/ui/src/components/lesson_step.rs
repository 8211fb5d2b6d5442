//! One lesson step: its text, and what it asks: a query to run, two to compare, an
//! exercise to check, a backfill to simulate, or a trip to the Backfill lab.

use playground_protocol::{Comparison, EngineError, QueryResult, SideOutcome, Simulation};
use playground_queries::lessons::{Activity, Step};
use playground_queries::QuestionParams;
use yew::prelude::*;

use crate::components::check_result::CheckResult;
use crate::components::code_editor::{CodeEditor, EditorRef};
use crate::components::error_panel::ErrorPanel;
use crate::components::metrics_strip::MetricsStrip;
use crate::components::result_grid::{ResultGrid, SharedResult};
use crate::components::simulation_view::SimulationView;
use crate::components::verdict::VerdictView;

/// The engine's last answer for the open step.
#[derive(Clone, PartialEq)]
pub enum StepAnswer {
    /// Nothing asked yet.
    None,
    /// The query's rows.
    Rows(QueryResult),
    /// Both queries and the verdict.
    Compared(Comparison),
    /// The learner's query against the expected answer.
    Checked(Comparison),
    /// A simulated backfill.
    Simulated(Simulation),
    /// The request failed, on this SQL.
    Failed(EngineError, String),
}

/// Props of [`LessonStep`].
#[derive(Properties, PartialEq)]
pub struct LessonStepProps {
    /// The step.
    pub step: Step,
    /// Its place: number from 1, and how many there are.
    pub number: usize,
    /// Steps in the lesson.
    pub steps: usize,
    /// Values for the placeholders in its text and SQL.
    pub params: QuestionParams,
    /// The editor's text (queries and exercises).
    pub sql: AttrValue,
    /// The last answer.
    pub answer: StepAnswer,
    /// The engine takes requests now.
    pub idle: bool,
    /// The editor's text changed.
    pub on_change: Callback<String>,
    /// Run this query: the editor's text on screen.
    pub on_run: Callback<String>,
    /// Run the step's two queries.
    pub on_compare: Callback<()>,
    /// Check this query (the editor's text on screen) against the expected answer.
    pub on_check: Callback<String>,
    /// Simulate the step's backfill.
    pub on_simulate: Callback<()>,
    /// Go to the Backfill lab.
    pub on_open_lab: Callback<()>,
}

fn paragraphs(text: &str) -> Html {
    text.split("\n\n").map(|p| html! { <p>{ p.replace('\n', " ") }</p> }).collect()
}

/// The step.
#[component]
pub fn LessonStep(props: &LessonStepProps) -> Html {
    let show_hint = use_state(|| false);
    {
        let show_hint = show_hint.clone();
        use_effect_with(props.step.id, move |_| show_hint.set(false));
    }
    let fill = |s: &str| props.params.fill(s);
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let editor_ref = use_memo((), |_| EditorRef::default());
    // Buttons hand over the text on screen, which the last render may not have seen yet.
    let on_screen = |cb: &Callback<String>| {
        let (cb, editor, sql) = (cb.clone(), (*editor_ref).clone(), props.sql.clone());
        Callback::from(move |_: MouseEvent| cb.emit(editor.text().unwrap_or_else(|| sql.to_string())))
    };
    let editor = |check: bool| {
        // The editor's run keys, while the engine takes requests.
        let on_run = {
            let (on_run, idle) = (props.on_run.clone(), props.idle);
            Callback::from(move |sql: String| {
                if idle {
                    on_run.emit(sql)
                }
            })
        };
        html! {
            <div class="lesson-editor">
                <CodeEditor id="lesson-sql" label="The step's SQL" text={props.sql.clone()} editor={(*editor_ref).clone()}
                    on_change={props.on_change.clone()} on_run={on_run.clone()} on_run_statement={on_run} />
                <div class="editor-actions">
                    <button id="lesson-run" disabled={!props.idle} onclick={on_screen(&props.on_run)}>{ "Run" }</button>
                    if check {
                        <button id="lesson-check" class="primary" disabled={!props.idle} onclick={on_screen(&props.on_check)}>{ "Check" }</button>
                    }
                </div>
            </div>
        }
    };
    let activity = match &props.step.activity {
        Activity::Query(_) => editor(false),
        Activity::Exercise(ex) => {
            let toggle = {
                let show_hint = show_hint.clone();
                Callback::from(move |_: MouseEvent| show_hint.set(!*show_hint))
            };
            let solve = {
                let (on_change, solution) = (props.on_change.clone(), fill(ex.solution_sql));
                Callback::from(move |_: MouseEvent| on_change.emit(solution.clone()))
            };
            html! {
                <>
                    { editor(true) }
                    <div class="lesson-help">
                        <button id="lesson-hint" onclick={toggle}>{ if *show_hint { "Hide the hint" } else { "Hint" } }</button>
                        <button id="lesson-solution" onclick={solve}>{ "Show a solution" }</button>
                    </div>
                    if *show_hint {
                        <p class="hint" id="lesson-hint-text">{ ex.hint }</p>
                    }
                </>
            }
        }
        Activity::Compare { left_label, left_sql, right_label, right_sql } => html! {
            <>
                <div class="lesson-pair">
                    <figure><figcaption>{ fill(left_label) }</figcaption><pre id="lesson-left-sql">{ fill(left_sql) }</pre></figure>
                    <figure><figcaption>{ fill(right_label) }</figcaption><pre id="lesson-right-sql">{ fill(right_sql) }</pre></figure>
                </div>
                <button id="lesson-compare" class="primary" disabled={!props.idle} onclick={click(&props.on_compare)}>{ "Run both" }</button>
            </>
        },
        Activity::Backfill(preset) => html! {
            <p class="lesson-preset">
                { format!("{} days on {} workers", preset.days, preset.workers) }
                { preset.failing_day.map(|d| format!(", day {d} fails once")).unwrap_or_default() }
                { if preset.start_over { ", SCD2 starts over after a failure. " } else { ", SCD2 resumes after a failure. " } }
                <button id="lesson-simulate" class="primary" disabled={!props.idle} onclick={click(&props.on_simulate)}>{ "Simulate both" }</button>
            </p>
        },
        Activity::BackfillLab { label } => html! {
            <button id="lesson-open-lab" class="primary" onclick={click(&props.on_open_lab)}>{ *label }</button>
        },
    };
    let labels = match &props.step.activity {
        Activity::Compare { left_label, right_label, .. } => (fill(left_label), fill(right_label)),
        _ => ("your query".to_string(), "the expected answer".to_string()),
    };
    let answer = match &props.answer {
        StepAnswer::None => html! {},
        StepAnswer::Rows(result) => html! {
            <>
                <MetricsStrip metrics={result.metrics.clone()} id_prefix="lesson-" />
                <ResultGrid result={SharedResult::from(result.clone())} id_prefix="lesson-" />
            </>
        },
        StepAnswer::Compared(c) => html! {
            <>
                <VerdictView verdict={c.verdict.clone()} left_label={labels.0} right_label={labels.1} id_prefix="lesson-" />
                <div class="lesson-pair">
                    { for [(&c.left, "lesson-left-"), (&c.right, "lesson-right-")].into_iter().map(|(side, prefix)| match side {
                        SideOutcome::Ran(r) => html! {
                            <div>
                                <MetricsStrip metrics={r.result.metrics.clone()} id_prefix={prefix} />
                                <ResultGrid result={SharedResult::from(r.result.clone())} id_prefix={prefix} />
                            </div>
                        },
                        SideOutcome::Failed(e) => html! { <ErrorPanel error={e.clone()} sql="" id_prefix={prefix} /> },
                    }) }
                </div>
            </>
        },
        StepAnswer::Checked(c) => html! {
            <>
                <CheckResult verdict={c.verdict.clone()} />
                if let SideOutcome::Failed(e) = &c.left {
                    <ErrorPanel error={e.clone()} sql={props.sql.clone()} id_prefix="lesson-" />
                }
            </>
        },
        StepAnswer::Simulated(sim) => html! { <SimulationView simulation={sim.clone()} id_prefix="lesson-" /> },
        StepAnswer::Failed(e, sql) => html! { <ErrorPanel error={e.clone()} sql={sql.clone()} id_prefix="lesson-" /> },
    };
    html! {
        <article class="lesson-step" id="lesson-step" data-step={props.step.id}>
            <h3 id="lesson-step-title">{ format!("Step {} of {}: {}", props.number, props.steps, props.step.title) }</h3>
            <div class="lesson-text">{ paragraphs(&fill(props.step.text)) }</div>
            { activity }
            <div class="lesson-answer">{ answer }</div>
        </article>
    }
}
