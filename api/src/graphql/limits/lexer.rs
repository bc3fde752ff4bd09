//! One linear pass over a document's text, before it is parsed: how many lexical tokens it
//! has and how deeply its brackets nest. Both bound the parser's work and the size of the
//! tree every later check walks.

/// What the pass found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextShape {
    pub tokens: usize,
    /// Deepest nesting of `{`, `[` and `(`.
    pub nesting: usize,
}

/// Counts GraphQL tokens (punctuators, names, numbers, strings; `...` is one) and bracket
/// nesting. Whitespace, commas and comments are ignored, as by GraphQL. Invalid text is still
/// counted (one token per unknown character); the parser refuses it afterwards.
pub fn shape(text: &str) -> TextShape {
    let bytes = text.as_bytes();
    let mut shape = TextShape {
        tokens: 0,
        nesting: 0,
    };
    let mut depth = 0_usize;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            b'#' => {
                i = skip_while(bytes, i, |b| b != b'\n' && b != b'\r');
                continue;
            }
            b'"' => i = skip_string(bytes, i),
            b'.' if bytes.get(i..i + 3) == Some(b"...") => i += 3,
            b'{' | b'[' | b'(' => {
                depth += 1;
                shape.nesting = shape.nesting.max(depth);
                i += 1;
            }
            b'}' | b']' | b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'_' | b'A'..=b'Z' | b'a'..=b'z' => {
                i = skip_while(bytes, i, |b| b == b'_' || b.is_ascii_alphanumeric());
            }
            b'-' | b'0'..=b'9' => {
                // Numbers: sign, digits, fraction, exponent.
                i = skip_while(bytes, i + 1, |b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-')
                });
            }
            _ => i += 1,
        }
        shape.tokens += 1;
    }
    shape
}

fn skip_while(bytes: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < bytes.len() && keep(bytes[i]) {
        i += 1;
    }
    i
}

/// Skips a string or block string starting at the quote at `start`; returns the index after it
/// (the end of the text when it is not closed).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    if bytes.get(start..start + 3) == Some(b"\"\"\"") {
        let mut i = start + 3;
        while i < bytes.len() {
            if bytes.get(i..i + 4) == Some(b"\\\"\"\"") {
                i += 4;
            } else if bytes.get(i..i + 3) == Some(b"\"\"\"") {
                return i + 3;
            } else {
                i += 1;
            }
        }
        return bytes.len();
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            // A plain string ends at the line; the parser reports it unterminated.
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_tokens_as_graphql_does() {
        let text = r#"query Q($id: ID!) { item(id: $id, x: -1.5e+3) { ...F, name } } # a comment { {
            fragment F on Item { note(text: "a \" } b") doc(text: """ { "" \""" [ """) }"#;
        let shape = shape(text);
        // query Q ( $ id : ID ! ) { item ( id : $ id x : -1.5e+3 ) { ... F name } }
        // fragment F on Item { note ( text : "…" ) doc ( text : """…""" ) }
        assert_eq!(shape.tokens, 26 + 18);
        assert_eq!(shape.nesting, 2);
    }

    #[test]
    fn unterminated_strings_and_stray_bytes_end_cleanly() {
        assert_eq!(shape("{ a(b: \"open").tokens, 6);
        assert_eq!(shape("\"\"\"never closed").tokens, 1);
        // Two bytes of UTF-8, two unknown tokens.
        assert_eq!(shape("{ é }").tokens, 4);
        assert_eq!(shape("").tokens, 0);
        assert_eq!(shape("[[[[").nesting, 4);
    }
}
