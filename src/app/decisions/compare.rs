//! Plans side by side: up to four pinned plans (snapshots of the current plan, or saved plans), their headline
//! KPIs and target statuses with the difference to the first, their monthly GMV on one chart, and the inputs
//! in which each differs from the first. Each column can be opened as the plan.

use super::use_decisions;
use crate::analysis::compare;
use crate::app::share::LocalStore;
use crate::app::{tr, use_state, CanvasChart};
use crate::charts::uncertainty::input_label;
use crate::charts::ChartKind;
use crate::library;
use crate::model::{kpi, Results, Scenario, Simulator};
use crate::present::format::{self, Lang};
use crate::present::i18n::{self, t};
use leptos::prelude::*;
use std::sync::Arc;

/// Plans pinned at most.
pub const MAX_PINNED: usize = 4;

/// The comparison panel.
#[component]
pub fn Compare() -> impl IntoView {
    let (state, d) = (use_state(), use_decisions());
    let choice = RwSignal::new("current".to_string());
    // The saved plans are read again whenever the picker is about to open: a plan saved since is in the list.
    let fresh = RwSignal::new(0u32);
    let saved = move || {
        d.pinned.track();
        fresh.track();
        library::list_saved(&mut LocalStore, crate::app::now()).0
    };
    let add = move |_| {
        let lang = state.lang.get_untracked();
        if d.pinned.with_untracked(Vec::len) >= MAX_PINNED {
            state.tell("info", t(lang, "d.compare_full"));
            return;
        }
        let pick = choice.get_untracked();
        // A column is headed by the saved plan's own name, or says it is the current plan (with a number when
        // the current plan is pinned again).
        let entry = if pick == "current" {
            let sc = state.scenario.get_untracked();
            let name = format!("{} · {}", t(lang, "d.compare_current"), sc.name);
            let n = d.pinned.with_untracked(|p| p.iter().filter(|(x, _)| x.starts_with(&name)).count());
            let name = if n == 0 { name } else { format!("{name} ({})", n + 1) };
            Ok((name, Arc::new(sc)))
        } else {
            let own = library::list_saved(&mut LocalStore, crate::app::now()).0.into_iter().find(|m| m.id == pick);
            library::open(&LocalStore, &pick).map(|sc| (own.map_or_else(|| sc.name.clone(), |m| m.name), Arc::new(sc)))
        };
        match entry {
            Ok(e) => d.pinned.update(|p| p.push(e)),
            Err(e) => state.tell("error", e),
        }
    };
    view! {
        <div class="decision compare" data-testid="compare">
            <h3>{tr("d.compare")}</h3>
            <p class="help">{tr("d.compare_help")}</p>
            <div class="row">
                <select data-testid="compare-pick" aria-label=tr("d.compare") on:change=move |ev| choice.set(event_target_value(&ev))
                    on:focus=move |_| fresh.update(|n| *n += 1) on:pointerdown=move |_| fresh.update(|n| *n += 1)>
                    <option value="current">{tr("d.compare_current")}</option>
                    {move || saved().into_iter().map(|m| {
                        let selected = choice.with_untracked(|c| *c == m.id);
                        view! { <option value=m.id selected=selected>{m.name}</option> }
                    }).collect_view()}
                </select>
                <button type="button" data-testid="compare-add" on:click=add>{tr("d.compare_add")}</button>
            </div>
            {move || (!d.pinned.with(Vec::is_empty)).then(|| view! {
                <CompareTable/>
                <CanvasChart kind=ChartKind::Compare/>
                <InputDiffs/>
            })}
        </div>
    }
}

/// Each pinned plan's name and monthly GMV, for the chart, from their simulated years.
pub fn monthly(pinned: &[(String, Arc<Scenario>)], results: &[Results]) -> Vec<crate::charts::decisions::Pinned> {
    pinned
        .iter()
        .zip(results)
        .map(|((name, _), r)| crate::charts::decisions::Pinned {
            name: name.clone(),
            monthly_gmv: std::array::from_fn(|m| r.months.get(m).map_or(0.0, |x| x.kpis.gmv)),
        })
        .collect()
}

/// Each pinned plan's simulated year.
pub fn simulated(pinned: &[(String, Arc<Scenario>)]) -> Vec<Results> {
    let mut sim = Simulator::quiet();
    pinned.iter().map(|(_, sc)| sim.run(sc).clone()).collect()
}

