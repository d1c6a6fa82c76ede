//! The assumptions panel, grouped as a planner thinks: targets, channels, promotions, seasonality, marketing
//! budget, customers and costs. Structural edits (add, remove, reorder) go through `crate::edit`; those of the
//! channels and the KPI targets, on the first screen, are made by the panels' wasm (`rows.rs`).
//!
//! The folder is the editor: the groups here, the number and text fields (`fields.rs`: one field's own value, so
//! an edit updates one field), each field's 90% range (`ranges.rs`: the ± editor and the slider's band) and the
//! first screen's row edits (`rows.rs`: asked for by the page, made by the panels). Its one way in:
//! `Assumptions`, `MoreGroups`, `NumberField`, `TextField`, `RangeSlot`, `field_range`, `field_band`, `serve_slots`
//! and `serve_rows`.

mod fields;
mod ranges;
mod rows;
pub use fields::{hint, input_mode, shown, NumberField, RangeSlot, TextField};
pub use ranges::{field_band, field_range, serve_slots};
pub use rows::serve as serve_rows;

use super::use_state;
use crate::edit;
use crate::model::kpi;
use crate::model::scenario::{Pacing, SpendKind};
use crate::model::validate::{MAX_CHANNELS, MAX_EVENTS, MAX_SPEND_LINES};
use crate::present::format::{self, Lang};
use crate::present::i18n::t;
use leptos::prelude::*;
use rows::RowEdit;

/// All the groups of inputs: the targets and the channels in the page's wasm; the groups below them (the
/// panels' wasm's `MoreGroups`, mounted into `lazy::EDITOR`) and the actuals group (`lazy::ACTUALS`) after the
/// first paint.
#[component]
pub fn Assumptions() -> impl IntoView {
    view! {
        <aside class="assumptions" data-testid="assumptions">
            <h2 class="sr-only">{super::tr("u.assumptions")}</h2>
            <Targets/>
            <Channels/>
            <div id=super::lazy::EDITOR class="editor-root" data-testid="editor-root"></div>
            <div id=super::lazy::ACTUALS data-testid="actuals-root"></div>
        </aside>
    }
}

/// The groups below the channels: promotions, seasonality, the marketing budget, customers and costs. They are
/// the panels' wasm's (mounted into `lazy::EDITOR`, on a state of their own that follows the page's plan), so the
/// page's first screen does not wait for their code; each of their edits goes back to the page as one undoable
/// step (`lazy::serve`).
#[component]
pub fn MoreGroups() -> impl IntoView {
    view! {
        <Promotions/>
        <Seasonality/>
        <Budget/>
        <Customers/>
        <Costs/>
    }
}

/// A titled, collapsible group.
#[component]
fn Group(
    /// The i18n key of the title (`group.targets`).
    key: &'static str,
    /// The group's inputs.
    children: Children,
) -> impl IntoView {
    let state = use_state();
    view! {
        <details class="group" open data-testid=key>
            <summary>{move || t(state.lang.get(), key)}</summary>
            {children()}
        </details>
    }
}

fn month_name(lang: Lang, m: usize) -> String {
    format::month_label(m, lang)
}

#[component]
fn Targets() -> impl IntoView {
    view! {
        <Group key="group.targets">
            <div class="grid">
                <NumberField path="targets.gmv"/>
                <NumberField path="last_year_gmv"/>
                <NumberField path="targets.net_margin"/>
                <NumberField path="targets.paid_roi"/>
                <NumberField path="targets.max_return_rate"/>
                <NumberField path="targets.repeat_share"/>
                <NumberField path="targets.alert_threshold"/>
            </div>
            <h3 class="sub">{move || t(use_state().lang.get(), "f.quarter_split")}</h3>
            <div class="grid four">
                {(0..4).map(|q| view! { <NumberField path=format!("targets.quarter_split.{q}") label=Signal::stored(format!("Q{}", q + 1)) compact=true/> }).collect_view()}
            </div>
            <KpiTargets/>
        </Group>
    }
}

