//! The tenant model: accounts joined across files, role assignments,
//! registration, settings and carrier lookups, each value with the row it
//! came from.
//!
//! A value the audit needs is *known*, *missing* or *unknown* (see
//! `rules.md`): [`Known`] keeps the three apart so that a rule never fires
//! on a value that was simply not exported.

use std::collections::{BTreeSet, HashMap};

use crate::phone::LookupLine;
use crate::source::Source;

/// A value as the inputs know it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Known<T> {
    /// No input has the column, or the column is empty in every row of
    /// its file (known export bugs drop such columns).
    #[default]
    Unknown,
    /// The cell holds a PowerShell type name instead of data.
    NotExported {
        /// The type name as the cell had it.
        raw: String,
        /// Where it was.
        source: Source,
    },
    /// The column exists and the account's cell is empty.
    Missing(Source),
    /// The value.
    Value {
        /// The value.
        value: T,
        /// Where it was.
        source: Source,
    },
}

impl<T> Known<T> {
    /// How much a value tells, for merging rows of several files and
    /// choosing between two sources of one fact: a value beats a
    /// type-name leak, which beats an empty cell, which beats nothing.
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Known::Unknown => 0,
            Known::Missing(_) => 1,
            Known::NotExported { .. } => 2,
            Known::Value { .. } => 3,
        }
    }

    /// Keeps the more telling of `self` and `other`; on a tie the first
    /// one read stays, and files are read in name order, so the merge is
    /// the same in every run.
    pub fn merge(&mut self, other: Known<T>) {
        if other.rank() > self.rank() {
            *self = other;
        }
    }

    /// The value, when known.
    pub fn value(&self) -> Option<&T> {
        match self {
            Known::Value { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Where the value (or the empty cell, or the type name) was.
    pub fn source(&self) -> Option<&Source> {
        match self {
            Known::Unknown => None,
            Known::Missing(source)
            | Known::NotExported { source, .. }
            | Known::Value { source, .. } => Some(source),
        }
    }

    /// Maps the value, keeping where it came from.
    pub fn map_value<U>(self, f: impl FnOnce(T) -> U) -> Known<U> {
        match self {
            Known::Unknown => Known::Unknown,
            Known::Missing(source) => Known::Missing(source),
            Known::NotExported { raw, source } => Known::NotExported { raw, source },
            Known::Value { value, source } => Known::Value {
                value: f(value),
                source,
            },
        }
    }

    /// Whether the inputs do not tell (unknown or a type-name leak).
    pub fn is_unknown(&self) -> bool {
        matches!(self, Known::Unknown | Known::NotExported { .. })
    }
}

/// A registered authentication method, as far as SSPR cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// Microsoft Authenticator or another authenticator app (notification
    /// or code).
    AuthenticatorApp,
    /// Email.
    Email,
    /// Mobile phone (text or call).
    MobilePhone,
    /// Office phone (call).
    OfficePhone,
    /// Alternate mobile phone: counts for MFA only.
    AlternateMobilePhone,
    /// Anything SSPR does not count for admins (security questions,
    /// FIDO2 keys, Windows Hello, passwordless phone sign-in, ...).
    Other,
}

/// One account, joined across every file that mentions it.
#[derive(Clone, Debug, Default)]
pub struct Account {
    /// The UPN as the first input spelled it.
    pub upn: String,
    /// Entra object id, lowercase.
    pub object_id: Option<String>,
    /// Display name.
    pub display_name: Option<String>,
    /// Whether the account can sign in.
    pub enabled: Known<bool>,
    /// Usage location (two-letter code).
    pub usage_location: Option<String>,
    /// Country or region, as a code or name.
    pub country: Option<String>,
    /// Authentication phone.
    pub auth_phone: Known<String>,
    /// Directory mobile phone.
    pub mobile: Known<String>,
    /// Office phone.
    pub office_phone: Known<String>,
    /// Authentication email.
    pub auth_email: Known<String>,
    /// Alternate email addresses.
    pub alt_emails: Known<Vec<String>>,
    /// The account's own addresses: UPN, mail and proxy addresses,
    /// lowercase.
    pub own_addresses: Vec<String>,
    /// An input marks the account as admin.
    pub flagged_admin: bool,
    /// SSPR registered, per a registration report.
    pub sspr_registered: Known<bool>,
    /// SSPR capable, per a registration report.
    pub sspr_capable: Known<bool>,
    /// Registered methods.
    pub methods: Known<BTreeSet<Method>>,
    /// Found in a users input (not only in roles or registration).
    pub in_directory: bool,
    /// The first users row that named the account.
    pub source: Option<Source>,
}

impl Account {
    /// The join key of an account: its UPN, lowercase.
    pub fn key(&self) -> String {
        self.upn.to_lowercase()
    }
}

/// Whether a role is held now or only eligibly (PIM).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Assignment {
    /// Held now.
    Active,
    /// Eligible: can be activated in PIM.
    Eligible,
}

