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

    /// The channel's one spelling: in the language, in requests (`subscriptions`), in states and
    /// responses (serde's derive above spells the same, `the_spellings_agree`), in price tables.
    pub const fn name(self) -> &'static str {
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

/// One value per channel, indexed by [`Channel`]: every channel has its value, so a lookup
/// cannot miss (an array indexed by position could be read at the wrong channel's slot).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChannelMap<T> {
    sms: T,
    mms: T,
    whatsapp: T,
    voice: T,
    email: T,
    push: T,
    webhook: T,
}

impl<T> ChannelMap<T> {
    /// The map giving each channel `f(channel)`.
    pub fn from_fn(mut f: impl FnMut(Channel) -> T) -> ChannelMap<T> {
        ChannelMap {
            sms: f(Channel::Sms),
            mms: f(Channel::Mms),
            whatsapp: f(Channel::Whatsapp),
            voice: f(Channel::Voice),
            email: f(Channel::Email),
            push: f(Channel::Push),
            webhook: f(Channel::Webhook),
        }
    }

    pub fn get(&self, channel: Channel) -> &T {
        match channel {
            Channel::Sms => &self.sms,
            Channel::Mms => &self.mms,
            Channel::Whatsapp => &self.whatsapp,
            Channel::Voice => &self.voice,
            Channel::Email => &self.email,
            Channel::Push => &self.push,
            Channel::Webhook => &self.webhook,
        }
    }

    pub fn get_mut(&mut self, channel: Channel) -> &mut T {
        match channel {
            Channel::Sms => &mut self.sms,
            Channel::Mms => &mut self.mms,
            Channel::Whatsapp => &mut self.whatsapp,
            Channel::Voice => &mut self.voice,
            Channel::Email => &mut self.email,
            Channel::Push => &mut self.push,
            Channel::Webhook => &mut self.webhook,
        }
    }

    /// The map of `f` of each value.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> ChannelMap<U> {
        ChannelMap {
            sms: f(self.sms),
            mms: f(self.mms),
            whatsapp: f(self.whatsapp),
            voice: f(self.voice),
            email: f(self.email),
            push: f(self.push),
            webhook: f(self.webhook),
        }
    }
}

impl std::fmt::Display for Channel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spellings_agree() {
        for c in Channel::ALL {
            assert_eq!(serde_json::to_value(c).ok(), Some(serde_json::Value::from(c.name())));
            assert_eq!(Channel::from_name(c.name()), Some(c));
        }
        assert_eq!(crate::syntax::ast::CHANNELS, Channel::ALL.map(Channel::name));
    }

    #[test]
    fn a_map_gives_each_channel_its_own_value() {
        let mut m = ChannelMap::from_fn(Channel::name);
        for c in Channel::ALL {
            assert_eq!(*m.get(c), c.name());
        }
        *m.get_mut(Channel::Push) = "p";
        assert_eq!(*m.get(Channel::Push), "p");
        assert_eq!(*m.get(Channel::Sms), "sms");
        assert_eq!(m.map(str::len).get(Channel::Whatsapp), &8);
    }
}
