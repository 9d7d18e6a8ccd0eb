//! Turning a phone cell as typed into digits: the spreadsheet and keyboard
//! quirks (Excel's text marker and scientific notation, full-width input,
//! `tel:` links), the extension, and the international prefix.

/// How the digits were introduced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Prefix {
    /// `+` before the country code.
    Plus,
    /// The `00` international call prefix instead of `+`.
    Idd,
    /// Neither: a national number, or a country code without its `+`.
    None,
}

/// A cell reduced to what classification needs.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Cleaned {
    pub(super) prefix: Prefix,
    /// ASCII digits only, after the prefix.
    pub(super) digits: String,
    pub(super) extension: Option<String>,
    /// The text is no phone number as written: stray letters or signs, a
    /// second `+`, or digits lost to Excel's scientific notation.
    pub(super) damaged: bool,
}

/// Trims what surrounds a cell: whitespace and a byte order mark.
pub(super) fn trim(raw: &str) -> &str {
    raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// Cleans trimmed cell text into digits, prefix and extension.
pub(super) fn clean(typed: &str) -> Cleaned {
    let text = to_ascii_forms(typed);
    let text = trim(text.strip_prefix('\'').unwrap_or(&text));
    let text = strip_tel(text);

    if let Some(expanded) = scientific(text) {
        return match expanded {
            Some(digits) => Cleaned::digits(Prefix::None, digits),
            None => Cleaned::damaged(),
        };
    }

    let (base, extension) = split_extension(text);
    let mut cleaned = scan(base);
    cleaned.extension = extension;
    cleaned
}

impl Cleaned {
    fn digits(prefix: Prefix, digits: String) -> Self {
        Cleaned {
            prefix,
            digits,
            extension: None,
            damaged: false,
        }
    }

    fn damaged() -> Self {
        Cleaned::damaged_after(Prefix::None)
    }

    fn damaged_after(prefix: Prefix) -> Self {
        Cleaned {
            damaged: true,
            ..Cleaned::digits(prefix, String::new())
        }
    }
}

/// Maps full-width forms (what a Japanese or Chinese input method types)
/// to ASCII; other text is returned as it is.
fn to_ascii_forms(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            // The full-width block mirrors printable ASCII at this offset.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect::<String>()
        .into()
}

fn strip_tel(text: &str) -> &str {
    match text.get(..4) {
        Some(head) if head.eq_ignore_ascii_case("tel:") => trim(text.get(4..).unwrap_or("")),
        _ => text,
    }
}

/// Expands Excel's scientific notation (`4.47400123456E+11`), which is
/// what a long number typed into a General cell becomes when the sheet is
/// saved as text. `None` when the text is not in that notation;
/// `Some(None)` when it is but digits were lost (`4.474E+11`), since the
/// missing digits cannot be recovered.
fn scientific(text: &str) -> Option<Option<String>> {
    let (mantissa, exponent) = text.split_once(['e', 'E'])?;
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let fraction_ok = fraction.is_empty() || all_digits(fraction);
    if !all_digits(whole) || !fraction_ok || !all_digits(exponent) {
        return None;
    }

    let exponent: usize = exponent.parse().ok()?;
    if fraction.len() != exponent {
        return Some(None);
    }
    Some(Some(format!("{whole}{fraction}")))
}

/// The words and signs that introduce an extension, longest first so that
/// `ext.` wins over `x` inside it.
const EXTENSION_MARKS: [&str; 6] = [";ext=", "extension", "ext.", "ext", "x", "#"];

/// Splits an extension (`x204`, `ext. 12`, `;ext=12`, `#12`) off the end.
fn split_extension(text: &str) -> (&str, Option<String>) {
    // Every mark holds an `x` or a `#`; most cells have neither.
    if !text.contains(['x', 'X', '#']) {
        return (text, None);
    }
    let lower = text.to_ascii_lowercase();
    let found = EXTENSION_MARKS.iter().find_map(|mark| {
        let at = lower.rfind(mark)?;
        let digits = extension_digits(lower.get(at + mark.len()..)?)?;
        let base = text.get(..at)?;
        base.bytes()
            .any(|b| b.is_ascii_digit())
            .then(|| (base, digits.to_owned()))
    });
    match found {
        Some((base, digits)) => (base.trim_end_matches([' ', ',']), Some(digits)),
        None => (text, None),
    }
}

/// The digits after an extension mark, when nothing else follows them.
fn extension_digits(rest: &str) -> Option<&str> {
    let rest = rest.trim_start_matches([' ', '.', ':', '=']).trim_end();
    let ok = !rest.is_empty() && rest.len() <= 10 && rest.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(rest)
}

/// Characters people put between digits; anything else is damage.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.' | '(' | ')' | '/' | '[' | ']' | '~' | '\u{2010}'
                ..='\u{2015}'
                    | '\u{2212}'
                    | '\u{30fc}'
                    | '\u{00ad}'
                    | '\u{200b}'
                    | '\u{2060}'
                    | '\u{feff}'
        )
}

