//! The Actuals view (MODEL.md §10): per channel, import a back office's export or paste a block (read in the
//! analysis worker, with a report of what was read before anything is applied), then a monthly grid to read
//! and correct the numbers; spend per line likewise.
//!
//! Invariant: an import changes the plan only through "apply", as one undoable step, and only while the plan
//! is the one the file was read for; a refused import leaves the plan as it was and says why.
//!
//! The folder is the plan against actuals: this group (in the assumptions) and the tracking panel with the
//! results (`tracking.rs`); both are in the panels' wasm. Its one way in: `ActualsPanel`, `TrackingPanel`.

mod tracking;
pub use tracking::TrackingPanel;

use super::use_state;
use crate::app::workers::{use_analysis, FileJobs, ImportFile, ImportState};
use crate::edit::actuals::{self as edits, Cell};
use crate::present::format::{self, month_label, Lang};
use crate::present::i18n::t;
use leptos::prelude::*;

/// The actuals group of the assumptions.
#[component]
pub fn ActualsPanel() -> impl IntoView {
    let state = use_state();
    provide_context(LastFile(StoredValue::new(None)));
    let channel = RwSignal::new(0usize);
    let names =
        Memo::new(move |_| state.scenario.with(|s| s.channels.iter().map(|c| c.name.clone()).collect::<Vec<_>>()));
    view! {
        <details class="group" data-testid="group.actuals" open>
            <summary>{super::tr("group.actuals")}</summary>
            <p class="muted small">{super::tr("ac.intro")}</p>
            <label class="inline">{super::tr("ac.channel")}" "
                <select data-testid="actuals-channel" prop:value=move || channel.get().to_string()
                    on:change=move |ev| channel.set(event_target_value(&ev).parse().unwrap_or(0))>
                    {move || names.get().into_iter().enumerate().map(|(i, n)| view! { <option value=i.to_string()>{n}</option> }).collect_view()}
                </select>
            </label>
            <ImportForm channel=channel/>
            <ImportReport/>
            <ChannelGrid channel=channel/>
            <SpendGrid/>
        </details>
    }
}

/// The file picker, the paste box and the optional `through`.
#[component]
fn ImportForm(
    /// The channel the actuals go to.
    channel: RwSignal<usize>,
) -> impl IntoView {
    let state = use_state();
    let a = use_analysis();
    let importer = expect_context::<FileJobs>();
    let through = RwSignal::new(String::new());
    let paste = RwSignal::new(String::new());
    let last = expect_context::<LastFile>().0;
    let send = move |bytes: Vec<u8>, name: String| {
        let sc = state.scenario.get_untracked();
        let lang = state.lang.get_untracked().tag();
        let file = ImportFile {
            bytes,
            name,
            channel: channel.get_untracked(),
            through: through.get_untracked(),
            columns: vec![],
        };
        last.set_value(Some(file.clone()));
        importer.read(a, sc, file, lang);
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
            match buf {
                Ok(buf) => send(js_sys::Uint8Array::new(&buf).to_vec(), file.name()),
                Err(_) => a.import.set(ImportState::Failed(t(state.lang.get_untracked(), "u.import_failed").into())),
            }
        });
    };
    // A preview not yet applied is never dropped by the next read: apply or cancel it first.
    let pending = move || a.import.with(|i| matches!(i, ImportState::Read { .. }));
    view! {
        <div class="actuals-import">
            {move || pending().then(|| view! { <p class="muted" data-testid="actuals-pending">{super::tr("ac.pending")}</p> })}
            <label class="inline">{super::tr("ac.through")}" "
                <input type="text" size="6" placeholder="MM-DD" data-testid="actuals-through" prop:value=through on:input=move |ev| through.set(event_target_value(&ev))/>
            </label>
            <label class="button">{super::tr("ac.file")}
                <input type="file" accept=".xls,.xlsx,.ods,.csv,.txt,.tsv" data-testid="actuals-import" class="sr-only" disabled=pending on:change=on_pick/>
            </label>
            <label class="block">{super::tr("ac.paste")}
                <textarea rows="4" data-testid="actuals-paste" prop:value=paste on:input=move |ev| paste.set(event_target_value(&ev))></textarea>
            </label>
            <button type="button" data-testid="actuals-paste-read" disabled=move || pending() || paste.with(|p| p.trim().is_empty())
                on:click=move |_| send(paste.get_untracked().into_bytes(), "paste".into())>{super::tr("ac.read")}</button>
        </div>
    }
}

/// The last file (or paste) sent to be read: read again with the columns the planner picked.
#[derive(Clone, Copy)]
struct LastFile(StoredValue<Option<ImportFile>>);

