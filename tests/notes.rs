//! Notes (MODEL.md §2): the planner's words on the plan and on target rows — validated with the field named,
//! carried by links and the JSON, kept with their row through structural edits, never a number's cause.
#![cfg(not(target_arch = "wasm32"))]

use sandtable::codec;
use sandtable::edit;
use sandtable::model::scenario::Scenario;
use sandtable::model::simulate;
use sandtable::model::validate::{parse_scenario, validate};

/// The default plan with `notes` (`(key, text)`, `plan` for the plan's own) set through the edit.
fn noted(notes: &[(&str, &str)]) -> Scenario {
    notes.iter().fold(Scenario::default(), |sc, (k, t)| edit::set_note(&sc, k, t).expect(k))
}

/// The notes of `sc` as `key=text` lines, the plan's first.
fn listed(sc: &Scenario) -> Vec<String> {
    let plan = (!sc.notes.plan.is_empty()).then(|| format!("plan={}", sc.notes.plan));
    plan.into_iter().chain(sc.notes.targets.iter().map(|(k, t)| format!("{k}={t}"))).collect()
}

/// One case: a note `text` on `key` of the default plan is taken (`Ok`) or refused with `path: message`.
fn check(key: &str, text: &str, expected: Result<(), &str>) {
    match (edit::set_note(&Scenario::default(), key, text), expected) {
        (Ok(sc), Ok(())) => assert!(validate(&sc).is_empty(), "{key}"),
        (Err(e), Err(msg)) => assert_eq!(e.to_string(), msg, "{key}"),
        (got, want) => panic!("{key}: got {got:?}, want {want:?}"),
    }
}

#[test]
fn notes_are_validated_with_the_field_named() {
    check("plan", "618 pre-sale moved into June", Ok(()));
    check("q3_gmv", "Q3 below plan: 618 pre-sale moved into June", Ok(()));
    check("channels.2.gmv", &"抖".repeat(500), Ok(()));
    check("events.1.gmv", "<script>alert(1)</script>", Ok(()));
    check("marketing_ratio", "a KPI target row", Ok(()));
    check("q5_gmv", "x", Err("notes.targets.q5_gmv: not a target row of this plan"));
    // Double 12 has no GMV target, so no row to explain.
    check("events.3.gmv", "x", Err("notes.targets.events.3.gmv: not a target row of this plan"));
    check("cpa", "x", Err("notes.targets.cpa: not a target row of this plan"));
    check("plan", &"a".repeat(501), Err("notes.plan: must be at most 500 characters, got 501"));
    check("gmv", &"目".repeat(501), Err("notes.targets.gmv: must be at most 500 characters, got 501"));
}

#[test]
fn a_document_with_a_note_on_no_row_is_refused_naming_it() {
    let mut sc = Scenario::default();
    sc.notes.targets.insert("q5_gmv".into(), "x".into());
    let errs: Vec<String> = validate(&sc).iter().map(|e| e.to_string()).collect();
    assert_eq!(errs, ["notes.targets.q5_gmv: not a target row of this plan"]);
    let json = serde_json::to_string(&sc).unwrap();
    let e = parse_scenario(&json).unwrap_err().to_string();
    assert!(e.contains("notes.targets.q5_gmv: not a target row of this plan"), "{e}");
    let bad = json.replace("\"targets\":{\"q5_gmv\"", "\"target\":{\"q5_gmv\"");
    assert!(parse_scenario(&bad).is_err(), "unknown fields in notes are refused");
}

