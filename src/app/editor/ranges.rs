//! The 90% range of one input (MODEL.md §6): a compact ± toggle beside the field that opens low and high
//! fields typed like the value (万/亿, %), and the band the range draws on the field's slider.
//!
//! The page shows the band and a stand-in of the editor (`field_band`); the panels' wasm mounts the live editor
//! into it (`serve_slots`) and makes its edits on its state that follows the page's plan, each applied back as one
//! undoable step (`lazy::serve`); the groups the panels draw themselves take both at once (`field_range`).
//!
//! Invariant: a range reaches the plan only through `edit::set_range`, so an invalid one (low above high, a
//! rate outside 0–100%) is shown on the field and never applied.

use super::fields::FieldValue;
use crate::analysis::sensitivity;
use crate::app::use_state;
use crate::edit::{self, Unit};
use crate::model::inputs::Slot;
use crate::model::FieldError;
use crate::present::i18n;
use leptos::prelude::*;

/// The path of the ranged input a field path edits: itself for a rangeable field, `customers.repeat_curve`
/// for the curve's 365-day point; `None` for fields without a range.
pub fn slot_path(path: &str) -> Option<String> {
    if path == "customers.repeat_curve.3" {
        return Some("customers.repeat_curve".to_string());
    }
    Slot::parse(path).map(|_| path.to_string())
}

/// The input's range in the current plan, as a signal (the path is parsed once, not on every change). A range
/// changes with its own value (MODEL.md §6: it moves with it) or with the plan's outline (a range edit, a load), so
/// it follows the field's value `own`, where there is one, and `AppState::outline`, not every edit of the plan.
pub fn range_of(path: &str, own: Option<FieldValue>) -> Memo<Option<(f64, f64)>> {
    let state = use_state();
    let slot = Slot::parse(path);
    Memo::new(move |_| {
        if let Some(v) = own {
            v.track();
        }
        slot.and_then(|s| state.with_outline(|sc| s.range(sc)))
    })
}

/// The band on the slider (`lo`–`hi` in display units) of the ranged input `rp`. It is built when the range comes
/// or goes; an edit that moves the range sets the band's two CSS properties, nothing else (a band built anew at
/// each edit had its class, test id and style removed and written again: eight DOM writes and a restyle).
fn band(rp: &str, unit: Unit, lo: f64, hi: f64, range: Memo<Option<(f64, f64)>>) -> AnyView {
    let pct = move |x: f64| ((edit::to_display(unit, x) - lo) / (hi - lo) * 100.0).clamp(0.0, 100.0);
    let id = format!("band-{rp}");
    let has = Memo::new(move |_| range.with(Option::is_some));
    // Set through the CSSOM (the `style` property: its `cssText`), which the page's CSP allows; a `style` attribute
    // it blocks.
    let place = move || {
        range.get().map_or_else(String::new, |(a, b)| {
            format!("margin-left:{:.2}%;width:{:.2}%", pct(a), (pct(b) - pct(a)).max(0.5))
        })
    };
    let band = move || has.get().then(|| view! { <span class="band" data-testid=id.clone() prop:style=place></span> });
    band.into_any()
}

/// The band on the slider (`lo`–`hi` in display units) and the ± editor of the field at `path`, or nothing for
/// a field without a range: the panels' `fields::RangeSlot`.
pub fn field_range(path: &str, unit: Unit, lo: f64, hi: f64, own: FieldValue) -> (AnyView, AnyView) {
    let Some(rp) = slot_path(path) else { return (().into_any(), ().into_any()) };
    let range = range_of(&rp, Some(own));
    (band(&rp, unit, lo, hi, range), view! { <RangeEditor path=rp unit=unit range=range/> }.into_any())
}

/// The page's `fields::RangeSlot`: the band on the slider, and in place of the ± editor a stand-in of the same
/// markup (disabled, hidden from assistive technology, showing the range) that the panels' wasm fills with the
/// live editor (`serve_slots`); so the page carries no editor, and nothing moves when it arrives.
pub fn field_band(path: &str, unit: Unit, lo: f64, hi: f64, own: FieldValue) -> (AnyView, AnyView) {
    let Some(rp) = slot_path(path) else { return (().into_any(), ().into_any()) };
    let range = range_of(&rp, Some(own));
    let end = move |high: bool| {
        move || range.get().map(|(a, b)| edit::display_text(unit, if high { b } else { a })).unwrap_or_default()
    };
    let open = move || range.with(|r| r.is_some());
    let stand_in = view! {
        <span class="range-slot" data-field=path.to_string()>
            <span class="range-editor range-stand-in" aria-hidden="true">
                <button type="button" class="range-toggle" disabled tabindex="-1" aria-pressed=move || open().to_string()>"±"</button>
                <span class="range-fields" class:hidden=move || !open()>
                    <input type="text" size="8" disabled tabindex="-1" prop:value=end(false)/>" – "
                    <input type="text" size="8" disabled tabindex="-1" prop:value=end(true)/>{if unit == Unit::Percent { "%" } else { "" }}
                    <button type="button" class="range-remove" disabled tabindex="-1">"✕"</button>
                </span>
            </span>
        </span>
    };
    (band(&rp, unit, lo, hi, range), stand_in.into_any())
}

