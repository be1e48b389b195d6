//! TOML errors in the words of the configuration: line and column, the dotted key, and the
//! nearest known key for a misspelt one.

use crate::msg;
use crate::words::Message;

/// `not valid TOML at line L, column C: …` (the parser's own detail stays as it says it).
pub(super) fn syntax_error(text: &str, e: &toml::de::Error) -> Message {
    let detail = e.message().trim().to_string();
    match position(text, e) {
        Some((line, column)) => msg!(
            "config-toml-syntax-at",
            line = line,
            column = column,
            detail = detail
        ),
        None => msg!("config-toml-syntax", detail = detail),
    }
}

fn position(text: &str, e: &toml::de::Error) -> Option<(usize, usize)> {
    e.span().map(|span| line_column(text, span.start))
}

/// ` (line L, column C)` after a message, or nothing.
fn at(text: &str, e: &toml::de::Error) -> Message {
    match position(text, e) {
        Some((line, column)) => msg!("config-at-line", line = line, column = column),
        None => Message::Text(String::new()),
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// A shape error (unknown key, wrong type) in words that name the key, with a suggestion
/// for a misspelt one.
pub(super) fn shape_error(text: &str, e: &toml::de::Error) -> Message {
    let mut keys = e
        .span()
        .map(|s| key_path_at(text, s.start))
        .unwrap_or_default();
    let at = at(text, e);
    if let Some((unknown, expected)) = unknown_field(e.message()) {
        // The position may be the unknown key itself or its section.
        if keys.last() == Some(&unknown) {
            keys.pop();
        }
        let nearest = nearest(&unknown, &expected);
        return match (keys.is_empty(), nearest) {
            (true, Some(n)) => msg!(
                "config-unknown-section-near",
                section = unknown,
                near = n,
                at = at
            ),
            (true, None) => msg!("config-unknown-section", section = unknown, at = at),
            (false, Some(n)) => {
                let table = keys.join(".");
                msg!(
                    "config-unknown-key-near",
                    key = format!("{table}.{unknown}"),
                    near = format!("{table}.{n}"),
                    at = at
                )
            }
            (false, None) => msg!(
                "config-unknown-key",
                key = format!("{}.{unknown}", keys.join(".")),
                known = expected.join(", "),
                at = at
            ),
        };
    }
    let detail = e.message().trim().to_string();
    match (keys.is_empty(), expected_kind(&detail)) {
        (false, Some(expected)) => msg!(
            "config-wrong-type",
            key = keys.join("."),
            expected = expected,
            at = at
        ),
        (false, None) => msg!(
            "config-key-problem",
            key = keys.join("."),
            detail = detail,
            at = at
        ),
        (true, _) => msg!("config-problem", detail = detail, at = at),
    }
}

/// What serde's "invalid type: string \"fifty\", expected i64" expected, in a bookkeeper's
/// words; `None` for other errors.
fn expected_kind(detail: &str) -> Option<Message> {
    let expected = detail
        .strip_prefix("invalid type: ")?
        .rsplit_once(", expected ")?
        .1
        .trim();
    Some(match expected {
        "i64" | "u64" | "i32" | "u32" | "usize" | "an integer" => msg!("config-expected-number"),
        "a string" => msg!("config-expected-text"),
        "a boolean" => msg!("config-expected-boolean"),
        "a sequence" => msg!("config-expected-list"),
        "text or a whole number" => msg!("config-expected-text-or-number"),
        "a section" | "a map" => msg!("config-expected-section"),
        _ => return None,
    })
}

/// serde's "unknown field `x`, expected one of `a`, `b`": the field and the expected names.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field ")?;
    let mut names = rest.split('`').skip(1).step_by(2).map(str::to_string);
    Some((names.next()?, names.collect()))
}

/// The known name closest to a misspelt one, if it is close enough to be the likely meaning.
fn nearest(wrong: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|k| (edit_distance(wrong, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.clone())
}

/// Levenshtein distance with a transposition counted as one edit (`improt` -> `import`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// The dotted key at a byte offset of the document: the deepest key whose name or value
/// covers it (`sync.customers.8411112`).
fn key_path_at(text: &str, offset: usize) -> Vec<String> {
    fn find(table: &toml::de::DeTable, offset: usize, path: &mut Vec<String>) -> bool {
        let covers = |span: std::ops::Range<usize>| {
            span.start <= offset && offset < span.end.max(span.start + 1)
        };
        for (key, value) in table.iter() {
            path.push(key.get_ref().to_string());
            if covers(key.span()) {
                return true;
            }
            if let toml::de::DeValue::Table(inner) = value.get_ref() {
                if find(inner, offset, path) {
                    return true;
                }
            }
            if covers(value.span()) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    if let Ok(root) = toml::de::DeTable::parse(text) {
        find(root.get_ref(), offset, &mut path);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_a_swap_as_one() {
        assert_eq!(edit_distance("improt_states", "import_states"), 1);
        assert_eq!(edit_distance("tenant", "tenant"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
