//! Building the tenant model from files: discovering a tenant's files,
//! reading each table for the parts it plays, and joining rows about the
//! same account.
//!
//! Role, registration, settings and carrier tables are read first, so
//! that the users tables, usually the largest, can be streamed once and
//! only the rows of admins kept (every row is kept with `--all-users`).
//! Memory thus grows with the number of admins, not of users.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::columns::{self, Field, Layout, Recognised, ShapeCheck, FIELD_COUNT};
use crate::model::{
    Account, Assignment, Carrier, Known, Method, PrincipalKind, RoleAssignment, Tenant,
};
use crate::phone;
use crate::progress::{self, Progress};
use crate::read::ahead::ReadAhead;
use crate::read::{self, Limits, Record};
use crate::report::InputSummary;
use crate::roles;
use crate::source::{InputIssue, Origin, Source};
use crate::values::{self, lowercase, Cell, Separators};

/// A tenant to audit: a folder of exports, or a single file.
#[derive(Clone, Debug)]
pub struct TenantFiles {
    /// The folder's name, or the file's stem.
    pub name: String,
    /// Each file with its name as reports show it, sorted by that name.
    pub files: Vec<(PathBuf, String)>,
}

/// Options that change what is kept while reading.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Keep every user, not only admins.
    pub all_users: bool,
    /// Resource limits for the readers.
    pub limits: Limits,
    /// Where rows and files read are counted.
    pub progress: Progress,
}

/// A tenant read from its files.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The model.
    pub tenant: Tenant,
    /// Every table read, with its parts and row counts.
    pub inputs: Vec<InputSummary>,
    /// Damaged files, sheets, rows and cells.
    pub issues: Vec<InputIssue>,
}

/// Lists a tenant's files.
///
/// A folder contributes every regular, non-hidden file directly inside
/// it, in name order (sub-folders are separate tenants, not part of this
/// one); a file is a tenant of its own.
///
/// # Errors
///
/// When the path does not exist or cannot be listed.
pub fn discover(path: &Path) -> std::io::Result<TenantFiles> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_dir() {
        let name = file_stem(path);
        let shown = file_name(path);
        return Ok(TenantFiles {
            name,
            files: vec![(path.to_path_buf(), shown)],
        });
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let shown = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        if is_file && !shown.starts_with('.') && !shown.starts_with("~$") {
            files.push((entry.path(), shown));
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(TenantFiles {
        name: file_name(path),
        files,
    })
}

fn file_name(path: &Path) -> String {
    // `.` and `..` have no file name of their own; the folder they point
    // at does.
    let named = path
        .file_name()
        .map(|n| n.to_owned())
        .or_else(|| path.canonicalize().ok()?.file_name().map(|n| n.to_owned()));
    named
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file_name(path))
}

/// Reads a tenant's files into the model.
///
/// Never fails: a file, sheet or row that cannot be read becomes an input
/// issue and the rest is read.
///
/// At most `opts.limits.max_files` files are read, the first in name
/// order; an input issue on the first file left out says how many were.
pub fn load(files: &TenantFiles, opts: &LoadOptions) -> Loaded {
    load_with(files, opts, true).0
}

/// [`load`], passing users rows over where it can (`pass_over`, see
/// [`TableRead::pass_over`]) or making every row a record; gives how many
/// rows were passed over too.
fn load_with(files: &TenantFiles, opts: &LoadOptions, pass_over: bool) -> (Loaded, u64) {
    let mut builder = Builder::new(&files.name, opts);
    builder.pass_over = pass_over;
    let max = opts.limits.max_files;
    if let Some((_, first)) = files.files.get(max) {
        builder
            .issues
            .push(too_many_files(first, files.files.len(), max));
    }
    let mut pending = Vec::new();
    for (path, shown) in files.files.iter().take(max) {
        pending.extend(builder.open(path, shown));
    }

    // Users tables last, those that also name admins first among them:
    // by then every admin is known, so other users' rows can be passed
    // over as they stream by.
    let (mut users, mut others): (Vec<Pending>, Vec<Pending>) =
        pending.into_iter().partition(|p| p.layout().parts.users);
    users.sort_by_key(|p| !names_admins(p.layout()));
    // Role tables before the registration report, so that its rows about
    // other users can be passed over too, unless a users table may still
    // name admins of its own.
    others.sort_by_key(|p| !p.layout().parts.roles);
    let users_name_admins = users.iter().any(|p| {
        let layout = p.layout();
        names_admins(layout) || layout.has(Field::AdminRoles)
    });
    builder.keep_registration = opts.all_users || users_name_admins;
    for table in others.into_iter().chain(users) {
        builder.read_table(table);
    }
    let passed = builder.passed;
    (builder.finish(), passed)
}

/// The issue for a folder over the file limit, put on the first file left
/// out.
fn too_many_files(first: &str, count: usize, max: usize) -> InputIssue {
    let message = format!(
        "the folder holds {count} files, over the limit of {max}: this file and \
         the {} after it (in name order) were not read",
        count.saturating_sub(max).saturating_sub(1)
    );
    InputIssue::whole(&Origin::file(first), message)
}

/// Reads a carrier lookup given once for every tenant (`--carriers`).
pub fn load_carriers(path: &Path, limits: &Limits) -> Loaded {
    let files = TenantFiles {
        name: String::new(),
        files: vec![(path.to_path_buf(), file_name(path))],
    };
    let opts = LoadOptions {
        all_users: false,
        limits: limits.clone(),
        progress: Progress::hidden(),
    };
    load(&files, &opts)
}

fn names_admins(layout: &Layout) -> bool {
    layout.parts.roles || layout.has(Field::IsAdmin)
}

/// Text files from this size on are parsed on a thread of their own
/// while the model is built on the caller's.
const READ_AHEAD_BYTES: u64 = 8 << 20;

/// A recognised table waiting to be read, with the digest of its file.
struct Pending {
    table: Recognised,
    sha256: Arc<read::Checksum>,
    /// Problems a streamed file reveals only as its rows are read.
    late: read::IssueSink,
    path: PathBuf,
    /// The file's size in bytes.
    bytes: u64,
}

impl Pending {
    fn layout(&self) -> &Layout {
        &self.table.layout
    }
}

/// What a row gave one of the parts it plays.
type RowResult = Result<(), RowProblem>;

/// Why a part could not use a row.
struct RowProblem {
    column: Option<usize>,
    message: String,
}

impl RowProblem {
    fn new(column: Option<usize>, message: impl Into<String>) -> RowProblem {
        RowProblem {
            column,
            message: message.into(),
        }
    }
}

