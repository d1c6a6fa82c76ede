//! The command line: each subcommand, each exit code, and garbage input that must never panic.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn sandtable(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sandtable"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sandtable");
    if let Some(bytes) = stdin {
        // The child may exit before reading everything; that is not a failure of the test.
        let _ = child.stdin.take().unwrap().write_all(bytes);
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("sandtable-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs with the arguments and expects the exit code and a piece of stdout or stderr.
fn check(args: &[&str], stdin: Option<&[u8]>, code: i32, expected: &str) {
    let o = sandtable(args, stdin);
    let all = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(code), "{args:?}: {all}");
    assert!(all.contains(expected), "{args:?}: expected {expected:?} in {all}");
}

#[test]
fn default_prints_the_default_scenario() {
    let o = sandtable(&["default"], None);
    assert!(o.status.success());
    let sc = sandtable::model::parse_scenario(&stdout(&o)).unwrap();
    assert_eq!(sc, sandtable::model::Scenario::default());
}

#[test]
fn simulate_prints_every_key_of_the_results() {
    let o = sandtable(&["simulate"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let gmv = v["year"]["gmv"].as_f64().unwrap();
    assert!((gmv / 3_805_662_884.46 - 1.0).abs() < 1e-9);
    for key in [
        "gmv",
        "net_gmv",
        "returns",
        "yoy_growth",
        "uv",
        "organic_uv",
        "paid_uv",
        "orders",
        "new_orders",
        "new_customers",
        "repeat_orders",
        "base_orders",
        "cvr",
        "aov",
        "repeat_share",
        "marketing",
        "marketing_ratio",
        "roi",
        "paid_gmv",
        "paid_roi",
        "cpa",
        "cogs",
        "commission",
        "fulfillment",
        "fixed",
        "gross_profit",
        "contribution",
        "net_profit",
        "net_margin",
        "break_even_roi",
        "ltv_365",
    ] {
        assert!(v["year"].get(key).is_some(), "year.{key} missing");
        for list in ["months", "quarters", "weeks", "channels"] {
            assert!(v[list][0].get(key).is_some(), "{list}[0].{key} missing");
        }
    }
    assert_eq!(v["months"].as_array().unwrap().len(), 12);
    assert_eq!(v["quarters"].as_array().unwrap().len(), 4);
    assert_eq!(v["weeks"][0]["week"], 1);
    assert_eq!(v["channels"][0]["name"], "Tmall");
    for key in ["name", "spend", "paid_uv", "new_orders", "gmv", "roi"] {
        assert!(v["spend_lines"][0].get(key).is_some(), "spend_lines[0].{key} missing");
    }
    assert!(v["spend_lines"][3]["roi"].is_null(), "a fixed line has no ROI");
    assert_eq!(v["events"][2]["name"], "Double 11");
    let keys: Vec<&str> = v["targets"].as_array().unwrap().iter().map(|t| t["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "gmv",
            "net_margin",
            "paid_roi",
            "return_rate",
            "repeat_share",
            "q1_gmv",
            "q2_gmv",
            "q3_gmv",
            "q4_gmv",
            "marketing_ratio",
            "channels.0.gmv",
            "channels.1.gmv",
            "channels.2.gmv",
            "channels.3.gmv",
            "channels.4.gmv",
            "events.0.gmv",
            "events.1.gmv",
            "events.2.gmv",
        ]
    );
    assert_eq!(v["targets"][10]["name"], "Tmall");
    assert!(v["targets"][0].get("name").is_none(), "year rows carry no name");
    assert!(v["months"][0]["gmv_target"].as_f64().unwrap() > 0.0);
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0);
}

#[test]
fn simulate_reads_a_file_and_stdin_alike() {
    let text = stdout(&sandtable(&["default"], None));
    let path = temp_file("plan.json", text.as_bytes());
    let from_file = sandtable(&["simulate", &path], None);
    let from_stdin = sandtable(&["simulate", "-"], Some(text.as_bytes()));
    assert!(from_file.status.success() && from_stdin.status.success());
    assert_eq!(from_file.stdout, from_stdin.stdout);
    assert_eq!(from_file.stdout, sandtable(&["simulate"], None).stdout);
}

#[test]
fn table_format_is_for_people() {
    check(&["simulate", "--format", "table"], None, 0, "Paid ROI");
    check(&["simulate", "--format", "table"], None, 0, "Q4");
    check(&["simulate", "--format", "table"], None, 0, "Watch");
    check(&["simulate", "--format", "table", "--lang", "zh"], None, 0, "关注");
    check(&["simulate", "--format", "table", "--lang", "zh"], None, 0, "¥38.06亿");
}

#[test]
fn validate_says_ok_or_every_error() {
    let text = stdout(&sandtable(&["default"], None));
    check(&["validate", "-"], Some(text.as_bytes()), 0, "ok");
    let bad = text.replace("\"cvr\": 0.019", "\"cvr\": 1.5").replace("\"gross_margin\": 0.46", "\"gross_margin\": 2");
    let o = sandtable(&["validate", "-"], Some(bad.as_bytes()));
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<String> = stderr(&o).lines().map(String::from).collect();
    assert_eq!(lines, ["channels[2].cvr: must be in (0, 1], got 1.5", "costs.gross_margin: must be in [0, 1), got 2"]);
    check(&["simulate", "-"], Some(bad.as_bytes()), 1, "channels[2].cvr");
}

#[test]
fn usage_errors_exit_2() {
    check(&[], None, 2, "Usage");
    check(&["frobnicate"], None, 2, "unrecognized subcommand");
    check(&["validate"], None, 2, "FILE");
    check(&["simulate", "--format", "xml"], None, 2, "invalid value");
    check(&["--help"], None, 0, "simulate");
}

#[test]
fn garbage_never_panics() {
    let mut deep = "{\"schema\":1,\"targets\":".to_string();
    deep.push_str(&"[".repeat(100_000));
    let big = stdout(&sandtable(&["default"], None)).replace("2026 plan", &"x".repeat(10 * 1024 * 1024));
    let garbage: Vec<u8> = (0..65_536u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "empty"),
        ("spaces", b"  \n\t ".to_vec(), "empty"),
        ("binary", garbage, "expected a scenario"),
        ("not utf-8", b"{\"name\": \"\xff\xfe\"}".to_vec(), "line 1"),
        ("1e309", b"{\"schema\": 1, \"year\": 2026, \"last_year_gmv\": 1e309}".to_vec(), "last_year_gmv"),
        ("deep", deep.into_bytes(), "targets"),
        ("10 MB", big.into_bytes(), "name: must be at most 60 characters, got 10485760"),
        ("truncated", b"{\"schema\": 1, \"year\": 20".to_vec(), "EOF"),
        ("negative zero year", b"{\"schema\": -0}".to_vec(), "schema"),
        ("huge integer", b"{\"schema\": 99999999999999999999999}".to_vec(), "schema"),
        ("nul", b"\0".to_vec(), "expected a scenario"),
    ];
    for (name, bytes, expected) in cases {
        for cmd in ["simulate", "validate"] {
            let o = sandtable(&[cmd, "-"], Some(&bytes));
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{name} / {cmd}: {err}");
            assert!(!err.contains("panicked"), "{name} / {cmd}: {err}");
            assert!(err.contains(expected), "{name} / {cmd}: expected {expected:?} in {}", &err[..err.len().min(300)]);
        }
    }
    check(&["simulate", "/no/such/file.json"], None, 1, "/no/such/file.json");
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sandtable"))
        .args(["simulate"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_ne!(o.status.code(), Some(101));
}

#[test]
fn encode_and_decode_links() {
    let o = sandtable(&["encode"], None);
    assert!(o.status.success());
    let fragment = stdout(&o).trim().to_string();
    assert!(fragment.starts_with("#s=1."), "{fragment}");
    let url = format!("https://wiki.example.com/tools/sandtable/index.html?embed=1{fragment}");
    let d = sandtable(&["decode", &url], None);
    assert!(d.status.success(), "{}", stderr(&d));
    assert_eq!(sandtable::model::parse_scenario(&stdout(&d)).unwrap(), sandtable::model::Scenario::default());
    // A scenario from standard input encodes to the same fragment as the file it came from.
    let text = stdout(&sandtable(&["default"], None));
    assert_eq!(stdout(&sandtable(&["encode", "-"], Some(text.as_bytes()))).trim(), fragment);
    check(&["decode", "#s=1.%%%"], None, 1, "unexpected character at position 0");
    check(&["decode", "#s=7.abc"], None, 1, "newer Sandtable");
    check(&["decode", "https://x/#lang=en"], None, 1, "no s=");
    check(&["decode", &fragment[..fragment.len() - 30]], None, 1, "does not decompress");
    check(&["decode"], None, 2, "LINK");
}

#[test]
fn montecarlo_prints_the_summary_of_section_6() {
    let o = sandtable(&["montecarlo", "--trials", "200", "--seed", "9"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!((v["trials"].as_u64(), v["seed"].as_u64(), v["correlation"].as_f64()), (Some(200), Some(9), Some(0.3)));
    assert_eq!(v["inputs"].as_array().unwrap().len(), 17);
    assert_eq!(v["inputs"][0]["distribution"], "logit-normal");
    for key in ["gmv", "net_profit", "net_margin", "cpa", "yoy_growth", "return_rate", "new_customers"] {
        let s = &v["kpis"][key];
        for q in ["mean", "p5", "p10", "p25", "p50", "p75", "p90", "p95"] {
            assert!(s[q].is_f64(), "{key}.{q}: {s}");
        }
        assert_eq!(s["n"], 200, "{key}");
    }
    let p = |q: &str| v["kpis"]["gmv"][q].as_f64().unwrap();
    assert!(p("p5") <= p("p25") && p("p25") <= p("p50") && p("p50") <= p("p75") && p("p75") <= p("p95"));
    assert_eq!(v["quarters"].as_array().unwrap().len(), 4);
    assert_eq!(v["channels"][0]["name"], "Tmall");
    assert_eq!(v["cumulative_gmv"].as_array().unwrap().len(), 12);
    let year_end = v["cumulative_gmv"][11]["p50"].as_f64().unwrap();
    assert!((year_end / p("p50") - 1.0).abs() < 1e-12, "the months add up to the year");
    assert_eq!(v["targets"][0]["key"], "gmv");
    assert_eq!(v["targets"][10]["name"], "Tmall");
    assert!(v["targets"].as_array().unwrap().iter().all(|t| (0.0..=1.0).contains(&t["probability"].as_f64().unwrap())));
    assert_eq!(v["histogram"]["edges"].as_array().unwrap().len(), 41);
    let counts: u64 = v["histogram"]["counts"].as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).sum();
    assert_eq!(counts, 200);
    // The same run again is bit-identical.
    assert_eq!(sandtable(&["montecarlo", "--trials", "200", "--seed", "9"], None).stdout, o.stdout);
}

#[test]
fn montecarlo_writes_every_trial_and_refuses_bad_flags() {
    let out = std::env::temp_dir().join(format!("sandtable-trials-{}.csv", std::process::id()));
    let path = out.to_string_lossy().into_owned();
    let o = sandtable(&["montecarlo", "--trials", "30", "--trials-csv", &path], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 31);
    assert!(lines[0].starts_with("trial,channels.0.cvr,channels.0.aov,"), "{}", lines[0]);
    assert!(lines[0].ends_with(",new_customers,yoy_growth"));
    assert_eq!(lines[1].split(',').count(), 1 + 17 + 14);
    assert!(lines[30].starts_with("30,"));
    check(&["montecarlo", "--trials", "0"], None, 2, "trials");
    check(&["montecarlo", "--trials", "many"], None, 2, "trials");
    check(&["montecarlo", "--format", "table", "--trials", "100"], None, 0, "P50");
    check(&["montecarlo", "--format", "table", "--trials", "100", "--lang", "zh"], None, 0, "达成概率");
    check(&["montecarlo", "/no/such/file.json"], None, 1, "/no/such/file.json");

    // With actuals: the forecast given the year so far, and each trial's forecast GMV as the last column.
    let mut sc = sandtable::model::Scenario::default();
    let r = sandtable::model::simulate(&sc).unwrap();
    let mut channels = vec![sandtable::model::scenario::ChannelActuals::default(); sc.channels.len()];
    channels[0].months = (0..3)
        .map(|m| sandtable::model::scenario::MonthActual {
            gmv: r.channels[0].monthly_gmv[m] * 0.9,
            ..Default::default()
        })
        .collect();
    sc.actuals = Some(sandtable::model::scenario::Actuals {
        through: "03-31".into(),
        forecast: Default::default(),
        channels,
        spend_lines: None,
    });
    let json = serde_json::to_vec(&sc).unwrap();
    let o = sandtable(&["montecarlo", "-", "--trials", "20", "--trials-csv", &path], Some(&json));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["forecast"]["targets"][0]["probability"].is_number(), "{}", v["forecast"]);
    assert_eq!(v["forecast"]["targets"][0]["key"], "gmv");
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with(",yoy_growth,forecast_gmv"), "{}", lines[0]);
    let first: f64 = lines[1].rsplit(',').next().unwrap().parse().unwrap();
    let o2 = sandtable::analysis::montecarlo::Options {
        trials: 20,
        keep_trials: true,
        ..sandtable::analysis::montecarlo::Options::of(&sc)
    };
    let trial = sandtable::analysis::montecarlo::sampled_scenario(&sc, o2, 0);
    let engine = sandtable::model::simulate(&trial).unwrap().tracking.unwrap().forecast.gmv;
    assert!((first / engine - 1.0).abs() < 1e-9, "{first} vs {engine}");
    let _ = std::fs::remove_file(&out);
}

#[test]
fn sensitivity_sorts_by_swing_and_names_its_kpi() {
    let o = sandtable(&["sensitivity", "--kpi", "net_profit"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["kpi"], "net_profit");
    let rows = v["rows"].as_array().unwrap();
    let swing = |r: &serde_json::Value| (r["kpi_high"].as_f64().unwrap() - r["kpi_low"].as_f64().unwrap()).abs();
    assert!(rows.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])));
    assert!(rows.iter().any(|r| r["path"] == "customers.repeat_curve"));
    check(&["sensitivity"], None, 0, "\"kpi\": \"gmv\"");
    check(&["sensitivity", "--kpi", "nonsense"], None, 2, "unknown KPI");
}

