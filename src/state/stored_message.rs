//! A message in the state file: its id and arguments (`code`, `args`), and, beside them, its
//! English text (`message`) for a person reading the file with sqlite3 and for versions that
//! know no ids. A row an earlier version wrote has no id: its text is shown as it is.

use super::State;
use crate::words::{render_in, Lang, Message};

impl State {
    /// The columns that hold the ids and arguments of `table`'s messages (`columns`), or
    /// as many NULLs in a file of the version before them (read-only, not upgraded).
    pub(super) fn message_columns(&self, table: &str, columns: &str) -> String {
        let has_codes: bool = self
            .conn
            .query_row(
                "SELECT count(*) > 0 FROM pragma_table_info(?1) WHERE name = 'code'",
                [table],
                |r| r.get(0),
            )
            .unwrap_or(false);
        match has_codes {
            true => columns.to_string(),
            false => vec!["NULL"; columns.split(',').count()].join(", "),
        }
    }
}

/// The three columns of one message.
pub(super) struct StoredMessage {
    pub text: String,
    pub code: Option<String>,
    pub args: Option<String>,
}

pub(super) fn store(message: &Message) -> StoredMessage {
    StoredMessage {
        text: render_in(message, Lang::En),
        code: message.code().map(str::to_string),
        args: message.code().map(|_| message.args_json().to_string()),
    }
}

/// The message back. Arguments that no longer read (a hand-edited file) fall back to the
/// stored text, which says the same in English.
pub(super) fn load(text: String, code: Option<String>, args: Option<String>) -> Message {
    match code {
        Some(code) => {
            Message::decode(&code, args.as_deref().unwrap_or("{}")).unwrap_or(Message::Text(text))
        }
        None => Message::Text(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_reads_back_and_old_text_stays_text() {
        let m = crate::msg!("problem-todo-refused", invoice = "1001");
        let s = store(&m);
        assert_eq!(s.code.as_deref(), Some("problem-todo-refused"));
        assert_eq!(load(s.text, s.code, s.args), m);
        assert_eq!(
            load("as it was".into(), None, None),
            Message::Text("as it was".into())
        );
        assert_eq!(
            load("kept".into(), Some("x".into()), Some("not json".into())),
            Message::Text("kept".into())
        );
    }
}
