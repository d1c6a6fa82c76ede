//! Actuals from the back offices' own exports (MODEL.md §10): 生意参谋 `.xls`, 京东商智 `.xlsx`/`.csv` (UTF-8 or
//! GBK), 电商罗盘 `.xlsx`, or a block pasted from Excel/WPS — daily or monthly rows, summed into months.
//!
//! Invariant: an import either gives a whole new plan that validates, with a report of what was read, or an
//! error naming the rows and dates at fault; the plan it was given is never changed. Pure: the command line
//! runs it natively, the page in the analysis worker (so calamine never weighs on the first load).

pub mod cells;
pub mod grid;
pub mod messages;

use crate::model::calendar::{day_of_year, days_in_month, mm_dd, month_day, parse_mm_dd};
use crate::model::scenario::{Actuals, ChannelActuals, MonthActual, Scenario};
use cells::{Field, When};
use grid::{Cell, Sheet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Whether the rows are days or months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Daily,
    Monthly,
}

/// A column that fed a field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ColumnUse {
    pub field: Field,
    /// The header as the file writes it.
    pub header: String,
    /// The column, 0-based (A = 0).
    pub column: usize,
}

/// Why a row was not read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Skip {
    /// Its date cell holds no date (a 合计 row, a note): the text.
    NotADate { text: String },
    /// After the `through` asked for.
    AfterThrough { date: String },
}

/// A skipped row: its number in the sheet (1-based) and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    pub row: usize,
    #[serde(flatten)]
    pub why: Skip,
}

/// What a file holds, read and summed into months, before it is applied to a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The file's name (`paste` for a pasted block).
    pub source: String,
    /// The sheet read (a workbook's; the file name for text).
    pub sheet: String,
    /// The header's row in the sheet, 1-based.
    pub header_row: usize,
    pub columns: Vec<ColumnUse>,
    /// Data rows read.
    pub rows: usize,
    pub granularity: Granularity,
    /// The first and last date read, `2026-01-01` or `2026-01`.
    pub first: String,
    pub last: String,
    pub skipped: Vec<Skipped>,
    /// Rows where a figure said n/a (`-`), read as 0 as a spreadsheet's SUM reads it.
    pub na_rows: Vec<usize>,
    /// The months read (1..=12) and their sums; a figure is `None` when the file has no column for it.
    pub months: Vec<(u32, MonthActual)>,
    /// The last day the rows cover, `MM-DD` (the end of the last month for monthly rows).
    pub through: String,
    /// When this file ends before the plan's other actuals did, their `through` before and the days of theirs
    /// left out, all cut at this file's last day (`import`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub others_cut: Option<(String, u32)>,
}

/// Why an import was refused. Dates are `2026-01-05`; rows are 1-based as a spreadsheet numbers them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "error")]
pub enum ImportError {
    /// The file could not be read as a workbook or text: the reader's reason.
    Unreadable { reason: String },
    /// The file is neither a spreadsheet nor text (a picture renamed `.xlsx`): its name.
    NotASpreadsheet { name: String },
    /// No row within the first 30 of any sheet names a date column and a GMV column.
    NoHeader,
    /// The likeliest header row lacks a date or a GMV column by any name we know: the fields missing and the
    /// row's columns, for the planner to pick from (`read_with`'s picks).
    PickColumns { missing: Vec<Field>, columns: Vec<String> },
    /// A header without a single dated row below it.
    NoRows,
    /// Rows of another year than the plan's: the first such date, how many, the plan's year.
    WrongYear { date: String, count: usize, year: i32 },
    /// A number cell that is no number: row, column header, text.
    BadNumber { row: usize, header: String, text: String },
    /// A negative figure: row, header, value.
    Negative { row: usize, header: String, value: f64 },
    /// The same date twice: the date and both rows.
    Duplicate { date: String, rows: (usize, usize) },
    /// Days and months mixed.
    Mixed,
    /// Days missing inside the span: the first few and how many.
    MissingDays { dates: Vec<String>, count: usize },
    /// Months missing inside the span.
    MissingMonths { months: Vec<String> },
    /// Daily rows that start after the 1st of their month: the first date.
    StartsMidMonth { date: String },
    /// The months before the file's first have no actuals for this channel: the first month, the channel's last.
    Gap { first: String, channel_last: Option<String> },
    /// The channel's last month runs only to `through`, and the file starts after it.
    PartialMonth { month: String, through: String },
    /// The `through` asked for is not a date of the plan's year.
    BadThrough { through: String },
    /// The `through` asked for is after the rows' last date.
    ThroughAfterData { through: String, last: String },
    /// The `through` asked for is before the rows' first date.
    ThroughBeforeData { through: String, first: String },
    /// Another channel's or line's actuals run to another day: ours, theirs, whose.
    ThroughConflict { through: String, others: String, name: String },
    /// The file ends within a month, before the other actuals' `through`: theirs are monthly sums and cannot be
    /// cut there.
    ThroughMidMonth { through: String, others: String, name: String },
    /// No channel of that index or name.
    NoChannel { channel: String },
    /// The plan with these actuals does not validate: the first error.
    Invalid { reason: String },
}

