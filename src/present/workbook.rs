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
        sheet.autofit();
        sheet.set_column_width(0, 18)?;
        sheet.set_freeze_panes(1, 1)?;
    }
    book.save_to_buffer()
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
