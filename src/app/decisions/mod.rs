//! The decisions: goal seek (MODEL.md §8) and the budget optimiser (§9), each run on a click in the analysis
//! worker (their code never loads with the page), never on every edit.
//!
//! Invariant: an answer is kept with the plan it was computed for; once the plan changes it is marked out of
//! date and can no longer be applied, so "apply" always writes what was shown, as one undoable step.
//!
//! The folder is the decisions' panel, all in the panels' wasm: goal seek and the state here, the optimiser's
//! panel (`optimiser.rs`) and plans side by side (`compare.rs`). Its one way in: `DecisionsApp`, `use_decisions`,
//! and `monthly` for the comparison chart.

mod compare;
mod optimiser;
pub use compare::monthly;

use super::{tr, use_state};
use crate::analysis::goalseek::{Answer, Driver, Group};
use crate::analysis::optimise::Optimum;
use crate::analysis::wire;
use crate::app::workers::{object, Decide};
use crate::charts::uncertainty::{input_label, input_value};
use crate::edit;
use crate::model::{kpi, Results, Scenario};
use crate::present::format::{self, Lang};
use crate::present::i18n::{self, t};
use leptos::prelude::*;
use std::sync::Arc;

/// The decisions' answers, in context (the charts read the optimum and the pinned plans).
#[derive(Clone, Copy)]
pub struct Decisions {
    /// The last goal seek, the plan it was computed for and the value "apply" writes (at the field's step).
    pub seek: RwSignal<Option<Arc<(Answer, Scenario, f64)>>>,
    /// The last optimisation (its `scenario` is the plan with the new budgets) and the plan it started from.
    pub optimum: RwSignal<Option<Arc<(Optimum, Scenario)>>>,
    /// The plans pinned for comparison: a name and the plan.
    pub pinned: RwSignal<Vec<(String, Arc<Scenario>)>>,
    /// Each pinned plan's simulated year, computed once per change of the pins (the table and the chart read it).
    pub pinned_results: Memo<Arc<Vec<Results>>>,
}

/// Creates the decisions' state and provides it.
pub fn provide() -> Decisions {
    let pinned = RwSignal::new(Vec::new());
    let pinned_results = Memo::new(move |_| Arc::new(pinned.with(|p| compare::simulated(p))));
    let d = Decisions { seek: RwSignal::new(None), optimum: RwSignal::new(None), pinned, pinned_results };
    provide_context(d);
    d
}

/// The decisions from context.
pub fn use_decisions() -> Decisions {
    expect_context::<Decisions>()
}

/// The decisions' root (in the panels' wasm, `app::lazy`): its own state following the page's plan, the analysis
/// worker's client for its questions, the decisions' state.
#[component]
pub fn DecisionsApp() -> impl IntoView {
    super::lazy::following();
    provide();
    view! { <DecisionsPanel/> }
}

/// The section under the results: goal seek, the optimiser, the comparison.
#[component]
pub fn DecisionsPanel() -> impl IntoView {
    view! {
        <section class="decisions" data-testid="decisions">
            <h2>{tr("d.title")}</h2>
            <div class="decision-grid">
                <GoalSeek/>
                <optimiser::Optimiser/>
            </div>
            <compare::Compare/>
        </section>
    }
}

/// A driver's name as a planner reads it (`天猫 转化率`, `全部投放预算（倍数）`).
pub fn driver_label(sc: &Scenario, d: &Driver, lang: Lang) -> String {
    match d {
        Driver::Input(s) => input_label(sc, &s.path(), lang),
        Driver::Scale(g) => t(lang, scale_key(*g)).to_string(),
    }
}

fn scale_key(g: Group) -> &'static str {
    match g {
        Group::Budget => "d.scale_budget",
        Group::OrganicUv => "d.scale_organic_uv",
        Group::Cvr => "d.scale_cvr",
        Group::Aov => "d.scale_aov",
        Group::RepeatCurve => "d.scale_repeat_curve",
    }
}

/// A driver's value in its display unit (`3.55%`, `×1.105`).
fn driver_value(d: &Driver, x: f64, lang: Lang) -> String {
    match d {
        Driver::Input(s) => input_value(&s.path(), x, lang),
        Driver::Scale(_) => format!("×{}", format::grouped(x, 4)),
    }
}

