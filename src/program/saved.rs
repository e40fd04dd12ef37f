//! The saved form of a compiled program (`herald build`, `program.save()` in npm): a header that
//! says what wrote it, then the program's data (`ProgramData`, every field) in postcard's wire
//! format, written and read by hand (`herald_lang::compile::saved_form`). docs/wasm.md
//! ("Compiled programs") describes the format and why by hand.
//!
//! ```text
//! offset  size  what
//! 0       8     magic: 89 'H' 'B' 'C' 0D 0A 1A 0A (PNG's trick: a text-mode copy is detected)
//! 8       2     format version, u16 little-endian (FORMAT_VERSION)
//! 10      1+n   herald version: length byte, then ASCII ("0.1.0")
//! ..      1+m   source fingerprint of the language crate: length byte, then ASCII hex
//! ..      4     payload length in bytes, u32 little-endian
//! ..      8     FNV-1a 64 of the payload, little-endian
//! ..      len   payload: `ProgramData` in postcard's wire format (`saved_form`)
//! ```
//!
//! A program is read back only by the same herald (same format version, same herald version,
//! same language sources: the payload is these types field by field, so any other build could
//! misread it). The checksum catches every changed byte (FNV-1a's step is a bijection of its
//! state for a given byte, so one changed byte always changes the sum) and the length any
//! truncation; a file that passes both was written by `save`.

use super::Program;
use herald_lang::compile::names::fnv1a64;
use herald_lang::compile::saved_form;
use herald_lang::compile::{ProgramData, SOURCE_FINGERPRINT};
use std::sync::Arc;

/// The first bytes of every saved program.
pub const MAGIC: [u8; 8] = [0x89, b'H', b'B', b'C', 0x0d, 0x0a, 0x1a, 0x0a];
/// The version of the header and payload layout. Bump it when the layout of the header changes.
pub const FORMAT_VERSION: u16 = 1;
/// The herald that writes and reads programs.
pub const HERALD_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The largest payload read (a program of the language's largest size is far below it).
pub const MAX_PAYLOAD_BYTES: usize = 64 << 20;

/// Why a saved program could not be loaded (or, for `Encode`, saved). `code()` names the kind
/// for bindings: `not_a_program`, `version_mismatch`, `corrupt_program`, `internal`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error(
        "not a compiled herald program: a .hbc file starts with the bytes 89 48 42 43 0D 0A 1A 0A (\\x89HBC\\r\\n\\x1a\\n){0}"
    )]
    NotAProgram(String),
    #[error(
        "this program was saved in compiled-program format {found}; this herald ({HERALD_VERSION}) reads format {FORMAT_VERSION}: \
         build it again with this herald (`herald build FILE -o FILE.hbc` or `compile(source).save()`)"
    )]
    FormatVersion { found: u16 },
    #[error(
        "this program was built by herald {built_by}; this is herald {HERALD_VERSION}: \
         build it again with this herald (`herald build FILE -o FILE.hbc` or `compile(source).save()`)"
    )]
    HeraldVersion { built_by: String },
    #[error(
        "this program was built by another build of herald {HERALD_VERSION} (language sources {built_by}, this build's {SOURCE_FINGERPRINT}): \
         build it again with this herald (`herald build FILE -o FILE.hbc` or `compile(source).save()`)"
    )]
    Fingerprint { built_by: String },
    #[error("the compiled program is truncated: {0}")]
    Truncated(String),
    #[error("the compiled program is corrupt: {0}; build it again")]
    Corrupt(String),
    #[error("internal error: the program could not be saved ({0})")]
    Encode(String),
}

impl LoadError {
    /// The kind, as bindings name it.
    pub fn code(&self) -> &'static str {
        match self {
            LoadError::NotAProgram(_) => "not_a_program",
            LoadError::FormatVersion { .. }
            | LoadError::HeraldVersion { .. }
            | LoadError::Fingerprint { .. } => "version_mismatch",
            LoadError::Truncated(_) | LoadError::Corrupt(_) => "corrupt_program",
            LoadError::Encode(_) => "internal",
        }
    }
}

