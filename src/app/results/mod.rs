//! The results area: KPI cards with target status, the consistency warnings, the charts and the tables.
//!
//! The folder is the results: the cards and tables here, the charts' component (`chart.rs`: drawn on or near the
//! screen, with a description always) and its canvas backend (`canvas_backend.rs`). An edit updates the cells it
//! changed, never whole rows. Its one way in: `ResultsView`, `KpiGrid`, `TargetBadge`, `Tables`, `Warnings`,
//! `CanvasChart`, the chart sets, `watch_near` and `MeasuredCanvas`.

mod canvas_backend;
mod chart;
pub use canvas_backend::MeasuredCanvas;
pub use chart::{watch_near, CanvasChart, Drawers, ALL_CHARTS, EMBEDDABLE_CHARTS, RESULT_CHARTS};

use super::use_state;
use crate::charts::ChartKind;
use crate::model::inputs::Unit;
use crate::model::kpi;
use crate::model::results::{Kpis, Status};
use crate::present::format::{self, Lang};
use crate::present::i18n::{self, t};
use leptos::prelude::*;

use crate::model::kpi::CARDS;
use crate::present::format::{signed_percent as signed, value as show};

fn status_icon(s: Status) -> &'static str {
    match s {
        Status::Ok => "✓",
        Status::Watch => "!",
        Status::Alert => "✕",
        Status::Unknown => "?",
    }
}

/// A KPI card's target line: its status, the target and the deviation (`✓ 达标 · 目标 38.00亿 · 偏差 +1.2%`).
pub fn target_line(lang: Lang, unit: Unit, r: &crate::model::results::TargetResult) -> String {
    format!(
        "{} {} · {} {} · {} {}",
        status_icon(r.status),
        i18n::status_word(lang, r.status.as_str()),
        t(lang, "k.target"),
        show(unit, Some(r.target), lang),
        t(lang, "k.deviation"),
        signed(r.deviation)
    )
}

/// A KPI card's Monte Carlo line (P10–P90 and, for a target KPI, the chance of meeting it) with the KPI's
/// spread; `None` for a KPI the Monte Carlo does not follow.
pub fn spread_line(
    lang: Lang,
    unit: Unit,
    mc: &crate::analysis::montecarlo::MonteCarlo,
    key: &str,
) -> Option<(String, crate::analysis::montecarlo::Summary)> {
    let s = *mc.kpi(key)?;
    let spread = format!("{} {} – {}", t(lang, "mc.range"), show(unit, s.p10, lang), show(unit, s.p90, lang));
    let text = match mc.probability(key) {
        Some(p) => format!("{spread} · {} {}", t(lang, "mc.chance"), format::percent(p, 0)),
        None => spread,
    };
    Some((text, s))
}

/// Everything on the right-hand side.
#[component]
pub fn ResultsView() -> impl IntoView {
    view! {
        <section class="results" id="results" tabindex="-1" data-testid="results">
            <LiveSummary/>
            <KpiGrid/>
            <TargetsTable/>
            <div id=super::lazy::TRACKING></div>
            <div id=super::lazy::WARNINGS></div>
            <div id=super::lazy::CHARTS class="charts-root" data-testid="charts-root"></div>
            <div id=super::lazy::UNCERTAINTY></div>
            <div id=super::lazy::DECISIONS data-testid="decisions-root"></div>
            <div id=super::lazy::TABLES data-testid="tables-root"></div>
        </section>
    }
}

/// The year's GMV, its status and the net profit in one line, announced politely to screen readers after each
/// change; on a phone it stays at the bottom of the screen (with a way up to the results), so an edit far down
/// the assumptions and its effect are on one screen.
#[component]
fn LiveSummary() -> impl IntoView {
    let state = use_state();
    let text = Memo::new(move |_| {
        let lang = state.lang.get();
        state.results.with(|r| {
            let status = r.target("gmv").map_or("", |row| i18n::status_word(lang, row.status.as_str()));
            let gmv = show(Unit::Money, Some(r.year.gmv), lang);
            let profit = show(Unit::Money, Some(r.year.net_profit), lang);
            format!("{} {gmv} · {status} · {} {profit}", t(lang, "k.gmv"), t(lang, "k.net_profit"))
        })
    });
    view! {
        <div class="headline-strip" data-testid="headline-strip">
            <p aria-live="polite" data-testid="live-summary">{text}</p>
            <a href="#results" data-testid="strip-to-results" on:click=super::skip_to_results>{super::tr("a.to_results")}</a>
        </div>
    }
}