/// Where an answer `x` lies against the driver's 90% range, when outside it (MODEL.md §8): "高于其区间
/// 2.8%–3.6%", or "远高于…" beyond one range width from it; for a driver without a range, whether it passes what
/// plans usually hold (the fields' own "unusual" bound); `None` when it is ordinary.
fn range_note(sc: &Scenario, d: &Driver, x: f64, lang: Lang) -> Option<String> {
    let Driver::Input(slot) = d else { return None };
    let path = slot.path();
    let Some((lo, hi)) = slot.range(sc) else {
        let (bound, high) = edit::implausible(&path, x)?;
        let key = if high { "h.unusual_high" } else { "h.unusual_low" };
        return Some(t(lang, key).replace("{}", &input_value(&path, bound, lang)));
    };
    let width = hi - lo;
    let key = match x {
        x if x > hi + width => "d.far_above",
        x if x > hi => "d.above",
        x if x < lo - width => "d.far_below",
        x if x < lo => "d.below",
        _ => return None,
    };
    Some(format!("{} {}–{}", t(lang, key), input_value(&path, lo, lang), input_value(&path, hi, lang)))
}

/// Goal seek: a metric, a goal typed like a field, a driver; the answer and "apply".
#[component]
fn GoalSeek() -> impl IntoView {
    let (state, d) = (use_state(), use_decisions());
    let metric = RwSignal::new("gmv".to_string());
    let goal = RwSignal::new(String::new());
    let driver = RwSignal::new("channels.0.cvr".to_string());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let decide = expect_context::<Decide>();
    // Memos: the lists are rebuilt after an edit but the options re-render only when a name or row changes.
    let metrics = Memo::new(move |_| {
        let lang = state.lang.get();
        let mut out: Vec<(String, String)> = state
            .results
            .with(|r| r.targets.iter().map(|row| (row.key.clone(), i18n::target_label(lang, row))).collect());
        for k in kpi::KPIS {
            if !out.iter().any(|(key, _)| key == k.key) {
                out.push((k.key.to_string(), t(lang, &format!("k.{}", k.key)).to_string()));
            }
        }
        out
    });
    let drivers = Memo::new(move |_| {
        let lang = state.lang.get();
        state
            .scenario
            .with(|sc| Driver::all(sc).iter().map(|x| (x.path(), driver_label(sc, x, lang))).collect::<Vec<_>>())
    });
    let run = move |_| {
        let lang = state.lang.get_untracked();
        let key = metric.get_untracked();
        let Ok(g) = edit::parse_display(kpi::row_unit(&key), &goal.get_untracked()) else {
            error.set(Some(t(lang, "d.goal_unreadable").to_string()));
            return;
        };
        let path = driver.get_untracked();
        let sc = state.scenario.get_untracked();
        error.set(None);
        busy.set(true);
        let params = object(&[("metric", key.as_str().into()), ("goal", g.into()), ("driver", path.as_str().into())]);
        decide.ask("goalseek", sc.clone(), params, move |answer| {
            busy.set(false);
            match answer.map(|data| wire::decode_seek(&data, &key, &path)) {
                Ok(Some((answer, applied))) => d.seek.set(Some(Arc::new((answer, sc, applied)))),
                Ok(None) => {}
                Err(why) if why.starts_with("driver") => error.set(Some(t(lang, "d.driver_zero").to_string())),
                Err(why) => error.set(Some(why)),
            }
        });
    };
    view! {
        <div class="decision" data-testid="goal-seek">
            <h3>{tr("d.seek")}</h3>
            <p class="help">{tr("d.seek_help")}</p>
            <div class="grid three">
                <label>{tr("d.metric")}
                    <Choice testid="seek-metric" value=metric options=metrics/>
                </label>
                <label>{tr("d.goal")}
                    <input type="text" inputmode="decimal" data-testid="seek-goal" prop:value=move || goal.get()
                        placeholder=move || t(state.lang.get(), "d.goal_placeholder")
                        on:input=move |ev| goal.set(event_target_value(&ev))/>
                </label>
                <label>{tr("d.driver")}
                    <Choice testid="seek-driver" value=driver options=drivers/>
                </label>
            </div>
            <button type="button" class="primary" data-testid="seek-run" on:click=run>{tr("d.seek_run")}</button>
            {move || busy.get().then(|| view! { <span class="help" data-testid="seek-busy">{tr("d.running")}</span> })}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <SeekAnswer/>
        </div>
    }
}