/// A registration report's row, joined to accounts at the end.
#[derive(Default)]
struct Registration {
    registered: Known<bool>,
    capable: Known<bool>,
    methods: Known<BTreeSet<Method>>,
    is_admin: bool,
    upn: Option<String>,
    display_name: Option<String>,
}

/// The model under construction.
struct Builder<'o> {
    opts: &'o LoadOptions,
    tenant: Tenant,
    inputs: Vec<InputSummary>,
    issues: Vec<InputIssue>,
    // The three are looked up for every users row: they hash with foldhash
    // (seeded per run, like SipHash) at a fraction of SipHash's cost.
    /// Lowercase UPNs and object ids that hold an admin role.
    admins: foldhash::HashSet<String>,
    /// Object ids that role rows name a principal by.
    role_ids: foldhash::HashSet<String>,
    /// Registration rows by lowercase UPN or object id.
    registration: foldhash::HashMap<String, Registration>,
    /// Keep every registration row, not only admins': every user is
    /// audited, or a users table may name more admins.
    keep_registration: bool,
    /// Columns empty in every row of their table: unknown, not missing.
    empty_columns: HashSet<(Origin, Field)>,
    /// The domain `note_domains` noted last, as spelled.
    last_domain: String,
    /// Pass users rows over where they can be (see
    /// [`TableRead::pass_over`]), and how many were.
    pass_over: bool,
    passed: u64,
}

impl<'o> Builder<'o> {
    fn new(name: &str, opts: &'o LoadOptions) -> Builder<'o> {
        let tenant = Tenant {
            name: name.to_string(),
            ..Tenant::default()
        };
        Builder {
            opts,
            tenant,
            inputs: Vec::new(),
            issues: Vec::new(),
            admins: Default::default(),
            role_ids: Default::default(),
            registration: Default::default(),
            keep_registration: true,
            empty_columns: HashSet::new(),
            last_domain: String::new(),
            pass_over: true,
            passed: 0,
        }
    }

    /// Opens a file and recognises its tables. A file with no table at
    /// all is listed among the inputs with no parts.
    fn open(&mut self, path: &Path, shown: &str) -> Vec<Pending> {
        let file = read::open(path, shown, &self.opts.limits);
        self.issues.extend(file.issues);
        if file.tables.is_empty() {
            let origin = Origin::file(shown);
            let sha = digest(&file.sha256, path);
            self.inputs.push(summary(&origin, Vec::new(), (0, 0), sha));
            return Vec::new();
        }
        let mut pending = Vec::new();
        for table in file.tables {
            let mut table = columns::recognise(table);
            self.issues.append(&mut table.issues);
            pending.push(Pending {
                table,
                sha256: file.sha256.clone(),
                late: file.late_issues.clone(),
                path: path.to_path_buf(),
                bytes: file.bytes,
            });
        }
        pending
    }

    /// Streams a table's rows into the model and lists it among the inputs.
    fn read_table(&mut self, pending: Pending) {
        let Pending {
            table,
            sha256,
            late,
            path,
            bytes,
        } = pending;
        let Recognised { layout, rows, .. } = table;
        self.note_coverage(&layout);
        let mut reading = TableRead::new(&layout, &self.opts.progress);
        let passing = (self.pass_over && !self.opts.all_users)
            .then(|| PassOver::of(&layout))
            .flatten();
        match passing {
            Some(passing) => self.pass_over_rows(&mut reading, &passing, rows),
            None => self.take_rows(&mut reading, bytes, rows),
        }
        let TableRead {
            seen,
            shape,
            read,
            rejected,
            counted,
            passed,
            ..
        } = reading;
        self.passed += passed;
        let progress = &self.opts.progress;
        progress.rows(counted % progress::ROW_BATCH);
        progress.file_done();
        self.note_empty_columns(&layout, &seen);
        if !layout.parts.is_empty() {
            self.issues.extend(shape.finish(&layout));
        }
        // Taking the digest waits for the file's hashing thread, which may
        // still report bad bytes.
        let sha = digest(&sha256, &path);
        if let Ok(mut late) = late.lock() {
            self.issues.append(&mut late);
        }
        let parts = layout.parts.names();
        self.inputs
            .push(summary(&layout.origin, parts, (read, rejected), sha));
    }

    /// Reads a users table whose rows can be passed over (see
    /// [`TableRead::pass_over`]). Nearly every row of a users export is
    /// another user's: such rows are passed over as they are split, on
    /// this thread, and only the rest are made records. That is less work
    /// than parsing every row into a record on a thread of its own.
    fn pass_over_rows(
        &mut self,
        reading: &mut TableRead,
        passing: &PassOver,
        mut rows: read::Rows,
    ) {
        loop {
            let next = rows.next_passing(&mut |line| reading.pass_over(self, passing, line));
            let Some(record) = next else { break };
            reading.take(self, &record, None);
            record.recycle();
        }
    }

    /// Reads every row of a table as a record: a large text file's parsed
    /// on a thread of its own (see [`read_ahead`]).
    fn take_rows(&mut self, reading: &mut TableRead, bytes: u64, rows: read::Rows) {
        let layout = reading.layout;
        // When every user is kept, most of a users row's cost is building
        // its account, which needs nothing but the row: the accounts of
        // the next batch are built (on every thread) while those of this
        // one are joined into the model, in file order.
        let prebuild = self.opts.all_users && layout.parts.users;
        match read_ahead(layout, bytes, rows) {
            Ok(mut ahead) if prebuild => {
                let build = |batch: &[Record]| -> Vec<Option<Box<Account>>> {
                    let batch = batch.par_iter().with_min_len(256);
                    batch.map(|record| user_account(layout, record)).collect()
                };
                let mut ready = None;
                loop {
                    let next = ahead.next_batch();
                    let (built, spent) = rayon::join(
                        || next.as_deref().map(build),
                        || {
                            let (batch, built): (Vec<Record>, Vec<_>) = ready.take()?;
                            for (record, built) in batch.iter().zip(built) {
                                reading.take(self, record, built);
                            }
                            Some(batch)
                        },
                    );
                    if let Some(batch) = spent {
                        ahead.give_back(batch);
                    }
                    match next.zip(built) {
                        Some(both) => ready = Some(both),
                        None => break,
                    }
                }
            }
            Ok(mut ahead) => {
                while let Some(batch) = ahead.next_batch() {
                    batch
                        .iter()
                        .for_each(|record| reading.take(self, record, None));
                    ahead.give_back(batch);
                }
            }
            Err(rows) => rows.for_each(|record| {
                reading.take(self, &record, None);
                record.recycle();
            }),
        }
    }

    fn note_coverage(&mut self, layout: &Layout) {
        let coverage = &mut self.tenant.coverage;
        let parts = layout.parts;
        coverage.users |= parts.users;
        coverage.registration |= parts.registration;
        coverage.carriers |= parts.carriers;
        coverage.admin_flags |= layout.has(Field::IsAdmin);
        coverage.role_names |= parts.roles;
    }

    fn note_empty_columns(&mut self, layout: &Layout, seen: &[bool]) {
        for (field, filled) in seen.iter().enumerate() {
            let Some(field) = Field::ALL.get(field).copied() else {
                continue;
            };
            if !filled && layout.has(field) {
                self.empty_columns.insert((layout.origin.clone(), field));
            }
        }
    }

    /// Hands a row to every part its table plays. Returns whether any
    /// part could use it; each part that could not says why. `built` is
    /// the row's account when [`user_account`] made it already.
    fn read_row(&mut self, layout: &Layout, record: &Record, built: Option<Box<Account>>) -> bool {
        for (column, message) in &record.damage {
            let column = Some(layout.column_name(*column));
            let origin = &layout.origin;
            let issue = InputIssue::at(origin, record.row, column, message);
            self.issues.push(issue);
        }
        let parts = layout.parts;
        // Nothing is allocated for a row every part could use.
        let (mut used, mut problems) = (false, Vec::new());
        let mut note = |result: RowResult| match result {
            Ok(()) => used = true,
            Err(problem) => problems.push(problem),
        };
        if parts.settings {
            note(self.settings_row(layout, record));
        }
        if parts.carriers {
            note(self.carrier_row(layout, record));
        }
        if parts.roles {
            note(self.roles_row(layout, record));
        }
        if parts.registration {
            note(self.registration_row(layout, record));
        }
        if parts.users {
            note(self.users_row(layout, record, built));
        }
        for problem in problems {
            let column = problem.column.map(|c| layout.column_name(c));
            let origin = &layout.origin;
            let message = problem.message;
            let issue = InputIssue::at(origin, record.row, column, message);
            self.issues.push(issue);
        }
        used
    }
}

/// What is counted and checked across the rows of one table as they are
/// read.
struct TableRead<'l> {
    layout: &'l Layout,
    progress: Progress,
    /// Rows handed over, blank ones included, for the progress bar.
    counted: u64,
    /// Rows read (not blank), and of those, rows no part could use and
    /// rows passed over.
    read: u64,
    rejected: u64,
    passed: u64,
    /// Fields seen filled in some row.
    seen: [bool; FIELD_COUNT],
    /// The columns of fields not seen filled yet: only those are looked
    /// at, so the check costs little once the first rows are read.
    unseen: Vec<(usize, Field)>,
    shape: ShapeCheck,
}

