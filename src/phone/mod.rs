//! Phone numbers: normalising what people typed, and classifying it with
//! libphonenumber's metadata (through the `phonenumber` crate).
//!
//! [`analyse`] is the entry point: it cleans the text (`normalise`),
//! finds the country code (typed, or from the user's region, `regions`),
//! detects a trunk prefix typed after the country code, and classifies the
//! national number on a lock-free fast path (`plan`) that a differential
//! test keeps identical to the crate. `carrier` reads carrier lookups and
//! holds Microsoft's SMS opt-in list.

mod carrier;
mod format;
mod normalise;
mod plan;
mod regions;

pub use carrier::{
    is_unsupported_carrier, line_type_from_lookup, sms_opt_in, LookupLine, SMS_OPT_IN_LIST_DATE,
};

use normalise::Prefix;
use plan::PlanRef;

/// What the numbering plan says a number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineType {
    /// A mobile line: can receive texts.
    Mobile,
    /// A fixed (landline) line.
    FixedLine,
    /// The plan cannot tell (all of North America, for example).
    FixedLineOrMobile,
    /// Toll-free.
    TollFree,
    /// Premium rate.
    PremiumRate,
    /// Shared cost.
    SharedCost,
    /// Voice over IP (Japan 050, UK 056, ...).
    Voip,
    /// Personal number (follow-me service).
    PersonalNumber,
    /// Pager.
    Pager,
    /// Universal access number.
    Uan,
    /// Voicemail access.
    Voicemail,
    /// Valid, but of no type the plan names.
    Unknown,
}

/// A number with its country code known, after the fixes of [`analyse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    /// Country calling code, e.g. 44.
    pub country_code: u16,
    /// National significant number: digits only, no trunk prefix.
    pub national: String,
    /// Valid for its country per the numbering plan.
    pub valid: bool,
    /// Line type per the numbering plan (meaningful only when valid).
    pub line: LineType,
}

/// What the audit needs to know about one typed phone number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    /// The text as typed, trimmed.
    pub typed: String,
    /// The number was typed with `+` and a country code.
    pub has_country_code: bool,
    /// A national trunk prefix typed after the country code, e.g. `0`
    /// in `+81 090-1234-5678` or `(0)` in `+44 (0)7400 123456`.
    pub trunk_prefix: bool,
    /// The extension, when one was typed (`x204`, `ext. 12`).
    pub extension: Option<String>,
    /// Not a valid number for its country after the fixes; `false` when
    /// the country cannot be known (no `+`, no usable region).
    pub invalid: bool,
    /// The number after the fixes: the country code taken from the region
    /// when missing, the trunk prefix dropped. `None` when the digits or
    /// the region do not allow it.
    pub number: Option<Number>,
}

impl Number {
    /// E.164: `+819012345678`.
    pub fn e164(&self) -> String {
        format!("+{}{}", self.country_code, self.national)
    }

    /// The form Microsoft asks for, a space after the country code:
    /// `+81 9012345678`.
    pub fn sspr_form(&self) -> String {
        format!("+{} {}", self.country_code, self.national)
    }

    /// libphonenumber's INTERNATIONAL format: `+81 90-1234-5678`.
    pub fn international(&self) -> String {
        match self.plan() {
            Some(plan) => format::international(plan, &self.national),
            None => self.sspr_form(),
        }
    }

    /// The region whose numbering plan the number belongs to ("JP"), or
    /// `None` for non-geographic codes (+800, ...) and unknown codes.
    pub fn region(&self) -> Option<&'static str> {
        self.plan()?.region()
    }

    /// Whether Microsoft texts this number only after a tenant opt-in
    /// ([`sms_opt_in`]); under +1 the area code decides.
    pub fn sms_opt_in(&self) -> bool {
        let code = match (self.country_code, self.national.get(..3)) {
            (1, Some(area)) => area.parse::<u16>().map_or(1, |a| 1000 + a),
            (code, _) => code,
        };
        sms_opt_in(code)
    }

    fn plan(&self) -> Option<PlanRef> {
        match plan::classify(self.country_code, &self.national) {
            Some((plan, _)) => Some(plan),
            None => plan::main_for(self.country_code),
        }
    }

    /// Classifies `nsn` under `country_code`.
    fn classified(country_code: u16, nsn: &str) -> Number {
        let line = plan::classify(country_code, nsn).map_or(LineType::Unknown, |(_, line)| line);
        Number {
            country_code,
            national: nsn.to_owned(),
            valid: line != LineType::Unknown,
            line,
        }
    }
}

/// Whether `code` is a country calling code the numbering plans know
/// (44 is, 999 is not).
pub fn is_country_code(code: u16) -> bool {
    plan::has_code(code)
}

