//! Recognising columns: which field each header names, where the header
//! row is, and which parts (users, roles, registration, settings,
//! carriers) a table plays.
//!
//! Exports disagree on spelling (`userPrincipalName`, `User principal
//! name`, `UserPrincipalName`), so headers are compared by the key of
//! [`values::normalise_header`]: case, spaces, underscores and dots
//! ignored. A few names mean different things in different exports; those
//! are settled from the other columns of the same table (see
//! [`resolve_context`]).

use std::fmt;
use std::sync::OnceLock;

use crate::read::{Line, Record, RowSource, Rows, Table};
use crate::source::{column_letter, InputIssue, Origin};
use crate::values;

/// What a column holds, once recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// User principal name.
    Upn,
    /// Entra object id.
    ObjectId,
    /// Display name.
    DisplayName,
    /// Primary mail address.
    Mail,
    /// Proxy addresses (`SMTP:` marks the primary).
    ProxyAddresses,
    /// `accountEnabled`: true means the account can sign in.
    AccountEnabled,
    /// `BlockCredential` / `Block sign in`: true means disabled.
    Blocked,
    /// `SignInStatus`: Allowed / Blocked.
    SignInStatus,
    /// Usage location (ISO country code).
    UsageLocation,
    /// Country or region, as a name or code.
    Country,
    /// Directory mobile phone.
    Mobile,
    /// Office (business) phone.
    OfficePhone,
    /// Authentication phone (SSPR / MFA phone).
    AuthPhone,
    /// Alternate authentication phone: MFA only, never SSPR.
    AuthAltPhone,
    /// Authentication email.
    AuthEmail,
    /// Alternate email address(es), `otherMails`.
    AltEmail,
    /// Unflattened MSOnline strong-authentication details.
    StrongAuthDetails,
    /// MSOnline strong-authentication methods, or an MFA script's list.
    MfaMethods,
    /// An input's own admin flag.
    IsAdmin,
    /// Role names joined in one cell (MFA-status scripts).
    AdminRoles,
    /// SSPR registered.
    SsprRegistered,
    /// SSPR enabled for the user.
    SsprEnabled,
    /// SSPR capable.
    SsprCapable,
    /// Registered authentication methods.
    MethodsRegistered,
    /// A role's name.
    RoleName,
    /// A role's template or definition id.
    RoleId,
    /// A role assignment's principal, by name, UPN or email.
    Principal,
    /// A role assignment's principal, by object id.
    PrincipalId,
    /// User, Group or ServicePrincipal.
    PrincipalType,
    /// PIM assignment state: Active or Eligible.
    AssignmentState,
    /// PIM member type: Direct or Inherited (through a group).
    MemberType,
    /// Tenant switch `SelfServePasswordResetEnabled`.
    SsprSetting,
    /// Tenant switch `allowedToUseSSPR` (authorization policy).
    AllowedToUseSspr,
    /// Tenant switch `DirectorySynchronizationEnabled`.
    DirSync,
    /// The tenant's initial `onmicrosoft.com` domain.
    InitialDomain,
    /// Name column of a name/value settings table.
    SettingName,
    /// Value column of a name/value settings table.
    SettingValue,
    /// A carrier lookup's phone number.
    LookupPhone,
    /// A carrier lookup's line type.
    LineType,
    /// A carrier lookup's carrier name.
    CarrierName,
    /// The account type (Member, Guest).
    UserType,
}

/// How many [`Field`] variants there are, for per-field arrays.
pub const FIELD_COUNT: usize = Field::UserType as usize + 1;

impl Field {
    /// Every field, indexed like `Field as usize`.
    pub const ALL: [Field; FIELD_COUNT] = {
        use Field::*;
        [
            Upn,
            ObjectId,
            DisplayName,
            Mail,
            ProxyAddresses,
            AccountEnabled,
            Blocked,
            SignInStatus,
            UsageLocation,
            Country,
            Mobile,
            OfficePhone,
            AuthPhone,
            AuthAltPhone,
            AuthEmail,
            AltEmail,
            StrongAuthDetails,
            MfaMethods,
            IsAdmin,
            AdminRoles,
            SsprRegistered,
            SsprEnabled,
            SsprCapable,
            MethodsRegistered,
            RoleName,
            RoleId,
            Principal,
            PrincipalId,
            PrincipalType,
            AssignmentState,
            MemberType,
            SsprSetting,
            AllowedToUseSspr,
            DirSync,
            InitialDomain,
            SettingName,
            SettingValue,
            LookupPhone,
            LineType,
            CarrierName,
            UserType,
        ]
    };
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// The parts a table can play (see `inputs.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Parts {
    /// Accounts with profile or contact data.
    pub users: bool,
    /// Role assignments.
    pub roles: bool,
    /// SSPR registration.
    pub registration: bool,
    /// Tenant switches.
    pub settings: bool,
    /// Carrier and line-type lookups.
    pub carriers: bool,
}

