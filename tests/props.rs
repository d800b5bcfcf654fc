//! Property tests: random sequences of commands, answers (in any order, faulty, repeated,
//! for ids never issued), WebAuthn ceremonies, late storage loads, another tab writing the
//! shared storage (signing in as another user, signing out, tampering), clock jumps
//! (backwards and far away) and reloads. After every step: no panic; signed in implies a
//! complete stored session of that user, never mixed from two users (unless another tab
//! changed it while this instance was busy, which it follows once settled); a settled,
//! signed-out instance has not lost a stored session; at most one refresh request per
//! refresh token is in flight; no operation completes twice; no password, token, client
//! secret or SRP entropy shows in the snapshot, the machine's `Debug`, an error or an
//! event. At the end everything is answered and every operation has completed exactly once.
//!
//! Half the runs that start signed in turn the cross-tab refresh lock on (`Lock` effects
//! granted in order; no lock may be left held or requested at the end).
//!
//! The driver (`World`) is shared with the `machine` fuzz target. The seed is fixed so CI
//! is repeatable; `PROPTEST_RNG_SEED=<n>` (and `PROPTEST_CASES=<n>`) explore further.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../fuzz/src/world.rs"]
mod world;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use world::{Action, Cmd, Reply, Tab, JUMPS};

fn cmd() -> impl Strategy<Value = Cmd> {
    let n = any::<u8>;
    prop_oneof![
        4 => n().prop_map(Cmd::SignInSrp),
        6 => n().prop_map(Cmd::SignInPassword),
        1 => n().prop_map(Cmd::SignInCustom),
        2 => n().prop_map(Cmd::SignInUserAuth),
        1 => n().prop_map(Cmd::SignInPasskey),
        5 => n().prop_map(Cmd::Confirm),
        5 => Just(Cmd::Fetch),
        2 => Just(Cmd::ForceFetch),
        2 => Just(Cmd::SignOut),
        1 => Just(Cmd::GlobalSignOut),
        2 => Just(Cmd::GetCurrentUser),
        1 => Just(Cmd::FetchUserAttributes),
        1 => Just(Cmd::UpdatePassword),
        1 => Just(Cmd::SetUpTotp),
        1 => Just(Cmd::FetchDevices),
        1 => Just(Cmd::DeleteUser),
        1 => Just(Cmd::UpdateAttributes),
        1 => Just(Cmd::RememberDevice),
        1 => Just(Cmd::ForgetDevice),
        1 => n().prop_map(Cmd::SignUp),
        1 => n().prop_map(Cmd::ConfirmSignUp),
        1 => Just(Cmd::AutoSignIn),
        1 => n().prop_map(Cmd::ResetPassword),
        1 => n().prop_map(Cmd::ConfirmResetPassword),
        1 => Just(Cmd::Export),
        1 => Just(Cmd::Import),
        1 => Just(Cmd::Redirect),
        2 => any::<bool>().prop_map(Cmd::Callback),
    ]
}

fn reply() -> impl Strategy<Value = Reply> {
    prop_oneof![
        10 => any::<u8>().prop_map(Reply::Ok),
        3 => any::<u8>().prop_map(Reply::Fault),
        1 => (prop::sample::select(vec![200u16, 400, 500]), prop::collection::vec(any::<u8>(), 0..40))
            .prop_map(|(status, body)| Reply::Raw(status, String::from_utf8_lossy(&body).into_owned())),
    ]
}

fn tab() -> impl Strategy<Value = Tab> {
    let n = any::<u8>;
    prop_oneof![
        3 => n().prop_map(Tab::SignIn),
        2 => Just(Tab::Refresh),
        3 => Just(Tab::SignOut),
        2 => n().prop_map(Tab::TamperAccess),
        2 => n().prop_map(Tab::TamperId),
        1 => Just(Tab::DropRefresh),
        1 => Just(Tab::OtherClient),
        1 => n().prop_map(Tab::Partial),
        1 => Just(Tab::Nobody),
        1 => n().prop_map(Tab::Drift),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        8 => cmd().prop_map(Action::Cmd),
        16 => (any::<u8>(), reply()).prop_map(|(pick, r)| Action::Answer(pick, r)),
        1 => (any::<u8>(), reply()).prop_map(|(pick, r)| Action::Stale(pick, r)),
        2 => (any::<u8>(), any::<bool>()).prop_map(|(pick, ok)| Action::Ceremony(pick, ok)),
        1 => any::<u8>().prop_map(Action::Load),
        1 => any::<bool>().prop_map(Action::DelayLoads),
        4 => tab().prop_map(Action::Tab),
        3 => prop::sample::select(JUMPS.to_vec()).prop_map(Action::Time),
        1 => Just(Action::Reload),
    ]
}

fn config() -> Config {
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x00c0_6417);
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000);
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        max_shrink_iters: 2000,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_sequence_keeps_the_invariants(
        start in prop::option::of(any::<u8>()),
        actions in prop::collection::vec(action(), 1..40),
    ) {
        world::run(start, &actions);
    }
}

/// The generator is not vacuous: over a fixed sample it signs in (SRP proofs included),
/// refreshes, follows other tabs, fails and succeeds.
#[test]
fn the_generator_reaches_the_interesting_states() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::new(Config {
        rng_seed: RngSeed::Fixed(7),
        ..Config::default()
    });
    let strategy = (
        prop::option::of(any::<u8>()),
        prop::collection::vec(action(), 1..40),
    );
    let mut totals = std::collections::BTreeMap::<String, u64>::new();
    for _ in 0..100 {
        let (start, actions) = strategy.new_tree(&mut runner).expect("tree").current();
        let mut w = world::World::with(start.map(|s| s % 128), start.is_some_and(|s| s >= 128));
        for a in &actions {
            w.apply(a);
            w.check();
        }
        w.finish();
        for (k, v) in w.stats {
            *totals.entry(k).or_insert(0) += v;
        }
    }
    for (k, v) in &totals {
        println!("{v:>6}  {k}");
    }
    for (what, at_least) in [
        ("event SignedIn", 25),
        ("event TokenRefresh", 15),
        ("event SignedOut", 25),
        ("request RespondToAuthChallenge PASSWORD_VERIFIER", 4),
        ("request GetTokensFromRefreshToken", 5),
        ("request InitiateAuth", 40),
        ("request GetCredentialsForIdentity", 20),
        ("another tab: followed", 50),
        ("another tab: not (yet) followed", 40),
        ("checked while authenticated", 400),
        ("completed with an error", 100),
        ("completed ok", 80),
        ("lock requested", 3),
    ] {
        let n = totals.get(what).copied().unwrap_or(0);
        assert!(n >= at_least, "{what}: {n} < {at_least}");
    }
}
