//! The error panel: what failed, DataFusion's message, and a caret under the position.

use playground_protocol::{EngineError, ErrorKind};
use yew::prelude::*;

/// Props of [`ErrorPanel`].
#[derive(Properties, PartialEq)]
pub struct ErrorPanelProps {
    /// The error to show.
    pub error: EngineError,
    /// The SQL the error refers to, for the caret.
    pub sql: AttrValue,
    /// Prefix of the element ids, so two panes on one page keep theirs apart.
    #[prop_or_default]
    pub id_prefix: AttrValue,
}

fn title(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Syntax => "Syntax error",
        ErrorKind::Plan => "Query error",
        ErrorKind::Execution => "Execution error",
        ErrorKind::NotAllowed => "Not allowed",
        ErrorKind::BadInput => "Bad input",
    }
}

/// Shows one error; the rest of the page keeps working.
#[component]
pub fn ErrorPanel(props: &ErrorPanelProps) -> Html {
    let e = &props.error;
    let pointer = e.position.and_then(|p| {
        let line = props.sql.lines().nth(p.line.checked_sub(1)? as usize)?;
        let caret = " ".repeat(p.column.saturating_sub(1) as usize) + "^";
        Some(html! {
            <>
                <div class="where">{ format!("line {}, column {}", p.line, p.column) }</div>
                <pre class="caret">{ format!("{line}\n{caret}") }</pre>
            </>
        })
    });
    html! {
        <section class="error-panel" role="alert" id={format!("{}error", props.id_prefix)}>
            <strong>{ title(e.kind) }</strong>
            <pre class="message">{ &e.message }</pre>
            { for pointer }
        </section>
    }
}
