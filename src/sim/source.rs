//! Messages grouped by user, in order, with memory bounded by a budget rather than the input.
//!
//! The first pass reads the input once, line by line: each line becomes a compact [`Message`]
//! tagged with its user's ordinal (users are numbered in order of first appearance) and goes
//! into a buffer. When the buffer passes its budget it is sorted by (user, time, line) and
//! written to a temporary file as a sorted run, and the buffer starts again. The second pass
//! merges the runs (a k-way merge with one message of each run in memory) and hands out one
//! user's messages at a time, in order. So a replay holds: the buffer (at most the budget),
//! the users' names, and the messages of the users being replayed. Input that fits the budget
//! never touches the disk (and without a way to make temporary files, as in WebAssembly,
//! nothing is ever spilled).

use super::message::{read_parts, Kind, Message, Parts};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::Arc;

/// The default budget of the first pass's buffer (approximate bytes of messages).
pub const DEFAULT_BUFFER_BYTES: usize = 64 * 1024 * 1024;

/// What the lines of the input were.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineCounts {
    pub messages: u64,
    pub skipped: u64,
    pub errors: u64,
    /// The first ten bad lines (1-based).
    pub error_lines: Vec<u64>,
    /// The latest timestamp of the messages.
    pub latest: Option<i64>,
}

/// Which tracks' properties the first pass keeps. A replay only reads the properties of events
/// the program can react to (a trigger, an `exit when`, a `wait for`) or whose properties a
/// `count(... where ...)` reads; the rest are dropped as the line is read, so they cost neither
/// a copy nor room in the sort buffer (`Simulator::properties_read`). Identify traits are
/// always kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum KeepProperties {
    /// Every track's (what a caller that does not say what it reads gets).
    #[default]
    All,
    /// Only those of tracks with these names.
    Of(Vec<Box<str>>),
}

impl KeepProperties {
    /// What either of two programs reads (`herald diff` replays both on one index).
    pub fn union(self, other: KeepProperties) -> KeepProperties {
        match (self, other) {
            (KeepProperties::Of(mut a), KeepProperties::Of(b)) => {
                for name in b {
                    if !a.contains(&name) {
                        a.push(name);
                    }
                }
                KeepProperties::Of(a)
            }
            _ => KeepProperties::All,
        }
    }

    fn keeps(&self, event: &str) -> bool {
        match self {
            KeepProperties::All => true,
            KeepProperties::Of(names) => names.iter().any(|n| **n == *event),
        }
    }
}

/// At most this many distinct event names are shared (`Interner`).
const MAX_INTERNED: usize = 4096;

/// One shared copy of each event name, with whether its properties are kept: a message holds
/// a reference, not a copy. Beyond `MAX_INTERNED` names each new name is its own copy (a file
/// of ever-new names cannot grow the table without bound).
struct Interner {
    names: HashMap<Arc<str>, bool>,
    keep: KeepProperties,
    empty: Arc<str>,
}

impl Interner {
    fn new(keep: KeepProperties) -> Interner {
        Interner { names: HashMap::new(), keep, empty: Arc::from("") }
    }

    /// The shared name, and whether the properties of its tracks are kept.
    fn get(&mut self, name: &str) -> (Arc<str>, bool) {
        if name.is_empty() {
            return (self.empty.clone(), true);
        }
        if let Some((shared, keep)) = self.names.get_key_value(name) {
            return (shared.clone(), *keep);
        }
        let keep = self.keep.keeps(name);
        let shared: Arc<str> = Arc::from(name);
        if self.names.len() < MAX_INTERNED {
            self.names.insert(shared.clone(), keep);
        }
        (shared, keep)
    }
}

/// Makes an anonymous temporary file for a sorted run.
pub type TempFiles = Box<dyn FnMut() -> io::Result<File> + Send>;

struct Rec {
    user: u32,
    message: Message,
}

impl Rec {
    fn key(&self) -> (u32, i64, u64) {
        (self.user, self.message.time, self.message.line)
    }
    /// What the record holds (its event name counted in full although it is shared: the
    /// budget errs on the side of spilling).
    fn bytes(&self) -> usize {
        std::mem::size_of::<Rec>() + self.message.event.len() + self.message.payload.len()
    }
}

/// The first pass.
pub struct Indexer {
    ordinals: HashMap<Arc<str>, u32>,
    names: Vec<Arc<str>>,
    buffer: Vec<Rec>,
    buffered: usize,
    budget: usize,
    temp: Option<TempFiles>,
    runs: Vec<File>,
    counts: LineCounts,
    interner: Interner,
}

