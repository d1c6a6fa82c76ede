//! The report view (in the panels' wasm): "报告 / Report" in the File menu opens the plan on paper inside the
//! page — the same report the CLI writes (`present::report`, made in the files worker), shown in a shadow root
//! under `style/report.css`, with its own print, download and close buttons. While it is open, printing the
//! page (its button or Ctrl+P) prints the report alone on A4 landscape (`body.reporting`, `@page report` in
//! `style/main.css`).
//!
//! Invariant: the report shown is the page's current plan in the page's language: it is made again whenever
//! either changes while the view is open, and a late answer for an older plan is never shown.

use super::lazy;
use super::workers::{object, Analysis, FileJobs};
use crate::present::i18n::t;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The element the report view mounts into: empty in `index.html`, a child of `body` (printing hides its
/// siblings).
pub const ROOT: &str = "report-root";

/// The page's side: hands the plan over and opens the view (loading the panels' wasm if need be).
pub fn open(state: super::AppState) {
    lazy::open_panel(state, ROOT);
}

/// Where the report stands: being made, made (the root to show and the file to download), or refused.
#[derive(Clone, Debug, PartialEq)]
enum Made {
    Making,
    Done { body: String, html: String },
    Failed(String),
}

/// The view: closed until the page opens it; then the report of the current plan, remade on each change.
#[component]
pub fn ReportView() -> impl IntoView {
    let state = lazy::following();
    let (a, jobs) = (expect_context::<Analysis>(), expect_context::<FileJobs>());
    let asked = lazy::root(ROOT).is_some_and(|r| r.has_attribute("data-open"));
    let open = RwSignal::new(asked);
    let made = RwSignal::new(Made::Making);
    // The number of the last request: an answer to an earlier one (an older plan) is dropped.
    let asking = StoredValue::new(0u32);
    if let Some(root) = lazy::root(ROOT) {
        lazy::listen(&root, lazy::OPEN_EVENT, move || open.set(true));
    }
    Effect::new(move |_| {
        // Closed, it follows nothing (the plan changes on every edit): only opening makes it read the plan.
        if !open.get() {
            return;
        }
        let (sc, lang) = (state.scenario.get(), state.lang.get());
        asking.update_value(|n| *n += 1);
        let n = asking.get_value();
        made.set(Made::Making);
        lazy::take_answers("report", move |msg| {
            if asking.get_value() == n {
                made.set(answer(msg));
            }
        });
        jobs.ask_other(a, "report", sc, object(&[("lang", JsValue::from_str(lang.tag()))]));
    });
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.class_list().toggle_with_force("reporting", open.get());
        }
    });
    let close = move || {
        open.set(false);
        if let Some(root) = lazy::root(ROOT) {
            let _ = root.remove_attribute("data-open");
        }
        // Back where the planner was: the File menu's button, the menu closed.
        if let Some(menu) = document().query_selector("[data-testid=file-menu]").ok().flatten() {
            if let Some(details) = menu.parent_element() {
                let _ = details.remove_attribute("open");
            }
            if let Ok(menu) = menu.dyn_into::<web_sys::HtmlElement>() {
                let _ = menu.focus();
            }
        }
    };
    view! {
        <Show when=move || open.get()>
            <ReportDialog made=made close=close/>
        </Show>
    }
}

/// The report's answer from the files worker.
fn answer(msg: &js_sys::Array) -> Made {
    let answer = msg.get(2);
    if msg.get(1).as_string().as_deref() == Some("error") {
        return Made::Failed(answer.as_string().unwrap_or_default());
    }
    let get = |k: &str| js_sys::Reflect::get(&answer, &k.into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
    Made::Done { body: get("body"), html: get("html") }
}

/// The open view: its bar (title, print, download, close) and the report's sheet. Escape closes it; the focus
/// starts on the print button.
#[component]
fn ReportDialog(
    /// The report as it stands.
    made: RwSignal<Made>,
    /// Closes the view.
    close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = super::use_state();
    let word = move |k: &'static str| t(state.lang.get(), k);
    let sheet = NodeRef::<leptos::html::Div>::new();
    let print_button = NodeRef::<leptos::html::Button>::new();
    let ready = RwSignal::new(false);
    Effect::new(move |_| {
        let Some(host) = sheet.get() else { return };
        if let Made::Done { body, .. } = made.get() {
            ready.set(false);
            show(&host, &body, move || ready.set(true));
        }
    });
    Effect::new(move |_| {
        if let Some(b) = print_button.get() {
            let _ = b.focus();
        }
    });
    let download = move |_| {
        if let Made::Done { html, .. } = made.get_untracked() {
            let stem = state.scenario.with_untracked(|s| super::workers::file_stem(&s.name));
            super::workers::download(&format!("{stem}-report.html"), "text/html;charset=utf-8", &html);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close();
        }
    };
    view! {
        <div class="report-view" role="dialog" aria-modal="true" aria-label=move || word("a.report") on:keydown=on_key
            data-testid="report-view" data-ready=move || ready.get().then_some("")>
            <div class="report-bar">
                <strong>{move || word("a.report")}</strong>
                <span class="muted" role="status" data-testid="report-status">{move || match made.get() {
                    Made::Making => word("rp.making").to_string(),
                    Made::Failed(why) => format!("{} {why}", word("u.export_failed")),
                    Made::Done { .. } => String::new(),
                }}</span>
                <button type="button" node_ref=print_button data-testid="report-print"
                    on:click=move |_| { let _ = window().print(); }>{move || word("rp.print")}</button>
                <button type="button" data-testid="report-download" on:click=download>{move || word("rp.download")}</button>
                <button type="button" data-testid="report-close" on:click=move |_| close()>{move || word("rp.close")}</button>
            </div>
            <div class="report-sheet" node_ref=sheet></div>
        </div>
    }
}

/// Shows the report's root `body` in `host`'s shadow root under `style/report.css`, calling `loaded` once the
/// sheet has loaded (the page's styles never reach the report, nor its styles the page).
fn show(host: &web_sys::HtmlDivElement, body: &str, loaded: impl Fn() + 'static) {
    let shadow = host
        .shadow_root()
        .or_else(|| host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)).ok());
    let Some(shadow) = shadow else { return };
    shadow.set_inner_html(body);
    let Ok(link) = document().create_element("link") else { return };
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", &super::workers::boot_url("./report.css"));
    let on_load = Closure::once_into_js(loaded);
    let _ = link.add_event_listener_with_callback("load", on_load.unchecked_ref());
    let _ = shadow.prepend_with_node_1(&link);
}
