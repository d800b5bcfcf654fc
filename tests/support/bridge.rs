// Between the tests' `serde_json::Value`s and the crate's own JSON (`cognito_headless::json`):
// every value crosses as JSON text, so these also check that the two agree.

use cognito_headless::json::{self, FromJson, Json, Map, ToJson};

/// A crate type read from a `serde_json::Value`, through the crate's own parser.
pub fn from_value<T: FromJson>(value: serde_json::Value) -> Result<T, json::Error> {
    json::from_str(&value.to_string())
}

/// A crate value as a `serde_json::Value` (its own writer's text, read by serde_json).
pub fn to_value<T: ToJson>(value: T) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(&json::to_string(&value))
}

/// A `serde_json::Value` as the crate's [`Json`].
pub fn ours(value: &serde_json::Value) -> Json {
    json::parse(&value.to_string()).expect("serde_json's text parses")
}

/// A `serde_json::Value` object as the crate's [`Map`] (empty for a non-object).
pub fn ours_map(value: &serde_json::Value) -> Map {
    match ours(value) {
        Json::Object(map) => map,
        _ => Map::new(),
    }
}

/// The crate's [`Json`] as a `serde_json::Value`.
pub fn theirs(value: &Json) -> serde_json::Value {
    serde_json::from_str(&value.to_string()).expect("our text parses")
}