impl<'l> TableRead<'l> {
    fn new(layout: &'l Layout, progress: &Progress) -> TableRead<'l> {
        let unseen = layout
            .fields
            .iter()
            .enumerate()
            .filter_map(|(index, field)| Some((index, (*field)?)))
            .collect();
        TableRead {
            layout,
            progress: progress.clone(),
            counted: 0,
            read: 0,
            rejected: 0,
            passed: 0,
            seen: [false; FIELD_COUNT],
            unseen,
            shape: ShapeCheck::new(layout),
        }
    }

    fn count(&mut self) {
        self.counted += 1;
        if self.counted % progress::ROW_BATCH == 0 {
            self.progress.rows(progress::ROW_BATCH);
        }
    }

    /// Reads one row into the model. `built` is the row's account when
    /// [`user_account`] made it already.
    fn take(&mut self, builder: &mut Builder, record: &Record, built: Option<Box<Account>>) {
        self.count();
        if columns::is_blank(record) && record.damage.is_empty() {
            return;
        }
        self.read += 1;
        note_filled(|c| record.cell(c), &mut self.unseen, &mut self.seen);
        let layout = self.layout;
        if !layout.parts.is_empty() {
            builder.issues.extend(self.shape.row(layout, record));
        }
        if !builder.read_row(layout, record, built) {
            self.rejected += 1;
        }
    }

    /// Passes over a users row that gives the model nothing but its
    /// domains, to the same effect as [`TableRead::take`] without a
    /// record. Gives false, having changed nothing, for a row that needs
    /// more: an admin's, one whose object id is referred to, one with no
    /// UPN or with cells past the header.
    fn pass_over(&mut self, builder: &mut Builder, passing: &PassOver, line: &read::Line) -> bool {
        let text = |column: Option<usize>| match values::classify(line.cell(column?)?) {
            Cell::Text(text) => Some(text),
            Cell::Empty | Cell::TypeName(_) => None,
        };
        if line.len() > self.shape.plain_width() {
            return false;
        }
        let Some(upn) = text(passing.upn) else {
            return false;
        };
        let key = lowercase(upn);
        let object_id = text(passing.object_id).map(normalise_id);
        if builder.wanted(&key, object_id.as_deref()) != (false, false) {
            return false;
        }

        self.count();
        self.read += 1;
        self.passed += 1;
        note_filled(|c| line.cell(c), &mut self.unseen, &mut self.seen);
        self.shape.narrow(line.row, line.len());
        builder.note_domains(upn, text(passing.mail), text(passing.proxies));
        true
    }
}

/// The columns a users row is passed over by (see
/// [`TableRead::pass_over`]), for a table whose rows can be: one that
/// plays no part but users, with one column for each field read, and no
/// column that makes a row an admin's by itself.
struct PassOver {
    upn: Option<usize>,
    mail: Option<usize>,
    proxies: Option<usize>,
    object_id: Option<usize>,
}

impl PassOver {
    fn of(layout: &Layout) -> Option<PassOver> {
        let parts = layout.parts;
        let only_users = parts.users && !(parts.settings || parts.carriers);
        let only_users = only_users && !(parts.roles || parts.registration);
        let flags = layout.has(Field::IsAdmin) || layout.has(Field::AdminRoles);
        if !only_users || flags {
            return None;
        }
        let column = |field| match layout.columns_of(field) {
            [] => Some(None),
            [only] => Some(Some(*only)),
            _ => None,
        };
        Some(PassOver {
            upn: Some(column(Field::Upn)??),
            mail: column(Field::Mail)?,
            proxies: column(Field::ProxyAddresses)?,
            object_id: column(Field::ObjectId)?,
        })
    }
}

/// The rows of a large text file, parsed on a thread of their own (see
/// [`ReadAhead`]); small files, worksheets and runs held to one thread
/// (`--threads 1`) are read on this thread.
fn read_ahead(layout: &Layout, bytes: u64, rows: read::Rows) -> Result<ReadAhead, read::Rows> {
    let text = layout.origin.sheet.is_none();
    let large = bytes >= READ_AHEAD_BYTES;
    if text && large && read::threads_to_spare() {
        ReadAhead::start(rows)
    } else {
        Err(rows)
    }
}

/// Marks the fields whose cell in this row is not blank. A field seen
/// filled once is not looked at again, so on a large file this costs a
/// few rows' work, not a pass over every cell.
fn note_filled<'c>(
    cell: impl Fn(usize) -> Option<&'c str>,
    unseen: &mut Vec<(usize, Field)>,
    seen: &mut [bool],
) {
    let mut found = false;
    for &(index, field) in unseen.iter() {
        let filled = cell(index).is_some_and(|c| !matches!(values::classify(c), Cell::Empty));
        if filled {
            seen[field as usize] = true;
            found = true;
        }
    }
    if found {
        unseen.retain(|&(_, field)| !seen[field as usize]);
    }
}

