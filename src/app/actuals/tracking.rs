//! The tracking panel (MODEL.md §10), shown with the results whenever the plan has actuals: progress (时间进度,
//! the seasonal expectation, 达成率), the forecast year, months, channels, spend and the alerts in words.
//!
//! Invariant: every figure is the engine's `results.tracking`; the panel only formats (each headline's
//! `data-value` is the engine's number, bit for bit).

use crate::app::results::head_row;
use crate::app::use_state;
use crate::model::inputs::Unit;
use crate::model::scenario::Forecast;
use crate::model::tracking::{alerts, Figure, Tracking};
use crate::present::format::{month_label, percent, signed_percent as signed, value as show, Lang};
use crate::present::i18n::{self, t};
use leptos::prelude::*;

/// The status in words, with its icon.
fn status_text(lang: Lang, s: crate::model::Status) -> String {
    let icon = match s.as_str() {
        "ok" => "✓",
        "watch" => "!",
        "alert" => "✗",
        _ => "?",
    };
    format!("{icon} {}", i18n::status_word(lang, s.as_str()))
}

/// The panel; nothing without actuals.
#[component]
pub fn TrackingPanel() -> impl IntoView {
    let state = use_state();
    let tracking = Memo::new(move |_| state.results.with(|r| r.tracking.clone()));
    move || {
        tracking.get().map(|tr| {
            let lang = state.lang.get();
            view! {
                <section class="tracking" data-testid="tracking">
                    <h2>{t(lang, "t.title")}" · "{t(lang, "t.through")}" "{tr.through.clone()}</h2>
                    <Headline tr=tr.clone() lang=lang/>
                    <ForecastSwitch/>
                    <Chances tr=tr.clone() lang=lang/>
                    <Alerts tr=tr.clone() lang=lang/>
                    <MonthTable tr=tr.clone() lang=lang/>
                    <ChannelTable tr=tr.clone() lang=lang/>
                    <SpendTable tr=tr lang=lang/>
                </section>
            }
        })
    }
}

/// The four headline figures.
#[component]
fn Headline(
    /// The tracking results.
    tr: Tracking,
    /// The UI language.
    lang: Lang,
) -> impl IntoView {
    let row = tr.forecast.targets.first().cloned();
    let status = row.as_ref().map_or("unknown", |r| r.status.as_str());
    let stat = |id: &'static str, key: &'static str, v: Option<f64>, text: String| {
        view! {
            <div class="kpi" data-testid=id data-value=v.map(|x| x.to_string()).unwrap_or_default()>
                <div class="kpi-label">{t(lang, key)}</div>
                <div class="kpi-value">{text}</div>
            </div>
        }
    };
    let pct = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |x| percent(x, 1));
    // A pace forecast rests on the days of actuals: say how many, and that under a month the pace is early.
    let pace = tr.forecast.method == Forecast::Pace;
    // Which part of the business the comparisons cover (MODEL §10: 达成率 and the months' targets are its).
    let reporting = tr.channels.iter().filter(|c| c.is_some()).count();
    let coverage = match lang {
        Lang::Zh => format!("{} 个渠道中 {reporting} 个有实际数据", tr.channels.len()),
        Lang::En => format!("{reporting} of {} channels report", tr.channels.len()),
    };
    view! {
        <p class="help" data-testid="track-coverage" data-value=tr.coverage.to_string()>{coverage}</p>
        <div class="kpis tracking-headline">
            {stat("track-time-progress", "t.time_progress", Some(tr.time_progress), percent(tr.time_progress, 1))}
            {stat("track-plan-progress", "t.plan_progress", tr.plan_progress, pct(tr.plan_progress))}
            {stat("track-target-progress", "t.target_progress", tr.target_progress, pct(tr.target_progress))}
            <div class=format!("kpi status-{status}") data-testid="track-forecast-gmv" data-value=tr.forecast.gmv.to_string() data-status=status>
                <div class="kpi-label">{t(lang, "t.forecast_gmv")}</div>
                <div class="kpi-value">{show(Unit::Money, Some(tr.forecast.gmv), lang)}</div>
                {row.map(|r| view! {
                    <div class="kpi-target">{format!("{} · {} {} · {}", status_text(lang, r.status), t(lang, "k.target"), show(Unit::Money, Some(r.target), lang), signed(r.deviation))}</div>
                })}
                {pace.then(|| view! { <div class="kpi-target" data-testid="track-pace-days">{t(lang, "t.pace_days").replace("{}", &tr.days.to_string())}</div> })}
            </div>
        </div>
        {(pace && tr.days < 28).then(|| view! { <p class="help warn" data-testid="track-pace-early">{t(lang, "t.pace_early")}</p> })}
    }
}

