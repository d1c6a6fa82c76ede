//! The actuals import on files in the back offices' layouts, written here (xlsx, CSV in GBK and UTF-8, pasted
//! blocks) or by `scripts/make-import-fixtures.py` (生意参谋's .xls), and every error path.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use sandtable::import::cells::Field;
use sandtable::import::{self, messages, Granularity, ImportError, Report, Skip};
use sandtable::model::scenario::{MonthActual, Scenario};
use sandtable::present::format::Lang;

fn plan() -> Scenario {
    Scenario::default()
}

fn read(bytes: &[u8], name: &str) -> Result<Report, ImportError> {
    import::read(bytes, name, 2026, None)
}

/// Reads and applies to channel `c` of the default plan; returns channel c's months.
fn import_to(
    c: usize,
    bytes: &[u8],
    name: &str,
    through: Option<&str>,
) -> Result<(Vec<MonthActual>, Report), ImportError> {
    let report = import::read(bytes, name, 2026, through)?;
    let sc = import::apply(&plan(), c, &report)?;
    Ok((sc.actuals.unwrap().channels[c].months.clone(), report))
}

/// One month's expected sums.
fn month(gmv: f64, uv: Option<f64>, orders: Option<f64>, refunds: Option<f64>) -> MonthActual {
    MonthActual { gmv, uv, orders, refunds }
}

/// Compares to the cent (sums of two-decimal amounts in f64).
fn check(got: &[MonthActual], want: &[MonthActual]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (m, (g, w)) in got.iter().zip(want).enumerate() {
        let eq = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 0.005,
            (None, None) => true,
            _ => false,
        };
        assert!(eq(Some(g.gmv), Some(w.gmv)), "month {}: gmv {} vs {}", m + 1, g.gmv, w.gmv);
        assert!(eq(g.uv, w.uv), "month {}: uv {:?} vs {:?}", m + 1, g.uv, w.uv);
        assert!(eq(g.orders, w.orders), "month {}: orders {:?} vs {:?}", m + 1, g.orders, w.orders);
        assert!(eq(g.refunds, w.refunds), "month {}: refunds {:?} vs {:?}", m + 1, g.refunds, w.refunds);
    }
}

// ---- 生意参谋 (.xls, title rows, text numbers, "-", 同比, 合计) ----

/// `day(i)` of scripts/make-import-fixtures.py: GMV cents, visitors, orders, refund cents (None = "-").
fn sycm_day(i: i64) -> (i64, i64, i64, Option<i64>) {
    let gmv = 100_000_000 + i * 1_234_567 + (i % 7) * 1001;
    (gmv, 200_000 + i * 37, 3_000 + (i % 11) * 3, if i % 5 == 0 { None } else { Some(i * 10_101 + 7) })
}

fn sycm_months() -> Vec<MonthActual> {
    [(0, 31), (31, 59)]
        .iter()
        .map(|&(a, b)| {
            let (mut g, mut u, mut o, mut r) = (0, 0, 0, 0);
            for i in a..b {
                let (gi, ui, oi, ri) = sycm_day(i);
                g += gi;
                u += ui;
                o += oi;
                r += ri.unwrap_or(0);
            }
            month(g as f64 / 100.0, Some(u as f64), Some(o as f64), Some(r as f64 / 100.0))
        })
        .collect()
}

const SYCM: &[u8] = include_bytes!("fixtures/import/sycm-shop-2026.xls");

