//! Scenario links: today's link keeps opening for ever (fixtures), encode -> decode is the identity, and the
//! decoder survives fuzzing with no panic.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::gen::scenario;
use proptest::prelude::*;
use sandtable::codec::{self, base64url_encode, decode, CodecError};
use sandtable::model::{parse_scenario, Scenario};

/// A link made by codec version 1 on 2026-11-22 for the default plan. Never regenerate this file: if it
/// stops decoding, old links in wiki pages are broken.
const LINK_V1_DEFAULT: &str = include_str!("fixtures/link-v1-default.txt");
/// A link of a plan with Chinese names, monthly pacing and a fixed line carrying traffic fields.
const LINK_V1_CHINESE: &str = include_str!("fixtures/link-v1-chinese.txt");
const SCENARIO_CHINESE: &str = include_str!("fixtures/scenario-chinese.json");
/// The default plan of the schema-1 build (2026-11-22), frozen: what the default links must open as.
const SCENARIO_V1_DEFAULT: &str = include_str!("fixtures/scenario-v1-default.json");
/// The default plan's link as this build's own encoder (fixed Huffman codes) wrote it on 2026-11-22.
const LINK_V1_DEFAULT_FIXED: &str = include_str!("fixtures/link-v1-default-fixed-huffman.txt");

#[test]
fn schema_1_links_keep_opening_as_schema_2_with_the_same_numbers() {
    let v1_default = parse_scenario(SCENARIO_V1_DEFAULT).unwrap();
    assert_eq!(v1_default.schema, 2, "schema 1 is read as schema 2");
    assert_eq!(decode(LINK_V1_DEFAULT).unwrap(), v1_default);
    assert_eq!(decode(LINK_V1_DEFAULT_FIXED).unwrap(), v1_default);
    assert_eq!(decode(LINK_V1_CHINESE).unwrap(), parse_scenario(SCENARIO_CHINESE).unwrap());
    let url = format!("https://wiki.example.com/pages/plan?embed=1&chart=budget{}", LINK_V1_DEFAULT.trim());
    assert_eq!(decode(&url).unwrap(), v1_default);
    // The same numbers: the schema-1 build's calibration of its default plan.
    let gmv = sandtable::model::simulate(&decode(LINK_V1_DEFAULT).unwrap()).unwrap().year.gmv;
    assert!((gmv / 3_810_057_108.376_085 - 1.0).abs() < 1e-12, "{gmv}");
    // Re-encoded, a schema-1 link becomes a schema-2 link of the same plan.
    let again = codec::fragment(&v1_default);
    assert!(again.len() < 2000);
    assert_eq!(decode(&again).unwrap(), v1_default);
}

/// The read-only embed reads a link's JSON with another deserializer (the browser's parser, then
/// serde-wasm-bindgen) and settles it: here serde_json's `Value` stands in for it. Schema-1 links settle to the
/// plans `decode` makes of them; a plan that does not validate, or of an unknown schema, settles to an error.
#[test]
fn a_link_read_by_another_deserializer_settles_to_the_plan_decode_makes() {
    use sandtable::model::validate::settle;
    let other = |json: &[u8]| -> Scenario {
        serde_json::from_value(serde_json::from_slice::<serde_json::Value>(json).unwrap()).unwrap()
    };
    let links = [LINK_V1_DEFAULT.to_string(), LINK_V1_CHINESE.to_string(), codec::fragment(&Scenario::default())];
    for link in &links {
        let json = codec::unpack(link).unwrap();
        assert_eq!(settle(other(&json)).unwrap(), decode(link).unwrap());
    }
    assert_eq!(codec::unpack("#s="), Err(CodecError::Empty));
    assert_eq!(codec::unpack("#x=1"), Err(CodecError::Missing));
    let mut bad = Scenario::default();
    bad.channels[0].cvr = 1.5;
    let lines = settle(other(&codec::unpack(&codec::fragment(&bad)).unwrap())).unwrap_err().lines();
    assert_eq!(lines, vec!["channels[0].cvr: must be in (0, 1], got 1.5".to_string()], "{lines:?}");
    let newer = Scenario { schema: 3, ..Scenario::default() };
    assert!(settle(newer).unwrap_err().lines()[0].starts_with("schema:"));
}

