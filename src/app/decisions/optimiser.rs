//! The budget optimiser's panel (MODEL.md §9): objective, a fixed total or a marginal return, each traffic
//! line's bounds and lock (scenario fields, so a link carries them), and the answer line by line with the
//! response curves; "apply" writes the budgets as one undoable step.

use super::{use_decisions, Choice};
use crate::analysis::optimise::OptimiseError;
use crate::analysis::wire;
use crate::app::workers::{object, Decide};
use crate::app::{tr, use_state, CanvasChart, NumberField};
use crate::charts::ChartKind;
use crate::edit;
use crate::model::inputs::Unit;
use crate::model::Scenario;
use crate::present::format::{self, Lang};
use crate::present::i18n::t;
use leptos::prelude::*;
use std::sync::Arc;

/// The optimiser's parameters for the worker from the panel's settings: an empty total keeps today's, a
/// marginal value switches to marginal mode; an unreadable value is said in the UI's words.
fn params(objective: &str, total: &str, marginal: &str, lang: Lang) -> Result<wasm_bindgen::JsValue, String> {
    let unreadable = |_| t(lang, "d.amount_unreadable").to_string();
    let mut members = vec![("objective", objective.into())];
    match (total.trim(), marginal.trim()) {
        (_, m) if !m.is_empty() => {
            members.push(("marginal", edit::parse_display(Unit::Plain, m).map_err(unreadable)?.into()))
        }
        ("", _) => {}
        (x, _) => members.push(("total", edit::parse_display(Unit::Money, x).map_err(unreadable)?.into())),
    }
    Ok(object(&members))
}

/// Why the optimiser has no answer, in the UI's words.
fn refusal(e: &OptimiseError, lang: Lang) -> String {
    match e {
        OptimiseError::NoFreeLines => t(lang, "d.no_free_lines").to_string(),
        OptimiseError::Infeasible { min, max, .. } => {
            format!("{} {}–{}", t(lang, "d.infeasible"), format::money(*min, lang), format::money(*max, lang))
        }
        OptimiseError::BadValue(_) => t(lang, "d.amount_unreadable").to_string(),
    }
}

/// The optimiser: settings, bounds, run, answer.
#[component]
pub fn Optimiser() -> impl IntoView {
    let (state, d) = (use_state(), use_decisions());
    let objective = RwSignal::new("gmv".to_string());
    let total = RwSignal::new(String::new());
    let marginal = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let decide = expect_context::<Decide>();
    let objectives = move || {
        let lang = state.lang.get();
        ["gmv", "contribution"].map(|k| (k.to_string(), t(lang, &format!("k.{k}")).to_string())).to_vec()
    };
    let today = move || {
        let sum: f64 = state
            .scenario
            .with(|sc| sc.spend_lines.iter().filter(|l| l.is_traffic() && !l.locked).map(|l| l.budget).sum());
        format::money(sum, state.lang.get())
    };
    let go = move |_| {
        let sc = state.scenario.get_untracked();
        let lang = state.lang.get_untracked();
        let asked = match params(&objective.get_untracked(), &total.get_untracked(), &marginal.get_untracked(), lang) {
            Ok(p) => p,
            Err(e) => return error.set(Some(e)),
        };
        busy.set(true);
        decide.ask("optimise", sc.clone(), asked, move |answer| {
            busy.set(false);
            match answer.map(|data| wire::decode_optimum(&data, &sc)) {
                Ok(Some(Ok(o))) => {
                    error.set(None);
                    d.optimum.set(Some(Arc::new((o, sc))));
                }
                Ok(Some(Err(e))) => error.set(Some(refusal(&e, lang))),
                Ok(None) => {}
                Err(why) => error.set(Some(why)),
            }
        });
    };
    view! {
        <div class="decision" data-testid="optimiser">
            <h3>{tr("d.opt")}</h3>
            <p class="help">{tr("d.opt_help")}</p>
            <div class="grid three">
                <label>{tr("d.objective")}<Choice testid="opt-objective" value=objective options=Signal::derive(objectives)/></label>
                <label>{tr("d.total")}
                    <input type="text" inputmode="decimal" data-testid="opt-total" placeholder=today prop:value=move || total.get()
                        on:input=move |ev| { total.set(event_target_value(&ev)); marginal.set(String::new()); }/>
                </label>
                <label>{tr("d.marginal")}
                    <input type="text" inputmode="decimal" data-testid="opt-marginal" placeholder=move || t(state.lang.get(), "d.marginal_placeholder")
                        prop:value=move || marginal.get() on:input=move |ev| { marginal.set(event_target_value(&ev)); total.set(String::new()); }/>
                </label>
            </div>
            <details class="opt-bounds">
                <summary>{tr("d.bounds")}</summary>
                <LineBounds/>
            </details>
            <button type="button" class="primary" data-testid="opt-run" on:click=go>{tr("d.opt_run")}</button>
            {move || busy.get().then(|| view! { <span class="help" data-testid="opt-busy">{tr("d.running")}</span> })}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="opt-error">{e}</p> })}
            <OptimumView/>
        </div>
    }
}

