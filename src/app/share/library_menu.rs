//! The saved scenarios' menu body, in the panels' wasm (`lazy::LIBRARY`, inside the page's 方案 menu): save as,
//! save to the plan opened, and the list with open, rename, duplicate and delete. It saves the plan handed over
//! (the page hands it over as the menu opens); a plan it opens goes back to the page as one undoable step.

use super::storage::{date_time, LocalStore};
use crate::app::{now, use_state};
use crate::library;
use crate::present::i18n::t;
use leptos::prelude::*;

/// Saved scenarios: save as, and a list with open, rename, duplicate and delete (confirmed). The list is read
/// again each time the menu opens.
#[component]
pub fn LibraryBody() -> impl IntoView {
    let state = use_state();
    let rev = RwSignal::new(0u32);
    if let Some(root) = crate::app::lazy::root(crate::app::lazy::LIBRARY) {
        crate::app::lazy::listen(&root, crate::app::lazy::OPEN_EVENT, move || rev.update(|r| *r += 1));
    }
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
                <div class="save-as">
                    <input type="text" maxlength="60" data-testid="save-name" placeholder=crate::app::tr("u.save_name")
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <button type="button" data-testid="save-as" on:click=save>{crate::app::tr("a.save_as")}</button>
                </div>
                {move || current.get().map(|(_, n)| view! {
                    <button type="button" data-testid="save-current" on:click=save_current>{crate::app::tr("a.save_to")} " " {n}</button>
                })}
                <ul class="saved" data-testid="saved-list">
                    {move || list.get().into_iter().map(|m| view! { <SavedRow meta=m rev=rev current=current/> }).collect_view()}
                </ul>
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
                <button type="button" data-testid="saved-open" on:click=open>{crate::app::tr("a.open")}</button>
                <button type="button" data-testid="saved-rename" on:click=rename>{crate::app::tr("a.rename")}</button>
                <button type="button" data-testid="saved-duplicate" on:click=duplicate>{crate::app::tr("a.duplicate")}</button>
                <Show when=move || !confirming.get() fallback=move || view! {
                    <button type="button" class="danger" data-testid="saved-delete-confirm" on:click=delete.clone()>{crate::app::tr("a.confirm_delete")}</button>
                    <button type="button" data-testid="saved-delete-cancel" on:click=move |_| confirming.set(false)>{crate::app::tr("a.cancel")}</button>
                }>
                    <button type="button" data-testid="saved-delete" on:click=move |_| confirming.set(true)>{crate::app::tr("a.remove")}</button>
                </Show>
            </span>
        </li>
    }
}
