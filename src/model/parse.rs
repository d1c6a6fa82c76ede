//! Parsing a scenario from JSON: serde with every error placed at its path, the schema-1 migration, and the
//! embedded default plan. No input can panic.
//!
//! Invariant: what `parse_scenario` returns is a valid schema-2 scenario; what `parse_unchecked` returns has
//! the right shape and `schema` 2, but may still hold out-of-range values.

use super::scenario::{Scenario, DEFAULT_JSON, SCHEMA};
use super::validate::{validate, FieldError, Problem, ScenarioError};
use serde::Deserialize;

/// The schema versions this build reads.
pub const READS: [u64; 2] = [1, 2];

impl Default for Scenario {
    /// The 2026 seed plan (`shared/design/examples/seed-plan-2026.json`).
    fn default() -> Self {
        // Parsed through the same path as user input, so the app carries one deserializer of `Scenario`.
        parse_unchecked(DEFAULT_JSON.as_bytes()).expect("the embedded default scenario parses")
    }
}

/// Parses and validates a scenario from JSON text.
pub fn parse_scenario(text: &str) -> Result<Scenario, ScenarioError> {
    parse_scenario_slice(text.as_bytes())
}

/// Parses and validates a scenario from JSON bytes (which need not be UTF-8).
pub fn parse_scenario_slice(bytes: &[u8]) -> Result<Scenario, ScenarioError> {
    checked(parse_unchecked(bytes)?)
}

/// Parses without range checks. Schema 1 is read as schema 2 (every new field absent, MODEL.md §11); other
/// versions are refused with a clear message.
pub fn parse_unchecked(bytes: &[u8]) -> Result<Scenario, ScenarioError> {
    // A byte-order mark, as some editors on Windows write, is not an error.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(i) = bytes.iter().position(|b| !b.is_ascii_whitespace()) {
        if bytes[i] != b'{' {
            let line = 1 + bytes[..i].iter().filter(|&&b| b == b'\n').count();
            let column = 1 + i - bytes[..i].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            return Err(ScenarioError::Parse {
                path: String::new(),
                message: "expected a scenario: a JSON object starting with { (a back office's spreadsheet is imported under Actuals, or calibrated with Start from last year)".into(),
                line,
                column,
            });
        }
    }
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        schema: Option<u64>,
    }
    if let Ok(Probe { schema: Some(n) }) = serde_json::from_slice::<Probe>(bytes) {
        if !READS.contains(&n) {
            return Err(ScenarioError::Invalid(vec![FieldError::new("schema", Problem::UnknownSchema(n))]));
        }
    }
    let sc = serde_json::from_slice::<Scenario>(bytes).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        let mut message = e.to_string();
        // serde_json appends " at line L column C"; the error carries those separately.
        if let Some(i) = message.rfind(" at line ") {
            message.truncate(i);
        }
        // A missing field is reported just past the end of its object: the path is the object's, read
        // before its closing brace (without the last key seen in it).
        let path = if message.starts_with("missing field") {
            path_parent(&json_path_at(bytes, line, column.saturating_sub(1))).to_string()
        } else {
            json_path_at(bytes, line, column)
        };
        ScenarioError::Parse { path, message, line, column }
    })?;
    Ok(migrated(sc))
}

/// A scenario another deserializer has read (the read-only embed reads a link with the browser's JSON parser),
/// taken as `parse_scenario` takes JSON: schema 1 read as schema 2, then validated (another version is refused).
pub fn settle(sc: Scenario) -> Result<Scenario, ScenarioError> {
    checked(migrated(sc))
}

/// `sc` as schema 2: schema 1 is schema 2 without the new fields, which serde left absent.
fn migrated(mut sc: Scenario) -> Scenario {
    if u64::from(sc.schema) == 1 {
        sc.schema = SCHEMA;
    }
    sc
}

/// `sc` if it is valid, else every problem found.
fn checked(sc: Scenario) -> Result<Scenario, ScenarioError> {
    let errs = validate(&sc);
    if errs.is_empty() {
        Ok(sc)
    } else {
        Err(ScenarioError::Invalid(errs))
    }
}

/// The parent of a path: `costs.fixed_costs` -> `costs`, `channels[1]` -> `channels`, `name` -> ``.
fn path_parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

/// The path (`channels[1].cvr`) of the value being read at `line`:`column` (1-based, as serde_json reports)
/// of a JSON text: a small scanner keeps the stack of keys and indices up to that point. It is only used to
/// name where a parse failed, so it is forgiving of whatever follows.
pub fn json_path_at(bytes: &[u8], line: usize, column: usize) -> String {
    // The byte offset of the position.
    let mut offset = bytes.len();
    let mut l = 1;
    for (i, &b) in bytes.iter().enumerate() {
        if l == line {
            offset = (i + column).min(bytes.len());
            break;
        }
        if b == b'\n' {
            l += 1;
        }
    }
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(Frame::Array(n)) = stack.last_mut() {
                    *n += 1;
                }
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                // A string directly followed by ':' is a key.
                let mut j = i + 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b':' {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        let end = i.min(bytes.len());
                        *key = Some(String::from_utf8_lossy(&bytes[start.min(end)..end]).into_owned());
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for f in &stack {
        match f {
            Frame::Object(Some(k)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => path.push_str(&format!("[{n}]")),
        }
    }
    path
}