/// The file digest, computed now if the reader could not.
fn digest(sha: &read::Checksum, path: &Path) -> String {
    if let Some(sha) = sha.get() {
        return sha;
    }
    read::sha256_file(path).unwrap_or_default()
}

fn summary(
    origin: &Origin,
    parts: Vec<&'static str>,
    (rows, rows_rejected): (u64, u64),
    sha256: String,
) -> InputSummary {
    InputSummary {
        file: origin.file.clone(),
        sheet: origin.sheet.clone(),
        parts,
        rows,
        rows_rejected,
        sha256,
    }
}

/// A row of a recognised table, with the helpers that read its cells.
struct Row<'a> {
    layout: &'a Layout,
    record: &'a Record,
}

impl<'a> Row<'a> {
    fn source(&self) -> Source {
        self.layout.origin.at(self.record.row)
    }

    /// The cell of `field`, classified; `None` when no column holds it.
    fn cell(&self, field: Field) -> Option<Cell<'a>> {
        self.layout.get(self.record, field).map(values::classify)
    }

    /// The cell's text, when it holds some.
    fn text(&self, field: Field) -> Option<&'a str> {
        match self.cell(field)? {
            Cell::Text(text) => Some(text),
            Cell::Empty | Cell::TypeName(_) => None,
        }
    }

    fn column(&self, field: Field) -> Option<usize> {
        self.layout.column_for(self.record, field)
    }

    /// A yes/no cell; a cell that is neither becomes a problem.
    fn flag(&self, field: Field) -> Result<Option<bool>, RowProblem> {
        let Some(text) = self.text(field) else {
            return Ok(None);
        };
        match values::parse_bool(text) {
            Some(flag) => Ok(Some(flag)),
            None => Err(RowProblem::new(
                self.column(field),
                format!("`{text}` is not a yes/no value; the cell was ignored"),
            )),
        }
    }

    /// A cell as the audit knows it: a value, an empty cell, a type-name
    /// leak, or unknown when no column holds the field.
    fn known<T>(&self, field: Field, parse: impl FnOnce(&str) -> T) -> Known<T> {
        let source = self.source();
        match self.cell(field) {
            None => Known::Unknown,
            Some(Cell::Empty) => Known::Missing(source),
            Some(Cell::TypeName(raw)) => Known::NotExported {
                raw: raw.to_string(),
                source,
            },
            Some(Cell::Text(text)) => Known::Value {
                value: parse(text),
                source,
            },
        }
    }

    fn known_flag(&self, field: Field) -> Known<bool> {
        match self.flag(field) {
            Ok(Some(_)) => self.known(field, |t| values::parse_bool(t) == Some(true)),
            Ok(None) => self.known(field, |_| false),
            Err(_) => Known::Unknown,
        }
    }
}

impl Builder<'_> {
    /// A settings row: a one-row table of switches, or one `Name`/`Value`
    /// pair.
    fn settings_row(&mut self, layout: &Layout, record: &Record) -> RowResult {
        let row = Row { layout, record };
        let source = row.source();
        let switches = if layout.has(Field::SettingName) {
            let name = row.text(Field::SettingName).unwrap_or("");
            let Some(field) = setting_field(name) else {
                return Ok(());
            };
            vec![(field, Field::SettingValue)]
        } else {
            let all = [Field::SsprSetting, Field::AllowedToUseSspr, Field::DirSync];
            all.into_iter().map(|f| (f, f)).collect()
        };
        for (switch, column) in switches {
            let Some(flag) = row.flag(column)? else {
                continue;
            };
            let settings = &mut self.tenant.settings;
            let slot = match switch {
                Field::SsprSetting => &mut settings.sspr_enabled,
                Field::AllowedToUseSspr => &mut settings.allowed_to_use_sspr,
                _ => &mut settings.dir_sync,
            };
            slot.get_or_insert((flag, source.clone()));
        }
        Ok(())
    }

    /// A carrier lookup row: a number with its line type or carrier.
    fn carrier_row(&mut self, layout: &Layout, record: &Record) -> RowResult {
        let row = Row { layout, record };
        let Some(raw) = row.text(Field::LookupPhone) else {
            let column = row.column(Field::LookupPhone);
            return Err(RowProblem::new(column, "no phone number; row ignored"));
        };
        let Some(e164) = phone::to_e164(raw, None) else {
            let column = row.column(Field::LookupPhone);
            let message = "not a valid international number; row ignored";
            return Err(RowProblem::new(column, message));
        };
        let line = row
            .text(Field::LineType)
            .and_then(phone::line_type_from_lookup);
        let name = row.text(Field::CarrierName).map(str::to_string);
        let carrier = Carrier {
            line,
            name,
            source: row.source(),
        };
        self.tenant.carriers.entry(e164).or_insert(carrier);
        Ok(())
    }

    /// A role row: one principal and one role, or (MFA-status scripts) a
    /// user with every role joined in one cell.
    fn roles_row(&mut self, layout: &Layout, record: &Record) -> RowResult {
        let row = Row { layout, record };
        if layout.has(Field::AdminRoles) {
            return self.joined_roles(&row);
        }
        let (principal, by_object_id) = principal_of(&row)?;
        let Some((role, admin_role)) = role_of(&row) else {
            let column = row.column(Field::RoleName).or(row.column(Field::RoleId));
            return Err(RowProblem::new(column, "no role name; row ignored"));
        };
        let kind = principal_kind(&row);
        let state = match row.text(Field::AssignmentState) {
            Some(s) if s.to_lowercase().contains("eligible") => Assignment::Eligible,
            _ => Assignment::Active,
        };
        let via_group = row.text(Field::MemberType).is_some_and(|m| {
            let m = m.to_lowercase();
            m.contains("inherit") || m.contains("group")
        });
        self.add_assignment(RoleAssignment {
            principal,
            by_object_id,
            kind,
            role,
            admin_role,
            state,
            via_group,
            source: row.source(),
        });
        Ok(())
    }

    fn joined_roles(&mut self, row: &Row) -> RowResult {
        let Some(upn) = row.text(Field::Upn) else {
            let column = row.column(Field::Upn);
            return Err(RowProblem::new(column, "no user principal name"));
        };
        let cell = row.text(Field::AdminRoles).unwrap_or("");
        for name in roles::split_role_list(cell) {
            let (role, admin_role) = named_role(name);
            self.add_assignment(RoleAssignment {
                principal: upn.to_lowercase(),
                by_object_id: false,
                kind: PrincipalKind::User,
                role,
                admin_role,
                state: Assignment::Active,
                via_group: false,
                source: row.source(),
            });
        }
        Ok(())
    }

    fn add_assignment(&mut self, assignment: RoleAssignment) {
        let user = assignment.kind == PrincipalKind::User;
        if assignment.by_object_id {
            self.role_ids.insert(assignment.principal.clone());
        }
        if assignment.admin_role && user {
            self.admins.insert(assignment.principal.clone());
        }
        self.tenant.assignments.push(assignment);
    }
}

