//! The `tenant-audit` binary: parses arguments, runs the library, writes
//! the reports and turns the outcome into an exit code (0 done, 1 a
//! finding reached `--fail-on`, 2 the run could not complete).

mod cli;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Parser;

use tenant_audit::catalog;
use tenant_audit::report::{self, atomic, Report};
use tenant_audit::{inspect, run};

use cli::{AuditArgs, Cli, Command};

fn main() -> ExitCode {
    // Ctrl-C removes the report being written and exits 130, as shells
    // expect of an interrupted program; a handler that cannot be set only
    // loses that clean-up.
    let _ = ctrlc::set_handler(|| atomic::interrupted(130));
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Audit(args) => audit(&args),
        Command::Inspect(args) => inspect_paths(&args.paths),
        Command::Rules => print_rules(),
    };
    match outcome {
        Ok(code) => code,
        Err(message) => {
            eprintln!("tenant-audit: {message}");
            ExitCode::from(2)
        }
    }
}

/// `audit`: everything that can fail before work starts is checked first,
/// so a bad output path costs no audit time.
fn audit(args: &AuditArgs) -> Result<ExitCode, String> {
    let options = args.options()?;
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
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global()
            .map_err(|e| e.to_string())?;
    }

    let mut report = run::run(&tenants, &options);
    if args.mask {
        report::mask::mask(&mut report);
    }
    write_reports(args, &report)?;
    if !args.quiet {
        eprintln!("{}", report.summary_line());
        eprintln!("report: {}", args.output.display());
    }
    let failed = args.fail_on.is_some_and(|level| report.reaches(level));
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
    atomic::write_path(&args.output, |tmp| report::xlsx::write(report, tmp))
        .map_err(|e| failed(&args.output, &e))?;
    if let Some(path) = &args.json {
        write_text(path, |out| report::json::write(report, out)).map_err(|e| failed(path, &e))?;
    }
    if let Some(path) = &args.csv {
        write_text(path, |out| report::csv::write(report, out)).map_err(|e| failed(path, &e))?;
    }
    Ok(())
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

fn print_rules() -> Result<ExitCode, String> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for rule in catalog::RULES {
        let line = format!("{:<31} {:<9} {}", rule.id, rule.severity, rule.summary);
        if writeln!(out, "{}", line.trim_end()).is_err() {
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}