#[test]
fn seek_answers_in_json_and_says_what_it_cannot_do() {
    let run = |args: &[&str], stdin: Option<&str>| {
        let o = sandtable(args, stdin.map(str::as_bytes));
        (o.status.code().unwrap_or(-1), stdout(&o), stderr(&o))
    };
    let default = run(&["default"], None).1;
    let (code, out, _) =
        run(&["seek", "-", "--metric", "gmv", "--goal", "42亿", "--driver", "scale:budget"], Some(&default));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reachable"], true);
    assert_eq!(v["driver"], "scale:budget");
    assert!((v["achieved"].as_f64().unwrap() - 4.2e9).abs() <= 420.0);
    let (code, out, _) =
        run(&["seek", "-", "--metric", "gmv", "--goal", "1e13", "--driver", "channels.4.aov"], Some(&default));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["reachable"], false);
    assert!(v["max"].as_f64().unwrap() > v["min"].as_f64().unwrap());
    let (code, out, _) =
        run(&["seek", "-", "--metric", "net_margin", "--goal", "9.5%", "--driver", "scale:aov"], Some(&default));
    assert_eq!(code, 0);
    assert!(
        (serde_json::from_str::<serde_json::Value>(&out).unwrap()["achieved"].as_f64().unwrap() - 0.095).abs() < 1e-7
    );
    for bad in [
        ["--metric", "nope", "--goal", "1", "--driver", "scale:aov"],
        ["--metric", "gmv", "--goal", "x", "--driver", "scale:aov"],
        ["--metric", "gmv", "--goal", "1", "--driver", "channels.9.cvr"],
    ] {
        let mut args = vec!["seek", "-"];
        args.extend(bad);
        assert_eq!(run(&args, Some(&default)).0, 2, "{bad:?}");
    }
    assert_eq!(run(&["seek", "-", "--metric", "gmv", "--goal", "1", "--driver", "scale:aov"], Some("{")).0, 1);
}

