//! The seed scenario: ANIS, *pied de réseau* in Lille, and the collectives it
//! carries, as of the Loomio discussion of 29 November 2017.
//!
//! Run with `cargo run --example anis`; add `-- --json` to print the seed
//! document instead (it is `examples/anis.json`).
//!
//! Facts come from the seed text (F3–F9 of the specification) and from
//! public sources on ANIS. Where the seed is silent the data says so in a
//! comment: those values are assumptions, kept plausible and few.

use communs::{
    Act, Blueprint, BriqueKind, Carrying, Change, Currency, Form, Involvement, Key, Mandate,
    Membership, Money, Network, Organisation, Period, Person, Place, Powers, ProcessKind, Role,
    Scope, ScopeKind, Statutes, Territory, Voice,
};
use time::macros::{date, datetime};

fn k(s: &str) -> Result<Key, communs::SlugError> {
    Key::new(s)
}

/// Builds the seed network.
pub fn seed() -> Result<Network, Box<dyn std::error::Error>> {
    let mut net = Network::new();
    let tag = |s: &str| s.parse::<communs::Tag>();

    // People named in the seed.
    let people = [
        ("julien-lecaille", "Julien Lecaille"),
        ("christian-mahieu", "Christian Mahieu"),
        ("laurent-courouble", "Laurent Courouble"),
    ];
    let mut changes = Vec::new();
    for (key, name) in people {
        changes.push(Change::add(k(key)?, Person::new(name)));
    }

    // F3, F13 and public sources: ANIS is a loi 1901 association whose
    // statutory object covers citizen and solidarity uses of digital
    // technology and social and digital innovation. It decides by
    // transparency (F14) and accepts no financial burden as a carrier (F13).
    changes.push(Change::add(
        k("anis")?,
        Organisation::new(
            "ANIS — Association Numérique et Innovation Sociale",
            Form::Association,
        )
        .established(Statutes::Formal, ProcessKind::Transparency)
        .with_objectives([
            tag("citizen-digital-uses")?,
            tag("digital-solidarity")?,
            tag("social-innovation")?,
            tag("digital-innovation")?,
            tag("commons-economy")?,
        ])
        .with_burden_limit(Money::zero(Currency::EUR)),
    ));

    // F3: the five collectives ANIS supports. Catalyst is horizontal (public
    // sources); the Assemblée des communs meets regularly (F4). Their ways of
    // deciding are not in the seed: informal consensus is an assumption.
    for (key, name) in [
        ("catalyst", "Catalyst"),
        ("tiers-lieux", "Tiers lieux"),
        ("retributions-contributives", "Rétributions contributives"),
        ("assemblee-des-communs", "Assemblée des communs"),
    ] {
        changes.push(Change::add(
            k(key)?,
            Organisation::new(name, Form::Collective)
                .established(Statutes::Informal, ProcessKind::Consensus),
        ));
    }

    // F6, F7: the Chambre des communs should be an entity of its own; a
    // theoretical schema exists (chambredescommuns.org) but does not work
    // yet. Its blueprint: the briques the seed names, and a governance body.
    changes.push(Change::add(
        k("chambre-des-communs")?,
        Organisation::new("Chambre des communs", Form::Collective).in_formation(
            Blueprint::new([
                BriqueKind::Coworking,
                BriqueKind::Workshop,
                BriqueKind::ReciprocityContracts,
                BriqueKind::FinancialService,
                BriqueKind::Permanence,
            ])
            .with_governance_body(),
        ),
    ));

    // F7: one brique was the creation of the association Financial Service
    // for Commons.
    changes.push(Change::add(
        k("financial-service-for-commons")?,
        Organisation::new("Financial Service for Commons", Form::Association)
            .established(Statutes::Formal, ProcessKind::Consent)
            .with_objectives([tag("commons-economy")?, tag("financial-services")?]),
    ));

    // F8, F9: espace Stéphane Hessel / MESS, in Moulins, a priority district.
    changes.push(Change::add(
        k("mess")?,
        Place::new("Espace Stéphane Hessel / Maison de l'Économie Sociale et Solidaire")
            .with_address("Lille (Moulins)"),
    ));
    changes.push(Change::add(
        k("moulins")?,
        Territory::new("Moulins, Lille").priority_area(),
    ));
    changes.push(Change::relate(
        k("mess")?,
        k("moulins")?,
        communs::Link::LocatedIn,
    ));

    // F3, F4 and public sources: carrying. Catalyst since September 2011;
    // the Assemblée "for two years" (about November 2015). The other start
    // dates are not known, so those periods are open.
    let all = Scope::all();
    let carries = [
        ("catalyst", Period::since(date!(2011 - 09 - 01))),
        ("tiers-lieux", Period::ALWAYS),
        ("retributions-contributives", Period::ALWAYS),
        (
            "assemblee-des-communs",
            Period::since(date!(2015 - 11 - 01)),
        ),
        ("chambre-des-communs", Period::ALWAYS),
    ];
    for (carried, period) in carries {
        changes.push(Change::relate(
            k("anis")?,
            k(carried)?,
            Carrying::new(all, period),
        ));
    }

    // Public sources: ANIS is represented by a college of elected
    // co-presidents. That Julien Lecaille and Christian Mahieu sit in it,
    // and the dates of their mandates, are assumptions.
    let term = Period::between(date!(2017 - 06 - 01), date!(2018 - 06 - 30))?;
    for person in ["julien-lecaille", "christian-mahieu"] {
        changes.push(Change::relate(
            k(person)?,
            k("anis")?,
            Membership::new(Role::CoPresident, Involvement::Core, Period::ALWAYS),
        ));
        changes.push(Change::relate(
            k(person)?,
            k("anis")?,
            Mandate::new(Powers::of(&[Act::Sign, Act::Speak, Act::File]), term),
        ));
    }

    // F5: participants of the Assemblée, with economic activity linked to
    // the commons to different degrees.
    for (person, role, involvement) in [
        ("julien-lecaille", Role::Coordinator, Involvement::Core),
        ("christian-mahieu", Role::Participant, Involvement::Active),
        ("laurent-courouble", Role::Contributor, Involvement::Active),
    ] {
        changes.push(Change::relate(
            k(person)?,
            k("assemblee-des-communs")?,
            Membership::new(role, involvement, Period::since(date!(2015 - 11 - 01))),
        ));
    }

    net.apply_all(changes)?;
    Ok(net)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let net = seed()?;
    if std::env::args().any(|a| a == "--json") {
        println!("{}", serde_json::to_string_pretty(&net)?);
        return Ok(());
    }

    let day = date!(2017 - 12 - 01);
    println!(
        "The ANIS network on {day}: {} nodes, {} relations.\n",
        net.len(),
        net.relation_count()
    );

    let carried: Vec<&str> = net
        .carried_by("anis", day)?
        .iter()
        .map(|r| r.to.as_str())
        .collect();
    println!("ANIS carries: {}.", carried.join(", "));
    let chain = net.carrier_chain("assemblee-des-communs", day)?;
    let scope = chain
        .first()
        .map(|c| c.data.scope.to_string())
        .unwrap_or_default();
    println!(
        "Carrier chain of the Assemblée des communs: {} (scope {scope}).",
        chain
            .iter()
            .map(|c| c.from.as_str())
            .collect::<Vec<_>>()
            .join(" → ")
    );

    println!("\nWho speaks for the Chambre des communs?");
    let voice = net.voice("chambre-des-communs", day)?;
    println!("  {voice}.");
    if let Voice::Carrier { .. } = voice {
        println!("  Its governance is not posed, so its voice falls back to its carrier.");
    }

    println!("\nWho may act, on {day}?");
    for (person, act, org) in [
        ("julien-lecaille", Act::Speak, "chambre-des-communs"),
        ("julien-lecaille", Act::File, "assemblee-des-communs"),
        ("christian-mahieu", Act::Sign, "catalyst"),
        ("christian-mahieu", Act::Decide, "chambre-des-communs"),
        ("laurent-courouble", Act::Sign, "anis"),
    ] {
        println!("  {}.", net.may_act(person, act, org, day)?);
    }
    let after = date!(2018 - 07 - 01);
    println!(
        "  On {after}, after the assumed end of the co-presidents' term, may julien-lecaille still sign for ANIS? {}.",
        if net
            .may_act("julien-lecaille", Act::Sign, "anis", after)?
            .is_granted()
        {
            "yes"
        } else {
            "no"
        }
    );

    println!("\nMembers of the Assemblée des communs:");
    for m in net.members("assemblee-des-communs", day)? {
        println!(
            "  {} ({}, involvement {})",
            m.from, m.data.role, m.data.involvement
        );
    }
    let fin = net
        .carriers("assemblee-des-communs", day)?
        .iter()
        .any(|c| c.data.scope.contains(ScopeKind::Financial));
    println!(
        "ANIS holds money for the Assemblée: {}.",
        if fin { "yes" } else { "no" }
    );

    let as_of = datetime!(2017-12-01 12:00 +01:00);
    println!("\nValidation report as of 1 December 2017, noon in Lille ({as_of}):");
    println!("{}", net.validate(as_of));
    Ok(())
}
