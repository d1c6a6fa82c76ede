//! Number formats for people: money in 万 / 亿 (zh-CN) or k / M / bn (en), percentages, and the parsing of
//! typed amounts with those suffixes. Pure; every parse returns an error instead of panicking.

use crate::model::inputs::Unit;
use crate::model::validate::Problem;

/// The languages of the UI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag (`zh-CN`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language for a browser tag: English for `en*`, Chinese otherwise.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

/// Formats `x` with `digits` decimals (at most 6) and thousands separators. Rounds through integers, not
/// `{:.N}`, which keeps float formatting code out of the wasm.
pub fn grouped(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return "—".to_string();
    }
    let digits = digits.min(6);
    let scale = 10f64.powi(digits as i32);
    let scaled = (x.abs() * scale).round();
    let (int, frac) = if scaled < 9e15 {
        let n = scaled as u64;
        let p = 10u64.pow(digits as u32);
        (format!("{}", n / p), if digits > 0 { format!(".{:0width$}", n % p, width = digits) } else { String::new() })
    } else {
        // Beyond exact integers decimals carry no information: show the rounded whole number.
        (format!("{}", x.abs().round()), String::new())
    };
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 1);
    if x < 0.0 && (int.bytes().any(|b| b != b'0') || frac.bytes().any(|b| b.is_ascii_digit() && b != b'0')) {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out.push_str(&frac);
    out
}

/// A count in the language's large units: `2.20亿`, `3,600万` / `220 M`, `36 k`.
pub fn count(x: f64, lang: Lang) -> String {
    let a = x.abs();
    match lang {
        Lang::Zh if a >= 1e8 => format!("{}亿", grouped(x / 1e8, 2)),
        Lang::Zh if a >= 1e4 => format!("{}万", grouped(x / 1e4, if a >= 1e6 { 0 } else { 1 })),
        Lang::En if a >= 1e9 => format!("{} bn", grouped(x / 1e9, 2)),
        Lang::En if a >= 1e6 => format!("{} M", grouped(x / 1e6, if a >= 1e8 { 0 } else { 1 })),
        Lang::En if a >= 1e4 => format!("{} k", grouped(x / 1e3, 0)),
        _ => grouped(x, if a >= 100.0 || x == x.trunc() { 0 } else { 2 }),
    }
}

/// Money in yuan: `¥3.81亿` / `¥3.81 bn`; below ¥10,000 always to the fen (`¥285.00` beside `¥93.98`, never
/// `¥285` beside `¥93.98`).
pub fn money(x: f64, lang: Lang) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let body = if x.abs() < 1e4 { grouped(x.abs(), 2) } else { count(x.abs(), lang) };
    // A value that rounds to zero has no sign.
    if x < 0.0 && body.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("-¥{body}")
    } else {
        format!("¥{body}")
    }
}

/// A fraction as a percentage with `digits` decimals: `0.0315 -> 3.15%`.
pub fn percent(x: f64, digits: usize) -> String {
    format!("{}%", grouped(x * 100.0, digits))
}

/// The short name of month `m` (0-based): `1月` / `Jan`; the one month table of the UI, charts and exports.
pub fn month_label(m: usize, lang: Lang) -> String {
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match lang {
        Lang::Zh => format!("{}月", m % 12 + 1),
        Lang::En => EN[m % 12].to_string(),
    }
}

/// An optional ratio, `—` when unknown.
pub fn opt<F: Fn(f64) -> String>(x: Option<f64>, f: F) -> String {
    x.map(f).unwrap_or_else(|| "—".to_string())
}

/// A value in its unit: money and counts in 万/亿 (or k/M/bn), percentages with 2 decimals, plain numbers
/// grouped with 2; `—` for `None`.
pub fn value(unit: Unit, v: Option<f64>, lang: Lang) -> String {
    opt(v, |x| match unit {
        Unit::Money => money(x, lang),
        Unit::Count => count(x, lang),
        Unit::Percent => percent(x, 2),
        Unit::Plain => grouped(x, 2),
    })
}

/// A signed deviation, `+1.7%` / `−0.4%`.
pub fn signed_percent(d: Option<f64>) -> String {
    opt(d, |d| {
        let p = percent(d, 1);
        // The typographic minus, as `+` has its own glyph; a deviation that rounds to 0 has no sign.
        match p.strip_prefix('-') {
            Some(rest) => format!("−{rest}"),
            None if d > 0.0 && p != "0.0%" => format!("+{p}"),
            None => p,
        }
    })
}

