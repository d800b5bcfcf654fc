//! `#[derive(FromJson, ToJson)]` for cognito-headless's own JSON runtime (`src/json`).
//!
//! The generated code is what the hand-written impls were: `Fields::field` /
//! `Fields::or_default` per member, `ObjectBuilder::put` / `opt` in declaration order, a
//! `tag` + `match` for tagged enums. On native builds (`cfg(not(target_arch = "wasm32"))`)
//! each derive also implements `json::ts::TsIn` / `TsOut`, which write the type's
//! TypeScript declaration (`js/wire.d.ts`); nothing of that reaches the wasm module.
//!
//! Attributes, a subset of serde's with the same meaning:
//!
//! - container: `rename_all = "camelCase" | "snake_case" | "SCREAMING_SNAKE_CASE" |
//!   "lowercase"` (struct members, or enum variant names), `rename_all_fields = "…"` (members
//!   of enum struct variants), `tag = "type"` (internally tagged), `tag = "name", content =
//!   "data"` (adjacently tagged), `untagged`, `transparent` (a newtype is its inner value),
//!   `default` (a struct's absent members come from its `Default`);
//! - field: `rename = "…"`, `alias = "…"` (read under another name too), `default`
//!   (absent = `Default::default()`), `flatten` (the members of another derived struct, or
//!   an enum newtype variant's struct in a tagged enum), `with = "path"` (`path::from_json(Json)`
//!   / `path::to_json(&T) -> Json`), `skip_serializing_if = "path"`, `ts = "…"` (the
//!   TypeScript type, for `with` fields);
//! - variant: `rename = "…"`, `other` (a `String` newtype variant that takes any unknown
//!   word of a string enum, written back as it came).
//!
//! Like serde: `None` members are not written, absent or `null` members read as `None`,
//! unknown members are ignored. An enum of unit variants (and at most one `other`) is a
//! string; its `ToJson` derive also defines `as_str()`. An enum with data variants and no
//! `tag`/`untagged` is externally tagged (`{ "variant": data }`).

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::{
    parse_macro_input, Attribute, Data, DeriveInput, Expr, ExprLit, Fields, GenericArgument,
    Ident, Lit, LitStr, Meta, Path, PathArguments, Type,
};

/// `FromJson` (and, on native builds, `json::ts::TsIn`).
#[proc_macro_derive(FromJson, attributes(json))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, Dir::From)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// `ToJson` (and, on native builds, `json::ts::TsOut`).
#[proc_macro_derive(ToJson, attributes(json))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input, Dir::To)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

#[derive(Clone, Copy, PartialEq)]
enum Dir {
    From,
    To,
}

// ------------------------------------------------------------------ attributes

#[derive(Default)]
struct ContainerAttrs {
    rename_all: Option<String>,
    rename_all_fields: Option<String>,
    tag: Option<String>,
    content: Option<String>,
    untagged: bool,
    transparent: bool,
    default: bool,
}

#[derive(Default)]
struct FieldAttrs {
    rename: Option<String>,
    aliases: Vec<String>,
    default: bool,
    flatten: bool,
    with: Option<Path>,
    skip_if: Option<Path>,
    ts: Option<String>,
}

#[derive(Default)]
struct VariantAttrs {
    rename: Option<String>,
    other: bool,
}

fn string(meta: &syn::meta::ParseNestedMeta) -> syn::Result<String> {
    Ok(meta.value()?.parse::<LitStr>()?.value())
}

fn path(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Path> {
    meta.value()?.parse::<LitStr>()?.parse()
}

fn json_attrs(
    attrs: &[Attribute],
    mut f: impl FnMut(&syn::meta::ParseNestedMeta) -> syn::Result<()>,
) -> syn::Result<()> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("json")) {
        attr.parse_nested_meta(|meta| f(&meta))?;
    }
    Ok(())
}

fn container_attrs(attrs: &[Attribute]) -> syn::Result<ContainerAttrs> {
    let mut c = ContainerAttrs::default();
    json_attrs(attrs, |m| {
        if m.path.is_ident("rename_all") {
            c.rename_all = Some(string(m)?);
        } else if m.path.is_ident("rename_all_fields") {
            c.rename_all_fields = Some(string(m)?);
        } else if m.path.is_ident("tag") {
            c.tag = Some(string(m)?);
        } else if m.path.is_ident("content") {
            c.content = Some(string(m)?);
        } else if m.path.is_ident("untagged") {
            c.untagged = true;
        } else if m.path.is_ident("transparent") {
            c.transparent = true;
        } else if m.path.is_ident("default") {
            c.default = true;
        } else {
            return Err(m.error("unknown json container attribute"));
        }
        Ok(())
    })?;
    Ok(c)
}

