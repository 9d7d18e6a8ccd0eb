//! What carrier lookups and Microsoft's delivery lists say about a number:
//! non-wireless SMS providers, lookup line types, and the country codes
//! that need a tenant opt-in before Microsoft sends texts there.

/// A line type as a carrier lookup reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LookupLine {
    /// A mobile (wireless) line.
    Mobile,
    /// A landline.
    Landline,
    /// VoIP tied to a physical address (`fixedVoip`).
    FixedVoip,
    /// VoIP anywhere (`nonFixedVoip`, and a plain "VoIP").
    NonFixedVoip,
    /// Toll-free.
    TollFree,
    /// Pager.
    Pager,
    /// Voicemail access.
    Voicemail,
    /// Another kind the lookup names (personal, premium, shared cost, UAN).
    Other,
}

/// Reads a lookup's line type: Twilio's `line_type_intelligence.type`
/// values (`mobile`, `landline`, `fixedVoip`, `nonFixedVoip`, `personal`,
/// `tollFree`, `premium`, `sharedCost`, `uan`, `voicemail`, `pager`) and
/// plain words ("Mobile", "Landline", "VoIP", "Toll Free"). Case, spaces,
/// `_` and `-` do not matter. `None` for `unknown`, empty or unrecognised
/// text: the lookup then says nothing about the line.
pub fn line_type_from_lookup(text: &str) -> Option<LookupLine> {
    let key: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    let line = match key.as_str() {
        "mobile" | "wireless" | "cellular" | "cell" => LookupLine::Mobile,
        "landline" | "fixed" | "fixedline" => LookupLine::Landline,
        "fixedvoip" => LookupLine::FixedVoip,
        "nonfixedvoip" | "voip" => LookupLine::NonFixedVoip,
        "tollfree" => LookupLine::TollFree,
        "pager" => LookupLine::Pager,
        "voicemail" => LookupLine::Voicemail,
        "personal" | "premium" | "sharedcost" | "uan" => LookupLine::Other,
        _ => return None,
    };
    Some(line)
}

/// The non-wireless SMS providers Microsoft names, as word sequences.
/// "Google Voice" and "Grand Central" but never a bare "Google", which
/// would also catch Google Fi, a real mobile network.
const UNSUPPORTED: &[&[&str]] = &[
    &["google", "voice"],
    &["grand", "central"],
    &["text", "plus"],
    &["text", "now"],
    &["pinger"],
    &["text", "free"],
    &["talkatone"],
    &["burner"],
    &["skype"],
];

