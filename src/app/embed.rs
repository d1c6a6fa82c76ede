//! The compact view for an iframe (`?embed=1`): headline KPIs with status, one chart (`&chart=`), a link to
//! the full app with the same plan, and with `&edit=1` a few key drivers to move.

use super::chart::CanvasChart;
use super::fields::NumberField;
use super::results_view::KpiGrid;
use super::share::{self, Mode};
use super::use_state;
use leptos::prelude::*;

/// The KPIs an embedded plan shows.
pub const EMBED_KPIS: [&str; 6] = ["gmv", "net_profit", "net_margin", "paid_roi", "repeat_share", "marketing"];

/// The drivers editable with `&edit=1`: the GMV target, the first channel's conversion and order value,
/// and the first spend line's budget.
const DRIVERS: [&str; 4] = ["targets.gmv", "channels.0.cvr", "channels.0.aov", "spend_lines.0.budget"];

/// The embed page.
#[component]
pub fn EmbedView() -> impl IntoView {
    let state = use_state();
    let mode = expect_context::<Mode>();
    let open_link = move || state.scenario.with(share::link);
    let has_line = state.scenario.with_untracked(|s| !s.spend_lines.is_empty());
    view! {
        <div class="embed" data-testid="embed">
            <header class="embed-head">
                <strong data-testid="embed-name">{move || state.scenario.with(|s| s.name.clone())}</strong>
                <a href=open_link target="_blank" rel="noopener" data-testid="open-full">{super::tr("u.open_full")}</a>
            </header>
            <KpiGrid keys=&EMBED_KPIS/>
            {mode.edit.then(|| view! {
                <div class="grid four drivers" data-testid="embed-drivers">
                    {DRIVERS.iter().filter(|p| has_line || !p.starts_with("spend_lines")).map(|p| view! { <NumberField path=*p compact=true/> }).collect_view()}
                </div>
            })}
            <CanvasChart kind=mode.chart height=240.0/>
        </div>
    }
}
