//! Users, in batches, through a piece of work (a replay, a diff), on one thread or several.
//! Results come back in user order whatever the number of threads, so output never depends on
//! `jobs`. At most a few batches per thread are in flight: memory stays bounded by the batches,
//! not the input.

use super::message::Message;
use super::profiles::ProfileSource;
use super::source::Indexed;
use herald_lang::json::{Map, Value};
use std::io;
use std::sync::Arc;

/// A batch holds users until it has about this many messages.
const BATCH_MESSAGES: usize = 4096;

/// One user to replay.
pub struct UserJob {
    pub name: Arc<str>,
    pub profile: Option<Map<String, Value>>,
    pub messages: Vec<Message>,
}

/// What is done to each batch of users.
pub trait Work: Sync {
    type Out: Send;
    fn run(&self, batch: &[UserJob]) -> Self::Out;
}

/// Feed every user of `indexed` through `work`, handing each batch's result to `emit` in user
/// order, and `progress` the number of messages done so far.
pub fn drive<W: Work>(
    indexed: &mut Indexed,
    profiles: &mut dyn ProfileSource,
    work: &W,
    jobs: usize,
    progress: &mut dyn FnMut(u64),
    emit: &mut dyn FnMut(W::Out) -> io::Result<()>,
) -> io::Result<()> {
    let mut next_batch = || -> io::Result<Option<(Vec<UserJob>, u64)>> {
        let mut batch = Vec::new();
        let mut messages = 0usize;
        while messages < BATCH_MESSAGES {
            let Some((ordinal, msgs)) = indexed.next_user()? else { break };
            let name = indexed
                .names
                .get(ordinal as usize)
                .cloned()
                .ok_or_else(|| io::Error::other("internal error: a user without a name"))?;
            messages += msgs.len();
            let profile = profiles.profile(&name)?;
            batch.push(UserJob { name, profile, messages: msgs });
        }
        Ok((!batch.is_empty()).then_some((batch, messages as u64)))
    };
    let mut done = 0u64;
    if jobs <= 1 || cfg!(target_arch = "wasm32") {
        while let Some((batch, n)) = next_batch()? {
            emit(work.run(&batch))?;
            done += n;
            progress(done);
        }
        return Ok(());
    }
    threaded(&mut next_batch, work, jobs, &mut done, progress, emit)
}

/// The batches on `jobs` threads, results in order. (WebAssembly has no threads: not built.)
#[cfg(target_arch = "wasm32")]
fn threaded<W: Work>(
    _: &mut dyn FnMut() -> io::Result<Option<(Vec<UserJob>, u64)>>,
    _: &W,
    _: usize,
    _: &mut u64,
    _: &mut dyn FnMut(u64),
    _: &mut dyn FnMut(W::Out) -> io::Result<()>,
) -> io::Result<()> {
    Err(io::Error::other("internal error: threads in WebAssembly"))
}

/// The batches on `jobs` threads, results in order.
#[cfg(not(target_arch = "wasm32"))]
fn threaded<W: Work>(
    next_batch: &mut dyn FnMut() -> io::Result<Option<(Vec<UserJob>, u64)>>,
    work: &W,
    jobs: usize,
    done: &mut u64,
    progress: &mut dyn FnMut(u64),
    emit: &mut dyn FnMut(W::Out) -> io::Result<()>,
) -> io::Result<()> {
    use std::collections::BTreeMap;
    use std::sync::{mpsc, Mutex};
    std::thread::scope(|scope| -> io::Result<()> {
        let (work_tx, work_rx) = mpsc::sync_channel::<(u64, Vec<UserJob>)>(jobs);
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (out_tx, out_rx) = mpsc::channel::<(u64, W::Out)>();
        for _ in 0..jobs {
            let rx = Arc::clone(&work_rx);
            let tx = out_tx.clone();
            scope.spawn(move || loop {
                let next = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                let Ok((seq, batch)) = next else { return };
                if tx.send((seq, work.run(&batch))).is_err() {
                    return;
                }
            });
        }
        drop(out_tx);
        let mut sizes: BTreeMap<u64, u64> = BTreeMap::new();
        let mut pending: BTreeMap<u64, W::Out> = BTreeMap::new();
        let mut sent = 0u64;
        let mut written = 0u64;
        let limit = (jobs as u64) * 4;
        let mut flush = |pending: &mut BTreeMap<u64, W::Out>,
                         sizes: &mut BTreeMap<u64, u64>,
                         written: &mut u64|
         -> io::Result<()> {
            while let Some(out) = pending.remove(written) {
                emit(out)?;
                *done += sizes.remove(written).unwrap_or(0);
                progress(*done);
                *written += 1;
            }
            Ok(())
        };
        let lost = || io::Error::other("internal error: a replay thread stopped");
        let mut result = Ok(());
        loop {
            while sent - written >= limit {
                let (seq, out) = out_rx.recv().map_err(|_| lost())?;
                pending.insert(seq, out);
                flush(&mut pending, &mut sizes, &mut written)?;
            }
            let batch = match next_batch() {
                Ok(Some(b)) => b,
                Ok(None) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            };
            sizes.insert(sent, batch.1);
            if work_tx.send((sent, batch.0)).is_err() {
                return Err(lost());
            }
            sent += 1;
            while let Ok((seq, out)) = out_rx.try_recv() {
                pending.insert(seq, out);
            }
            flush(&mut pending, &mut sizes, &mut written)?;
        }
        drop(work_tx);
        while written < sent {
            let (seq, out) = out_rx.recv().map_err(|_| lost())?;
            pending.insert(seq, out);
            flush(&mut pending, &mut sizes, &mut written)?;
        }
        result
    })
}