/// Each traffic line's minimum, maximum and lock.
#[component]
fn LineBounds() -> impl IntoView {
    let state = use_state();
    let lines = move || {
        state.revision.track();
        state.scenario.with_untracked(|sc| {
            sc.spend_lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.is_traffic())
                .map(|(j, l)| (j, l.name.clone(), l.locked))
                .collect::<Vec<_>>()
        })
    };
    move || {
        lines()
            .into_iter()
            .map(|(j, name, locked)| {
                let toggle = move |ev| {
                    let on = event_target_checked(&ev);
                    let next = state.scenario.with_untracked(|sc| edit::set_locked(sc, j, on));
                    let _ = state.try_replace(next);
                };
                view! {
                    <div class="bound-row" data-testid=format!("opt-bounds-{j}")>
                        <strong>{name}</strong>
                        <NumberField path=format!("spend_lines.{j}.min_budget") compact=true/>
                        <NumberField path=format!("spend_lines.{j}.max_budget") compact=true/>
                        <label class="inline"><input type="checkbox" data-testid=format!("opt-lock-{j}") prop:checked=locked on:change=toggle/>{tr("d.lock")}</label>
                    </div>
                }
            })
            .collect_view()
    }
}

/// The answer: the gain, each line before → after, the curves, and "apply".
#[component]
fn OptimumView() -> impl IntoView {
    let (state, d) = (use_state(), use_decisions());
    let fresh = move || d.optimum.with(|a| a.as_ref().is_some_and(|a| state.scenario.with(|sc| *sc == a.1)));
    // The plan "apply" made: while it is the plan, the answer says it was applied, not that it is out of date.
    let applied = RwSignal::new(None::<Scenario>);
    let is_applied = move || applied.with(|p| p.as_ref().is_some_and(|p| state.scenario.with(|sc| sc == p)));
    // The answer's own plan (today's plan with the new budgets), written only while today's plan is unchanged.
    let apply = move |_| {
        if let Some(a) = d.optimum.get_untracked().filter(|a| state.scenario.with_untracked(|sc| *sc == a.1)) {
            let mut next = a.0.scenario.clone();
            crate::model::inputs::move_ranges(&a.1, &mut next);
            applied.set(Some(next.clone()));
            state.replace(next);
        }
    };
    move || {
        let a = d.optimum.get()?;
        let lang = state.lang.get();
        let o = &a.0;
        let m = |x: f64| format::money(x, lang);
        let gain_pct = format::signed_percent((o.before != 0.0).then(|| o.after / o.before - 1.0));
        let sign = if o.gain >= 0.0 { "+" } else { "" };
        let mode = if o.mode == "marginal" { t(lang, "d.mode_marginal") } else { t(lang, "d.mode_total") };
        let rows = o.lines.iter().map(|l| {
            let roi = |r: Option<f64>| format::opt(r, |x| format::grouped(x, 2));
            view! {
                <tr data-testid=format!("opt-line-{}", l.index) data-before=l.before.budget.to_string() data-after=l.after.budget.to_string()>
                    <td>{l.name.clone()}{l.locked.then_some(" 🔒")}</td>
                    <td class="num">{m(l.before.budget)}" → "<strong>{m(l.after.budget)}</strong></td>
                    <td class="num">{format::count(l.before.uv, lang)}" → "{format::count(l.after.uv, lang)}</td>
                    <td class="num">{m(l.before.gmv)}" → "{m(l.after.gmv)}</td>
                    <td class="num">{roi(l.before.roi)}" → "{roi(l.after.roi)}</td>
                    <td class="num">{format::grouped(l.before.marginal, 2)}" → "{format::grouped(l.after.marginal, 2)}</td>
                </tr>
            }
        }).collect_view();
        Some(view! {
            <div class="answer" data-testid="opt-result">
                <p data-testid="opt-gain" data-value=o.gain.to_string()>
                    {mode}" · "{t(lang, &format!("k.{}", o.objective))}": "{m(o.before)}" → "<strong>{m(o.after)}</strong>
                    " ("{sign}{m(o.gain)}", "{gain_pct}")"
                </p>
                {(!o.guaranteed).then(|| view! { <p class="help" data-testid="opt-not-guaranteed">{tr("d.not_guaranteed")}</p> })}
                <div class="table-wrap" tabindex="0">
                    <table data-testid="opt-lines">
                        <thead><tr>
                            <th>{tr("d.line")}</th><th>{tr("d.budget")}</th><th>{tr("k.paid_uv")}</th>
                            <th>{tr("k.paid_gmv")}</th><th>{tr("k.roi")}</th><th>{tr("d.marginal_return")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <CanvasChart kind=ChartKind::Curves height=300.0/>
                {move || if is_applied() {
                    Some(view! { <p class="help" data-testid="opt-applied">{tr("d.applied")}</p> })
                } else {
                    (!fresh()).then(|| view! { <p class="help" data-testid="opt-stale">{tr("d.stale")}</p> })
                }}
                <button type="button" data-testid="opt-apply" disabled=move || !fresh() on:click=apply>{tr("d.apply")}</button>
            </div>
        })
    }
}
