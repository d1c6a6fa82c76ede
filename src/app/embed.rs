//! The compact view for an iframe (`?embed=1`): headline KPIs with status, one chart (`&chart=`), a link to
//! the full app with the same plan, and with `&edit=1` a few key drivers to move.

use super::editor::NumberField;
use super::results::CanvasChart;
use super::results::KpiGrid;
use super::share::{self, Mode};
use super::use_state;
use leptos::prelude::*;

/// The KPIs an embedded plan shows.
pub const EMBED_KPIS: [&str; 6] = ["gmv", "net_profit", "net_margin", "paid_roi", "repeat_share", "marketing"];

/// The drivers editable with `&edit=1`: the GMV target, the first channel's conversion and order value,
/// and the first spend line's budget.
const DRIVERS: [&str; 4] = ["targets.gmv", "channels.0.cvr", "channels.0.aov", "spend_lines.0.budget"];

/// A driver's label with what it belongs to (`天猫 转化率`, `Feed ads Budget`): alone in a wiki page, "转化率"
/// would not say whose.
fn owned_label(path: &'static str) -> Signal<String> {
    let state = use_state();
    Signal::derive(move || {
        let lang = state.lang.get();
        let field = crate::present::i18n::field_label(lang, path);
        let owner = state.scenario.with(|sc| match path.split('.').next() {
            Some("channels") => sc.channels.first().map(|c| c.name.clone()),
            Some("spend_lines") => sc.spend_lines.first().map(|l| l.name.clone()),
            _ => None,
        });
        owner.map_or_else(|| field.to_string(), |o| format!("{o} {field}"))
    })
}

/// The embed page.
#[component]
pub fn EmbedView() -> impl IntoView {
    let state = use_state();
    let mode = expect_context::<Mode>();
    let open_link = move || state.scenario.with(share::link);
    let has_line = state.scenario.with_untracked(|s| !s.spend_lines.is_empty());
    // The tornado runs only while someone looks at it: an embed of it does, from the start.
    super::workers::use_analysis().tornado_open.set(mode.chart == crate::charts::ChartKind::Tornado);
    view! {
        <div class="embed" data-testid="embed">
            <header class="embed-head">
                <strong data-testid="embed-name">{move || state.scenario.with(|s| s.name.clone())}</strong>
                <a href=open_link target="_blank" rel="noopener" data-testid="open-full">{super::tr("u.open_full")}</a>
            </header>
            <KpiGrid keys=&EMBED_KPIS/>
            {mode.edit.then(|| view! {
                <div class="grid four drivers" data-testid="embed-drivers">
                    {DRIVERS.iter().filter(|p| has_line || !p.starts_with("spend_lines")).map(|p| view! { <NumberField path=*p compact=true label=owned_label(p)/> }).collect_view()}
                </div>
            })}
            <CanvasChart kind=mode.chart height=240.0/>
        </div>
    }
}
