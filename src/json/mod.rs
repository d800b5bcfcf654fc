//! JSON without serde: a value tree ([`Json`]), a strict parser, a writer, and two small
//! traits, [`FromJson`] and [`ToJson`], derived (`#[derive(FromJson, ToJson)]`, our own
//! proc-macro in `derive/`, see `shape.rs`) for the types that cross the wasm boundary or
//! are stored. The same derives write their TypeScript declarations on native builds
//! (`js/wire.d.ts`, checked by `tests/ts_decls.rs`).
//!
//! Why not serde: its derives monomorphize a visitor per type and per format, which was
//! most of the wasm module. Here every type goes through the one [`Json`] tree, so the
//! parser and the writer exist once, and the derive generates the `Fields` / `ObjectBuilder`
//! calls a hand-written impl would make.
//!
//! The shapes are serde's, exactly, because the JS side, the tests and stored sessions
//! depend on them: unknown members are ignored, a missing `Option` member is `None`
//! (and `null` reads as `None`), `None` is not written, enums are tagged as they were.

mod float;
mod parser;
mod scan;
mod shape;
mod value;
mod writer;

pub use float::parse_f64;
pub use parser::{parse, parse_bytes, ParseError};
pub use value::{Json, Map};
// For the tests (the `testing` feature); the crate itself does not name these.
#[cfg(feature = "testing")]
pub use parser::{ParseErrorKind, MAX_DEPTH};
#[cfg(feature = "testing")]
pub use value::Number;
#[cfg(feature = "testing")]
pub use writer::write_string;

pub use cognito_headless_derive::{FromJson, ToJson};
#[cfg(not(target_arch = "wasm32"))]
pub use shape::ts;
pub use shape::{bytes as bytes_codec, one_or_many, pairs, FromFields, ToFields};

use std::collections::BTreeMap;
use std::fmt;

/// Why a JSON value does not have the shape a type expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// What is wrong (`"missing field"`, `"invalid type"`, …).
    pub what: &'static str,
    /// The field, variant or type concerned.
    pub at: String,
}

impl DecodeError {
    /// An error about `at`. Cold and never inlined: every derived reader builds these, and
    /// one shared copy keeps the wasm module small.
    #[cold]
    #[inline(never)]
    pub fn new(what: &'static str, at: &str) -> DecodeError {
        DecodeError {
            what,
            at: at.to_owned(),
        }
    }

    /// A value of the wrong JSON type where `expected` was wanted.
    #[cold]
    #[inline(never)]
    pub fn invalid_type(expected: &str) -> DecodeError {
        DecodeError::new("invalid type, expected", expected)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)?;
        f.write_str(" `")?;
        f.write_str(&self.at)?;
        f.write_str("`")
    }
}

impl std::error::Error for DecodeError {}

/// A text that is not JSON, or JSON of the wrong shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Not JSON.
    Parse(ParseError),
    /// JSON, but not of the expected shape.
    Decode(DecodeError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Parse(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

/// A type read from a JSON value.
pub trait FromJson: Sized {
    /// Reads the value.
    fn from_json(value: Json) -> Result<Self, DecodeError>;

    /// The value of a member that is absent: `None` (an error) except for `Option`, whose
    /// absent members are `None` as in serde.
    fn absent() -> Option<Self> {
        None
    }
}

/// A type written as a JSON value.
pub trait ToJson {
    /// The value.
    fn to_json(&self) -> Json;
}

/// Parses `text` and reads a `T` from it.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, Error> {
    let value = parse(text).map_err(Error::Parse)?;
    T::from_json(value).map_err(Error::Decode)
}

/// Writes `value` as compact JSON text.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    value.to_json().to_text()
}

/// The members of an object being read: each `field` call takes one out.
pub struct Fields {
    members: Map,
}

impl Fields {
    /// The members of `value`, which must be an object (`what` names the type for errors).
    pub fn of(value: Json, what: &str) -> Result<Fields, DecodeError> {
        match value {
            Json::Object(members) => Ok(Fields { members }),
            _ => Err(DecodeError::invalid_type(what)),
        }
    }

    /// Takes the raw member `key` out. Never inlined: the generic readers below call it
    /// once per decoded type, and one shared copy keeps the wasm module small.
    #[inline(never)]
    pub fn take(&mut self, key: &str) -> Option<Json> {
        self.members.remove(key)
    }

    /// A required member (an `Option` may be absent).
    pub fn field<T: FromJson>(&mut self, key: &str) -> Result<T, DecodeError> {
        match self.take(key) {
            Some(v) => T::from_json(v),
            None => T::absent().ok_or_else(|| missing_field(key)),
        }
    }

    /// A member with `#[serde(default)]`: absent is `T::default()`; present must be a `T`.
    pub fn or_default<T: FromJson + Default>(&mut self, key: &str) -> Result<T, DecodeError> {
        match self.take(key) {
            Some(v) => T::from_json(v),
            None => Ok(T::default()),
        }
    }
}

