//! The directory-role catalog: every built-in Entra role the audit knows,
//! whether it puts its holder under the administrator SSPR policy, and the
//! names and template ids exports use for it.
//!
//! Exports name roles three ways: by the current name (`Global
//! Administrator`), by a legacy MSOnline or portal name (`Company
//! Administrator`), or by template id (Graph `RoleDefinitionId`, which for
//! built-in roles equals the template id). [`lookup`] resolves all three.
//! Names and ids follow Microsoft's built-in roles reference and the
//! directory role templates that MSOnline and AzureAD listed.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::values::{split_multi, Separators};

/// One built-in directory role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleDef {
    /// The current name, e.g. `Global Administrator`.
    pub name: &'static str,
    /// The role template id as a lowercase GUID; `""` when unknown.
    pub template_id: &'static str,
    /// Holding the role puts an account under the administrator SSPR
    /// policy (the role list in `inputs.md`).
    pub admin_policy: bool,
    /// The role only reads; it never makes an admin.
    pub read_only: bool,
    /// Earlier names exports still write, e.g. `Company Administrator`.
    pub aliases: &'static [&'static str],
}

/// Canonical name of the Global Administrator role.
pub const GLOBAL_ADMINISTRATOR: &str = "Global Administrator";
/// Canonical name of the Privileged Authentication Administrator role.
pub const PRIVILEGED_AUTHENTICATION_ADMINISTRATOR: &str = "Privileged Authentication Administrator";
/// Canonical name of the role Entra Connect's sync account holds.
pub const DIRECTORY_SYNCHRONIZATION_ACCOUNTS: &str = "Directory Synchronization Accounts";

/// A role under the administrator SSPR policy.
const fn admin(
    name: &'static str,
    template_id: &'static str,
    aliases: &'static [&'static str],
) -> RoleDef {
    RoleDef {
        name,
        template_id,
        admin_policy: true,
        read_only: false,
        aliases,
    }
}

/// A role outside the administrator policy that can still change things.
const fn other(name: &'static str, template_id: &'static str) -> RoleDef {
    RoleDef {
        name,
        template_id,
        admin_policy: false,
        read_only: false,
        aliases: &[],
    }
}

/// A read-only role.
const fn reader(name: &'static str, template_id: &'static str) -> RoleDef {
    RoleDef {
        name,
        template_id,
        admin_policy: false,
        read_only: true,
        aliases: &[],
    }
}

