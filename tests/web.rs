//! Component tests in a real browser (wasm-bindgen-test with ChromeDriver): a `NumberField` mounted alone
//! applies typed percentages, shows the validation message of a bad value, and follows its slider, reading in
//! the language's units out of editing and in digits in it.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use sandtable::app::{AppState, NumberField};
use sandtable::model::Scenario;
use sandtable::present::format::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a `NumberField` for `path` in a fresh `<div>` and returns the state and the container.
fn mount(path: &'static str) -> (AppState, HtmlElement) {
    let div: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&div).unwrap();
    let state = AppState::new(Scenario::default(), Lang::En);
    let handle = leptos::mount::mount_to(div.clone(), move || {
        provide_context(state);
        view! { <NumberField path=path/> }
    });
    handle.forget();
    (state, div)
}

fn input(div: &HtmlElement, testid: &str) -> HtmlInputElement {
    div.query_selector(&format!("[data-testid='{testid}']")).unwrap().expect(testid).unchecked_into()
}

fn press_enter(el: &HtmlInputElement) {
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

#[wasm_bindgen_test]
async fn typed_percent_applies_on_enter() {
    let (state, div) = mount("channels.0.cvr");
    settle().await;
    let field = input(&div, "input-channels.0.cvr");
    assert_eq!(field.value(), "3.2");
    field.set_value("4.5");
    press_enter(&field);
    settle().await;
    assert_eq!(state.scenario.get_untracked().channels[0].cvr, 0.045);
    assert_eq!(input(&div, "slider-channels.0.cvr").value(), "4.5");
}

#[wasm_bindgen_test]
async fn invalid_value_is_marked_and_not_applied() {
    let (state, div) = mount("channels.0.cvr");
    settle().await;
    let field = input(&div, "input-channels.0.cvr");
    field.set_value("150");
    press_enter(&field);
    settle().await;
    assert_eq!(state.scenario.get_untracked().channels[0].cvr, 0.032);
    let error = div.query_selector("[data-testid='error-channels.0.cvr']").unwrap().unwrap();
    assert_eq!(error.text_content().unwrap(), "must be between 0% and 100% (not 0%), got 150.00%");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn slider_applies_while_moving() {
    let (state, div) = mount("spend_lines.0.budget");
    settle().await;
    let slider = input(&div, "slider-spend_lines.0.budget");
    slider.set_value("200000000");
    slider.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    settle().await;
    assert_eq!(state.scenario.get_untracked().spend_lines[0].budget, 2e8);
    // Out of editing the field reads in the language's units; in it, the exact digits.
    let field = input(&div, "input-spend_lines.0.budget");
    assert_eq!(field.value(), "200 M");
    field.dispatch_event(&web_sys::Event::new("focus").unwrap()).unwrap();
    settle().await;
    assert_eq!(field.value(), "200000000");
    // The reading beside the field says it in the language's units.
    assert!(div.text_content().unwrap().contains("¥200 M"), "{}", div.text_content().unwrap());
}

/// The read-only embed reads a link with the browser's JSON parser: every fixture link, today's links of plans
/// with Chinese names, ranges and notes, and a bad plan read as `codec::decode` reads them, to the last bit.
#[wasm_bindgen_test]
fn the_browser_reads_a_link_as_the_codec_does() {
    use sandtable::app::read_plan_by_browser;
    use sandtable::codec::{decode, fragment, unpack};
    let chinese = sandtable::model::parse_scenario(include_str!("fixtures/scenario-chinese.json")).unwrap();
    let mut ranged = Scenario::default();
    ranged.channels[0].cvr = 0.1 + 0.2;
    ranged.last_year_gmv = 1.0 / 3.0 * 1e9;
    ranged.notes.plan = "双11 \"预售\" <b>\u{1F4C8}</b>\n二期".into();
    ranged.notes.targets.insert("q3_gmv".into(), "618 后".into());
    let links = [
        include_str!("fixtures/link-v1-default.txt").to_string(),
        include_str!("fixtures/link-v1-chinese.txt").to_string(),
        include_str!("fixtures/link-v1-default-fixed-huffman.txt").to_string(),
        fragment(&chinese),
        fragment(&ranged),
    ];
    for link in &links {
        let want = decode(link).unwrap();
        assert_eq!(read_plan_by_browser(&unpack(link).unwrap()), Some(want), "{link}");
    }
    // A plan that does not validate opens in neither.
    let mut bad = Scenario::default();
    bad.channels[0].cvr = 1.5;
    let link = fragment(&bad);
    assert!(decode(&link).is_err());
    assert_eq!(read_plan_by_browser(&unpack(&link).unwrap()), None);
    assert_eq!(read_plan_by_browser(b"{\"schema\": 3}"), None);
    assert_eq!(read_plan_by_browser(b"not json"), None);
}

/// The browser's inflater reads a link as the codec's does: the same JSON, or the same error (cut short, bytes
/// after the end, past the size limit, not base64, empty), so the page and the embeds need no inflater of their own.
#[wasm_bindgen_test]
async fn the_browser_inflates_a_link_as_the_codec_does() {
    use sandtable::app::unpack_link;
    use sandtable::codec::{base64url_decode, base64url_encode, fragment, unpack, MAX_JSON};
    let good = fragment(&Scenario::default());
    let mut junk = base64url_decode(&good[4..]).unwrap();
    junk.push(0);
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON + 10], 9);
    let exact = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON], 9);
    let links = [
        include_str!("fixtures/link-v1-default.txt").to_string(),
        include_str!("fixtures/link-v1-chinese.txt").to_string(),
        include_str!("fixtures/link-v1-default-fixed-huffman.txt").to_string(),
        good.clone(),
        good[..good.len() - 20].to_string(),
        format!("s=1.{}", base64url_encode(&junk)),
        format!("s=1.{}", base64url_encode(&bomb)),
        format!("s=1.{}", base64url_encode(&exact)),
        "s=1.AAAA".into(),
        "s=1.ab*cd".into(),
        "s=".into(),
    ];
    for link in &links {
        let (browser, codec) = (unpack_link(link).await, unpack(link));
        assert_eq!(browser.as_ref().map(Vec::len), codec.as_ref().map(Vec::len), "{}", &link[..link.len().min(40)]);
        assert!(browser == codec, "{}", &link[..link.len().min(40)]);
    }
}
