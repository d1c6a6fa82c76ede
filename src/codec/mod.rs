//! Scenario links: the whole scenario in a URL fragment (`#s=1.…`), never sent to a server. The payload is
//! `<codec version>.<base64url(raw deflate(minified scenario JSON))>`; JSON carries its own `"schema"`, so a
//! link made today keeps opening when the schema grows (new fields get defaults, old schemas migrate).
//!
//! Invariant: `decode` never panics and never allocates without bound: it returns the scenario or a typed
//! error saying what was wrong with the link.

pub mod deflate;

use crate::model::scenario::Scenario;
use crate::model::validate::{parse_scenario_slice, ScenarioError};
use std::fmt;

/// The version written before the payload; decoders keep reading every earlier one.
pub const CODEC_VERSION: &str = "1";
/// Largest scenario JSON a link may inflate to (a zip bomb stops here).
pub const MAX_JSON: usize = 1 << 20;
/// Longest payload read, in characters.
pub const MAX_PAYLOAD: usize = 1 << 20;

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq)]
pub enum CodecError {
    /// The URL has no `s=` scenario.
    Missing,
    /// It has `s=` with nothing after it (a link cut when copied).
    Empty,
    /// Made by a codec version this build does not know (a newer Sandtable).
    UnknownVersion(String),
    /// Not base64url (a character that cannot appear, at this position).
    BadBase64(usize),
    /// The compressed data is damaged or truncated.
    BadCompression,
    /// The scenario would be larger than `MAX_JSON` or the payload longer than `MAX_PAYLOAD`.
    TooLarge,
    /// It decompressed, but is not a valid scenario.
    Invalid(ScenarioError),
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            CodecError::Missing => write!(f, "the link holds no scenario (no s= in its fragment)"),
            CodecError::Empty => write!(f, "the link's plan is empty (nothing after s=): copy the whole link again"),
            CodecError::UnknownVersion(v) => write!(
                f,
                "the link was made by a newer Sandtable (link version \"{v}\"; this one reads {CODEC_VERSION})"
            ),
            CodecError::BadBase64(i) => write!(f, "the link is damaged: an unexpected character at position {i}"),
            CodecError::BadCompression => write!(f, "the link is damaged or cut short: its data does not decompress"),
            CodecError::TooLarge => write!(f, "the link is too large to be a scenario"),
            CodecError::Invalid(e) => write!(f, "the link's scenario is not valid: {}", e.lines().join("; ")),
        }
    }
}

impl std::error::Error for CodecError {}

impl CodecError {
    /// A short stable code for the UI to translate: `missing`, `empty`, `version`, `base64`, `compression`, `size`, `invalid`.
    pub fn code(&self) -> &'static str {
        match self {
            CodecError::Missing => "missing",
            CodecError::Empty => "empty",
            CodecError::UnknownVersion(_) => "version",
            CodecError::BadBase64(_) => "base64",
            CodecError::BadCompression => "compression",
            CodecError::TooLarge => "size",
            CodecError::Invalid(_) => "invalid",
        }
    }
}

/// The payload of a scenario: `1.<base64url>`.
pub fn encode(sc: &Scenario) -> String {
    let json = serde_json::to_vec(sc).unwrap_or_default();
    let packed = crate::codec::deflate::compress(&json);
    format!("{CODEC_VERSION}.{}", base64url_encode(&packed))
}

/// The URL fragment of a scenario, without `#`: `s=1.<base64url>`.
pub fn fragment(sc: &Scenario) -> String {
    format!("s={}", encode(sc))
}

/// The scenario payload in a URL, a fragment (`#s=…`, `s=…`) or a bare payload (`1.…`); `None` when the
/// text has a fragment without `s=`.
pub fn payload_of(input: &str) -> Option<&str> {
    let input = input.trim();
    let frag = match input.find('#') {
        Some(i) => &input[i + 1..],
        None if input.contains("s=") || input.contains("://") => input.rsplit('?').next().unwrap_or(input),
        None => return Some(input).filter(|s| !s.is_empty()),
    };
    frag.split('&').find_map(|kv| kv.strip_prefix("s="))
}

/// Decodes a link, a fragment or a payload into a valid scenario.
pub fn decode(input: &str) -> Result<Scenario, CodecError> {
    unpack(input).and_then(|json| read_json(&json))
}

