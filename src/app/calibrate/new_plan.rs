//! New plan (新建方案, in the panels' wasm): a start from a template of the planner's choice — the example plan
//! or a blank one-channel plan (`edit::blank_plan`) — shown in the start-from-last-year panel, next to the
//! calibration (both are ways to start a plan; the page pays nothing for either). The chosen plan goes back as
//! one undoable step (`lazy::send_apply`), so the plan it replaces is one undo away.

use crate::app::lazy;
use crate::present::i18n::{self, t};
use leptos::prelude::*;

/// The two templates, in the panel of the root `root` (whose plan the page checks before applying).
#[component]
pub fn NewPlan(
    /// The panel's root element's id.
    root: &'static str,
    /// Closes the panel once a template is chosen.
    close: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = crate::app::use_state().lang;
    let choose = move |blank: bool| {
        let l = lang.get_untracked();
        let sc = if blank {
            crate::edit::blank_plan(t(l, "np.name"), t(l, "np.channel"))
        } else {
            i18n::default_names(&crate::model::Scenario::default(), l)
        };
        close();
        lazy::send_apply(
            root,
            &serde_json::to_string(&sc).unwrap_or_default(),
            &format!("{} {}", t(l, "np.applied"), sc.name),
        );
    };
    view! {
        <div class="new-plan" data-testid="new-plan">
            <h3 class="sub">{crate::app::tr("np.title")}</h3>
            <p class="muted small">{crate::app::tr("np.intro")}</p>
            <button type="button" data-testid="new-plan-default" on:click=move |_| choose(false)>{crate::app::tr("np.default")}</button>
            " "
            <button type="button" data-testid="new-plan-blank" on:click=move |_| choose(true)>{crate::app::tr("np.blank")}</button>
        </div>
    }
}