/// The chance of each forecast target given the year so far (MODEL.md §10, from the Monte Carlo), GMV first,
/// and the forecast's fan; nothing until a plan with ranges has its run.
#[component]
fn Chances(
    /// The tracking results (the rows' labels and targets).
    tr: Tracking,
    /// The UI language.
    lang: Lang,
) -> impl IntoView {
    let a = crate::app::workers::use_analysis();
    move || {
        let mc = a.mc.get()?;
        let f = mc.forecast.as_ref()?;
        let rows = tr.forecast.targets.iter().zip(&f.targets).map(|(row, c)| view! {
            <tr data-testid=format!("track-chance-{}", row.key) data-value=c.probability.to_string()>
                <td>{i18n::target_label(lang, row)}</td>
                <td>{show(Unit::Money, row.value, lang)}</td><td>{show(Unit::Money, Some(row.target), lang)}</td>
                <td><strong>{percent(c.probability, 0)}</strong></td>
            </tr>
        }).collect_view();
        Some(view! {
            <h3>{t(lang, "t.chances")}</h3>
            <div class="table-wrap" tabindex="0"><table data-testid="track-chances">
                {head_row(lang, &["t.target_item", "t.forecast_line", "t.target", "t.chance"])}
                <tbody>{rows}</tbody>
            </table></div>
            <crate::app::CanvasChart kind=crate::charts::ChartKind::Forecast/>
        })
    }
}

/// The forecast method switch.
#[component]
fn ForecastSwitch() -> impl IntoView {
    let state = use_state();
    let current = move || state.scenario.with(|s| s.actuals.as_ref().map_or(Forecast::Pace, |a| a.forecast));
    let on_change = move |ev: leptos::ev::Event| {
        let method = if event_target_value(&ev) == "plan" { Forecast::Plan } else { Forecast::Pace };
        let next = state.scenario.with_untracked(|sc| crate::edit::actuals::set_forecast(sc, method));
        let _ = state.try_apply(next);
    };
    view! {
        <label class="inline">{crate::app::tr("t.forecast")}" "
            <select data-testid="track-forecast" on:change=on_change prop:value=move || if current() == Forecast::Plan { "plan" } else { "pace" }>
                <option value="pace">{crate::app::tr("t.pace")}</option>
                <option value="plan">{crate::app::tr("t.plan")}</option>
            </select>
        </label>
    }
}

/// The alerts in words.
#[component]
fn Alerts(
    /// The tracking results.
    tr: Tracking,
    /// The UI language.
    lang: Lang,
) -> impl IntoView {
    let state = use_state();
    let th = state.scenario.with_untracked(|s| s.targets.alert_threshold);
    let list = alerts(&tr);
    view! {
        <div class="track-alerts" data-testid="track-alerts" data-count=list.len().to_string()>
            <h3>{t(lang, "t.alerts")}</h3>
            {if list.is_empty() {
                view! { <p class="muted">{t(lang, "t.no_alerts")}</p> }.into_any()
            } else {
                view! { <ul>{list.iter().map(|a| view! { <li class="status-alert">{i18n::tracking_alert(lang, a, th)}</li> }).collect_view()}</ul> }.into_any()
            }}
        </div>
    }
}

