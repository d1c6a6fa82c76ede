//! The header's tools: undo and redo (also Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z), sharing (copy link, embed
//! snippet), saved scenarios, and files (export, import, print); and the notice bar under the header.

use super::storage::{date_time, LocalStore};
use super::{files, now, share, use_state, AppState};
use crate::charts::ChartKind;
use crate::library;
use crate::present::i18n::t;
use leptos::prelude::*;

/// Undo, redo and the menus.
#[component]
pub fn Toolbar() -> impl IntoView {
    let state = use_state();
    let can_undo = move || {
        state.history_rev.track();
        state.history.with_value(|h| h.can_undo())
    };
    let can_redo = move || {
        state.history_rev.track();
        state.history.with_value(|h| h.can_redo())
    };
    view! {
        <nav class="toolbar">
            <button type="button" data-testid="undo" title=super::tr("a.undo") on:click=move |_| state.undo() disabled=move || !can_undo()>"↶ " {super::tr("a.undo")}</button>
            <button type="button" data-testid="redo" title=super::tr("a.redo") on:click=move |_| state.redo() disabled=move || !can_redo()>"↷ " {super::tr("a.redo")}</button>
            <SharePanel/>
            <Library/>
            <files::FileMenu/>
            <button type="button" data-testid="calibrate-open" on:click=move |_| super::calibrate::open(state)>{super::tr("cal.open")}</button>
        </nav>
    }
}

/// Copy link and the embed snippet.
#[component]
fn SharePanel() -> impl IntoView {
    let state = use_state();
    let word = move |k: &'static str| t(state.lang.get(), k);
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let link = state.scenario.with_untracked(share::link);
        leptos::task::spawn_local(async move {
            copied.set(Some(share::copy_text(&link).await));
        });
    };
    let chart = RwSignal::new(ChartKind::MonthlyGmv);
    // The link and the snippet are encoded only while the menu is open, not on every edit.
    let open = RwSignal::new(false);
    let link = move || if open.get() { state.scenario.with(share::link) } else { String::new() };
    let snippet = move || {
        if !open.get() {
            return String::new();
        }
        let title = format!("{} – Sandtable", state.scenario.with(|s| s.name.clone()));
        state.scenario.with(|sc| share::embed_snippet(sc, chart.get(), &title))
    };
    view! {
        <details class="menu" on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary data-testid="share-menu">{super::tr("a.share")}</summary>
            <div class="menu-body">
                <button type="button" data-testid="copy-link" on:click=copy>{super::tr("a.copy_link")}</button>
                <span class="feedback" role="status" data-testid="copy-feedback">{move || match copied.get() {
                    Some(true) => word("u.copied"),
                    Some(false) => word("u.copy_failed"),
                    None => "",
                }}</span>
                <input type="text" readonly data-testid="share-link" aria-label=super::tr("a.copy_link")
                    prop:value=link on:focus=move |ev| select(&ev)/>
                <label class="inline">{super::tr("u.embed_chart")}
                    <select data-testid="embed-chart" on:change=move |ev| chart.set(ChartKind::from_key(&event_target_value(&ev)).unwrap_or(ChartKind::MonthlyGmv))>
                        {ChartKind::ALL.iter().filter(|k| k.embeddable()).map(|k| view! { <option value=k.key()>{move || k.title(state.lang.get())}</option> }).collect_view()}
                    </select>
                </label>
                <textarea readonly rows="4" data-testid="embed-snippet" aria-label=super::tr("a.embed") prop:value=snippet on:focus=move |ev| select(&ev)></textarea>
            </div>
        </details>
    }
}

fn select(ev: &leptos::ev::FocusEvent) {
    use wasm_bindgen::JsCast;
    if let Some(t) = ev.target() {
        if let Ok(i) = t.clone().dyn_into::<web_sys::HtmlInputElement>() {
            i.select();
        } else if let Ok(a) = t.dyn_into::<web_sys::HtmlTextAreaElement>() {
            a.select();
        }
    }
}