/// The scenario JSON of a link, a fragment or a payload, inflated and not yet read: `decode` reads it with
/// serde_json. The browser's wasm inflates `packed` with the browser's own inflater instead (`app::share::unpack`),
/// with the same limit and the same errors, so it carries none.
pub fn unpack(input: &str) -> Result<Vec<u8>, CodecError> {
    packed(input).and_then(|data| inflate(&data))
}

/// The compressed bytes of a link, a fragment or a payload: its payload found, measured, its version known and its
/// base64url read.
pub fn packed(input: &str) -> Result<Vec<u8>, CodecError> {
    let payload = payload_of(input).ok_or(CodecError::Missing)?;
    if payload.len() > MAX_PAYLOAD {
        return Err(CodecError::TooLarge);
    }
    if payload.trim().is_empty() {
        return Err(CodecError::Empty);
    }
    let (version, data) =
        payload.split_once('.').ok_or_else(|| CodecError::UnknownVersion(payload.chars().take(12).collect()))?;
    match version {
        "1" => base64url_decode(data).map_err(CodecError::BadBase64),
        other => Err(CodecError::UnknownVersion(other.chars().take(12).collect())),
    }
}

/// Inflates a link's raw deflate data to at most `MAX_JSON` bytes. Data after the stream's last block is damage
/// (`BadCompression`), as the browser's `DecompressionStream` reads it, so a link opens alike everywhere.
pub fn inflate(data: &[u8]) -> Result<Vec<u8>, CodecError> {
    use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
    use miniz_oxide::inflate::TINFLStatus;
    let mut state = DecompressorOxide::new();
    let mut out = vec![0u8; data.len().saturating_mul(4).clamp(64, MAX_JSON)];
    let (mut read, mut written) = (0, 0);
    loop {
        let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
        let (status, r, w) = decompress(&mut state, &data[read..], &mut out, written, flags);
        read += r;
        written += w;
        match status {
            TINFLStatus::Done if read == data.len() => {
                out.truncate(written);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput if out.len() >= MAX_JSON => return Err(CodecError::TooLarge),
            TINFLStatus::HasMoreOutput => out.resize(out.len().saturating_mul(2).min(MAX_JSON), 0),
            _ => return Err(CodecError::BadCompression),
        }
    }
}

/// A link's scenario from its inflated JSON (as `decode` reads it).
pub fn read_json(json: &[u8]) -> Result<Scenario, CodecError> {
    parse_scenario_slice(json).map_err(CodecError::Invalid)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for k in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url without padding (padding `=` at the end is tolerated); the error is the position of
/// the first character that cannot be there.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, usize> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (i, b) in text.bytes().enumerate() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return Err(i),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if text.len() % 4 == 1 {
        return Err(text.len() - 1);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..70u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(n)).collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert_eq!(base64url_decode("a*b"), Err(1));
        assert_eq!(base64url_decode("abcde"), Err(4));
    }

    fn check(input: &str, expected: &str) {
        match decode(input) {
            Ok(_) => assert_eq!("ok", expected, "{input}"),
            Err(e) => assert_eq!(e.code(), expected, "{input}: {e}"),
        }
    }

    #[test]
    fn decode_errors_are_typed() {
        let good = fragment(&Scenario::default());
        check(&format!("https://x.example/sandtable/#{good}"), "ok");
        check(&format!("https://x.example/?embed=1&chart=budget#{good}&lang=en"), "ok");
        check(&good, "ok");
        check(&good[2..], "ok");
        check("https://x.example/#lang=en", "missing");
        check("", "missing");
        check("https://x.example/#s=", "empty");
        check("s=&lang=en", "empty");
        check("s=9.abcd", "version");
        check("s=abcd", "version");
        check("s=1.ab*cd", "base64");
        check("s=1.AAAA", "compression");
        check(&good[..good.len() - 20], "compression");
        let bad = miniz_oxide::deflate::compress_to_vec(br#"{"schema": 1}"#, 9);
        check(&format!("s=1.{}", base64url_encode(&bad)), "invalid");
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON + 10], 9);
        check(&format!("s=1.{}", base64url_encode(&bomb)), "size");
        let exact = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON], 9);
        assert_eq!(inflate(&exact).map(|j| j.len()), Ok(MAX_JSON), "the limit itself inflates");
        // Bytes after the stream's end are damage, as the browser's inflater reads them.
        let mut junk = base64url_decode(&good[4..]).unwrap();
        junk.push(0);
        check(&format!("s=1.{}", base64url_encode(&junk)), "compression");
    }

    #[test]
    fn default_link_is_short() {
        let f = fragment(&Scenario::default());
        assert!(f.len() < 2000, "{}", f.len());
    }
}
