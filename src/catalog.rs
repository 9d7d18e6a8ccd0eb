//! The rule catalog: every rule id, its default severity and what it
//! checks. Rule ids are a public interface (users filter, silence and diff
//! on them), so an id never changes once released.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How much a finding matters. Ordered from least to most severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; no action needed.
    Info,
    /// A weakness to fix when convenient.
    Low,
    /// A weakness that makes a reset harder.
    Medium,
    /// A reset is likely to fail.
    High,
    /// A reset cannot succeed, or nobody can reset.
    Critical,
}

impl Severity {
    /// Every severity, most severe first: the order reports sort by.
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    /// The lowercase name used in JSON, CSV and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Severity, String> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "unknown severity `{s}`; expected one of critical, high, \
                     medium, low, info"
                )
            })
    }
}

/// Whether a rule judges one account or the whole tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Fires per admin (or per user with `--all-users`).
    Admin,
    /// Fires once per tenant.
    Tenant,
}

impl Scope {
    /// How the rule reference names the scope.
    pub fn describe(self) -> &'static str {
        match self {
            Scope::Admin => "each admin (each user with `--all-users`)",
            Scope::Tenant => "the tenant",
        }
    }
}

/// One entry of the rule catalog, with the text of its rule reference
/// section (`docs/rules.md`, rendered by [`reference_markdown`]).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    /// The public rule id; also its anchor in the rule reference.
    pub id: &'static str,
    /// The severity a finding gets unless configuration overrides it.
    pub severity: Severity,
    /// Whether it judges an account or the tenant.
    pub scope: Scope,
    /// One line: when the rule fires.
    pub summary: &'static str,
    /// The full condition, Markdown.
    pub fires: &'static str,
    /// Why a finding matters for a locked-out admin, Markdown.
    pub why: &'static str,
    /// How to fix it in the Microsoft Entra admin center, menu path first.
    pub fix_portal: &'static str,
    /// Microsoft Graph PowerShell that fixes (or checks) it; plain lines.
    pub fix_powershell: &'static str,
    /// A realistic value and what fires, Markdown.
    pub example: &'static str,
}

use Scope::{Admin, Tenant};
use Severity::{Critical, High, Info, Low, Medium};

/// The portal steps shared by every rule that changes the mobile number.
const SET_MOBILE: &str = "**Users > All users >** *the admin* **> \
    Authentication methods**: edit the **Mobile phone** method (or **Add \
    authentication method > Phone number**, type Mobile) and enter the \
    number as `+CC NUMBER`. Where the directory mobile is the one read \
    (no authentication phone set), also change **Edit properties > \
    Contact information > Mobile phone**.";

/// The portal steps shared by every rule that changes the email method.
const SET_EMAIL: &str = "**Users > All users >** *the admin* **> \
    Authentication methods > Add authentication method > Email** (or edit \
    the existing **Email** method) and enter a mailbox outside the tenant \
    that the admin can read while locked out. **Edit properties > Contact \
    information > Other emails** holds the alternate addresses older \
    exports read (`otherMails`, `AlternateEmailAddresses`).";

/// The portal steps shared by the rules that add a reset-capable admin.
const ADD_GLOBAL_ADMIN: &str = "**Roles & admins > Roles & admins > \
    Global Administrator > Add assignments**: assign the role to a second \
    enabled account whose owner has two working methods (Privileged \
    Authentication Administrator also counts). Keep an emergency \
    (break-glass) account as well and declare it with \
    `emergency_accounts`. A blocked Global Administrator who should work \
    is re-enabled in **Users > All users >** *the admin* **> Edit \
    properties > Settings > Account enabled**.";

