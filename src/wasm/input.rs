//! The input buffer: request text reaches the engine through a byte buffer inside the instance's
//! memory, written by the JS layer with `TextEncoder.encodeInto` (a copy at memory speed),
//! instead of wasm-bindgen's string passing, which copies ASCII one character at a time in JS
//! and costs more than evaluating a small request. docs/performance.md has the numbers.
//!
//! The protocol: JS calls `inputBuffer(capacity)` (at least 3 bytes per UTF-16 unit of the text,
//! UTF-8's worst case), encodes the text at the returned address, then calls an export that
//! takes the written length (`WasmProgram::evaluate_input`, `evaluate_input_lines`). The buffer
//! is reused; it never shrinks, so the JS layer sends only texts up to [`MAX_BUFFERED_UNITS`]
//! this way and larger ones as strings.

use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// The longest text (in UTF-16 units) the JS layer passes through the buffer (`api.js` has the
/// same number): the buffer stays under 768 KiB.
pub const MAX_BUFFERED_UNITS: usize = 256 * 1024;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The address of a buffer of at least `capacity` bytes (at most `3 * MAX_BUFFERED_UNITS`) for
/// the next input. The address stays valid until the next call.
#[wasm_bindgen(js_name = inputBuffer)]
pub fn input_buffer(capacity: usize) -> *mut u8 {
    let capacity = capacity.min(3 * MAX_BUFFERED_UNITS);
    INPUT.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        if buffer.len() < capacity {
            buffer.resize(capacity, 0);
        }
        buffer.as_mut_ptr()
    })
}

/// The instance's `WebAssembly.Memory`, for the JS layer to write the buffer.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Why the buffer's first `len` bytes are no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputError {
    /// Bytes that are not UTF-8 (which `encodeInto` never writes): the offset of the first bad
    /// byte.
    NotUtf8(usize),
    /// A length past the buffer (the JS layer asked for a smaller one, or none): a bug of the
    /// caller, never read as some shorter text.
    PastBuffer { len: usize, capacity: usize },
}

/// Runs `f` on the first `len` bytes of the buffer as text, or on why they are none.
pub fn with_input<T>(len: usize, f: impl FnOnce(Result<&str, InputError>) -> T) -> T {
    INPUT.with(|buffer| {
        let buffer = buffer.borrow();
        let text = match buffer.get(..len) {
            Some(bytes) => {
                std::str::from_utf8(bytes).map_err(|e| InputError::NotUtf8(e.valid_up_to()))
            }
            None => Err(InputError::PastBuffer { len, capacity: buffer.len() }),
        };
        f(text)
    })
}

/// Test helper: writes `bytes` at the start of the buffer, as the JS layer does.
#[cfg(all(test, feature = "wasm"))]
pub fn tests_write(bytes: &[u8]) {
    input_buffer(bytes.len());
    INPUT.with(|b| {
        if let Some(dst) = b.borrow_mut().get_mut(..bytes.len()) {
            dst.copy_from_slice(bytes);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_buffer_grows_to_the_capacity_asked_and_reads_back() {
        assert!(!input_buffer(16).is_null());
        INPUT.with(|b| b.borrow_mut()[..5].copy_from_slice(b"hello"));
        assert_eq!(with_input(5, |t| t.map(str::to_string)), Ok("hello".to_string()));
        assert_eq!(with_input(3, |t| t.map(str::len)), Ok(3));
        // A length past the buffer is refused, never read as an empty (or shorter) text.
        assert_eq!(
            with_input(1 << 30, |t| t.map(str::len)),
            Err(InputError::PastBuffer { len: 1 << 30, capacity: 16 })
        );
        INPUT.with(|b| b.borrow_mut()[..2].copy_from_slice(&[0x61, 0xff]));
        assert_eq!(with_input(2, |t| t.map(str::len)), Err(InputError::NotUtf8(1)));
        input_buffer(usize::MAX);
        INPUT.with(|b| assert_eq!(b.borrow().len(), 3 * MAX_BUFFERED_UNITS));
    }
}
