//! The one place a [`Message`] becomes text: Fluent bundles for en, de and fr, embedded at
//! compile time from `locales/<lang>/*.ftl`.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use super::format::{date, money};
use super::{language, Arg, Lang, Message};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Unicode isolation marks around arguments show as garbage in terminals and mail.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The message in the process's language.
pub fn render(message: &Message) -> String {
    render_in(message, language())
}

/// The message in `lang`. An id that no file has (a bug the completeness test catches) is
/// shown with its arguments rather than lost.
pub fn render_in(message: &Message, lang: Lang) -> String {
    match message {
        Message::Text(text) => text.clone(),
        Message::Coded { code, args } => {
            let values: HashMap<Cow<'static, str>, FluentValue> = args
                .iter()
                .map(|(name, arg)| (Cow::Owned(name.clone()), value(arg, lang)))
                .collect();
            LOCALES
                .try_lookup_with_args(&lang_id(lang), code, &values)
                .unwrap_or_else(|| format!("{code} {}", message.args_json()))
        }
    }
}

fn value(arg: &Arg, lang: Lang) -> FluentValue<'static> {
    match arg {
        Arg::Text(text) => FluentValue::from(text.clone()),
        Arg::Number(n) => FluentValue::from(*n),
        Arg::Money { currency, amount } => FluentValue::from(money(currency, *amount)),
        Arg::Date(d) => FluentValue::from(date(*d)),
        Arg::Message(m) => FluentValue::from(render_in(m, lang)),
        Arg::List(items) => FluentValue::from(
            items
                .iter()
                .map(|m| render_in(m, lang))
                .collect::<Vec<_>>()
                .join("; "),
        ),
    }
}

fn lang_id(lang: Lang) -> LanguageIdentifier {
    lang.code()
        .parse()
        .expect("en, de and fr are language identifiers")
}