/// Every rule, in the order of the rule reference.
pub const RULES: &[Rule] = &[
    Rule {
        id: ALT_EMAIL_MISSING,
        severity: High,
        scope: Admin,
        summary: "no alternate email is set",
        fires: "The admin has no alternate email: the authentication email \
            and every alternate-email column (`alternateEmailAddress`, \
            `AlternateEmailAddresses`, `otherMails`, `MFAEmail`, \
            `Alternate email address`) are empty. When no input has such a \
            column at all (or it is empty in every row, a known export \
            bug) the value is unknown: the rule does not fire and is \
            listed under *not evaluated*.",
        why: "Email is one of the two gates an administrator's reset \
            needs, and the one that keeps working without a phone after \
            SMS and voice retire on 2027-02-01. Without it the admin \
            depends on the phone and the authenticator app alone.",
        fix_portal: SET_EMAIL,
        fix_powershell: concat!(
            "$upn = 'ada.lovelace@contoso.example'\n",
            "New-MgUserAuthenticationEmailMethod -UserId $upn `\n",
            "    -EmailAddress 'ada.recovery@example.org'\n",
            "# the alternate addresses older exports read\n",
            "Update-MgUser -UserId $upn -OtherMails @('ada.recovery@example.org')",
        ),
        example: "`authenticationEmail` and `otherMails` both empty for \
            `mia.hoffmann@tailspin.example` (the MFA-status export shows \
            `MFAEmail` as `-`) → `alt-email-missing` (high).",
    },
    Rule {
        id: ALT_EMAIL_INVALID,
        severity: High,
        scope: Admin,
        summary: "an alternate email is not a well-formed address",
        fires: "An alternate email is present but is not a well-formed \
            address (`bob@@fabrikam`, `ada@`, `ada contoso.example`).",
        why: "A reset code sent to a malformed address goes nowhere: the \
            reset page offers the email gate, and the code never arrives.",
        fix_portal: SET_EMAIL,
        fix_powershell: concat!(
            "$upn = 'bob.kelly@fabrikam.example'\n",
            "# the email method always has this id\n",
            "Update-MgUserAuthenticationEmailMethod -UserId $upn `\n",
            "    -EmailAuthenticationMethodId 3ddfcfc8-9383-446f-83cc-3ab9be4be18f `\n",
            "    -EmailAddress 'bob.kelly@example.org'\n",
            "Update-MgUser -UserId $upn -OtherMails @('bob.kelly@example.org')",
        ),
        example: "`AlternateEmailAddresses` = `bob@@fabrikam` → \
            `alt-email-invalid` (high).",
    },
    Rule {
        id: ALT_EMAIL_INTERNAL,
        severity: Medium,
        scope: Admin,
        summary: "every alternate email is the admin's own or in a tenant domain",
        fires: "Every well-formed alternate email is the admin's own \
            address or lies in one of the tenant's domains (the domains of \
            every UPN, mail and proxy address in the inputs, and the \
            tenant's `*.onmicrosoft.com` domains).",
        why: "A locked-out admin cannot sign in to read mail in the very \
            tenant whose password is lost, and a shared mailbox there \
            needs someone else signed in. The code has to land in a \
            mailbox outside the tenant.",
        fix_portal: SET_EMAIL,
        fix_powershell: concat!(
            "Update-MgUserAuthenticationEmailMethod -UserId 'chen.jing@woodgrove.example' `\n",
            "    -EmailAuthenticationMethodId 3ddfcfc8-9383-446f-83cc-3ab9be4be18f `\n",
            "    -EmailAddress 'chen.jing@example.net'",
        ),
        example: "`chen.jing@woodgrove.example` with alternate email \
            `it-helpdesk@woodgrove.example` → `alt-email-internal` \
            (medium).",
    },
    Rule {
        id: PHONE_MISSING,
        severity: High,
        scope: Admin,
        summary: "no effective phone is set",
        fires: "The admin has no effective phone: the authentication phone \
            and the directory mobile are both empty. The office phone and \
            the alternate mobile phone never count as the effective phone.",
        why: "Until SMS and voice retire on 2027-02-01 the mobile phone is \
            the most common second gate. Without it a reset needs both \
            the alternate email and the authenticator app to work.",
        fix_portal: SET_MOBILE,
        fix_powershell: concat!(
            "$upn = 'devon.price@woodgrove.example'\n",
            "New-MgUserAuthenticationPhoneMethod -UserId $upn `\n",
            "    -PhoneType mobile -PhoneNumber '+44 7400 123456'\n",
            "Update-MgUser -UserId $upn -MobilePhone '+44 7400 123456'",
        ),
        example: "`mobile` and `authenticationPhoneNumber` both empty for \
            `devon.price@woodgrove.example` → `phone-missing` (high).",
    },
    Rule {
        id: PHONE_NO_COUNTRY_CODE,
        severity: High,
        scope: Admin,
        summary: "the effective phone has no + and country code",
        fires: "The effective phone is written without `+` and country \
            code (`07400 123456`, `090 1234 5678`, or a number cell from \
            which Excel dropped the `+`). The finding suggests the E.164 \
            form built from the usage location (or country) when that \
            gives a valid number.",
        why: "Microsoft texts only numbers written `+CC NUMBER` (for \
            example `+1 4251234567`); a national number is refused or \
            dialled in the wrong country.",
        fix_portal: SET_MOBILE,
        fix_powershell: concat!(
            "$upn = 'yuki.tanaka@northwind.example'\n",
            "# the mobile phone method always has this id\n",
            "Update-MgUserAuthenticationPhoneMethod -UserId $upn `\n",
            "    -PhoneAuthenticationMethodId 3179e48a-750b-4051-897c-87b9720928f7 `\n",
            "    -PhoneNumber '+81 90 1234 5678'\n",
            "Update-MgUser -UserId $upn -MobilePhone '+81 90 1234 5678'",
        ),
        example: "`Mobile Phone` = `090 1234 5678` with usage location \
            `JP` → `phone-no-country-code` (high), suggested fix \
            `+81 90 1234 5678`.",
    },
    Rule {
        id: PHONE_TRUNK_PREFIX,
        severity: High,
        scope: Admin,
        summary: "the national trunk prefix follows the country code (+81 090...)",
        fires: "The national trunk prefix is kept after the country code: \
            `+81 090...`, `+44 07...`, also written `+44 (0)7...`. The \
            suggested fix drops it. Never fires for countries whose \
            numbers keep the zero (Italy `+39 06...`).",
        why: "Microsoft names it among the reasons a reset text never \
            arrives: a Japanese number entered with its leading 0 after \
            +81 is a number that does not exist.",
        fix_portal: SET_MOBILE,
        fix_powershell: concat!(
            "Update-MgUserAuthenticationPhoneMethod -UserId 'kenji.watanabe@tailspin.example' `\n",
            "    -PhoneAuthenticationMethodId 3179e48a-750b-4051-897c-87b9720928f7 `\n",
            "    -PhoneNumber '+81 90 1234 5678'",
        ),
        example: "`+81 090-1234-5678` → `phone-trunk-prefix` (high), \
            suggested fix `+81 9012345678`.",
    },
    Rule {
        id: PHONE_INVALID,
        severity: High,
        scope: Admin,
        summary: "the effective phone is not a valid number for its country",
        fires: "The effective phone is not a valid number for its country \
            (wrong length, an unassigned range, an unknown country code) \
            after the country-code and trunk-prefix fixes above are \
            applied.",
        why: "No text or call reaches a number that cannot exist, and the \
            admin finds out only when locked out.",
        fix_portal: SET_MOBILE,
        fix_powershell: concat!(
            "Update-MgUserAuthenticationPhoneMethod -UserId 'lee.gu@contoso.example' `\n",
            "    -PhoneAuthenticationMethodId 3179e48a-750b-4051-897c-87b9720928f7 `\n",
            "    -PhoneNumber '+44 7400 123456'",
        ),
        example: "`+44 7700 900456` (a range kept for drama, never \
            assigned) → `phone-invalid` (high).",
    },
    Rule {
        id: PHONE_NOT_MOBILE,
        severity: High,
        scope: Admin,
        summary: "the line cannot receive texts (fixed line, toll free, ...)",
        fires: "The numbering plan or a carrier lookup says the line \
            cannot receive texts: fixed line, toll free, premium rate, \
            shared cost, UAN, pager, voicemail, or a lookup line type \
            `landline`.",
        why: "A landline cannot receive the reset text, and a call rings a \
            desk the locked-out admin may be far from.",
        fix_portal: "**Users > All users >** *the admin* **> Edit \
            properties > Contact information**: move the landline to \
            **Business phone** and put the admin's mobile in **Mobile \
            phone**; then edit the **Mobile phone** method under \
            **Authentication methods** the same way.",
        fix_powershell: concat!(
            "$upn = 'marco.rossi@litware.example'\n",
            "Update-MgUser -UserId $upn -BusinessPhones @('+39 06 4881 2345') `\n",
            "    -MobilePhone '+39 312 345 6789'\n",
            "Update-MgUserAuthenticationPhoneMethod -UserId $upn `\n",
            "    -PhoneAuthenticationMethodId 3179e48a-750b-4051-897c-87b9720928f7 `\n",
            "    -PhoneNumber '+39 312 345 6789'",
        ),
        example: "`+39 06 4881 2345` (a Rome fixed line) as the mobile → \
            `phone-not-mobile` (high).",
    },
    Rule {
        id: PHONE_VOIP,
        severity: High,
        scope: Admin,
        summary: "the number is a VoIP line",
        fires: "The number is a VoIP line: numbering-plan type VoIP (Japan \
            `050`, UK `056`) or a lookup line type `fixedVoip` / \
            `nonFixedVoip`.",
        why: "Internet telephone numbers often refuse the short-code texts \
            Microsoft sends, and they disappear with the account of the \
            service behind them.",
        fix_portal: SET_MOBILE,
        fix_powershell: concat!(
            "Update-MgUserAuthenticationPhoneMethod -UserId 'hana.yoshida@litware.example' `\n",
            "    -PhoneAuthenticationMethodId 3179e48a-750b-4051-897c-87b9720928f7 `\n",
            "    -PhoneNumber '+81 90 1234 5678'",
        ),
        example: "`+81 50 1234 5678` (Japan 050) → `phone-voip` (high).",
    },
    Rule {
        id: PHONE_CARRIER_UNSUPPORTED,
        severity: High,
        scope: Admin,
        summary: "a carrier lookup names a non-wireless SMS provider (Google Voice...)",
        fires: "A carrier lookup names a non-wireless SMS provider: Google \
            Voice (also listed as `Google (Grand Central)` or a Bandwidth \
            `SVR` entry), TextPlus, TextNow, Pinger / TextFree, \
            Talkatone, Burner, Skype, or a name added with \
            `unsupported_carriers` in the configuration.",
        why: "Microsoft lists numbers of non-wireless SMS providers such as \
            Google Voice among the reasons a reset text never arrives.",
        fix_portal: SET_MOBILE,
        fix_powershell: concat!(
            "Update-MgUserAuthenticationPhoneMethod -UserId 'ethan.brooks@tailspin.example' `\n",
            "    -PhoneAuthenticationMethodId 3179e48a-750b-4051-897c-87b9720928f7 `\n",
            "    -PhoneNumber '+1 206 555 0147'",
        ),
        example: "lookup `line_type_intelligence.carrier_name` = `Google \
            (Grand Central) BWI - Bandwidth.com - SVR` → \
            `phone-carrier-unsupported` (high).",
    },
    Rule {
        id: PHONE_LINE_UNVERIFIED,
        severity: Info,
        scope: Admin,
        summary: "the numbering plan cannot tell mobile from fixed line; no lookup",
        fires: "The numbering plan cannot tell mobile from fixed line (all \
            of North America, where both share area codes) and no carrier \
            lookup covers the number.",
        why: "The number may be a landline or a VoIP line that the rules \
            above would catch; only a carrier lookup can tell.",
        fix_portal: "Nothing to change in the tenant. Confirm with the \
            admin that the number is a mobile of a wireless carrier, or \
            look it up (for example Twilio Lookup with line type \
            intelligence) and give the export to the audit with \
            `--carriers` (see `docs/inputs.md`).",
        fix_powershell: concat!(
            "# list the admins' numbers to look up\n",
            "Get-MgUser -UserId 'grace.kim@litware.example' `\n",
            "    -Property UserPrincipalName,MobilePhone |\n",
            "    Select-Object UserPrincipalName, MobilePhone",
        ),
        example: "`+1 425 555 0123` and no lookup → \
            `phone-line-unverified` (info).",
    },
    Rule {
        id: PHONE_SMS_OPT_IN_REGION,
        severity: Low,
        scope: Admin,
        summary: "texts reach this country code only after the tenant opts in",
        fires: "The effective phone's country code is one Microsoft \
            texts only after the tenant opts in (a list in force since \
            January 2025, kept with its date; Bangladesh `+880` is one).",
        why: "To fight telephony fraud Microsoft blocks texts and calls to \
            these country codes by default: until the tenant opts in, the \
            admin's reset text is never sent.",
        fix_portal: "Open a Microsoft support request for the tenant \
            asking to opt in to telephony verification for the country \
            code. Until it is granted, give the admin two methods that are \
            not phones (the Microsoft Authenticator app and an external \
            email).",
        fix_powershell: concat!(
            "# no cmdlet opts in; list the admin's phone methods to check\n",
            "Get-MgUserAuthenticationPhoneMethod -UserId 'farhan.ahmed@litware.example' |\n",
            "    Select-Object PhoneType, PhoneNumber",
        ),
        example: "`+880 1812 345678` → `phone-sms-opt-in-region` (low).",
    },
    Rule {
        id: PHONE_EXTENSION,
        severity: Low,
        scope: Admin,
        summary: "the effective phone carries an extension, which SSPR drops",
        fires: "The effective phone carries an extension (`x204`, \
            `ext. 12`).",
        why: "SSPR drops the extension before it texts or calls a mobile \
            number: a number that needs one reaches a switchboard, not \
            the admin. Extensions work only for the office phone.",
        fix_portal: "**Users > All users >** *the admin* **> Edit \
            properties > Contact information**: move the number with its \
            extension to **Business phone**, and set **Mobile phone** and \
            the **Mobile phone** authentication method to the admin's own \
            mobile.",
        fix_powershell: concat!(
            "$upn = 'diego.siciliani@contoso.example'\n",
            "Update-MgUser -UserId $upn -BusinessPhones @('+1 425 555 0100 x204') `\n",
            "    -MobilePhone '+1 425 555 0147'\n",
            "Update-MgUserAuthenticationPhoneMethod -UserId $upn `\n",
            "    -PhoneAuthenticationMethodId 3179e48a-750b-4051-897c-87b9720928f7 `\n",
            "    -PhoneNumber '+1 425 555 0147'",
        ),
        example: "`+1 425 555 0100 x204` → `phone-extension` (low).",
    },
    Rule {
        id: PHONE_SHARED,
        severity: Medium,
        scope: Admin,
        summary: "the same effective phone belongs to more than one admin",
        fires: "The same effective phone, compared as E.164, belongs to \
            more than one admin of the tenant. Each of them gets the \
            finding.",
        why: "A shared number (a team phone, an assistant's mobile, a \
            copy-paste slip) lets one person reset several admins, and \
            when it changes every one of them loses the gate at once. \
            Often one of the admins simply has the wrong number.",
        fix_portal: SET_MOBILE,
        fix_powershell: concat!(
            "# who shares the number\n",
            "Get-MgUser -Filter \"mobilePhone eq '+33 6 12 34 56 78'\" `\n",
            "    -Property UserPrincipalName,MobilePhone\n",
            "Update-MgUserAuthenticationPhoneMethod -UserId 'lucas.bernard@tailspin.example' `\n",
            "    -PhoneAuthenticationMethodId 3179e48a-750b-4051-897c-87b9720928f7 `\n",
            "    -PhoneNumber '+33 6 98 76 54 32'",
        ),
        example: "`sofia.navarro@tailspin.example` and \
            `lucas.bernard@tailspin.example` both have `+33 6 12 34 56 78` \
            → `phone-shared` (medium) for each.",
    },
    Rule {
        id: VALUE_NOT_EXPORTED,
        severity: High,
        scope: Admin,
        summary: "a cell holds a PowerShell type name instead of data",
        fires: "A cell the audit needs holds a PowerShell type name \
            (`System.String[]`, ``System.Collections.Generic.List`1[...]``, \
            `Microsoft.Online...`, `@{...}`) instead of its values. Type \
            names in columns no rule reads are ignored.",
        why: "`Export-Csv` writes the type of a multi-valued property, not \
            its values. The audit cannot tell whether the admin has the \
            method, and neither can anyone else reading the export.",
        fix_portal: "Nothing is wrong in the tenant: re-export the file \
            with multi-valued properties joined into text \
            (`docs/inputs.md` shows each export), or download the users \
            from the portal (**Users > All users > Download users**).",
        fix_powershell: concat!(
            "Get-MgUser -All -Property UserPrincipalName,MobilePhone,OtherMails |\n",
            "    Select-Object UserPrincipalName, MobilePhone,\n",
            "        @{ n = 'OtherMails'; e = { $_.OtherMails -join ';' } } |\n",
            "    Export-Csv users.csv -NoTypeInformation -Encoding UTF8",
        ),
        example: "`AlternateEmailAddresses` = \
            ``System.Collections.Generic.List`1[System.String]`` → \
            `value-not-exported` (high).",
    },
    Rule {
        id: SSPR_NOT_REGISTERED,
        severity: High,
        scope: Admin,
        summary: "the registration report says not SSPR registered or capable",
        fires: "A registration report says the admin is not SSPR \
            registered or not SSPR capable (`False`, `Not Registered`, \
            `Not Capable`).",
        why: "Microsoft's registration report is the nearest thing to a \
            test reset: an admin it calls not capable is turned away by \
            the reset page, whatever the directory holds.",
        fix_portal: "Ask the admin to register at \
            <https://aka.ms/ssprsetup> (or **My Sign-Ins > Security \
            info**, <https://mysignins.microsoft.com/security-info>). An \
            administrator can also set the email and phone methods for \
            them (**Users > All users >** *the admin* **> Authentication \
            methods**). Check the result in **Authentication methods > \
            User registration details**.",
        fix_powershell: concat!(
            "$upn = 'carlos.mendes@northwind.example'\n",
            "Get-MgReportAuthenticationMethodUserRegistrationDetail `\n",
            "    -Filter \"userPrincipalName eq '$upn'\" |\n",
            "    Select-Object UserPrincipalName, IsSsprRegistered, IsSsprCapable, MethodsRegistered\n",
            "New-MgUserAuthenticationEmailMethod -UserId $upn -EmailAddress 'carlos@example.org'",
        ),
        example: "`SSPR Registered` = `Not Registered` → \
            `sspr-not-registered` (high).",
    },
    Rule {
        id: RECOVERY_METHODS_INSUFFICIENT,
        severity: Critical,
        scope: Admin,
        summary: "fewer than two usable methods: the two-gate reset cannot succeed",
        fires: "The admin has fewer than two usable methods (alternate \
            email, effective phone, authenticator app, office phone) even \
            if every method the inputs do not show were usable. From \
            2027-02-01 (by the audit date) phones count only where a \
            customer-managed telecom provider is declared. The admin's \
            verdict is `cannot-reset`.",
        why: "Administrators must pass two gates to reset a password. With \
            one usable method or none the reset page cannot let them \
            through: only another admin or Microsoft support can.",
        fix_portal: "Fix the admin's other findings first. Then make sure \
            two of these work: an external email (**Users > All users >** \
            *the admin* **> Authentication methods > Email**), a mobile \
            (**Authentication methods > Phone number**), the Microsoft \
            Authenticator app (the admin registers it at \
            <https://aka.ms/mysecurityinfo>; an administrator cannot add \
            it for them).",
        fix_powershell: concat!(
            "$upn = 'rafael.costa@northwind.example'\n",
            "New-MgUserAuthenticationEmailMethod -UserId $upn -EmailAddress 'rafael@example.org'\n",
            "New-MgUserAuthenticationPhoneMethod -UserId $upn `\n",
            "    -PhoneType mobile -PhoneNumber '+351 912 345 678'\n",
            "# what is registered now\n",
            "Get-MgUserAuthenticationMethod -UserId $upn |\n",
            "    Select-Object Id, @{ n = 'Type'; e = { $_.AdditionalProperties['@odata.type'] } }",
        ),
        example: "`rafael.costa@northwind.example`: a Lisbon landline as \
            mobile, no alternate email, `SSPR Registered` = `Not \
            Registered` → `recovery-methods-insufficient` (critical).",
    },
    Rule {
        id: SMS_RETIREMENT_DEPENDENT,
        severity: High,
        scope: Admin,
        summary: "reset depends on SMS or voice, which retire on 2027-02-01",
        fires: "The audit date (`--as-of`, default today) is before \
            2027-02-01, no customer-managed telecom provider is declared \
            (`--telecom-provider` or `telecom_provider = true`), the admin \
            does not fire `recovery-methods-insufficient`, and without \
            its phone and office phone fewer than two usable methods \
            remain (unknown methods counted as usable).",
        why: "On 2027-02-01 Microsoft stops delivering SMS and voice codes \
            across Entra, SSPR included, unless the tenant brings its own \
            telecom provider. An admin whose second gate is a phone loses \
            self-service reset that day.",
        fix_portal: "Before 2027-02-01 give the admin two gates that are \
            not phones: an external email (**Users > All users >** *the \
            admin* **> Authentication methods > Email**) and the Microsoft \
            Authenticator app, which the admin registers at \
            <https://aka.ms/mysecurityinfo>. Once the tenant has its own \
            telecom provider, declare it with `telecom_provider = true`.",
        fix_powershell: concat!(
            "$upn = 'renee.lefevre@tailspin.example'\n",
            "New-MgUserAuthenticationEmailMethod -UserId $upn -EmailAddress 'renee@example.org'\n",
            "# empty until the admin registers the app\n",
            "Get-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId $upn",
        ),
        example: "`renee.lefevre@tailspin.example` has an alternate email \
            and a mobile, nothing else: `--as-of 2026-12-03` → \
            `sms-retirement-dependent` (high); `--as-of 2027-02-01` → \
            `recovery-methods-insufficient` instead.",
    },
    Rule {
        id: ADMIN_DISABLED,
        severity: Info,
        scope: Admin,
        summary: "the admin's account is disabled or blocked from sign-in",
        fires: "The admin's account is disabled or blocked from sign-in \
            (`accountEnabled` False, `BlockCredential` / `Block \
            credential` True, `Block sign in` Yes, `SignInStatus` \
            Blocked). It counts toward no coverage rule.",
        why: "A disabled admin can neither reset nor help anyone reset. A \
            disabled account that keeps its roles is also a standing \
            risk: whoever enables it again gets its privileges back.",
        fix_portal: "If the account is gone for good, remove its roles \
            (**Roles & admins > Roles & admins >** *the role* **> \
            Assignments > Remove**; eligible assignments under **Privileged \
            Identity Management > Microsoft Entra roles > Assignments**). \
            If it should work, **Users > All users >** *the admin* **> \
            Edit properties > Settings > Account enabled**.",
        fix_powershell: concat!(
            "$user = Get-MgUser -UserId 'isaiah.langer@contoso.example'\n",
            "Get-MgRoleManagementDirectoryRoleAssignment -Filter \"principalId eq '$($user.Id)'\" |\n",
            "    ForEach-Object { Remove-MgRoleManagementDirectoryRoleAssignment `\n",
            "        -UnifiedRoleAssignmentId $_.Id }\n",
            "# or, if the account should be in use\n",
            "Update-MgUser -UserId $user.Id -AccountEnabled:$true",
        ),
        example: "`isaiah.langer@contoso.example`, Global Administrator \
            (eligible), `accountEnabled` False → `admin-disabled` (info).",
    },
    Rule {
        id: ADMIN_NOT_IN_DIRECTORY,
        severity: Medium,
        scope: Admin,
        summary: "a role assignment names a user that no user input contains",
        fires: "A role assignment names a user principal that no users \
            input contains (a deleted account, or a users export that was \
            cut short). Contact rules are not run for it.",
        why: "Either the assignment outlived its account, which hides who \
            really holds the role, or the users export is incomplete and \
            the audit saw only part of the tenant.",
        fix_portal: "**Roles & admins > Roles & admins >** *the role* **> \
            Assignments**: remove the assignment if the account is gone. \
            Otherwise re-export the users with every row (`Get-MgUser \
            -All`) and audit again.",
        fix_powershell: concat!(
            "$id = '3f2a9c71-5b8e-4d6a-9c0f-7e1d2b3a4c5d'\n",
            "Get-MgRoleManagementDirectoryRoleAssignment -Filter \"principalId eq '$id'\" |\n",
            "    ForEach-Object { Remove-MgRoleManagementDirectoryRoleAssignment `\n",
            "        -UnifiedRoleAssignmentId $_.Id }",
        ),
        example: "`PrincipalId` `3f2a9c71-5b8e-4d6a-9c0f-7e1d2b3a4c5d` \
            holds User Administrator in `role-assignments.csv` and is in \
            no users file → `admin-not-in-directory` (medium).",
    },
    Rule {
        id: SSPR_DISABLED,
        severity: Critical,
        scope: Tenant,
        summary: "tenant settings say SSPR is off",
        fires: "Tenant settings say SSPR is off: \
            `SelfServePasswordResetEnabled` False \
            (`Get-MsolCompanyInformation`), or `allowedToUseSSPR` False \
            (the authorization policy), which turns SSPR off for \
            administrators.",
        why: "With SSPR off no admin can reset their own password: every \
            lost password becomes a call to another admin or to Microsoft \
            support.",
        fix_portal: "The administrator policy has no switch in the portal: \
            use PowerShell. (**Password reset > Properties > Self service \
            password reset enabled** is the setting for users, not \
            admins.)",
        fix_powershell: concat!(
            "Update-MgPolicyAuthorizationPolicy -AllowedToUseSspr:$true\n",
            "Get-MgPolicyAuthorizationPolicy | Select-Object AllowedToUseSspr",
        ),
        example: "`AllowedToUseSspr` = `False` in \
            `authorization-policy.csv` → `sspr-disabled` (critical).",
    },
    Rule {
        id: NO_ENABLED_ADMIN,
        severity: Critical,
        scope: Tenant,
        summary: "no reset-capable admin exists",
        fires: "No reset-capable admin exists: no enabled, non-service \
            admin holds Global Administrator or Privileged Authentication \
            Administrator, active or eligible (where the inputs name no \
            roles at all, no enabled admin exists).",
        why: "Only these roles can reset a Global Administrator's \
            password. With none enabled, nobody in the tenant can help a \
            locked-out Global Administrator: only Microsoft support can.",
        fix_portal: ADD_GLOBAL_ADMIN,
        fix_powershell: concat!(
            "# 62e90394-... is the Global Administrator role template id\n",
            "$user = Get-MgUser -UserId 'jamie.reding@adatum.example'\n",
            "New-MgRoleManagementDirectoryRoleAssignment -PrincipalId $user.Id `\n",
            "    -RoleDefinitionId '62e90394-69f5-4237-9190-012177145e10' `\n",
            "    -DirectoryScopeId '/'",
        ),
        example: "The only Global Administrator, `adam.barr@adatum.example`, \
            is blocked → `no-enabled-admin` (critical).",
    },
    Rule {
        id: SOLE_ADMIN,
        severity: Critical,
        scope: Tenant,
        summary: "exactly one reset-capable admin exists",
        fires: "Exactly one reset-capable admin exists.",
        why: "If that one account is locked out, nobody in the tenant can \
            reset it: only Microsoft support can help. Microsoft advises \
            more than one Global Administrator.",
        fix_portal: ADD_GLOBAL_ADMIN,
        fix_powershell: concat!(
            "$user = Get-MgUser -UserId 'elena.novak@woodgrove.example'\n",
            "New-MgRoleManagementDirectoryRoleAssignment -PrincipalId $user.Id `\n",
            "    -RoleDefinitionId '62e90394-69f5-4237-9190-012177145e10' `\n",
            "    -DirectoryScopeId '/'",
        ),
        example: "`priscilla.grant@woodgrove.example` is the only enabled \
            Global Administrator → `sole-admin` (critical).",
    },
    Rule {
        id: SOLE_RECOVERABLE_ADMIN,
        severity: High,
        scope: Tenant,
        summary: "at most one reset-capable admin can complete a reset",
        fires: "Two or more reset-capable admins exist, but at most one of \
            them can complete a reset: all the others fire \
            `recovery-methods-insufficient`.",
        why: "On paper the tenant has a fallback; in practice the fallback \
            cannot reset their own password, so the tenant is one lockout \
            away from `no-enabled-admin`.",
        fix_portal: "Fix the `recovery-methods-insufficient` findings of \
            the other reset-capable admins (see that rule), or assign \
            Global Administrator to an admin who can complete a reset \
            (**Roles & admins > Roles & admins > Global Administrator > \
            Add assignments**).",
        fix_powershell: concat!(
            "$upn = 'rafael.costa@northwind.example'\n",
            "New-MgUserAuthenticationEmailMethod -UserId $upn -EmailAddress 'rafael@example.org'\n",
            "New-MgUserAuthenticationPhoneMethod -UserId $upn `\n",
            "    -PhoneType mobile -PhoneNumber '+351 912 345 678'",
        ),
        example: "Two Global Administrators, but \
            `rafael.costa@northwind.example` fires \
            `recovery-methods-insufficient` → `sole-recoverable-admin` \
            (high).",
    },
    Rule {
        id: GLOBAL_ADMIN_COUNT,
        severity: Medium,
        scope: Tenant,
        summary: "the number of enabled Global Administrators is outside the bounds",
        fires: "The number of enabled Global Administrators (active plus \
            eligible, each user counted once, service principals left \
            out, emergency accounts counted) is outside the bounds: \
            profile `cis` 2 to 4 (the default, and Microsoft's advice of \
            more than one and fewer than five), `cisa` 2 to 8, or \
            `global_admin_count` in the configuration.",
        why: "Too few, and nobody is left to reset the last one; too many, \
            and every extra account is one more way to take the whole \
            tenant.",
        fix_portal: "Too few: **Roles & admins > Roles & admins > Global \
            Administrator > Add assignments**. Too many: remove the role \
            from accounts that do not need it, and give their owners a \
            narrower role (User, Exchange, SharePoint Administrator...); \
            eligible assignments are under **Privileged Identity \
            Management > Microsoft Entra roles > Assignments**.",
        fix_powershell: concat!(
            "# who holds Global Administrator now (active assignments)\n",
            "Get-MgRoleManagementDirectoryRoleAssignment `\n",
            "    -Filter \"roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'\" `\n",
            "    -ExpandProperty Principal |\n",
            "    Select-Object Id, @{ n = 'Upn'; e = { $_.Principal.AdditionalProperties['userPrincipalName'] } }\n",
            "Remove-MgRoleManagementDirectoryRoleAssignment -UnifiedRoleAssignmentId '<Id from above>'",
        ),
        example: "Six enabled Global Administrators with profile `cis` (2 to \
            4) → `global-admin-count` (medium); one → the same finding.",
    },
];

