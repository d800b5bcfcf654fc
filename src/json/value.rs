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

/// The members of an object. Keys are unique: every way of adding a member replaces the
/// value of a key already there (the last value wins, as in `serde_json`). Parsed objects
/// and maps collected from pairs are sorted by key (as `serde_json`'s map was, so request
/// bodies and stored values read as before); [`Map::insert`] puts a new key before the
/// first greater one; [`Map::push`] appends, for structs written in declaration order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(Vec<(String, Json)>);

impl Map {
    /// An empty map.
    pub fn new() -> Map {
        Map(Vec::new())
    }

    /// `members` sorted by key, the last value of a repeated key winning: how `serde_json`
    /// reads an object. O(n log n) (the parser's path: an object of many members must not
    /// cost a scan per member).
    pub(crate) fn from_members(mut members: Vec<(String, Json)>) -> Map {
        if !members.windows(2).all(|w| w[0].0 < w[1].0) {
            merge_sort(&mut members);
            // Equal keys are adjacent and in input order: keep the first place, last value.
            members.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(&mut later.1, &mut kept.1);
                }
                same
            });
        }
        Map(members)
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.0.iter().position(|(k, _)| k == key)
    }

    /// Where a new `key` goes: before the first greater key (the end of a sorted map).
    fn place(&self, key: &str) -> usize {
        self.0
            .iter()
            .position(|(k, _)| k.as_str() > key)
            .unwrap_or(self.0.len())
    }

    /// Sets `key`: replaces its value, or adds it at its sorted place. Returns the old value.
    pub fn insert(&mut self, key: String, value: Json) -> Option<Json> {
        if let Some(old) = self.get_mut(&key) {
            return Some(std::mem::replace(old, value));
        }
        let i = self.place(&key);
        self.0.insert(i, (key, value));
        None
    }

    /// The value of `key`, added as `null` at its sorted place when absent.
    pub fn slot(&mut self, key: &str) -> &mut Json {
        let i = match self.position(key) {
            Some(i) => i,
            None => {
                let i = self.place(key);
                self.0.insert(i, (key.to_owned(), Json::Null));
                i
            }
        };
        &mut self.0[i].1
    }

    /// Appends `key`, or replaces its value where it is. Each call scans the members: for
    /// the handful of a struct's fields (collect a large map instead).
    pub fn push(&mut self, key: String, value: Json) {
        match self.get_mut(&key) {
            Some(old) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, for changing it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Takes `key` out.
    pub fn remove(&mut self, key: &str) -> Option<Json> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is no member.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Json)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &Json> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl IntoIterator for Map {
    type Item = (String, Json);
    type IntoIter = std::vec::IntoIter<(String, Json)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Json);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Json)>,
        fn(&'a (String, Json)) -> (&'a String, &'a Json),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl FromIterator<(String, Json)> for Map {
    /// The members sorted by key, the last of a repeated key winning (O(n log n)).
    fn from_iter<I: IntoIterator<Item = (String, Json)>>(iter: I) -> Map {
        Map::from_members(iter.into_iter().collect())
    }
}

impl Extend<(String, Json)> for Map {
    /// Inserts each member in turn (a scan each: for a few members).
    fn extend<I: IntoIterator<Item = (String, Json)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

/// A stable bottom-up merge sort by key. Written out rather than `sort_by`: core's sorts
/// cost about 2 KB gzip of wasm (`bench/levers.md`, size levers 13 and 20).
fn merge_sort(members: &mut Vec<(String, Json)>) {
    let n = members.len();
    let mut from = std::mem::take(members);
    let mut to: Vec<(String, Json)> = Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        to.clear();
        let mut start = 0;
        while start < n {
            let mid = n.min(start + width);
            let end = n.min(start + 2 * width);
            let (mut i, mut j) = (start, mid);
            while i < mid && j < end {
                // The left run first on equal keys: stable.
                let k = if from[j].0 < from[i].0 {
                    j += 1;
                    j - 1
                } else {
                    i += 1;
                    i - 1
                };
                to.push(std::mem::take(&mut from[k]));
            }
            to.extend(from[i..mid].iter_mut().map(std::mem::take));
            to.extend(from[j..end].iter_mut().map(std::mem::take));
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    *members = from;
}

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
        let mut out = String::new();
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
