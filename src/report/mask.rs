//! `--mask`: hides personal data in a [`Report`] before any writer sees
//! it, so every output (workbook, JSON, CSV) is masked the same way.
//!
//! Phones keep the `+` and country code and the last two digits
//! (`+44 7400 123456` becomes `+44 ********56`); emails keep the first
//! letter of the local part and the whole domain (`a***@example.org`).
//! Masks use `*` so reports stay ASCII. UPNs are not masked: they identify
//! the admins the report is about.

use std::collections::HashSet;
use std::ops::Range;

use super::{Report, TenantReport};

/// Masks the personal data of every tenant of `report` in place.
///
/// Masked: each finding's `value` and `suggested_fix`, each admin's
/// `effective_phone` and `alternate_email` (with [`value`]), and the free
/// text of finding messages and input issues (message and column, which
/// may quote cells) with [`text`], except that an email address equal to
/// one of the tenant's UPNs is left as it is.
pub fn mask(report: &mut Report) {
    for tenant in &mut report.tenants {
        mask_tenant(tenant);
    }
}

fn mask_tenant(tenant: &mut TenantReport) {
    let upns: HashSet<String> = tenant
        .admins
        .iter()
        .map(|admin| admin.upn.as_str())
        .chain(tenant.findings.iter().filter_map(|f| f.upn.as_deref()))
        .map(str::to_lowercase)
        .collect();
    let keep = |address: &str| upns.contains(&address.to_lowercase());

    for admin in &mut tenant.admins {
        mask_option(&mut admin.effective_phone);
        mask_option(&mut admin.alternate_email);
    }
    for finding in &mut tenant.findings {
        mask_option(&mut finding.value);
        mask_option(&mut finding.suggested_fix);
        finding.message = text_keeping(&finding.message, &keep).into();
    }
    for issue in &mut tenant.input_issues {
        issue.message = text_keeping(&issue.message, &keep);
        if let Some(column) = &mut issue.column {
            *column = text_keeping(column, &keep);
        }
    }
}

fn mask_option(field: &mut Option<String>) {
    if let Some(raw) = field {
        *raw = value(raw);
    }
}

/// Masks one cell value: an email address with [`email`], a phone number
/// with [`phone`], anything else with [`text`] (so a type name such as
/// `System.String[]` stays as it is).
pub fn value(s: &str) -> String {
    let trimmed = s.trim();
    let separated = |c: char| c.is_whitespace() || c == ',' || c == ';';

    if trimmed.contains('@') && !trimmed.contains(separated) {
        email(trimmed)
    } else if is_phone_like(trimmed) {
        phone(trimmed)
    } else {
        text(s)
    }
}

/// Masks a phone number: a `+` and its country code are kept, then every
/// digit but the last two becomes `*` (`+44 7400 123456` gives
/// `+44 ********56`, `07400 123456` gives `*********56`).
///
/// Separators are dropped, so the mask does not reveal the number's
/// layout. A number of four digits or fewer (after the country code) is
/// masked entirely, since two of its digits would be half of it. Text
/// without digits is returned as it is.
pub fn phone(s: &str) -> String {
    let trimmed = s.trim();
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return s.to_string();
    }

    match trimmed.strip_prefix('+') {
        Some(rest) => {
            let code = country_code(rest);
            let national = digits.get(code.len()..).unwrap_or("");
            let space = if code.is_empty() { "" } else { " " };
            format!("+{code}{space}{}", keep_last_two(national))
        }
        None => keep_last_two(&digits),
    }
}

/// Masks an email address: the first character of the local part and the
/// whole domain are kept (`ada.lovelace@example.org` gives
/// `a***@example.org`). Text without `@` is returned as it is.
pub fn email(s: &str) -> String {
    let trimmed = s.trim();
    match trimmed.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => s.to_string(),
    }
}