/// One dated row, read.
struct Row {
    line: usize,
    when: When,
    values: [Option<f64>; 4],
}

/// A file's rows, read and checked, before they are summed: what `read` and `read_daily` share.
struct Rows {
    sheet: String,
    header_row: usize,
    columns: Vec<ColumnUse>,
    rows: Vec<Row>,
    skipped: Vec<Skipped>,
    na_rows: Vec<usize>,
    /// Whether the file has a column for each of GMV, visitors, orders, refunds.
    has: [bool; 4],
}

/// Finds the header, maps the columns, reads and checks the rows (sorted, of `year`, no duplicate, no gap) up to
/// `cut` (a day of `year`; later rows are listed as skipped).
fn read_rows(
    bytes: &[u8],
    source: &str,
    year: i32,
    cut: Option<usize>,
    through: Option<&str>,
    picks: &[(Field, String)],
) -> Result<Rows, ImportError> {
    if grid::is_binary(bytes) {
        return Err(ImportError::NotASpreadsheet { name: source.to_string() });
    }
    let sheets = grid::sheets(bytes, source).map_err(|reason| ImportError::Unreadable { reason })?;
    let Some((sheet, header)) = sheets.iter().find_map(|s| header_row(s, picks).map(|h| (s, h))) else {
        return Err(to_pick(&sheets, picks));
    };
    let columns = columns(&sheet.rows[header], picks);
    let col = |f: Field| columns.iter().find(|c| c.field == f).map(|c| c.column);
    let date_col = col(Field::Date).ok_or(ImportError::NoHeader)?;
    let value_cols = [Field::Gmv, Field::Uv, Field::Orders, Field::Refunds].map(col);

    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    let mut na_rows = Vec::new();
    for (i, cells) in sheet.rows.iter().enumerate().skip(header + 1) {
        let line = sheet.first_row + i + 1;
        let at = |c: usize| cells.get(c).unwrap_or(&Cell::Empty);
        if cells.iter().all(|c| *c == Cell::Empty) {
            continue;
        }
        let Some(when) = cells::when(at(date_col)) else {
            skipped.push(Skipped { row: line, why: Skip::NotADate { text: text_of(cells, date_col) } });
            continue;
        };
        let after = match (when, cut) {
            (When::Day(y, m, d), Some(cut)) => y == year && day_of_year(y, m, d) > cut,
            (When::Month(y, m), Some(cut)) => y == year && m > month_day(year, cut).0,
            _ => false,
        };
        if after {
            skipped.push(Skipped { row: line, why: Skip::AfterThrough { date: when.label() } });
            continue;
        }
        let mut values = [None; 4];
        for (k, c) in value_cols.iter().enumerate() {
            let Some(c) = *c else { continue };
            let header = text_of(&sheet.rows[header], c);
            let v = cells::number(at(c)).map_err(|_| ImportError::BadNumber {
                row: line,
                header: header.clone(),
                text: text_of(cells, c),
            })?;
            if let Some(x) = v.filter(|x| *x < 0.0) {
                return Err(ImportError::Negative { row: line, header, value: x });
            }
            if v.is_none() && na_rows.last() != Some(&line) {
                na_rows.push(line);
            }
            values[k] = Some(v.unwrap_or(0.0));
        }
        rows.push(Row { line, when, values });
    }
    let Some(first) = rows.first() else {
        let later = skipped.iter().find_map(|s| match &s.why {
            Skip::AfterThrough { date } => Some(date.clone()),
            Skip::NotADate { .. } => None,
        });
        return Err(match (later, through) {
            (Some(first), Some(t)) => ImportError::ThroughBeforeData { through: t.to_string(), first },
            _ => ImportError::NoRows,
        });
    };
    let other_year: Vec<&Row> = rows.iter().filter(|r| r.when.year() != year).collect();
    if let Some(r) = other_year.first() {
        return Err(ImportError::WrongYear { date: r.when.label(), count: other_year.len(), year });
    }
    let daily = matches!(first.when, When::Day(..));
    if rows.iter().any(|r| matches!(r.when, When::Day(..)) != daily) {
        return Err(ImportError::Mixed);
    }
    rows.sort_by_key(|r| r.when);
    if let Some(w) = rows.windows(2).find(|w| w[0].when == w[1].when) {
        return Err(ImportError::Duplicate {
            date: w[0].when.label(),
            rows: (w[0].line.min(w[1].line), w[0].line.max(w[1].line)),
        });
    }
    check_span(&rows, year)?;

    Ok(Rows {
        sheet: sheet.name.clone(),
        header_row: sheet.first_row + header + 1,
        columns,
        rows,
        skipped,
        na_rows,
        has: value_cols.map(|c| c.is_some()),
    })
}

