//! libphonenumber's INTERNATIONAL format (`+81 90-1234-5678`) from the
//! metadata's number formats, compiled once per region (see
//! [`super::plan`]): every effective phone in a report is formatted, so the
//! crate's small shared regex cache would thrash here.

use super::plan::{NumberFormat, PlanRef};

/// Formats `nsn` the way the region writes it internationally; the bare
/// digits when no format fits.
pub(super) fn international(plan: PlanRef, nsn: &str) -> String {
    let grouped = plan
        .formats()
        .iter()
        .find(|f| fits(f, nsn))
        .map(|f| f.pattern.replace(nsn, f.format).into_owned());
    format!(
        "+{} {}",
        plan.country_code(),
        grouped.as_deref().unwrap_or(nsn)
    )
}

/// Whether a format applies to `nsn`.
fn fits(format: &NumberFormat, nsn: &str) -> bool {
    let leading = format.leading.as_ref().is_none_or(|p| p.is_match(nsn));
    leading && format.pattern.is_match(nsn)
}
