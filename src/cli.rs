//! The `sandtable` command line: simulate, Monte Carlo, sensitivity, decisions, actuals import, validate, links,
//! the default scenario.
//!
//! Invariant: no input makes it panic. Exit codes: 0 success, 1 invalid input, 2 usage error.

use crate::analysis::{montecarlo, sensitivity};
use crate::model::kpi;
use crate::model::results::Results;
use crate::model::{validate::parse_scenario_slice, Scenario, ScenarioError, Simulator};
use crate::present::format::{self, Lang};
use crate::present::i18n;
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
    /// Monte Carlo on the plan's 90% ranges (MODEL.md §6): quantiles of the KPIs, the chance of each target, a
    /// GMV histogram. JSON by default.
    Montecarlo {
        /// Scenario JSON file, or - for standard input; the default scenario when left out.
        file: Option<String>,
        /// Trials (1..=100000). Defaults to the scenario's `uncertainty.trials` (10,000 when absent).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        trials: Option<u32>,
        /// The generator's seed (0..=4294967295). Defaults to the scenario's `uncertainty.seed` (1 when absent).
        #[arg(long)]
        seed: Option<u32>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Language of the table format.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Also write every trial to this CSV file: `trial`, each ranged input's sampled value, each KPI.
        #[arg(long, value_name = "OUT")]
        trials_csv: Option<String>,
    },
    /// The tornado (MODEL.md §7): each input of §6's table alone at its low and its high, largest swing first.
    Sensitivity {
        /// Scenario JSON file, or - for standard input; the default scenario when left out.
        file: Option<String>,
        /// The KPI (a year KPI key such as gmv, net_profit, orders).
        #[arg(long, default_value = "gmv")]
        kpi: String,
    },
    /// Goal seek (MODEL.md §8): the driver's value at which the metric meets the goal, or the best it can do.
    Seek {
        /// Scenario JSON file, or - for standard input.
        file: String,
        /// The metric: a target row key (gmv, q4_gmv, cpa, channels.2.gmv, events.1.gmv) or a year KPI key.
        #[arg(long)]
        metric: String,
        /// The goal, as typed in the app: 42亿, 4.2e9, 9.5% (a percentage for a rate).
        #[arg(long, allow_hyphen_values = true)]
        goal: String,
        /// The driver: an input path of MODEL.md §6 (channels.0.cvr) or scale:budget, scale:organic_uv,
        /// scale:cvr, scale:aov, scale:repeat_curve.
        #[arg(long)]
        driver: String,
    },
    /// The budget optimiser (MODEL.md §9): the free traffic lines' budgets that maximise the objective, for a
    /// total (today's by default) or in marginal mode. Prints the lines before and after and the new plan.
    Optimise {
        /// Scenario JSON file, or - for standard input.
        file: String,
        /// What to maximise.
        #[arg(long, value_enum, default_value_t = ObjectiveArg::Gmv)]
        objective: ObjectiveArg,
        /// The free lines' total budget, as typed in the app (3亿, 3e8). Defaults to today's total.
        #[arg(long, conflicts_with = "marginal")]
        total: Option<String>,
        /// Marginal mode: each free line spends while one more yuan returns at least this much (e.g. 1.5).
        #[arg(long, allow_hyphen_values = true)]
        marginal: Option<String>,
    },
    /// Fill one channel's actuals (MODEL.md §10) from a back office's export (生意参谋 .xls, 京东商智 .xlsx/.csv,
    /// 电商罗盘 .xlsx, or tab-separated text) and print the scenario; `--format table` prints what was read.
    ImportActuals {
        /// Scenario JSON file, or - for standard input.
        scenario: String,
        /// The export: .xls, .xlsx, .ods, .csv or tab-separated text (UTF-8, UTF-16 or GBK).
        file: String,
        /// The channel: its index (0-based) or its name.
        #[arg(long)]
        channel: String,
        /// The last day with actuals, MM-DD. Defaults to the file's last day (the end of its last month for
        /// monthly rows); later rows are left out.
        #[arg(long)]
        through: Option<String>,
        /// A column picked by its header, for a field whose name is not known: FIELD=HEADER, FIELD one of
        /// date, gmv, uv, orders, refunds (e.g. `--column gmv=成交额`). Repeatable.
        #[arg(long = "column")]
        columns: Vec<String>,
        /// Output: the scenario (json) or the import report (table).
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Language of the report.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Calibrate a plan from last year's daily exports (MODEL.md §12): fits seasonality, the events' uplifts and
    /// discounts and each channel's visitors, trend, conversion, order value and return rate so the plan, run on
    /// last year's calendar, reproduces each file; prints the calibrated plan (JSON) or the report (table).
    Calibrate {
        /// The plan: its structure, with the spend lines' budgets of last year. A JSON file or -.
        plan: String,
        /// CHANNEL=FILE: a channel (its 0-based index or its name) and its daily export of last year
        /// (.xls, .xlsx, .csv, tab-separated text). Once per channel.
        #[arg(long = "from", value_name = "CHANNEL=FILE", required = true)]
        from: Vec<String>,
        /// Also write the report (per channel and month actual and backcast, MAPE, changes, warnings) as JSON.
        #[arg(long, value_name = "OUT.json")]
        report: Option<String>,
        /// Output: the calibrated plan (json) or the report for a person (table).
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Language of the report and of the refusals.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Write last year's daily exports of a plan as the engine simulates it (one file per channel in a back
    /// office's layout: 生意参谋 and 电商罗盘 workbooks, 京东商智 GBK CSV, plain CSV), for trying calibration.
    SampleExports {
        /// Scenario JSON file, or - for standard input; the default scenario when left out.
        plan: Option<String>,
        /// The folder to write into (created when missing).
        #[arg(long, short)]
        output: String,
        /// Day-to-day noise: the standard deviation of a log-normal factor on each figure (0 for none).
        #[arg(long, default_value_t = 0.03)]
        noise: f64,
        /// The noise's seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write the results for people (as the page's File menu does): CSV (UTF-8 with BOM) or an Excel workbook,
    /// headers in the language asked, numbers rounded as displayed, the Monte Carlo when the plan has ranges.
    /// The plan on paper: one self-contained HTML page laid out for A4 landscape (headline, targets with their
    /// status, charts as inline SVG, the chances with ranges, progress with actuals, then the assumptions), to
    /// print or attach; no script, no external reference.
    Report {
        /// Scenario JSON file, or - for standard input.
        scenario: String,
        /// The HTML file to write.
        #[arg(long, short)]
        output: String,
        /// Language of the report.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    Export {
        /// Scenario JSON file, or - for standard input.
        scenario: String,
        /// The file to write.
        #[arg(long, short)]
        output: String,
        /// csv, xlsx or json.
        #[arg(long, value_enum, default_value_t = FileArg::Csv)]
        format: FileArg,
        /// Language of the headers and labels.
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
    },
    /// Plan A against plan B: the inputs that differ (path, both values) and each year KPI of both.
    Diff {
        /// Scenario JSON file A (- for standard input).
        a: String,
        /// Scenario JSON file B.
        b: String,
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
enum FileArg {
    /// CSV for people.
    Csv,
    /// An Excel workbook, one sheet per table.
    Xlsx,
    /// The results JSON with the Monte Carlo, as the page's "export results (JSON)".
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ObjectiveArg {
    /// The year's GMV.
    Gmv,
    /// The year's contribution.
    Contribution,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LangArg {
    En,
    Zh,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

/// `sandtable seek`: usage errors (an unknown metric or driver, an unreadable goal) exit 2, an invalid plan 1.
fn seek(file: &str, metric: &str, goal: &str, driver: &str) -> i32 {
    use crate::analysis::goalseek::{self, Driver};
    let goal_value = if goal.trim_end().ends_with('%') {
        crate::present::format::parse_percent(goal)
    } else {
        crate::present::format::parse_amount(goal)
    };
    let Ok(goal_value) = goal_value else {
        eprintln!("error: --goal '{goal}' is not a number (e.g. 42亿, 4.2e9, 9.5%)");
        return 2;
    };
    let sc = match read_scenario(Some(file)) {
        Ok(sc) => sc,
        Err(lines) => return fail(&lines),
    };
    let r = Simulator::quiet().run(&sc).clone();
    if !goalseek::is_metric(&r, metric) {
        eprintln!(
            "error: unknown metric '{metric}'; a target row key ({}) or a year KPI key",
            r.targets.iter().map(|t| t.key.as_str()).collect::<Vec<_>>().join(", ")
        );
        return 2;
    }
    let Some(d) = Driver::parse(driver).filter(|d| d.current(&sc).is_some()) else {
        let all: Vec<String> = Driver::all(&sc).iter().map(Driver::path).collect();
        eprintln!("error: unknown driver '{driver}'; one of: {}", all.join(", "));
        return 2;
    };
    match goalseek::seek(&sc, metric, goal_value, &d) {
        Some(answer) => out(&to_json(&answer)),
        None => fail(&[format!("{driver}: today's value is 0, so there is nothing to scale")]),
    }
}

/// `sandtable optimise`: an unreadable total or marginal value exits 2; an invalid plan or an impossible total 1.
fn optimise(file: &str, objective: ObjectiveArg, total: Option<&str>, marginal: Option<&str>) -> i32 {
    use crate::analysis::optimise::{self, Mode, Objective, OptimiseOptions};
    let amount = |flag: &str, text: &str| {
        crate::present::format::parse_amount(text).map_err(|_| eprintln!("error: --{flag} '{text}' is not a number"))
    };
    let mode = match (total, marginal) {
        (_, Some(m)) => match amount("marginal", m) {
            Ok(m) => Mode::Marginal(m),
            Err(()) => return 2,
        },
        (Some(t), None) => match amount("total", t) {
            Ok(t) => Mode::Total(Some(t)),
            Err(()) => return 2,
        },
        (None, None) => Mode::Total(None),
    };
    let sc = match read_scenario(Some(file)) {
        Ok(sc) => sc,
        Err(lines) => return fail(&lines),
    };
    let objective = match objective {
        ObjectiveArg::Gmv => Objective::Gmv,
        ObjectiveArg::Contribution => Objective::Contribution,
    };
    match optimise::optimise(&sc, &OptimiseOptions { objective, mode }) {
        Ok(answer) => out(&to_json(&answer)),
        Err(e) => fail(&[e.to_string()]),
    }
}

/// `sandtable import-actuals`: an unreadable file, an unknown channel or a refused import exit 1.
fn import_actuals(
    scenario: &str,
    file: &str,
    channel: &str,
    (through, columns): (Option<&str>, &[String]),
    format: Format,
    lang: Lang,
) -> i32 {
    use crate::import::{self, cells::Field, messages};
    let mut picks = Vec::new();
    for c in columns {
        let field = c.split_once('=').and_then(|(f, h)| {
            let f = Field::ALL.into_iter().find(|x| x.key() == f.trim())?;
            Some((f, h.trim().to_string()))
        });
        match field {
            Some(p) => picks.push(p),
            None => {
                return fail(&[format!(
                    "--column {c}: expected FIELD=HEADER, FIELD one of date, gmv, uv, orders, refunds"
                )])
            }
        }
    }
    let sc = match read_scenario(Some(scenario)) {
        Ok(sc) => sc,
        Err(lines) => return fail(&lines),
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return fail(&[format!("{file}: {e}")]),
    };
    let name = std::path::Path::new(file).file_name().map_or(file.into(), |n| n.to_string_lossy().into_owned());
    let done =
        import::channel_index(&sc, channel).and_then(|c| import::import_with(&sc, c, &bytes, &name, through, &picks));
    match done {
        Ok((next, report)) => out(&match format {
            Format::Json => to_json(&next),
            Format::Table => messages::report_lines(&report, lang).join("\n"),
        }),
        Err(e @ import::ImportError::PickColumns { .. }) => {
            fail(&[messages::error(&e, lang), "(--column gmv=HEADER, --column date=HEADER)".into()])
        }
        Err(e) => fail(&[messages::error(&e, lang)]),
    }
}

/// `sandtable calibrate`: a `--from` without `=` exits 2; an unreadable or refused file 1.
fn calibrate(plan: &str, from: &[String], report: Option<&str>, format: Format, lang: Lang) -> i32 {
    use crate::calibrate::{self as cal, messages};
    let mut files = Vec::new();
    for f in from {
        let Some((channel, path)) = f.split_once('=') else {
            eprintln!("error: --from '{f}' is not CHANNEL=FILE");
            return 2;
        };
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return fail(&[format!("{path}: {e}")]),
        };
        let name = std::path::Path::new(path).file_name().map_or(path.into(), |n| n.to_string_lossy().into_owned());
        files.push((channel.to_string(), name, bytes));
    }
    let sc = match read_scenario(Some(plan)) {
        Ok(sc) => sc,
        Err(lines) => return fail(&lines),
    };
    match cal::from_files(&sc, &files) {
        Ok(done) => {
            if let Some(path) = report {
                if let Err(e) = std::fs::write(path, to_json(&done.report)) {
                    return fail(&[format!("{path}: {e}")]);
                }
            }
            out(&match format {
                Format::Json => to_json(&done.plan),
                Format::Table => messages::report_lines(&done.plan, &done.report, lang).join("\n"),
            })
        }
        Err(e) => fail(&[messages::error(&e, lang)]),
    }
}

/// `sandtable sample-exports`: writes one file per channel into `dir`.
fn sample_exports(plan: Option<&str>, dir: &str, noise: f64, seed: u64) -> i32 {
    if !(0.0..=1.0).contains(&noise) {
        eprintln!("error: --noise must be in [0, 1], got {noise}");
        return 2;
    }
    let sc = match read_scenario(plan) {
        Ok(sc) => sc,
        Err(lines) => return fail(&lines),
    };
    let files = match crate::calibrate::sample::exports(&sc, noise, seed) {
        Ok(f) => f,
        Err(e) => return fail(&[e]),
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(&[format!("{dir}: {e}")]);
    }
    for (name, bytes) in files {
        let path = std::path::Path::new(dir).join(&name);
        if let Err(e) = std::fs::write(&path, bytes) {
            return fail(&[format!("{}: {e}", path.display())]);
        }
        out(&path.display().to_string());
    }
    0
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
        Command::Montecarlo { file, trials, seed, format, lang, trials_csv } => match read_scenario(file.as_deref()) {
            Ok(sc) => {
                let mut opts = montecarlo::Options::of(&sc);
                opts.trials = trials.map_or(opts.trials, |t| t as usize);
                opts.seed = seed.map_or(opts.seed, u64::from);
                opts.keep_trials = trials_csv.is_some();
                let mc = montecarlo::run(&sc, opts);
                if let Some(path) = trials_csv {
                    if let Err(e) = std::fs::write(&path, trials_csv_text(&mc)) {
                        return fail(&[format!("{path}: {e}")]);
                    }
                }
                out(&match format {
                    Format::Json => to_json(&mc),
                    Format::Table => mc_table(&sc, &mc, lang.into()),
                })
            }
            Err(lines) => fail(&lines),
        },
        Command::Sensitivity { file, kpi } => {
            if kpi::find(&kpi).is_none() {
                let keys: Vec<&str> = kpi::KPIS.iter().map(|k| k.key).collect();
                eprintln!("error: unknown KPI '{kpi}'; one of: {}", keys.join(", "));
                return 2;
            }
            match read_scenario(file.as_deref()) {
                Ok(sc) => out(&to_json(&sensitivity::tornado(&sc, &kpi))),
                Err(lines) => fail(&lines),
            }
        }
        Command::Diff { a, b } => match (read_scenario(Some(&a)), read_scenario(Some(&b))) {
            (Ok(a), Ok(b)) => out(&to_json(&crate::analysis::compare::diff(&a, &b))),
            (Err(lines), _) | (_, Err(lines)) => fail(&lines),
        },
        Command::ImportActuals { scenario, file, channel, through, columns, format, lang } => {
            import_actuals(&scenario, &file, &channel, (through.as_deref(), &columns), format, lang.into())
        }
        Command::Seek { file, metric, goal, driver } => seek(&file, &metric, &goal, &driver),
        Command::Calibrate { plan, from, report, format, lang } => {
            calibrate(&plan, &from, report.as_deref(), format, lang.into())
        }
        Command::SampleExports { plan, output, noise, seed } => sample_exports(plan.as_deref(), &output, noise, seed),
        Command::Optimise { file, objective, total, marginal } => {
            optimise(&file, objective, total.as_deref(), marginal.as_deref())
        }
        Command::Report { scenario, output, lang } => match read_scenario(Some(&scenario)) {
            Ok(sc) => {
                let days = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs() as i64 / 86_400);
                let today = crate::present::report::iso_date(days);
                match crate::present::report::html(&sc, lang.into(), &today)
                    .and_then(|h| std::fs::write(&output, h).map_err(|e| e.to_string()))
                {
                    Ok(()) => 0,
                    Err(e) => fail(&[format!("{output}: {e}")]),
                }
            }
            Err(errs) => fail(&errs),
        },
        Command::Export { scenario, output, format, lang } => match read_scenario(Some(&scenario)) {
            Ok(sc) => {
                use crate::present::export::{results_file, FileKind};
                let kind = match format {
                    FileArg::Csv => FileKind::Csv,
                    FileArg::Xlsx => FileKind::Xlsx,
                    FileArg::Json => FileKind::Json,
                };
                match results_file(&sc, kind, lang.into())
                    .and_then(|b| std::fs::write(&output, b).map_err(|e| e.to_string()))
                {
                    Ok(()) => 0,
                    Err(e) => fail(&[format!("{output}: {e}")]),
                }
            }
            Err(lines) => fail(&lines),
        },
        Command::Simulate { file, format, lang } => match read_scenario(file.as_deref()) {
            Ok(sc) => {
                let mut sim = Simulator::default();
                let r = sim.run(&sc);
                let text = match format {
                    Format::Json => to_json(r),
                    Format::Table => table(&sc, r, lang.into()),
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
    for k in &kpi::KPIS[..kpi::CARDS] {
        let label = i18n::t(lang, &format!("k.{}", k.key));
        s += &format!("  {:<18} {:>16}\n", label, format::value(k.unit, y.get(k.key), lang));
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
            t.map(|t| format::signed_percent(t.deviation)).unwrap_or_default(),
            t.map(|t| i18n::status_word(lang, t.status.as_str())).unwrap_or_default()
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
        let show = |x: Option<f64>| format::value(kpi::row_unit(&t.key), x, lang);
        s += &format!(
            "  {:<18} {:>14} / {:>14}  {:>8}  {}\n",
            i18n::target_label(lang, t),
            show(t.value),
            show(Some(t.target)),
            format::signed_percent(t.deviation),
            i18n::status_word(lang, t.status.as_str())
        );
    }
    if let Some(t) = &r.tracking {
        let p = |x: Option<f64>| format::opt(x, |v| format::percent(v, 1));
        s += &format!("\n{} {}\n", i18n::t(lang, "t.title"), t.through);
        s += &format!(
            "  {} {}  {} {}  {} {}\n  {} {} ({})\n",
            i18n::t(lang, "t.time_progress"),
            p(Some(t.time_progress)),
            i18n::t(lang, "t.plan_progress"),
            p(t.plan_progress),
            i18n::t(lang, "t.target_progress"),
            p(t.target_progress),
            i18n::t(lang, "t.forecast_gmv"),
            m(t.forecast.gmv),
            t.forecast.targets.first().map_or("", |row| i18n::status_word(lang, row.status.as_str()))
        );
        for x in &t.months {
            s += &format!(
                "  {:<6} {:>14} / {:>14}  {:>8}  {}\n",
                format::month_label(x.month as usize - 1, lang),
                m(x.actual_gmv),
                m(x.plan_gmv),
                format::signed_percent(x.deviation),
                i18n::status_word(lang, x.status.as_str())
            );
        }
        let th = sc.targets.alert_threshold;
        for a in crate::model::tracking::alerts(t) {
            s += &format!("  ! {}\n", i18n::tracking_alert(lang, &a, th));
        }
    }
    if !r.warnings.is_empty() {
        s += &format!("\n{}\n", if zh { "提示" } else { "Warnings" });
        for w in &r.warnings {
            s += &format!("  - {}\n", w.message);
        }
    }
    s
}

/// Every trial as CSV: `trial` (from 1), each ranged input's path with its sampled value, then each KPI of
/// the summary and, for a plan with actuals, `forecast_gmv` (MODEL.md §10); numbers in shortest round-trip
/// form, empty for `null`.
fn trials_csv_text(mc: &montecarlo::MonteCarlo) -> String {
    let mut s = String::from("trial");
    for i in &mc.inputs {
        s += &format!(",{}", i.path);
    }
    for k in montecarlo::KPIS {
        s += &format!(",{k}");
    }
    let forecast = mc.forecast.is_some();
    if forecast {
        s += ",forecast_gmv";
    }
    s += "\n";
    let cell = |x: f64| if x.is_nan() { String::new() } else { x.to_string() };
    for (t, (inputs, kpis)) in mc.kept.inputs.iter().zip(&mc.kept.kpis).enumerate() {
        s += &(t + 1).to_string();
        let f = mc.kept.forecast_gmv.get(t).copied().filter(|_| forecast);
        for &x in inputs.iter().chain(kpis.iter()).chain(f.as_ref()) {
            s += ",";
            s += &cell(x);
        }
        s += "\n";
    }
    s
}

/// The Monte Carlo summary for a person: GMV and profit bands, then the chance of every target.
fn mc_table(sc: &Scenario, mc: &montecarlo::MonteCarlo, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut s = format!(
        "{} — {} ({} {}, seed {}, {} {})\n\n",
        sc.name,
        if zh { "蒙特卡洛模拟" } else { "Monte Carlo" },
        mc.trials,
        if zh { "次" } else { "trials" },
        mc.seed,
        if zh { "相关系数" } else { "correlation" },
        mc.correlation
    );
    s += &format!("  {:<18} {:>14} {:>14} {:>14}\n", "", "P10", "P50", "P90");
    for key in ["gmv", "net_profit", "net_margin", "paid_roi", "repeat_share", "return_rate"] {
        let (Some(k), Some(q)) = (kpi::find(key), mc.kpi(key)) else { continue };
        let v = |x| format::value(k.unit, x, lang);
        s += &format!(
            "  {:<18} {:>14} {:>14} {:>14}\n",
            i18n::t(lang, &format!("k.{key}")),
            v(q.p10),
            v(q.p50),
            v(q.p90)
        );
    }
    s += &format!("\n{}\n", if zh { "达成概率" } else { "Chance of meeting each target" });
    for t in &mc.targets {
        let label = match &t.name {
            Some(n) => format!("{n} GMV"),
            None => t.key.clone(),
        };
        s += &format!("  {:<24} {:>8}\n", label, format::percent(t.probability, 1));
    }
    // With actuals: the forecast year and each of its targets' chance, given the year so far (MODEL.md §10).
    if let Some(f) = &mc.forecast {
        let m = |x| format::value(crate::model::inputs::Unit::Money, x, lang);
        s += &format!("\n{}\n", i18n::t(lang, "t.chances"));
        s += &format!("  {:<24} {:>14} {:>14} {:>14}\n", "", "P10", "P50", "P90");
        let g = &f.gmv;
        s += &format!("  {:<24} {:>14} {:>14} {:>14}\n", i18n::t(lang, "t.forecast_gmv"), m(g.p10), m(g.p50), m(g.p90));
        for t in &f.targets {
            let label = i18n::label_of_target(lang, t.name.as_deref(), &t.key);
            s += &format!("  {:<24} {:>8}\n", label, format::percent(t.probability, 1));
        }
    }
    s
}
