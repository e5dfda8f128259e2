//! Every question a network answers, asked with the same arguments: used
//! by the hostile-input properties (`hostile.rs`) and by the fuzz target
//! `fuzz/fuzz_targets/queries.rs`, which includes this file. Nothing here
//! may panic, whatever the arguments.

use communs::{Act, Network, Options, Rule};
use time::{Date, Time, UtcOffset};

/// Asks every question of `net` about `a` (and `b` where a question takes
/// two keys) at `d`, and validates as of `d`. Answers are dropped: only
/// panics, hangs and stack overflows matter here.
pub fn ask_everything(net: &Network, a: &str, b: &str, d: Date) {
    let at = d.with_time(Time::MIDNIGHT).assume_offset(UtcOffset::UTC);
    let _ = net.node(a);
    let _ = net.relations_of(a);
    let _ = net.voice(a, d);
    let _ = net.carrier_chain(a, d);
    let _ = net.carriers(a, d);
    let _ = net.carried_by(a, d);
    let _ = net.administrative_carrier(a, d);
    for act in [Act::Sign, Act::Speak, Act::Decide, Act::File] {
        let _ = net.may_act(a, act, b, d);
        let _ = net.may_act(b, act, a, d);
    }
    let _ = net.members(a, d);
    let _ = net.memberships(a, d);
    let _ = net.mandates(a, d);
    let _ = net.readiness(a, d);
    let _ = net.runners(a, d);
    let _ = net.briques_run_by(a, d);
    let _ = net.parties(a);
    let _ = net.reciprocity(a);
    let _ = net.exposure(a, d);
    let _ = net.filers(a);
    let _ = net.decisions_concerning(a);
    let _ = net.tally(a);
    let _ = net.timeline_of(a);
    let _ = net.ostrom_audit(a, d);
    let _ = net.neighbourhood_dot(a, usize::MAX);
    let _ = net.neighbourhood_mermaid(a, 3);
    let _ = net.readiness_dot(a, d);
    let _ = net.readiness_mermaid(a, d);
    let _ = net.validate(at);
    let _ = net.validate_with(at, &Options::new().allow(Rule::ShortNotice));
}