/// Every role the audit knows, in alphabetical order of current name.
///
/// `Yammer Administrator` keeps its Entra name, which is what Graph and
/// the Entra admin center still export; Viva Engage's own name for it is
/// an alias. `Fabric Administrator` is the current name of the Power BI
/// role. The deprecated roles (AdHoc License, Email Verified User Creator,
/// Mailbox, Modern Commerce, device join roles) stay because old
/// assignments still show up in exports.
// One role a line reads as a table; rustfmt would spread each over
// five lines.
#[rustfmt::skip]
pub static ROLES: &[RoleDef] = &[
    admin("AdHoc License Administrator", "eb1d8c34-acf5-460d-8424-c1f1a6fbdb85", &[]),
    other("Agent ID Administrator", "db506228-d27e-4b7d-95e5-295956d6615f"),
    other("Agent ID Developer", "adb2368d-a9be-41b5-8667-d96778e081b0"),
    other("Agent Registry Administrator", "6b942400-691f-4bf0-9d12-d8a254a2baf5"),
    other("AI Administrator", "d2562ede-74db-457e-a7b6-544e236ebb61"),
    admin("Application Administrator", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", &[]),
    other("Application Developer", "cf1c38e5-3621-4004-a7cb-879624dced7c"),
    other("Attack Payload Author", "9c6df0f2-1e7c-4dc3-b195-66dfbd24aa8f"),
    admin("Attack Simulation Administrator", "c430b396-e693-46cc-96f3-db01bf8bb62a", &[]),
    admin("Attribute Assignment Administrator", "58a13ea3-c632-46ae-9ee0-9c0d43cd7f3d", &[]),
    reader("Attribute Assignment Reader", "ffd52fa5-98dc-465c-991d-fc073eb59f8f"),
    admin("Attribute Definition Administrator", "8424c6f0-a189-499e-bbd0-26c1753c96d4", &[]),
    reader("Attribute Definition Reader", "1d336d2c-4ae8-42ef-9711-b3604ce3fc2c"),
    admin("Attribute Log Administrator", "5b784334-f94b-471a-a387-e7219fc49ca2", &[]),
    reader("Attribute Log Reader", "9c99539d-8186-4804-835f-fd51ef9e2dcd"),
    other("Attribute Provisioning Administrator", "ecb2c6bf-0ab6-418e-bd87-7986f8d63bbe"),
    reader("Attribute Provisioning Reader", "422218e4-db15-4ef9-bbe0-8afb41546d79"),
    admin("Authentication Administrator", "c4e39bd9-1100-46d3-8c65-fb160da0071f", &[]),
    admin(
        "Authentication Extensibility Administrator",
        "25a516ed-2fa0-40ea-a2d0-12923a21473a",
        &[],
    ),
    admin("Authentication Policy Administrator", "0526716b-113d-4c15-b2c8-68e3c22b9f80", &[]),
    admin("Azure DevOps Administrator", "e3973bdf-4987-49ae-837a-ba8e231c7286", &[]),
    admin(
        "Azure Information Protection Administrator",
        "7495fdc4-34c4-4d15-a289-98788ce399fd",
        &[],
    ),
    admin("B2C IEF Keyset Administrator", "aaf43236-0c0d-4d5f-883a-6955382ac081", &[]),
    admin("B2C IEF Policy Administrator", "3edaf663-341e-4475-9f94-5c398ef6c070", &[]),
    admin("Billing Administrator", "b0f54661-2d74-4c50-afa3-1ec803f12efe", &[]),
    admin("Cloud App Security Administrator", "892c5842-a9a6-463a-8041-72aa08ca3cf6", &[]),
    admin(
        "Cloud Application Administrator",
        "158c047a-c907-4556-b7ef-446551a6b5f7",
        &["Application Proxy Service Administrator"],
    ),
    admin("Cloud Device Administrator", "7698a772-787b-4ac8-901f-60d6b08affd2", &[]),
    admin("Compliance Administrator", "17315797-102d-40b4-93e0-432062caca18", &[]),
    admin("Compliance Data Administrator", "e6d1a23a-da11-4be4-9570-befc86d067a7", &[]),
    admin("Conditional Access Administrator", "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", &[]),
    admin("Customer LockBox Access Approver", "5c4f9dcd-47dc-4cf7-8c9a-9e4207cbfc91", &[]),
    admin("Desktop Analytics Administrator", "38a96431-2bdf-4b4c-8b6e-5d3d8abac1a4", &[]),
    other("Device Join", "9c094953-4995-41c8-84c8-3ebb9b32c93f"),
    other("Device Managers", "2b499bcd-da44-4968-8aec-78e1674fa64d"),
    other("Device Users", "d405c6df-0af8-4e3b-95e4-4d06e542189e"),
    reader("Directory Readers", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"),
    admin(DIRECTORY_SYNCHRONIZATION_ACCOUNTS, "d29b2b05-8046-44ba-8758-1e26182fcf32", &[]),
    admin("Directory Writers", "9360feb5-f418-4baa-8175-e2a00bac4301", &[]),
    admin("Domain Name Administrator", "8329153b-31d0-4727-b945-745eb3bc5f31", &[]),
    other("Dragon Administrator", "e93e3737-fa85-474a-aee4-7d3fb86510f3"),
    admin(
        "Dynamics 365 Administrator",
        "44367163-eba1-44c3-98af-f5787879f96a",
        &["CRM Service Administrator"],
    ),
    admin(
        "Dynamics 365 Business Central Administrator",
        "963797fb-eb3b-4cde-8ce3-5878b3f32a3f",
        &[],
    ),
    admin("Edge Administrator", "3f1acade-1e04-4fbc-9b69-f0302cd84aef", &[]),
    admin("Email Verified User Creator", "d65e02d2-0214-4674-8e5d-766fb330e2c0", &[]),
    admin(
        "Exchange Administrator",
        "29232cdf-9323-42fd-ade2-1d097af3e4de",
        &["Exchange Service Administrator"],
    ),
    other("Exchange Backup Administrator", "49eb8f75-97e9-4e37-9b2b-6c3ebfcffa31"),
    admin("Exchange Recipient Administrator", "31392ffb-586c-42d1-9346-e59415a2cc4e", &[]),
    other("Extended Directory User Administrator", "dd13091a-6207-4fc0-82ba-3641e056ab95"),
    admin("External ID User Flow Administrator", "6e591065-9bad-43ed-90f3-e9424366d2f0", &[]),
    admin(
        "External ID User Flow Attribute Administrator",
        "0f971eea-41eb-4569-a71e-57bb8a3eff1e",
        &[],
    ),
    admin("External Identity Provider Administrator", "be2f45a1-457d-42af-a067-6ec1fa63bc45", &[]),
    admin(
        "Fabric Administrator",
        "a9ea8996-122f-4c74-9520-8edcd192826c",
        &["Power BI Service Administrator", "Power BI Administrator"],
    ),
    admin(GLOBAL_ADMINISTRATOR, "62e90394-69f5-4237-9190-012177145e10", &["Company Administrator"]),
    reader("Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451"),
    admin("Global Secure Access Administrator", "ac434307-12b9-4fa1-a708-88bf58caabc1", &[]),
    reader("Global Secure Access Log Reader", "843318fb-79a6-4168-9e6f-aa9a07481cc4"),
    admin("Groups Administrator", "fdd7a751-b60b-444a-984c-02652fe8fa1c", &[]),
    other("Guest Inviter", "95e79109-95c0-4d8e-aee3-d01accf2d47b"),
    admin("Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8", &[]),
    admin("Hybrid Identity Administrator", "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", &[]),
    admin("Identity Governance Administrator", "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e", &[]),
    admin("Insights Administrator", "eb1f4a8d-243a-41f0-9fbd-c7cdf6c5ef7c", &[]),
    other("Insights Analyst", "25df335f-86eb-4119-b717-0ff02de207e9"),
    other("Insights Business Leader", "31e939ad-9672-4796-9c2e-873181342d2d"),
    admin(
        "Intune Administrator",
        "3a2c62db-5318-420d-8d74-23affee5d9d5",
        &["Intune Service Administrator"],
    ),
    other("IoT Device Administrator", "2ea5ce4c-b2d8-4668-bd81-3680bd2d227a"),
    other("Kaizala Administrator", "74ef975b-6605-40af-a5d2-b9539d836353"),
    admin("Knowledge Administrator", "b5a8dcf3-09d5-43a9-a639-8e29ef291470", &[]),
    other("Knowledge Manager", "744ec460-397e-42ad-a462-8b3f9747a02c"),
    admin("License Administrator", "4d6ac14f-3453-41d0-bef9-a3e0c569773a", &[]),
    admin("Lifecycle Workflows Administrator", "59d46f88-662b-457b-bceb-5c3809e5908f", &[]),
    admin("Mailbox Administrator", "b5468a13-3945-4a40-b0b1-5d78c2676bbf", &[]),
    reader("Message Center Privacy Reader", "ac16e43d-7b2d-40e0-ac05-243ff356ab5b"),
    reader("Message Center Reader", "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b"),
    other("Microsoft 365 Backup Administrator", "1707125e-0aa2-4d4d-8655-a7c786c76a25"),
    admin("Microsoft 365 Migration Administrator", "8c8b803f-96e1-4129-9349-20738d9f9652", &[]),
    other("Microsoft 365 Support Engineer", "00cf5c54-4693-4f59-a0ac-ab79ef0a974d"),
    admin(
        "Microsoft Entra Joined Device Local Administrator",
        "9f06204d-73c1-4d4c-880a-6edb90606fd8",
        &[
            "Device Administrators",
            "Azure AD Joined Device Local Administrator",
        ],
    ),
    other("Microsoft Graph Data Connect Administrator", "ee67aa9c-e510-4759-b906-227085a7fd4d"),
    admin("Microsoft Hardware Warranty Administrator", "1501b917-7653-4ff9-a4b5-203eaf33784f", &[]),
    other("Microsoft Hardware Warranty Specialist", "281fe777-fb20-4fbb-b7a3-ccebce5b0d96"),
    admin(
        "Modern Commerce Administrator",
        "d24aef57-1500-4070-84db-2666f29cf966",
        &["Modern Commerce User"],
    ),
    admin("Network Administrator", "d37c8bed-0711-4417-ba38-b4abe66ce4c2", &[]),
    admin("Office Apps Administrator", "2b745bdf-0803-4d80-aa65-822c4493daac", &[]),
    admin("Organizational Branding Administrator", "92ed04bf-c94a-4b82-9729-b799a7a4c178", &[]),
    other("Organizational Data Source Administrator", "9d70768a-0cbc-4b4c-aea3-2e124b2477f4"),
    other("Organizational Messages Approver", "e48398e2-f4bb-4074-8f31-4586725e205b"),
    other("Organizational Messages Writer", "507f53e4-4e52-4077-abd3-d2e1558b6ea2"),
    admin("Partner Tier1 Support", "4ba39ca4-527c-499a-b93d-d9b492c50246", &[]),
    admin("Partner Tier2 Support", "e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", &[]),
    admin("Password Administrator", "966707d0-3269-4727-9be2-8c3a10f19b9d", &[]),
    other("People Administrator", "024906de-61e5-49c8-8572-40335f1e0e10"),
    admin("Permissions Management Administrator", "af78dc32-cf4d-46f9-ba4e-4428526346b5", &[]),
    other("Places Administrator", "78b0ccd1-afc2-4f92-9116-b41aedd09592"),
    admin("Power Platform Administrator", "11648597-926c-4cf3-9c36-bcebb0ba8dcc", &[]),
    admin("Printer Administrator", "644ef478-e28f-4e28-b9dc-3fdde9aa0b1f", &[]),
    other("Printer Technician", "e8cef6f1-e4bd-4ea8-bc07-4b8d950f4477"),
    admin(PRIVILEGED_AUTHENTICATION_ADMINISTRATOR, "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", &[]),
    admin("Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814", &[]),
    reader("Reports Reader", "4a5d8f65-41da-4de4-8968-e035b65339cf"),
    admin("Search Administrator", "0964bb5e-9bdb-4d7b-ac29-58e794862a40", &[]),
    other("Search Editor", "8835291a-918c-4fd7-a9ce-faa49f0cf7d9"),
    admin("Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d", &[]),
    other("Security Operator", "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f"),
    reader("Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509"),
    admin("Service Support Administrator", "f023fd81-a637-4b56-95fd-791ac0226033", &[]),
    admin(
        "SharePoint Administrator",
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        &["SharePoint Service Administrator"],
    ),
    other("SharePoint Advanced Management Administrator", "99009c4a-3b3f-4957-82a9-9d35e12db77e"),
    other("SharePoint Backup Administrator", "9d3e04ba-3ee4-4d1b-a3a7-9aef423a09be"),
    other("SharePoint Embedded Administrator", "1a7d78b6-429f-476b-b8eb-35fb715fffd4"),
    admin(
        "Skype for Business Administrator",
        "75941009-915a-4869-abe7-691bff18279e",
        &["Lync Service Administrator"],
    ),
    admin(
        "Teams Administrator",
        "69091246-20e8-4a56-aa4d-066075b2a7a8",
        &["Teams Service Administrator"],
    ),
    admin("Teams Communications Administrator", "baf37b3a-610e-45da-9e62-d9d1e5e8914b", &[]),
    other("Teams Communications Support Engineer", "f70938a0-fc10-4177-9e90-2178f8765737"),
    other("Teams Communications Support Specialist", "fcf91098-03e3-41a9-b5ba-6f0ec8188a12"),
    admin("Teams Devices Administrator", "3d762c5a-1b6c-493f-843e-55a3b42923d4", &[]),
    reader("Teams Reader", "1076ac91-f3d9-41a7-a339-dcdf5f480acc"),
    other("Teams Telephony Administrator", "aa38014f-0993-46e9-9b45-30501a20909d"),
    other("Tenant Creator", "112ca1a2-15ad-4102-995e-45b0bc479a6a"),
    reader("Usage Summary Reports Reader", "75934031-6c7e-415a-99d7-48dbd49e875e"),
    admin(
        "User Administrator",
        "fe930be7-5e62-47db-91af-98c3a49a38b1",
        &["User Account Administrator"],
    ),
    other("User Experience Success Manager", "27460883-1df1-4691-b032-3b79643e5e63"),
    admin("Virtual Visits Administrator", "e300d9e7-4a2b-4295-9eff-f1c78b36cc98", &[]),
    other("Viva Glint Tenant Administrator", "0ec3f692-38d6-4d14-9e69-0377ca7797ad"),
    admin("Viva Goals Administrator", "92b086b3-e367-4ef2-b869-1de128fb986e", &[]),
    admin("Viva Pulse Administrator", "87761b17-1ed2-4af3-9acd-92a150038160", &[]),
    admin("Windows 365 Administrator", "11451d60-acb2-45eb-a7d6-43d0f0125c13", &[]),
    admin("Windows Update Deployment Administrator", "32696413-001a-46ae-978c-ce0f6b3620d2", &[]),
    other("Workplace Device Join", "c34f683f-4d5a-4403-affd-6615e00e3a7f"),
    admin(
        "Yammer Administrator",
        "810a2642-a034-447f-a5e8-41beaa378541",
        &["Viva Engage Administrator"],
    ),
];

/// The lookup tables, built once on first use.
struct Index {
    /// Name key (see [`name_key`]) of every name and alias.
    by_name: HashMap<String, &'static RoleDef>,
    /// Lowercase template id.
    by_id: HashMap<&'static str, &'static RoleDef>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(build_index)
}

fn build_index() -> Index {
    let mut by_name = HashMap::new();
    let mut by_id = HashMap::new();
    for role in ROLES {
        let names = std::iter::once(role.name).chain(role.aliases.iter().copied());
        for name in names {
            by_name.insert(name_key(name), role);
        }
        if !role.template_id.is_empty() {
            by_id.insert(role.template_id, role);
        }
    }
    Index { by_name, by_id }
}

/// Finds a role by current name, legacy name or template id.
///
/// Names match ignoring case, whitespace, underscores, dots and hyphens,
/// and a trailing `admin` reads as `administrator` (`Exchange admin`, as
/// the Microsoft 365 admin center shortens it). A template id matches in
/// any case, with or without braces; a Graph `RoleDefinitionId` of a
/// built-in role is its template id, so it matches too. Custom roles and
/// unknown names give `None`.
pub fn lookup(text: &str) -> Option<&'static RoleDef> {
    let index = index();
    if let Some(id) = guid_key(text) {
        return index.by_id.get(id.as_str()).copied();
    }

    let key = name_key(text);
    if key.is_empty() {
        return None;
    }
    let found = index.by_name.get(&key).copied();
    found.or_else(|| {
        let long = key
            .strip_suffix("admin")
            .map(|stem| format!("{stem}administrator"));
        long.and_then(|long| index.by_name.get(&long).copied())
    })
}

/// The matching key of a role name.
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|&c| !(c.is_whitespace() || matches!(c, '_' | '.' | '-' | '\u{FEFF}')))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The lowercase GUID in `text`, when `text` is one (braces allowed).
fn guid_key(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);

    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let hex = groups
        .iter()
        .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()));
    (lengths == [8, 4, 4, 4, 12] && hex).then(|| text.to_ascii_lowercase())
}