/// The panels' side, on `state` (the one that follows the page's plan in `lazy::EDITOR`): mounts the live ± editor
/// into each of the page's stand-ins (`field_band`) now and whenever the channels' rows are rebuilt, and unmounts
/// the editor of a row that has gone.
pub fn serve_slots(state: crate::app::AppState) {
    use wasm_bindgen::JsCast;
    type Mounted = Vec<(web_sys::Element, Box<dyn std::any::Any>)>;
    let mounted = std::rc::Rc::new(std::cell::RefCell::new(Mounted::new()));
    let document = document();
    let rows = document.query_selector("[data-testid=\"channels\"]").ok().flatten();
    let scan = move || {
        let mut mounted = mounted.borrow_mut();
        mounted.retain(|(el, _)| el.is_connected());
        let Ok(slots) = document.query_selector_all(".range-slot:not([data-mounted])") else { return };
        for k in 0..slots.length() {
            let Some(el) = slots.item(k).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) else { continue };
            let field = el.get_attribute("data-field").unwrap_or_default();
            let Some(rp) = slot_path(&field) else { continue };
            let unit = edit::unit(&field);
            let handle = leptos::mount::mount_to(el.clone(), move || {
                provide_context(state);
                let range = range_of(&rp, None);
                view! { <RangeEditor path=rp unit=unit range=range/> }
            });
            let _ = el.set_attribute("data-mounted", "");
            mounted.push((el.into(), Box::new(handle)));
        }
    };
    scan();
    let Some(rows) = rows else { return };
    let observer = wasm_bindgen::closure::Closure::<dyn Fn()>::new(scan);
    if let Ok(watch) = web_sys::MutationObserver::new(observer.as_ref().unchecked_ref()) {
        let init = web_sys::MutationObserverInit::new();
        init.set_child_list(true);
        let _ = watch.observe_with_options(&rows, &init);
        std::mem::forget(watch);
    }
    observer.forget();
}

/// The ± toggle and, while open, the low and high fields.
#[component]
pub fn RangeEditor(
    /// The ranged input's path (`channels.0.cvr`, `customers.repeat_curve`), also in the test ids.
    path: String,
    /// The field's display unit.
    unit: Unit,
    /// The input's range in the plan (`range_of`), shared with the slider's band.
    range: Memo<Option<(f64, f64)>>,
) -> impl IntoView {
    let state = use_state();
    let open = RwSignal::new(range.get_untracked().is_some());
    let error = RwSignal::new(None::<FieldError>);
    let apply = move |next: Option<(f64, f64)>, p: &str| {
        let result = state.scenario.with_untracked(|sc| edit::set_range(sc, p, next));
        error.set(state.try_apply(result).err());
    };
    let p = path.clone();
    // Opening gives an input without a range the tornado's (its value ±10%) to start from; closing only hides
    // the editor (the range stays: removing it is its own button).
    let toggle = move |_| {
        if open.get_untracked() {
            open.set(false);
        } else {
            open.set(true);
            let ends = state.scenario.with_untracked(|sc| Slot::parse(&p).and_then(|s| sensitivity::ends(sc, &s)));
            if range.get_untracked().is_none() {
                apply(ends, &p);
            }
        }
    };
    let low = RwSignal::new(String::new());
    let high = RwSignal::new(String::new());
    Effect::new(move |_| {
        // Read again when the plan is replaced (an undo that drops typed text, a load).
        state.revision.track();
        if let Some((lo, hi)) = range.get() {
            low.set(edit::display_text(unit, lo));
            high.set(edit::display_text(unit, hi));
        }
    });
    let p = path.clone();
    let commit = move || {
        let parsed =
            (edit::parse_display(unit, &low.get_untracked()), edit::parse_display(unit, &high.get_untracked()));
        match parsed {
            (Ok(lo), Ok(hi)) => apply(Some((lo, hi)), &p),
            (Err(e), _) | (_, Err(e)) => {
                error.set(Some(FieldError::new(Slot::parse(&p).map(|s| s.range_path()).unwrap_or_default(), e)))
            }
        }
    };
    let message =
        move || error.with(|e| e.as_ref().map(|e| i18n::field_error(state.lang.get(), e, true)).unwrap_or_default());
    let id = path.clone();
    let field = move |which: &'static str, text: RwSignal<String>| {
        let commit = commit.clone();
        let commit_blur = commit.clone();
        view! {
            <input type="text" inputmode=super::fields::input_mode(unit) size="8" autocomplete="off" data-undo="plan" data-testid=format!("range-{which}-{id}")
                aria-label=move || i18n::t(state.lang.get(), if which == "low" { "r.low" } else { "r.high" })
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { commit() }
                on:blur=move |_| commit_blur()/>
        }
    };
    let (lo_field, hi_field) = (field("low", low), field("high", high));
    let remove_path = path.clone();
    view! {
        <span class="range-editor" class:invalid=move || error.with(|e| e.is_some())>
            <button type="button" class="range-toggle" data-testid=format!("range-{}", path.clone())
                aria-pressed=move || open.get().to_string() title=move || i18n::t(state.lang.get(), "r.toggle")
                on:click=toggle>"±"</button>
            <span class="range-fields" class:hidden=move || !open.get()>
                {lo_field}" – "{hi_field}{if unit == Unit::Percent { "%" } else { "" }}
                <button type="button" class="range-remove" data-testid=format!("range-remove-{}", path.clone())
                    aria-label=move || i18n::t(state.lang.get(), "r.remove")
                    on:click=move |_| { open.set(false); apply(None, &remove_path); }>"✕"</button>
            </span>
            <span class="error" role="alert">{message}</span>
        </span>
    }
}
