//! A file's bytes as sheets of cells: workbooks (xls, xlsx, ods) through calamine, text (CSV, tab-separated
//! pastes, in UTF-8, UTF-16 or GBK) through encoding_rs and csv, and HTML tables saved as `.xls`.
//!
//! Invariant: any bytes give sheets or an error, never a panic; a cell keeps what the file says (text stays
//! text, so `"10,095.00"` is parsed by `cells`, with the same rules as a typed number).

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::io::Cursor;

/// One cell as the file holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date cell: year, month, day.
    Date(i32, u32, u32),
}

/// One sheet: its name (the file's name for text) and its rows from the first; `first_row` is the 0-based
/// row of `rows[0]` in the sheet.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub first_row: usize,
    pub rows: Vec<Vec<Cell>>,
}

/// The kind of a file, by its first bytes: an OLE compound file (xls), a zip (xlsx, ods), else text.
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || bytes.starts_with(b"PK\x03\x04")
}

/// Whether `bytes` are neither a workbook nor text: no workbook signature, no byte-order mark, and a NUL byte
/// among the first 4 KB (a picture or a PDF renamed `.xlsx`; text in UTF-16 carries its BOM).
pub fn is_binary(bytes: &[u8]) -> bool {
    !is_workbook(bytes) && encoding_rs::Encoding::for_bom(bytes).is_none() && bytes.iter().take(4096).any(|&b| b == 0)
}

/// The sheets of `bytes`; `Err` with the reader's reason when a workbook cannot be read.
pub fn sheets(bytes: &[u8], name: &str) -> Result<Vec<Sheet>, String> {
    if is_workbook(bytes) {
        return workbook(bytes);
    }
    let text = decode(bytes);
    if is_html_table(&text) {
        return Ok(vec![html_sheet(&text, name)]);
    }
    Ok(vec![text_sheet(&text, name)?])
}

/// Whether text is an HTML table: what some back offices (older 生意参谋 exports) save under a `.xls` name.
fn is_html_table(text: &str) -> bool {
    text.trim_start().starts_with('<') && text.to_ascii_lowercase().contains("<table")
}

/// The rows of an HTML table: each `<tr>`, its `<td>`/`<th>` cells as text (tags dropped, the common entities
/// decoded). Rows outside a table and anything but cells are ignored.
fn html_sheet(text: &str, name: &str) -> Sheet {
    // ASCII lower-casing keeps every byte offset, so positions found in `lower` index `text`.
    let lower = text.to_ascii_lowercase();
    let mut rows = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<tr").map(|i| at + i) {
        let end = lower[start + 3..].find("<tr").map_or(lower.len(), |i| start + 3 + i);
        let row = &lower[start..end];
        let mut cells = Vec::new();
        let mut k = 0;
        while let Some(c) = find_cell(&row[k..]).map(|i| k + i) {
            let Some(open_end) = row[c..].find('>').map(|i| c + i + 1) else { break };
            let close = ["</td", "</th", "<td", "<th", "</tr"]
                .iter()
                .filter_map(|t| row[open_end..].find(t))
                .min()
                .map_or(row.len(), |i| open_end + i);
            let inner = &text[start + open_end..start + close];
            let value = html_text(inner);
            cells.push(if value.trim().is_empty() { Cell::Empty } else { Cell::Text(value) });
            k = close;
        }
        rows.push(cells);
        at = end;
    }
    Sheet { name: name.to_string(), first_row: 0, rows }
}

/// The offset of the next `<td` or `<th` cell tag.
fn find_cell(s: &str) -> Option<usize> {
    let td = s.find("<td");
    let th = s.find("<th").filter(|&i| !s[i..].starts_with("<thead"));
    match (td, th) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A cell's text: tags removed, `&nbsp;`, `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;` decoded, spaces collapsed.
fn html_text(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut in_tag = false;
    for ch in inner.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn workbook(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (name, range) in book.worksheets() {
        let first_row = range.start().map_or(0, |(r, _)| r as usize);
        let first_col = range.start().map_or(0, |(_, c)| c as usize);
        let rows = range
            .rows()
            .map(|row| {
                let mut cells = vec![Cell::Empty; first_col];
                cells.extend(row.iter().map(cell));
                cells
            })
            .collect();
        out.push(Sheet { name, first_row, rows });
    }
    Ok(out)
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::String(s) => Cell::Text(s.clone()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(i32::from(y), u32::from(m), u32::from(d))
        }
        Data::DateTimeIso(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

/// Text in UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's "Unicode text"), else GBK (GB18030, as
/// Chinese Windows writes CSV).
pub fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// A text table: tab-separated when its first lines hold tabs (a block copied from Excel or WPS), else CSV.
fn text_sheet(text: &str, name: &str) -> Result<Sheet, String> {
    let head: String = text.lines().take(40).collect();
    let delimiter = if head.contains('\t') { b'\t' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        // Blank lines are skipped by the reader: keep rows where the file's lines are, so row numbers match
        // (counted from the record's byte offset; the reader's own line count leaves blank lines out).
        let line = record.position().map_or(rows.len() + 1, |p| {
            // The position is where the reader began, before the blank lines it skipped.
            let b = text.as_bytes();
            let mut start = (p.byte() as usize).min(b.len());
            while start < b.len() && matches!(b[start], b'\n' | b'\r') {
                start += 1;
            }
            b[..start].iter().filter(|&&c| c == b'\n').count() + 1
        });
        while rows.len() + 1 < line {
            rows.push(Vec::new());
        }
        rows.push(
            record.iter().map(|s| if s.trim().is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }).collect(),
        );
    }
    Ok(Sheet { name: name.to_string(), first_row: 0, rows })
}