/// Whether a UPN or display name marks the directory sync account.
///
/// Entra Connect creates `Sync_<server>_<id>@tenant.onmicrosoft.com`
/// (display name `On-Premises Directory Synchronization Service
/// Account`); cloud sync creates `ADToAADSyncServiceAccount@...`. Case is
/// ignored.
pub fn is_sync_account_name(upn_or_name: &str) -> bool {
    let text = upn_or_name.trim();
    let local = text.rsplit_once('@').map_or(text, |(local, _)| local);
    let local = local.to_ascii_lowercase();

    local.starts_with("sync_")
        || local.starts_with("adtoaadsyncserviceaccount")
        || text.eq_ignore_ascii_case("On-Premises Directory Synchronization Service Account")
}

/// Splits an `AdminRoles`-style cell into role names.
///
/// MFA-status scripts join role names with commas (others use `;` or
/// `|`); role names never hold these. Empty markers such as `No roles`
/// give an empty list.
pub fn split_role_list(cell: &str) -> Vec<&str> {
    split_multi(cell, Separators::LIST)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The administrator-policy roles as `inputs.md` names them.
    const SPEC_ADMIN_ROLES: &[&str] = &[
        "AdHoc License",
        "Application",
        "Application Proxy Service",
        "Cloud Application",
        "Attack Simulation",
        "Attribute Assignment",
        "Attribute Definition",
        "Attribute Log",
        "Authentication",
        "Authentication Extensibility",
        "Authentication Policy",
        "Azure DevOps",
        "Azure Information Protection",
        "B2C IEF Keyset",
        "B2C IEF Policy",
        "Billing",
        "Cloud App Security",
        "Cloud Device",
        "Compliance",
        "Compliance Data",
        "Conditional Access",
        "Desktop Analytics",
        "Domain Name",
        "Dynamics 365",
        "Dynamics 365 Business Central",
        "Edge",
        "Exchange",
        "Exchange Recipient",
        "External ID User Flow",
        "External ID User Flow Attribute",
        "External Identity Provider",
        "Global",
        "Global Secure Access",
        "Groups",
        "Helpdesk",
        "Hybrid Identity",
        "Identity Governance",
        "Insights",
        "Intune",
        "Knowledge",
        "License",
        "Lifecycle Workflows",
        "Mailbox",
        "Microsoft Hardware Warranty",
        "Microsoft365 Migration",
        "Modern Commerce",
        "Network",
        "Office Apps",
        "Organizational Branding",
        "Password",
        "Permissions Management",
        "Power BI Service",
        "Fabric",
        "Power Platform",
        "Printer",
        "Privileged Authentication",
        "Privileged Role",
        "Search",
        "Security",
        "Service Support",
        "SharePoint",
        "Skype for Business",
        "Teams",
        "Teams Communications",
        "Teams Devices",
        "User",
        "Virtual Visits",
        "Viva Goals",
        "Viva Pulse",
        "Windows365",
        "Windows Update Deployment",
        "Yammer",
        "Viva Engage",
    ];

    /// The spec's roles whose names do not end in "Administrator".
    const SPEC_OTHER_ADMIN_ROLES: &[&str] = &[
        "Customer LockBox Access Approver",
        "Device Administrators",
        "Directory Synchronization Accounts",
        "Directory Writers",
        "Email Verified User Creator",
        "Microsoft Entra Joined Device Local Administrator",
        "Partner Tier1 Support",
        "Partner Tier2 Support",
    ];

    fn name_of(text: &str) -> Option<&'static str> {
        lookup(text).map(|role| role.name)
    }

    #[test]
    fn every_spec_role_resolves_under_the_admin_policy() {
        let named = SPEC_ADMIN_ROLES
            .iter()
            .map(|r| format!("{r} Administrator"));
        let others = SPEC_OTHER_ADMIN_ROLES.iter().map(|r| (*r).to_owned());
        for name in named.chain(others) {
            let role = lookup(&name).unwrap_or_else(|| panic!("{name} unknown"));
            assert!(role.admin_policy, "{name} not under the admin policy");
            assert!(!role.read_only, "{name}");
        }
    }

    #[test]
    fn legacy_aliases_resolve_to_current_names() {
        let cases = [
            ("Company Administrator", GLOBAL_ADMINISTRATOR),
            ("User Account Administrator", "User Administrator"),
            ("Exchange Service Administrator", "Exchange Administrator"),
            (
                "SharePoint Service Administrator",
                "SharePoint Administrator",
            ),
            (
                "Lync Service Administrator",
                "Skype for Business Administrator",
            ),
            ("Intune Service Administrator", "Intune Administrator"),
            ("CRM Service Administrator", "Dynamics 365 Administrator"),
            ("Power BI Service Administrator", "Fabric Administrator"),
            ("Power BI Administrator", "Fabric Administrator"),
            (
                "Application Proxy Service Administrator",
                "Cloud Application Administrator",
            ),
            (
                "Device Administrators",
                "Microsoft Entra Joined Device Local Administrator",
            ),
            (
                "Azure AD Joined Device Local Administrator",
                "Microsoft Entra Joined Device Local Administrator",
            ),
            ("Teams Service Administrator", "Teams Administrator"),
            ("Viva Engage Administrator", "Yammer Administrator"),
            ("Modern Commerce User", "Modern Commerce Administrator"),
        ];
        for (alias, canonical) in cases {
            assert_eq!(name_of(alias), Some(canonical), "{alias}");
        }
    }

    #[test]
    fn template_ids_resolve_in_any_case_and_with_braces() {
        let ga = "62e90394-69f5-4237-9190-012177145e10";
        assert_eq!(name_of(ga), Some(GLOBAL_ADMINISTRATOR));
        assert_eq!(name_of(&ga.to_uppercase()), Some(GLOBAL_ADMINISTRATOR));
        assert_eq!(name_of(&format!(" {{{ga}}} ")), Some(GLOBAL_ADMINISTRATOR));
        let paa = "7BE44C8A-ADAF-4E2A-84D6-AB2649E08A13";
        assert_eq!(name_of(paa), Some(PRIVILEGED_AUTHENTICATION_ADMINISTRATOR));
        let sync = "d29b2b05-8046-44ba-8758-1e26182fcf32";
        assert_eq!(name_of(sync), Some(DIRECTORY_SYNCHRONIZATION_ACCOUNTS));
    }

    #[test]
    fn unknown_guids_and_names_give_none() {
        assert_eq!(lookup("00000000-0000-0000-0000-000000000000"), None);
        assert_eq!(lookup("Contoso Custom Role"), None);
        assert_eq!(lookup(""), None);
        assert_eq!(lookup(" - "), None);
        assert_eq!(lookup("Administrator"), None);
        assert_eq!(lookup("admin"), None);
    }

    #[test]
    fn readers_are_not_admins() {
        for name in [
            "Global Reader",
            "Security Reader",
            "Directory Readers",
            "Reports Reader",
        ] {
            let role = lookup(name).unwrap_or_else(|| panic!("{name} unknown"));
            assert!(!role.admin_policy, "{name}");
            assert!(role.read_only, "{name}");
        }
        let global_reader = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
        assert_eq!(lookup(global_reader).map(|r| r.admin_policy), Some(false));
    }

    #[test]
    fn names_match_across_case_and_spacing() {
        let variants = [
            "global administrator",
            "GLOBAL_ADMINISTRATOR",
            "Global.Administrator",
            "  Global\u{A0}Administrator ",
            "GlobalAdministrator",
            "Global admin",
        ];
        for text in variants {
            assert_eq!(name_of(text), Some(GLOBAL_ADMINISTRATOR), "{text:?}");
        }
        assert_eq!(
            name_of("Partner Tier 1 Support"),
            Some("Partner Tier1 Support")
        );
        assert_eq!(
            name_of("Windows365 Administrator"),
            Some("Windows 365 Administrator")
        );
    }

    #[test]
    fn catalog_names_and_ids_are_unique_and_well_formed() {
        let mut keys = std::collections::HashSet::new();
        let mut ids = std::collections::HashSet::new();
        for role in ROLES {
            for name in std::iter::once(role.name).chain(role.aliases.iter().copied()) {
                assert!(keys.insert(name_key(name)), "duplicate name {name}");
            }
            let id = role.template_id;
            assert_eq!(guid_key(id).as_deref(), Some(id), "{}", role.name);
            assert!(ids.insert(id), "duplicate id {id}");
            assert!(!(role.admin_policy && role.read_only), "{}", role.name);
        }
    }

    #[test]
    fn sync_account_names_are_recognised() {
        let names = [
            "Sync_DC01_1a2b3c4d5e6f@contoso.onmicrosoft.com",
            "SYNC_server@contoso.com",
            "ADToAADSyncServiceAccount@contoso.onmicrosoft.com",
            "adtoaadsyncserviceaccount",
            "On-Premises Directory Synchronization Service Account",
        ];
        for name in names {
            assert!(is_sync_account_name(name), "{name}");
        }
        for name in [
            "ann@contoso.com",
            "sync@contoso.com",
            "Async_x@contoso.com",
            "",
        ] {
            assert!(!is_sync_account_name(name), "{name}");
        }
    }

    #[test]
    fn role_lists_split_and_ignore_no_roles() {
        let cell = "Company Administrator, User Account Administrator;Helpdesk Administrator";
        let want = [
            "Company Administrator",
            "User Account Administrator",
            "Helpdesk Administrator",
        ];
        assert_eq!(split_role_list(cell), want);
        assert!(split_role_list("No roles").is_empty());
        assert!(split_role_list("-").is_empty());
        assert_eq!(
            split_role_list("Global Reader | Global Administrator").len(),
            2
        );
    }

    proptest! {
        #[test]
        fn lookups_never_panic(text in "\\PC*") {
            let _ = lookup(&text);
            let _ = is_sync_account_name(&text);
            let _ = split_role_list(&text);
        }

        #[test]
        fn any_spelling_of_a_guid_finds_its_role(index in 0..ROLES.len(), upper: bool) {
            let role = &ROLES[index];
            let id = if upper {
                role.template_id.to_uppercase()
            } else {
                format!("{{{}}}", role.template_id)
            };
            prop_assert_eq!(lookup(&id).map(|r| r.name), Some(role.name));
        }
    }
}