fn field_attrs(attrs: &[Attribute]) -> syn::Result<FieldAttrs> {
    let mut a = FieldAttrs::default();
    json_attrs(attrs, |m| {
        if m.path.is_ident("rename") {
            a.rename = Some(string(m)?);
        } else if m.path.is_ident("alias") {
            a.aliases.push(string(m)?);
        } else if m.path.is_ident("default") {
            a.default = true;
        } else if m.path.is_ident("flatten") {
            a.flatten = true;
        } else if m.path.is_ident("with") {
            a.with = Some(path(m)?);
        } else if m.path.is_ident("skip_serializing_if") {
            a.skip_if = Some(path(m)?);
        } else if m.path.is_ident("ts") {
            a.ts = Some(string(m)?);
        } else {
            return Err(m.error("unknown json field attribute"));
        }
        Ok(())
    })?;
    Ok(a)
}

fn variant_attrs(attrs: &[Attribute]) -> syn::Result<VariantAttrs> {
    let mut a = VariantAttrs::default();
    json_attrs(attrs, |m| {
        if m.path.is_ident("rename") {
            a.rename = Some(string(m)?);
        } else if m.path.is_ident("other") {
            a.other = true;
        } else {
            return Err(m.error("unknown json variant attribute"));
        }
        Ok(())
    })?;
    Ok(a)
}

/// The `///` lines, joined into one line (for a JSDoc comment).
fn docs(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let Meta::NameValue(nv) = &attr.meta {
            if let Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) = &nv.value
            {
                let line = s.value();
                let line = line.trim();
                if !line.is_empty() {
                    lines.push(line.replace("*/", "*\\/"));
                }
            }
        }
    }
    lines.join(" ")
}

/// `snake_case` member or `PascalCase` variant name under a serde `rename_all` rule.
fn rename(name: &str, rule: Option<&str>, span: Span) -> syn::Result<String> {
    let words: Vec<String> = if name.contains('_') || name.chars().all(|c| !c.is_uppercase()) {
        name.split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    } else {
        let mut words = Vec::new();
        let mut word = String::new();
        for c in name.chars() {
            if c.is_uppercase() && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.extend(c.to_lowercase());
        }
        words.push(word);
        words
    };
    let capitalized = |w: &String| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    Ok(match rule {
        None => name.to_owned(),
        Some("camelCase") => words
            .iter()
            .enumerate()
            .map(|(i, w)| if i == 0 { w.clone() } else { capitalized(w) })
            .collect(),
        Some("PascalCase") => words.iter().map(capitalized).collect(),
        Some("snake_case") => words.join("_"),
        Some("SCREAMING_SNAKE_CASE") => words.join("_").to_uppercase(),
        Some("lowercase") => words.concat(),
        Some(other) => {
            return Err(syn::Error::new(
                span,
                format!("unknown rename_all rule {other:?}"),
            ))
        }
    })
}

/// `Some(T)` when `ty` is written `Option<T>`.
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

// ------------------------------------------------------------------ model

struct Field {
    /// `self.<member>` (a name or an index).
    member: syn::Member,
    /// The binding in a `match` arm.
    binding: Ident,
    key: String,
    ty: Type,
    attrs: FieldAttrs,
    docs: String,
}

fn fields(fs: &Fields, rule: Option<&str>) -> syn::Result<Vec<Field>> {
    fs.iter()
        .enumerate()
        .map(|(i, f)| {
            let attrs = field_attrs(&f.attrs)?;
            let (member, binding, name) = match &f.ident {
                Some(id) => (
                    syn::Member::Named(id.clone()),
                    format_ident!("__{}", id),
                    id.to_string(),
                ),
                None => (
                    syn::Member::Unnamed(i.into()),
                    format_ident!("__{}", i),
                    i.to_string(),
                ),
            };
            let key = match &attrs.rename {
                Some(r) => r.clone(),
                None => rename(&name, rule, Span::call_site())?,
            };
            Ok(Field {
                member,
                binding,
                key,
                ty: f.ty.clone(),
                attrs,
                docs: docs(&f.attrs),
            })
        })
        .collect()
}

enum Shape {
    Unit,
    Newtype(Type),
    Struct(Vec<Field>),
}

struct Variant {
    ident: Ident,
    name: String,
    shape: Shape,
    other: bool,
    docs: String,
}

