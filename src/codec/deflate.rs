//! A small DEFLATE encoder (RFC 1951): LZ77 matches over a hash chain, coded with the fixed Huffman codes.
//! Scenario JSON is a few KB, where fixed codes lose little to dynamic ones, and this keeps a full deflate
//! compressor out of the wasm. Any inflater reads its output.
//!
//! Invariant: `inflate(compress(x)) == x` for every input (property-tested against miniz_oxide).

/// Base lengths of length codes 257..=285, and their extra bits.
const LEN_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/// Base distances of distance codes 0..=29, and their extra bits.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

const WINDOW: usize = 32 * 1024;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 12;
/// How many earlier positions a match search looks at.
const CHAIN: usize = 64;

/// Writes bits least-significant first, as DEFLATE packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, which DEFLATE stores most-significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        self.put(code.reverse_bits() >> (32 - len), len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The fixed literal/length code of `sym` (0..=287): (code, length).
fn fixed_code(sym: u32) -> (u32, u32) {
    match sym {
        0..=143 => (0x30 + sym, 8),
        144..=255 => (0x190 + sym - 144, 9),
        256..=279 => (sym - 256, 7),
        _ => (0xC0 + sym - 280, 8),
    }
}

fn literal(w: &mut Bits, byte: u8) {
    let (c, l) = fixed_code(u32::from(byte));
    w.code(c, l);
}

fn matched(w: &mut Bits, len: usize, dist: usize) {
    let li = LEN_BASE.iter().rposition(|&b| usize::from(b) <= len).unwrap_or(0);
    let (c, l) = fixed_code(257 + li as u32);
    w.code(c, l);
    w.put((len - usize::from(LEN_BASE[li])) as u32, u32::from(LEN_EXTRA[li]));
    let di = DIST_BASE.iter().rposition(|&b| usize::from(b) <= dist).unwrap_or(0);
    w.code(di as u32, 5);
    w.put((dist - usize::from(DIST_BASE[di])) as u32, u32::from(DIST_EXTRA[di]));
}

fn hash(b: &[u8]) -> usize {
    let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// Compresses `data` into one final DEFLATE block with fixed Huffman codes.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut w = Bits { out: Vec::with_capacity(data.len() / 2 + 16), acc: 0, n: 0 };
    w.put(1, 1); // BFINAL
    w.put(1, 2); // BTYPE = 01, fixed Huffman
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut prev = vec![usize::MAX; data.len()];
    let mut i = 0;
    let insert = |head: &mut Vec<usize>, prev: &mut Vec<usize>, p: usize| {
        if p + 3 <= data.len() {
            let h = hash(&data[p..]);
            prev[p] = head[h];
            head[h] = p;
        }
    };
    while i < data.len() {
        let (mut best_len, mut best_dist) = (0, 0);
        if i + 3 <= data.len() {
            let mut cand = head[hash(&data[i..])];
            let max = (data.len() - i).min(MAX_MATCH);
            for _ in 0..CHAIN {
                if cand == usize::MAX || i - cand > WINDOW {
                    break;
                }
                let len = data[cand..].iter().zip(&data[i..i + max]).take_while(|(a, b)| a == b).count();
                if len > best_len {
                    best_len = len;
                    best_dist = i - cand;
                    if len == max {
                        break;
                    }
                }
                cand = prev[cand];
            }
        }
        if best_len >= 3 {
            matched(&mut w, best_len, best_dist);
            for p in i..i + best_len {
                insert(&mut head, &mut prev, p);
            }
            i += best_len;
        } else {
            literal(&mut w, data[i]);
            insert(&mut head, &mut prev, i);
            i += 1;
        }
    }
    let (c, l) = fixed_code(256); // end of block
    w.code(c, l);
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(data: &[u8]) {
        let packed = compress(data);
        let back = miniz_oxide::inflate::decompress_to_vec(&packed).expect("inflates");
        assert_eq!(back, data);
    }

    #[test]
    fn inflates_back() {
        round_trip(b"");
        round_trip(b"a");
        round_trip(b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        round_trip(crate::model::scenario::DEFAULT_JSON.as_bytes());
        let mut x = 12345u32;
        let noise: Vec<u8> = (0..70_000)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                if i % 7 < 3 {
                    b'a' + (x % 4) as u8
                } else {
                    x as u8
                }
            })
            .collect();
        round_trip(&noise);
    }

    #[test]
    fn compresses_a_scenario() {
        let json = serde_json::to_vec(&crate::model::Scenario::default()).unwrap();
        let packed = compress(&json);
        assert!(packed.len() * 2 < json.len(), "{} of {}", packed.len(), json.len());
    }
}
