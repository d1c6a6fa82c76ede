//! A plotters backend over a canvas that measures text with the canvas itself. plotters-canvas alone asks
//! plotters' web font code, which inserts a `<span>` into the page and reads its size for every label:
//! a forced layout of the whole page each time. `measureText` needs no layout.
//!
//! It draws text itself, setting the context's font only when it changes (parsing a font is the dearest call of a
//! label), and marks a drawn canvas `data-drawn`. When the page asks (`window.sandtableCheckCuts`, set by the
//! browser tests), it also checks every label against the canvas's edges and writes how many were cut into
//! `data-cut` (the first one's text in `data-cut-text`); a planner's draw does not measure labels for that.

use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// `CanvasBackend` with text measured by `CanvasRenderingContext2d::measureText`.
pub struct MeasuredCanvas {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    canvas: HtmlCanvasElement,
    /// Labels drawn partly outside the canvas, and the first one's text.
    cut: (u32, String),
    /// Whether to check labels for `data-cut`.
    check: bool,
    /// The font last set on the context.
    font: std::cell::RefCell<String>,
}

impl MeasuredCanvas {
    /// Wraps a canvas element; `None` when it has no 2D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<Self> {
        let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas.clone())?;
        let check = js_sys::Reflect::get(&js_sys::global(), &"sandtableCheckCuts".into()).is_ok_and(|v| v.is_truthy());
        Some(MeasuredCanvas { inner, context, canvas, cut: (0, String::new()), check, font: Default::default() })
    }

    /// Sets `style`'s font on the context, unless it is the one set last.
    fn use_font<S: BackendTextStyle>(&self, style: &S) {
        let font = format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str());
        if *self.font.borrow() != font {
            self.context.set_font(&font);
            *self.font.borrow_mut() = font;
        }
    }
}

/// plotters-canvas does not export its error type by name.
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;
type R = Result<(), DrawingErrorKind<CanvasError>>;

impl DrawingBackend for MeasuredCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> R {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> R {
        if self.check {
            let _ = self.canvas.set_attribute("data-cut", &self.cut.0.to_string());
            let _ = self.canvas.set_attribute("data-cut-text", &self.cut.1);
        }
        if !self.canvas.has_attribute("data-drawn") {
            let _ = self.canvas.set_attribute("data-drawn", "");
        }
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> R {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> R {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, style: &S, fill: bool) -> R {
        self.inner.draw_rect(a, b, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> R {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> R {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> R {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> R {
        use plotters_backend::text_anchor::{HPos, VPos};
        if self.check && !text.trim().is_empty() {
            let (w, h) = self.estimate_text_size(text, style)?;
            let (w, h) = (w as i32, h as i32);
            let anchor = style.anchor();
            let left = match anchor.h_pos {
                HPos::Left => pos.0,
                HPos::Center => pos.0 - w / 2,
                HPos::Right => pos.0 - w,
            };
            let top = match anchor.v_pos {
                VPos::Top => pos.1,
                VPos::Center => pos.1 - h / 2,
                VPos::Bottom => pos.1 - h,
            };
            let (cw, ch) = self.get_size();
            // One pixel of slack for rounding.
            if left < -1 || top < -1 || left + w > cw as i32 + 1 || top + h > ch as i32 + 1 {
                if self.cut.0 == 0 {
                    self.cut.1 = text.to_string();
                }
                self.cut.0 += 1;
            }
        }
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        // As plotters-canvas draws it, with the font set before a rotation's `save`, so `restore` keeps it.
        self.use_font(style);
        let turn = match style.transform() {
            plotters_backend::FontTransform::Rotate90 => 0.5,
            plotters_backend::FontTransform::Rotate180 => 1.0,
            plotters_backend::FontTransform::Rotate270 => 1.5,
            plotters_backend::FontTransform::None => 0.0,
        } * std::f64::consts::PI;
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        if turn != 0.0 {
            self.context.save();
            let _ = self.context.translate(x, y);
            let _ = self.context.rotate(turn);
            (x, y) = (0.0, 0.0);
        }
        let anchor = style.anchor();
        self.context.set_text_baseline(match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        });
        self.context.set_text_align(match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        });
        let (r, g, b) = color.rgb;
        self.context.set_fill_style_str(&format!("rgba({r},{g},{b},{})", color.alpha));
        let _ = self.context.fill_text(text, x, y);
        if turn != 0.0 {
            self.context.restore();
        }
        Ok(())
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.use_font(style);
        let width = self.context.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
        Ok((width.ceil().max(0.0) as u32, style.size().ceil().max(0.0) as u32))
    }
}
