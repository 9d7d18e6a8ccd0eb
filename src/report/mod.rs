//! The audit report: what every output (workbook, JSON, CSV) is written
//! from, and the writers themselves.
//!
//! The report is built fully sorted (see [`Report::sort`]), so every writer
//! only walks it in order and two runs over the same inputs agree byte for
//! byte whatever the thread count.

use std::borrow::Cow;
use std::sync::Arc;

use serde::Serialize;

use crate::catalog::Severity;
use crate::source::{InputIssue, Source};

/// The whole report of one run: one entry per tenant.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The tool that wrote it.
    pub tool: Tool,
    /// The `global-admin-count` profile in force (`cis`, `cisa`, `custom`).
    pub profile: String,
    /// The date the audit judged for, as `YYYY-MM-DD`.
    pub as_of: String,
    /// One entry per tenant, sorted by name.
    pub tenants: Vec<TenantReport>,
}

/// The name and version of the tool, recorded in every report.
#[derive(Clone, Debug, Serialize)]
pub struct Tool {
    /// Always `tenant-audit`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
}

impl Default for Tool {
    fn default() -> Tool {
        Tool {
            name: "tenant-audit",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// Everything found about one tenant.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TenantReport {
    /// The folder name, or the file stem for a single-file tenant.
    pub name: String,
    /// Every file and worksheet read, in name order.
    pub inputs: Vec<InputSummary>,
    /// Every admin (and, with `--all-users`, every audited user).
    pub admins: Vec<AdminSummary>,
    /// Findings, sorted by severity (critical first), UPN, rule.
    pub findings: Vec<Finding>,
    /// Rules that could not run for this tenant, with the reason.
    pub not_evaluated: Vec<NotEvaluated>,
    /// Damaged rows, cells, sheets and files.
    pub input_issues: Vec<InputIssue>,
    /// Every enabled user was audited (`--all-users`), not only admins:
    /// the workbook's words say "users". Not part of the JSON.
    #[serde(skip)]
    pub all_users: bool,
}

/// One file or worksheet read for a tenant.
#[derive(Clone, Debug, Serialize)]
pub struct InputSummary {
    /// File name relative to the tenant folder.
    pub file: Arc<str>,
    /// Worksheet name, for workbooks.
    pub sheet: Option<Arc<str>>,
    /// The parts it plays: `users`, `roles`, `registration`, `settings`,
    /// `carriers`. Empty when it plays none (an input issue says why).
    pub parts: Vec<&'static str>,
    /// Data rows read (header and preamble lines excluded).
    pub rows: u64,
    /// Data rows not taken into the model; each has an input issue.
    pub rows_rejected: u64,
    /// SHA-256 of the whole file, lowercase hex.
    pub sha256: String,
}

/// The audit's view of one admin (or user).
#[derive(Clone, Debug, Serialize)]
pub struct AdminSummary {
    /// The user principal name as the inputs spell it.
    pub upn: String,
    /// Display name, when an input has one.
    pub display_name: Option<String>,
    /// Whether the account can sign in; `None` when no input says.
    pub enabled: Option<bool>,
    /// Role names (canonical spelling), sorted; `(eligible)` marks PIM
    /// eligible assignments.
    pub roles: Vec<String>,
    /// Declared break-glass account.
    pub emergency: bool,
    /// Directory synchronisation service account: listed, not audited.
    pub service: bool,
    /// The number SSPR would text, internationally formatted when valid.
    pub effective_phone: Option<String>,
    /// The alternate email SSPR would write to.
    pub alternate_email: Option<String>,
    /// Usable reset methods (unknown ones not counted).
    pub usable_methods: u32,
    /// `ready`, `at-risk` or `cannot-reset`.
    pub verdict: Verdict,
}

/// Whether an admin can reset their own password.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// No finding of severity medium or above.
    Ready,
    /// A finding of severity medium or above, but a reset can succeed.
    AtRisk,
    /// Fires `recovery-methods-insufficient`.
    CannotReset,
}

impl Verdict {
    /// The kebab-case name used in every report.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::AtRisk => "at-risk",
            Verdict::CannotReset => "cannot-reset",
        }
    }
}