/// Analyses one phone cell. `raw` is the text as typed; `region` is the
/// user's usage location or country (`"JP"`, `"gb"`, `"Japan"`), used
/// when the number lacks its country code.
///
/// Empty text yields an analysis with nothing set (callers report missing
/// values themselves); text with no digits, stray letters or digits lost to
/// scientific notation is `invalid`. A `00` prefix counts as no country
/// code, though `number` carries the country code it names.
pub fn analyse(raw: &str, region: Option<&str>) -> Analysis {
    let typed = normalise::trim(raw);
    let cleaned = normalise::clean(typed);
    let mut analysis = Analysis {
        typed: typed.to_owned(),
        has_country_code: cleaned.prefix == Prefix::Plus,
        trunk_prefix: false,
        extension: cleaned.extension,
        invalid: false,
        number: None,
    };
    if cleaned.damaged || cleaned.digits.is_empty() {
        analysis.invalid = !typed.is_empty();
        return analysis;
    }

    let typed_code = cleaned.prefix != Prefix::None;
    if typed_code {
        let (number, trunk) = international(&cleaned.digits);
        analysis.number = number;
        analysis.trunk_prefix = trunk;
    } else {
        let plan = region.and_then(regions::resolve).and_then(plan::by_id);
        analysis.number = plan.map(|plan| national(plan, &cleaned.digits));
    }

    analysis.invalid = match &analysis.number {
        Some(number) => !number.valid,
        None => typed_code,
    };
    analysis
}

/// Digits that start with a country code. Returns the number (`None` for
/// an unknown country code) and whether a trunk prefix followed the code.
fn international(digits: &str) -> (Option<Number>, bool) {
    // Country codes are one to three digits and no code is a prefix of
    // another, so the first known one is the one.
    let found = (1..=3).find_map(|n| {
        let code: u16 = digits.get(..n)?.parse().ok()?;
        plan::has_code(code).then(|| (code, digits.get(n..).unwrap_or("")))
    });
    let Some((code, rest)) = found else {
        return (None, false);
    };

    let trunk = plan::main_for(code).and_then(|plan| plan.national_prefix());
    match drop_trunk(rest, trunk) {
        // Italy and the like keep the zero: it is part of the number.
        Some(stripped) if !Number::classified(code, rest).valid => {
            (Some(Number::classified(code, stripped)), true)
        }
        _ => (Some(Number::classified(code, rest)), false),
    }
}

/// Digits typed without a country code, read in `plan`'s country: with
/// the trunk prefix dropped, as they are, or as already starting with the
/// country code without its `+` ("447400123456" in GB). The first reading
/// that is valid wins; else the national reading is kept, invalid.
fn national(plan: PlanRef, digits: &str) -> Number {
    let code = plan.country_code();
    let trunk = plan.national_prefix();
    let after_code = strip_code(digits, code).map(|rest| drop_trunk(rest, trunk).unwrap_or(rest));

    let mut readings = [drop_trunk(digits, trunk), Some(digits), after_code]
        .into_iter()
        .flatten();
    let first = Number::classified(code, readings.next().unwrap_or(digits));
    if first.valid {
        return first;
    }
    readings
        .map(|nsn| Number::classified(code, nsn))
        .find(|n| n.valid)
        .unwrap_or(first)
}

/// `digits` without the trunk prefix, when they start with it.
fn drop_trunk<'a>(digits: &'a str, trunk: Option<&str>) -> Option<&'a str> {
    let rest = digits.strip_prefix(trunk?)?;
    (!rest.is_empty()).then_some(rest)
}

/// `digits` without a leading `code`, when they start with it.
fn strip_code(digits: &str, code: u16) -> Option<&str> {
    let width = code.checked_ilog10().map_or(1, |w| w as usize + 1);
    let head: u16 = digits.get(..width)?.parse().ok()?;
    (head == code).then(|| digits.get(width..)).flatten()
}

