//! The `sandtable` command line: simulate, validate and print the default scenario.
//!
//! Invariant: no input makes it panic. Exit codes: 0 success, 1 invalid input, 2 usage error.

use crate::format::{self, Lang};
use crate::model::results::Results;
use crate::model::{validate::parse_scenario_slice, Scenario, ScenarioError, Simulator};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{Read, Write};

/// Sandtable (沙盘): simulate an e-commerce annual plan day by day.
#[derive(Parser, Debug)]
#[command(name = "sandtable", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Simulate a scenario and print the results (JSON by default).
    Simulate {
        /// Scenario JSON file, or - for standard input; the default scenario when left out.
        file: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Language of the table format.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Check a scenario: prints `ok`, or every error one per line.
    Validate {
        /// Scenario JSON file, or - for standard input.
        file: String,
    },
    /// Print the default scenario (the 2026 plan).
    Default,
    /// Print the link fragment (`#s=1.…`) of a scenario; the default scenario when FILE is left out.
    Encode {
        /// Scenario JSON file, or - for standard input.
        file: Option<String>,
    },
    /// Print the scenario JSON of a link, a fragment or a payload, or say why it cannot be opened.
    Decode {
        /// A URL with `#s=…`, a fragment `#s=…` / `s=…`, or a payload `1.…`.
        link: String,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// The results JSON of MODEL.md §4.
    Json,
    /// A readable summary for a terminal.
    Table,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LangArg {
    En,
    Zh,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Command::Default => {
            let sc = Scenario::default();
            out(&to_json(&sc))
        }
        Command::Encode { file } => match read_scenario(file.as_deref()) {
            Ok(sc) => out(&format!("#{}", crate::codec::fragment(&sc))),
            Err(lines) => fail(&lines),
        },
        Command::Decode { link } => match crate::codec::decode(&link) {
            Ok(sc) => out(&to_json(&sc)),
            Err(e) => fail(&[e.to_string()]),
        },
        Command::Validate { file } => match read_scenario(Some(&file)) {
            Ok(_) => out("ok"),
            Err(lines) => fail(&lines),
        },
        Command::Simulate { file, format, lang } => match read_scenario(file.as_deref()) {
            Ok(sc) => {
                let mut sim = Simulator::default();
                let r = sim.run(&sc);
                let text = match format {
                    Format::Json => to_json(r),
                    Format::Table => table(
                        &sc,
                        r,
                        match lang {
                            LangArg::En => Lang::En,
                            LangArg::Zh => Lang::Zh,
                        },
                    ),
                };
                out(&text)
            }
            Err(lines) => fail(&lines),
        },
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Writes to stdout; a closed pipe is not an error worth a panic.
fn out(text: &str) -> i32 {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let _ = writeln!(lock, "{text}");
    let _ = lock.flush();
    0
}

fn fail(lines: &[String]) -> i32 {
    let stderr = std::io::stderr();
    let mut lock = stderr.lock();
    for l in lines {
        let _ = writeln!(lock, "{l}");
    }
    1
}

/// Reads and validates a scenario: `None` is the default scenario, `-` standard input.
fn read_scenario(file: Option<&str>) -> Result<Scenario, Vec<String>> {
    let bytes = match file {
        None => return Ok(Scenario::default()),
        Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| vec![format!("standard input: {e}")])?;
            buf
        }
        Some(path) => std::fs::read(path).map_err(|e| vec![format!("{path}: {e}")])?,
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(vec!["the input is empty: expected a scenario JSON object".into()]);
    }
    parse_scenario_slice(&bytes).map_err(|e: ScenarioError| e.lines())
}

/// The human summary: year KPIs, quarters, channels, targets.
fn table(sc: &Scenario, r: &Results, lang: Lang) -> String {
    let m = |x: f64| format::money(x, lang);
    let c = |x: f64| format::count(x, lang);
    let pct = |x: Option<f64>| format::opt(x, |v| format::percent(v, 2));
    let num = |x: Option<f64>| format::opt(x, |v| format::grouped(v, 2));
    let zh = lang == Lang::Zh;
    let mut s = String::new();
    let y = &r.year;
    let title = if zh { "年度结果" } else { "Year" };
    s += &format!("{} — {} {}\n\n", sc.name, title, sc.year);
    let rows: Vec<(&str, &str, String)> = vec![
        ("GMV", "成交总额", m(y.gmv)),
        ("YoY growth", "同比增长", pct(y.yoy_growth)),
        ("Net GMV", "净成交额", m(y.net_gmv)),
        ("Orders", "订单数", c(y.orders)),
        ("New customers", "新客", c(y.new_customers)),
        ("Visitors", "访客数", c(y.uv)),
        ("CVR", "转化率", pct(y.cvr)),
        ("AOV", "客单价", format::opt(y.aov, m)),
        ("Repeat share", "复购占比", pct(y.repeat_share)),
        ("Marketing", "营销费用", m(y.marketing)),
        ("Marketing ratio", "费比", pct(y.marketing_ratio)),
        ("ROI", "投产比", num(y.roi)),
        ("Paid ROI", "付费ROI", num(y.paid_roi)),
        ("CPA", "获客成本", format::opt(y.cpa, m)),
        ("Net profit", "净利润", m(y.net_profit)),
        ("Net margin", "净利润率", pct(y.net_margin)),
        ("Break-even ROI", "盈亏平衡ROI", num(y.break_even_roi)),
        ("First-year LTV", "LTV", format::opt(y.ltv_365, m)),
    ];
    for (en, zhl, v) in rows {
        s += &format!("  {:<18} {:>16}\n", if zh { zhl } else { en }, v);
    }
    s += &format!("\n{}\n", if zh { "季度" } else { "Quarters" });
    for (q, qr) in r.quarters.iter().enumerate() {
        let t = r.target(&format!("q{}_gmv", q + 1));
        s += &format!(
            "  Q{}  {:>14}  {} {:>14}  {:>8}  {}\n",
            q + 1,
            m(qr.kpis.gmv),
            if zh { "目标" } else { "target" },
            t.map(|t| m(t.target)).unwrap_or_default(),
            t.map(|t| format::opt(t.deviation, |d| format::percent(d, 1))).unwrap_or_default(),
            t.map(|t| t.status.as_str()).unwrap_or_default()
        );
    }
    s += &format!("\n{}\n", if zh { "渠道" } else { "Channels" });
    for ch in &r.channels {
        s += &format!(
            "  {:<18} GMV {:>14}  UV {:>10}  CVR {:>7}  ROI {:>7}\n",
            ch.name,
            m(ch.kpis.gmv),
            c(ch.kpis.uv),
            pct(ch.kpis.cvr),
            num(ch.kpis.paid_roi)
        );
    }
    s += &format!("\n{}\n", if zh { "目标" } else { "Targets" });
    for t in &r.targets {
        let ratio_key = matches!(t.key.as_str(), "net_margin" | "return_rate" | "repeat_share");
        let show = |x: f64| {
            if ratio_key {
                format::percent(x, 2)
            } else if t.key == "paid_roi" {
                format::grouped(x, 2)
            } else {
                m(x)
            }
        };
        s += &format!(
            "  {:<14} {:>14} / {:>14}  {:>8}  {}\n",
            t.key,
            format::opt(t.value, show),
            show(t.target),
            format::opt(t.deviation, |d| format::percent(d, 1)),
            t.status.as_str()
        );
    }
    if !r.warnings.is_empty() {
        s += &format!("\n{}\n", if zh { "提示" } else { "Warnings" });
        for w in &r.warnings {
            s += &format!("  - {}\n", w.message);
        }
    }
    s
}
