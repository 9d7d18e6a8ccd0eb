//! The contact rules for one account: alternate email, effective phone,
//! registration, and whether two usable reset methods remain (the
//! two-gate policy for admins).

use std::borrow::Cow;
use std::cell::RefCell;

use crate::catalog::{self, Severity};
use crate::model::{Account, Known, Method, Tenant};
use crate::phone::{self, Analysis, LineType, LookupLine};
use crate::report::{Finding, NotEvaluated};
use crate::rules::{Person, RuleSettings};
use crate::source::Source;
use crate::values;

/// Whether a reset method works, as far as the inputs tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usable {
    /// It works.
    Yes,
    /// It does not (absent, malformed, or cannot receive texts).
    No,
    /// The inputs do not say.
    Unknown,
}

/// Which rule groups had the data they need for at least one account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evaluated {
    /// An alternate email was known (set or missing).
    pub email: bool,
    /// An effective phone was known (set or missing).
    pub phone: bool,
    /// A registration report covered the account.
    pub registration: bool,
    /// A carrier lookup covered the account's phone.
    pub carrier: bool,
    /// Any account was audited.
    pub any: bool,
}

impl Evaluated {
    /// Adds another account's coverage.
    pub fn add(&mut self, other: &Evaluated) {
        self.email |= other.email;
        self.phone |= other.phone;
        self.registration |= other.registration;
        self.carrier |= other.carrier;
        self.any |= other.any;
    }

    /// The contact rules no account could be evaluated for, with why.
    pub fn missing(
        &self,
        tenant: &Tenant,
        audited: usize,
        settings: &RuleSettings,
    ) -> Vec<NotEvaluated> {
        let none = "no enabled admin was audited";
        let carrier_reason = if tenant.coverage.carriers {
            "no carrier lookup covers an audited admin's phone"
        } else {
            "no carrier lookup in the inputs"
        };
        let groups: [(bool, &str, &[&'static str]); 5] = [
            (
                self.any,
                none,
                &[
                    catalog::RECOVERY_METHODS_INSUFFICIENT,
                    catalog::SMS_RETIREMENT_DEPENDENT,
                    catalog::VALUE_NOT_EXPORTED,
                ],
            ),
            (
                self.email,
                "no input holds an alternate email for any audited \
                          admin",
                &[
                    catalog::ALT_EMAIL_MISSING,
                    catalog::ALT_EMAIL_INVALID,
                    catalog::ALT_EMAIL_INTERNAL,
                ],
            ),
            (
                self.phone,
                "no input holds a phone for any audited admin",
                &[
                    catalog::PHONE_MISSING,
                    catalog::PHONE_NO_COUNTRY_CODE,
                    catalog::PHONE_TRUNK_PREFIX,
                    catalog::PHONE_INVALID,
                    catalog::PHONE_NOT_MOBILE,
                    catalog::PHONE_VOIP,
                    catalog::PHONE_LINE_UNVERIFIED,
                    catalog::PHONE_SMS_OPT_IN_REGION,
                    catalog::PHONE_EXTENSION,
                    catalog::PHONE_SHARED,
                ],
            ),
            (
                self.registration,
                "no registration report covers an audited \
                                 admin",
                &[catalog::SSPR_NOT_REGISTERED],
            ),
            (
                self.carrier,
                carrier_reason,
                &[catalog::PHONE_CARRIER_UNSUPPORTED],
            ),
        ];
        let mut out = Vec::new();
        for (done, reason, rules) in groups {
            if done {
                continue;
            }
            let reason = if audited == 0 { none } else { reason };
            for &rule in rules {
                if !settings.disabled.contains(rule) {
                    out.push(NotEvaluated {
                        rule,
                        reason: reason.to_string(),
                    });
                }
            }
        }
        out
    }
}

/// What the contact rules found for one account.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// The findings.
    pub findings: Vec<Finding>,
    /// Usable methods (unknown ones not counted).
    pub usable: u32,
    /// Fires `recovery-methods-insufficient`.
    pub insufficient: bool,
    /// The effective phone as shown in reports.
    pub effective_phone: Option<String>,
    /// The effective phone as E.164, when valid.
    pub phone_e164: Option<String>,
    /// Where the effective phone came from.
    pub phone_source: Option<Source>,
    /// The alternate email as shown in reports.
    pub alternate_email: Option<String>,
    /// What could be evaluated.
    pub evaluated: Evaluated,
}

/// Drops a contact finding on an emergency account to `info`: such
/// accounts are kept without phone and email on purpose.
pub fn soften(mut finding: Finding, emergency: bool) -> Finding {
    if emergency {
        finding.severity = Severity::Info;
    }
    finding
}

/// A builder of one account's findings.
struct Findings<'a> {
    settings: &'a RuleSettings,
    upn: &'a str,
    /// The account's first users row, for findings about the account as
    /// a whole.
    source: Option<&'a Source>,
    emergency: bool,
    out: Vec<Finding>,
}

