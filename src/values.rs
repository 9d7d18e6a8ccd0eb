//! Cell values: what one exported cell holds once the quirks of PowerShell,
//! the admin portals and Excel are peeled away.
//!
//! Everything here works on text the readers already decoded. It decides
//! whether a cell is empty, a leaked PowerShell type name or real text;
//! reads booleans in their many spellings; splits joined multi-values;
//! picks proxy addresses apart; checks email syntax; and builds the key
//! under which a column header is matched.

use std::borrow::Cow;

use email_address::{EmailAddress, Options};

/// What one cell holds, after trimming.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell<'a> {
    /// Nothing, or an empty marker (see [`classify`]).
    Empty,
    /// A PowerShell type name or hashtable text written instead of the
    /// value: the value is unknown, not missing.
    TypeName(&'a str),
    /// Real text: trimmed, with Excel's leading `'` removed.
    Text(&'a str),
}

/// Texts that exports write for "no value", compared case-insensitively.
///
/// `-` comes from MFA-status scripts, `N/A` and `#N/A` from spreadsheets
/// (the latter a failed lookup formula), `None` and `null` from Python or
/// JSON flattening, `No roles` from the `AdminRoles` column. `NA` is left
/// out on purpose: it is Namibia's usage location.
const EMPTY_MARKERS: &[&str] = &["-", "n/a", "#n/a", "none", "null", "no roles"];

/// Namespaces whose type names PowerShell writes when it flattens an
/// object it cannot turn into text.
const TYPE_PREFIXES: &[&str] = &[
    "System.",
    "Microsoft.Online.",
    "Microsoft.Graph.",
    "Microsoft.Open.",
];

/// Separators that join multi-valued cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separators {
    /// `,` `;` `|` and line breaks: lists of phones, emails, roles.
    List,
    /// [`Separators::List`] plus a `+` that starts a new typed address
    /// (`+smtp:`, `+SIP:`): the M365 `Proxy addresses` column.
    Proxy,
}

impl Separators {
    /// The list separators, for ordinary multi-valued columns.
    pub const LIST: Separators = Separators::List;
    /// The list separators plus `+` before a typed address.
    pub const PROXY: Separators = Separators::Proxy;
}

/// Characters that join values in every multi-valued column.
const LIST_SEPARATORS: &[char] = &[',', ';', '|', '\n', '\r'];

/// Classifies one raw cell.
///
/// Trims whitespace (non-breaking and ideographic spaces included),
/// byte-order marks and zero-width characters, then one leading `'`
/// (Excel's text marker). The result is [`Cell::Empty`] for an empty
/// cell or an empty marker (`-`, `N/A`, `#N/A`, `None`, `null`,
/// `No roles`, in any case), [`Cell::TypeName`] for a leaked type name
/// (`System.String[]`, `Microsoft.Online.Administration....`,
/// `@{Key=Value; ...}`), and [`Cell::Text`] otherwise.
pub fn classify(raw: &str) -> Cell<'_> {
    let text = trim_cell(raw);
    let text = text.strip_prefix('\'').map_or(text, trim_cell);

    if text.is_empty() || is_empty_marker(text) {
        Cell::Empty
    } else if is_type_name(text) {
        Cell::TypeName(text)
    } else {
        Cell::Text(text)
    }
}

/// Trims whitespace and the invisible characters exports leave behind.
fn trim_cell(raw: &str) -> &str {
    // Most cells start and end with a visible ASCII character, and then
    // there is nothing to trim.
    let bytes = raw.as_bytes();
    if let (Some(first), Some(last)) = (bytes.first(), bytes.last()) {
        if first.is_ascii_graphic() && last.is_ascii_graphic() {
            return raw;
        }
    }
    raw.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// Byte-order marks and zero-width characters: not whitespace to Rust,
/// but never meant as content.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200D}' | '\u{2060}')
}

fn is_empty_marker(text: &str) -> bool {
    EMPTY_MARKERS.iter().any(|m| text.eq_ignore_ascii_case(m))
}