/// Saved scenarios: save as, and a list with open, rename, duplicate and delete (confirmed).
#[component]
fn Library() -> impl IntoView {
    let state = use_state();
    let rev = RwSignal::new(0u32);
    let list = Memo::new(move |_| {
        rev.track();
        let (list, damaged) = library::list_saved(&mut LocalStore, now());
        if let Some(d) = damaged.first() {
            state.tell("error", crate::present::i18n::damaged_notice(state.lang.get_untracked(), d));
        }
        list
    });
    let name = RwSignal::new(String::new());
    let current = RwSignal::new(None::<(String, String)>);
    let failed =
        move |e: String| state.tell("error", format!("{} ({e})", t(state.lang.get_untracked(), "u.save_failed")));
    let save = move |_| {
        let n = name.get_untracked();
        let n = if n.trim().is_empty() { state.scenario.with_untracked(|s| s.name.clone()) } else { n };
        match state.scenario.with_untracked(|sc| library::save_as(&mut LocalStore, &n, sc, now())) {
            Ok(id) => {
                name.set(String::new());
                current.set(Some((id, n.trim().chars().take(60).collect())));
                rev.update(|r| *r += 1);
            }
            Err(e) => failed(e),
        }
    };
    let save_current = move |_| {
        let Some((id, _)) = current.get_untracked() else { return };
        match state.scenario.with_untracked(|sc| library::save(&mut LocalStore, &id, sc, now())) {
            Ok(()) => rev.update(|r| *r += 1),
            Err(e) => failed(e),
        }
    };
    view! {
        <details class="menu">
            <summary data-testid="scenarios-menu">{super::tr("a.scenarios")}</summary>
            <div class="menu-body wide">
                <div class="save-as">
                    <input type="text" maxlength="60" data-testid="save-name" placeholder=super::tr("u.save_name")
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <button type="button" data-testid="save-as" on:click=save>{super::tr("a.save_as")}</button>
                </div>
                {move || current.get().map(|(_, n)| view! {
                    <button type="button" data-testid="save-current" on:click=save_current>{super::tr("a.save_to")} " " {n}</button>
                })}
                <ul class="saved" data-testid="saved-list">
                    {move || list.get().into_iter().map(|m| view! { <SavedRow meta=m rev=rev current=current/> }).collect_view()}
                </ul>
            </div>
        </details>
    }
}

/// One saved scenario.
#[component]
fn SavedRow(
    /// Its id, name and time.
    meta: library::SavedMeta,
    /// Bumped to re-read the list after a change.
    rev: RwSignal<u32>,
    /// The saved scenario the plan was opened from or last saved as: "Save" writes there.
    current: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let state = use_state();
    let (id, id2, id3, id4) = (meta.id.clone(), meta.id.clone(), meta.id.clone(), meta.id.clone());
    let me = meta.id.clone();
    let is_current = move || current.with(|c| c.as_ref().is_some_and(|(c, _)| *c == me));
    let renaming = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let done = move |r: Result<(), String>| match r {
        Ok(()) => rev.update(|x| *x += 1),
        Err(e) => state.tell("error", e),
    };
    let name = meta.name.clone();
    let open = move |_| match library::open(&LocalStore, &id) {
        Ok(sc) => {
            current.set(Some((id.clone(), name.clone())));
            state.replace(sc);
        }
        Err(e) => state.tell("error", e),
    };
    let duplicate = move |_| {
        done(
            library::duplicate(&mut LocalStore, &id2, t(state.lang.get_untracked(), "u.copy_suffix"), now())
                .map(|_| ()),
        )
    };
    let rename = move |_| match renaming.get_untracked() {
        Some(n) => {
            renaming.set(None);
            done(library::rename(&mut LocalStore, &id3, &n, now()));
        }
        None => renaming.set(Some(String::new())),
    };
    let delete = move |_| {
        if current.with_untracked(|c| c.as_ref().is_some_and(|(c, _)| *c == id4)) {
            current.set(None);
        }
        done(library::delete(&mut LocalStore, &id4))
    };
    view! {
        <li data-testid="saved-row" data-id=meta.id.clone() class:current=is_current.clone() aria-current=move || is_current().then_some("true")>
            <span class="saved-name" data-testid="saved-name">{meta.name.clone()}</span>
            <time>{date_time(meta.modified)}</time>
            <Show when=move || renaming.with(|r| r.is_some())>
                <input type="text" maxlength="60" data-testid="saved-rename-input" prop:value=move || renaming.get().unwrap_or_default()
                    on:input=move |ev| renaming.set(Some(event_target_value(&ev)))/>
            </Show>
            <span class="row-actions">
                <button type="button" data-testid="saved-open" on:click=open>{super::tr("a.open")}</button>
                <button type="button" data-testid="saved-rename" on:click=rename>{super::tr("a.rename")}</button>
                <button type="button" data-testid="saved-duplicate" on:click=duplicate>{super::tr("a.duplicate")}</button>
                <Show when=move || !confirming.get() fallback=move || view! {
                    <button type="button" class="danger" data-testid="saved-delete-confirm" on:click=delete.clone()>{super::tr("a.confirm_delete")}</button>
                    <button type="button" data-testid="saved-delete-cancel" on:click=move |_| confirming.set(false)>{super::tr("a.cancel")}</button>
                }>
                    <button type="button" data-testid="saved-delete" on:click=move |_| confirming.set(true)>{super::tr("a.remove")}</button>
                </Show>
            </span>
        </li>
    }
}

