//! The progress bar on stderr: rows read and their rate, files read,
//! tenants done. Built here and only here, so every long step reports the
//! same way; hidden when stderr is not a terminal (a scheduled job, a
//! pipe) or with `--quiet`, so logs never fill with redraws.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// Rows are counted in batches of this many: a shared counter touched
/// on every row would cost more than the rows of a narrow export.
pub const ROW_BATCH: u64 = 4096;

/// A handle on the run's progress bar; cheap to clone across threads.
/// The default is hidden and counts nothing.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    inner: Option<Arc<Shared>>,
}

#[derive(Debug)]
struct Shared {
    bar: ProgressBar,
    tenants: u64,
    tenants_done: AtomicU64,
    files_done: AtomicU64,
}

impl Progress {
    /// A hidden progress: every call is a no-op.
    pub fn hidden() -> Progress {
        Progress::default()
    }

    /// The bar for a run over `tenants` tenants, drawn on stderr when it
    /// is a terminal and `quiet` is off, hidden otherwise.
    pub fn for_run(tenants: usize, quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        let target = ProgressDrawTarget::stderr_with_hz(8);
        Progress::with_target(tenants, target)
    }

    /// A bar drawn to `target`; tests pass a hidden one to check the
    /// counts.
    pub fn with_target(tenants: usize, target: ProgressDrawTarget) -> Progress {
        let bar = ProgressBar::with_draw_target(None, target);
        // The template is fixed and known to parse; a failure would only
        // lose the styling, never the run.
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {human_pos} rows read ({rate}) · {msg} · {elapsed}",
        ) {
            bar.set_style(style.with_key("rate", rate));
        }
        bar.enable_steady_tick(Duration::from_millis(250));
        let shared = Shared {
            bar,
            tenants: u64::try_from(tenants).unwrap_or(u64::MAX),
            tenants_done: AtomicU64::new(0),
            files_done: AtomicU64::new(0),
        };
        let progress = Progress {
            inner: Some(Arc::new(shared)),
        };
        progress.redraw_message();
        progress
    }

    /// Counts `n` more rows read.
    pub fn rows(&self, n: u64) {
        if let Some(shared) = &self.inner {
            shared.bar.inc(n);
        }
    }

    /// Counts one more input file (or worksheet) read through.
    pub fn file_done(&self) {
        if let Some(shared) = &self.inner {
            shared.files_done.fetch_add(1, Ordering::Relaxed);
            self.redraw_message();
        }
    }

    /// Counts one more tenant audited.
    pub fn tenant_done(&self) {
        if let Some(shared) = &self.inner {
            shared.tenants_done.fetch_add(1, Ordering::Relaxed);
            self.redraw_message();
        }
    }

    /// Says what the run is doing now that reading is over.
    pub fn stage(&self, what: &'static str) {
        if let Some(shared) = &self.inner {
            shared.bar.set_message(what);
        }
    }

    /// Rows counted so far (0 when hidden).
    pub fn rows_read(&self) -> u64 {
        self.inner.as_ref().map_or(0, |s| s.bar.position())
    }

    /// Tenants counted so far (0 when hidden).
    pub fn tenants_done(&self) -> u64 {
        let done = self.inner.as_ref();
        done.map_or(0, |s| s.tenants_done.load(Ordering::Relaxed))
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(shared) = &self.inner {
            shared.bar.finish_and_clear();
        }
    }

    fn redraw_message(&self) {
        let Some(shared) = &self.inner else { return };
        let done = shared.tenants_done.load(Ordering::Relaxed);
        let files = shared.files_done.load(Ordering::Relaxed);
        let tenants = shared.tenants;
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        shared.bar.set_message(format!(
            "{done}/{tenants} tenant{} done · {} file{} read",
            plural(tenants),
            HumanCount(files),
            plural(files),
        ));
    }
}

/// Rows per second, in whole rows with thousands separators.
fn rate(state: &ProgressState, out: &mut dyn std::fmt::Write) {
    // Rates are far below 2^53 and never negative; the cast only drops
    // the fraction.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let per_second = state.per_sec().max(0.0) as u64;
    let _ = write!(out, "{}/s", HumanCount(per_second));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_progress_counts_nothing() {
        let progress = Progress::hidden();
        progress.rows(10);
        progress.tenant_done();
        assert_eq!(progress.rows_read(), 0);
        assert_eq!(progress.tenants_done(), 0);
    }

    #[test]
    fn counts_reach_the_bar() {
        let progress = Progress::with_target(2, ProgressDrawTarget::hidden());
        progress.rows(ROW_BATCH);
        progress.rows(3);
        progress.file_done();
        progress.tenant_done();
        assert_eq!(progress.rows_read(), ROW_BATCH + 3);
        assert_eq!(progress.tenants_done(), 1);
        progress.finish();
    }

    #[test]
    fn quiet_hides_the_bar() {
        let progress = Progress::for_run(3, true);
        progress.rows(5);
        assert_eq!(progress.rows_read(), 0);
    }
}
