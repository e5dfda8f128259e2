//! Integration tests of communs, one binary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod authority;
mod briques;
mod common;
mod contracts;
mod decisions;
mod document;
mod insight;
mod invariants;
mod props;
mod rules;
mod schedule;
mod seed;
mod strategy;
