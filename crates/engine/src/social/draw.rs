//! Deterministic randomness for the generator: a SplitMix64-style hash of the seed and a
//! few coordinates, so every choice is the same on every platform and no choice depends
//! on the order others were made in.

/// A 64-bit hash of the seed and three coordinates.
pub(crate) fn hash(seed: u64, a: u64, b: u64, c: u64) -> u64 {
    let mut z = seed
        ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
        ^ c.wrapping_mul(0x1656_67B1_9E37_79F9);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An index below `len` from a draw. The modulo is taken in 64 bits: `usize` is 32 bits
/// in wasm32, and casting the draw first would pick another element there than natively.
pub(crate) fn pick(draw: u64, len: usize) -> usize {
    (draw % len as u64) as usize
}

/// A uniform number in `[0, 1)`.
pub(crate) fn unit(seed: u64, a: u64, b: u64, c: u64) -> f64 {
    (hash(seed, a, b, c) >> 11) as f64 / (1u64 << 53) as f64
}

// Salts keep the random streams of different decisions apart.
pub(crate) const COHORT: u64 = 1;
pub(crate) const POPULARITY: u64 = 2;
pub(crate) const SIGNUP: u64 = 3;
pub(crate) const LEAVE: u64 = 4;
pub(crate) const DEVICE: u64 = 5;
pub(crate) const SWITCH: u64 = 6;
pub(crate) const FOLLOW: u64 = 7;
pub(crate) const FOLLOW_BACK: u64 = 8;
pub(crate) const UNFOLLOW: u64 = 9;
pub(crate) const VIEWS: u64 = 10;
pub(crate) const TARGET: u64 = 11;
pub(crate) const SESSIONS: u64 = 12;
pub(crate) const GROWTH: u64 = 13;
pub(crate) const DECLINE: u64 = 14;

#[cfg(test)]
mod tests {
    #[test]
    fn a_pick_does_not_depend_on_the_width_of_usize() {
        // 2^32 + 3 = 4294967299: a 32-bit cast first would pick 3 % 10 = 3.
        assert_eq!(super::pick((1u64 << 32) + 3, 10), 9);
    }
}
