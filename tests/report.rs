//! The report for people (issue 21, `present::report`): its numbers are the engine's, its charts well-formed
//! SVG, a plan's text is shown as text, and a plan with actuals and ranges reports the forecast and its chance.

use sandtable::analysis::montecarlo::{self, Options};
use sandtable::model::scenario::*;
use sandtable::model::simulate;
use sandtable::present::format::Lang;
use sandtable::present::report::{self, html, iso_date};

/// The `data-value` of every element with `data-key="key"` in `page`, in order.
fn values(page: &str, key: &str) -> Vec<f64> {
    values_of(page, "data-key", key)
}

/// The `data-value` of every element whose attribute `attr` is `key`.
fn values_of(page: &str, attr: &str, key: &str) -> Vec<f64> {
    let needle = format!("{attr}=\"{key}\" data-value=\"");
    page.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &page[i + needle.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect()
}

/// Every inline `<svg>…</svg>`, parsed as XML to its end.
fn check_svgs(page: &str) -> usize {
    let mut n = 0;
    for (i, _) in page.match_indices("<svg ") {
        let end = page[i..].find("</svg>").expect("a closed svg") + i + "</svg>".len();
        let mut reader = quick_xml::Reader::from_str(&page[i..end]);
        let mut depth = 0i32;
        loop {
            match reader.read_event().unwrap_or_else(|e| panic!("svg {n}: {e}")) {
                quick_xml::events::Event::Start(_) => depth += 1,
                quick_xml::events::Event::End(_) => depth -= 1,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(depth, 0, "svg {n} is balanced");
        n += 1;
    }
    n
}

#[test]
fn the_reports_numbers_are_the_engines_and_its_charts_well_formed_svg() {
    for lang in [Lang::Zh, Lang::En] {
        let sc = Scenario::default();
        let r = simulate(&sc).unwrap();
        let page = html(&sc, lang, "2026-12-02").unwrap();
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("size: A4 landscape"));
        for key in ["gmv", "net_profit", "net_margin", "marketing_ratio", "paid_roi", "yoy_growth"] {
            assert_eq!(values(&page, key).first().copied(), r.year.get(key), "{key}");
        }
        for row in &r.targets {
            assert_eq!(
                values_of(&page, "data-row", &row.key),
                row.value.into_iter().collect::<Vec<_>>(),
                "{}",
                row.key
            );
        }
        // The chances are the Monte Carlo's of the plan's own seed.
        let mc = montecarlo::run(&sc, Options::of(&sc));
        for c in &mc.targets {
            assert_eq!(values_of(&page, "data-chance", &c.key), vec![c.probability], "{}", c.key);
        }
        assert!(check_svgs(&page) >= 4, "monthly, budget, fan, cumulative");
        // No script and no external reference: it opens offline.
        // (The SVG namespace is a name, not a reference.)
        let bare = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !bare.contains("<script")
                && !bare.contains("http://")
                && !bare.contains("https://")
                && !bare.contains("src=")
        );
        // Rows on watch or alert say they have no note.
        let flagged = r.targets.iter().filter(|t| t.status.as_str() == "watch" || t.status.as_str() == "alert").count();
        let word = if lang == Lang::Zh { "未说明" } else { "no note" };
        assert_eq!(page.matches(word).count(), flagged);
    }
}

#[test]
fn a_plans_text_is_shown_as_text() {
    let mut sc = Scenario { name: "<script>alert(1)</script></div>".into(), ..Scenario::default() };
    sc.channels[0].name = "T&<b>mall</b>".into();
    let page = html(&sc, Lang::En, "2026-12-02").unwrap();
    assert!(!page.contains("<script>") && !page.contains("<b>mall"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;/div&gt;"));
    assert!(page.contains("T&amp;&lt;b&gt;mall&lt;/b&gt;"));
    check_svgs(&page);
}

#[test]
fn with_actuals_and_ranges_the_report_gives_progress_the_forecast_and_its_chance() {
    let mut sc = Scenario::default();
    let r = simulate(&sc).unwrap();
    let mut channels = vec![ChannelActuals::default(); sc.channels.len()];
    channels[0].months =
        (0..4).map(|m| MonthActual { gmv: r.channels[0].monthly_gmv[m] * 0.93, ..Default::default() }).collect();
    sc.actuals = Some(Actuals { through: "04-30".into(), forecast: Forecast::Pace, channels, spend_lines: None });
    let page = html(&sc, Lang::Zh, "2026-12-02").unwrap();
    let tr = simulate(&sc).unwrap().tracking.unwrap();
    assert_eq!(values(&page, "forecast_gmv"), vec![tr.forecast.gmv]);
    assert_eq!(values(&page, "time_progress"), vec![tr.time_progress]);
    let mc = montecarlo::run(&sc, Options::of(&sc));
    let chance = mc.forecast.unwrap().targets[0].probability;
    assert!(page.contains(&format!("达成概率 {}", sandtable::present::format::percent(chance, 0))));
    assert!(page.contains("data-chart=\"forecast\""));
    check_svgs(&page);
}

#[test]
fn dates_from_days_since_1970() {
    assert_eq!(iso_date(0), "1970-01-01");
    assert_eq!(iso_date(20_789), "2026-12-02");
    assert_eq!(iso_date(11_016), "2000-02-29");
    assert_eq!(iso_date(-1), "1969-12-31");
}

#[test]
fn the_page_shows_the_same_report_the_file_holds_under_the_same_sheet() {
    // The page's report view shows `body` under `style/report.css`; the file is that body in a document of its
    // own with the same sheet inline, so what is seen, printed and downloaded are one.
    let sc = Scenario::default();
    let body = report::body(&sc, Lang::Zh, "2026-12-03").unwrap();
    assert!(body.starts_with("<main class=\"report\" data-testid=\"report\" lang=\"zh-CN\">"), "{}", &body[..80]);
    let page = report::html(&sc, Lang::Zh, "2026-12-03").unwrap();
    assert_eq!(page, report::document(&sc, Lang::Zh, &body));
    assert!(page.contains(&format!("<style>{}</style>", report::STYLE)));
    assert!(report::STYLE.contains("@page") && report::STYLE.contains("size: A4 landscape"));
    assert!(!page.contains("<script") && !page.contains(" src=") && !page.contains(" href="));
}
