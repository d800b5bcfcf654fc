//! Small ordered maps and sets as vectors of pairs: the crate's one map type, used for
//! JSON objects ([`crate::json::Map`] is `VecMap<String, Json>`) and everywhere else.
//!
//! The crate's maps hold a handful of entries (challenge parameters, form values, storage
//! keys, requests in flight, a JSON object's members). `std`'s B-tree is the right tool for
//! large maps, but its node code and the sort behind `collect` cost tens of kilobytes of
//! wasm for every key/value type. A `Vec` of pairs has the API surface we use at a fraction
//! of the size.
//!
//! Keys are unique: every way of adding an entry replaces the value of a key already there
//! (the last value wins, as in `BTreeMap` and `serde_json`). Maps collected from pairs (and
//! parsed JSON objects) are sorted by key, once, by a merge sort; [`VecMap::insert`] puts a
//! new key before the first greater one, so a sorted map stays sorted; [`VecMap::push`]
//! appends, for a JSON object written in declaration order (`json::ObjectBuilder`), which
//! is why lookups scan rather than binary-search: they are right for either order.

use std::borrow::Borrow;
use std::fmt;

/// A map of unique keys in a `Vec`: sorted by key unless built with [`VecMap::push`], with
/// `BTreeMap`'s semantics for the methods it has.
#[derive(Clone, PartialEq, Eq)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        VecMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord + Default, V: Default> VecMap<K, V> {
    /// `entries` sorted by key, the last value of a repeated key winning (how `serde_json`
    /// reads an object, and `BTreeMap` collects). O(n log n): an object of many members
    /// must not cost a scan per member.
    pub(crate) fn from_entries(entries: Vec<(K, V)>) -> Self {
        if entries.windows(2).all(|w| w[0].0 < w[1].0) {
            return VecMap { entries };
        }
        let mut entries = entries;
        merge_sort(&mut entries, |(k, _)| k);
        // Equal keys are adjacent and in input order: keep the first place, last value.
        entries.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(&mut later.1, &mut kept.1);
            }
            same
        });
        VecMap { entries }
    }
}

