//! A strict RFC 8259 parser: no comments, no trailing commas, no leading zeros, no lone
//! surrogates, no control characters in strings, nothing after the value but whitespace.
//! Nesting deeper than [`MAX_DEPTH`] is refused, so hostile input cannot exhaust the stack.
//! Never panics.

use std::fmt;

use super::value::{Json, Map, Number};

/// The deepest nesting of arrays and objects accepted: 127, as `serde_json` (whose
/// recursion limit of 128 refuses the 128th level).
pub const MAX_DEPTH: usize = 127;

/// What is wrong with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text ends inside a value.
    Eof,
    /// A character that cannot start or continue a value here.
    Unexpected,
    /// A malformed number (leading zero, missing digits).
    Number,
    /// An unknown escape or a malformed `\u`.
    Escape,
    /// An unpaired UTF-16 surrogate in a `\u` escape.
    Surrogate,
    /// A raw control character (below U+0020) in a string.
    ControlCharacter,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Something other than whitespace after the value.
    Trailing,
    /// Bytes that are not UTF-8.
    Utf8,
}

/// Why a text is not JSON, and where (a byte offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub kind: ParseErrorKind,
    /// The byte offset where it was found.
    pub offset: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            ParseErrorKind::Eof => "unexpected end of JSON",
            ParseErrorKind::Unexpected => "unexpected character in JSON",
            ParseErrorKind::Number => "invalid number in JSON",
            ParseErrorKind::Escape => "invalid escape in JSON string",
            ParseErrorKind::Surrogate => "unpaired surrogate in JSON string",
            ParseErrorKind::ControlCharacter => "control character in JSON string",
            ParseErrorKind::TooDeep => "JSON nested too deeply",
            ParseErrorKind::Trailing => "trailing characters after JSON",
            ParseErrorKind::Utf8 => "JSON is not UTF-8",
        })?;
        f.write_str(" at byte ")?;
        f.write_str(&self.offset.to_string())
    }
}

impl std::error::Error for ParseError {}

/// Parses one JSON value from `text`.
pub fn parse(text: &str) -> Result<Json, ParseError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error(ParseErrorKind::Trailing));
    }
    Ok(value)
}

/// Parses one JSON value from UTF-8 bytes.
pub fn parse_bytes(bytes: &[u8]) -> Result<Json, ParseError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => Err(ParseError {
            kind: ParseErrorKind::Utf8,
            offset: e.valid_up_to(),
        }),
    }
}

/// Members this many or fewer are sorted here, in place (no buffer, unlike the map's merge
/// sort, which then finds them sorted); a stable insertion sort, so that the last of
/// repeated keys still wins.
const SMALL_OBJECT: usize = 16;