fn variants(data: &syn::DataEnum, c: &ContainerAttrs) -> syn::Result<Vec<Variant>> {
    data.variants
        .iter()
        .map(|v| {
            let attrs = variant_attrs(&v.attrs)?;
            let name = match attrs.rename {
                Some(r) => r,
                None => rename(&v.ident.to_string(), c.rename_all.as_deref(), v.ident.span())?,
            };
            let shape = match &v.fields {
                Fields::Unit => Shape::Unit,
                Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                    Shape::Newtype(u.unnamed[0].ty.clone())
                }
                Fields::Named(_) => Shape::Struct(fields(&v.fields, c.rename_all_fields.as_deref())?),
                Fields::Unnamed(_) => {
                    return Err(syn::Error::new_spanned(
                        v,
                        "json: tuple variants of more than one field are not supported",
                    ))
                }
            };
            if attrs.other && !matches!(shape, Shape::Newtype(_)) {
                return Err(syn::Error::new_spanned(
                    v,
                    "json: an `other` variant holds the unknown word: `Other(String)`",
                ));
            }
            Ok(Variant {
                ident: v.ident.clone(),
                name,
                shape,
                other: attrs.other,
                docs: docs(&v.attrs),
            })
        })
        .collect()
}

enum Repr {
    Strings,
    Internal(String),
    Adjacent(String, String),
    External,
    Untagged,
}

fn repr(c: &ContainerAttrs, vs: &[Variant], span: Span) -> syn::Result<Repr> {
    let strings = vs
        .iter()
        .all(|v| matches!(v.shape, Shape::Unit) || v.other);
    Ok(match (&c.tag, &c.content, c.untagged) {
        (None, None, false) if strings => Repr::Strings,
        (None, None, false) => {
            if vs.iter().any(|v| matches!(v.shape, Shape::Unit)) {
                return Err(syn::Error::new(
                    span,
                    "json: an externally tagged enum with unit variants is not supported",
                ));
            }
            Repr::External
        }
        (Some(t), None, false) => Repr::Internal(t.clone()),
        (Some(t), Some(c), false) => Repr::Adjacent(t.clone(), c.clone()),
        (None, None, true) => Repr::Untagged,
        _ => return Err(syn::Error::new(span, "json: conflicting enum attributes")),
    })
}

fn json() -> Tokens {
    quote!(::cognito_headless::json)
}

// ------------------------------------------------------------------ expand