/// The settings switch a `Name` cell names.
fn setting_field(name: &str) -> Option<Field> {
    match values::normalise_header(name).as_str() {
        "selfservepasswordresetenabled" => Some(Field::SsprSetting),
        "allowedtousesspr" => Some(Field::AllowedToUseSspr),
        "directorysynchronizationenabled" => Some(Field::DirSync),
        _ => None,
    }
}

/// The principal of a role row: by name, UPN or email, else object id.
fn principal_of(row: &Row) -> Result<(String, bool), RowProblem> {
    let named = [Field::Principal, Field::Upn]
        .into_iter()
        .find_map(|f| row.text(f));
    if let Some(name) = named {
        return Ok((name.to_lowercase(), false));
    }
    if let Some(id) = row.text(Field::PrincipalId) {
        return Ok((normalise_id(id).into_owned(), true));
    }
    let column = row.column(Field::Principal).or(row.column(Field::Upn));
    Err(RowProblem::new(column, "no principal; row ignored"))
}

/// A role row's role: the catalog's canonical name and whether it is under
/// the administrator SSPR policy.
fn role_of(row: &Row) -> Option<(String, bool)> {
    if let Some(name) = row.text(Field::RoleName) {
        return Some(named_role(name));
    }
    row.text(Field::RoleId).map(named_role)
}

fn named_role(name: &str) -> (String, bool) {
    match roles::lookup(name) {
        Some(def) => (def.name.to_string(), def.admin_policy),
        None => (name.to_string(), false),
    }
}

fn principal_kind(row: &Row) -> PrincipalKind {
    let text = row.text(Field::PrincipalType).unwrap_or("").to_lowercase();
    if text.contains("service") || text == "app" || text == "application" {
        PrincipalKind::ServicePrincipal
    } else if text.contains("group") {
        PrincipalKind::Group
    } else {
        PrincipalKind::User
    }
}

/// Object ids compared lowercase, without braces.
fn normalise_id(id: &str) -> Cow<'_, str> {
    lowercase(id.trim_matches(|c| c == '{' || c == '}'))
}

impl Builder<'_> {
    /// A registration report row, kept until every account is known.
    fn registration_row(&mut self, layout: &Layout, record: &Record) -> RowResult {
        let row = Row { layout, record };
        let key = match (row.text(Field::Upn), row.text(Field::ObjectId)) {
            (Some(upn), _) => lowercase(upn),
            (None, Some(id)) => normalise_id(id),
            (None, None) => {
                let column = row.column(Field::Upn);
                return Err(RowProblem::new(column, "no user principal name"));
            }
        };
        let mut problems = Vec::new();
        for field in [Field::SsprRegistered, Field::SsprCapable, Field::IsAdmin] {
            if let Err(problem) = row.flag(field) {
                problems.push(problem);
            }
        }
        let is_admin = row.flag(Field::IsAdmin).ok().flatten() == Some(true);
        let id = row.text(Field::ObjectId).map(normalise_id);
        let admin = is_admin
            || self.admins.contains(&*key)
            || id.as_ref().is_some_and(|id| self.admins.contains(&**id));
        // A registration report covers every user: only admins' rows are
        // held when only admins are audited, so memory stays flat, and
        // nothing is made of the others' beyond the checks above.
        if self.keep_registration || admin {
            let registration = Registration {
                registered: row.known_flag(Field::SsprRegistered),
                capable: row.known_flag(Field::SsprCapable),
                methods: row.known(Field::MethodsRegistered, parse_methods),
                is_admin,
                upn: row.text(Field::Upn).map(str::to_string),
                display_name: row.text(Field::DisplayName).map(str::to_string),
            };
            if let (Some(id), Some(upn)) = (id, &registration.upn) {
                self.tenant
                    .object_ids
                    .insert(id.into_owned(), upn.to_lowercase());
            }
            self.registration
                .entry(key.into_owned())
                .or_insert(registration);
        }
        problems.into_iter().next().map_or(Ok(()), Err)
    }

    /// A users row: every user's domains are noted, but only admins (or,
    /// with `--all-users`, everyone) are kept.
    fn users_row(
        &mut self,
        layout: &Layout,
        record: &Record,
        built: Option<Box<Account>>,
    ) -> RowResult {
        let row = Row { layout, record };
        let Some(upn) = row.text(Field::Upn) else {
            let column = row.column(Field::Upn);
            let message = "no user principal name; row ignored";
            return Err(RowProblem::new(column, message));
        };
        // Most rows are passed over: nothing is allocated for them that
        // is not needed to decide so.
        let key = lowercase(upn);
        let (mail, proxies) = (row.text(Field::Mail), row.text(Field::ProxyAddresses));
        self.note_domains(upn, mail, proxies);
        let object_id = row.text(Field::ObjectId).map(normalise_id);

        let flagged = is_flagged(&row);
        let (admin, referred) = self.wanted(&key, object_id.as_deref());
        let keep = self.opts.all_users || flagged || admin;
        // Only ids something else refers to are remembered: a million-user
        // directory would otherwise hold every id for nothing.
        if let Some(id) = &object_id {
            if keep || referred {
                self.tenant
                    .object_ids
                    .insert(id.to_string(), key.to_string());
            }
        }
        if !keep {
            return Ok(());
        }

        let account = built.unwrap_or_else(|| {
            let object_id = object_id.map(Cow::into_owned);
            new_account(&row, upn, &key, object_id, flagged)
        });
        let problem = enabled_problem(&row);
        match self.tenant.accounts.entry(key.into_owned()) {
            Entry::Vacant(slot) => {
                slot.insert(account);
            }
            Entry::Occupied(mut slot) => merge_account(slot.get_mut(), *account),
        }
        problem.map_or(Ok(()), Err)
    }

    /// Whether a users row of this lowercase UPN and object id is an
    /// admin's by what the tables read before said, and whether its
    /// object id is one they refer to.
    fn wanted(&self, key: &str, object_id: Option<&str>) -> (bool, bool) {
        let registered_admin = self.registration.get(key).is_some_and(|r| r.is_admin);
        let by_id = |set: &foldhash::HashSet<String>| object_id.is_some_and(|id| set.contains(id));
        let admin = registered_admin || self.admins.contains(key) || by_id(&self.admins);
        let referred =
            by_id(&self.role_ids) || object_id.is_some_and(|id| self.registration.contains_key(id));
        (admin, referred)
    }

    /// Whether `address` ends in `@` and the domain noted last.
    fn ends_in_last_domain(&self, address: &str) -> bool {
        let domain = self.last_domain.as_str();
        let Some(at) = address.len().checked_sub(domain.len() + 1) else {
            return false;
        };
        !domain.is_empty() && address.ends_with(domain) && address.as_bytes().get(at) == Some(&b'@')
    }

    /// Notes the domains of a users row's addresses (UPN, mail, proxy
    /// addresses) as the tenant's own.
    fn note_domains(&mut self, upn: &str, mail: Option<&str>, proxies: Option<&str>) {
        let proxies = proxies
            .into_iter()
            .flat_map(|cell| values::split_multi(cell, Separators::PROXY))
            .filter_map(|part| values::proxy_address(part).map(|(_, address)| address));
        let addresses = std::iter::once(upn).chain(mail).chain(proxies);
        for address in addresses {
            // Row after row names the same domain: it is looked up once,
            // and seen at the end of the address without a search.
            if self.ends_in_last_domain(address) {
                continue;
            }
            let Some(domain) = values::email_domain(address) else {
                continue;
            };
            self.last_domain.clear();
            self.last_domain.push_str(domain);
            let domain = lowercase(domain);
            if !self.tenant.domains.contains(&*domain) {
                self.tenant.domains.insert(domain.into_owned());
            }
        }
    }
}