impl Indexer {
    /// An indexer that spills sorted runs to files from `temp` beyond `budget` bytes; with no
    /// `temp`, everything stays in memory.
    pub fn new(budget: usize, temp: Option<TempFiles>) -> Indexer {
        // A buffer that spills is reserved whole: growing it by doubling would copy it and, for
        // a moment, hold the old and the new one (the untouched part of a reservation costs no
        // memory). Its records are at least `size_of::<Rec>()` bytes each by the budget's count.
        let mut buffer = Vec::new();
        if temp.is_some() {
            // Too large to reserve (a budget beyond memory): the buffer grows as it fills.
            let _ = buffer.try_reserve_exact(budget / std::mem::size_of::<Rec>() + 1);
        }
        Indexer {
            ordinals: HashMap::new(),
            names: Vec::new(),
            buffer,
            buffered: 0,
            budget,
            temp,
            runs: Vec::new(),
            counts: LineCounts::default(),
            interner: Interner::new(KeepProperties::All),
        }
    }

    /// The same, keeping only the tracks' properties `keep` names (a replay's program reads no
    /// others: `Simulator::properties_read`).
    pub fn keeping_properties(mut self, keep: KeepProperties) -> Indexer {
        self.interner = Interner::new(keep);
        self
    }

    /// An indexer that keeps everything in memory (text already in memory).
    pub fn in_memory() -> Indexer {
        Indexer::new(usize::MAX, None)
    }

    /// Read one line (1-based number `line`); bytes that are not UTF-8 make a bad line.
    pub fn push_bytes(&mut self, bytes: &[u8], line: u64) -> io::Result<()> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.push_line(text, line),
            Err(_) => {
                self.bad_line(line);
                Ok(())
            }
        }
    }

    /// Read one line (1-based number `line`).
    pub fn push_line(&mut self, text: &str, line: u64) -> io::Result<()> {
        match read_parts(text) {
            Ok(Parts::Blank) => {}
            Ok(Parts::Skipped) => self.counts.skipped += 1,
            Ok(Parts::Message(p)) => {
                self.counts.messages += 1;
                self.counts.latest = Some(self.counts.latest.map_or(p.time, |l| l.max(p.time)));
                let user = match self.ordinals.get(&*p.user) {
                    Some(o) => *o,
                    None => {
                        let o = u32::try_from(self.names.len()).map_err(|_| {
                            io::Error::other("more than 4,294,967,295 users in one replay")
                        })?;
                        let name: Arc<str> = Arc::from(&*p.user);
                        self.ordinals.insert(name.clone(), o);
                        self.names.push(name);
                        o
                    }
                };
                let (event, keep) = match p.kind {
                    Kind::Identify => (self.interner.empty.clone(), true),
                    Kind::Track => self.interner.get(&p.event),
                };
                let payload = if keep { Box::from(p.payload) } else { Box::from("") };
                let message = Message { time: p.time, line, kind: p.kind, event, payload };
                let rec = Rec { user, message };
                self.buffered += rec.bytes();
                self.buffer.push(rec);
                if self.buffered > self.budget && self.temp.is_some() {
                    self.spill()?;
                }
            }
            Err(_) => self.bad_line(line),
        }
        Ok(())
    }

    fn bad_line(&mut self, line: u64) {
        self.counts.errors += 1;
        if self.counts.error_lines.len() < super::summary::FIRST_N {
            self.counts.error_lines.push(line);
        }
    }

    /// Sort the buffer and write it out as a run.
    fn spill(&mut self) -> io::Result<()> {
        let Some(temp) = self.temp.as_mut() else { return Ok(()) };
        let mut file = temp()?;
        herald_lang::sort::sort_by_key(&mut self.buffer, Rec::key);
        {
            let mut w = BufWriter::with_capacity(1 << 20, &mut file);
            for rec in self.buffer.drain(..) {
                write_rec(&mut w, &rec)?;
            }
            w.flush()?;
        }
        file.seek(SeekFrom::Start(0))?;
        self.runs.push(file);
        self.buffered = 0;
        Ok(())
    }

    /// End of input: the users, the line counts, and the users' messages in order.
    pub fn finish(mut self) -> io::Result<Indexed> {
        let stream = if self.runs.is_empty() {
            herald_lang::sort::sort_by_key(&mut self.buffer, Rec::key);
            Stream::Memory(std::mem::take(&mut self.buffer).into_iter().peekable())
        } else {
            if !self.buffer.is_empty() {
                self.spill()?;
            }
            let mut readers: Vec<RunReader> = self
                .runs
                .drain(..)
                .map(|f| RunReader { r: BufReader::with_capacity(1 << 16, f), name: Vec::new() })
                .collect();
            let mut heads = Vec::with_capacity(readers.len());
            let mut heap = BinaryHeap::new();
            for (i, r) in readers.iter_mut().enumerate() {
                let head = r.next(&mut self.interner)?;
                if let Some(rec) = &head {
                    heap.push(Reverse((rec.key(), i)));
                }
                heads.push(head);
            }
            Stream::Merge { readers, heads, heap }
        };
        Ok(Indexed { names: self.names, counts: self.counts, stream, interner: self.interner })
    }
}

