//! Every question with arbitrary arguments, on the seed scenario and on a
//! network loaded from the rest of the input: nothing panics.
#![no_main]

use arbitrary::Unstructured;
use communs::Network;
use libfuzzer_sys::fuzz_target;
use time::Date;

#[path = "../../tests/it/questions.rs"]
mod questions;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let (Ok(a), Ok(b), Ok(day)) = (
        u.arbitrary::<String>(),
        u.arbitrary::<String>(),
        u.arbitrary::<i32>(),
    ) else {
        return;
    };
    let d = Date::from_julian_day(day).unwrap_or(Date::MIN);
    let seed: Network = serde_json::from_str(include_str!("../../examples/anis.json"))
        .expect("the seed scenario loads");
    questions::ask_everything(&seed, &a, &b, d);
    questions::ask_everything(&seed, "anis", &a, d);
    questions::ask_everything(&seed, &b, "chambre-des-communs", d);
    if let Ok(net) = serde_json::from_slice::<Network>(u.take_rest()) {
        questions::ask_everything(&net, &a, &b, d);
    }
});
