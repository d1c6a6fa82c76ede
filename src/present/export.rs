//! Export of results as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Chinese names),
//! one block per table — months, quarters, channels, spend lines, events — separated by an empty line.
//!
//! Invariant: a cell never starts a formula (`=`, `+`, `-`, `@` in a name are quoted away), and numbers
//! keep full precision (Rust's shortest round-trip form; empty for `null`).

use crate::analysis::montecarlo::{MonteCarlo, Summary};
use crate::model::kpi;
use crate::model::results::{Kpis, Results};

/// A text cell, quoted when needed, with formula starts neutralised.
pub fn text_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn num(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn kpi_row(out: &mut String, label: &str, k: &Kpis) {
    out.push_str(&text_cell(label));
    for key in kpi::KPIS.iter().map(|k| k.key) {
        out.push(',');
        out.push_str(&num(k.get(key)));
    }
    out.push_str("\r\n");
}

fn kpi_header(out: &mut String, first: &str) {
    out.push_str(first);
    for key in kpi::KPIS.iter().map(|k| k.key) {
        out.push(',');
        out.push_str(key);
    }
    out.push_str("\r\n");
}

fn summary_row(out: &mut String, label: &str, s: &Summary) {
    let cells = [s.mean, s.p5, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95].map(num).join(",");
    out.push_str(&format!("{},{cells},{}\r\n", text_cell(label), s.n));
}

/// The Monte Carlo block of the CSV: each KPI's, quarter's, channel's and month end's quantiles, then each
/// target's chance.
fn montecarlo_csv(out: &mut String, mc: &MonteCarlo) {
    out.push_str("\r\nmontecarlo,mean,p5,p10,p25,p50,p75,p90,p95,n\r\n");
    for (key, s) in &mc.kpis {
        summary_row(out, key, s);
    }
    for q in &mc.quarters {
        summary_row(out, &format!("q{}_gmv", q.quarter), &q.gmv);
    }
    for (i, c) in mc.channels.iter().enumerate() {
        summary_row(out, &format!("channels.{i}.gmv"), &c.gmv);
    }
    for (m, s) in mc.cumulative_gmv.iter().enumerate() {
        summary_row(out, &format!("cumulative_gmv.{}", m + 1), s);
    }
    out.push_str(&format!(
        "\r\ntarget,probability,trials={},seed={},correlation={}\r\n",
        mc.trials, mc.seed, mc.correlation
    ));
    for t in &mc.targets {
        out.push_str(&format!("{},{}\r\n", t.key, t.probability));
    }
}

/// The results JSON with the Monte Carlo summary, when there is one, as its `montecarlo` member.
pub fn results_json(r: &Results, mc: Option<&MonteCarlo>) -> String {
    let text = serde_json::to_string(r).unwrap_or_default();
    match mc.and_then(|m| serde_json::to_string(m).ok()) {
        Some(m) if text.ends_with('}') => format!("{},\"montecarlo\":{m}}}", &text[..text.len() - 1]),
        _ => text,
    }
}

/// The results as CSV text, starting with a byte-order mark, with the Monte Carlo block when there is one.
pub fn results_csv(r: &Results, mc: Option<&MonteCarlo>) -> String {
    let mut out = String::from("\u{FEFF}");
    kpi_header(&mut out, "year");
    kpi_row(&mut out, "year", &r.year);
    out.push_str("\r\n");
    kpi_header(&mut out, "month");
    for m in &r.months {
        kpi_row(&mut out, &m.month.to_string(), &m.kpis);
    }
    out.push_str("\r\n");
    kpi_header(&mut out, "quarter");
    for q in &r.quarters {
        kpi_row(&mut out, &format!("Q{}", q.quarter), &q.kpis);
    }
    out.push_str("\r\n");
    kpi_header(&mut out, "channel");
    for c in &r.channels {
        kpi_row(&mut out, &c.name, &c.kpis);
    }
    out.push_str("\r\nspend_line,kind,spend,paid_uv,new_orders,gmv,roi,cost_per_visitor\r\n");
    for l in &r.spend_lines {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\r\n",
            text_cell(&l.name),
            l.kind,
            l.spend,
            l.paid_uv,
            l.new_orders,
            l.gmv,
            num(l.roi),
            num(l.cost_per_visitor)
        ));
    }
    out.push_str("\r\nevent,days,gmv,orders,uv\r\n");
    for e in &r.events {
        out.push_str(&format!("{},{},{},{},{}\r\n", text_cell(&e.name), e.days, e.gmv, e.orders, e.uv));
    }
    out.push_str("\r\ntarget,value,target,deviation,status\r\n");
    for t in &r.targets {
        out.push_str(&format!(
            "{},{},{},{},{}\r\n",
            t.key,
            num(t.value),
            t.target,
            num(t.deviation),
            t.status.as_str()
        ));
    }
    if let Some(t) = &r.tracking {
        tracking_csv(&mut out, t);
    }
    if let Some(mc) = mc {
        montecarlo_csv(&mut out, mc);
    }
    out
}