/// The result of the first pass.
pub struct Indexed {
    /// Users' names by ordinal (order of first appearance).
    pub names: Vec<Arc<str>>,
    pub counts: LineCounts,
    stream: Stream,
    /// Shares the event names of records read back from the runs.
    interner: Interner,
}

/// A run's next record in the merge: its sort key, and which run.
type Head = ((u32, i64, u64), usize);

enum Stream {
    Memory(std::iter::Peekable<std::vec::IntoIter<Rec>>),
    Merge { readers: Vec<RunReader>, heads: Vec<Option<Rec>>, heap: BinaryHeap<Reverse<Head>> },
}

impl Indexed {
    /// The next user (ordinal) with its messages in time order, file order among equal times.
    pub fn next_user(&mut self) -> io::Result<Option<(u32, Vec<Message>)>> {
        let Some(first) = self.next_rec()? else { return Ok(None) };
        let user = first.user;
        let mut messages = vec![first.message];
        while self.peek_user() == Some(user) {
            match self.next_rec()? {
                Some(rec) => messages.push(rec.message),
                None => break,
            }
        }
        Ok(Some((user, messages)))
    }

    fn peek_user(&mut self) -> Option<u32> {
        match &mut self.stream {
            Stream::Memory(it) => it.peek().map(|r| r.user),
            Stream::Merge { heap, .. } => heap.peek().map(|Reverse(((u, _, _), _))| *u),
        }
    }

    fn next_rec(&mut self) -> io::Result<Option<Rec>> {
        match &mut self.stream {
            Stream::Memory(it) => Ok(it.next()),
            Stream::Merge { readers, heads, heap } => {
                let Some(Reverse((_, i))) = heap.pop() else { return Ok(None) };
                let (Some(slot), Some(reader)) = (heads.get_mut(i), readers.get_mut(i)) else {
                    return Err(io::Error::other("internal error: a run of the merge is missing"));
                };
                let next = reader.next(&mut self.interner)?;
                if let Some(rec) = &next {
                    heap.push(Reverse((rec.key(), i)));
                }
                Ok(std::mem::replace(slot, next))
            }
        }
    }
}

struct RunReader {
    r: BufReader<File>,
    /// The event name being read (then shared through the `Interner`).
    name: Vec<u8>,
}

impl RunReader {
    fn next(&mut self, interner: &mut Interner) -> io::Result<Option<Rec>> {
        let mut user = [0u8; 4];
        match self.r.read_exact(&mut user) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(e),
        }
        let mut fixed = [0u8; 17];
        self.r.read_exact(&mut fixed)?;
        let (time, rest) = fixed.split_at(8);
        let (line, kind) = rest.split_at(8);
        let time = i64::from_le_bytes(time.try_into().map_err(io::Error::other)?);
        let line = u64::from_le_bytes(line.try_into().map_err(io::Error::other)?);
        let kind = if kind.first() == Some(&1) { Kind::Track } else { Kind::Identify };
        let mut len = [0u8; 4];
        self.r.read_exact(&mut len)?;
        self.name.resize(u32::from_le_bytes(len) as usize, 0);
        self.r.read_exact(&mut self.name)?;
        let name = std::str::from_utf8(&self.name)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let event = interner.get(name).0;
        let payload = read_text(&mut self.r)?;
        Ok(Some(Rec {
            user: u32::from_le_bytes(user),
            message: Message { time, line, kind, event, payload },
        }))
    }
}

fn write_rec(w: &mut impl Write, rec: &Rec) -> io::Result<()> {
    let m = &rec.message;
    w.write_all(&rec.user.to_le_bytes())?;
    w.write_all(&m.time.to_le_bytes())?;
    w.write_all(&m.line.to_le_bytes())?;
    w.write_all(&[u8::from(m.kind == Kind::Track)])?;
    write_text(w, &m.event)?;
    write_text(w, &m.payload)
}