/// The E.164 form of a valid number, for joining carrier lookups and
/// comparing phones; `None` when the number is not valid or its country
/// cannot be known.
pub fn to_e164(raw: &str, region: Option<&str>) -> Option<String> {
    let number = analyse(raw, region).number?;
    number.valid.then(|| number.e164())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn number(a: &Analysis) -> &Number {
        a.number
            .as_ref()
            .unwrap_or_else(|| panic!("no number for {}", a.typed))
    }

    #[test]
    fn japanese_trunk_zero_after_country_code() {
        let a = analyse("+81 090-1234-5678", None);
        assert!(a.has_country_code && a.trunk_prefix && !a.invalid);
        assert_eq!(number(&a).sspr_form(), "+81 9012345678");
        assert_eq!(number(&a).line, LineType::Mobile);
        assert_eq!(number(&a).international(), "+81 90-1234-5678");
        assert_eq!(number(&a).region(), Some("JP"));
    }

    #[test]
    fn trunk_zero_run_into_the_country_code() {
        // The crate misreads this form; the digits are plain after cleaning.
        let a = analyse("+81090-1234-5678", None);
        assert!(a.trunk_prefix && !a.invalid);
        assert_eq!(number(&a).e164(), "+819012345678");
        let uk = analyse("+44 07400 123456", None);
        assert!(uk.trunk_prefix && !uk.invalid);
        let clean = analyse("+44 7400 123456", None);
        assert!(!clean.trunk_prefix && !clean.invalid);
    }

    #[test]
    fn parenthesised_zero_is_a_trunk_prefix() {
        let a = analyse("+44 (0)7400 123456", None);
        assert!(a.trunk_prefix && !a.invalid);
        assert_eq!(number(&a).e164(), "+447400123456");
        assert_eq!(number(&a).line, LineType::Mobile);
    }

    #[test]
    fn italy_keeps_its_zero() {
        let a = analyse("+39 06 1234 5678", None);
        assert!(!a.trunk_prefix && !a.invalid);
        assert_eq!(number(&a).national, "0612345678");
        assert_eq!(number(&a).line, LineType::FixedLine);
    }

    #[test]
    fn national_number_takes_the_region_country_code() {
        let a = analyse("090-1234-5678", Some("JP"));
        assert!(!a.has_country_code && !a.trunk_prefix && !a.invalid);
        assert_eq!(number(&a).sspr_form(), "+81 9012345678");
        assert_eq!(
            to_e164("090-1234-5678", Some("Japan")).as_deref(),
            Some("+819012345678")
        );
    }

    #[test]
    fn no_region_cannot_be_judged() {
        let a = analyse("090-1234-5678", None);
        assert!(a.number.is_none() && !a.invalid);
        assert_eq!(to_e164("090-1234-5678", None), None);
    }

    #[test]
    fn us_extension_is_split_off() {
        let a = analyse("(425) 555-0199 ext. 12", Some("US"));
        assert_eq!(a.extension.as_deref(), Some("12"));
        assert!(!a.has_country_code);
        assert_eq!(number(&a).e164(), "+14255550199");
    }

    #[test]
    fn us_numbers_cannot_be_told_apart() {
        let a = analyse("+1 206 555 0100", None);
        assert_eq!(number(&a).line, LineType::FixedLineOrMobile);
        assert_eq!(number(&a).region(), Some("US"));
    }

    #[test]
    fn full_width_input() {
        let a = analyse("＋８１ ９０-１２３４-５６７８", None);
        assert!(a.has_country_code && !a.trunk_prefix && !a.invalid);
        assert_eq!(number(&a).e164(), "+819012345678");
    }

    #[test]
    fn excel_scientific_notation() {
        let a = analyse("4.47400123456E+11", Some("GB"));
        assert!(!a.has_country_code && !a.invalid);
        assert_eq!(number(&a).e164(), "+447400123456");
        let damaged = analyse("4.474E+11", Some("GB"));
        assert!(damaged.invalid && damaged.number.is_none());
    }

    #[test]
    fn international_prefix_counts_as_no_country_code() {
        let a = analyse("0044 7400 123456", None);
        assert!(!a.has_country_code && !a.invalid);
        assert_eq!(number(&a).sspr_form(), "+44 7400123456");
    }

    #[test]
    fn country_code_without_plus_in_its_region() {
        let a = analyse("447400123456", Some("gb"));
        assert_eq!(number(&a).sspr_form(), "+44 7400123456");
    }

    #[test]
    fn voip_and_toll_free_types() {
        let jp = analyse("050-1234-5678", Some("JP"));
        assert_eq!(number(&jp).line, LineType::Voip);
        let uk = analyse("+44 56 1234 5678", None);
        assert_eq!(number(&uk).line, LineType::Voip);
        let free = analyse("0800 123 4567", Some("GB"));
        assert_eq!(number(&free).line, LineType::TollFree);
    }

    #[test]
    fn junk_is_invalid() {
        let short = analyse("12345", Some("US"));
        assert!(short.invalid);
        assert!(analyse("+44 12345", None).invalid);
        assert!(analyse("call reception", None).invalid);
        assert!(analyse("+999 1234567", None).invalid);
        let empty = analyse("  ", Some("US"));
        assert!(!empty.invalid && empty.number.is_none());
    }

    #[test]
    fn sms_opt_in_uses_the_area_code_under_plus_one() {
        let jamaica = analyse("+1 876 555 0123", None);
        assert!(number(&jamaica).sms_opt_in());
        let us = analyse("+1 206 555 0100", None);
        assert!(!number(&us).sms_opt_in());
    }

    #[test]
    fn analyse_is_send_and_sync() {
        fn check<T: Send + Sync>(_: T) {}
        check(analyse);
        check(analyse("+81 90 1234 5678", None));
    }

    proptest! {
        #[test]
        fn analyse_never_panics(text in "\\PC{0,40}", region in "[A-Za-z ]{0,12}") {
            let a = analyse(&text, Some(&region));
            if let Some(number) = &a.number {
                let _ = (number.e164(), number.international(), number.region());
            }
        }

        #[test]
        fn analyse_never_panics_on_phone_like_text(text in "[+0-9 ()xXeE.#;=-]{0,30}") {
            let _ = analyse(&text, Some("JP"));
            let _ = analyse(&text, None);
        }
    }
}