/// The tracking blocks (MODEL.md §10): the headline, months, channels' figures to date, spend lines.
fn tracking_csv(out: &mut String, t: &crate::model::tracking::Tracking) {
    out.push_str("\r\ntracking,through,days,time_progress,plan_progress,target_progress,actual_gmv,forecast_method,forecast_gmv\r\n");
    let method = if t.forecast.method == crate::model::scenario::Forecast::Plan { "plan" } else { "pace" };
    out.push_str(&format!(
        "year,{},{},{},{},{},{},{method},{}\r\n",
        t.through,
        t.days,
        t.time_progress,
        num(t.plan_progress),
        num(t.target_progress),
        t.actual_gmv,
        t.forecast.gmv
    ));
    out.push_str("\r\ntracking_month,actual_gmv,plan_gmv,target_gmv,deviation,status,forecast_gmv\r\n");
    for (m, f) in t.forecast.months.iter().enumerate() {
        match t.months.get(m) {
            Some(x) => out.push_str(&format!(
                "{},{},{},{},{},{},{f}\r\n",
                x.month,
                x.actual_gmv,
                x.plan_gmv,
                x.target_gmv,
                num(x.deviation),
                x.status.as_str()
            )),
            None => out.push_str(&format!("{},,,,,,{f}\r\n", m + 1)),
        }
    }
    out.push_str("\r\ntracking_channel,figure,actual,plan,deviation,status\r\n");
    for c in t.channels.iter().flatten() {
        for (key, f) in c.figures.each() {
            out.push_str(&format!(
                "{},{key},{},{},{},{}\r\n",
                text_cell(&c.name),
                num(f.actual),
                num(f.plan),
                num(f.deviation),
                f.status.as_str()
            ));
        }
    }
    out.push_str("\r\ntracking_spend_line,actual,plan,deviation,status\r\n");
    for l in t.spend_lines.iter().flatten() {
        out.push_str(&format!(
            "{},{},{},{},{}\r\n",
            text_cell(&l.name),
            l.actual,
            l.plan,
            num(l.deviation),
            l.status.as_str()
        ));
    }
}

