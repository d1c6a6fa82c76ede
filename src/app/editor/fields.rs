//! Input components: a number as a slider plus a typed field kept in sync, and a text field. Both apply on
//! Enter and on blur (sliders live while dragging); an invalid value is marked on the field with the
//! validation message and never replaces the last valid scenario.

use crate::app::use_state;
use crate::edit::{self, Unit};
use crate::model::FieldError;
use crate::present::format::{self, Lang};
use crate::present::i18n;
use leptos::prelude::*;

/// A field's error in the UI's language: the reason alone when it is the field's own, else with the path
/// of the field it concerns.
fn error_text(error: RwSignal<Option<FieldError>>, path: String) -> impl Fn() -> String + Send + Sync + 'static {
    let lang = use_state().lang;
    move || {
        error.with(|e| e.as_ref().map(|e| i18n::field_error(lang.get(), e, edit::is_own(e, &path))).unwrap_or_default())
    }
}

/// The formatted reading of a value beside its field (`1.33亿`, `3.2%`).
pub fn hint(unit: Unit, v: f64, lang: Lang) -> String {
    match unit {
        Unit::Money => format::money(v, lang),
        Unit::Count => format::count(v, lang),
        Unit::Percent | Unit::Plain => String::new(),
    }
}

/// A number's text in its field: while it is being edited, the exact digits (`3800000000`); otherwise money and
/// counts from 10,000 in the planner's units (`38.00亿`, `1,693万`, `3.80 bn`), the rest as digits.
pub fn shown(unit: Unit, v: f64, editing: bool, lang: Lang) -> String {
    if !editing && matches!(unit, Unit::Money | Unit::Count) && v.abs() >= 1e4 {
        format::count(v, lang)
    } else {
        edit::display_text(unit, v)
    }
}

/// The help line: what it means, its unit, and the default plan's value; none where the help is not loaded (an
/// embed's fields).
fn help_text(path: &str, lang: Lang) -> String {
    if i18n::field_help(lang, path) == "?" {
        return String::new();
    }
    let unit = edit::unit(path);
    let typical = edit::typical(path).map(|v| match unit {
        Unit::Money => format::money(v, lang),
        Unit::Count => format::count(v, lang),
        Unit::Percent => format::percent(v, 1),
        Unit::Plain => format::field(v),
    });
    match typical {
        Some(t) => format!("{} {}: {}", i18n::field_help(lang, path), i18n::t(lang, "h.typical"), t),
        None => i18n::field_help(lang, path).to_string(),
    }
}

/// How a number field shows its input's 90% range: the slider's band and the ± editor (`ranges::field_range`),
/// in the page and the panels, from the field's path, unit, slider bounds and own value. The embed's drivers offer
/// none, so the range editor is not in its wasm.
#[derive(Clone, Copy)]
pub struct RangeSlot(pub fn(&str, Unit, f64, f64, FieldValue) -> (AnyView, AnyView));

/// A number field's own copy of its value (`field_value`).
pub type FieldValue = RwSignal<Option<f64>>;

/// A field's own copy of its value: read when the field is built, and again only when the scenario is
/// replaced from outside (reorder, load, undo; a text also on a language switch), which also drops an error
/// about text typed there; the field's own edits set it directly. So one edit updates one field, not every
/// field of the page.
fn field_value<T: Clone + Send + Sync + 'static>(
    read: impl Fn() -> Option<T> + Send + Sync + 'static,
    error: RwSignal<Option<FieldError>>,
    follow_lang: bool,
) -> RwSignal<Option<T>> {
    let state = use_state();
    let value = RwSignal::new(read());
    Effect::new(move |first: Option<()>| {
        state.revision.track();
        // Texts also re-read when the language changes: a default name follows it (`i18n::default_names`).
        if follow_lang {
            state.lang.track();
        }
        if first.is_some() {
            // The plan's value replaces whatever was typed, so an error about the typed text goes with it.
            error.set(None);
            value.set(read());
        }
    });
    value
}