/// Year targets on other KPIs (`targets.kpis`): one field each with a remove button, and a list to add one.
#[component]
fn KpiTargets() -> impl IntoView {
    let state = use_state();
    let set = Memo::new(move |_| {
        state
            .scenario
            .with(|s| kpi::TARGET_KPIS.iter().filter(|k| s.targets.kpis.contains_key(**k)).copied().collect::<Vec<_>>())
    });
    let add = move |key: String| {
        if !key.is_empty() {
            rows::ask(state, RowEdit::AddKpiTarget(key));
        }
    };
    view! {
        <h3 class="sub">{super::tr("u.kpi_targets")}</h3>
        <div class="grid" data-testid="kpi-targets">
            {move || set.get().into_iter().map(|key| {
                let remove = Callback::new(move |_| rows::ask(state, RowEdit::RemoveKpiTarget(key.to_string())));
                view! { <div class="kpi-target-row"><NumberField path=format!("targets.kpis.{key}") compact=true/><RowActions prefix=format!("kpi-target-{key}") remove=Some(remove) what=row_name("w.kpi_target", move |_| t(state.lang.get(), &format!("k.{key}")).to_string())/></div> }
            }).collect_view()}
        </div>
        <select data-testid="add-kpi-target" aria-label=super::tr("u.add_kpi_target") prop:value="" on:change=move |ev| add(event_target_value(&ev))>
            <option value="">{super::tr("u.add_kpi_target")}</option>
            {move || { let lang = state.lang.get(); kpi::TARGET_KPIS.iter().filter(|k| !set.get().contains(k)).map(|k| view! { <option value=*k>{t(lang, &format!("f.{k}"))}</option> }).collect_view() }}
        </select>
    }
}

/// Rows of a list (channels, events), rebuilt when their number changes, and the button that adds one.
#[component]
fn RowList<V: IntoView + 'static>(
    /// Test id of the rows' container (`channels`).
    testid: &'static str,
    /// Number of rows.
    count: Memo<usize>,
    /// Most rows allowed: the add button is disabled there.
    max: usize,
    /// Test id of the add button (`add-channel`).
    add_testid: &'static str,
    /// i18n key of the add button's label.
    add_label: &'static str,
    /// Adds a row.
    on_add: Callback<()>,
    /// Renders row `i` of `n`.
    row: fn(usize, usize) -> V,
) -> impl IntoView {
    view! {
        <div class="rows" data-testid=testid>
            {move || { let n = count.get(); (0..n).map(|i| row(i, n)).collect_view() }}
        </div>
        <button type="button" data-testid=add_testid on:click=move |_| on_add.run(()) disabled=move || { count.get() >= max }>
            {super::tr(add_label)}
        </button>
    }
}

#[component]
fn Channels() -> impl IntoView {
    let state = use_state();
    let n = Memo::new(move |_| state.with_outline(|s| s.channels.len()));
    let add = Callback::new(move |_| rows::ask(state, RowEdit::AddChannel));
    view! {
        <Group key="group.channels">
            <RowList testid="channels" count=n max=MAX_CHANNELS add_testid="add-channel" add_label="a.add_channel" on_add=add
                row=|i, n| view! { <ChannelRow index=i count=n/> }/>
        </Group>
    }
}

/// A row's kind and name for its buttons (`渠道 抖音`), following the language and the name.
fn row_name(
    kind: &'static str,
    name: impl Fn(&crate::model::Scenario) -> String + Send + Sync + 'static,
) -> Signal<String> {
    let state = use_state();
    Signal::derive(move || format!("{} {}", t(state.lang.get(), kind), state.with_outline(|sc| name(sc))))
}