impl Parts {
    /// The part names, in a fixed order, as reports list them.
    pub fn names(&self) -> Vec<&'static str> {
        let all = [
            (self.users, "users"),
            (self.roles, "roles"),
            (self.registration, "registration"),
            (self.settings, "settings"),
            (self.carriers, "carriers"),
        ];
        all.into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, n)| n)
            .collect()
    }

    /// Whether the table plays no part at all.
    pub fn is_empty(&self) -> bool {
        // Asked for every row read: no list is built for it.
        *self == Parts::default()
    }
}

/// Header spellings, as normalised keys, and the field each names.
///
/// Keys that mean different things in different exports (`phonenumber`,
/// `email`, `name`, `id`) are listed with their commonest meaning and
/// re-read by [`resolve_context`].
const ALIASES: &[(&str, Field)] = &[
    ("userprincipalname", Field::Upn),
    ("username", Field::Upn),
    ("upn", Field::Upn),
    ("signinname", Field::Upn),
    ("objectid", Field::ObjectId),
    ("id", Field::ObjectId),
    ("userid", Field::ObjectId),
    ("displayname", Field::DisplayName),
    ("userdisplayname", Field::DisplayName),
    ("name", Field::DisplayName),
    ("mail", Field::Mail),
    ("primarysmtpaddress", Field::Mail),
    ("proxyaddresses", Field::ProxyAddresses),
    ("accountenabled", Field::AccountEnabled),
    ("enabled", Field::AccountEnabled),
    ("blockcredential", Field::Blocked),
    ("blocksignin", Field::Blocked),
    ("signinstatus", Field::SignInStatus),
    ("usagelocation", Field::UsageLocation),
    ("country", Field::Country),
    ("countryorregion", Field::Country),
    ("country/region", Field::Country),
    ("mobile", Field::Mobile),
    ("mobilephone", Field::Mobile),
    ("telephonenumber", Field::OfficePhone),
    ("phonenumber", Field::OfficePhone),
    ("officephone", Field::OfficePhone),
    ("businessphones", Field::OfficePhone),
    ("authenticationphonenumber", Field::AuthPhone),
    (
        "strongauthenticationuserdetailsphonenumber",
        Field::AuthPhone,
    ),
    ("mfaphone", Field::AuthPhone),
    ("authenticationphone", Field::AuthPhone),
    ("authenticationalternativephonenumber", Field::AuthAltPhone),
    ("alternativephonenumber", Field::AuthAltPhone),
    (
        "strongauthenticationuserdetailsalternativephonenumber",
        Field::AuthAltPhone,
    ),
    ("alternatemobilephones", Field::AuthAltPhone),
    ("authenticationemail", Field::AuthEmail),
    ("strongauthenticationuserdetailsemail", Field::AuthEmail),
    ("mfaemail", Field::AuthEmail),
    ("alternateemailaddress", Field::AltEmail),
    ("alternateemailaddresses", Field::AltEmail),
    ("alternateemail", Field::AltEmail),
    ("othermails", Field::AltEmail),
    ("strongauthenticationuserdetails", Field::StrongAuthDetails),
    ("strongauthenticationmethods", Field::MfaMethods),
    ("allmfamethods", Field::MfaMethods),
    ("isadmin", Field::IsAdmin),
    ("adminroles", Field::AdminRoles),
    ("isssprregistered", Field::SsprRegistered),
    ("ssprregistered", Field::SsprRegistered),
    ("isssprenabled", Field::SsprEnabled),
    ("ssprenabled", Field::SsprEnabled),
    ("isssprcapable", Field::SsprCapable),
    ("ssprcapable", Field::SsprCapable),
    ("methodsregistered", Field::MethodsRegistered),
    ("rolename", Field::RoleName),
    ("role", Field::RoleName),
    ("roledisplayname", Field::RoleName),
    ("roledefinitionname", Field::RoleName),
    ("roledefinitionid", Field::RoleId),
    ("roletemplateid", Field::RoleId),
    ("roleid", Field::RoleId),
    ("principalname", Field::Principal),
    ("principaluserprincipalname", Field::Principal),
    ("emailaddress", Field::Principal),
    ("principalid", Field::PrincipalId),
    ("rolemembertype", Field::PrincipalType),
    ("principaltype", Field::PrincipalType),
    ("assignmentstate", Field::AssignmentState),
    ("assignmenttype", Field::AssignmentState),
    ("membertype", Field::MemberType),
    ("selfservepasswordresetenabled", Field::SsprSetting),
    ("allowedtousesspr", Field::AllowedToUseSspr),
    (
        "defaultuserrolepermissionsallowedtousesspr",
        Field::AllowedToUseSspr,
    ),
    ("directorysynchronizationenabled", Field::DirSync),
    ("initialdomain", Field::InitialDomain),
    ("value", Field::SettingValue),
    ("linetypeintelligencetype", Field::LineType),
    ("linetype", Field::LineType),
    ("carriertype", Field::LineType),
    ("linetypeintelligencecarriername", Field::CarrierName),
    ("carriername", Field::CarrierName),
    ("carrier", Field::CarrierName),
    ("usertype", Field::UserType),
];

