//! The `tenant-audit` binary: parses arguments, runs the library, writes
//! the reports and turns the outcome into an exit code (0 done, 1 a
//! finding reached `--fail-on`, 2 the run could not complete).

mod cli;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use tenant_audit::catalog;
use tenant_audit::config;
use tenant_audit::progress::Progress;
use tenant_audit::report::{self, atomic, Report};
use tenant_audit::{diff, inspect, run};

use cli::{AuditArgs, Cli, Command, DiffArgs, RulesArgs};

// See Cargo.toml: the library allocates as any library does; the binary
// picks the allocator that suits a run of millions of small strings.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Ctrl-C removes the report being written and exits 130, as shells
    // expect of an interrupted program; a handler that cannot be set only
    // loses that clean-up.
    let _ = ctrlc::set_handler(|| atomic::interrupted(130));
    #[cfg(unix)]
    clean_up_when_stopped();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Audit(args) => audit(&args),
        Command::Inspect(args) => inspect_paths(&args.paths),
        Command::Rules(args) => print_rules(&args),
        Command::Init(args) => init(&args.path),
        Command::Completions(args) => {
            cli::completions(args.shell, &mut std::io::stdout().lock());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => man(args.dir.as_deref()),
        Command::Diff(args) => compare_runs(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(message) => {
            eprintln!("tenant-audit: {message}");
            ExitCode::from(2)
        }
    }
}

/// A run stopped by a scheduler or a timeout (SIGTERM) or by its terminal
/// closing (SIGHUP) removes the report being written as Ctrl-C does, and
/// exits with 128 and the signal's number, as a shell reports a program
/// the signal ended. A handler that cannot be set only loses the clean-up.
#[cfg(unix)]
fn clean_up_when_stopped() {
    use signal_hook::consts::{SIGHUP, SIGTERM};

    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            atomic::interrupted(128 + signal);
        }
    });
}

/// `audit`: everything that can fail before work starts is checked first,
/// so a bad output path costs no audit time.
fn audit(args: &AuditArgs) -> Result<ExitCode, String> {
    let mut options = args.options()?;
    // Before anything runs in parallel (listing the tenants does).
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|e| e.to_string())?;
    }
    let outputs = output_paths(args);
    for path in &outputs {
        atomic::check_writable(path)
            .map_err(|e| format!("{}: cannot write here: {e}", path.display()))?;
    }
    let (tenants, problems) = run::discover(&args.tenants).map_err(|e| e.to_string())?;
    for problem in &problems {
        eprintln!("tenant-audit: {problem}");
    }
    run::check_outputs(&outputs, &tenants).map_err(|e| e.to_string())?;
    for name in options.unmatched_tenants(&tenants) {
        eprintln!(
            "tenant-audit: {}: [tenants.{name}] matches no tenant of this run \
             (a tenant is named after its folder or file)",
            args.config
                .as_deref()
                .unwrap_or(Path::new("config"))
                .display()
        );
    }

    options.progress = Progress::for_run(tenants.len(), args.quiet);
    options.exits_after = true;
    let mut report = run::run(&tenants, &options);
    if args.mask {
        report::mask::mask(&mut report);
    }
    options.progress.stage("writing the reports");
    let written = write_reports(args, &report);
    options.progress.finish();
    written?;
    for hint in cli::hints(&args.tenants, &tenants, &report) {
        eprintln!("tenant-audit: {hint}");
    }
    if !args.quiet {
        eprintln!("{}", report.summary_line());
        eprintln!("report: {}", args.output.display());
    }
    let failed = args.fail_on.is_some_and(|level| report.reaches(level));
    // The process ends here: freeing a report of a hundred thousand
    // findings one by one would only delay the exit.
    std::mem::forget(report);
    Ok(ExitCode::from(u8::from(failed)))
}

/// The files the run will write (stdout, `-`, is not a file).
fn output_paths(args: &AuditArgs) -> Vec<&Path> {
    let extra = [&args.json, &args.csv].into_iter().flatten();
    let files = extra.map(|p| p.as_path()).filter(|p| *p != Path::new("-"));
    std::iter::once(args.output.as_path())
        .chain(files)
        .collect()
}

fn write_reports(args: &AuditArgs, report: &Report) -> Result<(), String> {
    let failed = |path: &Path, e: &dyn std::fmt::Display| {
        format!("{}: could not write the report: {e}", path.display())
    };
    // The workbook takes longest: the JSON and CSV are written beside it.
    let (book, text) = rayon::join(
        || {
            atomic::write_path(&args.output, |tmp| report::xlsx::write(report, tmp))
                .map_err(|e| failed(&args.output, &e))
        },
        || -> Result<(), String> {
            if let Some(path) = &args.json {
                write_text(path, |out| report::json::write(report, out))
                    .map_err(|e| failed(path, &e))?;
            }
            if let Some(path) = &args.csv {
                write_text(path, |out| report::csv::write(report, out))
                    .map_err(|e| failed(path, &e))?;
            }
            Ok(())
        },
    );
    book.and(text)
}

/// Writes to stdout for `-`, else atomically to the file.
fn write_text<F>(path: &Path, write: F) -> std::io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    if path == Path::new("-") {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        return write(&mut lock).and_then(|()| lock.flush());
    }
    atomic::write_file(path, |file| {
        let mut buffered = std::io::BufWriter::new(file);
        write(&mut buffered)?;
        buffered.flush()
    })
}

fn inspect_paths(paths: &[std::path::PathBuf]) -> Result<ExitCode, String> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let found = inspect::inspect(paths, &mut out).map_err(|e| e.to_string())?;
    Ok(ExitCode::from(if found { 0 } else { 2 }))
}

/// `diff`: exit 1 only when `--fail-on-new` is given and a finding is new.
fn compare_runs(args: &DiffArgs) -> Result<ExitCode, String> {
    let old = diff::load(&args.old).map_err(|e| e.to_string())?;
    let new = diff::load(&args.new).map_err(|e| e.to_string())?;
    let diff = diff::compare(&old, &new);

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = if args.json {
        diff::write_json(&diff, &mut out)
    } else {
        diff::write_text(&diff, &mut out)
    };
    // A closed pipe (`| head`) is a quiet success.
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(format!("could not write the comparison: {e}"));
        }
    }
    let failed = args.fail_on_new && diff.new_count() > 0;
    Ok(ExitCode::from(u8::from(failed)))
}

/// `rules`: the one-line listing, the Markdown reference or the JSON
/// catalog. A closed pipe (`| head`) ends the output quietly.
fn print_rules(args: &RulesArgs) -> Result<ExitCode, String> {
    let text = if args.markdown {
        catalog::reference_markdown()
    } else if args.json {
        let json = catalog::to_json().map_err(|e| e.to_string())?;
        json + "\n"
    } else {
        catalog::listing()
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}

/// `init`: writes the commented example, never over an existing file.
fn init(path: &Path) -> Result<ExitCode, String> {
    config::write_example(path).map_err(|e| e.to_string())?;
    eprintln!(
        "wrote {}; uncomment what you need, then run \
         `tenant-audit audit --config {} TENANT...`",
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `man`: one page on stdout, or a page per command into `dir`.
fn man(dir: Option<&Path>) -> Result<ExitCode, String> {
    match dir {
        Some(dir) => {
            cli::man_pages(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            eprintln!("wrote the man pages into {}", dir.display());
        }
        None => {
            let _ = cli::man(&mut std::io::stdout().lock());
        }
    }
    Ok(ExitCode::SUCCESS)
}