/// Buttons to move a row up or down and remove it.
#[component]
fn RowActions(
    /// Test id prefix, as `channel-2`.
    prefix: String,
    /// Move up; `None` hides the button.
    #[prop(default = None)]
    up: Option<Callback<()>>,
    /// Move down; `None` hides the button.
    #[prop(default = None)]
    down: Option<Callback<()>>,
    /// Remove; `None` disables the button.
    remove: Option<Callback<()>>,
    /// What the row is, for the buttons' names (`渠道 抖音`): each reads "删除 渠道 抖音", not just "删除".
    what: Signal<String>,
) -> impl IntoView {
    let can_remove = remove.is_some();
    let lang = use_state().lang;
    let named = move |verb: &'static str| Signal::derive(move || format!("{} {}", t(lang.get(), verb), what.get()));
    let (up_name, down_name, remove_name) = (named("a.up"), named("a.down"), named("a.remove"));
    view! {
        <span class="row-actions">
            {up.map(|f| view! { <button type="button" class="icon" title=up_name aria-label=up_name data-testid=format!("{prefix}-up") on:click=move |_| f.run(())>"↑"</button> })}
            {down.map(|f| view! { <button type="button" class="icon" title=down_name aria-label=down_name data-testid=format!("{prefix}-down") on:click=move |_| f.run(())>"↓"</button> })}
            <button type="button" class="icon danger" title=remove_name aria-label=remove_name
                data-testid=format!("{prefix}-remove") disabled=!can_remove
                on:click=move |_| if let Some(f) = remove { f.run(()) }>"✕"</button>
        </span>
    }
}

#[component]
fn ChannelRow(
    /// Index of the channel.
    index: usize,
    /// Number of channels (to hide moves past the ends and keep the last one).
    count: usize,
) -> impl IntoView {
    let state = use_state();
    let asking = move |edit: RowEdit| Callback::new(move |_| rows::ask(state, edit.clone()));
    let up = (index > 0).then(|| asking(RowEdit::MoveChannel(index, true)));
    let down = (index + 1 < count).then(|| asking(RowEdit::MoveChannel(index, false)));
    // Removing a channel that receives paid visitors or existing customers first says where they go (the panels'
    // wasm shows it in the row's `rows::notice_root`).
    let remove = (count > 1).then(|| asking(RowEdit::RemoveChannel(index)));
    let p = |f: &str| format!("channels.{index}.{f}");
    view! {
        <div class="row channel" data-testid=format!("channel-{index}")>
            <div class="row-head">
                <TextField path=p("name")/>
                <RowActions prefix=format!("channel-{index}") up=up down=down remove=remove
                    what=row_name("w.channel", move |sc| sc.channels.get(index).map(|c| c.name.clone()).unwrap_or_default())/>
            </div>
            <div id=rows::notice_root(index)></div>
            <crate::app::results::TargetBadge key=format!("channels.{index}.gmv")/>
            <div class="grid">
                <NumberField path=p("organic_uv") compact=true/>
                <NumberField path=p("uv_trend") compact=true/>
                <NumberField path=p("cvr") compact=true/>
                <NumberField path=p("cvr_end") compact=true/>
                <NumberField path=p("aov") compact=true/>
                <NumberField path=p("take_rate") compact=true/>
                <NumberField path=p("return_rate") compact=true/>
                <NumberField path=p("base_share") compact=true/>
                <NumberField path=p("gmv_target") compact=true/>
            </div>
        </div>
    }
}

#[component]
fn Promotions() -> impl IntoView {
    let state = use_state();
    let n = Memo::new(move |_| state.with_outline(|s| s.events.len()));
    let add = Callback::new(move |_| {
        let name = t(state.lang.get_untracked(), "v.new_event");
        let _ = state.try_replace(state.scenario.with_untracked(|sc| edit::add_event(sc, name)));
    });
    view! {
        <Group key="group.promotions">
            <RowList testid="events" count=n max=MAX_EVENTS add_testid="add-event" add_label="a.add_event" on_add=add
                row=|k, _| view! { <EventRow index=k/> }/>
        </Group>
    }
}