/// The file's columns to pick the missing date or GMV column from, and a button that reads it again with them.
#[component]
fn PickColumns(
    /// Why: the columns missing, the file's columns.
    why: String,
    /// The fields missing (`date`, `gmv`).
    missing: Vec<String>,
    /// The file's columns (header texts).
    columns: Vec<String>,
) -> impl IntoView {
    let (state, a) = (use_state(), use_analysis());
    let (last, importer) = (expect_context::<LastFile>().0, expect_context::<FileJobs>());
    let picks: Vec<(String, RwSignal<String>)> =
        missing.iter().map(|f| (f.clone(), RwSignal::new(columns.first().cloned().unwrap_or_default()))).collect();
    let chosen = picks.clone();
    let read = move |_| {
        let Some(file) = last.get_value() else { return };
        let columns = chosen.iter().map(|(f, h)| (f.clone(), h.get_untracked())).collect();
        importer.read(
            a,
            state.scenario.get_untracked(),
            ImportFile { columns, ..file },
            state.lang.get_untracked().tag(),
        );
    };
    view! {
        <div class="notice" data-testid="actuals-pick" role="alert">
            <p>{why}</p>
            {picks.into_iter().map(|(field, pick)| view! {
                <label class="inline">{super::tr(if field == "date" { "ac.date_col" } else { "ac.gmv" })}" "
                    <select data-testid=format!("actuals-pick-{field}") on:change=move |ev| pick.set(event_target_value(&ev))>
                        {columns.iter().map(|c| view! { <option value=c.clone()>{c.clone()}</option> }).collect_view()}
                    </select>
                </label>
            }).collect_view()}
            <button type="button" data-testid="actuals-pick-read" on:click=read>{super::tr("ac.pick_read")}</button>
            <button type="button" on:click=move |_| a.import.set(ImportState::Idle)>{super::tr("ac.cancel")}</button>
        </div>
    }
}

/// What the worker read, with apply and cancel; or why it refused.
#[component]
fn ImportReport() -> impl IntoView {
    let state = use_state();
    let a = use_analysis();
    let apply = move |_| {
        let ImportState::Read { scenario, base, .. } = a.import.get_untracked() else { return };
        if state.scenario.with_untracked(|sc| *sc != *base) {
            return;
        }
        if let Ok(next) = crate::model::parse_scenario(&scenario) {
            state.replace(next);
            a.import.set(ImportState::Idle);
        }
    };
    move || {
        match a.import.get() {
        ImportState::Idle => ().into_any(),
        ImportState::Reading => view! { <p class="muted" data-testid="actuals-reading">{super::tr("ac.reading")}</p> }.into_any(),
        ImportState::Failed(why) => view! {
            <div class="notice error" data-testid="actuals-error" role="alert">
                <p>{why}</p>
                <button type="button" on:click=move |_| a.import.set(ImportState::Idle)>{super::tr("a.dismiss")}</button>
            </div>
        }
        .into_any(),
        ImportState::Pick { why, missing, columns } => view! { <PickColumns why missing columns/> }.into_any(),
        ImportState::Read { lines, base, .. } => {
            let fresh = Memo::new(move |_| state.scenario.with(|sc| *sc == *base));
            view! {
                <div class="answer" data-testid="actuals-report">
                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    {move || (!fresh.get()).then(|| view! { <p class="muted">{super::tr("ac.stale")}</p> })}
                    <button type="button" data-testid="actuals-apply" disabled=move || !fresh.get() on:click=apply>{super::tr("ac.apply")}</button>
                    <button type="button" on:click=move |_| a.import.set(ImportState::Idle)>{super::tr("ac.cancel")}</button>
                </div>
            }
            .into_any()
        }
    }
    }
}

/// One figure of the grid: typed in the display units of money and counts (万 and 亿 accepted); empty = unknown.
#[component]
fn GridCell(
    /// Which figure.
    cell: Cell,
) -> impl IntoView {
    let state = use_state();
    // The plan's value; read again when the plan is replaced (an undo that drops typed text).
    let text = move || {
        state.revision.track();
        state.scenario.with(|sc| cell.get(sc).map(format::field).unwrap_or_default())
    };
    let error = RwSignal::new(false);
    let commit = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        let value = if typed.trim().is_empty() { Ok(None) } else { format::parse_amount(&typed).map(Some) };
        let next = value.ok().map(|v| state.scenario.with_untracked(|sc| cell.set(sc, v)));
        match next {
            Some(Ok(sc)) => {
                error.set(false);
                state.apply(sc);
            }
            _ => error.set(true),
        }
    };
    let id = match cell {
        Cell::Channel(c, m, f) => format!("actuals-{c}-{}-{f}", m + 1),
        Cell::Spend(j, m) => format!("actuals-spend-{j}-{}", m + 1),
    };
    view! {
        <td><input type="text" inputmode="text" size="10" data-undo="plan" data-testid=id class:invalid=error aria-invalid=move || error.get().to_string()
            prop:value=text on:change=commit/></td>
    }
}