fn write_text(w: &mut impl Write, s: &str) -> io::Result<()> {
    let len = u32::try_from(s.len()).map_err(|_| io::Error::other("a message over 4 GiB"))?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(s.as_bytes())
}

fn read_text(r: &mut impl Read) -> io::Result<Box<str>> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let mut buf = vec![0u8; u32::from_le_bytes(len) as usize];
    r.read_exact(&mut buf)?;
    String::from_utf8(buf)
        .map(String::into_boxed_str)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines() -> Vec<String> {
        // 3 users, interleaved, out of time order, with equal times, a bad and a skipped line.
        let mut out = Vec::new();
        for i in 0..300u32 {
            let user = ["b", "a", "c"][(i % 3) as usize];
            let minute = 59 - (i % 60);
            out.push(format!(
                r#"{{"type":"track","userId":"{user}","event":"E{i}","properties":{{"i":{i}}},"timestamp":"2026-03-08T10:{minute:02}:00Z"}}"#
            ));
            if i == 10 {
                out.push("garbage".into());
                out.push(r#"{"type":"page","userId":"a"}"#.into());
            }
        }
        out
    }

    type Users = Vec<(String, Vec<(i64, u64, String)>)>;

    fn collect(mut indexed: Indexed) -> Users {
        let mut users = Vec::new();
        while let Some((u, msgs)) = indexed.next_user().unwrap() {
            users.push((
                indexed.names[u as usize].to_string(),
                msgs.into_iter().map(|m| (m.time, m.line, m.event.to_string())).collect(),
            ));
        }
        users
    }

    fn index(budget: usize, temp: Option<TempFiles>) -> (LineCounts, Users) {
        let mut ix = Indexer::new(budget, temp);
        for (i, l) in lines().iter().enumerate() {
            ix.push_line(l, i as u64 + 1).unwrap();
        }
        let indexed = ix.finish().unwrap();
        let counts = indexed.counts.clone();
        (counts, collect(indexed))
    }

    #[test]
    fn users_in_order_of_first_appearance_messages_in_time_then_file_order() {
        let (counts, users) = index(usize::MAX, None);
        assert_eq!(counts.messages, 300);
        assert_eq!((counts.skipped, counts.errors, counts.error_lines.clone()), (1, 1, vec![12]));
        let names: Vec<&str> = users.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["b", "a", "c"]);
        for (_, msgs) in &users {
            assert_eq!(msgs.len(), 100);
            assert!(msgs.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        }
    }

    #[test]
    fn spilled_runs_merge_to_the_same_order() {
        let temp: TempFiles = Box::new(tempfile_for_tests);
        let spilled = index(2_000, Some(temp));
        assert_eq!(spilled, index(usize::MAX, None));
    }

    #[test]
    fn only_the_properties_a_program_reads_are_kept_and_names_are_shared() {
        let keep = KeepProperties::Of(vec!["E1".into()]);
        for temp in [None, Some(Box::new(tempfile_for_tests) as TempFiles)] {
            let mut ix = Indexer::new(2_000, temp).keeping_properties(keep.clone());
            for (i, l) in lines().iter().enumerate() {
                ix.push_line(l, i as u64 + 1).unwrap();
            }
            let mut indexed = ix.finish().unwrap();
            let mut seen = 0;
            let mut first_e2: Option<Arc<str>> = None;
            while let Some((_, msgs)) = indexed.next_user().unwrap() {
                for m in msgs {
                    seen += 1;
                    let kept = &*m.event == "E1";
                    assert_eq!(m.payload.is_empty(), !kept, "{}", m.event);
                    if kept {
                        assert_eq!(&*m.payload, r#"{"i":1}"#);
                    }
                }
            }
            assert_eq!(seen, 300);
            // One copy of a name, however many messages carry it.
            let mut ix = Indexer::in_memory();
            ix.push_line(&lines()[3], 1).unwrap();
            ix.push_line(&lines()[3], 2).unwrap();
            let mut indexed = ix.finish().unwrap();
            let (_, msgs) = indexed.next_user().unwrap().unwrap();
            for m in msgs {
                match &first_e2 {
                    Some(f) => assert!(Arc::ptr_eq(f, &m.event)),
                    None => first_e2 = Some(m.event.clone()),
                }
            }
        }
        assert_eq!(
            KeepProperties::Of(vec!["a".into()]).union(KeepProperties::Of(vec!["b".into()])),
            KeepProperties::Of(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            KeepProperties::Of(vec!["a".into()]).union(KeepProperties::All),
            KeepProperties::All
        );
    }

    fn tempfile_for_tests() -> io::Result<File> {
        tempfile::tempfile()
    }
}