/// Parses a plain decimal number (`12`, `-3.5`, `.5`, `5.`, `+1e3`, `007`) with serde_json's number parser, so
/// the same digits give the same double as in a scenario's JSON on every target, and the wasm carries one float
/// parser instead of two (Rust's would add a 10 KB table). `inf`, `nan` and anything else are `None`.
pub fn parse_f64(s: &str) -> Option<f64> {
    let (sign, s) = match s.as_bytes().first() {
        Some(b'-') => ("-", &s[1..]),
        Some(b'+') => ("", &s[1..]),
        _ => ("", s),
    };
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    // JSON wants a digit before the point, none of them a leading zero, and a digit after it.
    let int = int.trim_start_matches('0');
    let mut json = format!("{sign}{}", if int.is_empty() { "0" } else { int });
    if !frac.is_empty() {
        json = format!("{json}.{frac}");
    }
    if let Some(e) = exp {
        let e = e.strip_prefix('+').unwrap_or(e);
        let unsigned = e.strip_prefix('-').unwrap_or(e);
        if unsigned.is_empty() || !digits(unsigned) {
            return None;
        }
        json = format!("{json}e{e}");
    }
    serde_json::from_str::<f64>(&json).ok().filter(|x| x.is_finite())
}

/// Full-width digits and signs as ASCII, traditional 億/萬 as 亿/万 (what a Chinese keyboard or a pasted cell
/// gives), spaces and the currency marks (`¥`, `￥`, a trailing `元`) dropped.
fn normalise(input: &str) -> String {
    let s: String = input
        .trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => Some(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '．' | '。' => Some('.'),
            '，' => Some(','),
            '－' | '−' => Some('-'),
            '＋' => Some('+'),
            '％' => Some('%'),
            '億' => Some('亿'),
            '萬' => Some('万'),
            ' ' | '\u{3000}' | '_' | '¥' | '￥' => None,
            _ => Some(c),
        })
        .collect();
    s.strip_suffix('元').unwrap_or(&s).to_string()
}

/// Commas only as thousands separators: `3,800,000` but not `1,2` (which must never read as 12).
fn thousands_ok(s: &str) -> bool {
    let digits = s.trim_start_matches(['-', '+']);
    let int = digits.split(['.', 'e', 'E']).next().unwrap_or("");
    if !int.contains(',') {
        return !digits.contains(',');
    }
    let groups: Vec<&str> = int.split(',').collect();
    let rest_ok = !digits[int.len()..].contains(',');
    rest_ok
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses a typed amount: digits with thousands separators, an exponent, and one suffix among 亿, 万, 千, k, M,
/// B/bn (case-insensitive for Latin letters) — `3.8亿`, `3,800万`, `3.8B`, `12k`, `1.5e9` — also as a Chinese
/// amount is written: `38亿5000万`, `3.8亿元`, `38億`, full-width `３８亿`, `￥380,000,000`.
pub fn parse_amount(input: &str) -> Result<f64, Problem> {
    let not_a_number = || Problem::NotANumber(input.chars().take(40).collect());
    let s = normalise(input);
    if s.is_empty() {
        return Err(Problem::Empty);
    }
    // `38亿5000万`: the 亿 part and the rest, each an amount of its own.
    if let Some((high, low)) = s.split_once('亿').filter(|(_, low)| !low.is_empty()) {
        if low.contains('亿') || !low.ends_with(['万', '千']) {
            return Err(not_a_number());
        }
        let v = parse_amount(&format!("{high}亿"))? + parse_amount(low)?;
        return if v.is_finite() { Ok(v) } else { Err(Problem::TooLarge) };
    }
    let mut s = s;
    let mut mult = 1.0;
    for (suffix, m) in [("亿", 1e8), ("万", 1e4), ("千", 1e3), ("bn", 1e9), ("b", 1e9), ("m", 1e6), ("k", 1e3)] {
        let b = s.as_bytes();
        // Byte-wise, ASCII-case-insensitive: the cut below always lands on a character boundary.
        if b.len() >= suffix.len() && b[b.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes()) {
            mult = m;
            let keep = s.len() - suffix.len();
            s.truncate(keep);
            break;
        }
    }
    if !thousands_ok(&s) {
        return Err(not_a_number());
    }
    let s: String = s.chars().filter(|&c| c != ',').collect();
    let x = parse_f64(&s).ok_or_else(not_a_number)?;
    let v = x * mult;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(Problem::TooLarge)
    }
}

