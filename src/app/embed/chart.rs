//! The embed's one chart: a canvas sized to its box and to the device pixel ratio, an accessible description,
//! and its data as a table on request. Drawn at most once per animation frame, after the results it shows.

use super::dom::{attr, el, on, text, window};
use crate::app::results::{Drawers, MeasuredCanvas};
use crate::charts::{ChartInput, ChartKind};
use plotters::prelude::*;
use std::cell::Cell;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlDetailsElement};

/// Height of the embed's chart in CSS pixels.
const HEIGHT: f64 = 240.0;

/// The chart's elements.
pub struct Chart {
    kind: ChartKind,
    drawers: Drawers,
    canvas: HtmlCanvasElement,
    description: Element,
    details: HtmlDetailsElement,
    table: Element,
    /// Whether a draw is queued for the next animation frame (the page queues at most one).
    pub queued: Cell<bool>,
}

impl Chart {
    /// Builds the chart's figure in `parent`; `title` and `show_data` are its caption and the data's toggle;
    /// `drawers` the charts this wasm can draw (another kind is drawn blank).
    pub fn new(kind: ChartKind, drawers: Drawers, parent: &Element, title: &str, show_data: &str) -> Chart {
        let figure =
            el("figure", &[("class", "chart"), ("data-testid", &format!("chart-{}", kind.key()))], Some(parent));
        text(&el("figcaption", &[], Some(&figure)), title);
        let canvas = el("canvas", &[("role", "img"), ("class", &format!("h{}", HEIGHT as u32))], Some(&figure));
        let description = el("p", &[("class", "sr-only")], Some(&figure));
        let details = el("details", &[("class", "chart-data")], Some(&figure));
        text(&el("summary", &[], Some(&details)), show_data);
        let table = el("table", &[], None);
        Chart {
            kind,
            drawers,
            canvas: canvas.unchecked_into(),
            description,
            details: details.unchecked_into(),
            table,
            queued: Cell::new(false),
        }
    }

    /// Says what the chart shows (the description reads the same before it is drawn), and its data when open.
    pub fn describe(&self, input: &ChartInput) {
        let words = (self.drawers.describe)(self.kind, input);
        attr(&self.canvas, "aria-label", Some(&words));
        text(&self.description, &words);
        if self.details.open() {
            self.fill_table(input);
        } else if self.table.is_connected() {
            self.table.remove();
        }
    }

    /// Writes the chart's data into its table, under the toggle.
    fn fill_table(&self, input: &ChartInput) {
        let tb = (self.drawers.table)(self.kind, input);
        self.table.set_inner_html("");
        let head = el("tr", &[], Some(&el("thead", &[], Some(&self.table))));
        for h in &tb.headers {
            text(&el("th", &[], Some(&head)), h);
        }
        let body = el("tbody", &[], Some(&self.table));
        for row in &tb.rows {
            let tr = el("tr", &[], Some(&body));
            for c in row {
                text(&el("td", &[], Some(&tr)), c);
            }
        }
        if !self.table.is_connected() {
            let _ = self.details.append_child(&self.table);
        }
    }

    /// Draws the chart at its box's width and the device's pixel ratio (crisp on HiDPI).
    pub fn draw(&self, input: &ChartInput) {
        let dpr = window().device_pixel_ratio().clamp(1.0, 4.0);
        let css_w = self.canvas.client_width().max(200) as f64;
        let (w, h) = ((css_w * dpr).round() as u32, (HEIGHT * dpr).round() as u32);
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
        if let Some(backend) = MeasuredCanvas::new(self.canvas.clone()) {
            let area = backend.into_drawing_area();
            let _ = (self.drawers.draw)(self.kind, &area, &ChartInput { scale: dpr, ..*input });
            let _ = area.present();
        }
    }

    /// Calls `f` whenever the data's toggle opens or closes.
    pub fn on_toggle(&self, f: impl FnMut(web_sys::Event) + 'static) {
        on(&self.details, "toggle", f);
    }
}