/// The account a users row gives, as `users_row` builds it for a row it
/// keeps; `None` for a row without a UPN.
fn user_account(layout: &Layout, record: &Record) -> Option<Box<Account>> {
    let row = Row { layout, record };
    let upn = row.text(Field::Upn)?;
    let key = lowercase(upn);
    let object_id = row
        .text(Field::ObjectId)
        .map(|id| normalise_id(id).into_owned());
    Some(new_account(&row, upn, &key, object_id, is_flagged(&row)))
}

/// A users row's account with its own addresses; `key` is the lowercase
/// UPN.
fn new_account(
    row: &Row,
    upn: &str,
    key: &str,
    object_id: Option<String>,
    flagged: bool,
) -> Box<Account> {
    let mut account = account_from(row, upn, object_id, flagged);
    account.own_addresses = addresses_of(row, key);
    Box::new(account)
}

/// Whether a users row marks its account as an admin itself.
fn is_flagged(row: &Row) -> bool {
    row.flag(Field::IsAdmin).ok().flatten() == Some(true)
        || row
            .text(Field::AdminRoles)
            .is_some_and(|r| !roles::split_role_list(r).is_empty())
}

/// The account's own addresses: UPN, mail and proxy addresses, lowercase.
fn addresses_of(row: &Row, upn_key: &str) -> Vec<String> {
    let mut addresses = vec![upn_key.to_string()];
    if let Some(mail) = row.text(Field::Mail) {
        addresses.push(mail.to_lowercase());
    }
    if let Some(proxies) = row.text(Field::ProxyAddresses) {
        for part in values::split_multi(proxies, Separators::PROXY) {
            if let Some((_, address)) = values::proxy_address(part) {
                addresses.push(address.to_lowercase());
            }
        }
    }
    addresses
}

/// Reports an enabled/blocked cell that is not a yes/no value.
fn enabled_problem(row: &Row) -> Option<RowProblem> {
    [Field::AccountEnabled, Field::Blocked, Field::SignInStatus]
        .into_iter()
        .find_map(|f| row.flag(f).err())
}

/// Whether the account can sign in, from whichever column the export
/// has: `accountEnabled`, or the inverted `BlockCredential` /
/// `Block sign in`, or `SignInStatus` (Allowed / Blocked).
fn enabled_of(row: &Row) -> Known<bool> {
    for field in [Field::AccountEnabled, Field::SignInStatus] {
        if let Ok(Some(flag)) = row.flag(field) {
            return Known::Value {
                value: flag,
                source: row.source(),
            };
        }
    }
    if let Ok(Some(blocked)) = row.flag(Field::Blocked) {
        return Known::Value {
            value: !blocked,
            source: row.source(),
        };
    }
    Known::Unknown
}

fn account_from(row: &Row, upn: &str, object_id: Option<String>, flagged: bool) -> Account {
    let text = |f| row.text(f).map(str::to_string);
    let mut account = Account {
        upn: upn.to_string(),
        object_id,
        display_name: text(Field::DisplayName),
        enabled: enabled_of(row),
        usage_location: text(Field::UsageLocation),
        country: text(Field::Country),
        auth_phone: row.known(Field::AuthPhone, str::to_string),
        mobile: row.known(Field::Mobile, str::to_string),
        office_phone: row.known(Field::OfficePhone, first_of_list),
        auth_email: row.known(Field::AuthEmail, str::to_string),
        alt_emails: row.known(Field::AltEmail, split_list),
        flagged_admin: flagged,
        methods: row.known(Field::MfaMethods, parse_methods),
        in_directory: true,
        source: Some(row.source()),
        ..Account::default()
    };
    // An unflattened StrongAuthenticationUserDetails cell holds a type
    // name: the authentication phone and email were there but were not
    // exported.
    if let Some(Cell::TypeName(raw)) = row.cell(Field::StrongAuthDetails) {
        let leak = || Known::NotExported {
            raw: raw.to_string(),
            source: row.source(),
        };
        account.auth_phone.merge(leak());
        account.auth_email.merge(leak());
    }
    account
}

fn first_of_list(text: &str) -> String {
    let mut parts = values::split_multi(text, Separators::LIST).into_iter();
    parts.next().unwrap_or(text).to_string()
}

fn split_list(text: &str) -> Vec<String> {
    let parts = values::split_multi(text, Separators::LIST).into_iter();
    parts.map(str::to_string).collect()
}

