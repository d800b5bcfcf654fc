//! What `#[derive(FromJson, ToJson)]` (the `cognito-headless-derive` crate) builds on: the
//! members of a struct read from or written to an object that may hold others (`flatten`,
//! a tagged enum's newtype variant), the codecs of the few members that are not plain
//! values (`with = "…"`), and, on native builds only, the TypeScript declarations
//! ([`ts`]) that `js/wire.d.ts` is generated from.

use super::{DecodeError, Fields, FromJson, Json, ObjectBuilder, ToJson};

/// A struct read from the members of an object (the object may hold more).
pub trait FromFields: Sized {
    /// Takes the struct's members out of `f`.
    fn from_fields(f: &mut Fields) -> Result<Self, DecodeError>;
}

/// A struct written as members of an object being built.
pub trait ToFields {
    /// Adds the struct's members to `b`, in declaration order.
    fn to_fields(&self, b: ObjectBuilder) -> ObjectBuilder;
}

/// An operation's result: `{ ok }` or `{ error }`.
impl<T: ToJson, E: ToJson> ToJson for Result<T, E> {
    fn to_json(&self) -> Json {
        match self {
            Ok(v) => ObjectBuilder::new().put("ok", v),
            Err(e) => ObjectBuilder::new().put("error", e),
        }
        .build()
    }
}

/// `with = "json::codec::bytes"`: random bytes as the host sends them, leniently
/// ([`super::bytes`]: an array of numbers or a `Uint8Array` as `JSON.stringify` writes it).
pub mod bytes {
    use super::{DecodeError, Json};

    /// Never an error: what is not a byte is skipped.
    pub fn from_json(value: Json) -> Result<Vec<u8>, DecodeError> {
        Ok(super::super::bytes(value))
    }
}

/// `with = "json::pairs"`: `[[name, value], …]`, the shape serde gave a
/// `Vec<(String, String)>` (HTTP headers).
pub mod pairs {
    use super::{DecodeError, FromJson, Json};

    /// `[[name, value], …]`.
    pub fn to_json(pairs: &[(String, String)]) -> Json {
        // Plain loops here and below: iterator chains cost their own adapter code in the
        // wasm module.
        let mut items = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            items.push(Json::Array(vec![Json::from(k), Json::from(v)]));
        }
        Json::Array(items)
    }

    /// Each item must be a two-string array.
    pub fn from_json(value: Json) -> Result<Vec<(String, String)>, DecodeError> {
        let lists = Vec::<Vec<String>>::from_json(value)?;
        let mut pairs = Vec::with_capacity(lists.len());
        for pair in lists {
            match <[String; 2]>::try_from(pair) {
                Ok([k, v]) => pairs.push((k, v)),
                Err(_) => return Err(DecodeError::invalid_type("a [name, value] pair")),
            }
        }
        Ok(pairs)
    }
}

/// `with = "json::one_or_many"`: a string or an array of strings (Amplify's redirect URLs).
pub mod one_or_many {
    use super::{DecodeError, FromJson, Json};

    /// A string is a list of one.
    pub fn from_json(value: Json) -> Result<Vec<String>, DecodeError> {
        match value {
            Json::String(s) => Ok(vec![s]),
            other => Vec::<String>::from_json(other),
        }
    }
}

