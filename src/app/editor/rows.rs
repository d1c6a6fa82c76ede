//! The structural edits of the rows on the first screen — add, move and remove a channel, add and remove a KPI
//! target — asked for by the page's buttons (`ask`) and made by the panels' wasm (`serve`) on its state that follows
//! the page's plan, which hands the plan back as one undoable step (`lazy::serve`). So their code, and the notice
//! that says where a removed channel's visitors go, are not in the page's wasm.
//!
//! Invariant: a request acts on the page's plan of the moment it is made (the plan is handed over first), and a
//! request made before the panels' wasm has loaded waits on its root and is made once it mounts.

use crate::app::{lazy, use_state, AppState};
use crate::edit;
use crate::present::format;
use crate::present::i18n::t;
use leptos::prelude::*;

/// The event the page sends `lazy::EDITOR` with a request in its `data-edit`.
pub const EDIT_EVENT: &str = "sandtable:edit";

/// One structural edit of a row on the first screen, as the page asks for it.
#[derive(Clone, Debug, PartialEq)]
pub enum RowEdit {
    /// Adds a channel (a copy of the last one's funnel, named "新渠道").
    AddChannel,
    /// Moves channel `.0` up (`true`) or down.
    MoveChannel(usize, bool),
    /// Removes channel `.0`, first saying where its paid visitors and existing customers go, if anywhere.
    RemoveChannel(usize),
    /// Adds a year target on the KPI of this key, at its default.
    AddKpiTarget(String),
    /// Removes the year target on the KPI of this key.
    RemoveKpiTarget(String),
}

impl RowEdit {
    /// The request as `data-edit` carries it (`move-channel 2 up`).
    fn text(&self) -> String {
        match self {
            RowEdit::AddChannel => "add-channel".into(),
            RowEdit::MoveChannel(i, up) => format!("move-channel {i} {}", if *up { "up" } else { "down" }),
            RowEdit::RemoveChannel(i) => format!("remove-channel {i}"),
            RowEdit::AddKpiTarget(key) => format!("add-kpi-target {key}"),
            RowEdit::RemoveKpiTarget(key) => format!("remove-kpi-target {key}"),
        }
    }

    /// Reads a request back; `None` for anything else.
    fn parse(text: &str) -> Option<RowEdit> {
        let mut words = text.split(' ');
        let (verb, arg, dir) = (words.next()?, words.next(), words.next());
        let index = || arg.and_then(|a| a.parse::<usize>().ok());
        Some(match verb {
            "add-channel" => RowEdit::AddChannel,
            "move-channel" => RowEdit::MoveChannel(index()?, dir? == "up"),
            "remove-channel" => RowEdit::RemoveChannel(index()?),
            "add-kpi-target" => RowEdit::AddKpiTarget(arg?.to_string()),
            "remove-kpi-target" => RowEdit::RemoveKpiTarget(arg?.to_string()),
            _ => return None,
        })
    }
}

/// The page's side: asks the panels' wasm for `edit` on the page's plan as it is now.
pub fn ask(state: AppState, edit: RowEdit) {
    lazy::hand_over(state, lazy::EDITOR);
    let Some(root) = lazy::root(lazy::EDITOR) else { return };
    let _ = root.set_attribute("data-edit", &edit.text());
    if lazy::mounted(&root) {
        lazy::dispatch(&root, EDIT_EVENT);
    }
    lazy::load();
}

/// The panels' side, on the state that follows the page's plan in `lazy::EDITOR`: makes each request asked there,
/// the one waiting at its mount first.
pub fn serve(state: AppState) {
    let take = move || {
        let Some(root) = lazy::root(lazy::EDITOR) else { return };
        let text = root.get_attribute("data-edit");
        let _ = root.remove_attribute("data-edit");
        if let Some(edit) = text.as_deref().and_then(RowEdit::parse) {
            make(state, edit);
        }
    };
    if let Some(root) = lazy::root(lazy::EDITOR) {
        lazy::listen(&root, EDIT_EVENT, take);
    }
    take();
}

