//! A small deterministic pseudo-random generator (SplitMix64). Demo data must be the
//! same on every machine and every run, so no system randomness is used.

pub struct DemoRng(u64);

impl DemoRng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(bound)) >> 32) as u32
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: i32, high: i32) -> i32 {
        low + self.below((high - low + 1) as u32) as i32
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u32) as usize]
    }

    /// A UUID shaped like v7: the given instant in its first 48 bits, then randomness, so
    /// that demo ids sort by date like ids made on devices.
    pub fn uuid_v7_at(&mut self, unix_millis: i64) -> uuid::Uuid {
        let random = u128::from(self.next_u64()) << 64 | u128::from(self.next_u64());
        let millis = (unix_millis.max(0) as u128) & 0xFFFF_FFFF_FFFF;
        let rand_a = (random >> 64) & 0xFFF;
        let rand_b = random & 0x3FFF_FFFF_FFFF_FFFF;
        uuid::Uuid::from_u128(millis << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_sequence() {
        let mut a = DemoRng::new(7);
        let mut b = DemoRng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
    }

    #[test]
    fn ids_are_version_7_and_stay_in_range() {
        let mut rng = DemoRng::new(1);
        let id = rng.uuid_v7_at(1_700_000_000_000);
        assert_eq!(id.get_version_num(), 7);
        for _ in 0..1000 {
            assert!(rng.below(10) < 10);
            let value = rng.between(-3, 3);
            assert!((-3..=3).contains(&value));
        }
    }
}
