//! Integration tests of communs, one binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::unreachable,
    missing_docs,
    reason = "tests may panic and compute freely: the no-panic lints guard library code"
)]

mod adversarial;
mod authority;
mod briques;
mod common;
mod contracts;
mod decisions;
mod document;
mod hostile;
mod insight;
mod invariants;
mod model;
mod props;
mod questions;
mod rules;
mod scale;
mod schedule;
mod seed;
mod state_machine;
mod strategy;