/// Rule id `alt-email-missing`.
pub const ALT_EMAIL_MISSING: &str = "alt-email-missing";
/// Rule id `alt-email-invalid`.
pub const ALT_EMAIL_INVALID: &str = "alt-email-invalid";
/// Rule id `alt-email-internal`.
pub const ALT_EMAIL_INTERNAL: &str = "alt-email-internal";
/// Rule id `phone-missing`.
pub const PHONE_MISSING: &str = "phone-missing";
/// Rule id `phone-no-country-code`.
pub const PHONE_NO_COUNTRY_CODE: &str = "phone-no-country-code";
/// Rule id `phone-trunk-prefix`.
pub const PHONE_TRUNK_PREFIX: &str = "phone-trunk-prefix";
/// Rule id `phone-invalid`.
pub const PHONE_INVALID: &str = "phone-invalid";
/// Rule id `phone-not-mobile`.
pub const PHONE_NOT_MOBILE: &str = "phone-not-mobile";
/// Rule id `phone-voip`.
pub const PHONE_VOIP: &str = "phone-voip";
/// Rule id `phone-carrier-unsupported`.
pub const PHONE_CARRIER_UNSUPPORTED: &str = "phone-carrier-unsupported";
/// Rule id `phone-line-unverified`.
pub const PHONE_LINE_UNVERIFIED: &str = "phone-line-unverified";
/// Rule id `phone-sms-opt-in-region`.
pub const PHONE_SMS_OPT_IN_REGION: &str = "phone-sms-opt-in-region";
/// Rule id `phone-extension`.
pub const PHONE_EXTENSION: &str = "phone-extension";
/// Rule id `phone-shared`.
pub const PHONE_SHARED: &str = "phone-shared";
/// Rule id `value-not-exported`.
pub const VALUE_NOT_EXPORTED: &str = "value-not-exported";
/// Rule id `sspr-not-registered`.
pub const SSPR_NOT_REGISTERED: &str = "sspr-not-registered";
/// Rule id `recovery-methods-insufficient`.
pub const RECOVERY_METHODS_INSUFFICIENT: &str = "recovery-methods-insufficient";
/// Rule id `sms-retirement-dependent`.
pub const SMS_RETIREMENT_DEPENDENT: &str = "sms-retirement-dependent";
/// Rule id `admin-disabled`.
pub const ADMIN_DISABLED: &str = "admin-disabled";
/// Rule id `admin-not-in-directory`.
pub const ADMIN_NOT_IN_DIRECTORY: &str = "admin-not-in-directory";
/// Rule id `sspr-disabled`.
pub const SSPR_DISABLED: &str = "sspr-disabled";
/// Rule id `no-enabled-admin`.
pub const NO_ENABLED_ADMIN: &str = "no-enabled-admin";
/// Rule id `sole-admin`.
pub const SOLE_ADMIN: &str = "sole-admin";
/// Rule id `sole-recoverable-admin`.
pub const SOLE_RECOVERABLE_ADMIN: &str = "sole-recoverable-admin";
/// Rule id `global-admin-count`.
pub const GLOBAL_ADMIN_COUNT: &str = "global-admin-count";

