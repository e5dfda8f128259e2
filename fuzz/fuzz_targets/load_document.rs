//! Arbitrary bytes into document loading: it never panics; whatever loads
//! holds every invariant, saves and loads back to an equal network and the
//! same bytes, and validates without panicking.
#![no_main]

use communs::{Document, Network};
use libfuzzer_sys::fuzz_target;
use time::macros::datetime;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<Document>(data);
    let Ok(net) = serde_json::from_slice::<Network>(data) else {
        return;
    };
    if let Err(e) = net.check_invariants() {
        panic!("a loaded document breaks an invariant: {e}");
    }
    let saved = serde_json::to_string(&net).expect("a loaded network saves");
    let back: Network = serde_json::from_str(&saved).expect("a saved network loads");
    assert_eq!(back, net);
    assert_eq!(serde_json::to_string(&back).expect("saves"), saved);
    let _ = net.validate(datetime!(2017-12-01 12:00 +01:00));
});
