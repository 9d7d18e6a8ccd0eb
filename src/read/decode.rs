//! Turning a text file's bytes into UTF-8: telling the encoding from a
//! byte-order mark, the NUL pattern of UTF-16 or the first 64 KiB, and
//! streaming the decoded text while hashing the raw bytes.
//!
//! Exports reach us as UTF-8 (with or without BOM), UTF-16 from
//! PowerShell's `-Encoding Unicode`, or a legacy ANSI code page. No byte
//! makes decoding fail: what cannot be decoded becomes U+FFFD.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Arc;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use encoding_rs_io::DecodeReaderBytesBuilder;
use sha2::{Digest, Sha256};

use super::{report_late, Checksum, IssueSink};
use crate::source::InputIssue;

/// The byte-order mark of UTF-8.
const UTF_8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many bytes of a file its kind and encoding are told from.
pub const SNIFF_BYTES: usize = 64 * 1024;

/// How many bytes are searched for NULs, which text never holds but
/// UTF-16 and binary files are full of.
const NUL_WINDOW: usize = 1024;

/// The encoding of a text file from its first bytes, or `None` when the
/// bytes are binary (NULs that are not UTF-16).
pub fn sniff(prefix: &[u8]) -> Option<&'static Encoding> {
    if let Some((encoding, _)) = Encoding::for_bom(prefix) {
        return Some(encoding);
    }
    if let Some(encoding) = utf16_by_nuls(prefix) {
        return Some(encoding);
    }
    let window = prefix.get(..NUL_WINDOW).unwrap_or(prefix);
    if window.contains(&0) {
        return None;
    }

    if is_utf8(prefix) {
        return Some(UTF_8);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(prefix, prefix.len() < SNIFF_BYTES);
    Some(detector.guess(None, true))
}

/// UTF-16 without a BOM: mostly-ASCII text leaves a NUL in every other
/// byte, the odd ones for little-endian, the even ones for big-endian.
fn utf16_by_nuls(prefix: &[u8]) -> Option<&'static Encoding> {
    let window = prefix.get(..NUL_WINDOW).unwrap_or(prefix);
    let pairs = window.len() / 2;
    if pairs < 2 {
        return None;
    }
    let nuls_at = |parity: usize| {
        window
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nuls_at(0), nuls_at(1));

    // Text in a Latin script has a NUL in nearly every high byte and none
    // in the low ones; anything looser is more likely binary.
    if odd * 10 >= pairs * 7 && even * 20 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 20 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Valid UTF-8, allowing a character cut in two at the end of the sample.
fn is_utf8(prefix: &[u8]) -> bool {
    match std::str::from_utf8(prefix) {
        Ok(_) => true,
        Err(err) => err.error_len().is_none() && prefix.len() >= SNIFF_BYTES,
    }
}

/// Where to report bytes the decoder had to replace.
pub struct BadBytes {
    /// The list the issue goes to.
    pub sink: IssueSink,
    /// The issue, added once however many bad bytes there are; the line
    /// of the first is appended to its message.
    pub issue: InputIssue,
}

/// Files from this size on are read, hashed and checked for bad bytes by
/// a thread of their own, so that a large export is hashed on one core
/// while its rows are parsed on another.
pub const HASH_APART_BYTES: u64 = 8 << 20;