impl Findings<'_> {
    fn push(
        &mut self,
        rule: &'static str,
        message: impl Into<Cow<'static, str>>,
        value: Option<&str>,
        fix: Option<String>,
        source: Option<&Source>,
    ) {
        let Some(mut f) = self.settings.finding(rule, Some(self.upn)) else {
            return;
        };
        f.message = message.into();
        f.value = value.map(str::to_string);
        f.suggested_fix = fix;
        f.source = source.cloned();
        self.out.push(soften(f, self.emergency));
    }
}

thread_local! {
    /// The findings of the account being checked on this thread, kept
    /// from one account to the next (see [`check`]).
    static FOUND: RefCell<Vec<Finding>> = const { RefCell::new(Vec::new()) };
}

/// Runs the contact rules for one enabled, non-service account found in
/// the directory.
pub fn check(person: &Person, tenant: &Tenant, settings: &RuleSettings) -> Checked {
    let account = person.account;
    let mut out = Findings {
        settings,
        upn: &account.upn,
        source: account.source.as_ref(),
        emergency: person.emergency,
        out: FOUND.take(),
    };
    let mut checked = Checked::default();
    checked.evaluated.any = true;

    let email = email_rules(account, tenant, &mut out, &mut checked);
    let phone = phone_rules(account, tenant, settings, &mut out, &mut checked);
    let office = office_phone(account);
    let app = authenticator(account);
    registration_rules(account, &mut out, &mut checked);

    let phones_count = settings.phones_count();
    let gate = |u: Usable| if phones_count { u } else { Usable::No };
    let methods = [email, gate(phone), app, gate(office)];
    checked.usable = methods.iter().filter(|m| **m == Usable::Yes).count() as u32;
    let possible = methods.iter().filter(|m| **m != Usable::No).count();
    checked.insufficient = possible < 2;
    if checked.insufficient {
        insufficient(&methods, checked.usable, &mut out);
    } else if settings.as_of < super::sms_retirement() && !settings.telecom_provider {
        let without_phones = [email, app].iter().filter(|m| **m != Usable::No).count();
        if without_phones < 2 {
            sms_dependent(&mut out);
        }
    }
    // An account's findings are gathered in the thread's list and copied
    // out at their size: a list grown push by push would hold room for
    // four findings (640 bytes) where most accounts have one to three,
    // which for a million accounts is hundreds of megabytes to fault in.
    let mut found = out.out;
    checked.findings = Vec::with_capacity(found.len());
    checked.findings.append(&mut found);
    FOUND.set(found);
    checked
}

fn insufficient(methods: &[Usable; 4], usable: u32, out: &mut Findings) {
    let names = [
        "alternate email",
        "mobile phone",
        "authenticator app",
        "office phone",
    ];
    let working: Vec<&str> = names
        .iter()
        .zip(methods)
        .filter(|(_, m)| **m != Usable::No)
        .map(|(n, _)| *n)
        .collect();
    let which = if working.is_empty() {
        "none".to_string()
    } else {
        working.join(", ")
    };
    let message = format!(
        "fewer than two usable reset methods ({usable} known to work; at \
         best: {which}): the two-gate admin reset cannot succeed"
    );
    let source = out.source;
    let rule = catalog::RECOVERY_METHODS_INSUFFICIENT;
    out.push(rule, message, None, None, source);
}

fn sms_dependent(out: &mut Findings) {
    let message = "without its phones fewer than two usable methods remain: \
                   the admin loses self-service reset when Microsoft retires \
                   SMS and voice on 2027-02-01; register the authenticator \
                   app or declare a telecom provider";
    let source = out.source;
    let rule = catalog::SMS_RETIREMENT_DEPENDENT;
    out.push(rule, message, None, None, source);
}