#[test]
fn the_default_link_is_under_2000_characters() {
    assert!(LINK_V1_DEFAULT.trim().len() < 2000);
    assert!(codec::fragment(&Scenario::default()).len() < 2000);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn encode_then_decode_is_the_identity(sc in scenario()) {
        let link = format!("https://example.com/#{}", codec::fragment(&sc));
        prop_assert_eq!(decode(&link).unwrap(), sc);
    }

    #[test]
    fn deflate_round_trips(data in prop::collection::vec(any::<u8>(), 0..4000), text in "[a-c{}\":,0-9]{0,3000}") {
        for d in [data, text.into_bytes()] {
            let back = miniz_oxide::inflate::decompress_to_vec(&sandtable::codec::deflate::compress(&d)).unwrap();
            prop_assert_eq!(back, d);
        }
    }

    #[test]
    fn any_text_decodes_or_errs(s in ".{0,300}") {
        let _ = decode(&s);
        let _ = decode(&format!("#s=1.{s}"));
    }
}

/// A small deterministic generator (xorshift) for the fuzz loop.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Fuzzes the decoder with four kinds of input, `SANDTABLE_FUZZ_CASES` of each (default 20,000): random
/// text, random bytes as a payload, random bytes deflated (reaching the JSON parser), and valid links with
/// bytes flipped, cut or inserted. Any panic fails the test; the count is printed.
#[test]
fn fuzz_the_decoder() {
    let n: usize = std::env::var("SANDTABLE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let mut rng = Rng(0x5eed_2026_1122);
    let valid = codec::fragment(&Scenario::default());
    let json = serde_json::to_vec(&Scenario::default()).unwrap();
    let mut opened = 0usize;
    let mut codes = std::collections::BTreeSet::new();
    for _ in 0..n {
        let len = rng.below(64);
        let text: String = (0..len).map(|_| char::from_u32(rng.below(0x3000) as u32).unwrap_or('x')).collect();
        let random_len = rng.below(200);
        let inputs = [
            text,
            format!("s=1.{}", base64url_encode(&rng.bytes(random_len))),
            {
                // Valid JSON with a few bytes changed, so the parser and validation see near-misses.
                let mut j = json.clone();
                for _ in 0..1 + rng.below(4) {
                    let i = rng.below(j.len());
                    j[i] = b"0123456789.-e\"{}[],:x "[rng.below(22)];
                }
                format!("s=1.{}", base64url_encode(&miniz_oxide::deflate::compress_to_vec(&j, 1)))
            },
            {
                let mut v = valid.clone().into_bytes();
                match rng.below(3) {
                    0 => {
                        let i = 4 + rng.below(v.len() - 4);
                        v[i] = b"ABCxyz019-_*%"[rng.below(13)];
                    }
                    1 => v.truncate(rng.below(v.len())),
                    _ => {
                        let i = rng.below(v.len());
                        v.insert(i, b"Aa0-_"[rng.below(5)]);
                    }
                }
                String::from_utf8_lossy(&v).into_owned()
            },
        ];
        for input in inputs {
            match decode(&input) {
                Ok(sc) => {
                    // Whatever opens is a valid scenario that simulates and round-trips.
                    opened += 1;
                    assert!(sandtable::model::simulate(&sc).is_ok());
                    assert_eq!(decode(&codec::fragment(&sc)).unwrap(), sc);
                }
                Err(e) => {
                    if let CodecError::Invalid(inner) = &e {
                        assert!(!inner.lines().is_empty());
                    }
                    assert!(!e.to_string().is_empty());
                    codes.insert(e.code());
                }
            }
        }
    }
    println!("fuzz: {} inputs decoded without a panic ({opened} opened; errors seen: {codes:?})", 4 * n);
    // The loop reaches every layer of the decoder: base64, inflate and the scenario's validation, and some
    // near-miss links still open.
    for code in ["base64", "compression", "invalid"] {
        assert!(codes.contains(code), "no input reached the {code} error: {codes:?}");
    }
    assert!(opened > 0, "no mutated link opened");
}