/// The text of a file as UTF-8, streamed: decoded from its encoding, or,
/// when it is UTF-8 already, its bytes as they are with the BOM dropped.
/// Bytes that are not UTF-8 may then remain, and the reader turns them
/// into U+FFFD (as `String::from_utf8_lossy` does).
///
/// `prefix` holds the bytes already read from `file`. The SHA-256 of all
/// the raw bytes is stored into `digest` when the stream reaches its end.
/// With `bad_bytes` set and a UTF-8 or UTF-16 `encoding`, the raw bytes
/// are also checked for sequences the decoder replaces (invalid UTF-8, an
/// unpaired UTF-16 surrogate) and the issue reported at the end if any
/// was found. With `apart`, the file is read, hashed and checked by a
/// thread of its own, which hands the bytes here as it reads them and
/// reads the file to its end even if the stream is dropped before;
/// `digest` waits for it.
pub fn stream(
    file: File,
    prefix: Vec<u8>,
    encoding: &'static Encoding,
    digest: Arc<Checksum>,
    bad_bytes: Option<BadBytes>,
    apart: bool,
) -> Box<dyn BufRead + Send> {
    let check = bad_bytes.and_then(|report| Check::new(encoding, report));
    let bom = encoding == UTF_8 && prefix.starts_with(UTF_8_BOM);
    let digesting = Digesting {
        hasher: Sha256::new(),
        check,
        digest,
    };
    let source = Cursor::new(prefix).chain(file);
    let mut raw = match apart {
        true => Pieces::start(source, digesting),
        false => Hashed::buffered(source, digesting),
    };
    // UTF-8 needs no decoding, only its BOM dropped (after the hash has
    // seen it). The bytes are handed on as they are, and any that are not
    // UTF-8 become U+FFFD where rows are split into cells (`delimited`),
    // just as the decoder would have replaced them. That spares a copy and
    // a check of every byte of the commonest exports.
    if encoding == UTF_8 {
        if bom {
            // The BOM is in `prefix`, so the first bytes hold it; were
            // they not to, the BOM would reach the header, which is
            // trimmed of it, and no row would be lost.
            if raw
                .fill_buf()
                .is_ok_and(|bytes| bytes.starts_with(UTF_8_BOM))
            {
                raw.consume(UTF_8_BOM.len());
            }
        }
        return raw;
    }
    let decoded = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .strip_bom(true)
        .build(raw);
    Box::new(BufReader::with_capacity(TEXT_BUFFER_BYTES, decoded))
}

/// The buffer text is read through when it is not handed over in pieces.
const TEXT_BUFFER_BYTES: usize = 64 * 1024;

/// The text of a UTF-8 file read whole into `bytes` (shorter than
/// [`SNIFF_BYTES`]), without its BOM: what [`stream`] would give, without
/// copying it once more. The digest is stored and the check (see
/// [`stream`]) made at once.
pub fn whole_utf8(
    mut bytes: Vec<u8>,
    digest: Arc<Checksum>,
    bad_bytes: Option<BadBytes>,
) -> Vec<u8> {
    let check = bad_bytes.and_then(|report| Check::new(UTF_8, report));
    let mut digesting = Digesting {
        hasher: Sha256::new(),
        check,
        digest,
    };
    digesting.feed(&bytes);
    digesting.finish();
    if bytes.starts_with(UTF_8_BOM) {
        bytes.drain(..UTF_8_BOM.len());
    }
    bytes
}

/// The 1-based line of the first byte that is not UTF-8 in a sample, for
/// a file that is read with a legacy code page instead; `None` when the
/// sample is UTF-8 (a character cut by the sample's end included).
pub fn first_non_utf8_line(prefix: &[u8]) -> Option<usize> {
    let err = std::str::from_utf8(prefix).err()?;
    err.error_len()?;
    let before = prefix.get(..err.valid_up_to()).unwrap_or_default();
    Some(count_lf(before) + 1)
}

fn count_lf(bytes: &[u8]) -> usize {
    // Counted in byte-wide sums of up to 255, which compile to vector
    // compares; a count per byte into a word does not.
    bytes
        .chunks(255)
        .map(|block| {
            let found = block.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n'));
            usize::from(found)
        })
        .sum()
}

/// A reader that hashes the bytes passing through it and finishes the
/// hash (and the encoding check) at end of input. A reader dropped before
/// its end leaves no digest: it is taken again when asked for.
struct Hashed<R> {
    inner: R,
    /// `None` once the input has ended.
    digesting: Option<Digesting>,
}