/// A type name is one dotted word in a known namespace. The `@` test keeps
/// an address such as `System.Admin@contoso.com` a value.
fn is_type_name(text: &str) -> bool {
    if text.starts_with("@{") {
        return true;
    }
    // The prefix first: it rules out nearly every cell without a scan.
    let prefixed = TYPE_PREFIXES.iter().any(|p| text.starts_with(p));
    prefixed && !text.contains(|c: char| c.is_whitespace() || c == '@')
}

/// Reads a boolean in any spelling the exports use.
///
/// True: `True`, `Yes`, `Y`, `1`, `Enabled`, `Allowed`, `Registered`,
/// `Capable`, `Active`. False: `False`, `No`, `N`, `0`, `Disabled`,
/// `Not Enabled`, `Blocked`, `Not Registered`, `Not Capable`, `Inactive`.
/// Case, spaces, underscores and hyphens are ignored (`NotRegistered`,
/// `not_capable`), full-width forms are read as ASCII. Anything else,
/// an empty cell and a type name give `None`.
///
/// The answer is what the text says, not what the column means: for the
/// inverted columns (`BlockCredential`, `Block sign in`) `true` means
/// blocked, and turning that into "enabled" is the caller's business.
pub fn parse_bool(raw: &str) -> Option<bool> {
    let Cell::Text(text) = classify(raw) else {
        return None;
    };
    let key: String = unify_digits(text)
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .map(|c| c.to_ascii_lowercase())
        .collect();

    match key.as_str() {
        "true" | "yes" | "y" | "1" | "enabled" | "allowed" | "registered" | "capable"
        | "active" => Some(true),
        "false" | "no" | "n" | "0" | "disabled" | "notenabled" | "blocked" | "notregistered"
        | "notcapable" | "inactive" => Some(false),
        _ => None,
    }
}

/// Splits a joined multi-valued cell into its values.
///
/// Each part is classified as by [`classify`]: trimmed, its `'` removed;
/// empty parts, empty markers and type names are dropped. A whole cell
/// that is empty or a type name gives no parts, so callers that must tell
/// unknown from missing classify the cell first.
///
/// With [`Separators::PROXY`] a `+` separates only where the next part
/// starts with an address type (`smtp:`, `SIP:`, `X500:`), because `+` is
/// legal inside an address (`a+b@contoso.com`).
pub fn split_multi(raw: &str, seps: Separators) -> Vec<&str> {
    if !matches!(classify(raw), Cell::Text(_)) {
        return Vec::new();
    }

    let pieces = raw.split(LIST_SEPARATORS);
    let parts: Vec<&str> = match seps {
        Separators::List => pieces.collect(),
        Separators::Proxy => pieces.flat_map(split_typed_plus).collect(),
    };
    parts.into_iter().filter_map(text_of).collect()
}

/// The text of a part, when it holds a real value.
fn text_of(part: &str) -> Option<&str> {
    match classify(part) {
        Cell::Text(text) => Some(text),
        Cell::Empty | Cell::TypeName(_) => None,
    }
}

/// Splits at each `+` that is followed by a typed address.
fn split_typed_plus(piece: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, _) in piece.match_indices('+') {
        // `+` is one byte, so `at + 1` is a character boundary.
        let rest = piece.get(at + 1..).unwrap_or("");
        if address_type(rest).is_some() {
            parts.push(piece.get(start..at).unwrap_or(""));
            start = at + 1;
        }
    }
    parts.push(piece.get(start..).unwrap_or(""));
    parts
}

/// The address type that starts `text` (`smtp` in `smtp:a@b.com`) and the
/// address after its colon. Exchange types are short alphanumeric words.
fn address_type(text: &str) -> Option<(&str, &str)> {
    let (kind, address) = text.trim_start().split_once(':')?;
    let plausible =
        (1..=8).contains(&kind.len()) && kind.chars().all(|c| c.is_ascii_alphanumeric());
    plausible.then_some((kind, address))
}

