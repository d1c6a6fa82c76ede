//! The plan on paper (issue 21): one self-contained HTML page laid out for A4 landscape — the headline, the
//! targets with their status in words, the charts as inline SVG (the charts' own functions over plotters' SVG
//! backend), the chances and the fan when the plan has ranges, progress and the forecast when it has actuals —
//! and a second page with every assumption. No script, no external reference: it opens offline and prints the
//! same pages. `sandtable report` writes it.
//!
//! Invariant: every number is the engine's (`simulate`, and `montecarlo::run` on the plan's own options), shown
//! with the page's formats; every text from the plan (names, dates) is escaped, so a name holding markup reads
//! as text.

use crate::analysis::montecarlo::{self, MonteCarlo, Options};
use crate::charts::{self, ChartInput, ChartKind};
use crate::edit;
use crate::model::kpi;
use crate::model::results::{Results, Status, TargetResult};
use crate::model::{simulate, Scenario};
use crate::present::export::words as word;
use crate::present::format::{self, Lang};
use crate::present::i18n::{self, t};
use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};

/// Text as HTML: `&`, `<`, `>`, `"` and `'` escaped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// plotters' SVG backend with text measured by plotters' own naive estimate on every target: in a worker (the
/// files worker writes the page's report) plotters' web font code has no document to measure with, and one
/// estimate everywhere makes the page's report and the CLI's the same bytes.
struct Svg<'a>(SVGBackend<'a>);

type SvgError = <SVGBackend<'static> as DrawingBackend>::ErrorType;
type R = Result<(), DrawingErrorKind<SvgError>>;