/// The phone keyboard of a typed number: money and counts take 万 / 亿 (`3.8亿`), which a decimal keypad cannot
/// type, so they get the text keyboard; rates and ratios keep the keypad.
pub fn input_mode(unit: Unit) -> &'static str {
    if matches!(unit, Unit::Money | Unit::Count) {
        "text"
    } else {
        "decimal"
    }
}

/// A number of the scenario: label, typed field, slider, formatted reading, help and error.
#[component]
pub fn NumberField(
    /// Scenario path of the number, as `channels.0.cvr` (also its test id: `input-<path>`).
    #[prop(into)]
    path: String,
    /// A label to show instead of the field's own (e.g. a month name, following the language).
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    /// Compact layout for table rows: no help line (it stays as a tooltip).
    #[prop(optional)]
    compact: bool,
    /// The typed input's test id. Defaults to `input-<path>`.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let state = use_state();
    let unit = edit::unit(&path);
    let p = path.clone();
    let error = RwSignal::new(None::<FieldError>);
    let value = field_value(move || state.scenario.with_untracked(|sc| edit::get_number(sc, &p)), error, false);
    let spec = edit::spec(&path, value.get_untracked().unwrap_or(0.0));
    let (lo, hi) = (edit::to_display(unit, spec.min), edit::to_display(unit, spec.max));
    let p = path.clone();
    let slider_key = format!("slider:{path}");
    let set_model = move |model: f64, key: Option<&str>| {
        let next = state.scenario.with_untracked(|sc| edit::set_number(sc, &p, model));
        match next.map(|sc| state.apply_step(sc, key)) {
            Ok(()) => {
                error.set(None);
                value.set(Some(model));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let set_slider = set_model.clone();
    let vpath = edit::validation_path(&path);
    let commit = move |text: String| match edit::parse_display(unit, &text) {
        Ok(model) => set_model(model, None),
        Err(p) => error.set(Some(FieldError::new(vpath.clone(), p))),
    };
    let slider_path = path.clone();
    let slide = move |text: String| {
        if let Some(x) = format::parse_f64(&text) {
            // One drag is one undo step: the slider's key joins its moves until it is released. The value is
            // rounded to the field's step, so a drag writes `3.21%`, not `3.2146788%`.
            set_slider(edit::slider_model(&slider_path, x), Some(&slider_key));
        }
    };
    let commit_blur = commit.clone();
    // Whether the typed field has the focus: it then shows the exact digits, else the planner's units.
    let editing = RwSignal::new(false);
    let id = format!("f-{}", path.replace('.', "-"));
    let (p1, p2) = (path.clone(), path.clone());
    let label_text = move || match label {
        Some(l) => l.get(),
        None => i18n::field_label(state.lang.get(), &p1).to_string(),
    };
    let help = Signal::derive(move || help_text(&p2, state.lang.get()));
    let suffix = if unit == Unit::Percent { "%" } else { "" };
    let mode = input_mode(unit);
    // A ranged input's 90% range: a band under the slider and its ± editor, where the wasm offers ranges.
    let (band, range_editor) = match use_context::<RangeSlot>() {
        Some(slot) => (slot.0)(&path, unit, lo, hi, value),
        None => (().into_any(), ().into_any()),
    };
    view! {
        <div class="field" class:compact=compact class:invalid=move || error.with(|e| e.is_some()) title=help>
            <label for=id.clone()>{label_text.clone()}</label>
            <div class="inputs">
                <input type="text" inputmode=mode id=id.clone() autocomplete="off" data-undo="plan"
                    data-testid=testid.map_or_else(|| format!("input-{path}"), str::to_string)
                    aria-invalid=move || error.with(|e| e.is_some()).to_string()
                    prop:value=move || value.get().map(|v| shown(unit, v, editing.get(), state.lang.get())).unwrap_or_default()
                    on:focus=move |ev| {
                        editing.set(true);
                        // The digits replace the units at once, all selected, before any key is typed into them.
                        let el = event_target::<web_sys::HtmlInputElement>(&ev);
                        let digits = value.get_untracked().map(|v| edit::display_text(unit, v)).unwrap_or_default();
                        if el.value() != digits && error.with_untracked(Option::is_none) {
                            el.set_value(&digits);
                            el.select();
                        }
                    }
                    on:keydown=move |ev| if ev.key() == "Enter" { commit(event_target_value(&ev)) }
                    on:blur=move |ev| {
                        commit_blur(event_target_value(&ev));
                        // A refused text stays as typed, beside its error.
                        if error.with_untracked(Option::is_none) {
                            editing.set(false);
                        }
                    }/>
                <span class="unit">{suffix}</span>
                <span class="reading">{move || value.get().map(|v| hint(unit, v, state.lang.get())).unwrap_or_default()}</span>
            </div>
            {range_editor}
            <div class="slider-wrap">
            {band}
            <input type="range" class="slider" min=lo max=hi step="any"
                data-testid=format!("slider-{path}") aria-label=label_text
                aria-valuetext=move || value.get().map(|v| format::value(unit, Some(v), state.lang.get())).unwrap_or_default()
                prop:value=move || value.get().map(|v| edit::to_display(unit, v).to_string()).unwrap_or_default()
                on:input=move |ev| slide(event_target_value(&ev))
                on:pointerdown=move |_| state.history.update_value(|h| h.seal())
                on:blur=move |_| state.history.update_value(|h| h.seal())/>
            </div>
            <p class="error" role="alert" data-testid=format!("error-{path}")>{error_text(error, path.clone())}</p>
            {
                let p = path.clone();
                move || value.get().and_then(|v| edit::implausible(&p, v)).map(|(bound, high)| {
                    let lang = state.lang.get();
                    let b = format::value(unit, Some(bound), lang);
                    let key = if high { "h.unusual_high" } else { "h.unusual_low" };
                    view! { <p class="warning" data-testid=format!("warning-{p}")>{i18n::t(lang, key).replace("{}", &b)}</p> }
                })
            }
            {(!compact).then(|| view! { <p class="help">{help}</p> })}
        </div>
    }
}

/// A text of the scenario (a name, an `MM-DD` date), applied on Enter and blur.
#[component]
pub fn TextField(
    /// Scenario path of the text, as `channels.0.name` (test id `input-<path>`).
    #[prop(into)]
    path: String,
    /// Width in characters.
    #[prop(default = 14)]
    size: u32,
) -> impl IntoView {
    let state = use_state();
    let p = path.clone();
    let error = RwSignal::new(None::<FieldError>);
    let value = field_value(move || state.scenario.with_untracked(|sc| edit::get_text(sc, &p)), error, true);
    let p = path.clone();
    let commit = move |text: String| {
        let next = state.scenario.with_untracked(|sc| edit::set_text(sc, &p, &text));
        match state.try_apply(next) {
            Ok(()) => {
                error.set(None);
                value.set(Some(text));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let commit_blur = commit.clone();
    let p = path.clone();
    let label = move || i18n::field_label(state.lang.get(), &p);
    let p = path.clone();
    view! {
        <span class="text-field" class:invalid=move || error.with(|e| e.is_some())
            title=move || i18n::field_help(state.lang.get(), &p)>
            <input type="text" size=size data-testid=format!("input-{path}") aria-label=label data-undo="plan"
                aria-invalid=move || error.with(|e| e.is_some()).to_string()
                prop:value=move || value.get().unwrap_or_default()
                on:keydown=move |ev| if ev.key() == "Enter" { commit(event_target_value(&ev)) }
                on:blur=move |ev| commit_blur(event_target_value(&ev))/>
            <span class="error" role="alert" data-testid=format!("error-{path}")>{error_text(error, path.clone())}</span>
        </span>
    }
}