/// TypeScript declarations of the JSON shapes (native builds only). Every derived type
/// implements [`ts::TsIn`] (`FromJson`) and/or [`ts::TsOut`] (`ToJson`): `ts_ref` names
/// the type where it is used and, the first time, adds its declaration (and those of the
/// types it uses) to a [`ts::TsDecls`].
#[cfg(not(target_arch = "wasm32"))]
// `TsDecls` and the traits' entry points are used by tests/ts_decls.rs (`testing`) only.
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub mod ts {
    use crate::json::Json;
    use crate::map::VecMap;
    use std::collections::BTreeMap;

    /// Declarations collected so far, dependencies first.
    #[derive(Default)]
    pub struct TsDecls {
        /// (TypeScript name, Rust type).
        seen: Vec<(String, &'static str)>,
        decls: Vec<String>,
        collisions: Vec<String>,
    }

    impl TsDecls {
        /// None yet.
        pub fn new() -> TsDecls {
            TsDecls::default()
        }

        /// True the first time `name` is asked for (its declaration is then to be added).
        /// `rust` is the Rust type: another type of the same name is a collision.
        pub fn begin(&mut self, name: &str, rust: &'static str) -> bool {
            if let Some((_, first)) = self.seen.iter().find(|(n, _)| n == name) {
                if *first != rust {
                    self.collisions.push(format!("{name}: {first} and {rust}"));
                }
                return false;
            }
            self.seen.push((name.to_owned(), rust));
            true
        }

        /// Names declared by two Rust types (only the first is in the text).
        pub fn collisions(&self) -> &[String] {
            &self.collisions
        }

        /// Adds a declaration.
        pub fn add(&mut self, decl: String) {
            self.decls.push(decl);
        }

        /// Adds the declarations a type read from JSON needs; returns its name.
        pub fn input<T: TsIn>(&mut self) -> String {
            T::ts_ref(self)
        }

        /// Adds the declarations a type written as JSON needs; returns its name.
        pub fn output<T: TsOut>(&mut self) -> String {
            T::ts_ref(self)
        }

        /// Every declaration, separated by blank lines.
        pub fn text(&self) -> String {
            self.decls.join("\n")
        }
    }

    /// A type read from JSON, as TypeScript.
    pub trait TsIn {
        /// The type at a use site (a name, `string`, `Array<…>`, …).
        fn ts_ref(r: &mut TsDecls) -> String;
    }

    /// A type written as JSON, as TypeScript.
    pub trait TsOut {
        /// The type at a use site (a name, `string`, `Array<…>`, …).
        fn ts_ref(r: &mut TsDecls) -> String;
    }

    macro_rules! both {
        ($(impl[$($g:ident),*] $t:ty => |$r:ident| $e:expr;)*) => {$(
            impl<$($g: TsIn),*> TsIn for $t {
                #[allow(unused_variables)]
                fn ts_ref($r: &mut TsDecls) -> String {
                    #[allow(unused_macros)]
                    macro_rules! sub { ($x:ty) => { <$x as TsIn>::ts_ref($r) } }
                    $e
                }
            }
            impl<$($g: TsOut),*> TsOut for $t {
                #[allow(unused_variables)]
                fn ts_ref($r: &mut TsDecls) -> String {
                    #[allow(unused_macros)]
                    macro_rules! sub { ($x:ty) => { <$x as TsOut>::ts_ref($r) } }
                    $e
                }
            }
        )*};
    }

    both! {
        impl[] String => |r| "string".into();
        impl[] str => |r| "string".into();
        impl[] bool => |r| "boolean".into();
        impl[] u8 => |r| "number".into();
        impl[] u16 => |r| "number".into();
        impl[] u32 => |r| "number".into();
        impl[] u64 => |r| "number".into();
        impl[] usize => |r| "number".into();
        impl[] i32 => |r| "number".into();
        impl[] i64 => |r| "number".into();
        impl[] f64 => |r| "number".into();
        impl[] Json => |r| "unknown".into();
        impl[T] Option<T> => |r| format!("{} | null", sub!(T));
        impl[T] Vec<T> => |r| format!("Array<{}>", sub!(T));
        impl[V] VecMap<String, V> => |r| format!("Record<string, {}>", sub!(V));
        impl[V] BTreeMap<String, V> => |r| format!("Record<string, {}>", sub!(V));
    }

    impl<T: TsIn + ?Sized> TsIn for &T {
        fn ts_ref(r: &mut TsDecls) -> String {
            T::ts_ref(r)
        }
    }

    impl<T: TsOut + ?Sized> TsOut for &T {
        fn ts_ref(r: &mut TsDecls) -> String {
            T::ts_ref(r)
        }
    }

    impl<T: TsOut, E: TsOut> TsOut for Result<T, E> {
        fn ts_ref(r: &mut TsDecls) -> String {
            let (t, e) = (T::ts_ref(r), E::ts_ref(r));
            format!("{{ ok: {t} }} | {{ error: {e} }}")
        }
    }
}