fn expand(input: &DeriveInput, dir: Dir) -> syn::Result<Tokens> {
    let c = container_attrs(&input.attrs)?;
    let name = &input.ident;
    let (imp, ty, wh) = input.generics.split_for_impl();
    let j = json();
    let type_docs = docs(&input.attrs);
    let ts_name = name.to_string();
    let (codec, ts_body) = match &input.data {
        Data::Struct(s) => {
            if c.transparent {
                let f = match &s.fields {
                    Fields::Unnamed(u) if u.unnamed.len() == 1 => &u.unnamed[0],
                    Fields::Named(n) if n.named.len() == 1 => &n.named[0],
                    _ => {
                        return Err(syn::Error::new_spanned(
                            input,
                            "json: `transparent` needs exactly one field",
                        ))
                    }
                };
                let member = match &f.ident {
                    Some(id) => quote!(#id),
                    None => quote!(0),
                };
                let inner = &f.ty;
                let codec = match dir {
                    Dir::From => quote! {
                        impl #imp #j::FromJson for #name #ty #wh {
                            fn from_json(value: #j::Json) -> ::core::result::Result<Self, #j::DecodeError> {
                                ::core::result::Result::Ok(#name { #member: #j::FromJson::from_json(value)? })
                            }
                        }
                    },
                    Dir::To => quote! {
                        impl #imp #j::ToJson for #name #ty #wh {
                            fn to_json(&self) -> #j::Json {
                                #j::ToJson::to_json(&self.#member)
                            }
                        }
                    },
                };
                let tr = ts_trait(dir);
                let ts = quote! { <#inner as #j::ts::#tr>::ts_ref(__r) };
                return Ok(quote! {
                    #codec
                    #[cfg(not(target_arch = "wasm32"))]
                    impl #imp #j::ts::#tr for #name #ty #wh {
                        fn ts_ref(__r: &mut #j::ts::TsDecls) -> ::std::string::String { #ts }
                    }
                });
            }
            let fs = match &s.fields {
                Fields::Named(_) => fields(&s.fields, c.rename_all.as_deref())?,
                _ => {
                    return Err(syn::Error::new_spanned(
                        input,
                        "json: only structs with named fields (or `transparent`)",
                    ))
                }
            };
            let codec = match dir {
                Dir::From => {
                    let body = decode_struct(quote!(#name), &fs, c.default);
                    let what = name.to_string();
                    let d = c
                        .default
                        .then(|| quote!(let __d: Self = ::core::default::Default::default();));
                    quote! {
                        impl #imp #j::FromFields for #name #ty #wh {
                            fn from_fields(__f: &mut #j::Fields) -> ::core::result::Result<Self, #j::DecodeError> {
                                #d
                                ::core::result::Result::Ok(#body)
                            }
                        }
                        impl #imp #j::FromJson for #name #ty #wh {
                            fn from_json(value: #j::Json) -> ::core::result::Result<Self, #j::DecodeError> {
                                <Self as #j::FromFields>::from_fields(&mut #j::Fields::of(value, #what)?)
                            }
                        }
                    }
                }
                Dir::To => {
                    let puts = fs.iter().map(|f| {
                        let m = &f.member;
                        encode_field(f, quote!(&self.#m))
                    });
                    quote! {
                        impl #imp #j::ToFields for #name #ty #wh {
                            fn to_fields(&self, __b: #j::ObjectBuilder) -> #j::ObjectBuilder {
                                #(#puts)*
                                __b
                            }
                        }
                        impl #imp #j::ToJson for #name #ty #wh {
                            fn to_json(&self) -> #j::Json {
                                #j::ToFields::to_fields(self, #j::ObjectBuilder::new()).build()
                            }
                        }
                    }
                }
            };
            (codec, ts_struct(&ts_name, &type_docs, &fs, dir, c.default))
        }
        Data::Enum(e) => {
            let vs = variants(e, &c)?;
            let r = repr(&c, &vs, name.span())?;
            let codec = match dir {
                Dir::From => {
                    let body = decode_enum(name, &vs, &r);
                    let from_str = matches!(r, Repr::Strings).then(|| from_str(name, &vs));
                    quote! {
                        impl #imp #j::FromJson for #name #ty #wh { #body }
                        #from_str
                    }
                }
                Dir::To => {
                    let body = encode_enum(name, &vs, &r);
                    let as_str = matches!(r, Repr::Strings).then(|| as_str(name, &vs));
                    quote! {
                        impl #imp #j::ToJson for #name #ty #wh { #body }
                        #as_str
                    }
                }
            };
            (codec, ts_enum(&ts_name, &type_docs, &vs, &r, dir))
        }
        Data::Union(_) => {
            return Err(syn::Error::new_spanned(input, "json: unions are not supported"))
        }
    };
    let tr = ts_trait(dir);
    Ok(quote! {
        #codec
        #[cfg(not(target_arch = "wasm32"))]
        impl #imp #j::ts::#tr for #name #ty #wh {
            fn ts_ref(__r: &mut #j::ts::TsDecls) -> ::std::string::String {
                if __r.begin(#ts_name, ::std::any::type_name::<Self>()) {
                    let __decl: ::std::string::String = #ts_body;
                    __r.add(__decl);
                }
                ::std::string::String::from(#ts_name)
            }
        }
    })
}

fn ts_trait(dir: Dir) -> Ident {
    match dir {
        Dir::From => format_ident!("TsIn"),
        Dir::To => format_ident!("TsOut"),
    }
}

// ------------------------------------------------------------------ decode