/// Builds an object in declaration order, skipping `None`s: the writer side of a struct.
#[derive(Default)]
pub struct ObjectBuilder {
    members: Map,
}

impl ObjectBuilder {
    /// An empty object.
    pub fn new() -> ObjectBuilder {
        ObjectBuilder::default()
    }

    /// Adds `key`.
    pub fn put(self, key: &str, value: impl ToJson) -> ObjectBuilder {
        self.json(key, value.to_json())
    }

    /// Adds `key` when `value` is `Some` (`skip_serializing_if = "Option::is_none"`).
    pub fn opt<T: ToJson>(self, key: &str, value: Option<T>) -> ObjectBuilder {
        match value {
            Some(v) => self.put(key, v),
            None => self,
        }
    }

    /// Adds `key` as an already built value. Never inlined: `put` is generic, and one shared
    /// copy of the push keeps each of its instances small in the wasm module.
    #[inline(never)]
    pub fn json(mut self, key: &str, value: Json) -> ObjectBuilder {
        self.members.push(key.to_owned(), value);
        self
    }

    /// The object.
    pub fn build(self) -> Json {
        Json::Object(self.members)
    }
}

/// The `type`/`name` tag of an internally or adjacently tagged enum.
pub fn tag(fields: &mut Fields, key: &str) -> Result<String, DecodeError> {
    match fields.take(key) {
        Some(Json::String(s)) => Ok(s),
        Some(_) => Err(DecodeError::invalid_type(key)),
        None => Err(DecodeError::new("missing field", key)),
    }
}

/// A required member that is absent (one shared copy for every generic reader).
#[cold]
#[inline(never)]
fn missing_field(key: &str) -> DecodeError {
    DecodeError::new("missing field", key)
}

/// An unknown enum variant.
pub fn unknown_variant(name: &str) -> DecodeError {
    DecodeError::new("unknown variant", name)
}

// ------------------------------------------------------------------ std impls

impl FromJson for Json {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        Ok(value)
    }
}

impl ToJson for Json {
    fn to_json(&self) -> Json {
        self.clone()
    }
}

impl FromJson for String {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        match value {
            Json::String(s) => Ok(s),
            _ => Err(DecodeError::invalid_type("a string")),
        }
    }
}

impl ToJson for String {
    fn to_json(&self) -> Json {
        Json::String(self.clone())
    }
}

impl ToJson for str {
    fn to_json(&self) -> Json {
        Json::String(self.to_owned())
    }
}

impl FromJson for bool {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        value
            .as_bool()
            .ok_or_else(|| DecodeError::invalid_type("a boolean"))
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Json {
        Json::Bool(*self)
    }
}

/// An integer in range; a number with a fraction or out of range is an error, as in serde.
fn integer(value: &Json, min: i64, max: i64) -> Result<i64, DecodeError> {
    match value.as_i64() {
        Some(i) if (min..=max).contains(&i) => Ok(i),
        _ => Err(DecodeError::invalid_type("an integer in range")),
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(value: Json) -> Result<Self, DecodeError> {
                let i = integer(&value, <$t>::MIN as i64, i64::try_from(<$t>::MAX).unwrap_or(i64::MAX))?;
                <$t>::try_from(i).map_err(|_| DecodeError::invalid_type("an integer in range"))
            }
        }
        impl ToJson for $t {
            fn to_json(&self) -> Json {
                Json::from(*self as i64)
            }
        }
    )*};
}
integers!(u8, u16, u32, i32, i64, usize);

impl FromJson for u64 {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        value
            .as_u64()
            .ok_or_else(|| DecodeError::invalid_type("an unsigned integer"))
    }
}

impl ToJson for u64 {
    fn to_json(&self) -> Json {
        Json::from(*self)
    }
}

impl FromJson for f64 {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        value
            .as_f64()
            .ok_or_else(|| DecodeError::invalid_type("a number"))
    }
}