/// The alias table as a map, built once.
fn alias_map() -> &'static foldhash::HashMap<&'static str, Field> {
    static MAP: OnceLock<foldhash::HashMap<&'static str, Field>> = OnceLock::new();
    MAP.get_or_init(|| ALIASES.iter().copied().collect())
}

/// The field a single header names, before context is considered.
///
/// Inverted Entra bulk-template headers (`Block sign in (Yes/No)
/// [accountEnabled]`) carry the name of the property they invert in
/// brackets; the words outside the brackets are what the cells mean.
pub fn field_of(header: &str) -> Option<Field> {
    field_by_key(header, &values::normalise_header(header))
}

/// [`field_of`] for a header whose key is known already.
fn field_by_key(header: &str, key: &str) -> Option<Field> {
    if names_blocking(header) {
        return Some(Field::Blocked);
    }
    alias_map().get(key).copied()
}

/// Whether a header says "block sign in" or "block credential", in any
/// case. An ASCII header is searched as it is; another is lowercased first
/// (a few characters lowercase to ASCII letters).
fn names_blocking(header: &str) -> bool {
    const PHRASES: [&str; 2] = ["block sign in", "block credential"];
    let lower;
    let text = if header.is_ascii() {
        header
    } else {
        lower = header.to_lowercase();
        &lower
    };
    let bytes = text.as_bytes();
    PHRASES.iter().any(|phrase| {
        bytes
            .windows(phrase.len())
            .any(|w| w.eq_ignore_ascii_case(phrase.as_bytes()))
    })
}

/// Re-reads the headers whose meaning depends on the rest of the table.
///
/// - Scripts that flatten MSOnline `StrongAuthenticationUserDetails` write
///   `PhoneNumber`, `Email` and `AlternativePhoneNumber` side by side: in
///   such a table `PhoneNumber` is the authentication phone, not the
///   office phone, and `Email` the authentication email.
/// - A carrier lookup (`phone_number` beside a line type or carrier name,
///   and no UPN) names the looked-up number.
/// - `EmailAddress` names the principal in a role export, the mail
///   elsewhere; `Id` is the assignment's own id where `PrincipalId` is
///   present.
/// - A two-column `Name` / `Value` table is a settings list.
///
/// `keys` are the headers' keys ([`values::normalise_header`]).
pub fn resolve_context(keys: &[String], fields: &mut [Option<Field>]) {
    let has = |f: Field| fields.contains(&Some(f));
    let has_key = |k: &str| keys.iter().any(|key| key == k);

    let flattened = has_key("alternativephonenumber");
    let lookup = (has(Field::LineType) || has(Field::CarrierName)) && !has(Field::Upn);
    let role_table = has(Field::RoleName) || has(Field::RoleId);
    let principal_id = has(Field::PrincipalId);
    let name_value = keys.len() == 2 && keys[0] == "name" && keys[1] == "value";

    for (key, field) in keys.iter().zip(fields.iter_mut()) {
        *field = match (key.as_str(), *field) {
            ("phonenumber", _) if lookup => Some(Field::LookupPhone),
            ("phone", _) | ("number", _) if lookup => Some(Field::LookupPhone),
            ("phonenumber", _) if flattened => Some(Field::AuthPhone),
            ("email", _) if flattened => Some(Field::AuthEmail),
            ("emailaddress", _) if !role_table => Some(Field::Mail),
            ("id", _) if principal_id => None,
            ("name", _) if name_value => Some(Field::SettingName),
            ("value", _) if !name_value => None,
            (_, field) => field,
        };
    }
}