/// Masks the personal data inside free text: every email address (with
/// [`email`]) and every phone-like run of five or more digits, which may
/// be split by spaces, dashes, dots, slashes and brackets (with
/// [`phone`]).
///
/// Dates (`2026-12-03`, `03/12/2026`) and digits inside words (`Sheet12345`,
/// hashes) are left alone, as is everything else.
pub fn text(s: &str) -> String {
    text_keeping(s, &|_| false)
}

/// [`text`], leaving the email addresses for which `keep` holds.
fn text_keeping(s: &str, keep: &dyn Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut done = 0;

    for span in email_spans(s) {
        out.push_str(&mask_phones(s.get(done..span.start).unwrap_or("")));
        let address = s.get(span.clone()).unwrap_or("");
        if keep(address) {
            out.push_str(address);
        } else {
            out.push_str(&email(address));
        }
        done = span.end;
    }

    out.push_str(&mask_phones(s.get(done..).unwrap_or("")));
    out
}

/// The country calling code at the start of `rest` (the text after `+`):
/// the digits before the first separator when the number was typed with
/// one, else the prefix the numbering plan knows (country codes are a
/// prefix code, so at most one prefix matches). Empty when neither works.
fn country_code(rest: &str) -> String {
    let lead: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let separated = rest.len() > lead.len();
    if separated && (1..=3).contains(&lead.len()) {
        return lead;
    }

    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    (1..=3)
        .filter_map(|len| digits.get(..len))
        .find(|prefix| {
            prefix
                .parse::<u16>()
                .is_ok_and(crate::phone::is_country_code)
        })
        .unwrap_or("")
        .to_string()
}

/// Stars for every digit but the last two; all stars for four or fewer.
fn keep_last_two(digits: &str) -> String {
    let count = digits.chars().count();
    if count <= 4 {
        return "*".repeat(count);
    }
    let tail: String = digits.chars().skip(count - 2).collect();
    format!("{}{tail}", "*".repeat(count - 2))
}

/// Whether a whole value is a phone number: digits and the separators
/// people type between them, with at least three digits.
fn is_phone_like(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && s.chars()
            .all(|c| c.is_ascii_digit() || is_phone_separator(c))
}

fn is_phone_separator(c: char) -> bool {
    matches!(c, ' ' | '+' | '-' | '.' | '(' | ')' | '/')
}

/// The byte ranges of the email addresses in `s`, in order: a run of
/// local-part characters, `@`, and a run of domain characters.
fn email_spans(s: &str) -> Vec<Range<usize>> {
    let is_local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let is_domain = |c: char| c.is_alphanumeric() || c == '.' || c == '-';
    let mut spans = Vec::new();
    let mut floor = 0;

    for (at, _) in s.match_indices('@') {
        let before = s.get(floor..at).unwrap_or("");
        let local = before.len() - trailing_len(before, is_local);
        let after = s.get(at + 1..).unwrap_or("");
        let domain = after.get(..leading_len(after, is_domain)).unwrap_or("");
        let domain = domain.trim_end_matches(['.', '-']);

        if at >= floor && local < before.len() && !domain.is_empty() {
            let end = at + 1 + domain.len();
            spans.push(floor + local..end);
            floor = end;
        }
    }
    spans
}

/// The byte length of the longest prefix of `s` whose chars satisfy `f`.
fn leading_len(s: &str, f: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|&(_, c)| !f(c))
        .map_or(s.len(), |(i, _)| i)
}

/// The byte length of the longest suffix of `s` whose chars satisfy `f`.
fn trailing_len(s: &str, f: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .rev()
        .take_while(|&(_, c)| f(c))
        .last()
        .map_or(0, |(i, _)| s.len() - i)
}

/// `s` with every phone-like run of five or more digits masked.
fn mask_phones(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;

    while i < chars.len() {
        if !starts_number(&chars, i) {
            out.extend(chars.get(i));
            i += 1;
            continue;
        }

        // Dates are not personal data, and messages cite them often.
        let (len, digits) = match date_len(&chars, i) {
            Some(len) => (len, 0),
            None => number_run(&chars, i),
        };
        let run: String = chars.iter().skip(i).take(len).collect();
        if digits >= 5 {
            out.push_str(&phone(&run));
        } else {
            out.push_str(&run);
        }
        i += len.max(1);
    }
    out
}

