//! Phone numbers: normalising what people typed, and classifying it with
//! libphonenumber's metadata (through the `phonenumber` crate).

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