/// Reads a registered-methods cell, in API (`mobilePhone,email`), portal
/// (`Mobile phone, Email, Microsoft Authenticator app`) or MSOnline
/// (`PhoneAppNotification, OneWaySMS`) wording.
pub fn parse_methods(text: &str) -> BTreeSet<Method> {
    let parts = values::split_multi(text, Separators::LIST).into_iter();
    parts
        .map(|part| method_of(&values::normalise_header(part)))
        .collect()
}

fn method_of(key: &str) -> Method {
    match key {
        "email" | "emailaddress" | "emailotp" => Method::Email,
        "mobilephone" | "mobile" | "sms" | "onewaysms" | "twowaysms" | "twowayvoicemobile"
        | "phone" | "phonenumber" | "textmessage" => Method::MobilePhone,
        "officephone" | "twowayvoiceoffice" => Method::OfficePhone,
        "alternatemobilephone" | "twowayvoicealternatemobile" => Method::AlternateMobilePhone,
        _ if is_app_method(key) => Method::AuthenticatorApp,
        _ => Method::Other,
    }
}

fn is_app_method(key: &str) -> bool {
    key.contains("authenticator")
        || key.starts_with("phoneapp")
        || key.starts_with("softwareonetimepasscode")
        || key.contains("softwareoath")
        || key == "mobileapp"
        || key.contains("mobileappnotification")
        || key.contains("mobileappcode")
}

/// Joins a row about an account into what is known of it.
fn merge_account(into: &mut Account, from: Account) {
    if into.upn.is_empty() {
        into.upn = from.upn;
    }
    into.object_id = into.object_id.take().or(from.object_id);
    into.display_name = into.display_name.take().or(from.display_name);
    into.usage_location = into.usage_location.take().or(from.usage_location);
    into.country = into.country.take().or(from.country);
    into.enabled.merge(from.enabled);
    into.auth_phone.merge(from.auth_phone);
    into.mobile.merge(from.mobile);
    into.office_phone.merge(from.office_phone);
    into.auth_email.merge(from.auth_email);
    into.alt_emails.merge(from.alt_emails);
    into.own_addresses.extend(from.own_addresses);
    into.flagged_admin |= from.flagged_admin;
    into.sspr_registered.merge(from.sspr_registered);
    into.sspr_capable.merge(from.sspr_capable);
    into.methods.merge(from.methods);
    into.in_directory |= from.in_directory;
    if into.source.is_none() {
        into.source = from.source;
    }
}

impl Builder<'_> {
    /// Joins what was kept until the end: registration rows, role holders
    /// missing from the users inputs, and columns found empty throughout.
    fn finish(mut self) -> Loaded {
        self.resolve_object_ids();
        self.join_registration();
        self.add_missing_principals();
        let empty: Vec<(Origin, Field)> = self.empty_columns.drain().collect();
        if !empty.is_empty() {
            let accounts = self.tenant.accounts.par_iter_mut();
            accounts.for_each(|(_, account)| forget_empty_columns(account, &empty));
        }
        Loaded {
            tenant: self.tenant,
            inputs: self.inputs,
            issues: self.issues,
        }
    }

    /// Graph role exports name principals by object id: use the UPN where
    /// a users or registration input gives it.
    fn resolve_object_ids(&mut self) {
        let ids = &self.tenant.object_ids;
        for assignment in &mut self.tenant.assignments {
            if !assignment.by_object_id {
                continue;
            }
            if let Some(upn) = ids.get(&assignment.principal) {
                assignment.principal = upn.clone();
                assignment.by_object_id = false;
            }
        }
    }

    fn join_registration(&mut self) {
        let registration = std::mem::take(&mut self.registration);
        for (key, row) in registration {
            let key = self.tenant.object_ids.get(&key).cloned().unwrap_or(key);
            let is_admin = row.is_admin || self.admins.contains(&key);
            let account = match self.tenant.accounts.get_mut(&key) {
                Some(account) => account,
                None if is_admin => {
                    let upn = row.upn.clone().unwrap_or_else(|| key.clone());
                    let fresh = Account {
                        upn,
                        ..Account::default()
                    };
                    self.tenant.accounts.entry(key).or_insert(Box::new(fresh))
                }
                None => continue,
            };
            account.flagged_admin |= row.is_admin;
            account.sspr_registered.merge(row.registered);
            account.sspr_capable.merge(row.capable);
            account.methods.merge(row.methods);
            if account.display_name.is_none() {
                account.display_name = row.display_name;
            }
        }
    }

    /// Admin-role holders that no users input contains still get an
    /// account, so the audit can say so (`admin-not-in-directory`).
    fn add_missing_principals(&mut self) {
        for assignment in &self.tenant.assignments {
            let user = assignment.kind == PrincipalKind::User;
            if !assignment.admin_role || !user {
                continue;
            }
            let key = &assignment.principal;
            if self.tenant.accounts.contains_key(key) {
                continue;
            }
            let account = Account {
                upn: key.clone(),
                object_id: assignment.by_object_id.then(|| key.clone()),
                source: Some(assignment.source.clone()),
                ..Account::default()
            };
            self.tenant.accounts.insert(key.clone(), Box::new(account));
        }
    }
}