/// Looks a rule up by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.id == id)
}

/// Where the rule reference lives in the repository; a rule's section is
/// `REFERENCE_PATH#<rule id>`.
pub const REFERENCE_PATH: &str = "docs/rules.md";

/// The reference's opening: what it is, how to read a fix.
const REFERENCE_INTRO: &str = "\
# Rule reference

<!-- Generated from src/catalog.rs: do not edit. Regenerate with
`tenant-audit rules --markdown > docs/rules.md` or
`TENANT_AUDIT_BLESS=1 cargo test --test docs`. -->

Every rule `tenant-audit` runs: when it fires, why it matters to a
locked-out administrator, and how to fix it. Rule ids are a public
interface (filters, configuration and comparisons use them) and never
change. Severities are defaults: `[severity]` in `tenant-audit.toml`
changes them and `disabled_rules` turns rules off
([configuration](configuration.md)).

## Reading this reference

- An administrator's reset needs **two gates**: two working methods out
  of alternate email, mobile phone (text or call), the Microsoft
  Authenticator app and office phone (call). Security questions do not
  count for admins; the alternate mobile phone counts for MFA only.
- The **effective phone** is the number SSPR would text: the
  authentication phone when the inputs have one, else the directory
  mobile.
- A **reset-capable admin** is an enabled admin holding Global
  Administrator or Privileged Authentication Administrator (active or
  eligible): only they can reset a Global Administrator.