#[test]
fn sycm_xls_with_title_rows_and_text_numbers() {
    let (months, report) = import_to(0, SYCM, "sycm-shop-2026.xls", None).unwrap();
    check(&months, &sycm_months());
    assert_eq!(report.header_row, 5);
    assert_eq!(report.rows, 59);
    assert_eq!(
        (report.first.as_str(), report.last.as_str(), report.through.as_str()),
        ("2026-01-01", "2026-02-28", "02-28")
    );
    assert_eq!(report.granularity, Granularity::Daily);
    let cols: Vec<(&str, &str)> = report.columns.iter().map(|c| (c.field.key(), c.header.as_str())).collect();
    assert_eq!(
        cols,
        [
            ("date", "统计日期"),
            ("gmv", "支付金额"),
            ("uv", "访客数"),
            ("orders", "支付父订单数"),
            ("refunds", "成功退款金额")
        ]
    );
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].row, 65);
    assert!(matches!(&report.skipped[0].why, Skip::NotADate { text } if text == "合计"));
    // Every fifth day's refunds were "-": read as 0 and listed.
    assert_eq!(report.na_rows.len(), 12);
    let lines = messages::report_lines(&report, Lang::Zh).join("\n");
    assert!(lines.contains("表头在第 5 行") && lines.contains("跳过第 65 行"), "{lines}");
}

#[test]
fn an_earlier_through_leaves_the_later_rows_out() {
    let (months, report) = import_to(0, SYCM, "s.xls", Some("02-10")).unwrap();
    assert_eq!(report.through, "02-10");
    let feb: i64 = (31..41).map(|i| sycm_day(i).0).sum();
    assert!((months[1].gmv - feb as f64 / 100.0).abs() < 0.005);
    assert_eq!(report.skipped.iter().filter(|s| matches!(s.why, Skip::AfterThrough { .. })).count(), 18);
    let sc = import::apply(&plan(), 0, &report).unwrap();
    assert_eq!(sc.actuals.unwrap().through, "02-10");
}

// ---- 电商罗盘 (.xlsx, date cells, units in headers) ----