/// KPI cards: all of them, or those whose keys are given (the embed view's headline).
#[component]
pub fn KpiGrid(
    /// Keys to show, in `CARDS` order. Defaults to every card.
    #[prop(optional)]
    keys: Option<&'static [&'static str]>,
) -> impl IntoView {
    view! {
        <div class="kpis">
            {kpi::KPIS[..CARDS].iter().filter(|c| keys.is_none_or(|k| k.contains(&c.key))).map(|k| view! { <KpiCard key=k.key unit=k.unit/> }).collect_view()}
        </div>
    }
}

/// One KPI: its value, and for a target KPI the target, deviation and status in words and colour.
#[component]
fn KpiCard(
    /// KPI key (`gmv`), also the test id `kpi-<key>`.
    key: &'static str,
    /// How the value reads.
    unit: Unit,
) -> impl IntoView {
    let state = use_state();
    let value = Memo::new(move |_| state.results.with(|r| r.year.get(key)));
    let row = Memo::new(move |_| state.results.with(|r| r.target(key).cloned()));
    let raw = move || value.get().map(|v| v.to_string()).unwrap_or_default();
    let status = move || row.get().map(|r| r.status.as_str());
    // The target line is always there (empty, and hidden, without a target): an edit only changes its words.
    let detail = move || row.get().map(|r| target_line(state.lang.get(), unit, &r));
    view! {
        <div class="kpi" data-testid=format!("kpi-{key}") data-value=raw data-status=status>
            <div class="kpi-label">{move || t(state.lang.get(), &format!("k.{key}"))}</div>
            <div class="kpi-value">{move || show(unit, value.get(), state.lang.get())}</div>
            <div class="kpi-target">{move || detail().unwrap_or_default()}</div>
            <KpiSpread key=key unit=unit/>
        </div>
    }
}