/// Which parts a table with these fields plays.
pub fn parts_of(fields: &[Option<Field>]) -> Parts {
    use Field::*;
    let has = |f: Field| fields.contains(&Some(f));
    let any = |fs: &[Field]| fs.iter().any(|&f| has(f));

    let contact = any(&[
        Mobile,
        OfficePhone,
        AuthPhone,
        AuthEmail,
        AltEmail,
        Mail,
        ProxyAddresses,
        AccountEnabled,
        Blocked,
        SignInStatus,
        UsageLocation,
        Country,
        StrongAuthDetails,
    ]);
    let registration = any(&[SsprRegistered, SsprCapable, MethodsRegistered]);
    let profile = contact || (!registration && any(&[DisplayName, UserType]));
    let principal = any(&[Principal, PrincipalId, Upn]);
    Parts {
        users: has(Upn) && profile,
        roles: (principal && any(&[RoleName, RoleId])) || has(AdminRoles),
        registration: registration && any(&[Upn, ObjectId]),
        settings: any(&[SsprSetting, AllowedToUseSspr, DirSync])
            || (has(SettingName) && has(SettingValue)),
        carriers: has(LookupPhone) && any(&[LineType, CarrierName]),
    }
}

/// How a table was read: its header, the field of each column and the
/// parts it plays.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The file (and worksheet).
    pub origin: Origin,
    /// The header's row number; 0 when the header was not in the file
    /// (`Format-List` text).
    pub header_row: u32,
    /// The header cells as written.
    pub headers: Vec<String>,
    /// The field each column was recognised as.
    pub fields: Vec<Option<Field>>,
    /// Each header's key (see [`values::normalise_header`]).
    keys: Vec<String>,
    /// Columns of each field, in header order, indexed by `Field as usize`.
    columns: Vec<Vec<usize>>,
    /// The parts the table plays.
    pub parts: Parts,
}

impl Layout {
    /// Builds a layout from a header row.
    pub fn new(origin: Origin, header_row: u32, headers: Vec<String>) -> Layout {
        let keys: Vec<String> = headers
            .iter()
            .map(|h| values::normalise_header(h))
            .collect();
        let mut fields: Vec<Option<Field>> = headers
            .iter()
            .zip(&keys)
            .map(|(header, key)| field_by_key(header, key))
            .collect();
        resolve_context(&keys, &mut fields);
        let mut columns = vec![Vec::new(); FIELD_COUNT];
        for (index, field) in fields.iter().enumerate() {
            if let Some(field) = field {
                columns[*field as usize].push(index);
            }
        }
        let parts = parts_of(&fields);
        Layout {
            origin,
            header_row,
            headers,
            fields,
            keys,
            columns,
            parts,
        }
    }

    /// Whether any column holds `field`.
    pub fn has(&self, field: Field) -> bool {
        !self.columns[field as usize].is_empty()
    }

    /// The columns holding `field`, in header order.
    pub fn columns_of(&self, field: Field) -> &[usize] {
        &self.columns[field as usize]
    }

    /// The first non-blank cell of `field` in `record`, or the first
    /// column's (blank) cell, or `None` when no column holds the field.
    /// Duplicate columns (`Country/Region` beside `CountryOrRegion`) thus
    /// fill each other's gaps.
    pub fn get<'r>(&self, record: &'r Record, field: Field) -> Option<&'r str> {
        let cols = self.columns_of(field);
        let cell = |c: &usize| record.cell(*c);
        // Nearly every field has one column, which is the answer blank or
        // not: there is nothing to choose between.
        if let [only] = cols {
            return Some(cell(only).unwrap_or(""));
        }
        cols.iter()
            .filter_map(cell)
            .find(|text| !text.trim().is_empty())
            .or_else(|| cols.first().map(|c| cell(c).unwrap_or("")))
    }

    /// The column index `get` would read `field` from in `record`.
    pub fn column_for(&self, record: &Record, field: Field) -> Option<usize> {
        let cols = self.columns_of(field);
        let blank = |c: &usize| record.cell(*c).is_none_or(|t| t.trim().is_empty());
        cols.iter().find(|c| !blank(c)).or(cols.first()).copied()
    }

    /// How a column is named in input issues: `B (mobile)` for sheets,
    /// the header for text files.
    pub fn column_name(&self, index: usize) -> String {
        let header = self.headers.get(index).map(String::as_str).unwrap_or("");
        match (&self.origin.sheet, header.is_empty()) {
            (Some(_), false) => format!("{} ({header})", column_letter(index)),
            (Some(_), true) | (None, true) => column_letter(index),
            (None, false) => header.to_string(),
        }
    }

    /// The recognised columns, as `field <- header` pairs, for `inspect`
    /// and diagnostics.
    pub fn describe(&self) -> Vec<(Field, String)> {
        self.fields
            .iter()
            .zip(&self.headers)
            .filter_map(|(f, h)| f.map(|f| (f, h.clone())))
            .collect()
    }
}