- A value the inputs do not show is **unknown**, never missing: a rule
  that needs it does not fire, and is listed under *not evaluated* when no
  admin could be judged.
- Menu paths are those of the Microsoft Entra admin center
  (<https://entra.microsoft.com>), under **Entra ID** in its left menu
  (**Identity** and **Protection** in older menus). Changing another
  admin's methods needs the Privileged Authentication Administrator or
  Global Administrator role.
- PowerShell uses the Microsoft Graph PowerShell SDK
  (`Install-Module Microsoft.Graph`), connected once with:

```powershell
Connect-MgGraph -Scopes 'User.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All',
    'RoleManagement.ReadWrite.Directory', 'Policy.ReadWrite.Authorization',
    'AuditLog.Read.All'
```
";

/// Renders the rule reference, `docs/rules.md`, from the catalog: an
/// index, then one section per rule whose anchor is the rule id.
pub fn reference_markdown() -> String {
    let mut out = String::from(REFERENCE_INTRO);
    out.push_str("\n## Rules\n\n");
    out.push_str("| rule | default severity | scope | fires when |\n");
    out.push_str("|---|---|---|---|\n");
    for rule in RULES {
        let scope = match rule.scope {
            Scope::Admin => "admin",
            Scope::Tenant => "tenant",
        };
        out.push_str(&format!(
            "| [`{id}`](#{id}) | {} | {scope} | {} |\n",
            rule.severity,
            rule.summary,
            id = rule.id
        ));
    }
    for rule in RULES {
        out.push('\n');
        out.push_str(&rule_section(rule));
    }
    out
}

/// One rule's section of the reference.
fn rule_section(rule: &Rule) -> String {
    let mut out = format!("## {}\n\n", rule.id);
    out.push_str(&format!(
        "Default severity **{}**; judges {}.\n\n",
        rule.severity,
        rule.scope.describe()
    ));
    let paragraphs = [
        ("When it fires", rule.fires),
        ("Why it matters", rule.why),
        ("Fix in the Entra admin center", rule.fix_portal),
    ];
    for (label, text) in paragraphs {
        out.push_str(&wrap(&format!("**{label}.** {text}"), 76));
        out.push_str("\n\n");
    }
    out.push_str("**Fix in PowerShell.**\n\n```powershell\n");
    out.push_str(rule.fix_powershell.trim_end());
    out.push_str("\n```\n\n");
    out.push_str(&wrap(&format!("**Example.** {}", rule.example), 76));
    out.push('\n');
    out
}

/// Wraps a Markdown paragraph at spaces, never inside a code span and
/// never before a word that would start a list, quote or heading.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in markdown_words(text) {
        let fits = line_len + 1 + word.chars().count() <= width;
        if line_len == 0 {
        } else if fits || !safe_line_start(&word) {
            out.push(' ');
            line_len += 1;
        } else {
            out.push('\n');
            line_len = 0;
        }
        line_len += word.chars().count();
        out.push_str(&word);
    }
    out
}

