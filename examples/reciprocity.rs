//! Reciprocity contracts between a commons and economic actors.
//!
//! Run with `cargo run --example reciprocity`.
//!
//! The Assemblée des communs (a collective carried by ANIS) and two economic
//! actors bind themselves by a *contrat de réciprocité* that goes round a
//! circle: the Assemblée trains the brewery's team in commons economics, the
//! brewery lends its back room to the print shop's cooperative days, the
//! print shop prints the Assemblée's leaflets. The actors are illustrative.
//! The example checks the circle, breaks it, and then looks at a legal
//! contract that the collective signed without its carrier.

use communs::{
    Act, Carrying, Change, Clause, Contract, ContractStatus, Form, Frequency, Gift, Key, Lifecycle,
    Mandate, Mode, Nature, Network, Organisation, Party, Period, Person, Powers, Rule, Scope, Term,
    Terms,
};
use time::macros::{date, datetime};

fn k(s: &str) -> Result<Key, communs::SlugError> {
    Key::new(s)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let day = date!(2018 - 03 - 01);
    let as_of = datetime!(2018-03-01 12:00 +01:00);
    let mut net = Network::new();
    net.apply_all([
        Change::add(k("anis")?, Organisation::new("ANIS", Form::Association)),
        Change::add(
            k("assemblee")?,
            Organisation::new("Assemblée des communs", Form::Collective),
        ),
        Change::add(
            k("brasserie")?,
            Organisation::new("La Brasserie coopérative", Form::Cooperative),
        ),
        Change::add(
            k("imprimerie")?,
            Organisation::new("L'Imprimerie du quartier", Form::Company),
        ),
        Change::add(k("julien-lecaille")?, Person::new("Julien Lecaille")),
        Change::add(k("laurent-courouble")?, Person::new("Laurent Courouble")),
        Change::relate(
            k("anis")?,
            k("assemblee")?,
            Carrying::new(Scope::all(), Period::since(date!(2015 - 11 - 01))),
        ),
        Change::relate(
            k("julien-lecaille")?,
            k("anis")?,
            Mandate::new(Powers::of(&[Act::Sign]), Period::ALWAYS),
        ),
    ])?;

    // A moral contract, going round a circle.
    let circle = Contract::new(
        "Pacte de réciprocité du quartier",
        Nature::Moral,
        Term::new(date!(2018 - 01 - 01), Some(date!(2018 - 12 - 31)))?,
        Lifecycle::new(ContractStatus::Draft)
            .then(date!(2018 - 01 - 10), ContractStatus::Active)?,
    )
    .with_clause(Clause::new(
        k("assemblee")?,
        k("brasserie")?,
        Gift::Knowledge("two workshops on the economy of the commons".into()),
    ))
    .with_clause(
        Clause::new(
            k("brasserie")?,
            k("imprimerie")?,
            Gift::UsageRight("the back room, one evening a month".into()),
        )
        .with_modalities(Terms::ToBeDefined),
    )
    .with_clause(Clause::new(
        k("imprimerie")?,
        k("assemblee")?,
        Gift::InKind("printing the Assemblée's leaflets".into()),
    ));
    let mut changes = vec![Change::add(k("pacte")?, circle.clone())];
    for party in ["assemblee", "brasserie", "imprimerie"] {
        changes.push(Change::relate(
            k(party)?,
            k("pacte")?,
            Party::new(Mode::Committing),
        ));
    }
    changes.push(Change::relate(
        k("anis")?,
        k("pacte")?,
        Party::new(Mode::Supporting),
    ));
    net.apply_all(changes)?;

    let r = net.reciprocity("pacte")?;
    println!(
        "The pact binds {} committing parties, with ANIS as a supporting signatory.",
        r.committing().count()
    );
    for p in &r.parties {
        println!(
            "  {} ({}) gives {} thing(s) and receives {}.",
            p.party,
            p.mode,
            p.gives.len(),
            p.receives.len()
        );
    }
    println!(
        "Is it reciprocal? {} — its parties form {} circle(s).",
        if r.is_reciprocal() { "yes" } else { "no" },
        r.circles.len()
    );
    let report = net.validate(as_of);
    println!(
        "Does the report flag it as non-reciprocal? {}.",
        yes_no(report.of_rule(Rule::NonReciprocal).count() > 0)
    );

    // Break the circle: the print shop no longer gives anything back.
    let mut broken = circle.clone();
    broken.clauses.retain(|c| c.giver != "imprimerie");
    net.apply(Change::update(k("pacte")?, broken))?;
    println!("\nWithout the print shop's leaflets:");
    let report = net.validate(as_of);
    for f in report.of_rule(Rule::NonReciprocal) {
        println!("  {f}");
    }
    println!(
        "  The circles are now {}.",
        net.reciprocity("pacte")?.circles.len()
    );

    // A legal contract signed for the collective by one of its participants,
    // who holds no mandate from ANIS, its carrier.
    let lease = Contract::new(
        "Convention d'occupation",
        Nature::Legal,
        Term::from(date!(2018 - 02 - 01)),
        Lifecycle::new(ContractStatus::Signed),
    )
    .with_clause(Clause::new(
        k("brasserie")?,
        k("assemblee")?,
        Gift::UsageRight("the back room on Thursdays".into()),
    ))
    .with_clause(Clause::new(
        k("assemblee")?,
        k("brasserie")?,
        Gift::Money {
            amount: communs::Money::new(50_00, communs::Currency::EUR),
            frequency: Frequency::Monthly,
        },
    ));
    let by_participant =
        Party::new(Mode::Committing).signed(date!(2018 - 01 - 25), Some(k("laurent-courouble")?));
    net.apply_all([
        Change::add(k("convention")?, lease),
        Change::relate(k("assemblee")?, k("convention")?, by_participant.clone()),
        Change::relate(
            k("brasserie")?,
            k("convention")?,
            Party::new(Mode::Committing),
        ),
    ])?;
    println!("\nA legal lease, signed for the Assemblée by a participant:");
    let report = net.validate(as_of);
    for rule in [Rule::LegalCapacity, Rule::UnmandatedAct] {
        for f in report.of_rule(rule) {
            println!("  {f}");
        }
    }

    // Signed again, by ANIS's mandated signatory: the carrier signs for it.
    let by_carrier =
        Party::new(Mode::Committing).signed(date!(2018 - 01 - 25), Some(k("julien-lecaille")?));
    net.apply_all([
        Change::unrelate(k("assemblee")?, k("convention")?, by_participant),
        Change::relate(k("assemblee")?, k("convention")?, by_carrier),
    ])?;
    let report = net.validate(as_of);
    println!(
        "Signed by ANIS's mandated co-president instead: legal-capacity {}, unmandated-act {}.",
        if report.of_rule(Rule::LegalCapacity).count() == 0 {
            "silent"
        } else {
            "still fires"
        },
        if report.of_rule(Rule::UnmandatedAct).count() == 0 {
            "silent"
        } else {
            "still fires"
        },
    );
    let authority = net.may_act("julien-lecaille", Act::Sign, "assemblee", day)?;
    println!("  {authority}.");
    Ok(())
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