/// The chosen channel's months: GMV, visitors, orders, refunds; `through`; clearing.
#[component]
fn ChannelGrid(
    /// The channel shown.
    channel: RwSignal<usize>,
) -> impl IntoView {
    let state = use_state();
    let months = Memo::new(move |_| {
        let c = channel.get();
        state.scenario.with(|sc| sc.actuals.as_ref().and_then(|a| a.channels.get(c)).map_or(0, |ch| ch.months.len()))
    });
    let through = move || state.scenario.with(|sc| sc.actuals.as_ref().map(|a| a.through.clone()).unwrap_or_default());
    let through_error = RwSignal::new(None::<String>);
    let set_through = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match state.scenario.with_untracked(|sc| edits::set_through(sc, &text)) {
            Ok(sc) => {
                through_error.set(None);
                state.replace(sc);
            }
            Err(e) => through_error.set(Some(crate::present::i18n::field_error(state.lang.get_untracked(), &e, true))),
        }
    };
    let clear = move |_| {
        let next = state.scenario.with_untracked(|sc| edits::clear_channel(sc, channel.get_untracked()));
        let _ = state.try_replace(next);
    };
    move || {
        let lang = state.lang.get();
        let c = channel.get();
        let n = months.get();
        if n == 0 {
            return view! { <p class="muted" data-testid="actuals-none">{t(lang, "ac.none")}</p> }.into_any();
        }
        view! {
            <h3>{t(lang, "ac.grid")}</h3>
            <label class="inline">{t(lang, "t.through")}" "
                <input type="text" size="6" data-testid="actuals-grid-through" prop:value=through on:change=set_through/>
            </label>
            {move || through_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            <div class="table-wrap" tabindex="0"><table class="actuals-grid fit" data-testid="actuals-grid">
                {crate::app::results::head_row(lang, &["ac.month", "ac.gmv", "ac.uv", "ac.orders", "ac.refunds"])}
                <tbody>{(0..n).map(|m| view! {
                    <tr>
                        <th>{month_label(m, lang)}</th>
                        {["gmv", "uv", "orders", "refunds"].map(|f| view! { <GridCell cell=Cell::Channel(c, m, f)/> }).collect_view()}
                    </tr>
                }).collect_view()}</tbody>
            </table></div>
            <button type="button" data-testid="actuals-clear" on:click=clear>{t(lang, "ac.clear")}</button>
        }
        .into_any()
    }
}

/// Spend per line and month, once entered; a button to start.
#[component]
fn SpendGrid() -> impl IntoView {
    let state = use_state();
    let shape = Memo::new(move |_| {
        state.scenario.with(|sc| {
            let n = edits::months(sc)?;
            let has = sc.actuals.as_ref().is_some_and(|a| a.spend_lines.is_some());
            Some((n, has, sc.spend_lines.iter().map(|l| l.name.clone()).collect::<Vec<_>>()))
        })
    });
    let start = move |_| {
        let next = state.scenario.with_untracked(edits::add_spend);
        let _ = state.try_replace(next);
    };
    let clear = move |_| {
        let next = state.scenario.with_untracked(edits::clear_spend);
        let _ = state.try_replace(next);
    };
    move || {
        let lang: Lang = state.lang.get();
        let (n, has, names) = shape.get()?;
        Some(if !has {
            view! { <button type="button" data-testid="actuals-add-spend" on:click=start>{t(lang, "ac.add_spend")}</button> }.into_any()
        } else {
            view! {
                <h3>{t(lang, "ac.spend")}</h3>
                <div class="table-wrap" tabindex="0"><table class="actuals-grid" data-testid="actuals-spend">
                    <thead><tr><th>{t(lang, "ac.month")}</th>{names.iter().map(|n| view! { <th>{n.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>{(0..n).map(|m| view! {
                        <tr><th>{month_label(m, lang)}</th>{(0..names.len()).map(|j| view! { <GridCell cell=Cell::Spend(j, m)/> }).collect_view()}</tr>
                    }).collect_view()}</tbody>
                </table></div>
                <button type="button" data-testid="actuals-clear-spend" on:click=clear>{t(lang, "ac.clear_spend")}</button>
            }
            .into_any()
        })
    }
}
