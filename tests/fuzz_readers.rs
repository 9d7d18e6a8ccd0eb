//! The stable-toolchain stand-in for the cargo-fuzz targets in `fuzz/`:
//! a few thousand byte strings, mutated from every committed fixture and
//! sample with a fixed seed, go through the readers and, for a sample of
//! them, the whole tenant pipeline. A panic anywhere fails the test; the
//! seed and the case number it prints replay the input.
//!
//! `FUZZ_SEED=<number>` and `FUZZ_CASES=<count>` explore further than the
//! fixed run does, e.g. `FUZZ_SEED=7 FUZZ_CASES=50000 cargo test --release
//! --test fuzz_readers`.
//!
//! Workbooks are also mutated part by part (the XML inside the ZIP, then
//! zipped again), since flipping bytes of a compressed file mostly tests
//! the checksum.

use std::fs;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use tenant_audit::build;
use tenant_audit::columns;
use tenant_audit::read::{self, Limits};
use tenant_audit::report::{self, mask};
use tenant_audit::run::{self, RunOptions};

/// The seed every run starts from unless `FUZZ_SEED` gives another.
const SEED: u64 = 0x7E4A_0A0D_1726_2026;

/// The seed, and how many cases a test runs: `default` unless
/// `FUZZ_CASES` says.
fn plan(default: usize) -> (u64, usize) {
    let var = |name| std::env::var(name).ok().and_then(|v| v.parse().ok());
    let seed = var("FUZZ_SEED").unwrap_or(SEED);
    let cases = var("FUZZ_CASES").map_or(default, |n| n as usize);
    (seed, cases)
}

/// A small, fixed pseudo-random generator (xorshift64*): the same seed
/// gives the same inputs on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Bytes that parsers treat specially.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"\r",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\x00",
    b"\xC3",
    b"\xED\xA0\x80",
    b"#TYPE x\n",
    b"sep=;\n",
    b" : ",
    b"=cmd|' /C calc'!A0",
    b"userPrincipalName,mobilePhone,otherMails\n",
    b"+44 (0)7400 123456",
    b"PK\x03\x04",
    b"<c r=\"XFD1048576\"><v>1</v></c>",
    b"<f>",
    b"&#0;",
    b"]]>",
];

/// Every committed input the tests and samples use, as mutation seeds.
fn seeds() -> Vec<Vec<u8>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for top in ["tests/data", "samples"] {
        collect(&root.join(top), &mut files);
    }
    files.sort();
    let mut seeds: Vec<Vec<u8>> = files.iter().map(|f| fs::read(f).unwrap()).collect();
    seeds.extend(TOKENS.iter().map(|t| t.to_vec()));
    seeds
}

/// The files under `dir`, READMEs left out.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_none_or(|e| e != "md") {
            files.push(path);
        }
    }
}

/// `seed` changed one to four times: bytes flipped, inserted, deleted,
/// repeated, cut off, or spliced from another seed.
fn mutate(rng: &mut Rng, seed: &[u8], seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => {
                let token = rng.pick(TOKENS);
                bytes.splice(at..at, token.iter().copied());
            }
            2 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(256)).min(bytes.len());
                let chunk = bytes[at..end].to_vec();
                bytes.splice(at..at, chunk);
            }
            4 => bytes.truncate(at),
            5 => {
                let other = rng.pick(seeds);
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(512)).min(other.len());
                bytes.splice(at..at, other[from..end].iter().copied());
            }
            _ => bytes.insert(at, rng.next() as u8),
        }
    }
    bytes
}

/// A ZIP seed with one of its parts mutated, zipped again; `None` when
/// the seed is not a readable ZIP.
fn mutate_part(rng: &mut Rng, zip: &[u8], seeds: &[Vec<u8>]) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).ok()?;
    let target = rng.below(archive.len());
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).ok()?;
        let name = part.name().ok()?.into_owned();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).ok()?;
        if index == target {
            bytes = mutate(rng, &bytes, seeds);
        }
        out.start_file(name, options).ok()?;
        out.write_all(&bytes).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

/// The next input: mostly byte mutations, a quarter of the ZIP seeds
/// mutated part by part.
fn next_input(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let seed = rng.pick(seeds);
    if seed.starts_with(b"PK\x03\x04") && rng.below(4) > 0 {
        if let Some(bytes) = mutate_part(rng, seed, seeds) {
            return bytes;
        }
    }
    mutate(rng, seed, seeds)
}

/// Reads `path` as the audit does, every row of every table drained.
fn read_everything(path: &Path, name: &str) {
    let mut file = read::open(path, name, &Limits::default());
    for table in std::mem::take(&mut file.tables) {
        let recognised = columns::recognise(table);
        recognised.rows.for_each(drop);
    }
    let issues = file.take_late_issues().into_iter().chain(file.issues);
    for issue in issues {
        assert_eq!(&*issue.file, name, "{issue:?}");
    }
}

#[test]
fn readers_survive_thousands_of_mutated_inputs() {
    let seeds = seeds();
    let (seed, cases) = plan(3000);
    let mut rng = Rng(seed | 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.csv");
    for case in 0..cases {
        let bytes = next_input(&mut rng, &seeds);
        fs::write(&path, &bytes).unwrap();
        eprintln!("case {case} ({} bytes)", bytes.len());
        read_everything(&path, "input.csv");
    }
}

/// A tenant of one mutated file beside a good users and roles file,
/// through loading, the rules and every report but the workbook, masked
/// and not. A panic inside the audit of a tenant is caught and reported
/// as an input issue, so that issue fails the test too.
#[test]
fn the_whole_pipeline_survives_mutated_inputs() {
    let seeds = seeds();
    let (seed, cases) = plan(200);
    let mut rng = Rng((seed ^ 0xA5A5) | 1);
    let dir = tempfile::tempdir().unwrap();
    let good = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/damaged");
    for file in ["users.csv", "roles.csv"] {
        fs::copy(good.join(file), dir.path().join(file)).unwrap();
    }
    let options = RunOptions::default();
    for case in 0..cases {
        let bytes = next_input(&mut rng, &seeds);
        fs::write(dir.path().join("mutant.csv"), &bytes).unwrap();
        let tenants = vec![build::discover(dir.path()).unwrap()];

        let mut report = run::run(&tenants, &options);
        let inputs = &report.tenants[0].inputs;
        assert!(inputs.iter().any(|i| &*i.file == "users.csv"));
        let issues = &report.tenants[0].input_issues;
        let internal = issues.iter().find(|i| i.message.contains("internal error"));
        assert!(internal.is_none(), "case {case}: {issues:?}");

        let mut sink = Vec::new();
        report::json::write(&report, &mut sink).unwrap();
        report::csv::write(&report, &mut sink).unwrap();
        mask::mask(&mut report);
        report::json::write(&report, &mut sink).unwrap();
    }
}
