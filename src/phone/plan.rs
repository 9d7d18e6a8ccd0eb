//! The numbering plans: libphonenumber's metadata (from the `phonenumber`
//! crate) compiled once per region into our own regexes, and the
//! classification of a national significant number against them.
//!
//! The crate keeps every pattern in one global cache of 100 compiled
//! regexes behind a mutex; a mix of countries thrashes it and serialises
//! all threads on the lock. Here each region compiles its patterns on
//! first use and keeps them, so classification is lock-free after that.
//! The patterns come from a table the build script makes from the crate
//! (`build.rs`), so a run never waits for the crate's database to load.
//! The rules mirror the crate's `source_for` and `number_type` exactly (a
//! differential test holds them together), including the crate's reading
//! of a pattern as a match at the start of the number plus a length check.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use super::LineType;

/// One region's numbering plan as the crate carries it, written into the
/// binary by the build script (`build.rs`) so that no run waits for the
/// crate to load its database.
struct PlanData {
    /// Region id ("GB"); "001" for non-geographic codes.
    id: &'static str,
    code: u16,
    national_prefix: Option<&'static str>,
    /// Which numbers of a shared country code are this region's.
    leading_digits: Option<&'static str>,
    /// What every valid number of the region matches.
    general: PatternData,
    /// The line types the region has, in the order the crate tries them:
    /// the special types, then fixed line, then mobile.
    typed: &'static [(LineType, PatternData)],
    /// The international number formats (the national ones when the
    /// region has no separate international list).
    formats: &'static [FormatData],
}

/// A descriptor: the national-number pattern and its possible lengths
/// (empty when any length will do).
struct PatternData {
    national_number: &'static str,
    lengths: &'static [u16],
}

/// A number format: its last leading-digits pattern, pattern, and
/// replacement.
struct FormatData {
    leading: Option<&'static str>,
    pattern: &'static str,
    format: &'static str,
}

/// Every region, grouped by country code in ascending order, each code's
/// regions in the crate's order (main country first).
static PLANS: &[PlanData] = include!(concat!(env!("OUT_DIR"), "/plans.rs"));

/// The patterns of one region, compiled into one set so that a number is
/// matched against all of them in a single pass.
struct Compiled {
    /// Each descriptor's pattern, anchored at the start; `None` when the
    /// set does not compile (no number is then valid).
    set: Option<RegexSet>,
    /// Each descriptor's possible lengths, in the order of `set`.
    lengths: Vec<&'static [u16]>,
    /// The line type of each slot of `set` after the general one (slot 0).
    kinds: Vec<LineType>,
    /// Fixed and mobile share one pattern (North America): the plan
    /// cannot tell them apart.
    fixed_is_mobile: bool,
    leading: Option<Regex>,
}

/// One region's data and its lazily compiled patterns.
struct Plan {
    data: &'static PlanData,
    compiled: OnceLock<Compiled>,
    /// The international number formats, compiled on first use (only the
    /// numbers shown in reports need them).
    formats: OnceLock<Vec<NumberFormat>>,
}

/// One number format of a region, compiled: a number takes it when the
/// last of its leading-digit patterns matches the start and its pattern
/// matches the whole number.
pub(super) struct NumberFormat {
    /// The last (most specific) leading-digits pattern, anchored.
    pub(super) leading: Option<Regex>,
    /// The format's pattern, anchored at both ends.
    pub(super) pattern: Regex,
    /// The replacement, e.g. `$1-$2-$3`.
    pub(super) format: &'static str,
}

/// Every plan, found by region id and by country code.
struct Tables {
    plans: Vec<Plan>,
    by_id: foldhash::HashMap<&'static str, usize>,
    /// Plans per country code, main country first (the crate's order).
    by_code: foldhash::HashMap<u16, Vec<usize>>,
}

/// A region's plan as handed to the rest of the module.
#[derive(Clone, Copy)]
pub(super) struct PlanRef(&'static Plan);

static TABLES: OnceLock<Tables> = OnceLock::new();

fn tables() -> &'static Tables {
    TABLES.get_or_init(build_tables)
}

fn build_tables() -> Tables {
    let mut tables = Tables {
        plans: Vec::with_capacity(PLANS.len()),
        by_id: foldhash::HashMap::with_capacity_and_hasher(PLANS.len(), Default::default()),
        by_code: foldhash::HashMap::default(),
    };
    for (index, data) in PLANS.iter().enumerate() {
        tables.plans.push(Plan {
            data,
            compiled: OnceLock::new(),
            formats: OnceLock::new(),
        });
        // "001" names every non-geographic code; it is no region.
        if data.id != "001" {
            tables.by_id.insert(data.id, index);
        }
        tables.by_code.entry(data.code).or_default().push(index);
    }
    tables
}