/// Reads a file (or a pasted block, as UTF-8 text) for a plan of `year`: finds the header, maps the columns,
/// reads and checks the rows up to `through` (`MM-DD`; all rows when `None`, later ones are listed as skipped),
/// and sums them into months.
pub fn read(bytes: &[u8], source: &str, year: i32, through: Option<&str>) -> Result<Report, ImportError> {
    read_with(bytes, source, year, through, &[])
}

/// [`read`] with columns the planner picked by their header text for fields whose names we do not know
/// (answering `ImportError::PickColumns`).
pub fn read_with(
    bytes: &[u8],
    source: &str,
    year: i32,
    through: Option<&str>,
    picks: &[(Field, String)],
) -> Result<Report, ImportError> {
    let cut = match through {
        None => None,
        Some(t) => Some(parse_mm_dd(t, year).ok_or_else(|| ImportError::BadThrough { through: t.to_string() })?),
    };
    let Rows { sheet, header_row, columns, rows, skipped, na_rows, has: value_cols } =
        read_rows(bytes, source, year, cut, through, picks)?;
    let daily = matches!(rows[0].when, When::Day(..));
    let (first, last) = (rows[0].when, rows[rows.len() - 1].when);
    let mut months: BTreeMap<u32, MonthActual> = BTreeMap::new();
    for r in &rows {
        let m = months.entry(r.when.month()).or_insert(MonthActual {
            gmv: 0.0,
            uv: value_cols[1].then_some(0.0),
            orders: value_cols[2].then_some(0.0),
            refunds: value_cols[3].then_some(0.0),
        });
        let add = |acc: Option<f64>, x: Option<f64>| Some(acc? + x?);
        m.gmv += r.values[0].unwrap_or(0.0);
        m.uv = add(m.uv, r.values[1]);
        m.orders = add(m.orders, r.values[2]);
        m.refunds = add(m.refunds, r.values[3]);
    }
    // Sums to the cent: the exports' own precision, and numbers that read back exactly from JSON everywhere.
    let cents = |x: f64| (x * 100.0).round() / 100.0;
    for m in months.values_mut() {
        m.gmv = cents(m.gmv);
        for x in [&mut m.uv, &mut m.orders, &mut m.refunds].into_iter().flatten() {
            *x = cents(*x);
        }
    }
    let end = match last {
        When::Day(y, m, d) => day_of_year(y, m, d),
        When::Month(y, m) => day_of_year(y, m, days_in_month(y, m)),
    };
    let through = match cut {
        Some(cut) if cut > end => {
            return Err(ImportError::ThroughAfterData { through: mm_dd(year, cut), last: last.label() })
        }
        Some(cut) => mm_dd(year, cut),
        None => mm_dd(year, end),
    };
    Ok(Report {
        source: source.to_string(),
        sheet,
        header_row,
        columns,
        rows: rows.len(),
        granularity: if daily { Granularity::Daily } else { Granularity::Monthly },
        first: first.label(),
        last: last.label(),
        skipped,
        na_rows,
        months: months.into_iter().collect(),
        through,
        others_cut: None,
    })
}

