//! `Secret` wipes its buffer when dropped: a global allocator in this test binary looks
//! at every block as it is freed and counts those that still hold a marker. A plain
//! `String` is the control (its freed block keeps the marker); a `Secret`, its clones and
//! a deserialized one must not. Native only (one binary, one test: the allocator is global).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cognito_headless::session::Secret;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// 53 bytes: only freed blocks of exactly this size are inspected (ours, allocated with
/// exact capacity, so every byte is initialised).
const MARKER: &str = "secret-zeroize-marker-7f3a9c-the-password-is-in-here!";
static WATCHING: AtomicBool = AtomicBool::new(false);
static SEEN: AtomicUsize = AtomicUsize::new(0);

struct Inspecting;

// SAFETY: forwards to `System`; `dealloc` only reads the block it is about to free.
unsafe impl GlobalAlloc for Inspecting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCHING.load(Ordering::SeqCst) && layout.size() == MARKER.len() {
            // SAFETY: the block is still allocated and `layout.size()` bytes long.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if block == MARKER.as_bytes() {
                SEEN.fetch_add(1, Ordering::SeqCst);
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Inspecting = Inspecting;

/// How many freed blocks still held the marker while `f` ran.
fn marked_frees(f: impl FnOnce()) -> usize {
    let before = SEEN.load(Ordering::SeqCst);
    WATCHING.store(true, Ordering::SeqCst);
    f();
    WATCHING.store(false, Ordering::SeqCst);
    SEEN.load(Ordering::SeqCst) - before
}

#[test]
fn a_dropped_secret_leaves_no_copy_in_freed_memory() {
    assert_eq!(MARKER.len(), 53);
    // Control: a plain String's freed block still holds the text.
    let plain = MARKER.to_owned();
    assert_eq!(marked_frees(|| drop(plain)), 1, "the detector works");

    let secret = Secret::new(MARKER.to_owned());
    assert_eq!(secret.expose(), MARKER);
    assert_eq!(
        marked_frees(|| drop(secret)),
        0,
        "a Secret left its value behind"
    );

    let secret = Secret::from(MARKER);
    let clone = secret.clone();
    assert_eq!(
        marked_frees(|| drop((secret, clone))),
        0,
        "a cloned Secret left its value behind"
    );

    let json = serde_json::to_string(MARKER).expect("json");
    let secret: Secret = cognito_headless::json::from_str(&json).expect("secret");
    drop(json);
    assert_eq!(
        marked_frees(|| drop(secret)),
        0,
        "a deserialized Secret left its value behind"
    );

    // Explicit wiping keeps the allocation and empties the value.
    let mut secret = Secret::new(MARKER.to_owned());
    zeroize::Zeroize::zeroize(&mut secret);
    assert!(secret.is_empty());
    assert_eq!(marked_frees(|| drop(secret)), 0);
}
