//! libphonenumber's INTERNATIONAL format (`+81 90-1234-5678`) from the
//! metadata's number formats. Used for messages only, so it goes through
//! the crate's own (cached) regexes rather than the fast path.

use phonenumber::metadata::Format;

use super::plan::PlanRef;

/// Formats `nsn` the way the region writes it internationally; the bare
/// digits when no format fits.
pub(super) fn international(plan: PlanRef, nsn: &str) -> String {
    let meta = plan.meta();
    let formats = match meta.international_formats() {
        [] => meta.formats(),
        found => found,
    };
    let grouped = formats
        .iter()
        .find(|f| fits(f, nsn))
        .map(|f| f.pattern().replace(nsn, f.format()).into_owned());
    format!(
        "+{} {}",
        plan.country_code(),
        grouped.as_deref().unwrap_or(nsn)
    )
}

/// A format applies when the last (most specific) of its leading-digit
/// patterns matches the start and its pattern matches the whole number.
fn fits(format: &Format, nsn: &str) -> bool {
    let leading = format
        .leading_digits()
        .last()
        .is_none_or(|p| p.find(nsn).is_some_and(|m| m.start() == 0));
    let whole = format
        .pattern()
        .find(nsn)
        .is_some_and(|m| m.start() == 0 && m.end() == nsn.len());
    leading && whole
}