/// The program's bytes in the saved form.
pub(super) fn save(data: &ProgramData) -> Result<Vec<u8>, LoadError> {
    let payload = saved_form::to_bytes(data);
    let len = u32::try_from(payload.len())
        .ok()
        .filter(|_| payload.len() <= MAX_PAYLOAD_BYTES)
        .ok_or_else(|| LoadError::Encode(format!("{} bytes is too large", payload.len())))?;
    let mut out = Vec::with_capacity(payload.len() + 64);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    for text in [HERALD_VERSION, SOURCE_FINGERPRINT] {
        let n = u8::try_from(text.len()).map_err(|_| LoadError::Encode("a long version".into()))?;
        out.push(n);
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&fnv1a64(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Reads the header's fields in order, each a typed error when the bytes run out.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], LoadError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let slice = end.and_then(|e| self.bytes.get(self.at..e)).ok_or_else(|| {
            LoadError::Truncated(format!(
                "it ends at byte {} within the {what} (a saved program has at least {} bytes)",
                self.bytes.len(),
                self.at.saturating_add(n)
            ))
        })?;
        self.at += n;
        Ok(slice)
    }
    fn text(&mut self, what: &str) -> Result<&'a str, LoadError> {
        let n = self.take(1, what)?.first().copied().unwrap_or(0);
        let bytes = self.take(usize::from(n), what)?;
        std::str::from_utf8(bytes)
            .ok()
            .filter(|t| t.bytes().all(|b| b.is_ascii_graphic()))
            .ok_or_else(|| LoadError::Corrupt(format!("its {what} is not ASCII text")))
    }
}

fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = *b;
    }
    out
}

/// Checks the header and the checksum, then decodes the payload.
pub(super) fn load(bytes: &[u8]) -> Result<ProgramData, LoadError> {
    let head = bytes.get(..MAGIC.len());
    if head != Some(&MAGIC[..]) {
        let shown: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02X}")).collect();
        return Err(LoadError::NotAProgram(if bytes.is_empty() {
            "; this is empty".to_string()
        } else {
            format!("; this starts with {}", shown.join(" "))
        }));
    }
    let mut r = Reader { bytes, at: MAGIC.len() };
    let found = u16::from_le_bytes(array(r.take(2, "format version")?));
    if found != FORMAT_VERSION {
        return Err(LoadError::FormatVersion { found });
    }
    let built_by = r.text("herald version")?;
    if built_by != HERALD_VERSION {
        return Err(LoadError::HeraldVersion { built_by: built_by.to_string() });
    }
    let fingerprint = r.text("source fingerprint")?;
    if fingerprint != SOURCE_FINGERPRINT {
        return Err(LoadError::Fingerprint { built_by: fingerprint.to_string() });
    }
    let len = u32::from_le_bytes(array(r.take(4, "payload length")?));
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    if len > MAX_PAYLOAD_BYTES {
        return Err(LoadError::Corrupt(format!("its payload length ({len} bytes) is impossible")));
    }
    let sum = u64::from_le_bytes(array(r.take(8, "checksum")?));
    let payload = r.take(len, "program")?;
    if r.at != bytes.len() {
        return Err(LoadError::Corrupt(format!(
            "{} bytes follow the program's {len}",
            bytes.len() - r.at
        )));
    }
    if fnv1a64(payload) != sum {
        return Err(LoadError::Corrupt("its checksum does not match its contents".to_string()));
    }
    let (data, rest) = saved_form::from_bytes(payload)
        .map_err(|e| LoadError::Corrupt(format!("its contents could not be read ({e})")))?;
    if rest != 0 {
        return Err(LoadError::Corrupt(format!("{rest} bytes follow its contents")));
    }
    Ok(data)
}

impl Program {
    /// The program in its saved form (`herald build`): load it with [`Program::load`], or with
    /// the npm package's runtime entry, in this same version of herald.
    pub fn save(&self) -> Result<Vec<u8>, LoadError> {
        save(&self.inner)
    }

    /// A program from its saved form. The syntax tree (for [`Program::analyze`]) is parsed again
    /// from the saved source; a saved program that would not parse is an internal error.
    pub fn load(bytes: &[u8]) -> Result<Program, LoadError> {
        let mut data = load(bytes)?;
        let file = herald_lang::syntax::parse(&data.source).map_err(|d| {
            LoadError::Corrupt(format!("internal error: its source does not parse again ({d})"))
        })?;
        data.file = Arc::new(file);
        Ok(Program::from_data(data))
    }

    /// A program from its saved form, for evaluation only: no syntax tree (so no parser is
    /// linked into the runtime-only WebAssembly module). Its `analyze` and `file` would see an
    /// empty file: only the runtime bindings, which offer neither, use this.
    #[cfg_attr(
        any(not(feature = "wasm-runtime"), feature = "wasm", feature = "wasm-sim"),
        allow(dead_code)
    )]
    pub(crate) fn load_for_evaluation(bytes: &[u8]) -> Result<Program, LoadError> {
        load(bytes).map(Program::from_data)
    }
}

#[cfg(test)]
mod tests;
