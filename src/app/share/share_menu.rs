//! The share menu's body, in the panels' wasm (`lazy::SHARE`, inside the page's 分享 menu): copy the plan's link,
//! and the embed snippet of a chart, for the plan the page hands over as the menu opens.

use crate::app::{share, use_state};
use crate::charts::ChartKind;
use crate::present::i18n::t;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Copy link and the embed snippet of the plan handed over; both are encoded only while the menu is open.
#[component]
pub fn ShareBody() -> impl IntoView {
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
    let menu = crate::app::lazy::root(crate::app::lazy::SHARE).and_then(|r| r.parent_element());
    if let Some(menu) = menu.and_then(|m| m.dyn_into::<web_sys::HtmlDetailsElement>().ok()) {
        open.set(menu.open());
        let details = menu.clone();
        let on_toggle = Closure::<dyn Fn()>::new(move || open.set(details.open()));
        let _ = menu.add_event_listener_with_callback("toggle", on_toggle.as_ref().unchecked_ref());
        on_toggle.forget();
    }
    let link = move || if open.get() { state.scenario.with(share::link) } else { String::new() };
    let snippet = move || {
        if !open.get() {
            return String::new();
        }
        let title = format!("{} – Sandtable", state.scenario.with(|s| s.name.clone()));
        state.scenario.with(|sc| share::embed_snippet(sc, chart.get(), &title))
    };
    view! {
                <button type="button" data-testid="copy-link" on:click=copy>{crate::app::tr("a.copy_link")}</button>
                <span class="feedback" role="status" data-testid="copy-feedback">{move || match copied.get() {
                    Some(true) => word("u.copied"),
                    Some(false) => word("u.copy_failed"),
                    None => "",
                }}</span>
                <input type="text" readonly data-testid="share-link" aria-label=crate::app::tr("a.copy_link")
                    prop:value=link on:focus=move |ev| select(&ev)/>
                <label class="inline">{crate::app::tr("u.embed_chart")}
                    <select data-testid="embed-chart" on:change=move |ev| chart.set(ChartKind::from_key(&event_target_value(&ev)).unwrap_or(ChartKind::MonthlyGmv))>
                        {ChartKind::ALL.iter().filter(|k| k.embeddable()).map(|k| view! { <option value=k.key()>{move || k.title(state.lang.get())}</option> }).collect_view()}
                    </select>
                </label>
                <textarea readonly rows="4" data-testid="embed-snippet" aria-label=crate::app::tr("a.embed") prop:value=snippet on:focus=move |ev| select(&ev)></textarea>
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