/// Every target row of MODEL.md §4 with value, target, deviation and status in words and colour. The rows are
/// built when the set of targets changes; an edit that only moves the numbers updates each row's cells in place.
#[component]
fn TargetsTable() -> impl IntoView {
    let state = use_state();
    let keys = Memo::new(move |_| state.results.with(|r| r.targets.iter().map(|t| t.key.clone()).collect::<Vec<_>>()));
    view! {
        <div class="targets">
            <h2>{super::tr("u.targets_table")}</h2>
            <div class="table-wrap" tabindex="0">
                <table data-testid="targets-table">
                    <thead><tr>{move || heads(state.lang.get(), &["k.kpi", "k.value", "k.target", "k.deviation", "k.status", "k.note"]).into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                    <tbody>{move || keys.get().into_iter().map(|key| view! { <TargetRow key=key/> }).collect_view()}</tbody>
                </table>
            </div>
            <label class="plan-note">{super::tr("u.plan_note")}<NoteBox key="plan".into()/></label>
        </div>
    }
}

/// One row of the targets table, following its own result: value, target, deviation, status and note.
#[component]
fn TargetRow(
    /// The target row's key (`q3_gmv`); the test ids are `target-<key>` and `note-<key>`.
    key: String,
) -> impl IntoView {
    let state = use_state();
    let k = key.clone();
    let unit = kpi::row_unit(&key);
    // The row's texts in the UI's language: label, value, target, deviation, status in words, status key.
    let texts = Memo::new(move |_| {
        let lang = state.lang.get();
        state.results.with(|r| {
            r.target(&k).map_or_else(Vec::new, |r| {
                let word = i18n::status_word(lang, r.status.as_str());
                vec![
                    i18n::target_label(lang, r),
                    show(unit, r.value, lang),
                    show(unit, Some(r.target), lang),
                    signed(r.deviation),
                    format!("{} {word}", status_icon(r.status)),
                    r.status.as_str().to_string(),
                ]
            })
        })
    });
    let cell = move |i: usize| move || texts.with(|t| t.get(i).cloned().unwrap_or_default());
    let k = key.clone();
    let note = move || state.with_outline(|sc| sc.notes.targets.get(&k).cloned().unwrap_or_default());
    let flagged = Signal::derive(move || texts.with(|t| t.get(5).is_some_and(|s| s == "watch" || s == "alert")));
    view! {
        <tr data-testid=format!("target-{key}") data-status=cell(5) class=move || format!("status-{}", cell(5)())>
            <td>{cell(0)}</td>
            <td>{cell(1)}</td>
            <td>{cell(2)}</td>
            <td>{cell(3)}</td>
            <td>{cell(4)}</td>
            <td class="note-cell" data-testid=format!("note-{key}") data-note=note><NoteBox key=key.clone() flagged=flagged/></td>
        </tr>
    }
}

/// A note's text box — `plan` or a target row's — that reads as text until edited: applied as one undoable edit
/// when it changes (plain text, at most 500 characters). A row on watch or alert without a note says so.
#[component]
fn NoteBox(
    /// `plan` or a target row's key (`q3_gmv`); the test id is `note-plan` or `note-edit-<key>`.
    key: String,
    /// Whether the row is on watch or alert, so that a missing note is said.
    #[prop(optional, into)]
    flagged: Signal<bool>,
) -> impl IntoView {
    let state = use_state();
    let error = RwSignal::new(None::<String>);
    let k = key.clone();
    let value = Memo::new(move |_| {
        state.with_outline(|sc| {
            if k == "plan" {
                sc.notes.plan.clone()
            } else {
                sc.notes.targets.get(&k).cloned().unwrap_or_default()
            }
        })
    });
    let k = key.clone();
    let commit = move |text: String| {
        let next = state.scenario.with_untracked(|sc| crate::edit::set_note(sc, &k, &text));
        error.set(state.try_apply(next).err().map(|e| i18n::problem(state.lang.get_untracked(), &e.problem)));
    };
    let hint = move || format!("✎ {}", if flagged.get() { t(state.lang.get(), "u.no_note") } else { "" });
    view! {
        <input type="text" class="note" maxlength="500" data-undo="plan" data-testid=if key == "plan" { "note-plan".to_string() } else { format!("note-edit-{key}") } prop:value=value
            placeholder=hint title=super::tr("u.note_edit") aria-label=super::tr("u.note_edit") on:change=move |ev| commit(event_target_value(&ev))/>
        {move || error.get().map(|e| view! { <span class="error" role="alert">{e}</span> })}
    }
}

/// A target row's status shown on its channel or event (`channels.0.gmv`); nothing when it has no target.
#[component]
pub fn TargetBadge(
    /// The target row's key.
    key: String,
) -> impl IntoView {
    let state = use_state();
    let k = key.clone();
    let row = Memo::new(move |_| state.results.with(|r| r.target(&k).cloned()));
    // The badge is built when the target comes or goes; an edit only changes its status and words.
    let has = Memo::new(move |_| row.with(Option::is_some));
    let status = move || row.with(|r| r.as_ref().map_or("unknown", |r| r.status.as_str()));
    let text = move || {
        let lang = state.lang.get();
        row.with(|r| {
            r.as_ref().map(|r| {
                format!(
                    "GMV {} · {} {} · {} {}",
                    show(Unit::Money, r.value, lang),
                    t(lang, "k.target"),
                    show(Unit::Money, Some(r.target), lang),
                    signed(r.deviation),
                    i18n::status_word(lang, r.status.as_str())
                )
            })
        })
    };
    view! {
        {move || has.get().then(|| view! {
            <p class=move || format!("target-badge status-{}", status()) data-testid=format!("badge-{key}") data-status=status>{text}</p>
        })}
    }
}

/// The consistency warnings of MODEL.md §5 in words, each target warning with its one-step fix (in the panels'
/// wasm: the page renders only its root).
#[component]
pub fn Warnings() -> impl IntoView {
    let state = use_state();
    let items = move || {
        let lang = state.lang.get();
        let names = state.scenario.with(|sc| {
            let mut v: Vec<(String, String)> = Vec::new();
            v.extend(sc.spend_lines.iter().enumerate().map(|(j, l)| (format!("spend_lines[{j}]"), l.name.clone())));
            v.extend(sc.events.iter().enumerate().map(|(k, e)| (format!("events[{k}]"), e.name.clone())));
            v
        });
        let name_of = move |p: &str| names.iter().find(|(k, _)| k == p).map(|(_, n)| n.clone()).unwrap_or_default();
        state
            .results
            .with(|r| r.warnings.iter().map(|w| (w.code.clone(), i18n::warning(lang, w, &name_of))).collect::<Vec<_>>())
    };
    view! {
        <div class="warnings" data-testid="warnings">
            <h2>{super::tr("group.warnings")}</h2>
            {move || {
                let list = items();
                if list.is_empty() {
                    view! { <p class="muted">{t(state.lang.get(), "v.no_warnings")}</p> }.into_any()
                } else {
                    view! { <ul>{list.into_iter().map(|(code, text)| {
                        // Targets that do not add up: one undoable action spreads the difference.
                        let spread = matches!(code.as_str(), "channel_targets_do_not_add_up" | "quarter_split_not_normalised")
                            || (code == "channel_targets_exceed_gmv_target"
                                && state.scenario.with_untracked(crate::model::targets::every_channel_has_a_target));
                        let act = move |_| state.replace(state.scenario.with_untracked(crate::edit::spread_targets));
                        view! { <li data-code=code>{text}{spread.then(|| view! {
                            " "<button type="button" class="link" data-testid="spread-targets" on:click=act>{super::tr("v.spread")}</button>
                        })}</li> }
                    }).collect_view()}</ul> }.into_any()
                }
            }}
        </div>
    }
}

/// The results' five charts. Below the first screen, they are drawn by the panels' wasm into the page's
/// `#charts-root` (`lazy::CHARTS`), on a plan handed over at each edit (`lazy::follow_each`): plotters and the
/// charts' code (38 KB of gzip) are not what the first screen waits for.
#[component]
pub fn Charts() -> impl IntoView {
    let state = use_state();
    let traffic = Memo::new(move |_| {
        state.scenario.with(|s| {
            s.spend_lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.is_traffic())
                .map(|(j, l)| (j, l.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="charts">
            <h2>{super::tr("group.charts")}</h2>
            <div class="chart-grid">
                <CanvasChart kind=ChartKind::MonthlyGmv/>
                <CanvasChart kind=ChartKind::Cumulative/>
                <CanvasChart kind=ChartKind::Budget/>
                <div class="chart-with-control">
                    <label class="inline">{super::tr("v.response_line")}
                        <select data-testid="response-line" prop:value=move || state.response_line.get().to_string()
                            on:change=move |ev| state.response_line.set(event_target_value(&ev).parse().unwrap_or(0))>
                            {move || traffic.get().into_iter().map(|(j, name)| view! { <option value=j.to_string()>{name}</option> }).collect_view()}
                        </select>
                    </label>
                    <CanvasChart kind=ChartKind::Response/>
                </div>
                <CanvasChart kind=ChartKind::Repeat/>
            </div>
        </div>
    }
}

/// A plain table from headers and rows of text. Rows are created when their number changes; on every other
/// update only the texts of the cells change, which keeps an update cheap.
#[component]
fn DataTable(
    /// Test id of the table.
    testid: &'static str,
    /// Column headers, re-read on language change.
    #[prop(into)]
    headers: Signal<Vec<String>>,
    /// Rows of cells (a memo: every cell reads it).
    #[prop(into)]
    rows: Signal<Vec<Vec<String>>>,
) -> impl IntoView {
    let shape = Memo::new(move |_| rows.with(|r| (r.len(), r.first().map(|x| x.len()).unwrap_or(0))));
    let cell =
        move |i: usize, j: usize| rows.with(|r| r.get(i).and_then(|row| row.get(j)).cloned().unwrap_or_default());
    view! {
        <div class="table-wrap" tabindex="0">
            <table data-testid=testid>
                <thead><tr>{move || headers.get().into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                <tbody>{move || {
                    let (n, m) = shape.get();
                    (0..n).map(|i| view! {
                        <tr>{(0..m).map(|j| view! { <td>{move || cell(i, j)}</td> }).collect_view()}</tr>
                    }).collect_view()
                }}</tbody>
            </table>
        </div>
    }
}

fn heads(lang: Lang, keys: &[&'static str]) -> Vec<String> {
    keys.iter().map(|k| t(lang, k).to_string()).collect()
}

/// A table's header row from word keys, in `lang` (for tables drawn once per language).
pub(super) fn head_row(lang: Lang, keys: &[&'static str]) -> impl IntoView {
    view! { <thead><tr>{heads(lang, keys).into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead> }
}

fn period_row(label: String, k: &Kpis, lang: Lang) -> Vec<String> {
    vec![
        label,
        format::money(k.gmv, lang),
        format::count(k.orders, lang),
        format::count(k.uv, lang),
        format::money(k.marketing, lang),
        format::money(k.net_profit, lang),
    ]
}

/// The results' tables: quarters, channels, spend lines, events, months (in the panels' wasm, `app::lazy`).
#[component]
pub fn Tables() -> impl IntoView {
    let state = use_state();
    let lang = move || state.lang.get();
    let quarter_rows = Memo::new(move |_| {
        let l = lang();
        state.results.with(|r| {
            r.quarters
                .iter()
                .map(|q| {
                    let tr = r.target(&format!("q{}_gmv", q.quarter));
                    vec![
                        format!("Q{}", q.quarter),
                        format::money(q.kpis.gmv, l),
                        tr.map(|x| format::money(x.target, l)).unwrap_or_default(),
                        tr.map(|x| signed(x.deviation)).unwrap_or_default(),
                        tr.map(|x| format!("{} {}", status_icon(x.status), i18n::status_word(l, x.status.as_str())))
                            .unwrap_or_default(),
                    ]
                })
                .collect()
        })
    });
    let month_rows = Memo::new(move |_| {
        let l = lang();
        state.results.with(|r| {
            r.months.iter().map(|m| period_row(format::month_label(m.month as usize - 1, l), &m.kpis, l)).collect()
        })
    });
    let channel_rows = Memo::new(move |_| {
        let l = lang();
        state.results.with(|r| {
            r.channels
                .iter()
                .map(|c| {
                    let k = &c.kpis;
                    vec![
                        c.name.clone(),
                        format::money(k.gmv, l),
                        format::opt(crate::model::results::ratio(k.gmv, r.year.gmv), |x| format::percent(x, 1)),
                        format::count(k.uv, l),
                        format::opt(k.cvr, |x| format::percent(x, 2)),
                        format::opt(k.aov, |x| format::money(x, l)),
                        format::count(k.orders, l),
                        format::opt(k.paid_roi, |x| format::grouped(x, 2)),
                        format::money(k.net_profit, l),
                    ]
                })
                .collect()
        })
    });
    let line_rows = Memo::new(move |_| {
        let l = lang();
        state.results.with(|r| {
            r.spend_lines
                .iter()
                .map(|s| {
                    vec![
                        s.name.clone(),
                        format::money(s.spend, l),
                        format::count(s.paid_uv, l),
                        format::count(s.new_orders, l),
                        format::money(s.gmv, l),
                        format::opt(s.roi, |x| format::grouped(x, 2)),
                    ]
                })
                .collect()
        })
    });
    let event_rows = Memo::new(move |_| {
        let l = lang();
        state.results.with(|r| {
            r.events
                .iter()
                .map(|e| {
                    vec![
                        e.name.clone(),
                        e.days.to_string(),
                        format::money(e.gmv, l),
                        format::count(e.orders, l),
                        format::count(e.uv, l),
                    ]
                })
                .collect()
        })
    });
    view! {
        <div class="tables">
            <h2>{super::tr("group.tables")}</h2>
            <DataTable testid="table-quarters" headers=Signal::derive(move || heads(lang(), &["k.quarter", "k.gmv", "k.target", "k.deviation", "k.status"])) rows=quarter_rows/>
            <DataTable testid="table-channels" headers=Signal::derive(move || heads(lang(), &["k.channel", "k.gmv", "k.share_of_gmv", "k.uv", "k.cvr", "k.aov", "k.orders", "k.paid_roi", "k.net_profit"])) rows=channel_rows/>
            <DataTable testid="table-spend-lines" headers=Signal::derive(move || heads(lang(), &["k.line", "k.spend", "k.paid_uv", "k.new_orders", "k.gmv", "k.roi"])) rows=line_rows/>
            <DataTable testid="table-events" headers=Signal::derive(move || heads(lang(), &["k.event", "k.days", "k.gmv", "k.orders", "k.uv"])) rows=event_rows/>
            <DataTable testid="table-months" headers=Signal::derive(move || heads(lang(), &["k.month", "k.gmv", "k.orders", "k.uv", "k.marketing", "k.net_profit"])) rows=month_rows/>
        </div>
    }
}

/// A KPI card's Monte Carlo line: P10–P90 and, for a target KPI, the chance of meeting it.
#[component]
pub fn KpiSpread(
    /// The KPI's key (one of `crate::analysis::montecarlo::KPIS`).
    key: &'static str,
    /// How the KPI reads.
    unit: crate::model::inputs::Unit,
) -> impl IntoView {
    let (state, a) = crate::app::workers::use_both();
    let line = move || {
        let (text, s) = spread_line(state.lang.get(), unit, &*a.mc.get()?, key)?;
        Some(
            view! { <div class="kpi-spread" data-testid=format!("mc-kpi-{key}") data-p10=s.p10.map(|x| x.to_string()) data-p50=s.p50.map(|x| x.to_string()) data-p90=s.p90.map(|x| x.to_string())>{text}</div> },
        )
    };
    crate::analysis::montecarlo::KPIS.contains(&key).then_some(line)
}