impl<R: Read + Send + 'static> Hashed<R> {
    /// `source`, hashed and checked on this thread as it is read, through
    /// a buffer.
    fn buffered(source: R, digesting: Digesting) -> Box<dyn BufRead + Send> {
        let hashed = Hashed {
            inner: source,
            digesting: Some(digesting),
        };
        Box::new(BufReader::with_capacity(TEXT_BUFFER_BYTES, hashed))
    }
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        let bytes = buf.get(..n).unwrap_or_default();
        match (n, self.digesting.as_mut()) {
            (0, _) => self
                .digesting
                .take()
                .into_iter()
                .for_each(Digesting::finish),
            (_, Some(digesting)) => digesting.feed(bytes),
            (_, None) => {}
        }
        Ok(n)
    }
}

/// The hash of a file's raw bytes and their encoding check, fed in order.
struct Digesting {
    hasher: Sha256,
    check: Option<Check>,
    digest: Arc<Checksum>,
}

impl Digesting {
    fn feed(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        if let Some(check) = &mut self.check {
            check.feed(bytes);
        }
    }

    fn finish(self) {
        self.digest.set(super::hex(&self.hasher.finalize()));
        if let Some(check) = self.check {
            check.finish();
        }
    }
}

/// Bytes read in one piece: a few hand-overs per megabyte, and the
/// pieces in flight stay a few megabytes.
const PIECE_BYTES: usize = 512 * 1024;

/// Pieces read ahead of the one in use.
const PIECES_AHEAD: usize = 4;

/// What the reading thread hands over: the next bytes of the file, or the
/// error that ended its reading.
type Piece = io::Result<Arc<Vec<u8>>>;

/// A file's bytes, read, hashed and checked on a thread of their own and
/// handed over in pieces as they are read: the reading and the hash then
/// take one core, and the rows are parsed on another straight from the
/// pieces, with no copy between. (Hashing on a thread sent copies of the
/// bytes, and before that, reading the file a second time, both left
/// more work on the thread parsing the rows.)
struct Pieces {
    pieces: Receiver<Piece>,
    /// Pieces done with, for the thread to read into again.
    spent: SyncSender<Arc<Vec<u8>>>,
    current: Arc<Vec<u8>>,
    /// How much of `current` has been consumed.
    at: usize,
}

impl Pieces {
    /// Starts the reading thread on `source`; if no thread can be
    /// started, the bytes are read and hashed here instead.
    fn start<R>(source: R, digesting: Digesting) -> Box<dyn BufRead + Send>
    where
        R: Read + Send + 'static,
    {
        let (send, pieces) = std::sync::mpsc::sync_channel(PIECES_AHEAD);
        let (spent, returned) = std::sync::mpsc::sync_channel(PIECES_AHEAD + 2);
        let digest = digesting.digest.clone();
        // The source is handed over once the thread runs, so that a failed
        // start leaves it here.
        let (hand, take) = std::sync::mpsc::sync_channel::<(R, Digesting)>(1);
        let spawned = std::thread::Builder::new()
            .name("read".into())
            .spawn(move || {
                if let Ok((source, digesting)) = take.recv() {
                    read_pieces(source, digesting, &send, &returned);
                }
            });
        let handed = match spawned {
            Ok(worker) => hand
                .send((source, digesting))
                .map(|()| digest.taken_by(worker))
                .map_err(|std::sync::mpsc::SendError(back)| back),
            Err(_) => Err((source, digesting)),
        };
        match handed {
            Ok(()) => Box::new(Pieces {
                pieces,
                spent,
                current: Arc::default(),
                at: 0,
            }),
            Err((source, digesting)) => Hashed::buffered(source, digesting),
        }
    }
}

/// The reading thread: reads `source` to its end in pieces, sending each
/// on and then hashing and checking it. Sending stops when the stream is
/// dropped, but the reading goes on: the digest covers the whole file. A
/// read error is sent on and ends the reading, with no digest.
fn read_pieces<R: Read>(
    mut source: R,
    mut digesting: Digesting,
    send: &SyncSender<Piece>,
    returned: &Receiver<Arc<Vec<u8>>>,
) {
    let mut listening = true;
    loop {
        let mut buf = returned
            .try_recv()
            .ok()
            .and_then(|piece| Arc::try_unwrap(piece).ok())
            .unwrap_or_default();
        buf.clear();
        buf.reserve(PIECE_BYTES);
        match (&mut source).take(PIECE_BYTES as u64).read_to_end(&mut buf) {
            Ok(0) => break,
            Ok(_) => {
                let piece = Arc::new(buf);
                listening = listening && send.send(Ok(piece.clone())).is_ok();
                digesting.feed(&piece);
            }
            Err(err) => {
                let _ = send.send(Err(err));
                return;
            }
        }
    }
    digesting.finish();
}