/// The more telling of two ways of knowing the same thing (see
/// [`Known::rank`]), the first preferred.
fn prefer<'a, T>(first: &'a Known<T>, second: &'a Known<T>) -> &'a Known<T> {
    if second.rank() > first.rank() {
        second
    } else {
        first
    }
}

fn not_exported(out: &mut Findings, raw: &str, source: &Source, what: &str) {
    let message = format!(
        "the {what} cell holds a PowerShell type name instead of data; \
         re-export with the values joined (for example with \
         `-join ';'` in a calculated property)"
    );
    out.push(
        catalog::VALUE_NOT_EXPORTED,
        message,
        Some(raw),
        None,
        Some(source),
    );
}

/// The alternate email rules. Returns whether email is a usable method.
fn email_rules(
    account: &Account,
    tenant: &Tenant,
    out: &mut Findings,
    checked: &mut Checked,
) -> Usable {
    // The authentication email, as a list of one, against the alternate
    // ones (the first preferred, as `prefer` does), seen without copying.
    let chosen = if account.alt_emails.rank() > account.auth_email.rank() {
        Addresses::of(&account.alt_emails, Vec::as_slice)
    } else {
        Addresses::of(&account.auth_email, std::slice::from_ref)
    };
    let (addresses, source) = match chosen {
        Addresses::Unknown => return Usable::Unknown,
        Addresses::NotExported { raw, source } => {
            checked.evaluated.email = true;
            not_exported(out, raw, source, "alternate email");
            return Usable::Unknown;
        }
        Addresses::Missing(source) => {
            checked.evaluated.email = true;
            let message = "no alternate email is set: SSPR has no address \
                           to send a reset code to";
            out.push(
                catalog::ALT_EMAIL_MISSING,
                message,
                None,
                None,
                Some(source),
            );
            return Usable::No;
        }
        Addresses::Value { value, source } => (value, source),
    };
    checked.evaluated.email = true;

    let (good, bad): (Vec<&String>, Vec<&String>) =
        addresses.iter().partition(|a| values::email_syntax_ok(a));
    for address in &bad {
        let message = "the alternate email is not a well-formed address";
        out.push(
            catalog::ALT_EMAIL_INVALID,
            message,
            Some(address),
            None,
            Some(source),
        );
    }
    checked.alternate_email = good.first().or(bad.first()).map(|a| a.to_string());
    if good.is_empty() {
        return Usable::No;
    }

    let own = |a: &&String| {
        let a = values::lowercase(a);
        account.own_addresses.iter().any(|own| *own == a)
    };
    let internal = |a: &&String| own(a) || in_tenant(a, tenant);
    if good.iter().all(internal) {
        let message = "every alternate email is the admin's own address or \
                       in a tenant domain: it cannot be read while the admin \
                       is locked out; set an address outside the tenant";
        let value = good.first().map(|a| a.as_str());
        out.push(
            catalog::ALT_EMAIL_INTERNAL,
            message,
            value,
            None,
            Some(source),
        );
    }
    if good.iter().any(|a| !own(a)) {
        Usable::Yes
    } else {
        Usable::No
    }
}

/// Email addresses as an input knows them, borrowed: [`Known`] of a
/// list, whichever way the account holds it.
enum Addresses<'a> {
    Unknown,
    NotExported {
        raw: &'a str,
        source: &'a Source,
    },
    Missing(&'a Source),
    Value {
        value: &'a [String],
        source: &'a Source,
    },
}

impl<'a> Addresses<'a> {
    fn of<T>(known: &'a Known<T>, list: impl FnOnce(&'a T) -> &'a [String]) -> Addresses<'a> {
        match known {
            Known::Unknown => Addresses::Unknown,
            Known::NotExported { raw, source } => Addresses::NotExported { raw, source },
            Known::Missing(source) => Addresses::Missing(source),
            Known::Value { value, source } => Addresses::Value {
                value: list(value),
                source,
            },
        }
    }
}

/// Whether an address lies in one of the tenant's domains.
fn in_tenant(address: &str, tenant: &Tenant) -> bool {
    let Some(domain) = values::email_domain(address) else {
        return false;
    };
    let domain = values::lowercase(domain);
    domain.ends_with(".onmicrosoft.com") || tenant.domains.contains(domain.as_ref())
}

/// The authenticator app, from registered methods: an empty methods cell
/// in a registration report means nothing is registered.
fn authenticator(account: &Account) -> Usable {
    match &account.methods {
        Known::Value { value, .. } if value.contains(&Method::AuthenticatorApp) => Usable::Yes,
        Known::Value { .. } | Known::Missing(_) => Usable::No,
        Known::Unknown | Known::NotExported { .. } => Usable::Unknown,
    }
}