/// Month by month: actual, plan, target, deviation, status.
#[component]
fn MonthTable(
    /// The tracking results.
    tr: Tracking,
    /// The UI language.
    lang: Lang,
) -> impl IntoView {
    let money = move |x: f64| show(Unit::Money, Some(x), lang);
    view! {
        <h3>{t(lang, "t.by_month")}</h3>
        <div class="table-wrap" tabindex="0"><table data-testid="track-months">
            {head_row(lang, &["ac.month", "t.actual", "t.plan_col", "t.target", "t.deviation", "t.status_plan"])}
            <tbody>{tr.months.iter().map(|m| view! {
                <tr data-testid=format!("track-month-{}", m.month) data-status=m.status.as_str() class=format!("status-{}", m.status.as_str())
                    data-actual=m.actual_gmv.to_string() data-plan=m.plan_gmv.to_string() data-target=m.target_gmv.to_string()>
                    <td>{month_label(m.month as usize - 1, lang)}</td>
                    <td>{money(m.actual_gmv)}</td><td>{money(m.plan_gmv)}</td><td>{money(m.target_gmv)}</td>
                    <td>{signed(m.deviation)}</td><td>{status_text(lang, m.status)}</td>
                </tr>
            }).collect_view()}</tbody>
        </table></div>
    }
}

/// A figure's cell: the actual, and under it the plan and the signed deviation (two short lines, so the seven
/// columns fit the results' width), in the status's colour.
fn figure_cell(lang: Lang, unit: Unit, f: &Figure) -> impl IntoView {
    view! {
        <td class=format!("figure status-{}", f.status.as_str()) data-status=f.status.as_str()>
            {show(unit, f.actual, lang)}
            <span class="vs">{format!("{} {} · {}", t(lang, "t.plan_col"), show(unit, f.plan, lang), signed(f.deviation))}</span>
        </td>
    }
}

/// Channel by channel, to date: GMV, visitors, orders, refunds, order value and conversion against plan.
#[component]
fn ChannelTable(
    /// The tracking results.
    tr: Tracking,
    /// The UI language.
    lang: Lang,
) -> impl IntoView {
    let rows =
        tr.channels.iter().enumerate().filter_map(|(i, c)| c.as_ref().map(|c| (i, c.clone()))).collect::<Vec<_>>();
    view! {
        <h3>{t(lang, "t.by_channel")}</h3>
        <div class="table-wrap" tabindex="0"><table data-testid="track-channels">
            {head_row(lang, &["t.channel", "ac.gmv", "ac.uv", "ac.orders", "ac.refunds", "k.aov", "t.conversion"])}
            <tbody>{rows.into_iter().map(|(i, c)| {
                let f = c.figures;
                view! {
                    <tr data-testid=format!("track-channel-{i}") data-status=f.gmv.status.as_str()>
                        <td>{c.name.clone()}</td>
                        {figure_cell(lang, Unit::Money, &f.gmv)}{figure_cell(lang, Unit::Count, &f.uv)}
                        {figure_cell(lang, Unit::Count, &f.orders)}{figure_cell(lang, Unit::Money, &f.refunds)}
                        {figure_cell(lang, Unit::Money, &f.aov)}{figure_cell(lang, Unit::Percent, &f.conversion)}
                    </tr>
                }
            }).collect_view()}</tbody>
        </table></div>
    }
}

/// Spend to date against plan, per line with actuals.
#[component]
fn SpendTable(
    /// The tracking results.
    tr: Tracking,
    /// The UI language.
    lang: Lang,
) -> impl IntoView {
    let rows =
        tr.spend_lines.iter().enumerate().filter_map(|(j, l)| l.as_ref().map(|l| (j, l.clone()))).collect::<Vec<_>>();
    let money = move |x: f64| show(Unit::Money, Some(x), lang);
    (!rows.is_empty()).then(|| view! {
        <h3>{t(lang, "t.spend")}</h3>
        <div class="table-wrap" tabindex="0"><table data-testid="track-spend">
            {head_row(lang, &["t.line", "t.actual", "t.plan_col", "t.deviation", "t.status_plan"])}
            <tbody>{rows.into_iter().map(|(j, l)| view! {
                <tr data-testid=format!("track-spend-{j}") data-status=l.status.as_str() class=format!("status-{}", l.status.as_str())>
                    <td>{l.name.clone()}</td><td>{money(l.actual)}</td><td>{money(l.plan)}</td>
                    <td>{signed(l.deviation)}</td><td>{i18n::plan_status_word(lang, l.status.as_str(), l.deviation)}</td>
                </tr>
            }).collect_view()}</tbody>
        </table></div>
    })
}