impl BufRead for Pieces {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.at >= self.current.len() {
            let next = match self.pieces.recv() {
                Ok(piece) => piece?,
                // The thread hung up: every byte has been handed over.
                Err(_) => return Ok(&[]),
            };
            let done = std::mem::replace(&mut self.current, next);
            self.at = 0;
            let _ = self.spent.try_send(done);
        }
        Ok(self.current.get(self.at..).unwrap_or_default())
    }

    fn consume(&mut self, amount: usize) {
        self.at = self.at.saturating_add(amount).min(self.current.len());
    }
}

impl Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

/// The code units an encoding check reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Utf8,
    Utf16 { little: bool },
}

impl Unit {
    /// The check for `encoding`; `None` for the legacy code pages, which
    /// map every byte to a character and so never replace one.
    fn of(encoding: &'static Encoding) -> Option<Unit> {
        if encoding == UTF_8 {
            Some(Unit::Utf8)
        } else if encoding == UTF_16LE {
            Some(Unit::Utf16 { little: true })
        } else if encoding == UTF_16BE {
            Some(Unit::Utf16 { little: false })
        } else {
            None
        }
    }
}

/// An incremental validity check over chunks that may split a character
/// (or a UTF-16 code unit) between them. It counts line feeds up to the
/// first bad sequence so the issue can say where it is.
struct Check {
    unit: Unit,
    carry: Vec<u8>,
    /// UTF-16: the last unit was a high surrogate awaiting its pair.
    high: bool,
    lines: usize,
    bad: bool,
    report: BadBytes,
}

impl Check {
    /// The check for `encoding`, reporting through `report`; `None` for
    /// the legacy code pages (see [`Unit::of`]).
    fn new(encoding: &'static Encoding, report: BadBytes) -> Option<Check> {
        Some(Check {
            unit: Unit::of(encoding)?,
            carry: Vec::new(),
            high: false,
            lines: 0,
            bad: false,
            report,
        })
    }

    fn feed(&mut self, bytes: &[u8]) {
        if self.bad || bytes.is_empty() {
            return;
        }
        // Only a character split by the previous chunk's end is copied.
        let joined;
        let chunk = if self.carry.is_empty() {
            bytes
        } else {
            let mut carry = std::mem::take(&mut self.carry);
            carry.extend_from_slice(bytes);
            joined = carry;
            &joined
        };
        match self.unit {
            Unit::Utf8 => self.feed_utf8(chunk),
            Unit::Utf16 { little } => self.feed_utf16(chunk, little),
        }
    }

    fn feed_utf8(&mut self, chunk: &[u8]) {
        let Err(err) = std::str::from_utf8(chunk) else {
            self.lines += count_lf(chunk);
            return;
        };
        let valid = chunk.get(..err.valid_up_to()).unwrap_or_default();
        self.lines += count_lf(valid);
        match err.error_len() {
            Some(_) => self.bad = true,
            None => {
                let tail = chunk.get(err.valid_up_to()..).unwrap_or_default();
                self.carry = tail.to_vec();
            }
        }
    }

    /// Walks UTF-16 code units: a high surrogate must be followed by a
    /// low one, and a low one must follow a high one.
    fn feed_utf16(&mut self, chunk: &[u8], little: bool) {
        let mut pairs = chunk.chunks_exact(2);
        for pair in &mut pairs {
            let bytes = [pair.first().copied(), pair.get(1).copied()];
            let [Some(a), Some(b)] = bytes else { continue };
            let unit = if little {
                u16::from_le_bytes([a, b])
            } else {
                u16::from_be_bytes([a, b])
            };
            let (is_high, is_low) = (is_high_surrogate(unit), is_low_surrogate(unit));
            if is_low != self.high || (is_high && self.high) {
                self.bad = true;
                return;
            }
            self.high = is_high;
            self.lines += usize::from(unit == 0x000A);
        }
        self.carry = pairs.remainder().to_vec();
    }

