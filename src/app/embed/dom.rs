//! The few DOM calls the embed page makes, each writing only what changed (an unchanged text or attribute is
//! never written again, so an update of the results touches only the cells it changed).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

/// The page's window.
pub fn window() -> web_sys::Window {
    web_sys::window().expect("a page has a window")
}

/// The page's document.
pub fn document() -> web_sys::Document {
    window().document().expect("a page has a document")
}

/// A new element `tag` with `attrs`, appended to `parent` when given.
pub fn el(tag: &str, attrs: &[(&str, &str)], parent: Option<&Element>) -> Element {
    let e = document().create_element(tag).unwrap_or_else(|_| document().create_element("div").expect("div"));
    for (k, v) in attrs {
        let _ = e.set_attribute(k, v);
    }
    if let Some(p) = parent {
        let _ = p.append_child(&e);
    }
    e
}

/// Sets `e`'s text, unless it already reads so.
pub fn text(e: &Element, value: &str) {
    if e.text_content().as_deref() != Some(value) {
        e.set_text_content(Some(value));
    }
}

/// Sets `e`'s attribute `name` to `value`, or removes it for `None`, unless it already is so.
pub fn attr(e: &Element, name: &str, value: Option<&str>) {
    if e.get_attribute(name).as_deref() == value {
        return;
    }
    let _ = match value {
        Some(v) => e.set_attribute(name, v),
        None => e.remove_attribute(name),
    };
}

/// Calls `f` on each `event` at `target`, for the page's life.
pub fn on(target: &web_sys::EventTarget, event: &str, f: impl FnMut(Event) + 'static) {
    let cb = Closure::<dyn FnMut(Event)>::new(f);
    let _ = target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    cb.forget();
}

/// Runs `f` once the next frame has been painted (an animation frame, then a task after it).
pub fn after_paint(f: impl FnOnce() + 'static) {
    let cb = Closure::once_into_js(move || gloo_timers::callback::Timeout::new(0, f).forget());
    let _ = window().request_animation_frame(cb.unchecked_ref());
}
