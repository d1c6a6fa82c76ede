//! The header's tools: undo and redo (also Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z), sharing (copy link, embed
//! snippet), saved scenarios, and files (export, import, print); and the notice bar under the header.

use super::{use_state, AppState};
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
            <PanelMenu label="a.share" testid="share-menu" root=super::lazy::SHARE class="menu-body"/>
            <PanelMenu label="a.scenarios" testid="scenarios-menu" root=super::lazy::LIBRARY class="menu-body wide"/>
            <PanelMenu label="a.file" testid="file-menu" root=super::lazy::FILES class="menu-body"/>
            <button type="button" data-testid="calibrate-open" on:click=move |_| super::calibrate::open(state)>{super::tr("cal.open")}</button>
        </nav>
    }
}

/// A toolbar menu whose body is the panels': sharing (copy link, the embed snippet: `share::ShareBody`), saved
/// scenarios (save as, the list: `share::LibraryBody`) and files (exports, the report, import, calibration, print:
/// `workers::FileBody`; a file dropped on the page is imported by the page itself). The body mounts into the root
/// and is handed the plan when the menu opens.
#[component]
fn PanelMenu(
    /// The menu's word (`a.share`).
    label: &'static str,
    /// The summary's test id (`share-menu`).
    testid: &'static str,
    /// The root the panels' wasm mounts the body into (`lazy::SHARE`).
    root: &'static str,
    /// The body's classes.
    class: &'static str,
) -> impl IntoView {
    let state = use_state();
    let toggle = move |ev: leptos::ev::Event| {
        if event_target::<web_sys::HtmlDetailsElement>(&ev).open() {
            super::lazy::open_panel(state, root);
        }
    };
    view! {
        <details class="menu" on:toggle=toggle>
            <summary data-testid=testid>{super::tr(label)}</summary>
            <div id=root class=class></div>
        </details>
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