impl<K: Ord, V> VecMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        VecMap::default()
    }

    /// `entries` as they are, in their order: for keys already unique (another map's).
    pub(crate) fn from_unique(entries: Vec<(K, V)>) -> Self {
        VecMap { entries }
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Option<usize>
    where
        K: Borrow<Q>,
    {
        self.entries.iter().position(|(k, _)| k.borrow() == key)
    }

    /// Where a new `key` goes: before the first greater key (the end of a sorted map).
    fn place<Q: Ord + ?Sized>(&self, key: &Q) -> usize
    where
        K: Borrow<Q>,
    {
        self.entries
            .iter()
            .position(|(k, _)| k.borrow() > key)
            .unwrap_or(self.entries.len())
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let i = self.find(key)?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// The value of `key`, for changing it.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let i = self.find(key)?;
        self.entries.get_mut(i).map(|(_, v)| v)
    }

    /// True when `key` is present.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_some()
    }

    /// Sets `key`: replaces its value where it is, or adds it before the first greater key.
    /// Returns the value it replaced.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        if let Some(old) = self.get_mut(&key) {
            return Some(std::mem::replace(old, value));
        }
        let i = self.place(&key);
        self.entries.insert(i, (key, value));
        None
    }

    /// Appends `key`, or replaces its value where it is. Each call scans the entries: for
    /// the handful of a struct's fields (collect a large map instead).
    pub fn push(&mut self, key: K, value: V) {
        match self.get_mut(&key) {
            Some(old) => *old = value,
            None => self.entries.push((key, value)),
        }
    }

    /// Takes `key` out.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let i = self.find(key)?;
        Some(self.entries.remove(i).1)
    }

    /// The value of `key`, inserted with `make` before the first greater key when absent.
    pub fn get_or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&key) {
            Some(i) => i,
            None => {
                let i = self.place(&key);
                self.entries.insert(i, (key, make()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// The value of `key`, added as `V::default()` before the first greater key when
    /// absent (the key is copied only then).
    pub fn slot<Q>(&mut self, key: &Q) -> &mut V
    where
        K: Borrow<Q>,
        Q: Ord + ToOwned<Owned = K> + ?Sized,
        V: Default,
    {
        let i = match self.find(key) {
            Some(i) => i,
            None => {
                let i = self.place(key);
                self.entries.insert(i, (key.to_owned(), V::default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// Keeps the entries for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The entries in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The values in order, for changing them.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|(_, v)| v)
    }
}

/// A stable bottom-up merge sort by key. Written out rather than `sort_by`: core's sorts
/// cost about 2 KB gzip of wasm (`bench/levers.md`, size levers 13 and 20).
fn merge_sort<T: Default, K: Ord>(members: &mut Vec<T>, key: impl Fn(&T) -> &K) {
    let n = members.len();
    let mut from = std::mem::take(members);
    let mut to: Vec<T> = Vec::with_capacity(n);
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
                let k = if key(&from[j]) < key(&from[i]) {
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

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for VecMap<K, V> {
    /// As `BTreeMap`: `{k: v, …}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for VecMap<K, V> {
    /// Inserts in turn: sorted, the last value of a repeated key winning, as in `BTreeMap`.
    /// A scan per entry, for the few entries of the crate's maps: the JSON parser sorts a
    /// large object once instead ([`VecMap::from_entries`]; one merge sort in the module
    /// rather than one per key/value type).
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = VecMap::new();
        map.extend(iter);
        map
    }
}

impl<K: Ord, V> Extend<(K, V)> for VecMap<K, V> {
    /// Inserts each entry in turn (a scan each: for a few entries).
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K, V> IntoIterator for VecMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a VecMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for VecMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

/// A set kept sorted, with `BTreeSet`'s semantics for the methods it has.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct VecSet<T> {
    map: VecMap<T, ()>,
}

impl<T: Ord> VecSet<T> {
    /// An empty set.
    pub fn new() -> Self {
        VecSet { map: VecMap::new() }
    }

    /// Adds `value`; false when it was there.
    pub fn insert(&mut self, value: T) -> bool {
        self.map.insert(value, ()).is_none()
    }

    /// True when `value` is in the set.
    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.map.contains_key(value)
    }

    /// Removes every value.
    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// The values in order.
    #[cfg(feature = "testing")]
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.map.keys()
    }
}

impl<T: fmt::Debug> fmt::Debug for VecSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.map.entries.iter().map(|(k, _)| k))
            .finish()
    }
}

impl<T: Ord> Extend<T> for VecSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for v in iter {
            self.insert(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_like_btreemap() {
        let ops: Vec<(u8, u8)> = (0..200u32)
            .map(|i| ((i * 37 % 23) as u8, i as u8))
            .collect();
        let mut ours = VecMap::new();
        let mut std = BTreeMap::new();
        for (i, (k, v)) in ops.iter().enumerate() {
            if i % 5 == 4 {
                assert_eq!(ours.remove(k), std.remove(k));
            } else {
                assert_eq!(ours.insert(*k, *v), std.insert(*k, *v));
            }
            assert!(ours.iter().eq(std.iter()));
            assert_eq!(ours.len(), std.len());
            assert_eq!(ours.get(k), std.get(k));
        }
        assert_eq!(format!("{ours:?}"), format!("{std:?}"));
        let collected: VecMap<u8, u8> = ops.iter().copied().collect();
        let std_collected: BTreeMap<u8, u8> = ops.iter().copied().collect();
        assert!(collected.iter().eq(std_collected.iter()));
    }

    #[test]
    fn from_entries_sorts_once_and_the_last_value_wins() {
        let m = VecMap::from_entries(vec![
            ("b".to_owned(), 1),
            ("a".to_owned(), 2),
            ("b".to_owned(), 3),
            ("c".to_owned(), 4),
        ]);
        assert_eq!(format!("{m:?}"), r#"{"a": 2, "b": 3, "c": 4}"#);
        let sorted = VecMap::from_entries(vec![("a".to_owned(), 1), ("b".to_owned(), 2)]);
        assert!(sorted.keys().eq(["a", "b"]));
    }

    #[test]
    fn push_keeps_declaration_order_and_lookups_follow() {
        let mut m: VecMap<String, u8> = VecMap::new();
        m.push("z".to_owned(), 1);
        m.push("a".to_owned(), 2);
        m.push("z".to_owned(), 3);
        assert!(m.keys().eq(["z", "a"]));
        assert_eq!(m.get("z"), Some(&3));
        assert_eq!(m.get("a"), Some(&2));
        *m.slot("m") += 7;
        assert!(m.keys().eq(["m", "z", "a"]));
        assert_eq!(m.insert("a".to_owned(), 9), Some(2));
        assert_eq!(m.remove("z"), Some(3));
        assert!(m.iter().eq([(&"m".to_owned(), &7), (&"a".to_owned(), &9)]));
    }

    #[test]
    fn set_basics() {
        let mut s = VecSet::new();
        assert!(s.insert("b".to_owned()));
        assert!(!s.insert("b".to_owned()));
        s.extend(["a".to_owned()]);
        assert!(s.contains("a"));
        assert_eq!(format!("{s:?}"), r#"{"a", "b"}"#);
        s.clear();
        assert!(!s.contains("a"));
    }
}