/// What kind of principal holds a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalKind {
    /// A user account.
    User,
    /// A group (role-assignable group); its members are not expanded.
    Group,
    /// An application: set apart, never an admin.
    ServicePrincipal,
}

/// One role held by one principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleAssignment {
    /// The principal's UPN (lowercase) or, for Graph exports, object id.
    pub principal: String,
    /// Whether `principal` is an object id.
    pub by_object_id: bool,
    /// The principal's kind.
    pub kind: PrincipalKind,
    /// The role's canonical name, or the name as written for roles the
    /// catalog does not know.
    pub role: String,
    /// Whether the role is under the administrator SSPR policy.
    pub admin_role: bool,
    /// Active or eligible.
    pub state: Assignment,
    /// Held through a group.
    pub via_group: bool,
    /// The row it came from.
    pub source: Source,
}

/// Tenant-wide switches from settings exports.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// `SelfServePasswordResetEnabled`.
    pub sspr_enabled: Option<(bool, Source)>,
    /// `allowedToUseSSPR` (false turns SSPR off for admins).
    pub allowed_to_use_sspr: Option<(bool, Source)>,
    /// `DirectorySynchronizationEnabled`.
    pub dir_sync: Option<(bool, Source)>,
}

impl Settings {
    /// Whether any settings input was read.
    pub fn any(&self) -> bool {
        self.sspr_enabled.is_some() || self.allowed_to_use_sspr.is_some() || self.dir_sync.is_some()
    }
}

/// What a carrier lookup says about one number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carrier {
    /// Line type, when the lookup has one.
    pub line: Option<LookupLine>,
    /// Carrier name, when the lookup has one.
    pub name: Option<String>,
    /// The lookup row.
    pub source: Source,
}

/// Everything known about one tenant.
#[derive(Clone, Debug, Default)]
pub struct Tenant {
    /// The tenant's name (folder name or file stem).
    pub name: String,
    /// Accounts by lowercase UPN. Only admins are kept unless every user
    /// is audited.
    /// Boxed: an account is large, and a growing map of a million
    /// would otherwise move every one of them at each resize.
    pub accounts: foldhash::HashMap<String, Box<Account>>,
    /// Role assignments, in input order.
    pub assignments: Vec<RoleAssignment>,
    /// Tenant switches.
    pub settings: Settings,
    /// Carrier lookups by E.164 number.
    pub carriers: HashMap<String, Carrier>,
    /// Domains of every UPN, mail and proxy address, lowercase.
    pub domains: BTreeSet<String>,
    /// Object id (lowercase) to lowercase UPN, for Graph role exports.
    pub object_ids: foldhash::HashMap<String, String>,
    /// What the inputs hold, for `not_evaluated`.
    pub coverage: Coverage,
}

/// Which kinds of input a tenant has.
#[derive(Clone, Copy, Debug, Default)]
pub struct Coverage {
    /// A users input was read.
    pub users: bool,
    /// A role input naming roles was read.
    pub role_names: bool,
    /// An input flags admins (`IsAdmin`).
    pub admin_flags: bool,
    /// A registration report was read.
    pub registration: bool,
    /// A carrier lookup was read.
    pub carriers: bool,
}