/// The office phone counts when written with its country code and valid.
fn office_phone(account: &Account) -> Usable {
    match &account.office_phone {
        Known::Value { value, .. } => {
            let a = phone::analyse(value, region_of(account));
            let fine = a.has_country_code && !a.trunk_prefix && !a.invalid;
            if fine && a.number.is_some() {
                Usable::Yes
            } else {
                Usable::No
            }
        }
        Known::Missing(_) => Usable::No,
        Known::Unknown | Known::NotExported { .. } => Usable::Unknown,
    }
}

/// `sspr-not-registered`, from a registration report.
fn registration_rules(account: &Account, out: &mut Findings, checked: &mut Checked) {
    let registered = &account.sspr_registered;
    let capable = &account.sspr_capable;
    if registered.is_unknown() && capable.is_unknown() {
        return;
    }
    checked.evaluated.registration = true;
    let (what, known) = match (registered.value(), capable.value()) {
        (Some(false), _) => ("not registered", registered),
        (_, Some(false)) => ("not capable", capable),
        _ => return,
    };
    let message = format!(
        "the registration report says the admin is {what} for self-service \
         password reset"
    );
    let value = if what == "not registered" {
        "Not Registered"
    } else {
        "Not Capable"
    };
    out.push(
        catalog::SSPR_NOT_REGISTERED,
        message,
        Some(value),
        None,
        known.source(),
    );
}

/// The usage location, else the country: where a number without its
/// country code was most likely dialled.
fn region_of(account: &Account) -> Option<&str> {
    account
        .usage_location
        .as_deref()
        .or(account.country.as_deref())
}

/// The effective phone: the authentication phone when the inputs have
/// one, else the directory mobile.
fn effective_phone(account: &Account) -> (&Known<String>, &'static str) {
    let chosen = prefer(&account.auth_phone, &account.mobile);
    let which = if std::ptr::eq(chosen, &account.auth_phone) {
        "authentication phone"
    } else {
        "mobile phone"
    };
    (chosen, which)
}

/// The phone rules. Returns whether the effective phone is a usable
/// method.
fn phone_rules(
    account: &Account,
    tenant: &Tenant,
    settings: &RuleSettings,
    out: &mut Findings,
    checked: &mut Checked,
) -> Usable {
    let (known, which) = effective_phone(account);
    let (raw, source) = match known {
        Known::Unknown => return Usable::Unknown,
        Known::NotExported { raw, source } => {
            checked.evaluated.phone = true;
            not_exported(out, raw, source, which);
            return Usable::Unknown;
        }
        Known::Missing(source) => {
            checked.evaluated.phone = true;
            let message = "no mobile or authentication phone is set: SSPR \
                           cannot text or call the admin";
            out.push(catalog::PHONE_MISSING, message, None, None, Some(source));
            return Usable::No;
        }
        Known::Value { value, source } => (value.as_str(), source),
    };
    checked.evaluated.phone = true;
    checked.phone_source = Some(source.clone());

    let analysis = phone::analyse(raw, region_of(account));
    let valid = analysis.number.as_ref().filter(|n| n.valid);
    checked.effective_phone = Some(match valid {
        Some(number) => number.international(),
        None => analysis.typed.clone(),
    });
    checked.phone_e164 = valid.map(|n| n.e164());

    let mut phone = PhoneFindings {
        out,
        raw,
        source,
        high: false,
    };
    phone.form(&analysis, which);
    if let Some(number) = valid {
        let carrier = tenant.carriers.get(&number.e164());
        checked.evaluated.carrier |= carrier.is_some();
        phone.line(number, carrier, settings);
    }
    if analysis.extension.is_some() {
        let message = "the phone carries an extension, which SSPR drops \
                       before it calls";
        let fix = valid.map(|n| n.sspr_form());
        phone.push(catalog::PHONE_EXTENSION, message, fix);
    }
    if phone.high {
        Usable::No
    } else {
        Usable::Yes
    }
}

/// One phone's findings, remembering whether any was of severity high.
struct PhoneFindings<'a, 'f> {
    out: &'f mut Findings<'a>,
    raw: &'f str,
    source: &'f Source,
    high: bool,
}