/// Messages under the header: storage problems, import errors; dismissable.
#[component]
pub fn NoticeBar() -> impl IntoView {
    let state = use_state();
    view! {
        {move || state.notices.get().into_iter().map(|n| {
            let text = n.text.clone();
            view! {
                <div class=format!("banner {}", n.kind) role=if n.kind == "error" { "alert" } else { "status" } data-testid="notice">
                    <span>{n.text.clone()}</span>
                    {(!n.details.is_empty()).then(|| view! {
                        <ul data-testid="notice-details">{n.details.iter().map(|d| view! { <li>{d.clone()}</li> }).collect_view()}</ul>
                    })}
                    <button type="button" data-testid="notice-dismiss"
                        on:click=move |_| state.notices.update(|l| l.retain(|x| x.text != text))>{super::tr("a.dismiss")}</button>
                </div>
            }
        }).collect_view()}
    }
}

/// Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z and Ctrl+Y redo: one undo model for the plan, in a plan's field too. A
/// plan field (`data-undo="plan"`) with typed text not yet applied first drops that text (it shows the plan's
/// value again); otherwise the plan goes one step back and every field, the focused one included, shows the
/// plan's value after it. Other text boxes (a paste area, a name to save) keep the browser's own text undo.
pub fn keyboard_shortcuts(state: AppState) {
    use wasm_bindgen::JsCast;
    let field = |ev: &web_sys::Event| {
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            .filter(|el| el.get_attribute("data-undo").as_deref() == Some("plan"))
    };
    // Typing marks a plan field as holding text the plan does not have yet; applying it (Enter, blur) clears that.
    let typed = window_event_listener(leptos::ev::input, move |ev| {
        if let Some(el) = field(&ev) {
            let _ = el.set_attribute("data-dirty", "");
        }
    });
    let applied = window_event_listener(leptos::ev::change, move |ev| {
        if let Some(el) = field(&ev) {
            let _ = el.remove_attribute("data-dirty");
        }
    });
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) {
            return;
        }
        let plan_field = field(&ev);
        let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|el| {
            let tag = el.tag_name();
            (tag == "INPUT" && el.get_attribute("type").as_deref() != Some("range")) || tag == "TEXTAREA"
        });
        if typing && plan_field.is_none() {
            return;
        }
        match ev.key().to_ascii_lowercase().as_str() {
            "z" if ev.shift_key() => state.redo(),
            // Text typed and not applied, or applied and refused (the field shows an error), is dropped first.
            "z" => match plan_field.filter(|el| {
                el.has_attribute("data-dirty") || el.get_attribute("aria-invalid").as_deref() == Some("true")
            }) {
                Some(el) => {
                    let _ = el.remove_attribute("data-dirty");
                    state.revision.update(|r| *r += 1);
                }
                None => state.undo(),
            },
            "y" => state.redo(),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || {
        handle.remove();
        typed.remove();
        applied.remove();
    });
}
