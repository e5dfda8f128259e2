//! The seed scenario: ANIS, *pied de réseau* in Lille, and the collectives it
//! carries, as of the Loomio discussion of 29 November 2017.
//!
//! Run with `cargo run --example anis`; add `-- --json` to print the seed
//! document instead (it is `examples/anis.json`), `-- --dot` for its
//! Graphviz picture, `-- --mermaid` for its Mermaid flowchart.
//!
//! Facts come from the seed text (F1–F14 of the specification) and from
//! public sources on ANIS. Where the seed is silent the data says so in a
//! comment: those values are assumptions, kept plausible and few.

use communs::{
    Act, Application, ApplicationStatus, Blueprint, Brique, BriqueKind, BriqueStatus, Carrying,
    Change, Currency, Day, Days, Decision, Filing, Form, Intervention, InterventionKind,
    Involvement, Key, KindState, Lifecycle, Link, Mandate, Membership, Money, Network, Nth,
    Organisation, Outcome, Period, Person, Place, Powers, Process, ProcessKind, Recurrence,
    Retribution, Role, Running, Schedule, Scope, ScopeKind, Statutes, Territory, Voice,
};
use time::format_description::well_known::Rfc3339;
use time::macros::{date, datetime, time};

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

    // F7: briques already laid for the Chambre, run by the Assemblée des
    // communs (coworking time, workshops on the economy of the commons, work
    // on reciprocity contracts) and by Financial Service for Commons. Their
    // start dates are not in the seed: their lifecycles start undated.
    let active = || Lifecycle::new(BriqueStatus::Active);
    for (key, name, kind, runner) in [
        (
            "coworking-des-communs",
            "Temps de coworking des communs",
            BriqueKind::Coworking,
            "assemblee-des-communs",
        ),
        (
            "ateliers-economie-des-communs",
            "Ateliers sur l'économie des communs",
            BriqueKind::Workshop,
            "assemblee-des-communs",
        ),
        (
            "contrats-de-reciprocite",
            "Travail sur des contrats de réciprocité",
            BriqueKind::ReciprocityContracts,
            "assemblee-des-communs",
        ),
        (
            "service-financier",
            "Financial Service for Commons",
            BriqueKind::FinancialService,
            "financial-service-for-commons",
        ),
    ] {
        changes.push(Change::add(k(key)?, Brique::new(name, kind, active())));
        changes.push(Change::relate(
            k(runner)?,
            k(key)?,
            Running::new(Period::ALWAYS),
        ));
        changes.push(Change::relate(
            k(key)?,
            k("chambre-des-communs")?,
            Link::Builds,
        ));
    }

    // F4: the Assemblée meets regularly. That it meets on the first Thursday
    // of the month, 18:30–21:00, is an assumption for illustration.
    changes.push(Change::add(
        k("assemblee-reunions")?,
        Brique::new(
            "Réunions de l'Assemblée des communs",
            BriqueKind::Meeting,
            active(),
        )
        .with_schedule(Schedule::new(
            Recurrence::Monthly {
                nth: Nth::First,
                day: Day::Thursday,
            },
            time!(18:30),
            time!(21:00),
            date!(2015 - 11 - 05),
        )?),
    ));
    changes.push(Change::relate(
        k("assemblee-des-communs")?,
        k("assemblee-reunions")?,
        Running::new(Period::since(date!(2015 - 11 - 01))),
    ));
    changes.push(Change::relate(
        k("assemblee-reunions")?,
        k("assemblee-des-communs")?,
        Link::Builds,
    ));

    // F8–F10, F12: the new brique, a permanence on economic commons projects
    // at the MESS (Moulins), carried by ANIS, with retributions "selon des
    // modalités restant à définir". Planned: the dossier is filed on 1 Dec.
    // Its weekly slot (Tuesdays 14:00–17:00 from January 2018) is an
    // assumption for illustration.
    changes.push(Change::add(
        k("permanence-mess")?,
        Brique::new(
            "Permanence sur les projets économiques des communs",
            BriqueKind::Permanence,
            Lifecycle::new(BriqueStatus::Proposed)
                .then(date!(2017 - 11 - 29), BriqueStatus::Planned)?,
        )
        .with_schedule(Schedule::new(
            Recurrence::Weekly {
                days: Days::of(&[Day::Tuesday]),
            },
            time!(14:00),
            time!(17:00),
            date!(2018 - 01 - 09),
        )?)
        .with_retribution(Retribution::ToBeDefined)
        .with_purpose([tag("commons-economy")?, tag("social-innovation")?]),
    ));
    changes.push(Change::relate(
        k("anis")?,
        k("permanence-mess")?,
        Running::new(Period::ALWAYS),
    ));
    changes.push(Change::relate(
        k("permanence-mess")?,
        k("chambre-des-communs")?,
        Link::Builds,
    ));
    changes.push(Change::relate(
        k("permanence-mess")?,
        k("mess")?,
        Link::HostedAt,
    ));

    // F2, F9, F11–F13: the "Fabrique à entreprendre" dossier, due Friday
    // 1 December 2017 and still being put together on 29 November. ANIS
    // carries it administratively (files it); others wrote it, among them
    // Laurent Courouble. It funds the permanence, in the Moulins priority
    // district, and puts no financial burden on ANIS. That Julien Lecaille
    // signs the filing is an assumption.
    changes.push(Change::add(
        k("dossier-fabrique-a-entreprendre")?,
        Application::new(
            "Permanence sur l'économie des communs à la MESS (Moulins)",
            "Fabrique à entreprendre",
            date!(2017 - 12 - 01),
            Lifecycle::new(ApplicationStatus::Drafting),
        )
        .with_burden(Money::zero(Currency::EUR))
        .with_purpose([tag("social-innovation")?]),
    ));
    changes.push(Change::relate(
        k("anis")?,
        k("dossier-fabrique-a-entreprendre")?,
        Filing::new(Some(k("julien-lecaille")?)),
    ));
    changes.push(Change::relate(
        k("laurent-courouble")?,
        k("dossier-fabrique-a-entreprendre")?,
        Link::Authors,
    ));
    changes.push(Change::relate(
        k("dossier-fabrique-a-entreprendre")?,
        k("permanence-mess")?,
        Link::Funds,
    ));
    changes.push(Change::relate(
        k("dossier-fabrique-a-entreprendre")?,
        k("moulins")?,
        Link::Targets,
    ));

    // F1, F13, F14: the public Loomio discussion, opened by Julien Lecaille on
    // Wed 29 Nov 2017 at 15:50 (Paris), seen by 350 people; ANIS decides by
    // transparency, not by vote. His message of 16:08 sets out the proposal.
    // That it closes when the dossier leaves, on Friday at noon, is an
    // assumption.
    changes.push(Change::add(
        k("loomio-permanence-hessel")?,
        Decision::new(
            "Economie des Communs : vers une permanence basée à la maison Stéphane Hessel",
            Process::Transparency,
            datetime!(2017-11-29 15:50 +01:00),
            datetime!(2017-12-01 12:00 +01:00),
            Lifecycle::new(Outcome::Pending),
        )?
        .public(350)
        .with(Intervention::new(
            1,
            InterventionKind::Support,
            k("julien-lecaille")?,
            datetime!(2017-11-29 16:08 +01:00),
        )),
    ));
    changes.push(Change::relate(
        k("anis")?,
        k("loomio-permanence-hessel")?,
        Link::Decides,
    ));
    changes.push(Change::relate(
        k("julien-lecaille")?,
        k("loomio-permanence-hessel")?,
        Link::Opens,
    ));
    for concerned in [
        "dossier-fabrique-a-entreprendre",
        "anis",
        "chambre-des-communs",
    ] {
        changes.push(Change::relate(
            k("loomio-permanence-hessel")?,
            k(concerned)?,
            Link::Concerns,
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
    if std::env::args().any(|a| a == "--dot") {
        print!("{}", net.to_dot());
        return Ok(());
    }
    if std::env::args().any(|a| a == "--mermaid") {
        print!("{}", net.to_mermaid());
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

    println!("\nHow ready is the Chambre des communs on {day}?");
    let readiness = net.readiness("chambre-des-communs", day)?;
    for kind in &readiness.required {
        let briques: Vec<String> = kind
            .briques
            .iter()
            .map(|b| format!("{} ({})", b.brique.name, b.status))
            .collect();
        match kind.state() {
            KindState::Active => println!("  {}: in place — {}.", kind.kind, briques.join(", ")),
            KindState::Pending => println!("  {}: on its way — {}.", kind.kind, briques.join(", ")),
            _ => println!("  {}: missing.", kind.kind),
        }
    }
    println!(
        "  Its governance is {}.",
        if readiness.governance_posed {
            "posed"
        } else {
            "not posed yet"
        }
    );
    if let Some(schedule) = net
        .brique("permanence-mess")
        .and_then(|b| b.schedule.as_ref())
    {
        let first: Vec<String> = schedule
            .occurrences(date!(2018 - 01 - 01), date!(2018 - 01 - 31))
            .map(|o| o.date.to_string())
            .collect();
        println!(
            "  The permanence ({schedule}) would meet in January 2018 on {}.",
            first.join(", ")
        );
    }

    println!("\nThe dossier for the Fabrique à entreprendre:");
    let filers: Vec<&str> = net
        .filers("dossier-fabrique-a-entreprendre")?
        .iter()
        .map(|k| k.as_str())
        .collect();
    println!(
        "  Filed by {} (the porteur), written by others.",
        filers.join(", ")
    );
    println!(
        "  {}.",
        net.may_act("julien-lecaille", Act::File, "anis", day)?
    );
    println!("  Exposure: {}.", net.exposure("anis", day)?);

    println!("\nThe decision, by transparency:");
    if let Some(d) = net.decision("loomio-permanence-hessel") {
        println!(
            "  \"{}\": {:?}, opened {} and closing {}, seen by {} people; outcome {}.",
            d.title,
            d.visibility,
            d.opened_at.format(&Rfc3339)?,
            d.closes_at.format(&Rfc3339)?,
            d.audience.unwrap_or(0),
            d.outcome_at(day)
        );
        println!(
            "  {} open question(s), {} unresolved objection(s): nothing stands in its way yet.",
            d.open_questions().count(),
            d.unresolved_objections().count()
        );
    }

    println!();
    for org in ["assemblee-des-communs", "chambre-des-communs"] {
        print!("{}", net.ostrom_audit(org, day)?);
    }

    let as_of = datetime!(2017-12-01 12:00 +01:00);
    println!(
        "\nValidation report as of 1 December 2017, noon in Lille ({}):",
        as_of.format(&Rfc3339)?
    );
    println!("{}", net.validate(as_of));
    Ok(())
}