/// How many leading rows may sit above the header (title blocks, the bulk
/// template's `version:v1.0` line).
const HEADER_SEARCH_ROWS: usize = 12;

/// A table whose header has been found.
pub struct Recognised {
    /// The header and what it means.
    pub layout: Layout,
    /// The data rows below the header.
    pub rows: Rows,
    /// Problems found while looking for the header.
    pub issues: Vec<InputIssue>,
}

/// Finds a table's header row and recognises its columns.
///
/// The header is the first of the leading rows in which two or more
/// columns are recognised (or one, when it is the UPN); when none is, the
/// first non-blank row is taken and the table plays no part.
pub fn recognise(table: Table) -> Recognised {
    let Table {
        origin,
        given_header,
        mut rows,
    } = table;
    if let Some(headers) = given_header {
        let layout = Layout::new(origin, 0, headers);
        return finish(layout, Vec::new(), rows);
    }

    let mut leading = Vec::new();
    let mut found = None;
    while leading.len() < HEADER_SEARCH_ROWS {
        let Some(record) = rows.next() else { break };
        let good = header_score(&record) >= 2;
        leading.push(record);
        if good {
            found = Some(leading.len() - 1);
            break;
        }
    }
    let at = found.or_else(|| leading.iter().position(|r| !is_blank(r)));
    let Some(at) = at else {
        let layout = Layout::new(origin.clone(), 0, Vec::new());
        let issue = InputIssue::whole(&origin, "no rows: the table is empty");
        return Recognised {
            layout,
            rows,
            issues: vec![issue],
        };
    };

    let mut leading = leading.into_iter().skip(at);
    let header = leading.next().unwrap_or_default();
    let headers = header.cells().map(clean_header).collect();
    let layout = Layout::new(origin, header.row, headers);
    let mut issues = header_damage(&layout, &header.damage);
    let mut recognised = finish(layout, leading.collect(), rows);
    issues.append(&mut recognised.issues);
    recognised.issues = issues;
    recognised
}

/// The header row's own damage (a header cut at the column limit, an
/// error cell), which no data row would report.
fn header_damage(layout: &Layout, damage: &[(usize, String)]) -> Vec<InputIssue> {
    let row = layout.header_row;
    damage
        .iter()
        .map(|(index, why)| {
            let column = Some(column_letter(*index));
            InputIssue::at(&layout.origin, row, column, why.as_str())
        })
        .collect()
}

/// One issue per header spelled twice (compared like [`field_of`] does),
/// naming every column that carries it.
fn duplicate_headers(layout: &Layout) -> Vec<InputIssue> {
    let mut seen: Vec<(String, Vec<usize>)> = Vec::new();
    for (index, key) in layout.keys.iter().enumerate() {
        if key.is_empty() {
            continue;
        }
        match seen.iter_mut().find(|(k, _)| k == key) {
            Some((_, columns)) => columns.push(index),
            None => seen.push((key.clone(), vec![index])),
        }
    }

    let repeated = seen.into_iter().filter(|(_, columns)| columns.len() > 1);
    repeated
        .map(|(_, columns)| {
            let letters: Vec<String> = columns.iter().map(|&c| column_letter(c)).collect();
            let first = columns.first().copied().unwrap_or(0);
            let header = layout.headers.get(first).map_or("", String::as_str);
            let message = format!(
                "columns {} all have the header `{header}`; each row takes the first of \
                 them that is not empty",
                letters.join(", ")
            );
            let column = Some(layout.column_name(first));
            InputIssue::at(&layout.origin, layout.header_row, column, message)
        })
        .collect()
}