impl DrawingBackend for Svg<'_> {
    type ErrorType = SvgError;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> R {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> R {
        self.0.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> R {
        self.0.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> R {
        self.0.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, style: &S, fill: bool) -> R {
        self.0.draw_rect(a, b, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> R {
        self.0.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> R {
        self.0.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> R {
        self.0.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> R {
        self.0.draw_text(text, style, pos)
    }
    /// plotters' naive estimate (`style/font/naive.rs`): 0.7 em per byte, an em of `size / 1.24²`.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<SvgError>> {
        let em = style.size() / 1.24 / 1.24;
        let width = (em * 0.7 * text.len() as f64).round().max(0.0) as u32;
        Ok((width, (em.round() + (em * 0.24).round()).max(0.0) as u32))
    }
}

/// A chart as inline SVG, `w` × `h` user units, drawn by the charts' own function.
fn svg(kind: ChartKind, input: &ChartInput, w: u32, h: u32) -> String {
    let mut out = String::new();
    {
        let area = Svg(SVGBackend::with_string(&mut out, (w, h))).into_drawing_area();
        let _ = charts::draw(kind, &area, input);
        let _ = area.present();
    }
    // Scales with its box (the SVG backend writes a fixed width and height).
    let sized = format!("<svg width=\"{w}\" height=\"{h}\" ");
    let scalable = format!("<svg viewBox=\"0 0 {w} {h}\" preserveAspectRatio=\"xMidYMid meet\" ");
    let out = out.replacen(&sized, &scalable, 1);
    format!(
        "<figure class=\"chart\" data-chart=\"{}\"><figcaption>{}</figcaption>{out}</figure>",
        kind.key(),
        esc(kind.title(input.lang))
    )
}

/// The day `today` as `YYYY-MM-DD` from days since 1970-01-01 (the civil calendar).
pub fn iso_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The status in words, with its class for colour.
fn status(lang: Lang, s: Status) -> String {
    let icon = match s {
        Status::Ok => "✓",
        Status::Watch => "!",
        Status::Alert => "✗",
        Status::Unknown => "?",
    };
    format!("<span class=\"s-{}\">{icon} {}</span>", s.as_str(), esc(i18n::status_word(lang, s.as_str())))
}

/// A target row's value or target in its unit.
fn row_value(lang: Lang, r: &TargetResult, x: Option<f64>) -> String {
    esc(&format::value(kpi::row_unit(&r.key), x, lang))
}

/// The headline: GMV against its target, growth, net profit and margin, marketing ratio, paid ROI.
fn headline(lang: Lang, r: &Results) -> String {
    let gmv_row = r.targets.iter().find(|x| x.key == "gmv");
    let mut out = String::from("<div class=\"kpis\">");
    for key in ["gmv", "yoy_growth", "net_profit", "net_margin", "marketing_ratio", "paid_roi"] {
        let Some(k) = kpi::find(key) else { continue };
        let v = r.year.get(key);
        let sub = match (key, gmv_row) {
            ("gmv", Some(row)) => format!(
                "<div class=\"sub\">{} {} · {} · {}</div>",
                esc(t(lang, "k.target")),
                row_value(lang, row, Some(row.target)),
                esc(&format::signed_percent(row.deviation)),
                status(lang, row.status)
            ),
            _ => r
                .target(key)
                .map(|row| {
                    format!(
                        "<div class=\"sub\">{} {}</div>",
                        esc(t(lang, "k.target")),
                        row_value(lang, row, Some(row.target))
                    )
                })
                .unwrap_or_default(),
        };
        out += &format!(
            "<div class=\"kpi\" data-key=\"{key}\" data-value=\"{}\"><div class=\"label\">{}</div><div class=\"value\">{}</div>{sub}</div>",
            v.map(|x| x.to_string()).unwrap_or_default(),
            esc(t(lang, &format!("k.{key}"))),
            esc(&format::value(k.unit, v, lang))
        );
    }
    out + "</div>"
}

/// The targets table: value, target, signed deviation, status in words and colour, the chance (with ranges) and
/// the note (every row on watch or alert without one says so).
fn targets(sc: &Scenario, lang: Lang, r: &Results, mc: Option<&MonteCarlo>) -> String {
    let mut out = format!(
        "<h2>{}</h2><table class=\"targets\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>{}<th>{}</th></tr></thead><tbody>",
        word(lang, "report_targets"),
        esc(t(lang, "t.target_item")),
        word(lang, "report_value"),
        esc(t(lang, "k.target")),
        esc(t(lang, "k.deviation")),
        esc(t(lang, "k.status")),
        if mc.is_some() { format!("<th>{}</th>", esc(t(lang, "t.chance"))) } else { String::new() },
        esc(t(lang, "k.note"))
    );
    for (i, row) in r.targets.iter().enumerate() {
        let chance = mc.and_then(|m| m.targets.get(i)).map(|c| {
            format!(
                "<td class=\"num\" data-chance=\"{}\" data-value=\"{}\">{}</td>",
                esc(&c.key),
                c.probability,
                esc(&format::percent(c.probability, 0))
            )
        });
        let note = match sc.notes.targets.get(&row.key) {
            Some(text) => format!("<span data-note=\"{}\">{}</span>", esc(&row.key), esc(text)),
            None if matches!(row.status, Status::Watch | Status::Alert) => {
                format!("<span class=\"no-note\">{}</span>", esc(t(lang, "u.no_note")))
            }
            None => String::new(),
        };
        out += &format!(
            "<tr data-row=\"{}\" data-value=\"{}\" class=\"s-{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>{}<td>{note}</td></tr>",
            esc(&row.key),
            row.value.map(|x| x.to_string()).unwrap_or_default(),
            row.status.as_str(),
            esc(&i18n::target_label(lang, row)),
            row_value(lang, row, row.value),
            row_value(lang, row, Some(row.target)),
            esc(&format::signed_percent(row.deviation)),
            status(lang, row.status),
            chance.unwrap_or_default()
        );
    }
    out + "</tbody></table>"
}

/// GMV by channel, with each channel's target where it has one.
fn channels(lang: Lang, r: &Results) -> String {
    let mut out = format!(
        "<h2>{}</h2><table><thead><tr><th>{}</th><th>GMV</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        word(lang, "report_by_channel"),
        esc(t(lang, "t.channel")),
        esc(t(lang, "k.target")),
        esc(t(lang, "k.status"))
    );
    for (i, c) in r.channels.iter().enumerate() {
        let row = r.target(&format!("channels.{i}.gmv"));
        out += &format!(
            "<tr data-channel=\"{i}\" data-value=\"{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            c.kpis.gmv,
            esc(&c.name),
            esc(&format::money(c.kpis.gmv, lang)),
            row.map(|x| esc(&format::money(x.target, lang))).unwrap_or_default(),
            row.map(|x| status(lang, x.status)).unwrap_or_default()
        );
    }
    out + "</tbody></table>"
}

/// The Monte Carlo in a line: its trials and GMV's P10, P50 and P90.
fn spread(lang: Lang, mc: &MonteCarlo) -> String {
    let g = mc.kpi("gmv").copied().unwrap_or_default();
    let m = |x: Option<f64>| esc(&format::opt(x, |v| format::money(v, lang)));
    format!(
        "<h2>{}</h2><p class=\"muted\">{} {} · GMV P10 {} · P50 {} · P90 {}</p>",
        word(lang, "report_spread"),
        mc.trials,
        word(lang, "report_trials"),
        m(g.p10),
        m(g.p50),
        m(g.p90)
    )
}

/// Progress and the forecast of a plan with actuals.
fn tracking(lang: Lang, r: &Results, mc: Option<&MonteCarlo>) -> String {
    let Some(tr) = &r.tracking else { return String::new() };
    let pct = |x: Option<f64>| esc(&format::opt(x, |v| format::percent(v, 1)));
    let row = tr.forecast.targets.first();
    let chance = mc
        .and_then(|m| m.forecast.as_ref())
        .and_then(|f| f.targets.first())
        .map(|c| format!(" · {} {}", esc(t(lang, "t.chance")), esc(&format::percent(c.probability, 0))))
        .unwrap_or_default();
    format!(
        "<h2>{} · {} {}</h2><div class=\"kpis\"><div class=\"kpi\" data-key=\"time_progress\" data-value=\"{}\"><div class=\"label\">{}</div><div class=\"value\">{}</div></div><div class=\"kpi\" data-key=\"target_progress\" data-value=\"{}\"><div class=\"label\">{}</div><div class=\"value\">{}</div></div><div class=\"kpi\" data-key=\"forecast_gmv\" data-value=\"{}\"><div class=\"label\">{}</div><div class=\"value\">{}</div><div class=\"sub\">{}{chance}</div></div></div>",
        esc(t(lang, "t.title")),
        esc(t(lang, "t.through")),
        esc(&tr.through),
        tr.time_progress,
        esc(t(lang, "t.time_progress")),
        pct(Some(tr.time_progress)),
        tr.target_progress.map(|x| x.to_string()).unwrap_or_default(),
        esc(t(lang, "t.target_progress")),
        pct(tr.target_progress),
        tr.forecast.gmv,
        esc(t(lang, "t.forecast_gmv")),
        esc(&format::money(tr.forecast.gmv, lang)),
        row.map(|x| status(lang, x.status)).unwrap_or_default()
    )
}

/// The fields of each kind of object the assumptions list, in the panel's words: channels, promotions, spend
/// lines (text fields first), then the plan's single fields.
pub const CHANNEL_FIELDS: [&str; 7] = ["name", "organic_uv", "cvr", "aov", "take_rate", "return_rate", "gmv_target"];
/// A promotion's fields.
pub const EVENT_FIELDS: [&str; 6] = ["name", "start", "end", "traffic_uplift", "cvr_uplift", "discount"];
/// A spend line's fields.
pub const LINE_FIELDS: [&str; 4] = ["name", "budget", "cpc", "half_saturation"];
/// Customers' fields.
pub const CUSTOMER_FIELDS: [&str; 3] =
    ["customers.existing_base", "customers.base_orders_per_year", "customers.repeat_aov_factor"];
/// Costs' fields.
pub const COST_FIELDS: [&str; 3] = ["costs.gross_margin", "costs.fulfillment_per_order", "costs.fixed_costs"];

/// One table of assumptions: a row per object (`prefix.i`), a column per field, in the fields' units.
fn assumption_table(sc: &Scenario, lang: Lang, title: &str, prefix: &str, n: usize, fields: &[&str]) -> String {
    if n == 0 {
        return String::new();
    }
    let text = |f: &str| matches!(f, "name" | "start" | "end");
    let mut out = format!("<h3>{}</h3><table class=\"assumptions\"><thead><tr>", esc(title));
    for f in fields {
        let class = if text(f) { "" } else { " class=\"num\"" };
        out += &format!("<th{class}>{}</th>", esc(i18n::field_label(lang, &format!("{prefix}.0.{f}"))));
    }
    out += "</tr></thead><tbody>";
    for i in 0..n {
        out += "<tr>";
        for f in fields {
            let path = format!("{prefix}.{i}.{f}");
            let cell = match edit::get_number(sc, &path) {
                Some(x) => format::value(edit::unit(&path), Some(x), lang),
                None => edit::get_text(sc, &path).unwrap_or_else(|| "—".to_string()),
            };
            let class = if text(f) { "" } else { " class=\"num\"" };
            out += &format!("<td{class}>{}</td>", esc(&cell));
        }
        out += "</tr>";
    }
    out + "</tbody></table>"
}

/// The assumptions page: channels, events, spend lines, customers and costs.
fn assumptions(sc: &Scenario, lang: Lang) -> String {
    let mut out = format!("<section class=\"page\"><h2>{}</h2>", word(lang, "assumptions"));
    let group = |key: &str| t(lang, key).to_string();
    out += &assumption_table(sc, lang, &group("group.channels"), "channels", sc.channels.len(), &CHANNEL_FIELDS);
    out += &assumption_table(sc, lang, &group("group.promotions"), "events", sc.events.len(), &EVENT_FIELDS);
    out += &assumption_table(sc, lang, &group("group.budget"), "spend_lines", sc.spend_lines.len(), &LINE_FIELDS);
    let singles = |title: &str, paths: &[&str]| {
        let mut s = format!("<div><h3>{}</h3><table class=\"assumptions\"><tbody>", esc(title));
        for p in paths {
            let v = edit::get_number(sc, p).map_or("—".to_string(), |x| format::value(edit::unit(p), Some(x), lang));
            s += &format!("<tr><th>{}</th><td class=\"num\">{}</td></tr>", esc(i18n::field_label(lang, p)), esc(&v));
        }
        s + "</tbody></table></div>"
    };
    out += "<div class=\"two\">";
    out += &singles(&group("group.customers"), &CUSTOMER_FIELDS);
    out += &singles(&group("group.costs"), &COST_FIELDS);
    out += "</div></section>";
    out
}

/// The print sheet (`style/report.css`): A4 landscape, page numbers, no cut rows or charts. The page's report
/// view links the same file.
pub const STYLE: &str = include_str!("../../style/report.css");

/// The report of a valid plan in `lang`, made on `today` (`YYYY-MM-DD`): one HTML document with its sheet inline.
pub fn html(sc: &Scenario, lang: Lang, today: &str) -> Result<String, String> {
    Ok(document(sc, lang, &body(sc, lang, today)?))
}

/// The report's `body` (see [`body`]) as a document of its own, with its sheet inline: no script, no external
/// reference.
pub fn document(sc: &Scenario, lang: Lang, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} · {}</title><style>{STYLE}</style></head><body>{body}</body></html>\n",
        lang.tag(),
        esc(&sc.name),
        word(lang, "report")
    )
}

/// The report itself: its root `<main class="report" data-testid="report">`, in `lang`, made on `today`
/// (`YYYY-MM-DD`), to be shown under `style/report.css`.
pub fn body(sc: &Scenario, lang: Lang, today: &str) -> Result<String, String> {
    let r = simulate(sc).map_err(|e| e.to_string())?;
    let mc = montecarlo::has_ranges(sc).then(|| montecarlo::run(sc, Options::of(sc)));
    let input = ChartInput { mc: mc.as_ref(), ..ChartInput::new(sc, &r, lang) };
    let mut body = format!(
        "<header><h1>{} · {}</h1><span class=\"muted\">{} {} · {} {}</span></header>",
        esc(&sc.name),
        word(lang, "report"),
        esc(t(lang, "f.year")),
        sc.year,
        word(lang, "report_made"),
        esc(today)
    );
    body += "<section class=\"summary\">";
    body += &headline(lang, &r);
    if !sc.notes.plan.is_empty() {
        body += &format!(
            "<p class=\"note\" data-note=\"plan\"><strong>{}</strong> {}</p>",
            esc(t(lang, "u.plan_note")),
            esc(&sc.notes.plan)
        );
    }
    body += "<div class=\"grid\"><div>";
    body += &targets(sc, lang, &r, mc.as_ref());
    body += &channels(lang, &r);
    body += "</div><div>";
    body += &svg(ChartKind::MonthlyGmv, &input, 560, 250);
    body += &svg(ChartKind::Budget, &input, 560, 230);
    body += "</div></div></section>";
    // Then, after the summary (on the first page when it fits): the spread and the fan, tracking, the cumulative GMV.
    let mut more = String::new();
    if let Some(mc) = &mc {
        more += &format!("<div class=\"keep\">{}{}</div>", spread(lang, mc), svg(ChartKind::Fan, &input, 1000, 250));
    }
    if r.tracking.is_some() {
        more += &tracking(lang, &r, mc.as_ref());
        let kind =
            if mc.as_ref().is_some_and(|m| m.forecast.is_some()) { ChartKind::Forecast } else { ChartKind::Cumulative };
        more += &svg(kind, &input, 1000, 250);
    } else {
        more += &svg(ChartKind::Cumulative, &input, 1000, 230);
    }
    body += &format!("<section class=\"more\">{more}</section>");
    body += &assumptions(sc, lang);
    Ok(format!("<main class=\"report\" data-testid=\"report\" lang=\"{}\">{body}</main>", lang.tag()))
}
