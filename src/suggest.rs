//! "Did you mean ...?" for misspelt keys and references.

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| *distance <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(
            closest("warehous", ["warehouse", "tenants"]),
            Some("warehouse")
        );
        assert_eq!(
            closest("SHARED_WH", ["SHARD_WH", "OTHER"]),
            Some("SHARD_WH")
        );
        assert_eq!(closest("zzz", ["warehouse"]), None);
    }
}