#[component]
fn EventRow(
    /// Index of the event.
    index: usize,
) -> impl IntoView {
    let state = use_state();
    let remove = Callback::new(move |_| {
        let _ = state.try_replace(state.scenario.with_untracked(|sc| edit::remove_event(sc, index)));
    });
    let p = |f: &str| format!("events.{index}.{f}");
    view! {
        <div class="row event" data-testid=format!("event-{index}")>
            <div class="row-head">
                <TextField path=p("name")/>
                <TextField path=p("start") size=5/>
                <span class="dash">"–"</span>
                <TextField path=p("end") size=5/>
                <RowActions prefix=format!("event-{index}") remove=Some(remove)
                    what=row_name("w.event", move |sc| sc.events.get(index).map(|e| e.name.clone()).unwrap_or_default())/>
            </div>
            <crate::app::results::TargetBadge key=format!("events.{index}.gmv")/>
            <div class="grid">
                <NumberField path=p("traffic_uplift") compact=true/>
                <NumberField path=p("cvr_uplift") compact=true/>
                <NumberField path=p("discount") compact=true/>
                <NumberField path=p("gmv_target") compact=true/>
            </div>
        </div>
    }
}

#[component]
fn Seasonality() -> impl IntoView {
    let state = use_state();
    view! {
        <Group key="group.seasonality">
            <div class="grid six">
                {(0..12).map(|m| view! {
                    <NumberField path=format!("seasonality.{m}") label=Signal::derive(move || month_name(state.lang.get(), m)) compact=true/>
                }).collect_view()}
            </div>
        </Group>
    }
}

#[component]
fn Budget() -> impl IntoView {
    let state = use_state();
    let n = Memo::new(move |_| state.with_outline(|s| s.spend_lines.len()));
    let add = move |kind: SpendKind| {
        let name = t(state.lang.get_untracked(), "v.new_line");
        let _ = state.try_replace(state.scenario.with_untracked(|sc| edit::add_spend_line(sc, name, kind)));
    };
    let total = move || {
        let lang = state.lang.get();
        let y = state.results.with(|r| r.year);
        format!(
            "{} {} · {} {}",
            t(lang, "k.total_budget"),
            format::money(y.marketing, lang),
            t(lang, "k.share_of_gmv"),
            format::opt(y.marketing_ratio, |x| format::percent(x, 1))
        )
    };
    view! {
        <Group key="group.budget">
            <p class="total" data-testid="budget-total">{total}</p>
            <div class="rows" data-testid="spend-lines">
                {move || (0..n.get()).map(|j| view! { <SpendLineRow index=j/> }).collect_view()}
            </div>
            <div class="buttons">
                <button type="button" data-testid="add-traffic-line" on:click=move |_| add(SpendKind::Traffic) disabled=move || { n.get() >= MAX_SPEND_LINES }>
                    {super::tr("a.add_traffic")}
                </button>
                <button type="button" data-testid="add-fixed-line" on:click=move |_| add(SpendKind::Fixed) disabled=move || { n.get() >= MAX_SPEND_LINES }>
                    {super::tr("a.add_fixed")}
                </button>
            </div>
        </Group>
    }
}