/// Checks each data row's shape against its header: cells past the
/// header's last column and cells under a blank header are read by no
/// field, so when they hold text that is said rather than dropped.
///
/// In a text file a row wider than the header is damage of that row (a
/// stray delimiter), reported per row; in a worksheet a cell past the
/// header is a column somebody added, reported once per column, like a
/// blank header with data under it.
///
/// A text row narrower than the header is read with the missing cells
/// empty and is no issue, since Excel drops trailing empty cells when it
/// saves CSV; unless it is the last row, where it is what a file cut off
/// part way (a download that stopped) looks like.
pub struct ShapeCheck {
    per_row: bool,
    width: usize,
    /// How many cells a row can have with nothing to look at: up to the
    /// first blank header, or the header's width.
    plain_width: usize,
    /// Columns with no header that hold text, in the order found.
    unheaded: std::collections::BTreeSet<usize>,
    /// The row number and width of the last row, when it was narrower
    /// than the header.
    last_short: Option<(u32, usize)>,
}

impl ShapeCheck {
    /// A check for rows of `layout`'s table.
    pub fn new(layout: &Layout) -> ShapeCheck {
        ShapeCheck {
            per_row: layout.origin.sheet.is_none(),
            width: layout.headers.len(),
            plain_width: layout
                .headers
                .iter()
                .position(String::is_empty)
                .unwrap_or(layout.headers.len()),
            unheaded: std::collections::BTreeSet::new(),
            last_short: None,
        }
    }

    /// How many cells a row can have with nothing to look at but its
    /// width (see [`ShapeCheck::narrow`]).
    pub fn plain_width(&self) -> usize {
        self.plain_width
    }

    /// Notes the width of data row `row`; true when that is all there is
    /// to look at, as for nearly every row: no cell past the header, none
    /// under a blank one.
    pub fn narrow(&mut self, row: u32, width: usize) -> bool {
        let short = self.per_row && width < self.width;
        self.last_short = short.then_some((row, width));
        width <= self.plain_width
    }

    /// Looks at one data row; an issue when a text row is wider than the
    /// header with text in the extra cells.
    pub fn row(&mut self, layout: &Layout, record: &Record) -> Option<InputIssue> {
        if self.narrow(record.row, record.len()) {
            return None;
        }

        let filled = |(_, cell): &(usize, &str)| !cell.trim().is_empty();
        let cells = record.cells().enumerate().filter(filled);
        let mut extra = Vec::new();
        for (index, _) in cells {
            let blank_header = layout.headers.get(index).is_none_or(|h| h.is_empty());
            if index >= self.width && self.per_row {
                extra.push(index);
            } else if blank_header {
                self.unheaded.insert(index);
            }
        }

        let first = *extra.first()?;
        let letters: Vec<String> = extra.iter().map(|&c| column_letter(c)).collect();
        let message = format!(
            "row has {} cells but the header {}: the text in column(s) {} was ignored; \
             the rest of the row was read",
            record.len(),
            self.width,
            letters.join(", ")
        );
        let column = Some(column_letter(first));
        Some(InputIssue::at(&layout.origin, record.row, column, message))
    }

    /// One issue per column without a header that held text in some row,
    /// and one for a last row cut short.
    pub fn finish(self, layout: &Layout) -> Vec<InputIssue> {
        let row = layout.header_row;
        let mut issues: Vec<InputIssue> = self
            .unheaded
            .into_iter()
            .map(|index| {
                let column = Some(column_letter(index));
                let message = "column has no header but holds data; its cells were ignored";
                InputIssue::at(&layout.origin, row, column, message)
            })
            .collect();
        if let Some((row, cells)) = self.last_short {
            issues.push(cut_short(layout, row, cells, self.width));
        }
        issues
    }
}

/// The issue for a file whose last row stops before the header's last
/// column.
fn cut_short(layout: &Layout, row: u32, cells: usize, width: usize) -> InputIssue {
    let message = format!(
        "the last row has {cells} cells but the header {width}: the file may have been \
         cut off; the missing cells were read as empty"
    );
    let column = Some(layout.column_name(cells));
    InputIssue::at(&layout.origin, row, column, message)
}

/// Strips what PowerShell and Excel leave around a header cell.
fn clean_header(cell: &str) -> String {
    let trimmed = cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '"');
    trimmed.to_string()
}

/// How strongly a row looks like a header: the number of recognised
/// columns, with a UPN column counting double.
fn header_score(record: &Record) -> usize {
    record
        .cells()
        .filter_map(field_of)
        .map(|f| if f == Field::Upn { 2 } else { 1 })
        .sum()
}

/// Whether every cell of a row is blank.
pub fn is_blank(record: &Record) -> bool {
    record.cells().all(|c| c.trim().is_empty())
}

