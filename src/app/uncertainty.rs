//! The uncertainty panel, in the panels' wasm (`lazy::UNCERTAINTY`): Monte Carlo settings and status, each
//! target's chance, the fan and histogram, and the tornado. It shows the page's Monte Carlo as forwarded
//! (`lazy::forward_mc`) and runs the tornado on the panels' analysis worker while it is open; nothing runs on the
//! page's thread but formatting.

use super::editor::NumberField;
use super::results::CanvasChart;
use super::workers::{use_both, Progress};
use crate::charts::{self, ChartInput, ChartKind};
use crate::model::kpi;
use crate::present::format::{self, value as show};
use crate::present::i18n::{self, t};
use leptos::prelude::*;

/// The whole panel, under the results' charts.
#[component]
pub fn UncertaintyPanel() -> impl IntoView {
    let (state, a) = use_both();
    let status = move || {
        let lang = state.lang.get();
        match a.progress.get() {
            Progress::Running => t(lang, "mc.running").to_string(),
            Progress::Idle => t(lang, "mc.idle").to_string(),
            Progress::Failed(why) => format!("{}: {why}", t(lang, "mc.error")),
            Progress::Done => {
                let n = a.mc.with(|m| m.as_ref().map_or(0, |m| m.trials));
                format!("{} · {} {}", t(lang, "mc.done"), format::grouped(n as f64, 0), t(lang, "mc.trials_run"))
            }
        }
    };
    view! {
        <section class="uncertainty" data-testid="uncertainty">
            <h2>{super::tr("mc.title")}</h2>
            <p class="help">{super::tr("mc.intro")}</p>
            <p class="mc-status" data-testid="mc-status" data-state=move || a.progress.get().as_str() role="status">{status}</p>
            <details class="mc-settings">
                <summary>{super::tr("mc.settings")}</summary>
                <div class="grid three">
                    <NumberField path="uncertainty.trials" testid="mc-trials"/>
                    <NumberField path="uncertainty.seed" testid="mc-seed"/>
                    <NumberField path="uncertainty.correlation" testid="mc-correlation"/>
                </div>
            </details>
            <Chances/>
            <div class="chart-grid">
                <CanvasChart kind=ChartKind::Fan/>
                <CanvasChart kind=ChartKind::Histogram/>
            </div>
            <TornadoView/>
        </section>
    }
}

/// Every target row with the chance that the plan meets it.
#[component]
fn Chances() -> impl IntoView {
    let (state, a) = use_both();
    let rows = move || {
        let lang = state.lang.get();
        let mc = a.mc.get()?;
        let rows = state.results.with(|r| r.targets.clone());
        Some(
            rows.into_iter()
                .map(|r| {
                    let p = mc.probability(&r.key);
                    let unit = kpi::row_unit(&r.key);
                    view! {
                        <tr data-testid=format!("mc-prob-{}", r.key) data-value=p.map(|p| p.to_string()).unwrap_or_default()>
                            <td>{i18n::target_label(lang, &r)}</td>
                            <td>{show(unit, Some(r.target), lang)}</td>
                            <td class="num"><meter min="0" max="1" value=p.unwrap_or(0.0)></meter>" "{p.map_or("—".to_string(), |p| format::percent(p, 1))}</td>
                        </tr>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="mc-probs" data-testid="mc-probs">
                <caption>{super::tr("mc.probs")}</caption>
                <thead><tr><th>{super::tr("k.kpi")}</th><th>{super::tr("k.target")}</th><th>{super::tr("mc.chance")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The tornado: opened on demand (it runs only while open), with its KPI switch, chart and table.
#[component]
fn TornadoView() -> impl IntoView {
    let (state, a) = use_both();
    let table = move || {
        let t = a.tornado.get()?;
        let lang = state.lang.get();
        let tb = state.scenario.with(|sc| {
            state.results.with(|r| {
                let input = ChartInput { tornado: Some(&t), ..ChartInput::new(sc, r, lang) };
                charts::table(ChartKind::Tornado, &input)
            })
        });
        Some(view! {
            <table data-testid="tornado-table">
                <thead><tr>{tb.headers.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                <tbody>{tb.rows.into_iter().map(|row| view! { <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }).collect_view()}</tbody>
            </table>
        })
    };
    view! {
        <details class="tornado" data-testid="tornado" on:toggle=move |ev| a.tornado_open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary>{super::tr("mc.tornado")}</summary>
            <p class="help">{super::tr("mc.tornado_help")}</p>
            <label class="inline">{super::tr("mc.tornado_kpi")}" "
                <select data-testid="tornado-kpi" on:change=move |ev| a.tornado_kpi.set(if event_target_value(&ev) == "net_profit" { "net_profit" } else { "gmv" })>
                    <option value="gmv">{move || t(state.lang.get(), "k.gmv")}</option>
                    <option value="net_profit">{move || t(state.lang.get(), "k.net_profit")}</option>
                </select>
            </label>
            {move || a.tornado_open.get().then(|| view! { <CanvasChart kind=ChartKind::Tornado height=360.0/> })}
            <div class="table-wrap" tabindex="0">{table}</div>
        </details>
    }
}
