//! Files: export the scenario (the exact MODEL.md JSON, loadable by `sandtable simulate`), the results as
//! CSV for people, as an Excel workbook and as JSON (all three written in the files worker: the results'
//! serializer and the workbook writer never load with the page); import a scenario by file picker or by dropping it on the page, with every
//! validation error listed; print (the print stylesheet lays results and charts on A4).

use super::ExportState;
use crate::app::{use_state, AppState, Notice};
use crate::present::i18n::t;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `text` as a file download (a blob URL: no network).
pub fn download(name: &str, mime: &str, text: &str) {
    download_parts(name, mime, &js_sys::Array::of1(&text.into()));
}

/// Offers a blob of `parts` (strings, typed arrays) as a file download.
pub fn download_parts(name: &str, mime: &str, parts: &js_sys::Array) {
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// A file name from the plan's name: `2026-e-commerce-plan`, `2026年计划`. ASCII punctuation, spaces and control
/// characters become `-`; other letters (Chinese included) stay. (No Unicode tables: `is_alphanumeric` would
/// bring them into the wasm for this one use.)
pub fn file_stem(name: &str) -> String {
    let keep = |c: char| c.is_ascii_alphanumeric() || !(c.is_ascii() || c.is_control() || c == '\u{3000}');
    let s: String = name.chars().map(|c| if keep(c) { c } else { '-' }).collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "sandtable".into()
    } else {
        s
    }
}

/// Loads a scenario from JSON text, or lists every problem with it.
pub fn import_text(state: AppState, text: &str) {
    let lang = state.lang.get_untracked();
    match crate::model::parse_scenario(text) {
        Ok(sc) => {
            let name = sc.name.clone();
            state.replace(sc);
            state.tell("info", format!("{} {name}", t(lang, "u.imported")));
        }
        Err(e) => state.show(Notice {
            kind: "error",
            text: t(lang, "u.import_failed").to_string(),
            details: crate::present::i18n::scenario_error(lang, &e),
        }),
    }
}

/// Reads the first file of a list and hands its text to `import` (`None`: it could not be read).
fn read_first(files: Option<web_sys::FileList>, import: impl FnOnce(Option<String>) + 'static) {
    let Some(file) = files.and_then(|f| f.get(0)) else { return };
    leptos::task::spawn_local(async move {
        import(wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string()));
    });
}

/// Imports a file's text, or says it could not be read.
fn import_read(state: AppState, text: Option<String>) {
    match text {
        Some(text) => import_text(state, &text),
        None => state.tell("error", t(state.lang.get_untracked(), "u.import_failed")),
    }
}

/// The event the File menu's body sends its root with a picked file's text in `data-import` (absent: unreadable).
const IMPORT_EVENT: &str = "sandtable:import";

/// The page's side of the File menu's import: the body (in the panels' wasm) hands the file's text over and the
/// page imports it as it imports a dropped file — the whole plan replaced, whatever the plan was, as one undoable
/// step, every problem of a refused file listed in its notice.
pub fn take_imports(state: AppState) {
    use crate::app::lazy;
    let Some(el) = lazy::root(lazy::FILES) else { return };
    lazy::listen(&el, IMPORT_EVENT, move || {
        let Some(el) = lazy::root(lazy::FILES) else { return };
        let text = el.get_attribute("data-import");
        let _ = el.remove_attribute("data-import");
        import_read(state, text);
    });
}

/// The File menu's body (in the panels' wasm, mounted into `lazy::FILES` in the page's menu and handed the plan
/// when the menu opens): the exports, the report, the import, calibration and print. A picked file's text goes to
/// the page, which imports it (`take_imports`).
#[component]
pub fn FileBody() -> impl IntoView {
    let state = use_state();
    let stem = move || state.scenario.with_untracked(|s| file_stem(&s.name));
    let export_json = move |_| {
        let text = state
            .scenario
            .with_untracked(|sc| crate::present::export::pretty_json(&serde_json::to_string(sc).unwrap_or_default()));
        download(&format!("{}.json", stem()), "application/json", &text);
    };
    let jobs = use_context::<super::FileJobs>();
    let analysis = use_context::<super::Analysis>();
    let export_file = move |format: &'static str| {
        if let (Some(jobs), Some(a)) = (jobs, analysis) {
            jobs.export(a, state.scenario.get_untracked(), format, state.lang.get_untracked().tag());
        }
    };
    let writing = move || analysis.map(|a| a.export.get());
    // The page imports the file (`take_imports`): an import does not depend on the plan this body last saw.
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        read_first(input.files(), |text| {
            let Some(el) = crate::app::lazy::root(crate::app::lazy::FILES) else { return };
            if let Some(text) = text {
                let _ = el.set_attribute("data-import", &text);
            }
            crate::app::lazy::dispatch(&el, IMPORT_EVENT);
        });
        input.set_value("");
    };
    view! {
                <button type="button" data-testid="export-scenario" on:click=export_json>{crate::app::tr("a.export_scenario")}</button>
                <button type="button" data-testid="export-csv" on:click=move |_| export_file("csv")>{crate::app::tr("a.export_csv")}</button>
                <button type="button" data-testid="export-xlsx" on:click=move |_| export_file("xlsx")>{crate::app::tr("a.export_xlsx")}</button>
                <button type="button" data-testid="export-results" on:click=move |_| export_file("json")>{crate::app::tr("a.export_results")}</button>
                <button type="button" data-testid="report-open" on:click=move |_| crate::app::report_view::open(state)>{crate::app::tr("a.report")}</button>
                <label class="button">{crate::app::tr("a.import")}
                    <input type="file" accept=".json,application/json" data-testid="import-file" class="sr-only" on:change=on_pick/>
                </label>
                <p class="muted small" data-testid="export-status" role="status">{move || match writing() {
                    Some(ExportState::Writing(_)) => t(state.lang.get(), "u.exporting").to_string(),
                    Some(ExportState::Failed(why)) => format!("{} {why}", t(state.lang.get(), "u.export_failed")),
                    _ => String::new(),
                }}</p>
                <p class="muted small">{crate::app::tr("u.drop_hint")}</p>
                <button type="button" data-testid="calibrate-open-menu" on:click=move |_| crate::app::calibrate::open(state)>{crate::app::tr("cal.open")}</button>
                <button type="button" data-testid="print" on:click=move |_| { let _ = window().print(); }>{crate::app::tr("a.print")}</button>
    }
}

/// Dropping a JSON file anywhere on the page imports it.
pub fn drop_to_import(state: AppState) {
    let over = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        ev.prevent_default();
        read_first(ev.data_transfer().and_then(|d| d.files()), move |text| import_read(state, text));
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
}