/// Whether a carrier name from a lookup is a non-wireless SMS provider:
/// Google Voice (also listed as "Google (Grand Central)" or as a Bandwidth
/// "SVR" entry), TextPlus, TextNow, Pinger / TextFree, Talkatone, Burner,
/// Skype, or one of `extra` (names from configuration). Matching ignores
/// case and compares whole words, run together or apart ("TextNow",
/// "Text Now"), so "Pinger" matches and "Springer" does not.
pub fn is_unsupported_carrier(name: &str, extra: &[String]) -> bool {
    let words = words(name);
    if words.is_empty() {
        return false;
    }
    // Bandwidth's "SVR" numbers are the ones it runs for Google Voice.
    let has = |w: &str| words.iter().any(|x| x == w);
    if has("bandwidth") && has("svr") {
        return true;
    }

    let builtin = UNSUPPORTED
        .iter()
        .any(|phrase| contains_phrase(&words, phrase));
    builtin
        || extra.iter().any(|name| {
            let phrase = self::words(name);
            let phrase: Vec<&str> = phrase.iter().map(String::as_str).collect();
            !phrase.is_empty() && contains_phrase(&words, &phrase)
        })
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `phrase` occurs in `words` as consecutive words, or as one
/// word written together ("textnow" for "text now").
fn contains_phrase(words: &[String], phrase: &[&str]) -> bool {
    let joined = phrase.concat();
    words.contains(&joined)
        || words
            .windows(phrase.len())
            .any(|window| window.iter().zip(phrase).all(|(w, p)| w == p))
}

/// The date of the list in [`sms_opt_in`]: the `ms.date` of Microsoft's
/// page "Telephony fraud protections and throttles"
/// (learn.microsoft.com/entra/identity/authentication/concept-mfa-regional-opt-in).
pub const SMS_OPT_IN_LIST_DATE: &str = "2025-05-20";

/// Country codes for which Microsoft Entra ID sends texts and calls only
/// after the tenant opts in through a support request, as published on the
/// page dated [`SMS_OPT_IN_LIST_DATE`]. North American entries are the
/// four-digit "1 + area code" values Microsoft lists (1876 is Jamaica).
/// Copied as published, including its oddities (`268` besides `1268` for
/// Antigua and Barbuda, `1809` listed under Dominica). Sorted for search.
const SMS_OPT_IN: &[u16] = &[
    7, 20, 27, 30, 31, 32, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57,
    58, 60, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98, 211, 212, 213, 216,
    218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237,
    238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256,
    257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 298, 299, 350, 351,
    352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376, 377, 378, 380, 381,
    382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509,
    590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679,
    680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 850, 852, 853, 855, 856, 880, 886,
    960, 961, 962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 992, 993,
    994, 995, 996, 998, 1242, 1246, 1264, 1268, 1284, 1340, 1345, 1441, 1473, 1649, 1658, 1664,
    1670, 1671, 1684, 1721, 1758, 1767, 1784, 1787, 1809, 1849, 1868, 1869, 1876, 1939,
];

/// Whether Microsoft delivers texts to `country_code` only after the
/// tenant opts in (the list is dated [`SMS_OPT_IN_LIST_DATE`]). For
/// numbers under +1 pass `1000 + area code` (1876 for Jamaica), or use
/// [`super::Number::sms_opt_in`], which does so.
pub fn sms_opt_in(country_code: u16) -> bool {
    SMS_OPT_IN.binary_search(&country_code).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_and_plain_line_types() {
        assert_eq!(line_type_from_lookup("mobile"), Some(LookupLine::Mobile));
        assert_eq!(
            line_type_from_lookup("Landline"),
            Some(LookupLine::Landline)
        );
        assert_eq!(
            line_type_from_lookup("fixedVoip"),
            Some(LookupLine::FixedVoip)
        );
        assert_eq!(
            line_type_from_lookup("nonFixedVoip"),
            Some(LookupLine::NonFixedVoip)
        );
        assert_eq!(
            line_type_from_lookup("VoIP"),
            Some(LookupLine::NonFixedVoip)
        );
        assert_eq!(
            line_type_from_lookup("tollFree"),
            Some(LookupLine::TollFree)
        );
        assert_eq!(line_type_from_lookup("sharedCost"), Some(LookupLine::Other));
        assert_eq!(
            line_type_from_lookup("voicemail"),
            Some(LookupLine::Voicemail)
        );
        assert_eq!(line_type_from_lookup("pager"), Some(LookupLine::Pager));
        assert_eq!(line_type_from_lookup("unknown"), None);
        assert_eq!(line_type_from_lookup(""), None);
    }

    #[test]
    fn known_sms_providers_match() {
        for name in [
            "Google Voice",
            "Google (Grand Central) BWI - Bandwidth.com - SVR",
            "Bandwidth.com - SVR",
            "TextPlus",
            "textPlus, Inc.",
            "TextNow",
            "Pinger Inc",
            "TextFree",
            "Talkatone",
            "Burner",
            "Skype Communications",
        ] {
            assert!(is_unsupported_carrier(name, &[]), "{name}");
        }
    }

    #[test]
    fn real_carriers_do_not_match() {
        for name in [
            "Springer Telecom",
            "Google Fi",
            "Bandwidth.com - CLEC",
            "Verizon Wireless",
            "T-Mobile USA, Inc.",
            "NTT DOCOMO",
            "",
        ] {
            assert!(!is_unsupported_carrier(name, &[]), "{name}");
        }
    }

    #[test]
    fn configured_names_match_as_words() {
        let extra = vec!["Acme Virtual".to_owned()];
        assert!(is_unsupported_carrier("ACME virtual SMS", &extra));
        assert!(!is_unsupported_carrier("Acmevirtualization", &extra));
        assert!(!is_unsupported_carrier("Vodafone", &["  ".to_owned()]));
    }

    #[test]
    fn opt_in_list() {
        assert!(sms_opt_in(7));
        assert!(sms_opt_in(1876));
        assert!(!sms_opt_in(1));
        assert!(!sms_opt_in(33));
        assert!(SMS_OPT_IN.windows(2).all(|w| w[0] < w[1]), "sorted");
    }
}