#[test]
fn optimise_prints_the_lines_and_the_new_plan() {
    let run = |args: &[&str], stdin: Option<&str>| {
        let o = sandtable(args, stdin.map(str::as_bytes));
        (o.status.code().unwrap_or(-1), stdout(&o), stderr(&o))
    };
    let default = run(&["default"], None).1;
    let (code, out, _) = run(&["optimise", "-"], Some(&default));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((v["objective"].as_str(), v["mode"].as_str()), (Some("gmv"), Some("total")));
    assert!(v["after"].as_f64().unwrap() > v["before"].as_f64().unwrap());
    let lines = v["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 3, "the default plan's three traffic lines");
    let total = |k: &str| lines.iter().map(|l| l[k]["budget"].as_f64().unwrap()).sum::<f64>();
    assert!((total("before") - total("after")).abs() < 1e-3);
    // The printed plan is a plan: it simulates to the reported objective.
    let plan = serde_json::to_string(&v["scenario"]).unwrap();
    let (code, sim, _) = run(&["simulate", "-"], Some(&plan));
    assert_eq!(code, 0);
    let gmv = serde_json::from_str::<serde_json::Value>(&sim).unwrap()["year"]["gmv"].as_f64().unwrap();
    assert_eq!(gmv, v["after"].as_f64().unwrap());

    let (code, out, _) = run(&["optimise", "-", "--objective", "contribution", "--total", "2亿"], Some(&default));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["objective"], "contribution");
    assert!((v["total"].as_f64().unwrap() - 2e8).abs() < 1e-3);
    let (code, out, _) = run(&["optimise", "-", "--marginal", "3"], Some(&default));
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&out).unwrap()["mode"], "marginal");

    assert_eq!(run(&["optimise", "-", "--total", "lots"], Some(&default)).0, 2);
    assert_eq!(run(&["optimise", "-", "--total", "1", "--marginal", "2"], Some(&default)).0, 2);
    assert_eq!(run(&["optimise", "-", "--objective", "roi"], Some(&default)).0, 2);
    let mut capped: serde_json::Value = serde_json::from_str(&default).unwrap();
    for j in 0..3 {
        capped["spend_lines"][j]["max_budget"] = 1e8.into();
    }
    let capped = serde_json::to_string(&capped).unwrap();
    let (code, _, err) = run(&["optimise", "-", "--total", "4亿"], Some(&capped));
    assert_eq!(code, 1, "a total beyond every bound is refused");
    assert!(err.contains("cannot be spent"), "{err}");
}