fn anchored(pattern: &str) -> String {
    format!("^(?:{pattern})")
}

fn regex(pattern: &str) -> Option<Regex> {
    metadata_regex(&anchored(pattern))
}

/// Compiles a metadata pattern as the crate does, with whitespace ignored.
fn metadata_regex(pattern: &str) -> Option<Regex> {
    ascii_first(|unicode| {
        RegexBuilder::new(pattern)
            .ignore_whitespace(true)
            .unicode(unicode)
            .build()
    })
}

/// A set of metadata patterns, compiled as [`metadata_regex`] does.
fn set_of(patterns: &[String]) -> Option<RegexSet> {
    ascii_first(|unicode| {
        RegexSetBuilder::new(patterns)
            .ignore_whitespace(true)
            .unicode(unicode)
            .build()
    })
}

/// Builds with Unicode classes off, and on only if that fails.
///
/// The numbers matched are ASCII digits (see `normalise`), so `\d` as
/// `[0-9]` matches the same as `\d` as every digit of every script, and
/// compiles many times faster and smaller. A pattern that needs Unicode
/// mode is compiled in it.
fn ascii_first<T, E>(build: impl Fn(bool) -> Result<T, E>) -> Option<T> {
    build(false).or_else(|_| build(true)).ok()
}

fn compile(data: &PlanData) -> Compiled {
    let all = std::iter::once(&data.general).chain(data.typed.iter().map(|(_, x)| x));
    let patterns: Vec<String> = all.clone().map(|x| anchored(x.national_number)).collect();
    let pattern_of = |line: LineType| {
        let mut found = data.typed.iter().filter(|(l, _)| *l == line);
        found.next().map(|(_, x)| x.national_number)
    };
    Compiled {
        set: set_of(&patterns),
        lengths: all.map(|x| x.lengths).collect(),
        kinds: data.typed.iter().map(|(line, _)| *line).collect(),
        fixed_is_mobile: pattern_of(LineType::FixedLine) == pattern_of(LineType::Mobile),
        leading: data.leading_digits.and_then(regex),
    }
}

impl Plan {
    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| compile(self.data))
    }
}

/// A region's number formats, compiled. Formats whose patterns do not
/// compile are left out.
fn compile_formats(data: &'static PlanData) -> Vec<NumberFormat> {
    let whole = |p: &str| metadata_regex(&format!("^(?:{p})$"));
    data.formats
        .iter()
        .filter_map(|f| {
            let leading = match f.leading {
                Some(p) => Some(regex(p)?),
                None => None,
            };
            Some(NumberFormat {
                leading,
                pattern: whole(f.pattern)?,
                format: f.format,
            })
        })
        .collect()
}

impl Compiled {
    /// The line type of a national significant number; `Unknown` when the
    /// plan does not know it, which makes the number invalid.
    fn line_type(&self, nsn: &str) -> LineType {
        let length = u16::try_from(nsn.len()).unwrap_or(u16::MAX);
        let fits = |slot: usize| {
            self.lengths
                .get(slot)
                .is_some_and(|l| l.is_empty() || l.contains(&length))
        };
        // Most wrong numbers fail on length alone; skip the regexes then.
        let Some(set) = self.set.as_ref().filter(|_| fits(0)) else {
            return LineType::Unknown;
        };
        let matched = set.matches(nsn);
        let hit = |slot: usize| fits(slot) && matched.matched(slot);
        if !hit(0) {
            return LineType::Unknown;
        }

        let mut found = self.kinds.iter().enumerate().filter(|(i, _)| hit(i + 1));
        match found.next().map(|(_, line)| *line) {
            Some(LineType::FixedLine) => {
                let mobile = found.any(|(_, line)| *line == LineType::Mobile);
                if self.fixed_is_mobile || mobile {
                    LineType::FixedLineOrMobile
                } else {
                    LineType::FixedLine
                }
            }
            Some(line) => line,
            None => LineType::Unknown,
        }
    }
}

/// Whether `code` is a country calling code the metadata knows.
pub(super) fn has_code(code: u16) -> bool {
    tables().by_code.contains_key(&code)
}

/// The plan of a region id ("GB"), when the metadata has one.
pub(super) fn by_id(id: &str) -> Option<PlanRef> {
    let t = tables();
    t.plans.get(*t.by_id.get(id)?).map(PlanRef)
}

