//! `smsSegments(text)`: how an SMS body travels, `{"encoding", "segments", "units"}` (SPEC §3).

use wasm_bindgen::prelude::wasm_bindgen;

/// The segment count of an SMS body as JSON text (`cost::sms_segments`).
#[wasm_bindgen(js_name = smsSegments)]
pub fn sms_segments(text: &str) -> String {
    crate::sms_segments(text).to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gsm7_and_ucs2_as_json() {
        assert_eq!(sms_segments("Hello"), r#"{"encoding":"GSM-7","segments":1,"units":5}"#);
        assert_eq!(
            sms_segments(&"é".repeat(161)),
            r#"{"encoding":"GSM-7","segments":2,"units":161}"#
        );
        assert_eq!(sms_segments("Hi 🎉"), r#"{"encoding":"UCS-2","segments":1,"units":5}"#);
    }
}