#[component]
fn SpendLineRow(
    /// Index of the spend line.
    index: usize,
) -> impl IntoView {
    let state = use_state();
    let line =
        Memo::new(move |_| state.with_outline(|s| s.spend_lines.get(index).map(|l| (l.kind, pacing_key(&l.pacing)))));
    let remove = Callback::new(move |_| {
        let _ = state.try_replace(state.scenario.with_untracked(|sc| edit::remove_spend_line(sc, index)));
    });
    let set_kind = move |v: String| {
        let kind = if v == "traffic" { SpendKind::Traffic } else { SpendKind::Fixed };
        let _ = state.try_replace(state.scenario.with_untracked(|sc| edit::set_kind(sc, index, kind)));
    };
    let set_pacing = move |v: String| {
        let _ = state.try_replace(state.scenario.with_untracked(|sc| edit::set_pacing(sc, index, &v)));
    };
    let p = move |f: &str| format!("spend_lines.{index}.{f}");
    let is_traffic = move || line.get().map(|l| l.0 == SpendKind::Traffic).unwrap_or(false);
    let is_monthly = move || line.get().map(|l| l.1 == "monthly").unwrap_or(false);
    view! {
        <div class="row line" data-testid=format!("spend-line-{index}")>
            <div class="row-head">
                <TextField path=p("name")/>
                <select data-testid=format!("input-{}", p("kind")) aria-label=super::tr("f.kind") title=super::tr("h.kind")
                    prop:value=move || if is_traffic() { "traffic" } else { "fixed" } on:change=move |ev| set_kind(event_target_value(&ev))>
                    <option value="traffic">{super::tr("v.traffic")}</option>
                    <option value="fixed">{super::tr("v.fixed")}</option>
                </select>
                <select data-testid=format!("input-{}", p("pacing")) aria-label=super::tr("f.pacing") title=super::tr("h.pacing")
                    prop:value=move || line.get().map(|l| l.1).unwrap_or("even") on:change=move |ev| set_pacing(event_target_value(&ev))>
                    <option value="even">{super::tr("v.even")}</option>
                    <option value="seasonal">{super::tr("v.seasonal")}</option>
                    <option value="monthly">{super::tr("v.monthly")}</option>
                </select>
                <RowActions prefix=format!("spend-line-{index}") remove=Some(remove)
                    what=row_name("w.line", move |sc| sc.spend_lines.get(index).map(|l| l.name.clone()).unwrap_or_default())/>
            </div>
            <div class="grid">
                <NumberField path=p("budget") compact=true/>
                <Show when=is_traffic>
                    <NumberField path=p("cpc") compact=true/>
                    <NumberField path=p("half_saturation") compact=true/>
                </Show>
            </div>
            <Show when=is_traffic>
                <SplitFields index=index/>
            </Show>
            <Show when=is_monthly>
                <div class="grid six">
                    {(0..12).map(|m| view! { <NumberField path=format!("spend_lines.{index}.pacing.{m}") label=Signal::derive(move || month_name(state.lang.get(), m)) compact=true/> }).collect_view()}
                </div>
            </Show>
        </div>
    }
}

fn pacing_key(p: &Pacing) -> &'static str {
    match p {
        Pacing::Even => "even",
        Pacing::Seasonal => "seasonal",
        Pacing::Monthly(_) => "monthly",
    }
}

/// The split of a traffic line across channels, one weight per channel, labelled by channel name.
#[component]
fn SplitFields(
    /// Index of the spend line.
    index: usize,
) -> impl IntoView {
    let state = use_state();
    let names =
        Memo::new(move |_| state.with_outline(|s| s.channels.iter().map(|c| c.name.clone()).collect::<Vec<_>>()));
    view! {
        <h3 class="sub">{super::tr("f.split")}</h3>
        <div class="grid six">
            {move || names.get().into_iter().enumerate().map(|(c, name)| view! {
                <NumberField path=format!("spend_lines.{index}.split.{c}") label=Signal::stored(name) compact=true/>
            }).collect_view()}
        </div>
    }
}

#[component]
fn Customers() -> impl IntoView {
    let state = use_state();
    let days = crate::model::scenario::REPEAT_AGES;
    view! {
        <Group key="group.customers">
            <div class="grid">
                <NumberField path="customers.existing_base"/>
                <NumberField path="customers.base_orders_per_year"/>
                <NumberField path="customers.repeat_aov_factor"/>
            </div>
            <h3 class="sub">{super::tr("f.repeat_curve")}</h3>
            <div class="grid four">
                {days.iter().enumerate().map(|(k, d)| {
                    let d = *d;
                    let label = Signal::derive(move || crate::present::i18n::days_label(state.lang.get(), d));
                    view! { <NumberField path=format!("customers.repeat_curve.{k}") label=label compact=true/> }
                }).collect_view()}
            </div>
        </Group>
    }
}

#[component]
fn Costs() -> impl IntoView {
    view! {
        <Group key="group.costs">
            <div class="grid">
                <NumberField path="costs.gross_margin"/>
                <NumberField path="costs.fulfillment_per_order"/>
                <NumberField path="costs.fixed_costs"/>
            </div>
        </Group>
    }
}