/// A daily file read whole, for calibration (MODEL.md §12): each row's day of `year` (0-based) and its GMV,
/// visitors, orders and refunds (`None` for a figure the file has no column for).
#[derive(Clone, Debug, PartialEq)]
pub struct Daily {
    /// The file's name.
    pub source: String,
    pub columns: Vec<ColumnUse>,
    /// Rows read, in date order: day of the year (0-based) and `[gmv, uv, orders, refunds]`.
    pub days: Vec<(usize, [Option<f64>; 4])>,
    /// Whether the file has a column for each of GMV, visitors, orders, refunds.
    pub has: [bool; 4],
    /// Whether the rows are days (a monthly file is read, then refused by the caller that needs days).
    pub daily: bool,
    /// The first and last date read, `2025-01-01`.
    pub first: String,
    pub last: String,
}

/// Reads a file's daily rows for `year` with the same header search, column names and checks as `read`
/// (dates of that year, no duplicate, no gap inside the span), without summing them.
pub fn read_daily(bytes: &[u8], source: &str, year: i32) -> Result<Daily, ImportError> {
    let r = read_rows(bytes, source, year, None, None, &[])?;
    let daily = matches!(r.rows[0].when, When::Day(..));
    let days = r
        .rows
        .iter()
        .map(|row| {
            let d = match row.when {
                When::Day(y, m, d) => day_of_year(y, m, d),
                When::Month(..) => 0,
            };
            (d, row.values)
        })
        .collect();
    Ok(Daily {
        source: source.to_string(),
        columns: r.columns,
        days,
        has: r.has,
        daily,
        first: r.rows[0].when.label(),
        last: r.rows[r.rows.len() - 1].when.label(),
    })
}

/// The field a header cell names: the one the planner picked it for, else the one of its name.
fn field_of(c: &Cell, picks: &[(Field, String)]) -> Option<Field> {
    let key = cells::header_key(c);
    if key.is_empty() {
        return None;
    }
    picks.iter().find(|(_, h)| cells::name_key(h) == key).map(|(f, _)| *f).or_else(|| cells::field_of(&key))
}

/// The first row within the first 30 that names a date column and a GMV column.
fn header_row(s: &Sheet, picks: &[(Field, String)]) -> Option<usize> {
    s.rows.iter().take(30).position(|row| {
        let fields: Vec<Field> = row.iter().filter_map(|c| field_of(c, picks)).collect();
        fields.contains(&Field::Date) && fields.contains(&Field::Gmv)
    })
}

/// Why no header was found, as a choice for the planner: the likeliest header row (of the first 30 of each
/// sheet, the one with the most fields we know, then the most names; at least two names) and the required
/// fields it lacks; `NoHeader` when no row has two texts.
fn to_pick(sheets: &[Sheet], picks: &[(Field, String)]) -> ImportError {
    // A header's cell is a text that is no number (a CSV's cells are all texts).
    let named =
        |c: &Cell| matches!(c, Cell::Text(t) if !t.trim().is_empty()) && !matches!(cells::number(c), Ok(Some(_)));
    let texts = |row: &[Cell]| row.iter().filter(|c| named(c)).count();
    let known = |row: &[Cell]| row.iter().filter(|c| field_of(c, picks).is_some()).count();
    let best = sheets
        .iter()
        .flat_map(|s| s.rows.iter().take(30))
        .filter(|row| texts(row) >= 2)
        .max_by_key(|row| (known(row), texts(row)));
    let Some(row) = best else { return ImportError::NoHeader };
    let fields: Vec<Field> = row.iter().filter_map(|c| field_of(c, picks)).collect();
    let missing = [Field::Date, Field::Gmv].into_iter().filter(|f| !fields.contains(f)).collect();
    let mut columns: Vec<String> = Vec::new();
    for c in row.iter().filter(|c| named(c)) {
        if let Cell::Text(t) = c {
            let t = t.trim().to_string();
            if !columns.contains(&t) {
                columns.push(t);
            }
        }
    }
    ImportError::PickColumns { missing, columns }
}