impl ToJson for f64 {
    fn to_json(&self) -> Json {
        Json::from(*self)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        match value {
            Json::Null => Ok(None),
            v => T::from_json(v).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Json {
        match self {
            Some(v) => v.to_json(),
            None => Json::Null,
        }
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        match value {
            // A plain loop, not an iterator chain: each `T` gets its own copy of this body
            // in the wasm module, and the chain's adapters made every copy bigger.
            Json::Array(items) => {
                let mut decoded = Vec::with_capacity(items.len());
                for item in items {
                    decoded.push(T::from_json(item)?);
                }
                Ok(decoded)
            }
            _ => Err(DecodeError::invalid_type("an array")),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        self.as_slice().to_json()
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Json {
        let mut items = Vec::with_capacity(self.len());
        for item in self {
            items.push(item.to_json());
        }
        Json::Array(items)
    }
}

impl<V: FromJson> FromJson for crate::map::VecMap<String, V> {
    /// The members in the object's order, keys unique as they are there (a parsed object
    /// is sorted by key).
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        match value {
            Json::Object(members) => {
                let mut decoded = Vec::with_capacity(members.len());
                for (key, member) in members {
                    decoded.push((key, V::from_json(member)?));
                }
                Ok(crate::map::VecMap::from_unique(decoded))
            }
            _ => Err(DecodeError::invalid_type("a map")),
        }
    }
}

impl<V: ToJson> ToJson for crate::map::VecMap<String, V> {
    /// The members in the map's order (a `json::Map` built in declaration order stays so).
    fn to_json(&self) -> Json {
        let mut members = Vec::with_capacity(self.len());
        for (key, member) in self.iter() {
            members.push((key.clone(), member.to_json()));
        }
        Json::Object(Map::from_unique(members))
    }
}

impl<V: FromJson> FromJson for BTreeMap<String, V> {
    fn from_json(value: Json) -> Result<Self, DecodeError> {
        match value {
            Json::Object(members) => members
                .into_iter()
                .map(|(k, v)| V::from_json(v).map(|v| (k, v)))
                .collect(),
            _ => Err(DecodeError::invalid_type("a map")),
        }
    }
}

impl<V: ToJson> ToJson for BTreeMap<String, V> {
    fn to_json(&self) -> Json {
        Json::Object(self.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
    }
}

/// Builds a [`Json`] value with JSON syntax, like `serde_json::json!`: object keys are
/// string literals (kept sorted, as `serde_json`'s map did), values are `null`, nested
/// `[…]` / `{…}`, or any expression whose type is [`ToJson`] (taken by reference).
macro_rules! json {
    (@array [$($done:expr,)*]) => { vec![$($done),*] };
    (@array [$($done:expr,)*] null $(, $($rest:tt)*)?) => {
        $crate::json::json!(@array [$($done,)* $crate::json::Json::Null,] $($($rest)*)?)
    };
    (@array [$($done:expr,)*] [$($a:tt)*] $(, $($rest:tt)*)?) => {
        $crate::json::json!(@array [$($done,)* $crate::json::json!([$($a)*]),] $($($rest)*)?)
    };
    (@array [$($done:expr,)*] {$($o:tt)*} $(, $($rest:tt)*)?) => {
        $crate::json::json!(@array [$($done,)* $crate::json::json!({$($o)*}),] $($($rest)*)?)
    };
    (@array [$($done:expr,)*] $v:expr $(, $($rest:tt)*)?) => {
        $crate::json::json!(@array [$($done,)* $crate::json::ToJson::to_json(&$v),] $($($rest)*)?)
    };
    (@object $m:ident) => {};
    (@object $m:ident $k:literal : null $(, $($rest:tt)*)?) => {
        $m.insert(::std::string::String::from($k), $crate::json::Json::Null);
        $crate::json::json!(@object $m $($($rest)*)?);
    };
    (@object $m:ident $k:literal : [$($a:tt)*] $(, $($rest:tt)*)?) => {
        $m.insert(::std::string::String::from($k), $crate::json::json!([$($a)*]));
        $crate::json::json!(@object $m $($($rest)*)?);
    };
    (@object $m:ident $k:literal : {$($o:tt)*} $(, $($rest:tt)*)?) => {
        $m.insert(::std::string::String::from($k), $crate::json::json!({$($o)*}));
        $crate::json::json!(@object $m $($($rest)*)?);
    };
    (@object $m:ident $k:literal : $v:expr $(, $($rest:tt)*)?) => {
        $m.insert(::std::string::String::from($k), $crate::json::ToJson::to_json(&$v));
        $crate::json::json!(@object $m $($($rest)*)?);
    };
    (null) => { $crate::json::Json::Null };
    ([$($a:tt)*]) => { $crate::json::Json::Array($crate::json::json!(@array [] $($a)*)) };
    ({$($o:tt)*}) => {{
        #[allow(unused_mut)]
        let mut members = $crate::json::Map::new();
        $crate::json::json!(@object members $($o)*);
        $crate::json::Json::Object(members)
    }};
    ($v:expr) => { $crate::json::ToJson::to_json(&$v) };
}
pub(crate) use json;

/// Bytes from a JSON array of numbers, or from an object with index keys (a `Uint8Array`
/// as `JSON.stringify` writes it: `{"0":…,"1":…}`), in index order. Other values,
/// non-byte items and indexes outside `0..` the member count are skipped: never an error.
pub fn bytes(value: Json) -> Vec<u8> {
    let byte = |v: &Json| v.as_u64().and_then(|n| u8::try_from(n).ok());
    match value {
        Json::Array(items) => items.iter().filter_map(byte).collect(),
        Json::Object(members) => {
            // Placed by index rather than sorted: no sort code in the wasm.
            let mut slots: Vec<Option<u8>> = vec![None; members.len()];
            for (k, v) in &members {
                let slot = k.parse().ok().and_then(|i: usize| slots.get_mut(i));
                if let (Some(slot), Some(b)) = (slot, byte(v)) {
                    *slot = Some(b);
                }
            }
            slots.into_iter().flatten().collect()
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests;
