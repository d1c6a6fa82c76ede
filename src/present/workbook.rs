//! The results as an Excel workbook (`.xlsx`, rust_xlsxwriter): one sheet per table of `present::export`, numbers
//! as numbers in the page's formats (money `#,##0`, rates `0.00%`, ratios `0.00`), the header row bold and
//! frozen. The analysis worker and the CLI write it; the page never loads it.
//!
//! Invariant: every value is the CSV's (the same rounded numbers); a failure is an error, never a panic.

use super::export::{Cell, Table};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The workbook's bytes for `tables`.
pub fn xlsx(tables: &[Table], title: &str) -> Result<Vec<u8>, String> {
    write(tables, title).map_err(|e| e.to_string())
}

fn write(tables: &[Table], title: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_title(title).set_author("Sandtable 沙盘"));
    let head = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("#,##0");
    let fen = Format::new().set_num_format("#,##0.00");
    let rate = Format::new().set_num_format("0.00%");
    let ratio = Format::new().set_num_format("0.00");
    for (i, table) in tables.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&table.title, i))?;
        for (c, h) in table.head.iter().enumerate() {
            sheet.write_string_with_format(0, col(c), h, &head)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = col(c);
                match (cell, cell.rounded()) {
                    (Cell::Text(s), _) => {
                        sheet.write_string(r, c, s)?;
                    }
                    (Cell::Rate(_), Some(x)) => {
                        sheet.write_number_with_format(r, c, x, &rate)?;
                    }
                    (Cell::Ratio(_), Some(x)) => {
                        sheet.write_number_with_format(r, c, x, &ratio)?;
                    }
                    (Cell::Money(m), Some(x)) if m.abs() < 10_000.0 => {
                        sheet.write_number_with_format(r, c, x, &fen)?;
                    }
                    (_, Some(x)) => {
                        sheet.write_number_with_format(r, c, x, &money)?;
                    }
                    _ => {}
                }
            }
        }
        for (c, w) in column_widths(table).into_iter().enumerate() {
            sheet.set_column_width(col(c), w)?;
        }
        sheet.set_freeze_panes(1, 1)?;
    }
    book.save_to_buffer()
}

/// Each column's width in Excel's units (about one digit): its header's and its widest value's as shown, wide
/// characters (Chinese, full-width) counting two, plus a margin; at most 60.
pub fn column_widths(table: &Table) -> Vec<f64> {
    let shown = |cell: &Cell| -> String {
        match (cell, cell.rounded()) {
            (Cell::Text(s), _) => s.clone(),
            (Cell::Rate(_), Some(x)) => format!("{}%", super::format::grouped(x * 100.0, 2)),
            (Cell::Ratio(_), Some(x)) => super::format::grouped(x, 2),
            (Cell::Money(m), Some(x)) if m.abs() < 10_000.0 => super::format::grouped(x, 2),
            (_, Some(x)) => super::format::grouped(x, 0),
            _ => String::new(),
        }
    };
    (0..table.head.len())
        .map(|c| {
            let values = table.rows.iter().filter_map(|r| r.get(c)).map(|cell| text_width(&shown(cell)));
            let widest = values.chain([text_width(&table.head[c])]).fold(0.0, f64::max);
            (widest + 2.0).min(60.0)
        })
        .collect()
}

/// A text's width in Excel's units: East Asian wide characters count two, others one.
fn text_width(s: &str) -> f64 {
    let wide = |c: char| {
        matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
    };
    s.chars().map(|c| if wide(c) { 2.0 } else { 1.0 }).sum()
}

fn col(c: usize) -> u16 {
    c.min(u16::MAX as usize) as u16
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty (then `Sheet<n>`).
fn sheet_name(title: &str, i: usize) -> String {
    let name: String =
        title.chars().filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\')).take(31).collect();
    let name = name.trim_matches('\'').to_string();
    if name.is_empty() {
        format!("Sheet{}", i + 1)
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{simulate, Scenario};
    use crate::present::format::Lang;

    #[test]
    fn every_column_fits_its_header_and_its_values() {
        let sc = Scenario::default();
        let r = simulate(&sc).unwrap();
        for lang in [Lang::Zh, Lang::En] {
            for table in crate::present::export::tables(&sc, &r, None, lang) {
                let widths = column_widths(&table);
                for (c, h) in table.head.iter().enumerate() {
                    assert!(widths[c] >= text_width(h).min(58.0), "{}: {h} in {}", table.title, widths[c]);
                }
            }
        }
        assert_eq!(text_width("成交金额（元）"), 14.0);
        assert_eq!(text_width("GMV (CNY)"), 9.0);
    }
}
