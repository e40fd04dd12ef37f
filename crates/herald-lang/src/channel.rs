//! The delivery channels, shared by the checker, the compiler, the evaluator and the cost model.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Sms,
    Mms,
    Whatsapp,
    Voice,
    Email,
    Push,
    Webhook,
}

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::Sms,
        Channel::Mms,
        Channel::Whatsapp,
        Channel::Voice,
        Channel::Email,
        Channel::Push,
        Channel::Webhook,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Mms => "mms",
            Channel::Whatsapp => "whatsapp",
            Channel::Voice => "voice",
            Channel::Email => "email",
            Channel::Push => "push",
            Channel::Webhook => "webhook",
        }
    }

    pub fn from_name(name: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Channels that deliver to a phone number (`profile.phone`).
    pub fn uses_phone(self) -> bool {
        matches!(self, Channel::Sms | Channel::Mms | Channel::Whatsapp | Channel::Voice)
    }

    /// Opt-in channels need `subscriptions.CHANNEL == "subscribed"`; the others are allowed
    /// unless it is `"unsubscribed"` (SPEC §2).
    pub fn needs_opt_in(self) -> bool {
        self.uses_phone()
    }

    /// Email and webhooks ignore quiet hours (SPEC §2).
    pub fn respects_quiet_hours(self) -> bool {
        !matches!(self, Channel::Email | Channel::Webhook)
    }
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