/// Reads the digits and the leading `+` or `00`.
fn scan(text: &str) -> Cleaned {
    let mut digits = String::with_capacity(text.len());
    let mut plus = false;
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if !plus && digits.is_empty() => plus = true,
            _ if is_separator(c) => {}
            // Keep the `+`: a damaged number still had its country code.
            _ if plus => return Cleaned::damaged_after(Prefix::Plus),
            _ => return Cleaned::damaged(),
        }
    }

    if plus {
        return Cleaned::digits(Prefix::Plus, digits);
    }
    match digits.strip_prefix("00") {
        Some(rest) => Cleaned::digits(Prefix::Idd, rest.to_owned()),
        None => Cleaned::digits(Prefix::None, digits),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(typed: &str) -> (Prefix, String) {
        let cleaned = clean(typed);
        assert!(!cleaned.damaged, "{typed} should not be damaged");
        (cleaned.prefix, cleaned.digits)
    }

    #[test]
    fn full_width_becomes_ascii() {
        let (prefix, d) = digits("＋８１　９０－１２３４－５６７８");
        assert_eq!(prefix, Prefix::Plus);
        assert_eq!(d, "819012345678");
    }

    #[test]
    fn excel_text_marker_and_tel_are_dropped() {
        assert_eq!(digits("'+44 7400 123456").1, "447400123456");
        assert_eq!(digits("TEL:+81-90-1234-5678").1, "819012345678");
    }

    #[test]
    fn extensions_are_split_off() {
        for (typed, ext) in [
            ("(425) 555-0199 x204", "204"),
            ("(425) 555-0199 ext. 12", "12"),
            ("(425) 555-0199 ext 12", "12"),
            ("(425) 555-0199 Extension 12", "12"),
            ("(425) 555-0199 #12", "12"),
            ("tel:+1-425-555-0199;ext=12", "12"),
            ("(425) 555-0199, EXT.12", "12"),
        ] {
            let cleaned = clean(typed);
            assert_eq!(cleaned.extension.as_deref(), Some(ext), "{typed}");
            assert!(cleaned.digits.ends_with("4255550199"), "{typed}");
            assert!(!cleaned.damaged, "{typed}");
        }
    }

    #[test]
    fn scientific_notation_expands_only_when_exact() {
        assert_eq!(digits("4.47400123456E+11").1, "447400123456");
        assert!(clean("4.474E+11").damaged);
        assert!(clean("4.47400123456E+10").damaged);
    }

    #[test]
    fn double_zero_is_the_international_prefix() {
        assert_eq!(
            digits("0044 7400 123456"),
            (Prefix::Idd, "447400123456".into())
        );
        assert_eq!(
            digits("090-1234-5678"),
            (Prefix::None, "09012345678".into())
        );
    }

    #[test]
    fn letters_and_second_plus_are_damage() {
        assert!(clean("call reception").damaged);
        assert!(clean("+44 7400 123456 (mobile)").damaged);
        assert_eq!(clean("+44 7400 123456 (mobile)").prefix, Prefix::Plus);
        assert!(clean("+44 +7400 123456").damaged);
        assert!(clean("+44 7400 123456 x").damaged);
    }

    #[test]
    fn plus_inside_parentheses_counts() {
        assert_eq!(digits("(+44) 7400 123456").0, Prefix::Plus);
    }
}