/// Each field's column: the one the planner picked for it, else the first of its names (in their order) that the
/// header holds.
fn columns(header: &[Cell], picks: &[(Field, String)]) -> Vec<ColumnUse> {
    let keys: Vec<String> = header.iter().map(cells::header_key).collect();
    Field::ALL
        .into_iter()
        .filter_map(|field| {
            let picked = picks.iter().find(|(f, _)| *f == field).map(|(_, h)| cells::name_key(h));
            let column = match picked.and_then(|p| keys.iter().position(|k| *k == p)) {
                Some(c) => c,
                None => field.names().iter().find_map(|n| keys.iter().position(|k| k == n))?,
            };
            Some(ColumnUse { field, header: text_of(header, column), column })
        })
        .collect()
}

fn text_of(row: &[Cell], c: usize) -> String {
    match row.get(c) {
        Some(Cell::Text(s)) => s.trim().to_string(),
        Some(Cell::Number(x)) => x.to_string(),
        Some(Cell::Date(y, m, d)) => format!("{y}-{m:02}-{d:02}"),
        _ => String::new(),
    }
}

/// Daily rows start on a month's 1st and miss no day; monthly rows miss no month. The rows are sorted.
fn check_span(rows: &[Row], year: i32) -> Result<(), ImportError> {
    match rows[0].when {
        When::Day(y, m, d) => {
            if d != 1 {
                return Err(ImportError::StartsMidMonth { date: rows[0].when.label() });
            }
            let days: Vec<usize> = rows
                .iter()
                .map(|r| match r.when {
                    When::Day(y, m, d) => day_of_year(y, m, d),
                    When::Month(..) => 0,
                })
                .collect();
            let start = day_of_year(y, m, 1);
            let end = days[days.len() - 1];
            let missing: Vec<usize> = (start..=end).filter(|d| days.binary_search(d).is_err()).collect();
            if !missing.is_empty() {
                let dates = missing.iter().take(5).map(|&d| date_label(year, d)).collect();
                return Err(ImportError::MissingDays { dates, count: missing.len() });
            }
        }
        When::Month(..) => {
            let have: Vec<u32> = rows.iter().map(|r| r.when.month()).collect();
            let (a, b) = (have[0], have[have.len() - 1]);
            let missing: Vec<String> =
                (a..=b).filter(|m| !have.contains(m)).map(|m| When::Month(year, m).label()).collect();
            if !missing.is_empty() {
                return Err(ImportError::MissingMonths { months: missing });
            }
        }
    }
    Ok(())
}

/// Day `doy` (0-based) of `year` as `2026-01-05`.
pub(crate) fn date_label(year: i32, doy: usize) -> String {
    let (m, d) = month_day(year, doy);
    When::Day(year, m, d).label()
}

/// A channel by its 0-based index or its name.
pub fn channel_index(sc: &Scenario, channel: &str) -> Result<usize, ImportError> {
    let by_index = channel.parse::<usize>().ok().filter(|&i| i < sc.channels.len());
    by_index
        .or_else(|| sc.channels.iter().position(|c| c.name == channel))
        .ok_or_else(|| ImportError::NoChannel { channel: channel.to_string() })
}

/// The name of a channel other than `c`, or of a spend line, that has actuals, if any: they fix `through`.
fn others_with_actuals(sc: &Scenario, actuals: &Actuals, c: usize) -> Option<String> {
    actuals
        .channels
        .iter()
        .enumerate()
        .filter(|(i, a)| *i != c && !a.months.is_empty())
        .map(|(i, _)| sc.channels.get(i).map_or_else(String::new, |ch| ch.name.clone()))
        .chain(
            actuals
                .spend_lines
                .iter()
                .flatten()
                .enumerate()
                .filter(|(_, l)| !l.months.is_empty())
                .map(|(j, _)| sc.spend_lines.get(j).map_or_else(String::new, |l| l.name.clone())),
        )
        .next()
}

/// Reads a file for channel `c` of `sc` and applies it (`read`, then `apply`), with actuals that end on different
/// days brought to their common day: a file that runs longer than the plan's other actuals is read up to their
/// day (its later rows are listed as skipped), unless a `through` was asked for; a file that ends earlier cuts
/// theirs at its last day when that is a month's end (`Report::others_cut` says how many days of theirs were
/// left out), and is refused when it ends within a month, since theirs are monthly sums.
pub fn import(
    sc: &Scenario,
    c: usize,
    bytes: &[u8],
    source: &str,
    through: Option<&str>,
) -> Result<(Scenario, Report), ImportError> {
    import_with(sc, c, bytes, source, through, &[])
}