impl PhoneFindings<'_, '_> {
    fn push(
        &mut self,
        rule: &'static str,
        message: impl Into<Cow<'static, str>>,
        fix: Option<String>,
    ) {
        let default = catalog::find(rule).map(|r| r.severity);
        self.high |= default == Some(Severity::High);
        let source = Some(self.source);
        self.out.push(rule, message, Some(self.raw), fix, source);
    }

    /// How the number is written: country code, trunk prefix, validity.
    fn form(&mut self, analysis: &Analysis, which: &str) {
        let fix = analysis
            .number
            .as_ref()
            .filter(|n| n.valid)
            .map(|n| n.sspr_form());
        if !analysis.has_country_code {
            let message = format!(
                "the {which} has no + and country code; SSPR needs the form \
                 +CC NUMBER"
            );
            self.push(catalog::PHONE_NO_COUNTRY_CODE, message, fix.clone());
        }
        if analysis.trunk_prefix {
            let message = "the national trunk prefix (0) follows the country \
                           code; texts to this number fail";
            self.push(catalog::PHONE_TRUNK_PREFIX, message, fix);
        }
        if analysis.invalid {
            let message = format!("the {which} is not a valid number for its country");
            self.push(catalog::PHONE_INVALID, message, None);
        }
    }

    /// What the line is: from a carrier lookup where there is one, else
    /// from the numbering plan.
    fn line(
        &mut self,
        number: &phone::Number,
        carrier: Option<&crate::model::Carrier>,
        settings: &RuleSettings,
    ) {
        let name = carrier.and_then(|c| c.name.as_deref());
        if let Some(name) = name {
            if phone::is_unsupported_carrier(name, &settings.extra_carriers) {
                let message = format!(
                    "the carrier lookup names {name}, a non-wireless SMS \
                     provider that does not receive Microsoft's texts"
                );
                self.push(catalog::PHONE_CARRIER_UNSUPPORTED, message, None);
            }
        }
        match carrier.and_then(|c| c.line) {
            Some(line) => self.lookup_line(line),
            None => self.plan_line(number, carrier.is_some()),
        }
        if phone::sms_opt_in(number.country_code) {
            let message = format!(
                "Microsoft texts country code +{} only after the tenant \
                 opts in",
                number.country_code
            );
            self.push(catalog::PHONE_SMS_OPT_IN_REGION, message, None);
        }
    }

    fn lookup_line(&mut self, line: LookupLine) {
        let (rule, what) = match line {
            LookupLine::Landline => (catalog::PHONE_NOT_MOBILE, "a landline"),
            LookupLine::TollFree => (catalog::PHONE_NOT_MOBILE, "toll free"),
            LookupLine::Pager => (catalog::PHONE_NOT_MOBILE, "a pager"),
            LookupLine::Voicemail => (catalog::PHONE_NOT_MOBILE, "voicemail"),
            LookupLine::FixedVoip | LookupLine::NonFixedVoip => {
                (catalog::PHONE_VOIP, "a VoIP line")
            }
            LookupLine::Mobile | LookupLine::Other => return,
        };
        let message = format!(
            "the carrier lookup says this number is {what}, which cannot \
             receive texts"
        );
        self.push(rule, message, None);
    }

    fn plan_line(&mut self, number: &phone::Number, looked_up: bool) {
        let what = match number.line {
            LineType::Mobile | LineType::PersonalNumber | LineType::Unknown => {
                return;
            }
            LineType::FixedLineOrMobile => {
                if !looked_up {
                    let message = "the numbering plan cannot tell mobile \
                                   from fixed line here and no carrier \
                                   lookup covers the number";
                    self.push(catalog::PHONE_LINE_UNVERIFIED, message, None);
                }
                return;
            }
            LineType::Voip => {
                let message = "the numbering plan says this is a VoIP number, \
                               which often cannot receive Microsoft's texts";
                self.push(catalog::PHONE_VOIP, message, None);
                return;
            }
            LineType::FixedLine => "a fixed line",
            LineType::TollFree => "toll free",
            LineType::PremiumRate => "premium rate",
            LineType::SharedCost => "shared cost",
            LineType::Uan => "a universal access number",
            LineType::Pager => "a pager",
            LineType::Voicemail => "voicemail access",
        };
        let message = format!(
            "the numbering plan says this number is {what}, which cannot \
             receive texts"
        );
        self.push(catalog::PHONE_NOT_MOBILE, message, None);
    }
}