/// Whether a number starts at `i`: a digit, or `+` or `(` before a digit,
/// not inside a word (so `Sheet12345` and hashes are left alone).
fn starts_number(chars: &[char], i: usize) -> bool {
    let word_before = i
        .checked_sub(1)
        .and_then(|p| chars.get(p))
        .is_some_and(|&c| c.is_alphanumeric() || c == '_');
    let digit_at = |j: usize| chars.get(j).is_some_and(char::is_ascii_digit);

    !word_before
        && match chars.get(i) {
            Some('+' | '(') => digit_at(i + 1),
            Some(_) => digit_at(i),
            None => false,
        }
}

/// The length of the number run at `start` (ending on its last digit)
/// and its digit count. At most two separators may stand between digits.
fn number_run(chars: &[char], start: usize) -> (usize, usize) {
    let (mut end, mut digits, mut gap) = (start, 0, 0);

    for (j, &c) in chars.iter().enumerate().skip(start) {
        if c.is_ascii_digit() {
            (end, digits, gap) = (j + 1, digits + 1, 0);
        } else if is_phone_separator(c) && gap < 2 && (c != '+' || j == start) {
            gap += 1;
        } else {
            break;
        }
    }
    (end - start, digits)
}

/// The length of a date at `start` (`2026-12-03`, `3/12/2026`,
/// `03.12.2026`), when one is there.
fn date_len(chars: &[char], start: usize) -> Option<usize> {
    // A date in brackets is still a date: step over the bracket.
    let offset = usize::from(chars.get(start) == Some(&'('));
    let token: String = chars
        .iter()
        .skip(start + offset)
        .take_while(|&&c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.'))
        .collect();
    let token = token.trim_end_matches(['-', '/', '.']);
    let sep = token.chars().find(|c| !c.is_ascii_digit())?;

    let groups: Vec<usize> = token.split(sep).map(str::len).collect();
    let all_digits = token
        .split(sep)
        .all(|g| g.chars().all(|c| c.is_ascii_digit()));
    let short = |n: &usize| (1..=2).contains(n);
    let is_date = all_digits
        && match groups.as_slice() {
            [4, m, d] => short(m) && short(d),
            [d, m, 4] => short(d) && short(m),
            _ => false,
        };
    is_date.then(|| offset + token.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Severity;
    use crate::report::{AdminSummary, Finding, Tool, Verdict};
    use crate::source::{InputIssue, Origin};

    #[test]
    fn phones_keep_country_code_and_last_two_digits() {
        assert_eq!(phone("+44 7400 123456"), "+44 ********56");
        assert_eq!(phone("+1 (425) 555-0100"), "+1 ********00");
        assert_eq!(phone("+44 (0)7400 123456"), "+44 *********56");
    }

    #[test]
    fn phones_without_separators_find_the_country_code() {
        assert_eq!(phone("+447400123456"), "+44 ********56");
        assert_eq!(phone("+81901234567"), "+81 *******67");
        assert_eq!(phone("+14255550100"), "+1 ********00");
    }

    #[test]
    fn phones_without_plus_keep_only_the_last_two_digits() {
        assert_eq!(phone("07400 123456"), "*********56");
        assert_eq!(phone(" 555-0100 "), "*****00");
    }

    #[test]
    fn short_numbers_are_masked_entirely() {
        assert_eq!(phone("1234"), "****");
        assert_eq!(phone("+44 12"), "+44 **");
        assert_eq!(phone("12345"), "***45");
    }

    #[test]
    fn phone_leaves_text_without_digits() {
        assert_eq!(phone("System.String[]"), "System.String[]");
        assert_eq!(phone(""), "");
    }

    #[test]
    fn emails_keep_first_letter_and_domain() {
        assert_eq!(email("ada.lovelace@example.org"), "a***@example.org");
        assert_eq!(email(" x@contoso.com "), "x***@contoso.com");
        assert_eq!(email("@example.org"), "***@example.org");
        assert_eq!(email("not an email"), "not an email");
    }

    #[test]
    fn values_are_masked_by_kind() {
        assert_eq!(value("ada@example.org"), "a***@example.org");
        assert_eq!(value("+44 7400 123456"), "+44 ********56");
        assert_eq!(value("System.String[]"), "System.String[]");
        assert_eq!(value("True"), "True");
        assert_eq!(
            value("ada@example.org; bob@example.net"),
            "a***@example.org; b***@example.net"
        );
    }

    #[test]
    fn text_masks_embedded_emails_and_phones() {
        assert_eq!(
            text("cell \"ada@example.org\" and +44 7400 123456."),
            "cell \"a***@example.org\" and +44 ********56."
        );
        assert_eq!(text("call 07400123456 now"), "call *********56 now");
        assert_eq!(text("(020) 7946 0000"), "*********00");
    }

    #[test]
    fn text_leaves_dates_counts_and_words() {
        let plain = "row 14 of 1200 rows; retire on 2027-02-01 \
                     (03/12/2026); Sheet12345 hash ab12345; v0.1.0";
        assert_eq!(text(plain), plain);
        assert_eq!(text("2026-12-03 10:30"), "2026-12-03 10:30");
    }

    fn finding(upn: &str, message: &str, value: &str) -> Finding {
        Finding {
            rule: "phone-shared",
            severity: Severity::Medium,
            upn: Some(upn.into()),
            message: message.to_string().into(),
            value: Some(value.into()),
            suggested_fix: Some("+81 9012345678".into()),
            source: None,
        }
    }

    fn admin(upn: &str) -> AdminSummary {
        AdminSummary {
            upn: upn.into(),
            display_name: Some("Ada".into()),
            enabled: Some(true),
            roles: vec![],
            emergency: false,
            service: false,
            effective_phone: Some("+44 7400 123456".into()),
            alternate_email: Some("ada.lovelace@example.org".into()),
            usable_methods: 2,
            verdict: Verdict::Ready,
        }
    }

    #[test]
    fn mask_covers_every_personal_field_but_upns() {
        let origin = Origin::file("users.csv");
        let mut report = Report {
            tool: Tool::default(),
            profile: "cis".into(),
            as_of: "2026-12-03".into(),
            tenants: vec![TenantReport {
                name: "contoso".into(),
                admins: vec![admin("ada@contoso.com")],
                findings: vec![finding(
                    "ada@contoso.com",
                    "shared with bob@contoso.com and ada@contoso.com",
                    "+81 090-1234-5678",
                )],
                input_issues: vec![InputIssue::at(
                    &origin,
                    4,
                    Some("mobile".into()),
                    "cannot read \"+44 7400 123456\"",
                )],
                ..TenantReport::default()
            }],
        };

        mask(&mut report);

        let tenant = &report.tenants[0];
        let admin = &tenant.admins[0];
        assert_eq!(admin.upn, "ada@contoso.com");
        assert_eq!(admin.effective_phone.as_deref(), Some("+44 ********56"));
        assert_eq!(admin.alternate_email.as_deref(), Some("a***@example.org"));
        let finding = &tenant.findings[0];
        assert_eq!(finding.upn.as_deref(), Some("ada@contoso.com"));
        assert_eq!(finding.value.as_deref(), Some("+81 *********78"));
        assert_eq!(finding.suggested_fix.as_deref(), Some("+81 ********78"));
        assert_eq!(
            finding.message,
            "shared with b***@contoso.com and ada@contoso.com"
        );
        let issue = &tenant.input_issues[0];
        assert_eq!(issue.message, "cannot read \"+44 ********56\"");
        assert_eq!(issue.column.as_deref(), Some("mobile"));
    }
}
