//! Rows of a large text table parsed on a thread of their own while the
//! caller's thread builds the model from them.
//!
//! Records travel in batches, so the hand-over costs nothing per row, and
//! each batch goes back to the parsing thread, whose next rows reuse its
//! records' buffers (see `Record::recycle`): a million-row file then costs
//! a few thousand allocations, not millions. (A first version freed the
//! records on the reading side and was slower than reading on one
//! thread.)

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use super::{Record, Rows};

/// Records per batch: large enough that the hand-over is rare, small
/// enough that the batches in flight stay a few megabytes.
const BATCH: usize = 2048;

/// Batches parsed ahead of the one in use.
const AHEAD: usize = 2;

/// The parsing thread and the two ways to it.
pub struct ReadAhead {
    batches: Receiver<Vec<Record>>,
    spent: Option<Sender<Vec<Record>>>,
    worker: Option<JoinHandle<()>>,
}

impl ReadAhead {
    /// Starts parsing `rows` on a new thread; gives `rows` back if no
    /// thread can be started.
    pub fn start(rows: Rows) -> Result<ReadAhead, Rows> {
        let (send, batches) = mpsc::sync_channel(AHEAD);
        let (spent, returned) = mpsc::channel::<Vec<Record>>();
        // The rows are handed over once the thread runs, so that a failed
        // start leaves them here.
        let (hand, take) = mpsc::sync_channel::<Rows>(1);
        let worker = std::thread::Builder::new()
            .name("rows".into())
            .spawn(move || {
                if let Ok(rows) = take.recv() {
                    parse(rows, send, &returned);
                }
            });
        let Ok(worker) = worker else {
            return Err(rows);
        };
        if let Err(mpsc::SendError(rows)) = hand.send(rows) {
            return Err(rows);
        }
        Ok(ReadAhead {
            batches,
            spent: Some(spent),
            worker: Some(worker),
        })
    }

    /// The next batch, in file order; `None` once every row was handed
    /// over. Give each batch back with [`ReadAhead::give_back`].
    pub fn next_batch(&mut self) -> Option<Vec<Record>> {
        match self.batches.recv() {
            Ok(batch) => Some(batch),
            Err(_) => {
                self.finish();
                None
            }
        }
    }

    /// Returns a used batch to be freed on the parsing thread.
    pub fn give_back(&self, batch: Vec<Record>) {
        if let Some(spent) = &self.spent {
            // If the thread is gone, the batch is freed here instead.
            let _ = spent.send(batch);
        }
    }

    /// Waits for the parsing thread; a panic there goes on here, where
    /// the tenant's guard reports it as an input issue.
    fn finish(&mut self) {
        self.spent = None;
        if let Some(worker) = self.worker.take() {
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
    }
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        // Stop taking batches, so a thread still parsing stops at its
        // next hand-over; then wait for it, unless already unwinding.
        self.spent = None;
        let (_, closed) = mpsc::sync_channel(0);
        self.batches = closed;
        if let Some(worker) = self.worker.take() {
            if !std::thread::panicking() {
                let _ = worker.join();
            }
        }
    }
}

/// The parsing thread: batches out, spent batches back in and dropped.
fn parse(mut rows: Rows, send: mpsc::SyncSender<Vec<Record>>, returned: &Receiver<Vec<Record>>) {
    loop {
        while let Ok(spent) = returned.try_recv() {
            spent.into_iter().for_each(Record::recycle);
        }
        let batch: Vec<Record> = rows.by_ref().take(BATCH).collect();
        if batch.is_empty() || send.send(batch).is_err() {
            break;
        }
    }
    drop(rows);
    // Hanging up tells the reader the rows have run out; the last
    // batches come back after that.
    drop(send);
    for spent in returned {
        drop(spent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(count: u32) -> Rows {
        crate::read::rows((1..=count).map(|row| Record::new(row, [row.to_string()])))
    }

    #[test]
    fn every_row_comes_through_in_order() {
        let count = BATCH as u32 * 3 + 7;
        let mut ahead = ReadAhead::start(records(count)).ok().unwrap();
        let mut seen = Vec::new();
        while let Some(batch) = ahead.next_batch() {
            seen.extend(batch.iter().map(|r| r.row));
            ahead.give_back(batch);
        }
        assert_eq!(seen, (1..=count).collect::<Vec<_>>());
        assert!(ahead.next_batch().is_none());
    }

    #[test]
    fn stopping_early_ends_the_thread() {
        let mut ahead = ReadAhead::start(records(BATCH as u32 * 10)).ok().unwrap();
        let first = ahead.next_batch().unwrap();
        assert_eq!(first.first().map(|r| r.row), Some(1));
        drop(first);
        drop(ahead);
    }

    #[test]
    fn a_panic_while_parsing_reaches_the_reader() {
        let rows: Rows = crate::read::rows((1..=BATCH as u32 + 1).map(|row| {
            assert!(row <= BATCH as u32, "parser broke");
            Record::new(row, ["x"])
        }));
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut ahead = ReadAhead::start(rows).ok().unwrap();
            while let Some(batch) = ahead.next_batch() {
                ahead.give_back(batch);
            }
        }));
        assert!(result.is_err());
    }
}
