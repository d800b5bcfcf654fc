use thiserror::Error;

/// Why an SRP step was refused. Small and `Copy`; never carries secret material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum SrpError {
    /// The server's `SRP_B` is 0 modulo N (a protocol violation or an attack).
    #[error("SRP_B is zero modulo N")]
    BIsZero,
    /// `u = H(A | B)` is zero, so the session key would not depend on the password.
    #[error("SRP scrambling parameter u is zero")]
    UIsZero,
    /// A hex parameter from the server (`SRP_B`, `SALT`) is empty or not hexadecimal.
    #[error("SRP parameter {0} is not valid hexadecimal")]
    BadHex(&'static str),
    /// Fewer random bytes were supplied than the step needs.
    #[error("not enough random bytes: {needed} needed")]
    NotEnoughRandom {
        /// Bytes the step needs.
        needed: usize,
    },
}