/// `Name { a: …, b: … }` reading from `__f: &mut Fields`.
fn decode_struct(path: Tokens, fs: &[Field], container_default: bool) -> Tokens {
    let inits = fs.iter().map(|f| {
        let m = &f.member;
        let v = decode_field(f, container_default);
        quote!(#m: #v)
    });
    quote!(#path { #(#inits),* })
}

fn decode_field(f: &Field, container_default: bool) -> Tokens {
    let j = json();
    let key = &f.key;
    let a = &f.attrs;
    if a.flatten {
        return quote!(#j::FromFields::from_fields(__f)?);
    }
    if a.with.is_none() && a.aliases.is_empty() && !container_default {
        return if a.default {
            quote!(__f.or_default(#key)?)
        } else {
            quote!(__f.field(#key)?)
        };
    }
    let aliases = &a.aliases;
    let take = quote!(__f.take(#key) #(.or_else(|| __f.take(#aliases)))*);
    let decode = match &a.with {
        Some(p) => quote!(#p::from_json(__v)?),
        None => quote!(#j::FromJson::from_json(__v)?),
    };
    let m = &f.member;
    let absent = if a.default {
        quote!(::core::default::Default::default())
    } else if container_default {
        quote!(__d.#m)
    } else if a.with.is_some() {
        quote!(return ::core::result::Result::Err(#j::DecodeError::new("missing field", #key)))
    } else {
        quote!(#j::FromJson::absent().ok_or_else(|| #j::DecodeError::new("missing field", #key))?)
    };
    quote! {
        match #take {
            ::core::option::Option::Some(__v) => #decode,
            ::core::option::Option::None => #absent,
        }
    }
}

fn decode_enum(name: &Ident, vs: &[Variant], r: &Repr) -> Tokens {
    let j = json();
    let what = name.to_string();
    let ok = quote!(::core::result::Result::Ok);
    let body = match r {
        Repr::Strings => quote! {
            let __s = <::std::string::String as #j::FromJson>::from_json(value)?;
            <Self as ::core::str::FromStr>::from_str(&__s)
        },
        Repr::Internal(tag) => {
            let arms = vs.iter().map(|v| {
                let (id, n) = (&v.ident, &v.name);
                let value = match &v.shape {
                    Shape::Unit => quote!(#name::#id),
                    Shape::Newtype(_) => quote!(#name::#id(#j::FromFields::from_fields(__f)?)),
                    Shape::Struct(fs) => decode_struct(quote!(#name::#id), fs, false),
                };
                quote!(#n => #value,)
            });
            quote! {
                let mut __fields = #j::Fields::of(value, #what)?;
                let __f = &mut __fields;
                #ok(match #j::tag(__f, #tag)?.as_str() {
                    #(#arms)*
                    __other => return ::core::result::Result::Err(#j::unknown_variant(__other)),
                })
            }
        }
        Repr::Adjacent(tag, content) => {
            let arms = vs.iter().map(|v| {
                let (id, n) = (&v.ident, &v.name);
                let data = quote! {
                    match __c {
                        ::core::option::Option::Some(__c) => __c,
                        ::core::option::Option::None => return ::core::result::Result::Err(#j::DecodeError::new("missing field", #content)),
                    }
                };
                let value = match &v.shape {
                    Shape::Unit => quote!(#name::#id),
                    Shape::Newtype(_) => quote!(#name::#id(#j::FromJson::from_json(#data)?)),
                    Shape::Struct(fs) => {
                        let s = decode_struct(quote!(#name::#id), fs, false);
                        quote!({
                            let mut __fields = #j::Fields::of(#data, #n)?;
                            let __f = &mut __fields;
                            #s
                        })
                    }
                };
                quote!(#n => #value,)
            });
            quote! {
                let mut __outer = #j::Fields::of(value, #what)?;
                let __t = #j::tag(&mut __outer, #tag)?;
                let __c = __outer.take(#content);
                #ok(match __t.as_str() {
                    #(#arms)*
                    __other => return ::core::result::Result::Err(#j::unknown_variant(__other)),
                })
            }
        }
        Repr::External => {
            let names: Vec<&str> = vs.iter().map(|v| v.name.as_str()).collect();
            let expected = names.join(" or ");
            let tries = vs.iter().map(|v| {
                let (id, n) = (&v.ident, &v.name);
                let value = match &v.shape {
                    Shape::Unit => quote!(#name::#id),
                    Shape::Newtype(_) => quote!(#name::#id(#j::FromJson::from_json(__v)?)),
                    Shape::Struct(fs) => {
                        let s = decode_struct(quote!(#name::#id), fs, false);
                        quote!({
                            let mut __fields = #j::Fields::of(__v, #n)?;
                            let __f = &mut __fields;
                            #s
                        })
                    }
                };
                quote! {
                    if let ::core::option::Option::Some(__v) = __outer.take(#n) {
                        return #ok(#value);
                    }
                }
            });
            quote! {
                let mut __outer = #j::Fields::of(value, #what)?;
                #(#tries)*
                ::core::result::Result::Err(#j::DecodeError::invalid_type(#expected))
            }
        }
        Repr::Untagged => {
            let tries = vs.iter().map(|v| {
                let id = &v.ident;
                let attempt = match &v.shape {
                    Shape::Unit => quote! {
                        if value == #j::Json::Null { return #ok(#name::#id); }
                    },
                    Shape::Newtype(t) => quote! {
                        if let ::core::result::Result::Ok(__x) = <#t as #j::FromJson>::from_json(value.clone()) {
                            return #ok(#name::#id(__x));
                        }
                    },
                    Shape::Struct(fs) => {
                        let s = decode_struct(quote!(#name::#id), fs, false);
                        let n = v.name.as_str();
                        quote! {
                            let __try = |value: #j::Json| -> ::core::result::Result<#name, #j::DecodeError> {
                                let mut __fields = #j::Fields::of(value, #n)?;
                                let __f = &mut __fields;
                                #ok(#s)
                            };
                            if let ::core::result::Result::Ok(__x) = __try(value.clone()) {
                                return #ok(__x);
                            }
                        }
                    }
                };
                attempt
            });
            quote! {
                #(#tries)*
                ::core::result::Result::Err(#j::DecodeError::new(
                    "data did not match any variant of untagged enum", #what))
            }
        }
    };
    quote! {
        fn from_json(value: #j::Json) -> ::core::result::Result<Self, #j::DecodeError> {
            #body
        }
    }
}

// ------------------------------------------------------------------ encode

/// `let __b = __b.put(…);` for one member; `acc` is a `&T` expression.
fn encode_field(f: &Field, acc: Tokens) -> Tokens {
    let j = json();
    let key = &f.key;
    let a = &f.attrs;
    if a.flatten {
        return quote!(let __b = #j::ToFields::to_fields(#acc, __b););
    }
    let put = match &a.with {
        Some(p) => quote!(__b.json(#key, #p::to_json(#acc))),
        None => quote!(__b.put(#key, #acc)),
    };
    if let Some(p) = &a.skip_if {
        return quote!(let __b = if #p(#acc) { __b } else { #put };);
    }
    if a.with.is_some() {
        return quote!(let __b = #put;);
    }
    if option_inner(&f.ty).is_some() {
        return quote!(let __b = __b.opt(#key, (#acc).as_ref()););
    }
    quote!(let __b = __b.put(#key, #acc);)
}

fn bindings(fs: &[Field]) -> Tokens {
    let bs = fs.iter().map(|f| {
        let (m, b) = (&f.member, &f.binding);
        quote!(#m: #b)
    });
    quote!({ #(#bs),* })
}

fn encode_enum(name: &Ident, vs: &[Variant], r: &Repr) -> Tokens {
    let j = json();
    let body = match r {
        Repr::Strings => quote!(#j::Json::from(self.as_str())),
        Repr::Internal(tag) => {
            let arms = vs.iter().map(|v| {
                let (id, n) = (&v.ident, &v.name);
                match &v.shape {
                    Shape::Unit => quote!(#name::#id => __b.put(#tag, #n),),
                    Shape::Newtype(_) => quote! {
                        #name::#id(__0) => #j::ToFields::to_fields(__0, __b.put(#tag, #n)),
                    },
                    Shape::Struct(fs) => {
                        let pat = bindings(fs);
                        let puts = fs.iter().map(|f| {
                            let b = &f.binding;
                            encode_field(f, quote!(#b))
                        });
                        quote! {
                            #name::#id #pat => {
                                let __b = __b.put(#tag, #n);
                                #(#puts)*
                                __b
                            }
                        }
                    }
                }
            });
            quote! {
                let __b = #j::ObjectBuilder::new();
                match self { #(#arms)* }.build()
            }
        }
        Repr::Adjacent(tag, content) => {
            let arms = vs.iter().map(|v| {
                let (id, n) = (&v.ident, &v.name);
                match &v.shape {
                    Shape::Unit => quote!(#name::#id => (#n, ::core::option::Option::None),),
                    Shape::Newtype(_) => quote! {
                        #name::#id(__0) => (#n, ::core::option::Option::Some(#j::ToJson::to_json(__0))),
                    },
                    Shape::Struct(fs) => {
                        let pat = bindings(fs);
                        let puts = fs.iter().map(|f| {
                            let b = &f.binding;
                            encode_field(f, quote!(#b))
                        });
                        quote! {
                            #name::#id #pat => {
                                let __b = #j::ObjectBuilder::new();
                                #(#puts)*
                                (#n, ::core::option::Option::Some(__b.build()))
                            }
                        }
                    }
                }
            });
            quote! {
                let (__t, __c): (&str, ::core::option::Option<#j::Json>) = match self { #(#arms)* };
                #j::ObjectBuilder::new().put(#tag, __t).opt(#content, __c).build()
            }
        }
        Repr::External => {
            let arms = vs.iter().map(|v| {
                let (id, n) = (&v.ident, &v.name);
                match &v.shape {
                    Shape::Unit => quote!(#name::#id => #j::Json::from(#n),),
                    Shape::Newtype(_) => quote! {
                        #name::#id(__0) => #j::ObjectBuilder::new().put(#n, __0).build(),
                    },
                    Shape::Struct(fs) => {
                        let pat = bindings(fs);
                        let puts = fs.iter().map(|f| {
                            let b = &f.binding;
                            encode_field(f, quote!(#b))
                        });
                        quote! {
                            #name::#id #pat => {
                                let __b = #j::ObjectBuilder::new();
                                #(#puts)*
                                #j::ObjectBuilder::new().json(#n, __b.build()).build()
                            }
                        }
                    }
                }
            });
            quote!(match self { #(#arms)* })
        }
        Repr::Untagged => {
            let arms = vs.iter().map(|v| {
                let id = &v.ident;
                match &v.shape {
                    Shape::Unit => quote!(#name::#id => #j::Json::Null,),
                    Shape::Newtype(_) => quote!(#name::#id(__0) => #j::ToJson::to_json(__0),),
                    Shape::Struct(fs) => {
                        let pat = bindings(fs);
                        let puts = fs.iter().map(|f| {
                            let b = &f.binding;
                            encode_field(f, quote!(#b))
                        });
                        quote! {
                            #name::#id #pat => {
                                let __b = #j::ObjectBuilder::new();
                                #(#puts)*
                                __b.build()
                            }
                        }
                    }
                }
            });
            quote!(match self { #(#arms)* })
        }
    };
    quote! {
        fn to_json(&self) -> #j::Json { #body }
    }
}

/// `FromStr` for a string enum: its words (an unknown one is an error, or the `other`
/// variant). One table and one search loop rather than a `match` on strings: an
/// n-way string match compiles to n comparisons, which costs wasm size.
fn from_str(name: &Ident, vs: &[Variant]) -> Tokens {
    let j = json();
    let known: Vec<&Variant> = vs.iter().filter(|v| !v.other).collect();
    let words = known.iter().map(|v| v.name.as_str());
    let arms = known.iter().enumerate().map(|(i, v)| {
        let id = &v.ident;
        quote!(::core::option::Option::Some(#i) => #name::#id,)
    });
    let fallback = match vs.iter().find(|v| v.other) {
        Some(v) => {
            let id = &v.ident;
            quote!(_ => #name::#id(::std::string::String::from(__s)),)
        }
        None => quote!(_ => return ::core::result::Result::Err(#j::unknown_variant(__s)),),
    };
    quote! {
        impl ::core::str::FromStr for #name {
            type Err = #j::DecodeError;
            fn from_str(__s: &str) -> ::core::result::Result<Self, #j::DecodeError> {
                const WORDS: &[&str] = &[#(#words),*];
                ::core::result::Result::Ok(match WORDS.iter().position(|w| *w == __s) {
                    #(#arms)*
                    #fallback
                })
            }
        }
    }
}

/// `as_str()` for a string enum: its word.
fn as_str(name: &Ident, vs: &[Variant]) -> Tokens {
    let other = vs.iter().any(|v| v.other);
    let arms = vs.iter().map(|v| {
        let (id, n) = (&v.ident, &v.name);
        if v.other {
            quote!(#name::#id(__s) => __s.as_str(),)
        } else {
            quote!(#name::#id => #n,)
        }
    });
    let ret = if other { quote!(&str) } else { quote!(&'static str) };
    quote! {
        impl #name {
            /// The word on the wire.
            pub fn as_str(&self) -> #ret {
                match self { #(#arms)* }
            }
        }
    }
}

// ------------------------------------------------------------------ TypeScript

fn ts_of(ty: &Type, dir: Dir) -> Tokens {
    let j = json();
    let tr = ts_trait(dir);
    quote!(<#ty as #j::ts::#tr>::ts_ref(__r))
}

fn jsdoc(docs: &str, indent: &str) -> String {
    if docs.is_empty() {
        String::new()
    } else {
        format!("{indent}/** {docs} */\n")
    }
}

fn ts_key(key: &str) -> String {
    let plain = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if plain {
        key.to_owned()
    } else {
        format!("'{key}'")
    }
}

/// One expression per member: `key?: Type` (the `String`), with the optionality the codec
/// gives it; flattened members are returned apart (their type names).
fn ts_members(fs: &[Field], dir: Dir, container_default: bool) -> (Vec<(String, Tokens)>, Vec<Tokens>) {
    let mut members = Vec::new();
    let mut flat = Vec::new();
    for f in fs {
        let a = &f.attrs;
        if a.flatten {
            flat.push(ts_of(&f.ty, dir));
            continue;
        }
        let (optional, ty) = match (&a.ts, option_inner(&f.ty)) {
            (Some(t), inner) => (inner.is_some(), quote!(::std::string::String::from(#t))),
            (None, Some(inner)) => (true, ts_of(inner, dir)),
            (None, None) => (false, ts_of(&f.ty, dir)),
        };
        let optional = optional || a.default || a.skip_if.is_some() || container_default;
        let head = format!("{}{}: ", ts_key(&f.key), if optional { "?" } else { "" });
        members.push((
            f.docs.clone(),
            quote!({ let mut __m = ::std::string::String::from(#head); __m.push_str(&#ty); __m }),
        ));
    }
    (members, flat)
}

fn ts_struct(name: &str, docs: &str, fs: &[Field], dir: Dir, container_default: bool) -> Tokens {
    let (members, flat) = ts_members(fs, dir, container_default);
    let head = format!("{}export interface {name}", jsdoc(docs, ""));
    let lines = members.iter().map(|(d, m)| {
        let d = jsdoc(d, "  ");
        quote! {
            __s.push_str(#d);
            __s.push_str("  ");
            __s.push_str(&#m);
            __s.push_str(";\n");
        }
    });
    quote! {{
        let mut __s = ::std::string::String::from(#head);
        let __flat: ::std::vec::Vec<::std::string::String> = ::std::vec![#(#flat),*];
        if !__flat.is_empty() {
            __s.push_str(" extends ");
            __s.push_str(&__flat.join(", "));
        }
        __s.push_str(" {\n");
        #(#lines)*
        __s.push_str("}\n");
        __s
    }}
}

/// `{ a: T; b?: U }` with the given leading members (a tag).
fn ts_inline_object(lead: Vec<Tokens>, fs: &[Field], dir: Dir) -> Tokens {
    let (members, flat) = ts_members(fs, dir, false);
    let ms = members.into_iter().map(|(_, m)| m);
    quote! {{
        let __parts: ::std::vec::Vec<::std::string::String> = ::std::vec![#(#lead,)* #(#ms),*];
        let __flat: ::std::vec::Vec<::std::string::String> = ::std::vec![#(#flat),*];
        let mut __o = if __parts.is_empty() {
            ::std::string::String::from("{}")
        } else {
            ::std::format!("{{ {} }}", __parts.join("; "))
        };
        for __t in __flat {
            __o = ::std::format!("{} & {}", __o, __t);
        }
        __o
    }}
}

fn ts_enum(name: &str, docs: &str, vs: &[Variant], r: &Repr, dir: Dir) -> Tokens {
    let head = format!("{}export type {name} =", jsdoc(docs, ""));
    let lit = |s: &str| format!("'{s}'");
    let members: Vec<(String, Tokens)> = vs
        .iter()
        .map(|v| {
            let word = lit(&v.name);
            let m = match (r, &v.shape) {
                (Repr::Strings, _) if v.other => quote!(::std::string::String::from("(string & {})")),
                (Repr::Strings, _) => quote!(::std::string::String::from(#word)),
                (Repr::Internal(tag), shape) | (Repr::Adjacent(tag, _), shape) => {
                    let t = format!("{}: {word}", ts_key(tag));
                    let lead = vec![quote!(::std::string::String::from(#t))];
                    match (r, shape) {
                        (_, Shape::Unit) => ts_inline_object(lead, &[], dir),
                        (Repr::Internal(_), Shape::Newtype(ty)) => {
                            let inner = ts_of(ty, dir);
                            let obj = ts_inline_object(lead, &[], dir);
                            quote!(::std::format!("({} & {})", #obj, #inner))
                        }
                        (Repr::Internal(_), Shape::Struct(fs)) => ts_inline_object(lead, fs, dir),
                        (Repr::Adjacent(_, c), Shape::Newtype(ty)) => {
                            let inner = ts_of(ty, dir);
                            let head = format!("{}: ", ts_key(c));
                            let mut lead = lead;
                            lead.push(quote!(::std::format!("{}{}", #head, #inner)));
                            ts_inline_object(lead, &[], dir)
                        }
                        (Repr::Adjacent(_, c), Shape::Struct(fs)) => {
                            let inner = ts_inline_object(vec![], fs, dir);
                            let head = format!("{}: ", ts_key(c));
                            let mut lead = lead;
                            lead.push(quote!(::std::format!("{}{}", #head, #inner)));
                            ts_inline_object(lead, &[], dir)
                        }
                        _ => quote!(::std::string::String::new()),
                    }
                }
                (Repr::External, shape) => {
                    let head = format!("{}: ", ts_key(&v.name));
                    let inner = match shape {
                        Shape::Unit => quote!(::std::string::String::from("null")),
                        Shape::Newtype(ty) => ts_of(ty, dir),
                        Shape::Struct(fs) => ts_inline_object(vec![], fs, dir),
                    };
                    let lead = vec![quote!(::std::format!("{}{}", #head, #inner))];
                    ts_inline_object(lead, &[], dir)
                }
                (Repr::Untagged, Shape::Unit) => quote!(::std::string::String::from("null")),
                (Repr::Untagged, Shape::Newtype(ty)) => ts_of(ty, dir),
                (Repr::Untagged, Shape::Struct(fs)) => ts_inline_object(vec![], fs, dir),
            };
            (v.docs.clone(), m)
        })
        .collect();
    let lines = members.iter().map(|(d, m)| {
        let d = jsdoc(d, "  ");
        quote! {
            __s.push_str(#d);
            __s.push_str("  | ");
            __s.push_str(&#m);
            __s.push('\n');
        }
    });
    quote! {{
        let mut __s = ::std::string::String::from(#head);
        __s.push('\n');
        #(#lines)*
        let __n = __s.len();
        __s.truncate(__n - 1);
        __s.push_str(";\n");
        __s
    }}
}