/// Reads one proxy address.
///
/// `SMTP:x@y` is the primary address, `(true, "x@y")`; `smtp:x@y` (any
/// other case) a secondary one, `(false, "x@y")`. Other types (`SIP:`,
/// `X500:`, `SPO:`, `EUM:`) are not mailboxes and give `None`. A part
/// with no type is taken as a secondary address.
pub fn proxy_address(part: &str) -> Option<(bool, &str)> {
    let part = trim_cell(part);
    match address_type(part) {
        Some(("SMTP", address)) => Some((true, trim_cell(address))),
        Some((kind, address)) if kind.eq_ignore_ascii_case("smtp") => {
            Some((false, trim_cell(address)))
        }
        Some(_) => None,
        None => Some((false, part)),
    }
}

/// Whether `addr` is a well-formed address a reset email could reach.
///
/// On top of the syntax the `email_address` crate checks, the domain must
/// have a dot (`user@localhost` cannot be reached from outside) and the
/// address must hold no whitespace. Display names (`Ann <a@b.com>`) and
/// IP-literal domains are refused: no directory stores them as an
/// alternate email.
pub fn email_syntax_ok(addr: &str) -> bool {
    if addr.is_empty() || addr.contains(char::is_whitespace) {
        return false;
    }
    let options = Options::default()
        .without_display_text()
        .without_domain_literal()
        .with_minimum_sub_domains(2);
    EmailAddress::parse_with_options(addr, options).is_ok()
}

/// `text` in lowercase, copied only when lowercasing changes it (or may:
/// non-ASCII text is always lowercased in full). UPNs and object ids are
/// compared lowercase, and almost all of them already are.
pub fn lowercase(text: &str) -> Cow<'_, str> {
    // Folded without stopping early, so that it compiles to vector code.
    let change = text.bytes().fold(false, |seen, b| {
        seen | !b.is_ascii() | b.is_ascii_uppercase()
    });
    if !change {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_lowercase())
    }
}

/// The domain of an address: everything after its last `@`, as written
/// (callers compare it case-insensitively). `None` without an `@` or with
/// nothing after it.
pub fn email_domain(addr: &str) -> Option<&str> {
    // Addresses are short: walking back to the `@` beats a search.
    let at = addr.bytes().rposition(|b| b == b'@')?;
    let domain = addr.get(at + 1..)?;
    (!domain.is_empty()).then_some(domain)
}

/// The key under which a column header is matched.
///
/// Case, whitespace, underscores, dots, hyphens, double quotes, byte-order
/// marks and zero-width characters are ignored, and trailing
/// parentheticals dropped: `Block credential`, `BlockCredential` and
/// `block_credential` all give `blockcredential`, `SSPR Registered
/// (Registered / Not Registered)` gives `ssprregistered`.
///
/// Entra bulk-template headers (`User name [userPrincipalName] Required`)
/// give their bracketed name, `userprincipalname`. The exception is
/// `Block sign in (Yes/No) [accountEnabled] Required`, which gives
/// `blocksignin`: its cells say Yes for a blocked account, the opposite
/// of what the bracketed name promises.
///
/// The function is idempotent: a key normalises to itself.
pub fn normalise_header(h: &str) -> String {
    match bracketed(h) {
        Some((label, _)) if compact_key(label) == "blocksignin" => "blocksignin".to_owned(),
        Some((_, name)) => name,
        None => compact_key(h),
    }
}

/// Splits a bulk-template header into its label and the key of its
/// bracketed name, when the brackets hold one.
fn bracketed(h: &str) -> Option<(&str, String)> {
    let (label, rest) = h.split_once('[')?;
    let (inner, _) = rest.split_once(']')?;
    let name = compact_key(inner);
    (!name.is_empty()).then_some((label, name))
}

/// Lowercases `text`, drops the ignored characters, then drops trailing
/// parentheticals for as long as something is left.
fn compact_key(text: &str) -> String {
    // Headers are nearly always ASCII, which is lowercased byte by byte.
    let mut key = if text.is_ascii() {
        let kept = text
            .bytes()
            .filter(|&b| !is_ignored_in_header(char::from(b)));
        let mut key = String::with_capacity(text.len());
        key.extend(kept.map(|b| char::from(b.to_ascii_lowercase())));
        key
    } else {
        text.chars()
            .filter(|&c| !is_ignored_in_header(c))
            .flat_map(char::to_lowercase)
            .collect()
    };

    while key.ends_with(')') {
        match key.rfind('(') {
            Some(open) if open > 0 => key.truncate(open),
            _ => break,
        }
    }
    key
}