/// Indents compact JSON text (two spaces), without a second serializer in the wasm.
pub fn pretty_json(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_str = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                if matches!(chars.peek(), Some('}') | Some(']')) {
                    out.push(chars.next().unwrap_or(' '));
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{simulate, Scenario};

    #[test]
    fn pretty_json_is_the_same_json() {
        let sc = Scenario::default();
        let compact = serde_json::to_string(&sc).unwrap();
        let pretty = pretty_json(&compact);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
            serde_json::from_str::<serde_json::Value>(&compact).unwrap()
        );
        assert!(pretty.contains("\n  \"name\": \"2026 plan\""));
        assert_eq!(
            pretty_json(r#"{"a":[],"b":{},"c":"x,{\"y"}"#),
            "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": \"x,{\\\"y\"\n}"
        );
        let r = simulate(&sc).unwrap();
        let text = pretty_json(&serde_json::to_string(&r).unwrap());
        assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
    }

    #[test]
    fn csv_has_every_block_and_full_precision() {
        let mut sc = Scenario::default();
        sc.channels[0].name = "天猫, \"旗舰\"".into();
        sc.channels[1].name = "=HYPERLINK(\"x\")".into();
        let r = simulate(&sc).unwrap();
        let csv = results_csv(&r, None);
        assert!(csv.starts_with('\u{FEFF}'));
        for head in
            ["year,gmv", "month,gmv", "quarter,gmv", "channel,gmv", "spend_line,kind", "event,days", "target,value"]
        {
            assert!(csv.contains(head), "{head}");
        }
        assert!(csv.contains(&format!("year,{},", r.year.gmv)));
        assert!(csv.contains("\"天猫, \"\"旗舰\"\"\""));
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""));
        // Fixed lines have no ROI: an empty cell, not "None".
        assert!(csv.contains("Member perks,fixed,"));
        assert!(!csv.contains("None"));
        let months =
            csv.split("\r\n").skip_while(|l| !l.starts_with("month,")).skip(1).take_while(|l| !l.is_empty()).count();
        assert_eq!(months, 12);
    }

    #[test]
    fn exports_carry_the_monte_carlo_summary() {
        use crate::analysis::montecarlo::{run, Options};
        let sc = Scenario::default();
        let r = simulate(&sc).unwrap();
        let mc = run(&sc, Options { trials: 200, ..Options::of(&sc) });
        let csv = results_csv(&r, Some(&mc));
        let g = mc.kpi("gmv").unwrap();
        let p50 = g.p50.unwrap();
        assert!(csv.contains("montecarlo,mean,p5,p10,p25,p50,p75,p90,p95,n"));
        assert!(csv.contains(&format!(",{p50},")), "the GMV median at full precision");
        assert!(csv.contains(&format!("\r\ngmv,{}\r\n", mc.probability("gmv").unwrap())));
        assert!(!results_csv(&r, None).contains("montecarlo"));
        let json: serde_json::Value = serde_json::from_str(&results_json(&r, Some(&mc))).unwrap();
        assert_eq!(json["montecarlo"]["kpis"]["gmv"]["p50"].as_f64(), Some(p50));
        assert_eq!(json["year"]["gmv"].as_f64(), Some(r.year.gmv));
        assert!(serde_json::from_str::<serde_json::Value>(&results_json(&r, None))
            .unwrap()
            .get("montecarlo")
            .is_none());
    }

    #[test]
    fn exports_carry_the_tracking() {
        let sc = Scenario::default();
        let report =
            crate::import::read(b"month,gmv,uv\n2026-01,200000000,9000000\n", "p", 2026, Some("01-20")).unwrap();
        let sc = crate::import::apply(&sc, 0, &report).unwrap();
        let r = simulate(&sc).unwrap();
        let t = r.tracking.as_ref().unwrap();
        let csv = results_csv(&r, None);
        assert!(csv.contains(&format!("year,01-20,20,{},", t.time_progress)));
        assert!(csv.contains(&format!(",pace,{}\r\n", t.forecast.gmv)));
        assert!(csv.contains("tracking_month,actual_gmv"));
        assert!(csv.contains(&format!("\r\n1,200000000,{},", t.months[0].plan_gmv)));
        assert!(csv.contains("Tmall,orders,,"), "an unknown figure is an empty cell");
        assert!(!results_csv(&simulate(&Scenario::default()).unwrap(), None).contains("tracking"));
        let json: serde_json::Value = serde_json::from_str(&results_json(&r, None)).unwrap();
        assert_eq!(json["tracking"]["forecast"]["gmv"].as_f64(), Some(t.forecast.gmv));
    }
}