    /// Reports the issue if a bad sequence was seen or the file ended
    /// inside a character.
    fn finish(mut self) {
        if self.bad || self.high || !self.carry.is_empty() {
            let line = self.lines + 1;
            self.report.issue.message =
                format!("{} (first on line {line})", self.report.issue.message);
            report_late(&self.report.sink, self.report.issue);
        }
    }
}

fn is_high_surrogate(unit: u16) -> bool {
    (0xD800..0xDC00).contains(&unit)
}

fn is_low_surrogate(unit: u16) -> bool {
    (0xDC00..0xE000).contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        text.encode_utf16()
            .for_each(|u| bytes.extend(u.to_le_bytes()));
        bytes
    }

    /// Decodes `bytes` with the hash and check taken inline and again on
    /// a thread of their own; both must agree.
    fn decode_file(bytes: &[u8]) -> (String, Option<String>, Vec<InputIssue>) {
        let inline = decode_with(bytes, false);
        let apart = decode_with(bytes, true);
        assert_eq!(inline, apart, "hashing apart changed the result");
        inline
    }

    fn decode_with(bytes: &[u8], hash_apart: bool) -> (String, Option<String>, Vec<InputIssue>) {
        let mut opened = Opened::new(bytes, hash_apart);
        let mut bytes = Vec::new();
        let mut stream = opened.stream();
        stream.read_to_end(&mut bytes).unwrap();
        drop(stream);
        // What the rows are split from: not UTF-8 is replaced there.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        (text, opened.digest.get(), opened.issues())
    }

    /// A file written with `bytes`, ready to be streamed once.
    struct Opened {
        _dir: tempfile::TempDir,
        file: Option<File>,
        prefix: Vec<u8>,
        apart: bool,
        digest: Arc<Checksum>,
        sink: IssueSink,
    }

    impl Opened {
        fn new(bytes: &[u8], apart: bool) -> Opened {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.csv");
            File::create(&path).unwrap().write_all(bytes).unwrap();
            let mut file = File::open(&path).unwrap();
            let mut prefix = Vec::new();
            (&mut file)
                .take(SNIFF_BYTES as u64)
                .read_to_end(&mut prefix)
                .unwrap();
            Opened {
                _dir: dir,
                file: Some(file),
                prefix,
                apart,
                digest: Arc::default(),
                sink: IssueSink::default(),
            }
        }

        fn stream(&mut self) -> Box<dyn BufRead + Send> {
            let encoding = sniff(&self.prefix).unwrap();
            let issue = InputIssue::whole(&crate::source::Origin::file("f.csv"), "bad");
            let bad = Some(BadBytes {
                sink: self.sink.clone(),
                issue,
            });
            let file = self.file.take().unwrap();
            let prefix = std::mem::take(&mut self.prefix);
            stream(file, prefix, encoding, self.digest.clone(), bad, self.apart)
        }

        fn issues(&self) -> Vec<InputIssue> {
            self.sink.lock().unwrap().clone()
        }
    }

    #[test]
    fn a_stream_left_before_its_end_still_digests_the_whole_file() {
        let mut bytes = b"upn,mobile\n".repeat(400_000);
        bytes.extend_from_slice(b"bad\xFF,\n");
        let lines = 400_001;
        let expected = super::super::hex(&Sha256::digest(&bytes));
        for apart in [false, true] {
            let mut opened = Opened::new(&bytes, apart);
            let mut stream = opened.stream();
            // Past a few of the pieces the reading thread hands over.
            let mut some = vec![0u8; 3 * PIECE_BYTES + 17];
            stream.read_exact(&mut some).unwrap();
            drop(stream);
            if apart {
                assert_eq!(opened.digest.get(), Some(expected.clone()));
                let issues = opened.issues();
                assert_eq!(issues.len(), 1, "{issues:?}");
                let message = format!("bad (first on line {lines})");
                assert_eq!(issues[0].message, message);
            } else {
                // Hashed here, the digest is taken again when asked for.
                assert_eq!(opened.digest.get(), None);
            }
        }
    }

    #[test]
    fn line_feeds_are_counted_past_a_block() {
        assert_eq!(count_lf(&[b'\n'; 1000]), 1000);
        let mixed: Vec<u8> = b"a\nb\r\n".repeat(300);
        assert_eq!(count_lf(&mixed), 600);
        assert_eq!(count_lf(b""), 0);
    }

    #[test]
    fn boms_pick_the_encoding() {
        assert_eq!(sniff(b"\xEF\xBB\xBFa,b"), Some(UTF_8));
        assert_eq!(sniff(&utf16le("a,b", true)), Some(UTF_16LE));
        assert_eq!(sniff(b"\xFE\xFF\x00a\x00,"), Some(UTF_16BE));
    }

    #[test]
    fn utf16_without_bom_is_told_by_its_nuls() {
        assert_eq!(sniff(&utf16le("Name,Value\r\n", false)), Some(UTF_16LE));
        let be: Vec<u8> = "Name,Value"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(sniff(&be), Some(UTF_16BE));
    }

    #[test]
    fn nuls_that_are_not_utf16_are_binary() {
        assert_eq!(sniff(b"\x00\x01\x02\x03\x00\x00\x00\x07\xFF\x00"), None);
    }

    #[test]
    fn windows_1252_is_guessed_for_legacy_bytes() {
        let text = b"Name;City\nM\xFCller;K\xF6ln\nG\xE9rard;Orl\xE9ans\n";
        assert_eq!(sniff(text), Some(encoding_rs::WINDOWS_1252));
        assert_eq!(
            decode_file(text).0,
            "Name;City\nMüller;Köln\nGérard;Orléans\n"
        );
    }

    #[test]
    fn utf8_bom_is_stripped_and_hash_is_of_raw_bytes() {
        let (text, digest, issues) = decode_file(b"\xEF\xBB\xBFabc");
        assert_eq!(text, "abc");
        assert!(issues.is_empty());
        // sha256 of the six raw bytes, BOM included.
        let mut hasher = Sha256::new();
        hasher.update(b"\xEF\xBB\xBFabc");
        assert_eq!(digest, Some(super::super::hex(&hasher.finalize())));
    }

    #[test]
    fn utf16_with_bom_decodes_and_lone_surrogates_are_replaced() {
        let mut bytes = utf16le("a,b\r\n", true);
        bytes.extend([0x00, 0xD8, b'x', 0x00]);
        let (text, _, _) = decode_file(&bytes);
        assert_eq!(text, "a,b\r\n\u{FFFD}x");
    }

    #[test]
    fn bad_utf8_past_the_sample_is_replaced_and_reported_once() {
        let mut bytes = vec![b'a'; SNIFF_BYTES + 10];
        bytes.extend(b"\xFF\xFEz\xC3");
        let (text, digest, issues) = decode_file(&bytes);
        assert!(text.ends_with("\u{FFFD}\u{FFFD}z\u{FFFD}"));
        assert_eq!(issues.len(), 1);
        assert!(digest.is_some());
    }

    #[test]
    fn utf8_check_accepts_characters_split_across_chunks() {
        let sink = IssueSink::default();
        let issue = InputIssue::whole(&crate::source::Origin::file("f"), "bad");
        let report = BadBytes {
            sink: sink.clone(),
            issue,
        };
        let mut check = Check {
            unit: Unit::Utf8,
            carry: Vec::new(),
            high: false,
            lines: 0,
            bad: false,
            report,
        };
        let bytes = "Müller €".as_bytes();
        bytes
            .iter()
            .for_each(|b| check.feed(std::slice::from_ref(b)));
        check.finish();
        assert!(sink.lock().unwrap().is_empty());
    }
}
