//! A driver of an editable embed (`&edit=1`): the page's number field in its compact form (label, typed field
//! with its unit and reading, slider, error, unusual-value note), applied on Enter and blur and live while
//! sliding. An invalid value is marked on the field with the validation message and never reaches the plan.

use super::dom::{attr, el, on, text};
use crate::app::editor::{hint, input_mode, shown};
use crate::edit::{self, Unit};
use crate::model::{FieldError, Scenario};
use crate::present::format::{self, Lang};
use crate::present::i18n;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, KeyboardEvent};

/// Applies a plan made by a driver: `Err` when it is invalid (the field shows why).
pub type Apply = Rc<dyn Fn(crate::edit::Edit) -> Result<(), FieldError>>;

/// One driver's elements and state.
pub struct Driver {
    path: &'static str,
    unit: Unit,
    lang: Lang,
    field: Element,
    input: HtmlInputElement,
    reading: Element,
    slider: HtmlInputElement,
    error: Element,
    warning: Element,
    /// The value in the plan, as this field last applied or read it.
    value: Cell<Option<f64>>,
    /// Whether the typed field has the focus: it then shows the exact digits, else the planner's units.
    editing: Cell<bool>,
    /// Why the last value typed or slid was refused.
    refused: RefCell<Option<FieldError>>,
}

impl Driver {
    /// Builds the field of `path` in `parent`, labelled `label`, reading its value from `sc`.
    pub fn new(path: &'static str, label: &str, sc: &Scenario, lang: Lang, parent: &Element, apply: Apply) -> Rc<Self> {
        let unit = edit::unit(path);
        let value = edit::get_number(sc, path);
        let spec = edit::spec(path, value.unwrap_or(0.0));
        let (lo, hi) = (edit::to_display(unit, spec.min), edit::to_display(unit, spec.max));
        let id = format!("f-{}", path.replace('.', "-"));
        let field = el("div", &[("class", "field compact")], Some(parent));
        text(&el("label", &[("for", &id)], Some(&field)), label);
        let inputs = el("div", &[("class", "inputs")], Some(&field));
        let testid = format!("input-{path}");
        let attrs = [
            ("type", "text"),
            ("inputmode", input_mode(unit)),
            ("id", &id),
            ("autocomplete", "off"),
            ("data-testid", &testid),
        ];
        let input: HtmlInputElement = el("input", &attrs, Some(&inputs)).unchecked_into();
        text(&el("span", &[("class", "unit")], Some(&inputs)), if unit == Unit::Percent { "%" } else { "" });
        let reading = el("span", &[("class", "reading")], Some(&inputs));
        let wrap = el("div", &[("class", "slider-wrap")], Some(&field));
        let (lo, hi, sid) = (lo.to_string(), hi.to_string(), format!("slider-{path}"));
        let attrs = [
            ("type", "range"),
            ("class", "slider"),
            ("min", &lo),
            ("max", &hi),
            ("step", "any"),
            ("data-testid", &sid),
            ("aria-label", label),
        ];
        let slider: HtmlInputElement = el("input", &attrs, Some(&wrap)).unchecked_into();
        let error =
            el("p", &[("class", "error"), ("role", "alert"), ("data-testid", &format!("error-{path}"))], Some(&field));
        let warning = el("p", &[("class", "warning"), ("data-testid", &format!("warning-{path}"))], None);
        let d = Rc::new(Driver {
            path,
            unit,
            lang,
            field,
            input,
            reading,
            slider,
            error,
            warning,
            value: Cell::new(value),
            editing: Cell::new(false),
            refused: RefCell::new(None),
        });
        d.listen(apply);
        d.show();
        d
    }

    /// Follows the person's typing and sliding.
    fn listen(self: &Rc<Self>, apply: Apply) {
        let d = self.clone();
        on(&self.input, "focus", move |_| {
            d.editing.set(true);
            // The digits replace the units at once, all selected, before any key is typed into them.
            let digits = d.value.get().map(|v| edit::display_text(d.unit, v)).unwrap_or_default();
            if d.input.value() != digits && d.refused.borrow().is_none() {
                d.input.set_value(&digits);
                d.input.select();
            }
        });
        let (d, a) = (self.clone(), apply.clone());
        on(&self.input, "keydown", move |e| {
            if e.dyn_ref::<KeyboardEvent>().is_some_and(|k| k.key() == "Enter") {
                d.commit(&a);
            }
        });
        let (d, a) = (self.clone(), apply.clone());
        on(&self.input, "blur", move |_| {
            d.commit(&a);
            // A refused text stays as typed, beside its error.
            if d.refused.borrow().is_none() {
                d.editing.set(false);
                d.show();
            }
        });
        let d = self.clone();
        on(&self.slider, "input", move |_| {
            if let Some(x) = format::parse_f64(&d.slider.value()) {
                // The value is rounded to the field's step: a slide writes `3.21%`, not `3.2146788%`.
                d.set(edit::slider_model(d.path, x), &apply);
            }
        });
    }

    /// Applies the typed text, or says why it cannot be.
    fn commit(&self, apply: &Apply) {
        match edit::parse_display(self.unit, &self.input.value()) {
            Ok(model) => self.set(model, apply),
            Err(p) => self.refuse(FieldError::new(edit::validation_path(self.path), p)),
        }
    }

    /// Applies `model` as the field's value, or says why it cannot be.
    fn set(&self, model: f64, apply: &Apply) {
        let next = super::with_plan(|sc| edit::set_number(sc, self.path, model));
        match apply(next) {
            Ok(()) => {
                self.refused.replace(None);
                self.value.set(Some(model));
                self.show();
            }
            Err(e) => self.refuse(e),
        }
    }

    /// Marks the field invalid with `e`'s reason.
    fn refuse(&self, e: FieldError) {
        self.refused.replace(Some(e));
        self.show();
    }

    /// Writes the field's value, reading, slider, error and note.
    fn show(&self) {
        let (unit, lang) = (self.unit, self.lang);
        let refused = self.refused.borrow();
        self.field.class_list().toggle_with_force("invalid", refused.is_some()).ok();
        attr(&self.input, "aria-invalid", Some(if refused.is_some() { "true" } else { "false" }));
        let own = |e: &FieldError| i18n::field_error(lang, e, edit::is_own(e, self.path));
        text(&self.error, &refused.as_ref().map(own).unwrap_or_default());
        let Some(v) = self.value.get() else { return };
        if refused.is_none() {
            let typed = shown(unit, v, self.editing.get(), lang);
            if self.input.value() != typed {
                self.input.set_value(&typed);
            }
        }
        text(&self.reading, &hint(unit, v, lang));
        let at = edit::to_display(unit, v).to_string();
        if self.slider.value() != at {
            self.slider.set_value(&at);
        }
        attr(&self.slider, "aria-valuetext", Some(&format::value(unit, Some(v), lang)));
        // A value far outside what plans contain is applied with a note, not refused.
        match edit::implausible(self.path, v) {
            Some((bound, high)) => {
                let key = if high { "h.unusual_high" } else { "h.unusual_low" };
                text(&self.warning, &i18n::t(lang, key).replace("{}", &format::value(unit, Some(bound), lang)));
                if !self.warning.is_connected() {
                    let _ = self.error.after_with_node_1(&self.warning);
                }
            }
            None => self.warning.remove(),
        }
    }
}