#[test]
fn diff_lists_the_inputs_that_differ_and_every_kpi_of_both() {
    let default = stdout(&sandtable(&["default"], None));
    let mut b: serde_json::Value = serde_json::from_str(&default).unwrap();
    b["channels"][2]["aov"] = serde_json::json!(200.0);
    let a_path = temp_file("diff-a.json", default.as_bytes());
    let b_path = temp_file("diff-b.json", b.to_string().as_bytes());
    let o = sandtable(&["diff", &a_path, &b_path], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["inputs"].as_array().unwrap().len(), 1);
    assert_eq!(v["inputs"][0]["path"], "channels.2.aov");
    assert_eq!(v["inputs"][0]["b"], 200.0);
    let gmv = v["kpis"].as_array().unwrap().iter().find(|k| k["key"] == "gmv").unwrap();
    assert!(gmv["delta"].as_f64().unwrap() > 0.0);
    assert_eq!(sandtable(&["diff", &a_path, "/nonexistent.json"], None).status.code(), Some(1));
}

#[test]
fn import_actuals_fills_a_channel_and_simulate_prints_tracking() {
    let plan = temp_file("plan-import.json", include_bytes!("../src/model/default.json"));
    let paste = temp_file(
        "tmall.tsv",
        "月份\t支付金额\t访客数\n2026-01\t\"61,000,000.00\"\t21000000\n2026-02\t52000000\t20000000\n".as_bytes(),
    );
    let o = sandtable(&["import-actuals", &plan, &paste, "--channel", "Tmall"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let sc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(sc["actuals"]["through"], "02-28");
    assert_eq!(sc["actuals"]["channels"][0]["months"][0]["gmv"], 61e6);
    assert_eq!(sc["actuals"]["channels"][1]["months"].as_array().unwrap().len(), 0);
    // The plan it printed simulates with tracking.
    let with = temp_file("plan-with-actuals.json", stdout(&o).as_bytes());
    let r: serde_json::Value = serde_json::from_str(&stdout(&sandtable(&["simulate", &with], None))).unwrap();
    assert_eq!(r["tracking"]["actual_gmv"], 113e6);
    assert_eq!(r["tracking"]["days"], 59);
    assert!(r["tracking"]["forecast"]["gmv"].as_f64().unwrap() > 0.0);
    // Without actuals there is no tracking key.
    let plain: serde_json::Value = serde_json::from_str(&stdout(&sandtable(&["simulate", &plan], None))).unwrap();
    assert!(plain.get("tracking").is_none());

    check(
        &["import-actuals", &plan, &paste, "--channel", "0", "--format", "table", "--lang", "zh"],
        None,
        0,
        "读取 2 行（按月）",
    );
    check(
        &["import-actuals", &plan, &paste, "--channel", "0", "--through", "01-15"],
        None,
        0,
        "\"through\": \"01-15\"",
    );
    check(&["import-actuals", &plan, &paste, "--channel", "Nope"], None, 1, "No channel “Nope”");
    check(
        &["import-actuals", &plan, &paste, "--channel", "0", "--through", "03-05"],
        None,
        1,
        "after the file's last date",
    );
    let wrong = temp_file("wrong.csv", "日期,GMV\n2025-12-31,5\n".as_bytes());
    check(&["import-actuals", &plan, &wrong, "--channel", "0"], None, 1, "2025-12-31");
    check(&["import-actuals", &plan, "/no/such/file.xlsx", "--channel", "0"], None, 1, "file.xlsx");
}

#[test]
fn export_writes_the_results_for_people_in_each_format() {
    let plan = temp_file("export-plan.json", sandtable(&["default"], None).stdout.as_slice());
    let out = |name: &str| std::env::temp_dir().join(format!("sandtable-cli-{}", std::process::id())).join(name);
    let csv = out("results.csv");
    let o = sandtable(&["export", &plan, "--output", csv.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("\u{FEFF}全年\r\n指标,全年\r\n成交总额 GMV（元）,"), "zh-CN by default: {}", &text[..80]);
    assert!(text.contains("\r\n蒙特卡洛\r\n"), "the default plan has ranges: its Monte Carlo is in");
    let xlsx = out("results.xlsx");
    let o = sandtable(&["export", &plan, "-o", xlsx.to_str().unwrap(), "--format", "xlsx", "--lang", "en"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK");
    let json = out("results.json");
    let o = sandtable(&["export", &plan, "-o", json.to_str().unwrap(), "--format", "json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert!(v["year"]["gmv"].as_f64().unwrap() > 0.0 && v["montecarlo"]["trials"].as_f64().is_some());
    // A bad plan or an unwritable path is an error, not a panic.
    let bad = temp_file("export-bad.json", b"{\"schema\": 2}");
    check(&["export", &bad, "-o", csv.to_str().unwrap()], None, 1, "");
    check(&["export", &plan, "-o", "/nonexistent/dir/x.csv"], None, 1, "/nonexistent/dir/x.csv");
}

#[test]
fn calibrate_prints_the_plan_writes_the_report_and_refuses_in_words() {
    let dir = std::env::temp_dir().join(format!("sandtable-cli-cal-{}", std::process::id()));
    let dir = dir.to_string_lossy().into_owned();
    let o = sandtable(&["sample-exports", "-o", &dir, "--noise", "0"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let files: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(files.len(), 5);
    assert!(files[0].ends_with("2025-1-Tmall.xlsx") && files[1].ends_with("2025-2-JD.csv"), "{files:?}");
    let plan = temp_file("cal-plan.json", stdout(&sandtable(&["default"], None)).as_bytes());
    let report = format!("{dir}/report.json");
    // By index and by name.
    let from = [format!("0={}", files[0]), format!("JD={}", files[1])];
    let mut args = vec!["calibrate", &plan, "--from", &from[0], "--from", &from[1], "--report", &report];
    let o = sandtable(&args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let sc = sandtable::model::parse_scenario(&stdout(&o)).expect("a valid plan");
    let truth = sandtable::model::Scenario::default();
    assert!((sc.channels[0].cvr / truth.channels[0].cvr - 1.0).abs() < 0.005);
    let rep: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(rep["year"], 2025);
    assert_eq!(rep["channels"].as_array().unwrap().len(), 2);
    assert_eq!(rep["channels"][1]["name"], "JD");
    assert_eq!(rep["channels"][0]["months"].as_array().unwrap().len(), 12);
    assert!(rep["channels"][0]["mape"].as_f64().unwrap() < 0.01);
    assert!(rep["warnings"].as_array().unwrap().iter().any(|w| w["warning"] == "channel_kept"));
    // For a person, in both languages.
    args.truncate(6);
    args.extend(["--format", "table", "--lang", "zh"]);
    check(&args, None, 0, "月度 GMV 平均绝对百分比误差");
    args.truncate(6);
    args.extend(["--format", "table", "--lang", "en"]);
    check(&args, None, 0, "Monthly weight · Feb: 0.70 → 0.74");
    // Refusals exit 1 with the file and the dates; usage errors exit 2.
    let short = temp_file("short.csv", b"date,visitors,gmv,orders\n2025-01-01,1,1,1\n2025-01-02,1,1,1\n");
    check(
        &["calibrate", &plan, "--from", &format!("0={short}")],
        None,
        1,
        "short.csv: the days run from 2025-01-01 to 2025-01-02",
    );
    check(&["calibrate", &plan, "--from", &format!("Taobao={short}")], None, 1, "No channel “Taobao”");
    check(&["calibrate", &plan, "--from", &short], None, 2, "is not CHANNEL=FILE");
    check(&["calibrate", &plan], None, 2, "--from");
    check(&["sample-exports", "-o", &dir, "--noise", "2"], None, 2, "--noise");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_writes_one_self_contained_page_and_refuses_what_it_cannot_read() {
    let out = std::env::temp_dir().join(format!("sandtable-report-{}.html", std::process::id()));
    let path = out.to_string_lossy().into_owned();
    let json = serde_json::to_vec(&sandtable::model::Scenario::default()).unwrap();
    let o = sandtable(&["report", "-", "-o", &path, "--lang", "en"], Some(&json));
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\">") && page.contains("Plan report"), "{}", &page[..200]);
    let _ = std::fs::remove_file(&out);
    check(&["report", "/no/such/file.json", "-o", &path], None, 1, "/no/such/file.json");
    check(&["report", "-"], Some(b"{}"), 2, "--output");
}