/// A select over `(value, label)` options bound to a signal.
#[component]
pub fn Choice(
    /// The select's test id.
    testid: &'static str,
    /// The chosen value.
    value: RwSignal<String>,
    /// The options: value and label.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    view! {
        <select data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
            {move || options.get().into_iter().map(|(v, label)| {
                let selected = value.with_untracked(|x| *x == v);
                view! { <option value=v selected=selected>{label}</option> }
            }).collect_view()}
        </select>
    }
}

/// The goal seek's answer: the driver's value and its change, or why the goal is out of reach.
#[component]
fn SeekAnswer() -> impl IntoView {
    let (state, d) = (use_state(), use_decisions());
    let fresh = move || d.seek.with(|a| a.as_ref().is_some_and(|a| state.scenario.with(|sc| *sc == a.1)));
    // The plan "apply" made: while it is the plan, the answer says it was applied, not that it is out of date.
    let applied = RwSignal::new(None::<Scenario>);
    let is_applied = move || applied.with(|p| p.as_ref().is_some_and(|p| state.scenario.with(|sc| sc == p)));
    move || {
        let lang = state.lang.get();
        let held = d.seek.get()?;
        let (answer, base, step) = &*held;
        Some(match answer {
            Answer::Reached(r) => {
                let dr = Driver::parse(&r.driver)?;
                let name = driver_label(base, &dr, lang);
                let change = format::signed_percent((r.current != 0.0).then(|| r.value / r.current - 1.0));
                let step = *step;
                let where_ = range_note(base, &dr, r.value, lang);
                // Applied to the plan the answer was computed for, and only while that is the plan.
                let held = held.clone();
                let apply = move |_| {
                    let base = &held.1;
                    if state.scenario.with_untracked(|sc| sc == base) {
                        let mut next = base.clone();
                        dr.apply(base, step, &mut next);
                        crate::model::inputs::move_ranges(base, &mut next);
                        applied.set(Some(next.clone()));
                        state.replace(next);
                    }
                };
                view! {
                    <div class="answer" data-testid="seek-result" data-value=r.value.to_string()>
                        <p><strong>{name}</strong>": "{driver_value(&dr, r.current, lang)}" → "
                            <strong>{driver_value(&dr, r.value, lang)}</strong>" ("{change}")"</p>
                        {where_.map(|w| view! { <p class="help warn" data-testid="seek-range">{w}</p> })}
                        <p class="help">{t(lang, "d.achieved")}" "{format::value(kpi::row_unit(&r.metric), Some(r.achieved), lang)}</p>
                        {move || if is_applied() {
                            Some(view! { <p class="help" data-testid="seek-applied">{tr("d.applied")}</p> })
                        } else {
                            (!fresh()).then(|| view! { <p class="help" data-testid="seek-stale">{tr("d.stale")}</p> })
                        }}
                        <button type="button" data-testid="seek-apply" disabled=move || !fresh() on:click=apply>{tr("d.apply")}</button>
                    </div>
                }
                .into_any()
            }
            Answer::Unreachable(u) => {
                let dr = Driver::parse(&u.driver)?;
                let unit = kpi::row_unit(&u.metric);
                let (name, lo, hi, min, max) = (
                    driver_label(base, &dr, lang),
                    format::opt(u.at_min, |x| driver_value(&dr, x, lang)),
                    format::opt(u.at_max, |x| driver_value(&dr, x, lang)),
                    format::value(unit, u.min, lang),
                    format::value(unit, u.max, lang),
                );
                let text = match lang {
                    Lang::Zh => format!("目标无法达到：{name}在 {lo}–{hi} 之间调整时，该指标只能在 {min}–{max} 之间。"),
                    Lang::En => format!("The goal is out of reach: moving {name} over {lo}–{hi}, the metric only ranges over {min}–{max}."),
                };
                view! { <p class="answer unreachable" data-testid="seek-unreachable" role="status">{text}</p> }
                    .into_any()
            }
        })
    }
}
