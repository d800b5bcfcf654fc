//! The JSON value tree.

/// A JSON number: an integer when the text had no fraction or exponent and fits `i64`,
/// otherwise the text as written (valid RFC 8259 number text), which is read as a double
/// on demand and written back unchanged. Keeping the text spares the module a float
/// formatter (several kilobytes of wasm) and never changes a number passing through.
#[derive(Debug, Clone, PartialEq)]
pub enum Number {
    /// An integer written without fraction or exponent.
    Int(i64),
    /// Any other number, as written (`1.5`, `1e3`, `18446744073709551616`).
    Text(Box<str>),
}

impl Number {
    /// The value as a double.
    pub fn as_f64(&self) -> f64 {
        match self {
            Number::Int(i) => *i as f64,
            Number::Text(t) => super::parse_f64(t).unwrap_or(f64::NAN),
        }
    }

    /// The value as an `i64` when it is an integer.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(*i),
            Number::Text(_) => None,
        }
    }
}

/// The members of an object: the crate's one small map ([`crate::map::VecMap`]). Keys are
/// unique: every way of adding a member replaces the value of a key already there (the
/// last value wins, as in `serde_json`). Parsed objects and maps collected from pairs are
/// sorted by key (as `serde_json`'s map was, so request bodies and stored values read as
/// before); `insert` puts a new key before the first greater one; `push` appends, for
/// structs written in declaration order.
pub type Map = crate::map::VecMap<String, Json>;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Json {
    /// `null`.
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object.
    Object(Map),
}

static NULL: Json = Json::Null;

impl Json {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.get(key),
            _ => None,
        }
    }

    /// The member `key` of an object, for changing it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        match self {
            Json::Object(members) => members.get_mut(key),
            _ => None,
        }
    }

    /// The string, for a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value, for a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The value, for an integer.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The value, for a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_i64().and_then(|i| u64::try_from(i).ok())
    }

    /// The value as a double, for any number.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }

    /// The string items of an array, in order (other items skipped); empty for a value
    /// that is not an array. A plain loop shared by every caller: each
    /// `filter_map(as_str).map(to_owned).collect()` chain was its own copy in the wasm.
    pub fn string_items(&self) -> Vec<String> {
        let mut strings = Vec::new();
        if let Json::Array(items) = self {
            for item in items {
                if let Json::String(s) = item {
                    strings.push(s.clone());
                }
            }
        }
        strings
    }

    /// The items, for an array.
    pub fn as_array(&self) -> Option<&Vec<Json>> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, for an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// The members, for changing an object.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Json::Object(members) => Some(members),
            _ => None,
        }
    }

    /// True for an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// The value at an RFC 6901 pointer (`/a/0/b`), like `serde_json::Value::pointer`.
    pub fn pointer(&self, pointer: &str) -> Option<&Json> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/').try_fold(self, |v, token| {
            let token = token.replace("~1", "/").replace("~0", "~");
            match v {
                Json::Object(_) => v.get(&token),
                Json::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            }
        })
    }

    /// Writes the value as compact JSON text.
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(256);
        super::writer::write(&mut out, self);
        out
    }
}

impl std::fmt::Display for Json {
    /// Compact JSON text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_text())
    }
}

impl std::ops::IndexMut<&str> for Json {
    /// The member `key`, added as `null` when absent. A value that is not an object
    /// becomes an empty object first (`serde_json` panics there; we never do).
    fn index_mut(&mut self, key: &str) -> &mut Json {
        if !matches!(self, Json::Object(_)) {
            *self = Json::Object(Map::new());
        }
        match self {
            Json::Object(members) => members.slot(key),
            other => other,
        }
    }
}

impl std::ops::Index<&str> for Json {
    type Output = Json;
    /// The member `key`, or `null` (never panics).
    fn index(&self, key: &str) -> &Json {
        self.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::Index<usize> for Json {
    type Output = Json;
    /// The item at `index`, or `null` (never panics).
    fn index(&self, index: usize) -> &Json {
        match self {
            Json::Array(items) => items.get(index).unwrap_or(&NULL),
            _ => &NULL,
        }
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<&String> for Json {
    fn from(s: &String) -> Json {
        Json::String(s.clone())
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<i64> for Json {
    fn from(i: i64) -> Json {
        Json::Number(Number::Int(i))
    }
}

impl From<u32> for Json {
    fn from(i: u32) -> Json {
        Json::Number(Number::Int(i64::from(i)))
    }
}

impl From<u64> for Json {
    fn from(i: u64) -> Json {
        match i64::try_from(i) {
            Ok(i) => Json::Number(Number::Int(i)),
            Err(_) => Json::Number(Number::Text(i.to_string().into())),
        }
    }
}

impl From<f64> for Json {
    /// `null` for NaN and the infinities (as `JSON.stringify`); otherwise the shortest text
    /// that reads back as `f`, with `.0` on whole numbers so it stays a float for readers
    /// that tell them apart. (This brings in a float formatter: the crate itself never
    /// calls it.)
    fn from(f: f64) -> Json {
        if !f.is_finite() {
            return Json::Null;
        }
        let mut text = f.to_string();
        if !text.contains('.') {
            text.push_str(".0");
        }
        Json::Number(Number::Text(text.into()))
    }
}

impl From<Map> for Json {
    fn from(members: Map) -> Json {
        Json::Object(members)
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Json {
        Json::Array(items)
    }
}

impl PartialEq<str> for Json {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Json {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<bool> for Json {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl PartialEq<i64> for Json {
    fn eq(&self, other: &i64) -> bool {
        self.as_i64() == Some(*other)
    }
}
