//! Benchmarks (written with the performance work).
fn main() {}
