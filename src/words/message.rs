//! A message: a stable id and typed arguments, or, for rows an earlier version stored, the
//! finished text. Both serialise to JSON for the run log and for scripts (`code`, `args`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

/// Something to say, not yet said in any language.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A message of the Fluent files: `code` is its id.
    Coded {
        code: Cow<'static, str>,
        args: BTreeMap<String, Arg>,
    },
    /// Text written by an earlier version, shown as it is.
    Text(String),
}

/// One argument of a message. Amounts and dates stay typed so every language renders them in
/// the Swiss form and JSON keeps them exact and ISO.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text as it is: a number, a name, a text a service sent.
    Text(String),
    /// A count or a line number; Fluent's plural rules select on it.
    Number(i64),
    Money {
        currency: String,
        amount: Decimal,
    },
    Date(NaiveDate),
    /// A message inside a message (a refusal's reason).
    Message(Box<Message>),
    /// Several messages, said one after the other (`; ` between them).
    List(Vec<Message>),
}

/// `msg!("invoice-unknown-category", invoice = number, line = 2, category = kind)`: a
/// [`Message`] with its id and named arguments. The id must be a literal, so the
/// completeness test can find every id and argument the code uses.
#[macro_export]
macro_rules! msg {
    ($code:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::words::Message::new($code)$(.with(stringify!($name), $value))*
    };
}

impl Message {
    pub fn new(code: &'static str) -> Message {
        Message::Coded {
            code: Cow::Borrowed(code),
            args: BTreeMap::new(),
        }
    }

    /// Adds an argument (builder style; [`msg!`] calls it).
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Message {
        if let Message::Coded { args, .. } = &mut self {
            args.insert(name.to_string(), value.into());
        }
        self
    }

    /// The id; `None` for text an earlier version stored.
    pub fn code(&self) -> Option<&str> {
        match self {
            Message::Coded { code, .. } => Some(code),
            Message::Text(_) => None,
        }
    }

    pub fn arg(&self, name: &str) -> Option<&Arg> {
        match self {
            Message::Coded { args, .. } => args.get(name),
            Message::Text(_) => None,
        }
    }

    /// The arguments as scripts read them (`args` in JSON output; the run log's column):
    /// text as a string, counts as numbers, money as `{amount, currency}`, dates as
    /// `{date}` in ISO, nested messages as `{code, args}`.
    pub fn args_json(&self) -> Value {
        match self {
            Message::Coded { args, .. } => Value::Object(
                args.iter()
                    .map(|(name, arg)| (name.clone(), arg.to_json()))
                    .collect(),
            ),
            Message::Text(_) => Value::Object(Map::new()),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Message::Coded { code, .. } => json!({ "code": code, "args": self.args_json() }),
            Message::Text(text) => json!({ "text": text }),
        }
    }

    /// A message back from its stored id and arguments; an error names what does not read.
    pub fn decode(code: &str, args: &str) -> Result<Message, String> {
        let value: Value =
            serde_json::from_str(args).map_err(|e| format!("arguments are not JSON: {e}"))?;
        let Value::Object(map) = value else {
            return Err("arguments are not a JSON object".into());
        };
        let mut decoded = BTreeMap::new();
        for (name, value) in map {
            let arg =
                Arg::from_json(&value).ok_or_else(|| format!("argument {name} is unreadable"))?;
            decoded.insert(name, arg);
        }
        Ok(Message::Coded {
            code: Cow::Owned(code.to_string()),
            args: decoded,
        })
    }

    fn from_json(value: &Value) -> Option<Message> {
        let map = value.as_object()?;
        if let Some(text) = map.get("text") {
            return Some(Message::Text(text.as_str()?.to_string()));
        }
        let code = map.get("code")?.as_str()?;
        let args = serde_json::to_string(map.get("args")?).ok()?;
        Message::decode(code, &args).ok()
    }
}

impl Arg {
    pub fn money(currency: &str, amount: Decimal) -> Arg {
        Arg::Money {
            currency: currency.to_string(),
            amount,
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Arg::Text(text) => Value::String(text.clone()),
            Arg::Number(n) => json!(n),
            Arg::Money { currency, amount } => {
                json!({ "amount": amount.to_string(), "currency": currency })
            }
            Arg::Date(d) => json!({ "date": d.format("%Y-%m-%d").to_string() }),
            Arg::Message(m) => m.to_json(),
            Arg::List(items) => Value::Array(items.iter().map(Message::to_json).collect()),
        }
    }

    fn from_json(value: &Value) -> Option<Arg> {
        Some(match value {
            Value::String(text) => Arg::Text(text.clone()),
            Value::Number(n) => Arg::Number(n.as_i64()?),
            Value::Array(items) => Arg::List(
                items
                    .iter()
                    .map(Message::from_json)
                    .collect::<Option<_>>()?,
            ),
            Value::Object(map) if map.contains_key("amount") => Arg::Money {
                currency: map.get("currency")?.as_str()?.to_string(),
                amount: map.get("amount")?.as_str()?.parse().ok()?,
            },
            Value::Object(map) if map.contains_key("date") => {
                Arg::Date(map.get("date")?.as_str()?.parse().ok()?)
            }
            Value::Object(_) => Arg::Message(Box::new(Message::from_json(value)?)),
            _ => return None,
        })
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_string())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Text(text.clone())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i64, i32, u32, u64, usize);

impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Arg {
        Arg::Date(d)
    }
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(Box::new(m))
    }
}

impl From<Vec<Message>> for Arg {
    fn from(items: Vec<Message>) -> Arg {
        Arg::List(items)
    }
}
