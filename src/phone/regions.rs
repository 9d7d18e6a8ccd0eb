//! Reading a user's usage location or country into a region id: ISO 3166
//! alpha-2 codes in any case, and the English names people type most.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::plan;

/// English country names (lower case) and common short forms, with their
/// ISO 3166 alpha-2 codes. Directory "country" fields are free text; these
/// are the spellings seen in Entra and Microsoft 365 exports.
const NAMES: &[(&str, &str)] = &[
    ("afghanistan", "AF"),
    ("algeria", "DZ"),
    ("argentina", "AR"),
    ("australia", "AU"),
    ("austria", "AT"),
    ("bangladesh", "BD"),
    ("belgium", "BE"),
    ("brazil", "BR"),
    ("bulgaria", "BG"),
    ("canada", "CA"),
    ("chile", "CL"),
    ("china", "CN"),
    ("colombia", "CO"),
    ("croatia", "HR"),
    ("cyprus", "CY"),
    ("czech republic", "CZ"),
    ("czechia", "CZ"),
    ("denmark", "DK"),
    ("egypt", "EG"),
    ("england", "GB"),
    ("estonia", "EE"),
    ("finland", "FI"),
    ("france", "FR"),
    ("germany", "DE"),
    ("deutschland", "DE"),
    ("great britain", "GB"),
    ("greece", "GR"),
    ("hong kong", "HK"),
    ("hungary", "HU"),
    ("iceland", "IS"),
    ("india", "IN"),
    ("indonesia", "ID"),
    ("ireland", "IE"),
    ("israel", "IL"),
    ("italy", "IT"),
    ("japan", "JP"),
    ("kenya", "KE"),
    ("korea", "KR"),
    ("south korea", "KR"),
    ("republic of korea", "KR"),
    ("latvia", "LV"),
    ("lithuania", "LT"),
    ("luxembourg", "LU"),
    ("malaysia", "MY"),
    ("malta", "MT"),
    ("mexico", "MX"),
    ("morocco", "MA"),
    ("netherlands", "NL"),
    ("the netherlands", "NL"),
    ("holland", "NL"),
    ("new zealand", "NZ"),
    ("nigeria", "NG"),
    ("norway", "NO"),
    ("pakistan", "PK"),
    ("peru", "PE"),
    ("philippines", "PH"),
    ("poland", "PL"),
    ("portugal", "PT"),
    ("qatar", "QA"),
    ("romania", "RO"),
    ("russia", "RU"),
    ("russian federation", "RU"),
    ("saudi arabia", "SA"),
    ("scotland", "GB"),
    ("serbia", "RS"),
    ("singapore", "SG"),
    ("slovakia", "SK"),
    ("slovenia", "SI"),
    ("south africa", "ZA"),
    ("spain", "ES"),
    ("sri lanka", "LK"),
    ("sweden", "SE"),
    ("switzerland", "CH"),
    ("taiwan", "TW"),
    ("thailand", "TH"),
    ("turkey", "TR"),
    ("türkiye", "TR"),
    ("turkiye", "TR"),
    ("uae", "AE"),
    ("united arab emirates", "AE"),
    ("uk", "GB"),
    ("u.k.", "GB"),
    ("united kingdom", "GB"),
    ("ukraine", "UA"),
    ("united states", "US"),
    ("united states of america", "US"),
    ("usa", "US"),
    ("u.s.", "US"),
    ("u.s.a.", "US"),
    ("us", "US"),
    ("vietnam", "VN"),
    ("viet nam", "VN"),
    ("wales", "GB"),
];

fn names() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| NAMES.iter().copied().collect())
}

/// The region id for a usage location or country, when the metadata
/// knows it: `"jp"`, `"GB"`, `"Japan"`, `"United Kingdom"`.
pub(super) fn resolve(text: &str) -> Option<&'static str> {
    let text = text.trim();
    if text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic()) {
        let code = text.to_ascii_uppercase();
        if let Some(found) = plan::by_id(&code).and_then(|p| p.region()) {
            return Some(found);
        }
    }

    let lower = text.to_lowercase();
    let code = names().get(lower.as_str())?;
    plan::by_id(code).and_then(|p| p.region())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_in_any_case() {
        assert_eq!(resolve("jp"), Some("JP"));
        assert_eq!(resolve(" GB "), Some("GB"));
        assert_eq!(resolve("zz"), None);
    }

    #[test]
    fn english_names() {
        assert_eq!(resolve("Japan"), Some("JP"));
        assert_eq!(resolve("United Kingdom"), Some("GB"));
        assert_eq!(resolve("UNITED STATES"), Some("US"));
        assert_eq!(resolve("Germany"), Some("DE"));
        assert_eq!(resolve("Atlantis"), None);
        // "UK" is no ISO code but is how people write the United Kingdom.
        assert_eq!(resolve("uk"), Some("GB"));
    }

    #[test]
    fn every_name_maps_to_a_known_region() {
        for (name, code) in NAMES {
            assert_eq!(resolve(name), Some(*code), "{name}");
        }
    }
}