fn compass_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("核心数据").unwrap();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (c, h) in
        ["日期", "用户支付金额(元)", "成交金额(元)", "成交订单数", "商品访客数", "退款金额(元)", "成交金额(元)环比"]
            .iter()
            .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..90u32 {
        let r = i + 1;
        let (m, d) = if i < 31 {
            (1, i + 1)
        } else if i < 59 {
            (2, i - 30)
        } else {
            (3, i - 58)
        };
        ws.write_datetime_with_format(r, 0, ExcelDateTime::from_ymd(2026, m as u8, d as u8).unwrap(), &date).unwrap();
        ws.write_number(r, 1, 50_000.0 + f64::from(i)).unwrap();
        ws.write_number(r, 2, 40_000.25 + f64::from(i) * 10.5).unwrap();
        ws.write_number(r, 3, f64::from(400 + i)).unwrap();
        ws.write_number(r, 4, f64::from(20_000 + i * 2)).unwrap();
        ws.write_number(r, 5, 1_000.5).unwrap();
        ws.write_string(r, 6, "1.23%").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn compass_xlsx_with_date_cells_and_units_in_headers() {
    let (months, report) = import_to(2, &compass_xlsx(), "compass.xlsx", None).unwrap();
    let sum = |a: u32, b: u32, f: &dyn Fn(f64) -> f64| (a..b).map(|i| f(f64::from(i))).sum::<f64>();
    let want: Vec<MonthActual> = [(0, 31), (31, 59), (59, 90)]
        .iter()
        .map(|&(a, b)| {
            month(
                sum(a, b, &|i| 40_000.25 + i * 10.5),
                Some(sum(a, b, &|i| 20_000.0 + i * 2.0)),
                Some(sum(a, b, &|i| 400.0 + i)),
                Some(f64::from(b - a) * 1_000.5),
            )
        })
        .collect();
    check(&months, &want);
    // 成交金额(元) comes before 用户支付金额(元) among the GMV names.
    assert_eq!(report.columns[1].header, "成交金额(元)");
    assert_eq!(report.through, "03-31");
}

// ---- 京东商智 (.csv in GBK or UTF-8, .xlsx; 同比 beside each metric) ----

const JD_CSV: &str = "京东商智-经营概况\n时间范围：2026-01-01至2026-01-31\n\n\
时间,成交金额,成交金额同比,访客数,访客数同比,成交单量,成交单量同比\n";

fn jd_rows(days: std::ops::Range<u32>, sep: &str) -> String {
    days.map(|d| {
        format!(
            "2026/1/{d}{sep}\"{},{:03}.50\"{sep}12.5%{sep}{}{sep}-{sep}{}{sep}-3.1%\n",
            10 + d,
            d,
            5_000 + d,
            100 + d
        )
    })
    .collect()
}

fn jd_want() -> MonthActual {
    let days = 1..32u32;
    month(
        days.clone().map(|d| f64::from((10 + d) * 1000 + d) + 0.5).sum(),
        Some(days.clone().map(|d| f64::from(5_000 + d)).sum()),
        Some(days.map(|d| f64::from(100 + d)).sum()),
        None,
    )
}

#[test]
fn jd_csv_in_gbk_with_yoy_columns() {
    let text = format!("{JD_CSV}{}", jd_rows(1..32, ","));
    let (gbk, _, lossy) = encoding_rs::GBK.encode(&text);
    assert!(!lossy);
    assert!(std::str::from_utf8(&gbk).is_err(), "the file really is GBK");
    let (months, report) = import_to(1, &gbk, "jd.csv", None).unwrap();
    check(&months, &[jd_want()]);
    assert_eq!(report.header_row, 4);
    // The 同比 columns are other columns.
    assert_eq!(report.columns.iter().map(|c| c.column).collect::<Vec<_>>(), [0, 1, 3, 5]);
}

#[test]
fn jd_csv_in_utf8_with_a_bom_and_jd_xlsx() {
    let text = format!("\u{feff}{JD_CSV}{}", jd_rows(1..32, ","));
    check(&import_to(1, text.as_bytes(), "jd.csv", None).unwrap().0, &[jd_want()]);

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in format!("{JD_CSV}{}", jd_rows(1..32, "\t")).lines().enumerate() {
        for (c, cell) in line.split(['\t', ',']).enumerate().filter(|(_, s)| !s.is_empty()) {
            let cell = cell.trim_matches('"');
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    // The header line of the CSV has commas, the rows tabs: in the workbook both are cells.
    let report = read(&bytes, "jd.xlsx").unwrap();
    assert_eq!(report.rows, 31);
}

// ---- A block pasted from Excel or WPS ----

#[test]
fn a_pasted_monthly_block() {
    let paste = "月份\tGMV\tUV\t订单数\t退款金额\n2026-01\t61,000,000\t21000000\t390000\t4,700,000.5\n2026年2月\t52000000\t-\t300000\t3000000\n";
    let (months, report) = import_to(0, paste.as_bytes(), "paste", None).unwrap();
    check(
        &months,
        &[
            month(61e6, Some(21e6), Some(390_000.0), Some(4_700_000.5)),
            month(52e6, Some(0.0), Some(300_000.0), Some(3e6)),
        ],
    );
    assert_eq!(report.granularity, Granularity::Monthly);
    assert_eq!(report.through, "02-28");
    let mid = import_to(0, paste.as_bytes(), "paste", Some("02-15")).unwrap().1;
    assert_eq!(mid.through, "02-15");
}

#[test]
fn dates_in_every_written_form() {
    for (text, want) in [
        ("2026-01-05", "2026-01-05"),
        ("2026/1/5", "2026-01-05"),
        ("2026.1.5", "2026-01-05"),
        ("20260105", "2026-01-05"),
        ("2026年1月5日", "2026-01-05"),
        ("2026-01-05 00:00:00", "2026-01-05"),
        ("２０２６-０１-０５", "2026-01-05"),
        ("2026-01", "2026-01"),
        ("2026/1", "2026-01"),
        ("202601", "2026-01"),
        ("2026年1月", "2026-01"),
        ("2026-01-01~2026-01-31", "2026-01"),
        ("2026-01-05至2026-01-05", "2026-01-05"),
    ] {
        let cell = import::grid::Cell::Text(text.into());
        assert_eq!(import::cells::when(&cell).map(|w| w.label()), Some(want.to_string()), "{text}");
    }
    for text in ["合计", "2026-02-30", "2026-13", "1/5", "2026-01-01~2026-01-15", ""] {
        assert_eq!(import::cells::when(&import::grid::Cell::Text(text.into())), None, "{text}");
    }
}

#[test]
fn numbers_as_the_back_offices_write_them() {
    use import::cells::number;
    use import::grid::Cell;
    for (text, want) in [
        ("10,095.00", Some(10_095.0)),
        ("1,234,567", Some(1_234_567.0)),
        ("2.31%", Some(0.0231)),
        ("-", None),
        ("--", None),
        ("¥1,000", Some(1000.0)),
        ("１２３", Some(123.0)),
        (" 42 ", Some(42.0)),
        ("100元", Some(100.0)),
    ] {
        assert_eq!(number(&Cell::Text(text.into())), Ok(want), "{text}");
    }
    for bad in ["1,2", "12,34.5", "abc", "1.2.3", ",100", "1e5x"] {
        assert_eq!(number(&Cell::Text(bad.into())), Err(import::cells::NotANumber), "{bad}");
    }
}

// ---- Errors: each names what is wrong; the plan is untouched ----

fn daily(rows: &[(&str, &str)]) -> String {
    let mut s = String::from("日期,支付金额\n");
    for (d, g) in rows {
        s.push_str(&format!("{d},{g}\n"));
    }
    s
}

fn err(bytes: &[u8], through: Option<&str>) -> ImportError {
    match import::read(bytes, "f.csv", 2026, through) {
        Err(e) => e,
        Ok(r) => import::apply(&plan(), 0, &r).expect_err("should be refused"),
    }
}

#[test]
fn errors_name_the_rows_and_dates() {
    let cases: Vec<(String, Option<&str>, ImportError)> = vec![
        (
            daily(&[("2025-12-31", "1"), ("2026-01-01", "1")]),
            None,
            ImportError::WrongYear { date: "2025-12-31".into(), count: 1, year: 2026 },
        ),
        (
            daily(&[("2026-01-01", "1"), ("2026-01-02", "1"), ("2026-01-05", "1")]),
            None,
            ImportError::MissingDays { dates: vec!["2026-01-03".into(), "2026-01-04".into()], count: 2 },
        ),
        (
            daily(&[("2026-01-01", "1"), ("2026-01-01", "2")]),
            None,
            ImportError::Duplicate { date: "2026-01-01".into(), rows: (2, 3) },
        ),
        (daily(&[("2026-01-01", "1"), ("2026-02", "2")]), None, ImportError::Mixed),
        (daily(&[("2026-01-03", "1")]), None, ImportError::StartsMidMonth { date: "2026-01-03".into() }),
        (
            daily(&[("2026-01-01", "\"1,2\"")]),
            None,
            ImportError::BadNumber { row: 2, header: "支付金额".into(), text: "1,2".into() },
        ),
        (
            daily(&[("2026-01-01", "-5")]),
            None,
            ImportError::Negative { row: 2, header: "支付金额".into(), value: -5.0 },
        ),
        (
            daily(&[("2026-01", "1"), ("2026-03", "1")]),
            None,
            ImportError::MissingMonths { months: vec!["2026-02".into()] },
        ),
        (daily(&[("2026-02", "1")]), None, ImportError::Gap { first: "2026-02".into(), channel_last: None }),
        (
            "访客数,GMV同比\n1,2\n".into(),
            None,
            ImportError::PickColumns {
                missing: vec![Field::Date, Field::Gmv],
                columns: vec!["访客数".into(), "GMV同比".into()],
            },
        ),
        ("1,2\n3,4\n".into(), None, ImportError::NoHeader),
        ("日期,GMV\n合计,5\n".into(), None, ImportError::NoRows),
        (
            daily(&[("2026-01-01", "1")]),
            Some("01-05"),
            ImportError::ThroughAfterData { through: "01-05".into(), last: "2026-01-01".into() },
        ),
        (
            daily(&[("2026-02", "1")]),
            Some("01-20"),
            ImportError::ThroughBeforeData { through: "01-20".into(), first: "2026-02".into() },
        ),
        (daily(&[("2026-01-01", "1")]), Some("02-30"), ImportError::BadThrough { through: "02-30".into() }),
    ];
    for (text, through, want) in cases {
        assert_eq!(err(text.as_bytes(), through), want, "{text}");
        // Both languages say it.
        assert!(!messages::error(&want, Lang::Zh).is_empty() && !messages::error(&want, Lang::En).is_empty());
    }
    assert!(matches!(read(b"PK\x03\x04garbage", "x.xlsx"), Err(ImportError::Unreadable { .. })));
    assert!(messages::error(&ImportError::NoHeader, Lang::Zh).contains("支付金额"));
}

#[test]
fn through_must_agree_with_the_other_channels() {
    let jan = daily(&[("2026-01", "100")]);
    let r = read(jan.as_bytes(), "a.csv").unwrap();
    let sc = import::apply(&plan(), 0, &r).unwrap();
    let feb = read(daily(&[("2026-01", "1"), ("2026-02", "2")]).as_bytes(), "b.csv").unwrap();
    let e = import::apply(&sc, 1, &feb).unwrap_err();
    assert_eq!(
        e,
        ImportError::ThroughConflict {
            through: "02-28".into(),
            others: "01-31".into(),
            name: sc.channels[0].name.clone()
        }
    );
    assert!(messages::error(&e, Lang::Zh).contains("01-31"));
    // The same channel may move on: January stays, February is added.
    let only_feb = read(daily(&[("2026-02", "7")]).as_bytes(), "c.csv").unwrap();
    let next = import::apply(&sc, 0, &only_feb).unwrap();
    let months = &next.actuals.as_ref().unwrap().channels[0].months;
    assert_eq!(months.iter().map(|m| m.gmv).collect::<Vec<_>>(), [100.0, 7.0]);
    assert_eq!(next.actuals.unwrap().through, "02-28");
    // A channel whose last month is partial must be re-imported from that month's 1st.
    let mid = import::read(daily(&[("2026-01", "100")]).as_bytes(), "d.csv", 2026, Some("01-15")).unwrap();
    let partial = import::apply(&plan(), 0, &mid).unwrap();
    assert_eq!(
        import::apply(&partial, 0, &only_feb).unwrap_err(),
        ImportError::PartialMonth { month: "2026-01".into(), through: "01-15".into() }
    );
}

#[test]
fn channels_by_index_or_name() {
    let sc = plan();
    assert_eq!(import::channel_index(&sc, "1"), Ok(1));
    assert_eq!(import::channel_index(&sc, &sc.channels[2].name), Ok(2));
    assert_eq!(import::channel_index(&sc, "9"), Err(ImportError::NoChannel { channel: "9".into() }));
}

#[test]
fn an_imported_plan_simulates_with_tracking() {
    let (_, report) = import_to(0, SYCM, "s.xls", None).unwrap();
    let sc = import::apply(&plan(), 0, &report).unwrap();
    let t = sandtable::model::simulate(&sc).unwrap().tracking.unwrap();
    let want: f64 = sycm_months().iter().map(|m| m.gmv).sum();
    assert!((t.actual_gmv - want).abs() < 0.01);
    assert_eq!(t.days, 59);
}

#[test]
fn no_bytes_panic() {
    for bytes in [
        &b""[..],
        b"\xff\xfe",
        b"\xd0\xcf\x11\xe0",
        b"a,b\n\"unterminated",
        b"\x00\x01\x02",
        "日期\t支付金额\n2026-01-01\t1e400\n".as_bytes(),
    ] {
        let _ = read(bytes, "x");
    }
    let _ = common::tiny();
}

#[test]
fn a_picture_renamed_xlsx_is_said_to_be_no_spreadsheet() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10";
    let e = read(png, "chart.xlsx").unwrap_err();
    assert_eq!(e, ImportError::NotASpreadsheet { name: "chart.xlsx".into() });
    let zh = sandtable::import::messages::error(&e, sandtable::present::format::Lang::Zh);
    assert!(zh.contains("“chart.xlsx” 不是电子表格") && !zh.contains("表头"), "{zh}");
    assert!(e.to_string().contains("is not a spreadsheet"));
    // Text in UTF-16 (NUL bytes, with its BOM) is still text.
    let utf16: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain("日期\t支付金额\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    assert!(!matches!(read(&utf16, "x.txt"), Err(ImportError::NotASpreadsheet { .. })));
}

#[test]
fn an_html_table_saved_as_xls() {
    // Older 生意参谋 exports are HTML tables under an .xls name, often in GBK.
    let mut html = String::from("<html><head><meta charset=gbk></head><body><table border=1>\n<thead><tr><th colspan=3>店铺整体数据</th></tr></thead>\n<tr><th>统计日期</th><th>支付金额</th><th>访客数</th><th>支付金额同比</th></tr>\n");
    for d in 1..=31 {
        html.push_str(&format!(
            "<tr><td>2026-01-{d:02}</td><td>&nbsp;{},{:03}.25</td><td><span>{}</span></td><td>-</td></tr>\n",
            d,
            d * 7,
            1000 + d
        ));
    }
    html.push_str("<tr><td>合计</td><td>-</td><td></td><td></td></tr></table></body></html>");
    let (gbk, _, _) = encoding_rs::GBK.encode(&html);
    let (months, report) = import_to(3, &gbk, "sycm-old.xls", None).unwrap();
    let gmv: f64 = (1..=31u32).map(|d| f64::from(d * 1000 + d * 7) + 0.25).sum();
    check(&months, &[month(gmv, Some((1..=31).map(|d| f64::from(1000 + d)).sum()), None, None)]);
    assert_eq!(report.header_row, 2);
    assert_eq!(report.skipped.len(), 1);
}

/// A daily export of the year's first `n` days (2026), each day's GMV 10.
fn first_days(n: u32) -> String {
    let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut s = String::from("日期,支付金额\n");
    let (mut m, mut d) = (0usize, 1u32);
    for _ in 0..n {
        s.push_str(&format!("2026-{:02}-{d:02},10\n", m + 1));
        d += 1;
        if d > lengths[m] {
            (m, d) = (m + 1, 1);
        }
    }
    s
}

#[test]
fn files_that_end_on_different_days_meet_at_their_common_day() {
    let q1 = first_days(90);
    let (tmall, _) = import::import(&plan(), 0, q1.as_bytes(), "tmall.csv", None).unwrap();
    assert_eq!(tmall.actuals.as_ref().unwrap().through, "03-31");
    // JD's file ends 01-31: Tmall's actuals are cut there too, and the report says how many days went.
    let jan = first_days(31);
    let (both, report) = import::import(&tmall, 1, jan.as_bytes(), "jd.csv", None).unwrap();
    let a = both.actuals.as_ref().unwrap();
    assert_eq!(a.through, "01-31");
    assert_eq!(a.channels[0].months.len(), 1);
    assert_eq!(a.channels[1].months.len(), 1);
    assert_eq!(report.others_cut, Some(("03-31".to_string(), 59)));
    let lines = messages::report_lines(&report, Lang::Zh).join("\n");
    assert!(lines.contains("原截至 03-31") && lines.contains("去掉 59 天"), "{lines}");
    // The other way round: a file that runs longer is read up to the others' day; its later days are listed.
    let (jd_first, _) = import::import(&plan(), 1, jan.as_bytes(), "jd.csv", None).unwrap();
    let (joined, report) = import::import(&jd_first, 0, q1.as_bytes(), "tmall.csv", None).unwrap();
    assert_eq!(joined.actuals.as_ref().unwrap().through, "01-31");
    assert_eq!(joined.actuals.as_ref().unwrap().channels[0].months.len(), 1);
    assert_eq!(report.skipped.len(), 59, "each later day is listed as left out");
    // A file that ends within a month cannot meet monthly sums: refused, and the remedy offered is one that works.
    let mid = first_days(15);
    let e = import::import(&tmall, 1, mid.as_bytes(), "jd-mid.csv", None).unwrap_err();
    assert!(matches!(e, ImportError::ThroughMidMonth { .. }), "{e:?}");
    let said = messages::error(&e, Lang::Zh);
    assert!(said.contains("01-15") && said.contains("截至 03-31 或之后"), "{said}");
    // Asking for a day after the others' is refused with the day that works, which then works.
    let e = import::import(&jd_first, 0, q1.as_bytes(), "tmall.csv", Some("02-28")).unwrap_err();
    assert!(messages::error(&e, Lang::Zh).contains("将截止日设为 01-31"));
    assert!(import::import(&jd_first, 0, q1.as_bytes(), "tmall.csv", Some("01-31")).is_ok());
}

// ---- Column names as shops and planners write them ----

#[test]
fn column_names_are_matched_after_brackets_spaces_case_and_units() {
    // Full-width brackets with a unit, a trailing space, 支付订单数 / 付款订单数, 成交订单数(笔), UV in capitals.
    let cases = [
        "日期\t成交金额（元）\t访客数 \t支付订单数\t退款金额(元)",
        "统计日期\t用户支付金额(元)\t访客数(UV)\t付款订单数\t成功退款金额",
        "日期\t支付金额\tUV\t成交订单数(笔)\t退款金额",
    ];
    for header in cases {
        let text = format!("{header}\n2026-01\t100\t50\t5\t2\n2026-02\t200\t60\t6\t3\n");
        let report = read(text.as_bytes(), "paste").unwrap_or_else(|e| panic!("{header}: {e:?}"));
        let fields: Vec<Field> = report.columns.iter().map(|c| c.field).collect();
        assert_eq!(fields, Field::ALL.to_vec(), "{header}");
        check(
            &report.months.iter().map(|m| m.1.clone()).collect::<Vec<_>>(),
            &[month(100.0, Some(50.0), Some(5.0), Some(2.0)), month(200.0, Some(60.0), Some(6.0), Some(3.0))],
        );
    }
    // 万元 is no unit of ours: such a column is never read as yuan.
    let wan = read("日期\t成交金额(万元)\n2026-01\t1.5\n".as_bytes(), "paste");
    assert!(
        matches!(wan, Err(ImportError::PickColumns { ref missing, .. }) if *missing == vec![Field::Gmv]),
        "{wan:?}"
    );
}

#[test]
fn a_column_we_do_not_know_is_picked_from_the_files_own_columns() {
    let text = "日期\t成交额\t访客\n2026-01\t100\t50\n2026-02\t200\t60\n";
    let refused = read(text.as_bytes(), "paste").unwrap_err();
    assert_eq!(
        refused,
        ImportError::PickColumns {
            missing: vec![Field::Gmv],
            columns: vec!["日期".into(), "成交额".into(), "访客".into()]
        }
    );
    assert_eq!(messages::error(&refused, Lang::Zh), "找不到GMV列（文件的列：日期、成交额、访客）：请选出哪一列是GMV");
    assert_eq!(
        messages::error(&refused, Lang::En),
        "No GMV column by a name we know (the file's columns: 日期, 成交额, 访客): pick which column is the GMV"
    );
    // Picked, it reads; the other columns keep their names' fields, and a pick may name visitors too.
    let picks = [(Field::Gmv, "成交额".to_string()), (Field::Uv, " 访客 ".to_string())];
    let report = import::read_with(text.as_bytes(), "paste", 2026, None, &picks).unwrap();
    check(
        &report.months.iter().map(|m| m.1.clone()).collect::<Vec<_>>(),
        &[month(100.0, Some(50.0), None, None), month(200.0, Some(60.0), None, None)],
    );
    let (sc, _) = import::import_with(&plan(), 1, text.as_bytes(), "paste", None, &picks).unwrap();
    assert_eq!(sc.actuals.unwrap().channels[1].months.len(), 2);
}