/// [`import`] with columns the planner picked (see [`read_with`]).
pub fn import_with(
    sc: &Scenario,
    c: usize,
    bytes: &[u8],
    source: &str,
    through: Option<&str>,
    picks: &[(Field, String)],
) -> Result<(Scenario, Report), ImportError> {
    let year = sc.year;
    let report = read_with(bytes, source, year, through, picks)?;
    let others = sc.actuals.as_ref().and_then(|a| Some((a.through.clone(), others_with_actuals(sc, a, c)?)));
    let day = |t: &str| parse_mm_dd(t, year);
    let Some((theirs, name)) = others.filter(|(t, _)| *t != report.through) else {
        return Ok((apply(sc, c, &report)?, report));
    };
    let (Some(file_day), Some(their_day)) = (day(&report.through), day(&theirs)) else {
        return Ok((apply(sc, c, &report)?, report));
    };
    if file_day > their_day {
        if through.is_some() {
            return Err(ImportError::ThroughConflict { through: report.through, others: theirs, name });
        }
        let report = read_with(bytes, source, year, Some(&theirs), picks)?;
        return Ok((apply(sc, c, &report)?, report));
    }
    let (m, d) = month_day(year, file_day);
    if d < days_in_month(year, m) {
        return Err(ImportError::ThroughMidMonth { through: report.through, others: theirs, name });
    }
    let mut cut = sc.clone();
    if let Some(a) = cut.actuals.as_mut() {
        a.through = report.through.clone();
        a.channels.iter_mut().for_each(|ch| ch.months.truncate(m as usize));
        a.spend_lines.iter_mut().flatten().for_each(|l| l.months.truncate(m as usize));
    }
    let report = Report { others_cut: Some((theirs, (their_day - file_day) as u32)), ..report };
    Ok((apply(&cut, c, &report)?, report))
}

/// The plan `sc` with channel `c`'s actuals taken from `report` (read for this plan's year), up to the report's
/// `through`. The channel's earlier months stay when the file starts later; the months from the file's first on
/// are replaced. Other channels' or lines' actuals must run to the same day.
pub fn apply(sc: &Scenario, c: usize, report: &Report) -> Result<Scenario, ImportError> {
    if c >= sc.channels.len() {
        return Err(ImportError::NoChannel { channel: c.to_string() });
    }
    let year = sc.year;
    let first_month = report.months.first().map(|m| m.0).ok_or(ImportError::NoRows)?;
    let through_label = report.through.clone();
    if parse_mm_dd(&through_label, year).is_none() {
        return Err(ImportError::BadThrough { through: through_label });
    }

    // The other channels' and lines' actuals fix `through`.
    let mut next = sc.clone();
    let actuals = next.actuals.get_or_insert_with(|| Actuals {
        through: through_label.clone(),
        channels: vec![ChannelActuals::default(); sc.channels.len()],
        ..Actuals::default()
    });
    let conflict = others_with_actuals(sc, actuals, c);
    if let Some(name) = conflict {
        if actuals.through != through_label {
            return Err(ImportError::ThroughConflict { through: through_label, others: actuals.through.clone(), name });
        }
    }
    // The channel's months before the file's first stay; they must reach it.
    let own = actuals.channels.get(c).map(|a| a.months.clone()).unwrap_or_default();
    let kept = (first_month as usize - 1).min(own.len());
    if kept < first_month as usize - 1 {
        return Err(ImportError::Gap {
            first: When::Month(year, first_month).label(),
            channel_last: (kept > 0).then(|| When::Month(year, kept as u32).label()),
        });
    }
    if kept > 0 && kept == own.len() {
        if let Some(old_cut) = parse_mm_dd(&actuals.through, year) {
            let (m, d) = month_day(year, old_cut);
            if m as usize == kept && d < days_in_month(year, m) {
                return Err(ImportError::PartialMonth {
                    month: When::Month(year, m).label(),
                    through: actuals.through.clone(),
                });
            }
        }
    }
    let mut months: Vec<MonthActual> = own[..kept].to_vec();
    months.extend(report.months.iter().map(|(_, m)| m.clone()));
    actuals.through = through_label;
    actuals.channels.resize(sc.channels.len(), ChannelActuals::default());
    actuals.channels[c] = ChannelActuals { months };
    if let Some(e) = crate::model::validate(&next).first() {
        return Err(ImportError::Invalid { reason: e.to_string() });
    }
    Ok(next)
}