/// Turns "missing" into "unknown" for values whose column was empty in
/// every row of its table: such columns are export bugs, not facts.
///
/// `empty` holds a few columns at most: a scan of it costs less than
/// hashing a file name for every value of every account.
fn forget_empty_columns(account: &mut Account, empty: &[(Origin, Field)]) {
    fn forget<T>(known: &mut Known<T>, field: Field, empty: &[(Origin, Field)]) {
        if let Known::Missing(source) = known {
            let column = |(origin, f): &(Origin, Field)| *f == field && *origin == source.origin;
            if empty.iter().any(column) {
                *known = Known::Unknown;
            }
        }
    }
    forget(&mut account.auth_phone, Field::AuthPhone, empty);
    forget(&mut account.mobile, Field::Mobile, empty);
    forget(&mut account.office_phone, Field::OfficePhone, empty);
    forget(&mut account.auth_email, Field::AuthEmail, empty);
    forget(&mut account.alt_emails, Field::AltEmail, empty);
    forget(&mut account.sspr_registered, Field::SsprRegistered, empty);
    forget(&mut account.sspr_capable, Field::SsprCapable, empty);
    forget(&mut account.methods, Field::MethodsRegistered, empty);
    forget(&mut account.methods, Field::MfaMethods, empty);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_domain_is_told_only_after_an_at() {
        let opts = LoadOptions {
            all_users: false,
            limits: Limits::default(),
            progress: Progress::hidden(),
        };
        let mut builder = Builder::new("t", &opts);
        assert!(!builder.ends_in_last_domain("a@contoso.example"));
        builder.last_domain = "contoso.example".into();
        assert!(builder.ends_in_last_domain("a@contoso.example"));
        assert!(builder.ends_in_last_domain("@contoso.example"));
        assert!(!builder.ends_in_last_domain("a@xcontoso.example"));
        assert!(!builder.ends_in_last_domain("contoso.example"));
        assert!(!builder.ends_in_last_domain("a@Contoso.example"));
        assert!(!builder.ends_in_last_domain(""));
    }

    /// Loads a tenant of `files` (name, bytes) both ways, passing users
    /// rows over and making every row a record, and gives each load in a
    /// form that does not depend on hashing order, with how many rows
    /// were passed over.
    fn load_both_ways(files: &[(&str, &[u8])], limits: Limits) -> (String, String, u64) {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let tenant = discover(dir.path()).unwrap();
        let opts = LoadOptions {
            all_users: false,
            limits,
            progress: Progress::hidden(),
        };
        let (passing, passed) = load_with(&tenant, &opts, true);
        let (every, none) = load_with(&tenant, &opts, false);
        assert_eq!(none, 0);
        (settled(&passing), settled(&every), passed)
    }

    fn settled(loaded: &Loaded) -> String {
        let tenant = &loaded.tenant;
        let accounts: std::collections::BTreeMap<_, _> = tenant.accounts.iter().collect();
        let ids: std::collections::BTreeMap<_, _> = tenant.object_ids.iter().collect();
        let domains: BTreeSet<_> = tenant.domains.iter().collect();
        format!(
            "{accounts:?}\n{ids:?}\n{domains:?}\n{:?}\n{:?}\n{:?}",
            tenant.assignments, loaded.inputs, loaded.issues
        )
    }

    /// Users rows passed over leave the model, the row counts and the
    /// input issues as rows made records do, whatever the row holds:
    /// quotes, a delimiter or a line break inside quotes, CR LF and bare
    /// CR, bad bytes, a cell over the limit, cells past the header, no
    /// UPN, an admin in another case, object ids a role names, a column
    /// empty throughout and a last row cut short.
    #[test]
    fn users_rows_passed_over_read_as_records_do() {
        let mut users = b"\xEF\xBB\xBFuserPrincipalName,displayName,mail,objectId,\
proxyAddresses,accountEnabled,mobile,otherMails\r\n"
            .to_vec();
        let rows: &[&[u8]] = &[
            b"ann@contoso.example,Ann,ann@contoso.example,id-1,,True,+44 7400 111111,\r\n",
            b"\"bob@contoso.example\",\"Bob\",\"\",\"ID-2\",\"\",\"True\",\"\",\"\"\r\n",
            b"ADA@CONTOSO.EXAMPLE,Ada,ada@fabrikam.example,id-3,,True,,\r\n",
            b"cy@contoso.example,\"Smith, Cy\",,id-4,,True,,\r\n",
            b"di@contoso.example,\"Di\r\nTwo lines\",,id-5,,True,,\r\n",
            b"ed@contoso.example,E\rd,,id-6,,True,,\r\n",
            b"fay@contoso.example,F\xFFay,,id-7,,True,,\r\n",
            b"gus@contoso.example,Gus,,id-8,\"SMTP:gus@contoso.example;smtp:g@tailspin.example\",True,,\r\n",
            b",No UPN,,id-9,,True,,\r\n",
            b"System.String[],Type name,,id-10,,True,,\r\n",
            b"hal@contoso.example,Hal,,ID-11,,True,,,extra\r\n",
            b"\r\n",
            b"ivy@contoso.example,\"I\"\"vy\",,id-12,,True,,\r\n",
            b"jo@contoso.example,Jo,,{ID-13},,maybe,,\r\n",
            b"kim@contoso.example,Kim,kim@northwind.example,id-14,,True,,\r\n",
        ];
        for row in rows {
            users.extend_from_slice(row);
        }
        users.extend_from_slice(b"lee@contoso.example,");
        users.extend_from_slice("L".repeat(300).as_bytes());
        users.extend_from_slice(b",,id-15,,True,,\r\nmo@contoso.example,Mo,,id-16\r\n");
        let roles = b"RoleName,UserPrincipalName,PrincipalId\n\
Global Administrator,ada@contoso.example,\n\
User Administrator,,id-11\n\
Helpdesk Administrator,,{id-13}\n";
        let limits = Limits {
            max_cell_bytes: 256,
            ..Limits::default()
        };
        let files: &[(&str, &[u8])] = &[("users.csv", &users), ("roles.csv", roles)];
        let (passing, every, passed) = load_both_ways(files, limits);
        assert_eq!(passing, every);
        // Ann, Bob (every cell quoted), Gus, Kim, Mo (cut short) and the
        // `d` the bare CR after `E` starts: the others are an admin's,
        // named by id, damaged, or need the parser.
        assert_eq!(passed, 6);
        assert!(every.contains("fabrikam.example") && every.contains("tailspin.example"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 64,
            failure_persistence: None,
            ..Default::default()
        })]

        /// Generated users files, cells quoted or not and holding quotes,
        /// delimiters and line breaks, read both ways alike.
        #[test]
        fn generated_users_rows_passed_over_read_as_records_do(
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    (0..3u8, "[a-c ,\"\\r\\n@.]{0,6}|[a-c]{1,3}@[a-c]\\.example"),
                    0..7,
                ),
                1..24,
            ),
        ) {
            let mut users = b"userPrincipalName,mail,objectId,proxyAddresses,mobile\n".to_vec();
            for row in &rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|(quoting, cell)| match quoting {
                        0 => format!("\"{}\"", cell.replace('"', "\"\"")),
                        _ => cell.clone(),
                    })
                    .collect();
                users.extend_from_slice(cells.join(",").as_bytes());
                users.push(b'\n');
            }
            let roles = b"RoleName,UserPrincipalName,PrincipalId\n\
    Global Administrator,a@a.example,\n\
    User Administrator,,b@b.example\n";
            let files: &[(&str, &[u8])] = &[("users.csv", &users), ("roles.csv", roles)];
            let (passing, every, _) = load_both_ways(files, Limits::default());
            proptest::prop_assert_eq!(passing, every);
        }
    }

    #[test]
    fn methods_in_every_wording() {
        let api = parse_methods("mobilePhone,email,microsoftAuthenticatorPush");
        let portal = parse_methods("Mobile phone, Email, Microsoft Authenticator app");
        assert_eq!(api, portal);
        let msol = parse_methods("PhoneAppNotification, OneWaySMS");
        assert!(msol.contains(&Method::AuthenticatorApp));
        assert!(msol.contains(&Method::MobilePhone));
        let other = parse_methods("securityQuestion");
        assert_eq!(other.into_iter().collect::<Vec<_>>(), [Method::Other]);
    }
}