/// Makes one request on the panels' state (an error is the page's button's to prevent: adding past the most
/// channels, moving past an end).
fn make(state: AppState, request: RowEdit) {
    let lang = state.lang.get_untracked();
    let now = |f: &dyn Fn(&crate::model::Scenario) -> edit::Edit| state.try_replace(state.scenario.with_untracked(f));
    match request {
        RowEdit::AddChannel => {
            if now(&|sc| edit::add_channel(sc, t(lang, "v.new_channel"))).is_ok() {
                state.tell("info", t(lang, "u.channel_added"));
            }
        }
        RowEdit::MoveChannel(i, up) => {
            let _ = now(&|sc| edit::move_channel(sc, i, up));
        }
        RowEdit::RemoveChannel(i) => match state.scenario.with_untracked(|sc| edit::removal_effect(sc, i)) {
            Some(fx) => confirm_removal(state, i, fx),
            None => {
                let _ = now(&|sc| edit::remove_channel(sc, i));
            }
        },
        RowEdit::AddKpiTarget(key) => {
            let _ = now(&|sc| edit::add_kpi_target(sc, &key));
        }
        RowEdit::RemoveKpiTarget(key) => {
            let _ = now(&|sc| edit::remove_kpi_target(sc, &key));
        }
    }
}

thread_local! {
    /// The removal notice on screen (one at a time): a new one unmounts it.
    static NOTICE: std::cell::RefCell<Option<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(None) };
}

/// The element in channel row `i` that its removal notice mounts into.
pub fn notice_root(i: usize) -> String {
    format!("channel-{i}-removal-root")
}

/// Shows, in channel `i`'s row, where its paid visitors and existing customers go, to confirm its removal.
fn confirm_removal(state: AppState, i: usize, fx: edit::Removal) {
    let Some(el) = lazy::root(&notice_root(i)).and_then(|r| wasm_bindgen::JsCast::dyn_into(r).ok()) else { return };
    NOTICE.with(|n| n.borrow_mut().take());
    let handle = leptos::mount::mount_to(el, move || {
        provide_context(state);
        view! { <RemovalNotice index=i effect=RwSignal::new(Some(fx))/> }
    });
    NOTICE.with(|n| *n.borrow_mut() = Some(Box::new(handle)));
}

/// Before a channel is removed: where its paid visitors and existing customers go, with the resulting shares.
#[component]
fn RemovalNotice(
    /// Index of the channel.
    index: usize,
    /// What the removal moves; `None` hides the notice.
    effect: RwSignal<Option<edit::Removal>>,
) -> impl IntoView {
    let state = use_state();
    let text = move || {
        let lang = state.lang.get();
        let fx = effect.get()?;
        Some(state.scenario.with(|sc| {
            let shares = |w: &[f64]| {
                let names = sc.channels.iter().enumerate().filter(|(c, _)| *c != index).map(|(_, c)| c.name.as_str());
                names.zip(w).map(|(n, x)| format!("{n} {}", format::percent(*x, 1))).collect::<Vec<_>>().join("、")
            };
            // The lines as the removal was asked for; one gone since is left out.
            let mut lines: Vec<String> = fx
                .lines
                .iter()
                .filter_map(|(j, w)| sc.spend_lines.get(*j).map(|l| format!("{}: {}", l.name, shares(w))))
                .collect();
            if let Some(b) = &fx.base {
                lines.push(format!("{}: {}", t(lang, "u.existing_customers"), shares(b)));
            }
            lines
        }))
    };
    // The notice speaks of the plan it was asked on: another plan (a move, an undo, an edit handed over) closes it.
    Effect::new(move |first: Option<()>| {
        state.revision.track();
        if first.is_some() {
            effect.set(None);
        }
    });
    let confirm = move |_| {
        effect.set(None);
        let _ = state.try_replace(state.scenario.with_untracked(|sc| edit::remove_channel(sc, index)));
    };
    view! {
        <Show when=move || effect.with(|e| e.is_some())>
            <div class="confirm" role="alertdialog" data-testid=format!("channel-{index}-removal")>
                <p>{crate::app::tr("u.removal_moves")}</p>
                <ul>{move || text().unwrap_or_default().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                <button type="button" class="danger" data-testid=format!("channel-{index}-remove-confirm") on:click=confirm>{crate::app::tr("a.confirm_delete")}</button>
                <button type="button" on:click=move |_| effect.set(None)>{crate::app::tr("a.cancel")}</button>
            </div>
        </Show>
    }
}