/// Splits at spaces outside code spans (a span closes on a run of as many
/// backticks as opened it, so ``a`b`` stays one span).
fn markdown_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut open: usize = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '`' {
            let mut run = 1;
            while chars.next_if_eq(&'`').is_some() {
                run += 1;
            }
            open = match open {
                0 => run,
                n if n == run => 0,
                n => n,
            };
            word.push_str(&"`".repeat(run));
        } else if c == ' ' && open == 0 {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether a word may begin a line without changing what the line means.
fn safe_line_start(word: &str) -> bool {
    let marker = matches!(word, "-" | "+" | "*" | ">" | "|")
        || word.starts_with('#')
        || word.starts_with('>')
        || word.starts_with('|');
    let ordinal = word.ends_with('.') && word.trim_end_matches('.').parse::<u32>().is_ok();
    !(marker || ordinal)
}

/// The catalog as `tenant-audit rules` prints it: one line per rule with
/// id, default severity and summary.
pub fn listing() -> String {
    let mut out = String::new();
    for rule in RULES {
        let line = format!("{:<31} {:<9} {}", rule.id, rule.severity, rule.summary);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The catalog as a JSON array, every documentation field included.
///
/// # Errors
///
/// Only if serialisation fails, which plain strings do not.
pub fn to_json() -> serde_json::Result<String> {
    serde_json::to_string_pretty(RULES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for id in ids {
            assert!(id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }

    #[test]
    fn severities_parse_in_any_case() {
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
        assert!("urgent".parse::<Severity>().is_err());
        assert!(Severity::Critical > Severity::High);
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in RULES {
            for text in [rule.fires, rule.why, rule.fix_portal, rule.example] {
                assert!(text.len() > 20, "{}: {text}", rule.id);
            }
            assert!(rule.fix_powershell.contains("-Mg"), "{}", rule.id);
            assert!(!rule.summary.contains('|'), "{}", rule.id);
        }
    }

    #[test]
    fn reference_has_a_section_and_index_link_per_rule() {
        let text = reference_markdown();
        for rule in RULES {
            assert!(text.contains(&format!("\n## {}\n", rule.id)));
            assert!(text.contains(&format!("](#{})", rule.id)));
        }
        assert_eq!(text.matches("```powershell").count(), RULES.len() + 1);
    }

    #[test]
    fn wrapping_keeps_code_spans_whole_and_lists_out() {
        let text = "aaaa `b c d` - ``x`y z`` 12. end";
        let wrapped = wrap(text, 6);
        assert!(wrapped.contains("`b c d`"));
        assert!(wrapped.contains("``x`y z``"));
        for line in wrapped.lines() {
            assert!(
                !line.starts_with("- ") && !line.starts_with("12."),
                "{line}"
            );
        }
        assert_eq!(wrapped.replace('\n', " "), text);
    }

    #[test]
    fn json_lists_every_rule_with_its_fix() {
        let json: serde_json::Value = serde_json::from_str(&to_json().unwrap()).unwrap();
        let rules = json.as_array().unwrap();
        assert_eq!(rules.len(), RULES.len());
        assert_eq!(rules[0]["scope"], "admin");
        assert!(rules[0]["fix_powershell"].as_str().unwrap().contains("-Mg"));
    }
}
