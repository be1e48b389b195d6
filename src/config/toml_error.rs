//! TOML errors in the words of the configuration: line and column, the dotted key, and the
//! nearest known key for a misspelt one.

/// ` at line L, column C` of the error's position, or nothing when it has none.
pub(super) fn at_line(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            format!(" at line {line}, column {column}")
        }
        None => String::new(),
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
pub(super) fn shape_error(text: &str, e: &toml::de::Error) -> String {
    let mut keys = e
        .span()
        .map(|s| key_path_at(text, s.start))
        .unwrap_or_default();
    let at = match at_line(text, e) {
        at if at.is_empty() => at,
        at => format!(" ({})", at.trim_start().trim_start_matches("at ")),
    };
    if let Some((unknown, expected)) = unknown_field(e.message()) {
        // The position may be the unknown key itself or its section.
        if keys.last() == Some(&unknown) {
            keys.pop();
        }
        let nearest = nearest(&unknown, &expected);
        return if keys.is_empty() {
            let hint = nearest.map(|n| format!("; did you mean [{n}]?"));
            format!(
                "unknown section [{unknown}]{}{at}",
                hint.unwrap_or_default()
            )
        } else {
            let table = keys.join(".");
            let hint = match nearest {
                Some(n) => format!("; did you mean {table}.{n}?"),
                None => format!(" (known keys: {})", expected.join(", ")),
            };
            format!("unknown key {table}.{unknown}{hint}{at}")
        };
    }
    match keys.is_empty() {
        true => format!("{}{at}", e.message().trim()),
        false => format!("{}: {}{at}", keys.join("."), e.message().trim()),
    }
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