fn is_ignored_in_header(c: char) -> bool {
    c.is_whitespace() || is_invisible(c) || matches!(c, '_' | '.' | '-' | '"')
}

/// Rewrites full-width and look-alike characters as ASCII.
///
/// Japanese data types phone numbers and flags in full-width forms
/// (`＋８１ ９０`), and Japanese input methods turn `-` into `ー`. Mapped:
/// the full-width block U+FF01..U+FF5E (digits, letters, `+`, `-`,
/// parentheses, ...) to its ASCII twin, the ideographic space to a space,
/// and the Unicode dashes, minus sign and `ー` to `-`. Borrows when there
/// is nothing to rewrite.
pub fn unify_digits(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| unified(c) == c) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(unified).collect())
    }
}

/// The ASCII form of one character, or the character itself.
fn unified(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' => '-',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn classify_trims_spaces_bom_and_apostrophe() {
        assert_eq!(classify("  abc \u{A0}"), Cell::Text("abc"));
        assert_eq!(classify("\u{FEFF}abc\u{200B}"), Cell::Text("abc"));
        assert_eq!(classify("'0901234567"), Cell::Text("0901234567"));
        assert_eq!(classify("''x"), Cell::Text("'x"));
        assert_eq!(classify("\u{3000}x\u{3000}"), Cell::Text("x"));
    }

    #[test]
    fn classify_recognises_empty_markers() {
        for raw in [
            "", "   ", "-", "N/A", "n/a", "#N/A", "None", "null", "No roles",
        ] {
            assert_eq!(classify(raw), Cell::Empty, "{raw:?}");
        }
        assert_eq!(classify("NO ROLES"), Cell::Empty);
        assert_eq!(classify("'-"), Cell::Empty);
    }

    #[test]
    fn classify_keeps_namibia_and_lookalikes() {
        assert_eq!(classify("NA"), Cell::Text("NA"));
        assert_eq!(classify("--"), Cell::Text("--"));
        assert_eq!(classify("Nonexistent"), Cell::Text("Nonexistent"));
    }

    #[test]
    fn classify_recognises_type_names() {
        let leaks = [
            "System.String[]",
            "System.Object[]",
            "System.Collections.Generic.List`1[System.String]",
            "Microsoft.Online.Administration.StrongAuthenticationMethod[]",
            "Microsoft.Graph.PowerShell.Models.MicrosoftGraphObjectIdentity",
            "@{PhoneNumber=+1 425; Email=a@b.com}",
        ];
        for raw in leaks {
            assert_eq!(classify(raw), Cell::TypeName(raw), "{raw:?}");
        }
        assert_eq!(
            classify(" System.Object[] "),
            Cell::TypeName("System.Object[]")
        );
    }

    #[test]
    fn classify_keeps_values_that_start_like_type_names() {
        let addr = "System.Admin@contoso.com";
        assert_eq!(classify(addr), Cell::Text(addr));
        assert_eq!(classify("System. Admin"), Cell::Text("System. Admin"));
        assert_eq!(classify("Systems.Team"), Cell::Text("Systems.Team"));
    }

    #[test]
    fn parse_bool_reads_every_documented_spelling() {
        let truths = ["True", "TRUE", "yes", "Y", "1", "Enabled", "Allowed"];
        let more = ["Registered", "Capable", "Active", "'TRUE", "１"];
        for raw in truths.iter().chain(&more) {
            assert_eq!(parse_bool(raw), Some(true), "{raw:?}");
        }
        let falses = ["False", "FALSE", "No", "n", "0", "Disabled", "Blocked"];
        let more = [
            "Not Registered",
            "NotRegistered",
            "not_capable",
            "Not Enabled",
        ];
        for raw in falses.iter().chain(&more).chain(&["Inactive", "０"]) {
            assert_eq!(parse_bool(raw), Some(false), "{raw:?}");
        }
    }

    #[test]
    fn parse_bool_refuses_other_text() {
        for raw in [
            "",
            "-",
            "maybe",
            "2",
            "System.Object[]",
            "Enforced",
            "Eligible",
        ] {
            assert_eq!(parse_bool(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn split_multi_splits_lists() {
        let cell = "a@x.com, b@y.com;c@z.com | d@w.com\r\ne@v.com";
        let want = ["a@x.com", "b@y.com", "c@z.com", "d@w.com", "e@v.com"];
        assert_eq!(split_multi(cell, Separators::LIST), want);
    }

    #[test]
    fn split_multi_drops_empty_parts_and_markers() {
        let cell = "a@x.com,, - ,N/A;System.String[]; b@y.com ";
        assert_eq!(split_multi(cell, Separators::LIST), ["a@x.com", "b@y.com"]);
        assert!(split_multi("No roles", Separators::LIST).is_empty());
        assert!(split_multi("", Separators::LIST).is_empty());
    }

    #[test]
    fn split_multi_gives_nothing_for_a_type_name_cell() {
        let leak = "System.Collections.Generic.Dictionary`2[System.String,System.Object]";
        assert!(split_multi(leak, Separators::LIST).is_empty());
    }

    #[test]
    fn split_multi_keeps_plus_in_lists() {
        assert_eq!(split_multi("a+b@x.com", Separators::LIST), ["a+b@x.com"]);
        assert_eq!(
            split_multi("+81 90 1234", Separators::LIST),
            ["+81 90 1234"]
        );
    }

    #[test]
    fn split_multi_splits_proxy_addresses_on_typed_plus() {
        let cell = "SMTP:a+b@x.com+smtp:a@x.onmicrosoft.com+SIP:a@x.com+X500:/o=Ex";
        let want = [
            "SMTP:a+b@x.com",
            "smtp:a@x.onmicrosoft.com",
            "SIP:a@x.com",
            "X500:/o=Ex",
        ];
        assert_eq!(split_multi(cell, Separators::PROXY), want);
    }

    #[test]
    fn proxy_address_reads_types() {
        assert_eq!(proxy_address("SMTP:a@x.com"), Some((true, "a@x.com")));
        assert_eq!(proxy_address("smtp:a@x.com"), Some((false, "a@x.com")));
        assert_eq!(proxy_address(" Smtp: a@x.com "), Some((false, "a@x.com")));
        assert_eq!(proxy_address("SIP:a@x.com"), None);
        assert_eq!(proxy_address("X500:/o=ExchangeLabs/ou=Group"), None);
        assert_eq!(proxy_address("spo:SPO_abc@SPO_def"), None);
        assert_eq!(proxy_address("a+b@x.com"), Some((false, "a+b@x.com")));
    }

    #[test]
    fn email_syntax_ok_accepts_ordinary_addresses() {
        for addr in [
            "ann@contoso.com",
            "a.b+tag@mail.example.co.uk",
            "x@xn--bcher-kva.de",
        ] {
            assert!(email_syntax_ok(addr), "{addr:?}");
        }
    }

    #[test]
    fn email_syntax_ok_refuses_unusable_addresses() {
        let bad = [
            "",
            "ann",
            "ann@localhost",
            "ann@@contoso.com",
            "ann @contoso.com",
            "ann@contoso..com",
            "Ann <ann@contoso.com>",
            "ann@[10.0.0.1]",
            "@contoso.com",
            "ann@",
        ];
        for addr in bad {
            assert!(!email_syntax_ok(addr), "{addr:?}");
        }
    }

    #[test]
    fn email_domain_takes_text_after_last_at() {
        assert_eq!(email_domain("ann@Contoso.com"), Some("Contoso.com"));
        assert_eq!(email_domain("\"a@b\"@x.org"), Some("x.org"));
        assert_eq!(email_domain("ann"), None);
        assert_eq!(email_domain("ann@"), None);
    }

    #[test]
    fn normalise_header_ignores_case_spaces_underscores_dots() {
        for h in [
            "Block credential",
            "BlockCredential",
            "block_credential",
            "BLOCK.CREDENTIAL",
        ] {
            assert_eq!(normalise_header(h), "blockcredential", "{h:?}");
        }
        assert_eq!(
            normalise_header("line_type_intelligence.carrier_name"),
            "linetypeintelligencecarriername"
        );
        assert_eq!(
            normalise_header("\u{FEFF}\"UserPrincipalName\""),
            "userprincipalname"
        );
        assert_eq!(
            normalise_header("User\u{A0}principal name"),
            "userprincipalname"
        );
        assert_eq!(normalise_header("E-mail"), "email");
    }

    #[test]
    fn normalise_header_reads_bulk_template_names() {
        let cases = [
            (
                "User name [userPrincipalName] Required",
                "userprincipalname",
            ),
            ("Name [displayName] Required", "displayname"),
            ("Mobile phone [mobile]", "mobile"),
            ("Usage location [usageLocation]", "usagelocation"),
        ];
        for (header, key) in cases {
            assert_eq!(normalise_header(header), key, "{header:?}");
        }
    }

    #[test]
    fn normalise_header_keeps_block_sign_in_inverted() {
        let header = "Block sign in (Yes/No) [accountEnabled] Required";
        assert_eq!(normalise_header(header), "blocksignin");
        assert_eq!(normalise_header("Block sign in (Yes/No)"), "blocksignin");
    }

    #[test]
    fn normalise_header_drops_trailing_parentheticals() {
        let h = "SSPR Registered (Registered / Not Registered)";
        assert_eq!(normalise_header(h), "ssprregistered");
        assert_eq!(normalise_header("a (b) (c)"), "a");
        assert_eq!(normalise_header("(only)"), "(only)");
        assert_eq!(normalise_header("Country/Region"), "country/region");
    }

    #[test]
    fn unify_digits_maps_full_width_forms() {
        assert_eq!(unify_digits("＋８１　９０－１２３４"), "+81 90-1234");
        assert_eq!(unify_digits("（０３）ー１２"), "(03)-12");
        assert_eq!(unify_digits("ＴＲＵＥ"), "TRUE");
        assert_eq!(unify_digits("+44 \u{2212}7"), "+44 -7");
    }

    #[test]
    fn unify_digits_borrows_plain_text() {
        assert!(matches!(unify_digits("+81 90"), Cow::Borrowed("+81 90")));
        assert!(matches!(unify_digits("日本"), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn cell_functions_never_panic(raw in "\\PC*") {
            let _ = classify(&raw);
            let _ = parse_bool(&raw);
            let _ = proxy_address(&raw);
            let _ = email_syntax_ok(&raw);
            let _ = email_domain(&raw);
            let _ = unify_digits(&raw);
        }

        #[test]
        fn list_parts_hold_no_separator(raw in "[a-z@.+ ,;|\\r\\n'-]{0,40}") {
            for part in split_multi(&raw, Separators::LIST) {
                prop_assert!(!part.contains(LIST_SEPARATORS));
                prop_assert!(!part.is_empty());
                prop_assert_eq!(part, part.trim());
            }
        }

        #[test]
        fn proxy_parts_hold_no_typed_plus(raw in "[a-zA-Z0-9@.+:, ;|]{0,40}") {
            for part in split_multi(&raw, Separators::PROXY) {
                prop_assert!(!part.contains(LIST_SEPARATORS));
                let typed_plus = part
                    .match_indices('+')
                    .any(|(at, _)| address_type(&part[at + 1..]).is_some());
                prop_assert!(!typed_plus, "{:?} in {:?}", part, raw);
            }
        }

        #[test]
        fn split_multi_never_panics(raw in "\\PC*") {
            let _ = split_multi(&raw, Separators::LIST);
            let _ = split_multi(&raw, Separators::PROXY);
        }

        #[test]
        fn normalise_header_is_idempotent(h in "\\PC*") {
            let key = normalise_header(&h);
            prop_assert_eq!(normalise_header(&key), key.clone());
        }

        #[test]
        fn normalise_header_is_idempotent_on_header_shapes(
            h in "[A-Za-z _.()\\[\\]\"-]{0,30}"
        ) {
            let key = normalise_header(&h);
            prop_assert_eq!(normalise_header(&key), key.clone());
        }
    }
}