#[test]
fn notes_change_no_number_and_an_empty_note_leaves_no_trace() {
    let sc = noted(&[("plan", "Why"), ("gmv", "because"), ("q3_gmv", "pre-sale")]);
    let (a, b) = (simulate(&Scenario::default()).unwrap(), simulate(&sc).unwrap());
    assert_eq!(serde_json::to_value(&a).unwrap(), serde_json::to_value(&b).unwrap());
    // Emptied (spaces only) notes are removed; the JSON of a plan without notes has no `notes` (old links read
    // the same, schema stays 2).
    let cleared = ["plan", "gmv", "q3_gmv"].iter().fold(sc, |sc, k| edit::set_note(&sc, k, "  ").unwrap());
    assert_eq!(cleared, Scenario::default());
    assert!(!serde_json::to_string(&cleared).unwrap().contains("notes"));
    assert_eq!(cleared.schema, 2);
}

#[test]
fn links_and_json_carry_notes_exactly_and_say_what_a_long_note_costs() {
    let sc = noted(&[("plan", "全年计划说明\n第二行"), ("q3_gmv", "Q3 below plan: 618 \"pre-sale\" </div>")]);
    let back = codec::decode(&codec::encode(&sc)).unwrap();
    assert_eq!(back, sc);
    assert_eq!(parse_scenario(&serde_json::to_string(&sc).unwrap()).unwrap(), sc);
    // What notes cost a link: the default plan's link, then with a 500-character Chinese note on every year and
    // quarter row and the plan (the worst a planner writes), all within the link's limit.
    let base = codec::encode(&Scenario::default()).len();
    // Characters that do not repeat in a pattern, so that DEFLATE cannot shrink the note below real text.
    let text = |seed: u32| -> String {
        (0..500).map(|i| char::from_u32(0x4E00 + (i * 7919 + seed * 104_729) % 6000).unwrap()).collect()
    };
    let keys = ["plan", "gmv", "q1_gmv", "q2_gmv", "q3_gmv", "q4_gmv"];
    let full = keys.iter().zip(1..).fold(Scenario::default(), |sc, (k, i)| edit::set_note(&sc, k, &text(i)).unwrap());
    let with_notes = codec::encode(&full).len();
    let one = codec::encode(&edit::set_note(&Scenario::default(), "gmv", &text(0)).unwrap()).len();
    println!("link: {base} characters; one 500-character note: +{}; six: +{}", one - base, with_notes - base);
    assert!(with_notes <= codec::MAX_PAYLOAD);
    assert_eq!(codec::decode(&codec::encode(&full)).unwrap(), full);
}

#[test]
fn notes_follow_their_rows_through_structural_edits() {
    let sc = noted(&[("channels.0.gmv", "Tmall"), ("channels.1.gmv", "JD"), ("channels.4.gmv", "WeChat")]);
    // Moving JD up swaps it with Tmall, notes and all.
    let moved = edit::move_channel(&sc, 1, true).unwrap();
    assert_eq!(listed(&moved), ["channels.0.gmv=JD", "channels.1.gmv=Tmall", "channels.4.gmv=WeChat"]);
    // Removing JD removes its note and re-keys the channels after it.
    let removed = edit::remove_channel(&sc, 1).unwrap();
    assert_eq!(listed(&removed), ["channels.0.gmv=Tmall", "channels.3.gmv=WeChat"]);
    // An event removed takes its note; the later events' notes move up.
    let ev = noted(&[("events.0.gmv", "3.8"), ("events.2.gmv", "Double 11")]);
    let ev = edit::remove_event(&ev, 1).unwrap();
    assert_eq!(listed(&ev), ["events.0.gmv=3.8", "events.1.gmv=Double 11"]);
    // A target taken away (a channel's set to 0, a KPI target removed) takes its note with it.
    let sc = noted(&[("channels.2.gmv", "Douyin"), ("marketing_ratio", "10%"), ("gmv", "year")]);
    let zero = edit::set_number(&sc, "channels.2.gmv_target", 0.0).unwrap();
    assert_eq!(listed(&zero), ["gmv=year", "marketing_ratio=10%"]);
    let no_kpi = edit::remove_kpi_target(&zero, "marketing_ratio").unwrap();
    assert_eq!(listed(&no_kpi), ["gmv=year"]);
}
