//! Words for people: every sentence a person reads is a [`Message`] (a stable id and typed
//! arguments) until this module renders it, in German, French or English, from the Fluent
//! files in `locales/` that are compiled into the binary. The core never holds a sentence;
//! the run log stores ids and arguments, and JSON output carries them as `code` and `args`
//! beside the rendered text.
//!
//! Amounts and dates keep the Swiss form in every language (`CHF 1'234.50`, `15.03.2026`);
//! JSON keeps ISO. `--help`, the man page and debug logs stay English and do not come here.

use std::sync::atomic::{AtomicU8, Ordering};

mod format;
mod message;
mod render;

pub use format::{date, money};
pub use message::{Arg, Message};
pub use render::{render, render_in};

/// A language the tool speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    De,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::De, Lang::Fr];

    /// The code used in the config (`ui.language`) and for the Fluent files.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
        }
    }

    /// `ui.language` as written in the config: exactly one of the three codes.
    pub fn parse(text: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == text.trim())
    }

    /// A POSIX locale such as `de_CH.UTF-8`: German for `de_*`, French for `fr_*`, else
    /// English (`C`, `POSIX`, `en_US.UTF-8`, anything unknown).
    pub fn from_locale(locale: &str) -> Lang {
        let language = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match language.as_str() {
            "de" => Lang::De,
            "fr" => Lang::Fr,
            _ => Lang::En,
        }
    }

    /// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG` that is set and not empty decides, as POSIX has it.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(var)
            .find(|value| !value.trim().is_empty())
            .map(|value| Lang::from_locale(&value))
            .unwrap_or(Lang::En)
    }

    fn index(self) -> u8 {
        match self {
            Lang::En => 0,
            Lang::De => 1,
            Lang::Fr => 2,
        }
    }
}

/// The process's language: set from the environment at start-up and from `ui.language`
/// once the config is read. A process speaks one language, like its terminal; tests that
/// need another use [`render_in`].
static CURRENT: AtomicU8 = AtomicU8::new(0);

pub fn set_language(lang: Lang) {
    CURRENT.store(lang.index(), Ordering::Relaxed);
}

pub fn language() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::De,
        2 => Lang::Fr,
        _ => Lang::En,
    }
}

#[cfg(test)]
mod tests;
