//! Fingerprints this crate's sources for the saved-program format (`Program::save` in the crate
//! `herald-engine`, docs/wasm.md "Compiled programs"): the compiled form is these crates' types
//! written field by field, so a program saved by one build is read only by a build of the very
//! same sources. The version number alone would not do: between releases the types change and
//! the version does not. Comments count too (a harmless over-refusal: rebuild the program).
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs" || e == "pest" || e == "json") {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let src = root.join("src");
    println!("cargo:rerun-if-changed=src");
    let mut paths = Vec::new();
    files(&src, &mut paths);
    // A build script, not shipped code: std's sort is fine here (clippy.toml's disallowed sorts
    // are for the library's code, crates/herald-lang/src/sort.rs).
    #[allow(clippy::disallowed_methods)]
    paths.sort();
    // FNV-1a 64 over each file's path (relative, with `/`) and contents.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for path in &paths {
        let rel = path.strip_prefix(&root).unwrap_or(path);
        let name: Vec<String> =
            rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        feed(name.join("/").as_bytes());
        feed(&[0]);
        feed(&std::fs::read(path).unwrap_or_default());
        feed(&[0]);
    }
    println!("cargo:rustc-env=HERALD_LANG_FINGERPRINT={hash:016x}");
}