/// One rule firing for one admin, or for the tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule id.
    pub rule: &'static str,
    /// The severity in force (default or configured).
    pub severity: Severity,
    /// The admin; `None` for tenant rules.
    pub upn: Option<String>,
    /// What is wrong, in words. Never holds personal data: that goes in
    /// `value` and `suggested_fix`, which `--mask` masks. Mostly a fixed
    /// text, borrowed rather than copied into each of many findings.
    pub message: Cow<'static, str>,
    /// The offending value as the input had it.
    pub value: Option<String>,
    /// The value the admin should set instead, when the tool can tell.
    pub suggested_fix: Option<String>,
    /// The input row the value came from.
    pub source: Option<Source>,
}

/// A rule that could not run for a tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotEvaluated {
    /// The rule id.
    pub rule: &'static str,
    /// Why it could not run.
    pub reason: String,
}

impl Finding {
    /// The sort key of the report order: severity (critical first), UPN
    /// (tenant findings first), rule, then source and value so that ties
    /// still sort the same way in every run. It borrows from the finding:
    /// a UPN is copied only when it is not lowercase already.
    #[allow(clippy::type_complexity)]
    pub(crate) fn order_key(
        &self,
    ) -> (
        std::cmp::Reverse<Severity>,
        Option<Cow<'_, str>>,
        &'static str,
        Option<&Source>,
        Option<&str>,
    ) {
        (
            std::cmp::Reverse(self.severity),
            self.upn.as_deref().map(crate::values::lowercase),
            self.rule,
            self.source.as_ref(),
            self.value.as_deref(),
        )
    }
}