/// Parses a typed percentage (`3.2`, `3.2%`) into a fraction (`0.032`). The decimal point is moved in the
/// text (`3.2e-2`), so the result is the double nearest to the decimal typed, exactly what `0.032` in a JSON
/// scenario gives, not `3.2 / 100`, which can differ in the last bit.
pub fn parse_percent(input: &str) -> Result<f64, Problem> {
    let normal = normalise(input);
    let t = normal.trim_end_matches('%').trim();
    if !thousands_ok(t) {
        return Err(Problem::NotANumber(input.chars().take(40).collect()));
    }
    let plain: String = t.chars().filter(|c| !matches!(c, ',' | '_' | ' ')).collect();
    let simple = !plain.is_empty()
        && plain.bytes().any(|b| b.is_ascii_digit())
        && plain
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && (b == b'-' || b == b'+')));
    if simple {
        if let Some(x) = parse_f64(&format!("{plain}e-2")) {
            return Ok(x);
        }
    }
    parse_amount(t).map(|x| x / 100.0)
}

/// Shows a number for a typed field without losing precision: the shortest round-trip form of `x`, cleaned of
/// float noise below its 15th significant digit (`0.30000000000000004` shows `0.3`, `3800000000.5` stays).
pub fn field(x: f64) -> String {
    // As many decimals (at most 9) as keep `x` times the scale an exact integer.
    let mut scale = 1e9;
    while scale > 1.0 && (x * scale).abs() >= 1e15 {
        scale /= 10.0;
    }
    let r = (x * scale).round() / scale;
    if (r - x).abs() <= 1e-12 * x.abs().max(1.0) {
        format!("{r}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_money(x: f64, lang: Lang, expected: &str) {
        assert_eq!(money(x, lang), expected, "money({x}, {lang:?})");
    }

    #[test]
    fn money_in_both_languages() {
        check_money(3_810_057_108.0, Lang::Zh, "¥38.10亿");
        check_money(3_810_057_108.0, Lang::En, "¥3.81 bn");
        check_money(95_000_000.0, Lang::Zh, "¥9,500万");
        check_money(95_000_000.0, Lang::En, "¥95.0 M");
        check_money(52_000.0, Lang::Zh, "¥5.2万");
        check_money(52_000.0, Lang::En, "¥52 k");
        check_money(285.0, Lang::Zh, "¥285.00");
        check_money(93.98, Lang::Zh, "¥93.98");
        check_money(9_999.0, Lang::En, "¥9,999.00");
        check_money(-0.001, Lang::En, "¥0.00");
        check_money(-1.5e8, Lang::Zh, "-¥1.50亿");
        check_money(12.5, Lang::En, "¥12.50");
    }

    fn check_parse(input: &str, expected: Result<f64, ()>) {
        let got = parse_amount(input);
        match expected {
            Ok(v) => assert!((got.clone().unwrap() - v).abs() <= 1e-6 * v.abs().max(1.0), "{input}: {got:?}"),
            Err(()) => assert!(got.is_err(), "{input} should fail, got {got:?}"),
        }
    }

    #[test]
    fn typed_amounts() {
        check_parse("3.8亿", Ok(3.8e8));
        check_parse("3,800万", Ok(3.8e7));
        check_parse("¥ 3.8 bn", Ok(3.8e9));
        check_parse("3.8B", Ok(3.8e9));
        check_parse("380m", Ok(3.8e8));
        check_parse("12k", Ok(12_000.0));
        check_parse("1.5e9", Ok(1.5e9));
        check_parse("-3", Ok(-3.0));
        check_parse("", Err(()));
        check_parse("abc", Err(()));
        check_parse("inf", Err(()));
        check_parse("NaN", Err(()));
        check_parse("1e400", Err(()));
        check_parse("万", Err(()));
        check_parse("1..2", Err(()));
        check_parse("\u{212A}", Err(()));
        check_parse("1\u{212A}", Err(()));
        // As Chinese amounts are written and pasted.
        check_parse("3.8亿元", Ok(3.8e8));
        check_parse("38億", Ok(3.8e9));
        check_parse("38亿5000万", Ok(3_850_000_000.0));
        check_parse("1亿2,000万", Ok(1.2e8));
        check_parse("３.５", Ok(3.5));
        check_parse("３８亿", Ok(3.8e9));
        check_parse("￥380,000,000", Ok(3.8e8));
        check_parse("285元", Ok(285.0));
        check_parse("5千", Ok(5000.0));
        // A comma that is not a thousands separator is refused, never read as a 10x larger number.
        check_parse("1,2", Err(()));
        check_parse("12,34", Err(()));
        check_parse("1,2345", Err(()));
        check_parse(",100", Err(()));
        check_parse("3亿5", Err(()));
        check_parse("1,234,567.5", Ok(1_234_567.5));
    }

    #[test]
    fn typed_percentages_refuse_a_stray_comma() {
        assert_eq!(parse_percent("3.2"), Ok(0.032));
        assert_eq!(parse_percent("３.２%"), Ok(0.032));
        assert!(parse_percent("1,2").is_err());
        assert!(parse_percent("1,2%").is_err());
    }

    #[test]
    fn fields_keep_every_digit_that_matters() {
        assert_eq!(field(3_800_000_000.5), "3800000000.5");
        assert_eq!(field(0.1 + 0.2), "0.3");
        assert_eq!(field(0.032), "0.032");
        assert_eq!(field(184_091_726.036_269), "184091726.036269");
        assert_eq!(field(1e15), "1000000000000000");
        assert_eq!(field(-2.5), "-2.5");
    }

    #[test]
    fn plain_numbers_parse_as_json_does() {
        for (text, want) in [
            ("12", Some(12.0)),
            ("-3.5", Some(-3.5)),
            ("+3.5", Some(3.5)),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("007", Some(7.0)),
            ("-0.035", Some(-0.035)),
            ("1e3", Some(1000.0)),
            ("1E+3", Some(1000.0)),
            ("25e-3", Some(0.025)),
            ("0.1", Some(0.1)),
            ("", None),
            (".", None),
            ("-", None),
            ("1e", None),
            ("1e+", None),
            ("1.2.3", None),
            ("inf", None),
            ("NaN", None),
            ("1e400", None),
            ("0x10", None),
            (" 1", None),
        ] {
            assert_eq!(parse_f64(text), want, "{text:?}");
        }
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(0.0315, 2), "3.15%");
        assert!((parse_percent("3.2%").unwrap() - 0.032).abs() < 1e-15);
        assert!((parse_percent(" 45 ").unwrap() - 0.45).abs() < 1e-15);
        assert!(parse_percent("x%").is_err());
        // Exactly the double of the decimal, as JSON would give.
        for (typed, json) in [("3.5", "0.035"), ("0.7", "0.007"), ("4.2", "0.042"), ("19", "0.19"), ("-3", "-0.03")] {
            assert_eq!(parse_percent(typed).unwrap(), json.parse::<f64>().unwrap(), "{typed}");
        }
        assert!(parse_percent("1.2.3").is_err());
    }

    #[test]
    fn grouping() {
        assert_eq!(grouped(1234567.891, 2), "1,234,567.89");
        assert_eq!(grouped(-0.001, 2), "0.00");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(0.005, 2), "0.01");
        assert_eq!(grouped(-1234.5, 1), "-1,234.5");
        assert_eq!(grouped(1e20, 2), "100,000,000,000,000,000,000");
        assert_eq!(grouped(f64::NAN, 2), "—");
        assert_eq!(field(0.1 + 0.2), "0.3");
        assert_eq!(field(3.2), "3.2");
    }

    #[test]
    fn deviations_are_always_signed() {
        assert_eq!(signed_percent(Some(0.017)), "+1.7%");
        assert_eq!(signed_percent(Some(-0.004)), "−0.4%");
        assert_eq!(signed_percent(Some(0.0)), "0.0%");
        assert_eq!(signed_percent(Some(0.000_01)), "0.0%");
        assert_eq!(signed_percent(None), "—");
    }
}
