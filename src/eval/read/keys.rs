//! The names of the request format (SPEC §2, "Request"), each spelled once: the request's own
//! fields, the profile keys herald gives a meaning to, and the members of a past event. Every
//! reader (`fast`, `seed`, `value`), `Program::profile_keys` and the npm package's projection
//! (`pkg/js/format.js`, generated from these tables and checked by `the_js_tables_match`) take
//! the names from here.
//!
//! Adding a profile key is one line in `profile_keys!` below; the compiler then names every
//! `match` that must say what the key means (the rules in `rules.rs`, the fast reader).

macro_rules! names {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$doc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$doc])* $variant,)* }

        impl $name {
            /// Every name, in the order of the table.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            /// The names as they are spelled in JSON, in the same order.
            pub const NAMES: &'static [&'static str] = &[$($text,)*];

            /// The name as it is spelled in JSON.
            pub const fn name(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// The name of this spelling, if it is one.
            #[inline]
            pub fn of(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)* _ => None }
            }
        }
    };
}

names! {
    /// The top-level fields of a request.
    pub enum RequestField {
        /// The evaluation's clock (required).
        Now = "now",
        /// The profile (required).
        Profile = "profile",
        /// The incoming event; absent for a tick.
        Event = "event",
        /// The state of the previous response, or null.
        State = "state",
        /// A price table replacing the program's.
        Prices = "prices",
        /// Add a trace to the response.
        Explain = "explain",
    }
}

names! {
    /// The profile keys with a meaning to herald (every other key is a trait a journey may
    /// read as `profile.KEY`).
    pub enum ProfileKey {
        /// Required: a string or a whole number, not empty.
        Id = "id",
        /// An IANA zone for quiet hours and local times.
        Timezone = "timezone",
        /// The address of sms, mms, whatsapp and voice.
        Phone = "phone",
        /// The address of email.
        Email = "email",
        /// The address of push.
        PushToken = "push_token",
        /// Consent per channel.
        Subscriptions = "subscriptions",
        /// Past events, for `count(...)`.
        Events = "events",
    }
}

names! {
    /// The members of a past event (an entry of `profile.events`) herald reads.
    pub enum PastEventKey {
        Name = "name",
        Time = "time",
        /// Read only when a `count(... where ...)` reads them.
        Properties = "properties",
    }
}

#[cfg(test)]
/// The JavaScript module the npm package's projection imports (`pkg/js/format.js`): these
/// tables and the limits the projection applies, as JavaScript.
pub fn js_module() -> String {
    let list = |names: &[&str]| {
        let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
        format!("[{}]", quoted.join(", "))
    };
    format!(
        "// Generated from src/eval/read/keys.rs and src/eval/mod.rs by `HERALD_BLESS=1 cargo test \
         -p herald-engine the_js_tables_match`:\n\
         // do not edit. The request format's names and limits, for the projection (project.js).\n\n\
         /** The top-level fields of a request. */\n\
         const REQUEST_FIELDS = {};\n\
         /** The profile keys with a meaning to herald. */\n\
         const PROFILE_KEYS = {};\n\
         /** The members of a past event herald reads. */\n\
         const PAST_EVENT_KEYS = {};\n\
         /** The most entries `profile.events` may hold. */\n\
         const MAX_PROFILE_EVENTS = {};\n\
         /** The most bytes of request text the engine evaluates. */\n\
         const MAX_REQUEST_BYTES = {};\n\n\
         export {{ MAX_PROFILE_EVENTS, MAX_REQUEST_BYTES, PAST_EVENT_KEYS, PROFILE_KEYS, REQUEST_FIELDS }};\n",
        list(RequestField::NAMES),
        list(ProfileKey::NAMES),
        list(PastEventKey::NAMES),
        super::super::MAX_PROFILE_EVENTS,
        super::super::MAX_REQUEST_BYTES,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_reads_back_as_itself() {
        for k in ProfileKey::ALL {
            assert_eq!(ProfileKey::of(k.name()), Some(*k));
        }
        for k in RequestField::ALL {
            assert_eq!(RequestField::of(k.name()), Some(*k));
        }
        for k in PastEventKey::ALL {
            assert_eq!(PastEventKey::of(k.name()), Some(*k));
        }
        assert_eq!(ProfileKey::of("country"), None);
    }

    /// `pkg/js/format.js` is these tables: a key added here and not there (or the other way
    /// round) fails this test. `HERALD_BLESS=1` writes the file.
    #[test]
    fn the_js_tables_match() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg/js/format.js");
        let want = js_module();
        if std::env::var_os("HERALD_BLESS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let got = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(got, want, "pkg/js/format.js is out of date: HERALD_BLESS=1 rewrites it");
    }
}