/// Puts the rows read ahead back in front of the rest and reports a table
/// that plays no part.
fn finish(layout: Layout, ahead: Vec<Record>, rest: Rows) -> Recognised {
    let mut issues = Vec::new();
    if layout.parts.is_empty() {
        issues.push(InputIssue::whole(&layout.origin, no_part_message(&layout)));
    } else {
        issues.extend(duplicate_headers(&layout));
    }
    let ahead = ahead.into_iter();
    let rows: Rows = Box::new(Below { ahead, rest });
    Recognised {
        layout,
        rows,
        issues,
    }
}

/// The rows under a header: those read while looking for it, then the
/// rest, which may offer lines (see [`RowSource::next_passing`]).
struct Below {
    ahead: std::vec::IntoIter<Record>,
    rest: Rows,
}

impl Iterator for Below {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        self.ahead.next().or_else(|| self.rest.next())
    }
}

impl RowSource for Below {
    fn next_passing(&mut self, pass_over: &mut dyn FnMut(&Line<'_>) -> bool) -> Option<Record> {
        match self.ahead.next() {
            Some(record) => Some(record),
            None => self.rest.next_passing(pass_over),
        }
    }
}

/// The message for a table that plays no part, naming what it has.
fn no_part_message(layout: &Layout) -> String {
    let mut found: Vec<&str> = layout
        .headers
        .iter()
        .map(String::as_str)
        .filter(|h| !h.is_empty())
        .take(12)
        .collect();
    if layout.headers.len() > found.len() {
        found.push("...");
    }
    format!(
        "plays no part: no column looks like a UPN, role, registration, \
         setting or carrier column; columns found: {}; try `tenant-audit \
         inspect {}`",
        if found.is_empty() {
            "none".to_string()
        } else {
            found.join(", ")
        },
        layout.origin.file
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_sits_at_its_own_index() {
        for (index, field) in Field::ALL.iter().enumerate() {
            assert_eq!(*field as usize, index);
        }
    }

    fn layout(headers: &[&str]) -> Layout {
        let headers = headers.iter().map(|h| h.to_string()).collect();
        Layout::new(Origin::file("t.csv"), 1, headers)
    }

    fn table(rows: &[&[&str]]) -> Table {
        let records: Vec<Record> = rows
            .iter()
            .enumerate()
            .map(|(i, cells)| Record::new(i as u32 + 1, cells.iter()))
            .collect();
        Table {
            origin: Origin::file("t.csv"),
            given_header: None,
            rows: crate::read::rows(records.into_iter()),
        }
    }

    #[test]
    fn classic_entra_download_is_users() {
        let l = layout(&[
            "userPrincipalName",
            "displayName",
            "accountEnabled",
            "mobile",
            "authenticationPhoneNumber",
            "alternateEmailAddress",
        ]);
        assert_eq!(l.parts.names(), ["users"]);
        assert!(l.has(Field::AuthPhone) && l.has(Field::AltEmail));
    }

    #[test]
    fn admin_center_labels_are_recognised() {
        let l = layout(&[
            "User principal name",
            "Display name",
            "Block credential",
            "Mobile Phone",
            "Phone number",
            "Proxy addresses",
            "Country/Region",
        ]);
        assert_eq!(l.fields[2], Some(Field::Blocked));
        assert_eq!(l.fields[4], Some(Field::OfficePhone));
        assert_eq!(l.fields[6], Some(Field::Country));
    }

    #[test]
    fn mfa_status_export_plays_users_and_roles() {
        let l = layout(&[
            "DisplayName",
            "UserPrincipalName",
            "MFAStatus",
            "MFAPhone",
            "MFAEmail",
            "IsAdmin",
            "AdminRoles",
            "SignInStatus",
        ]);
        assert_eq!(l.parts.names(), ["users", "roles"]);
        assert_eq!(l.fields[3], Some(Field::AuthPhone));
    }

    #[test]
    fn registration_report_is_not_a_users_file() {
        let l = layout(&[
            "Id",
            "UserPrincipalName",
            "UserDisplayName",
            "IsAdmin",
            "IsSsprRegistered",
            "IsSsprCapable",
            "MethodsRegistered",
        ]);
        assert_eq!(l.parts.names(), ["registration"]);
    }

    #[test]
    fn flattened_strong_auth_details_read_as_auth_phone() {
        let l = layout(&[
            "UserPrincipalName",
            "PhoneNumber",
            "Email",
            "AlternativePhoneNumber",
        ]);
        assert_eq!(l.fields[1], Some(Field::AuthPhone));
        assert_eq!(l.fields[2], Some(Field::AuthEmail));
        let plain = layout(&["UserPrincipalName", "PhoneNumber"]);
        assert_eq!(plain.fields[1], Some(Field::OfficePhone));
    }

    #[test]
    fn role_exports_are_roles() {
        let pim = layout(&[
            "Assignment State",
            "User Group Name",
            "Role Name",
            "PrincipalName",
            "Member Type",
        ]);
        assert_eq!(pim.parts.names(), ["roles"]);
        let msol = layout(&["RoleName", "RoleMemberType", "EmailAddress"]);
        assert_eq!(msol.fields[2], Some(Field::Principal));
        let graph = layout(&["Id", "PrincipalId", "RoleDefinitionId", "DirectoryScopeId"]);
        assert_eq!(graph.parts.names(), ["roles"]);
        assert_eq!(graph.fields[0], None);
    }

    #[test]
    fn settings_tables_in_both_shapes() {
        let one_row = layout(&["InitialDomain", "SelfServePasswordResetEnabled"]);
        assert_eq!(one_row.parts.names(), ["settings"]);
        let name_value = layout(&["Name", "Value"]);
        assert_eq!(name_value.parts.names(), ["settings"]);
    }

    #[test]
    fn twilio_lookup_is_carriers() {
        let l = layout(&[
            "phone_number",
            "line_type_intelligence.type",
            "line_type_intelligence.carrier_name",
        ]);
        assert_eq!(l.parts.names(), ["carriers"]);
        assert_eq!(l.fields[0], Some(Field::LookupPhone));
    }

    #[test]
    fn blocking_headers_are_found_in_any_case_and_script() {
        for header in [
            "BLOCK SIGN IN",
            "Block credential (yes/no)",
            "Block sign in \u{2713}",
            "\u{FEFF}block credential",
        ] {
            assert_eq!(field_of(header), Some(Field::Blocked), "{header:?}");
        }
        assert_eq!(field_of("Bl\u{F6}ck sign in"), None);
    }

    #[test]
    fn bulk_template_block_sign_in_is_inverted() {
        let l = layout(&[
            "Name [displayName] Required",
            "User name [userPrincipalName] Required",
            "Block sign in (Yes/No) [accountEnabled] Required",
        ]);
        assert_eq!(l.fields[1], Some(Field::Upn));
        assert_eq!(l.fields[2], Some(Field::Blocked));
    }

    #[test]
    fn header_found_below_a_title_block() {
        let t = table(&[
            &["Contoso admin inventory", ""],
            &["Exported 2026-11-30", ""],
            &["", ""],
            &["userPrincipalName", "mobile"],
            &["ada@contoso.example", "+44 7700 900123"],
        ]);
        let r = recognise(t);
        assert_eq!(r.layout.header_row, 4);
        let rows: Vec<_> = r.rows.collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].row, 5);
    }