/// The main plan of a country code (GB for 44, US for 1).
pub(super) fn main_for(code: u16) -> Option<PlanRef> {
    let t = tables();
    t.plans.get(*t.by_code.get(&code)?.first()?).map(PlanRef)
}

/// Which region's plan judges `nsn` under `code`, and the line type it
/// gives (`Unknown` = invalid); `None` when no region claims the number.
pub(super) fn classify(code: u16, nsn: &str) -> Option<(PlanRef, LineType)> {
    let t = tables();
    let candidates = t.by_code.get(&code)?;
    if let [only] = candidates.as_slice() {
        let plan = t.plans.get(*only)?;
        return Some((PlanRef(plan), plan.compiled().line_type(nsn)));
    }

    // Shared codes: the first region whose leading digits match decides
    // (even when the number is not valid there), else the first region
    // where the number is valid.
    for &index in candidates {
        let plan = t.plans.get(index)?;
        let compiled = plan.compiled();
        let line = match &compiled.leading {
            Some(leading) if leading.is_match(nsn) => compiled.line_type(nsn),
            Some(_) => continue,
            None => compiled.line_type(nsn),
        };
        if compiled.leading.is_some() || line != LineType::Unknown {
            return Some((PlanRef(plan), line));
        }
    }
    None
}

impl PlanRef {
    /// The region id ("GB"), or `None` for non-geographic codes.
    pub(super) fn region(self) -> Option<&'static str> {
        let id = self.0.data.id;
        (id != "001").then_some(id)
    }

    /// The national (trunk) prefix, e.g. "0"; `None` where there is none.
    pub(super) fn national_prefix(self) -> Option<&'static str> {
        self.0.data.national_prefix.filter(|p| !p.is_empty())
    }

    /// The country calling code.
    pub(super) fn country_code(self) -> u16 {
        self.0.data.code
    }

    /// The region's international number formats, compiled once.
    pub(super) fn formats(self) -> &'static [NumberFormat] {
        let plan = self.0;
        plan.formats.get_or_init(|| compile_formats(plan.data))
    }
}

#[cfg(test)]
mod tests {
    //! The differential test: the fast path against the crate itself.
    use super::*;
    use phonenumber::metadata::{Descriptor, DATABASE};
    use phonenumber::{Metadata, PhoneNumber, Type};

    /// The crate's number for exactly (`code`, `nsn`), built without its
    /// parser, which would strip a leading national prefix again.
    fn crate_number(code: u16, nsn: &str) -> Option<PhoneNumber> {
        let zeros = nsn.bytes().take_while(|&b| b == b'0').count() as u64;
        let rest = nsn.trim_start_matches('0');
        let value: u64 = if rest.is_empty() {
            0
        } else {
            rest.parse().ok()?
        };
        if value >= 1 << 56 {
            return None;
        }
        let json = serde_json::json!({
            "code": { "value": code, "source": "plus" },
            "national": { "value": (zeros << 56) | value },
            "extension": null,
            "carrier": null,
        });
        serde_json::from_value(json).ok()
    }

    fn ours(kind: Type) -> LineType {
        match kind {
            Type::FixedLine => LineType::FixedLine,
            Type::Mobile => LineType::Mobile,
            Type::FixedLineOrMobile => LineType::FixedLineOrMobile,
            Type::TollFree => LineType::TollFree,
            Type::PremiumRate => LineType::PremiumRate,
            Type::SharedCost => LineType::SharedCost,
            Type::PersonalNumber => LineType::PersonalNumber,
            Type::Voip => LineType::Voip,
            Type::Pager => LineType::Pager,
            Type::Uan => LineType::Uan,
            Type::Voicemail => LineType::Voicemail,
            _ => LineType::Unknown,
        }
    }

    /// Example numbers of every type of a region.
    fn examples(meta: &Metadata) -> Vec<String> {
        let d = meta.descriptors();
        let all = [
            Some(d.general()),
            d.fixed_line(),
            d.mobile(),
            d.toll_free(),
            d.premium_rate(),
            d.shared_cost(),
            d.personal_number(),
            d.voip(),
            d.pager(),
            d.uan(),
            d.voicemail(),
            d.emergency(),
            d.short_code(),
        ];
        all.into_iter()
            .flatten()
            .filter_map(|x| x.example().map(str::to_owned))
            .collect()
    }