/// The headline KPIs and target statuses of every pinned plan, with the difference to the first.
#[component]
fn CompareTable() -> impl IntoView {
    let (state, d) = (use_state(), use_decisions());
    move || {
        let lang = state.lang.get();
        let pinned = d.pinned.get();
        let rs = d.pinned_results.get();
        let heads = pinned.iter().enumerate().map(|(i, (name, sc))| {
            let sc = sc.clone();
            let open = move |_| state.replace((*sc).clone());
            let remove = move |_| d.pinned.update(|p| if i < p.len() { p.remove(i); });
            view! {
                <th>{name.clone()}<br/>
                    <button type="button" class="small" data-testid=format!("compare-open-{i}") on:click=open>{tr("d.compare_open")}</button>
                    <button type="button" class="small" data-testid=format!("compare-remove-{i}") on:click=remove>{tr("d.compare_remove")}</button>
                </th>
            }
        }).collect_view();
        let kpi_rows = kpi::KPIS[..kpi::CARDS].iter().map(|k| {
            let first = rs.first().and_then(|r| r.year.get(k.key));
            let cells = rs.iter().enumerate().map(|(i, r)| {
                let v = r.year.get(k.key);
                let delta = (i > 0).then(|| delta_text(k.unit, first, v, lang));
                view! { <td class="num" data-testid=format!("compare-{}-{i}", k.key) data-value=v.map(|x| x.to_string()).unwrap_or_default()>
                    {format::value(k.unit, v, lang)}{delta.map(|t| view! { <br/><small>{t}</small> })}</td> }
            }).collect_view();
            view! { <tr><th scope="row">{t(lang, &format!("k.{}", k.key))}</th>{cells}</tr> }
        }).collect_view();
        let status_rows = rs
            .first()
            .map(|r| r.targets.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|row| {
                let cells = rs
                    .iter()
                    .map(|r| {
                        let s = r.target(&row.key).map_or("unknown", |x| x.status.as_str());
                        view! { <td data-status=s>{i18n::status_word(lang, s)}</td> }
                    })
                    .collect_view();
                view! { <tr><th scope="row">{i18n::target_label(lang, &row)}</th>{cells}</tr> }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0">
                <table data-testid="compare-table">
                    <thead><tr><th>{t(lang, "k.kpi")}</th>{heads}</tr></thead>
                    <tbody>{kpi_rows}{status_rows}</tbody>
                </table>
            </div>
        }
    }
}

/// `+¥1.2亿 (+3.1%)` against the first plan's value.
fn delta_text(unit: crate::model::inputs::Unit, a: Option<f64>, b: Option<f64>, lang: Lang) -> String {
    let (Some(a), Some(b)) = (a, b) else { return "—".to_string() };
    let d = b - a;
    let sign = if d > 0.0 { "+" } else { "" };
    let pct = format::signed_percent((a != 0.0).then(|| b / a - 1.0));
    format!("{sign}{} ({pct})", format::value(unit, Some(d), lang))
}

/// The inputs in which each pinned plan differs from the first, by field, both values in display units.
#[component]
fn InputDiffs() -> impl IntoView {
    let (state, d) = (use_state(), use_decisions());
    move || {
        let lang = state.lang.get();
        let pinned = d.pinned.get();
        let (_, first) = pinned.first()?.clone();
        let lists = pinned.iter().enumerate().skip(1).map(|(i, (name, sc))| {
            let inputs = compare::input_diffs(&first, sc);
            let show = |v: &compare::Leaf, path: &str| match v {
                compare::Leaf::Number(x, _) => crate::charts::uncertainty::input_value(path, *x, lang),
                compare::Leaf::Text(t) => t.clone(),
                compare::Leaf::Bool(b) => b.to_string(),
                compare::Leaf::Null => "—".to_string(),
            };
            let items = inputs.iter().map(|(path, a, b)| {
                view! { <li data-path=path.clone()><span>{input_label(&first, path, lang)}</span>": "
                    {show(a, path)}" → "<strong>{show(b, path)}</strong></li> }
            }).collect_view();
            let empty = inputs.is_empty().then(|| view! { <li>{t(lang, "d.no_differences")}</li> });
            view! { <div data-testid=format!("compare-inputs-{i}")><h4>{name.clone()}</h4><ul>{items}{empty}</ul></div> }
        }).collect_view();
        Some(
            view! { <details class="compare-inputs" open=true><summary>{tr("d.inputs_differ")}</summary>{lists}</details> },
        )
    }
}