    #[test]
    fn unknown_table_names_its_columns() {
        let t = table(&[&["Colour", "Size"], &["red", "L"]]);
        let r = recognise(t);
        assert!(r.layout.parts.is_empty());
        assert!(r.issues[0].message.contains("columns found: Colour, Size"));
        assert_eq!(r.rows.count(), 1);
    }

    #[test]
    fn duplicate_columns_fill_gaps() {
        let l = layout(&["userPrincipalName", "Country/Region", "CountryOrRegion"]);
        let rec = Record::new(2, ["a@b.example", "", "JP"]);
        assert_eq!(l.get(&rec, Field::Country), Some("JP"));
        assert_eq!(l.get(&rec, Field::Mobile), None);
    }

    fn record(row: u32, cells: &[&str]) -> Record {
        Record::new(row, cells)
    }

    #[test]
    fn only_a_short_last_row_is_reported_as_cut_off() {
        let l = layout(&["userPrincipalName", "displayName", "mobilePhone"]);
        let mut check = ShapeCheck::new(&l);
        for rec in [record(2, &["a@x"]), record(3, &["b@x", "B", "+1"])] {
            assert_eq!(check.row(&l, &rec), None);
        }
        assert!(check.finish(&l).is_empty());

        let mut check = ShapeCheck::new(&l);
        let _ = check.row(&l, &record(2, &["a@x", "A", "+1"]));
        let _ = check.row(&l, &record(3, &["b@x", "Bo"]));
        let issues = check.finish(&l);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].row, Some(3));
        assert_eq!(issues[0].column.as_deref(), Some("mobilePhone"));
        assert!(issues[0].message.contains("may have been cut off"));
    }
}