/// The positions of `items` in the order of a key that borrows from them:
/// each key is built once, and equal keys keep their order. See
/// [`put_in_order`].
pub(crate) fn order_by<'a, T, K>(items: &'a [T], key: impl Fn(&'a T) -> K + Sync) -> Vec<usize>
where
    T: Sync,
    K: Ord + Send,
{
    use rayon::prelude::*;

    // Below this many entries the threads cost more than they save.
    const PARALLEL: usize = 20_000;
    // The position makes every key unique, so the unstable sorts give one
    // order whatever the thread count.
    if items.len() < PARALLEL {
        let mut keyed: Vec<(K, usize)> = items.iter().map(key).zip(0..).collect();
        keyed.sort_unstable();
        return keyed.into_iter().map(|(_, at)| at).collect();
    }
    let keys = items.par_iter().enumerate();
    let mut keyed: Vec<(K, usize)> = keys.map(|(at, item)| (key(item), at)).collect();
    keyed.par_sort_unstable();
    keyed.into_par_iter().map(|(_, at)| at).collect()
}

/// Moves `items` into `order`, a permutation of their positions, in
/// place: by swaps, with no second copy of the items.
pub(crate) fn put_in_order<T>(items: &mut [T], mut order: Vec<usize>) {
    assert_eq!(items.len(), order.len(), "the order must cover every item");
    for i in 0..order.len() {
        // Items before `i` are in place; one that was at `order[i]` may have
        // been swapped away since, so follow where it went.
        let mut at = order[i];
        while at < i {
            at = order[at];
        }
        order[i] = at;
        items.swap(i, at);
    }
}

impl Report {
    /// Puts every list in report order: tenants by name, findings by
    /// severity, UPN and rule, admins by UPN, inputs by file and sheet,
    /// issues by position. Writers rely on this order.
    pub fn sort(&mut self) {
        self.sort_tenants();
        for tenant in &mut self.tenants {
            tenant.sort();
        }
    }

    /// Puts the tenants in order by name, leaving each tenant's lists as
    /// they are: for a report whose tenants were each sorted already.
    pub fn sort_tenants(&mut self) {
        self.tenants.sort_by(|a, b| a.name.cmp(&b.name));
    }
}

impl TenantReport {
    /// Puts this tenant's lists in report order (see [`Report::sort`]).
    pub fn sort(&mut self) {
        use rayon::prelude::*;

        // The audit gives both lists in order as a rule (see
        // `rules::audit`), which one pass confirms without allocating.
        // Otherwise each key is built once per entry, not once per
        // comparison.
        const SPLIT: usize = 4096;
        let findings = self.findings.par_windows(2).with_min_len(SPLIT);
        if !findings.all(|pair| pair[0].order_key() <= pair[1].order_key()) {
            let order = order_by(&self.findings, Finding::order_key);
            put_in_order(&mut self.findings, order);
        }
        let admins = self.admins.par_windows(2).with_min_len(SPLIT);
        let lowercase = crate::values::lowercase;
        if !admins.all(|pair| lowercase(&pair[0].upn) <= lowercase(&pair[1].upn)) {
            let order = order_by(&self.admins, |a| crate::values::lowercase(&a.upn));
            put_in_order(&mut self.admins, order);
        }
        self.inputs
            .sort_by(|a, b| (&a.file, &a.sheet).cmp(&(&b.file, &b.sheet)));
        self.input_issues.sort();
        self.not_evaluated.sort_by(|a, b| a.rule.cmp(b.rule));
    }
}

pub mod actions;
pub mod atomic;
pub mod csv;
pub mod json;
pub mod mask;
pub mod verdict;
pub mod xlsx;

impl Report {
    /// Whether any finding reaches `level` (for `--fail-on`).
    pub fn reaches(&self, level: Severity) -> bool {
        let findings = self.tenants.iter().flat_map(|t| &t.findings);
        findings.into_iter().any(|f| f.severity >= level)
    }

    /// The one-line summary printed on stderr at the end of a run.
    pub fn summary_line(&self) -> String {
        let admins = self.tenants.iter().flat_map(|t| &t.admins);
        let mut verdicts = [0usize; 3];
        for admin in admins {
            verdicts[admin.verdict as usize] += 1;
        }
        let findings: Vec<&Finding> = self.tenants.iter().flat_map(|t| &t.findings).collect();
        let by_severity: Vec<String> = Severity::ALL
            .iter()
            .map(|s| (s, findings.iter().filter(|f| f.severity == *s).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        let issues: usize = self.tenants.iter().map(|t| t.input_issues.len()).sum();
        format!(
            "{} tenant(s), {} admin(s): {} cannot reset, {} at risk, {} \
             ready; {} finding(s){}; {} input issue(s)",
            self.tenants.len(),
            verdicts.iter().sum::<usize>(),
            verdicts[2],
            verdicts[1],
            verdicts[0],
            findings.len(),
            if by_severity.is_empty() {
                String::new()
            } else {
                format!(" ({})", by_severity.join(", "))
            },
            issues
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every permutation of `0..n`, by Heap's algorithm.
    fn permutations(n: usize) -> Vec<Vec<usize>> {
        fn heap(k: usize, items: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if k <= 1 {
                out.push(items.clone());
                return;
            }
            for i in 0..k {
                heap(k - 1, items, out);
                let j = if k % 2 == 0 { i } else { 0 };
                items.swap(j, k - 1);
            }
        }
        let mut out = Vec::new();
        heap(n, &mut (0..n).collect(), &mut out);
        out
    }

    #[test]
    fn put_in_order_applies_every_permutation() {
        for n in 0..=6 {
            for order in permutations(n) {
                let mut items: Vec<String> = (0..n).map(|i| format!("item {i}")).collect();
                let expected: Vec<String> = order.iter().map(|&at| items[at].clone()).collect();
                put_in_order(&mut items, order.clone());
                assert_eq!(items, expected, "order {order:?}");
            }
        }
    }

    #[test]
    fn order_by_is_stable_and_the_same_on_either_side_of_the_parallel_size() {
        // Keys with many ties: equal keys keep their positions' order.
        for len in [10, 30_000] {
            let items: Vec<u32> = (0..len).map(|i| (i * 7919) % 13).collect();
            let order = order_by(&items, |x| *x);
            let mut expected: Vec<usize> = (0..items.len()).collect();
            expected.sort_by_key(|&at| items[at]);
            assert_eq!(order, expected, "{len} items");
        }
    }
}