fn sort_small(members: &mut [(String, Json)]) {
    if members.len() > SMALL_OBJECT {
        return;
    }
    for i in 1..members.len() {
        let mut j = i;
        while j > 0 && members.get(j - 1).map(|m| &m.0) > members.get(j).map(|m| &m.0) {
            members.swap(j - 1, j);
            j -= 1;
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, kind: ParseErrorKind) -> ParseError {
        ParseError {
            kind,
            offset: self.pos,
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The next byte, or an end-of-input error.
    #[inline]
    fn next(&mut self) -> Result<u8, ParseError> {
        let b = self.peek().ok_or(self.error(ParseErrorKind::Eof))?;
        self.pos += 1;
        Ok(b)
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes `word` (after its first byte was seen).
    fn literal(&mut self, word: &[u8], value: Json) -> Result<Json, ParseError> {
        for &expected in word {
            if self.next()? != expected {
                self.pos -= 1;
                return Err(self.error(ParseErrorKind::Unexpected));
            }
        }
        Ok(value)
    }

    fn value(&mut self, depth: usize) -> Result<Json, ParseError> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.error(ParseErrorKind::Eof)),
            Some(b'n') => self.literal(b"null", Json::Null),
            Some(b't') => self.literal(b"true", Json::Bool(true)),
            Some(b'f') => self.literal(b"false", Json::Bool(false)),
            Some(b'"') => {
                self.pos += 1;
                self.string().map(Json::String)
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.error(ParseErrorKind::TooDeep));
                }
                self.pos += 1;
                self.array(depth + 1)
            }
            Some(b'{') => {
                if depth >= MAX_DEPTH {
                    return Err(self.error(ParseErrorKind::TooDeep));
                }
                self.pos += 1;
                self.object(depth + 1)
            }
            Some(_) => Err(self.error(ParseErrorKind::Unexpected)),
        }
    }

    /// After `[`.
    fn array(&mut self, depth: usize) -> Result<Json, ParseError> {
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.next()? {
                b',' => {}
                b']' => return Ok(Json::Array(items)),
                _ => {
                    self.pos -= 1;
                    return Err(self.error(ParseErrorKind::Unexpected));
                }
            }
        }
    }

    /// After `{`.
    fn object(&mut self, depth: usize) -> Result<Json, ParseError> {
        // Collected, then sorted once: inserting each member at its sorted place would cost
        // a scan per member (quadratic in the member count).
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(Map::new()));
        }
        loop {
            self.skip_ws();
            if self.next()? != b'"' {
                self.pos -= 1;
                return Err(self.error(ParseErrorKind::Unexpected));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.next()? != b':' {
                self.pos -= 1;
                return Err(self.error(ParseErrorKind::Unexpected));
            }
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_ws();
            match self.next()? {
                b',' => {}
                b'}' => {
                    sort_small(&mut members);
                    return Ok(Json::Object(Map::from_entries(members)));
                }
                _ => {
                    self.pos -= 1;
                    return Err(self.error(ParseErrorKind::Unexpected));
                }
            }
        }
    }

    /// After the opening quote; consumes the closing one.
    fn string(&mut self) -> Result<String, ParseError> {
        // Most strings have no escape: one scan, one copy of exactly their length.
        let run = self.plain_run()?;
        if self.peek() == Some(b'"') {
            self.pos += 1;
            return Ok(run.to_owned());
        }
        let mut out = String::with_capacity(run.len() + 16);
        out.push_str(run);
        loop {
            match self.next()? {
                b'"' => return Ok(out),
                b'\\' => {
                    let escaped = match self.next()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => {
                            self.pos -= 1;
                            return Err(self.error(ParseErrorKind::Escape));
                        }
                    };
                    out.push(escaped);
                    out.push_str(self.plain_run()?);
                }
                _ => {
                    self.pos -= 1;
                    return Err(self.error(ParseErrorKind::ControlCharacter));
                }
            }
        }
    }

    /// The text from here up to the next `"`, `\` or control character (consumed).
    #[inline]
    fn plain_run(&mut self) -> Result<&'a str, ParseError> {
        let start = self.pos;
        let rest = self.bytes.get(start..).unwrap_or_default();
        self.pos += super::scan::plain_run(rest);
        // The run starts and ends at ASCII bytes (or the ends of the text), so it is whole
        // UTF-8 characters: `get` checks the two boundaries, not the bytes between.
        self.text
            .get(start..self.pos)
            .ok_or(self.error(ParseErrorKind::Utf8))
    }

    /// Four hex digits after `\u`.
    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut n = 0;
        for _ in 0..4 {
            let b = self.next()?;
            let digit = char::from(b).to_digit(16).ok_or_else(|| {
                self.pos -= 1;
                self.error(ParseErrorKind::Escape)
            })?;
            n = n * 16 + digit;
        }
        Ok(n)
    }

    /// After `\u`: one code point, or a surrogate pair written as two escapes.
    fn unicode_escape(&mut self) -> Result<char, ParseError> {
        let at = self.pos;
        let first = self.hex4()?;
        let surrogate = ParseError {
            kind: ParseErrorKind::Surrogate,
            offset: at,
        };
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(surrogate);
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(surrogate);
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(surrogate),
            n => n,
        };
        char::from_u32(code).ok_or(surrogate)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Json, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        match self.digits() {
            0 => return Err(self.error(ParseErrorKind::Number)),
            n if n > 1 && self.bytes[int_start] == b'0' => {
                self.pos = int_start + 1;
                return Err(self.error(ParseErrorKind::Number));
            }
            _ => {}
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error(ParseErrorKind::Number));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error(ParseErrorKind::Number));
            }
        }
        // Only ASCII digits, signs, '.', 'e' were consumed.
        let text = std::str::from_utf8(&self.bytes[start..self.pos])
            .map_err(|_| self.error(ParseErrorKind::Number))?;
        if integer {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Json::Number(Number::Int(i)));
            }
        }
        match super::parse_f64(text) {
            // Out of range (`1e400`) is an error, as in `serde_json`.
            Some(f) if f.is_finite() => Ok(Json::Number(Number::Text(text.into()))),
            _ => Err(ParseError {
                kind: ParseErrorKind::Number,
                offset: start,
            }),
        }
    }
}