    /// The example and its near misses: changed last and first digits,
    /// a digit too few or too many, a leading zero or trunk prefix.
    fn variations(example: &str, trunk: Option<&str>) -> Vec<String> {
        let mut out = vec![example.to_owned()];
        let (head, last) = example.split_at(example.len().saturating_sub(1));
        let (first, tail) = example.split_at(example.len().min(1));
        for digit in '0'..='9' {
            out.push(format!("{head}{digit}"));
            out.push(format!("{digit}{tail}"));
            out.push(format!("{example}{digit}"));
            out.push(format!("{first}{digit}{tail}"));
        }
        out.push(head.to_owned());
        out.push(format!("0{example}"));
        out.push(format!(
            "{}{last}",
            head.get(..head.len().saturating_sub(1)).unwrap_or("")
        ));
        if let Some(trunk) = trunk {
            out.push(format!("{trunk}{example}"));
        }
        out.retain(|nsn| !nsn.is_empty());
        out
    }

    fn pattern_of(d: &Descriptor) -> (&str, &[u16]) {
        (d.national_number().as_str(), d.possible_length())
    }

    fn data_of(d: &PatternData) -> (&str, &[u16]) {
        (d.national_number, d.lengths)
    }

    /// The build script's table holds what the crate holds, region by
    /// region, in the crate's order within each country code.
    #[test]
    fn table_matches_the_crate() {
        let database: &'static phonenumber::metadata::Database = &DATABASE;
        assert_eq!(PLANS.len(), database.iter().count());
        for data in PLANS {
            let metas = database.by_code(&data.code).unwrap_or_default();
            let t = tables();
            let order: Vec<&str> = t.by_code[&data.code].iter().map(|&i| PLANS[i].id).collect();
            let theirs: Vec<&str> = metas.iter().map(|m| m.id()).collect();
            assert_eq!(order, theirs, "+{}", data.code);

            let meta = metas.iter().find(|m| m.id() == data.id).unwrap();
            let d = meta.descriptors();
            assert_eq!(data.national_prefix, meta.national_prefix(), "{}", data.id);
            let leading = meta.leading_digits().map(|x| x.as_str());
            assert_eq!(data.leading_digits, leading, "{}", data.id);
            assert_eq!(data_of(&data.general), pattern_of(d.general()));
            let typed = [
                d.premium_rate(),
                d.toll_free(),
                d.shared_cost(),
                d.voip(),
                d.personal_number(),
                d.pager(),
                d.uan(),
                d.voicemail(),
                d.fixed_line(),
                d.mobile(),
            ];
            let theirs: Vec<_> = typed.into_iter().flatten().map(pattern_of).collect();
            let ours: Vec<_> = data.typed.iter().map(|(_, x)| data_of(x)).collect();
            assert_eq!(ours, theirs, "{}", data.id);

            let formats = match meta.international_formats() {
                [] => meta.formats(),
                found => found,
            };
            let theirs: Vec<_> = formats
                .iter()
                .map(|f| {
                    let leading = f.leading_digits().last().map(|x| x.as_str());
                    (leading, f.pattern().as_str(), f.format())
                })
                .collect();
            let ours: Vec<_> = data
                .formats
                .iter()
                .map(|f| (f.leading, f.pattern, f.format))
                .collect();
            assert_eq!(ours, theirs, "{}", data.id);
        }
    }

    #[test]
    fn fast_path_matches_the_crate() {
        let database: &'static phonenumber::metadata::Database = &DATABASE;
        let mut checked = 0;
        let mut valid = 0;
        for meta in database.iter() {
            for example in examples(meta) {
                for nsn in variations(&example, meta.national_prefix()) {
                    let code = meta.country_code();
                    let Some(number) = crate_number(code, &nsn) else {
                        continue;
                    };
                    let found = classify(code, &nsn);
                    let line = found.map_or(LineType::Unknown, |(_, line)| line);
                    let expected = ours(number.number_type(&DATABASE));
                    let expected_valid = phonenumber::is_valid(&number);
                    assert_eq!(line != LineType::Unknown, expected_valid, "+{code} {nsn}");
                    // The crate's `number_type` and `metadata` drop leading
                    // zeros (its `is_valid` keeps them, as we do), so they
                    // are comparable only for numbers without one.
                    if !nsn.starts_with('0') {
                        assert_eq!(line, expected, "+{code} {nsn}");
                        let region = number.metadata(&DATABASE).map(Metadata::id);
                        let ours = found.map(|(p, _)| p.0.data.id);
                        assert_eq!(ours, region, "+{code} {nsn}");
                    }
                    checked += 1;
                    valid += usize::from(expected_valid);
                }
            }
        }
        assert!(checked > 40_000, "only {checked} numbers generated");
        assert!(valid > 5_000, "only {valid} valid numbers generated");
    }
}
