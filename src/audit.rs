//! The Ostrom audit: Elinor Ostrom's eight design principles for commons
//! institutions, read from the structure of the network.
//!
//! Each principle is assessed as *met*, *partly met*, *not met* or *not
//! assessable from the data*, with the evidence (the keys behind the
//! assessment) and, when it is not met, what would meet it. The mapping is a
//! reading of structured data, not a judgement of the people: it can only
//! see what is recorded.
//!
//! 1. **Clearly defined boundaries** — who belongs is explicit: *met* with
//!    two or more current members, *partly* with one, *not met* with none.
//!    Evidence: the members. Limit: it cannot see the boundaries of the
//!    resource itself, only of the membership.
//! 2. **Congruence with local conditions** — the organisation's activity is
//!    anchored in a place: *met* when briques it runs at the date (or that
//!    build it) are
//!    hosted at places located in a territory, *partly* when hosted at places
//!    with no territory recorded, *not assessable* without hosted briques.
//!    Limit: location is a proxy for local rules; the rules themselves are
//!    not recorded.
//! 3. **Collective-choice arrangements** — those affected take part in
//!    changing the rules: *met* when it decides (or decided) on its matters by
//!    vote, consent, consensus or transparency; *partly* when only by advice
//!    or delegation; *not met* while its governance is in formation and no
//!    decision of its own is recorded; *not assessable* when it is
//!    established but records no decision.
//! 4. **Monitoring accountable to members** — its decisions are visible:
//!    *met* when some decision it takes is public or open to members,
//!    *partly* when all are private, *not assessable* without decisions.
//! 5. **Graduated sanctions** — the model records no sanctions, so this is
//!    always *not assessable*; recording them would need a new kind of
//!    relation.
//! 6. **Conflict-resolution mechanisms** — objections are heard and
//!    resolved: *met* when every objection in its decisions was answered or
//!    resolved, *partly* when some were and some still stand, *not met* when
//!    objections stand and none was answered or resolved, *not assessable*
//!    when no objection was ever raised.
//! 7. **Minimal recognition of the right to organise** — it can act in law:
//!    *met* for a legal person, *partly* for a collective carried by a legal
//!    person (recognised through its carrier), *not met* for a collective
//!    without a carrier.
//! 8. **Nested enterprises** — it is part of a larger whole and organises
//!    smaller ones: *met* when linked both upward (carried by, or member of,
//!    another organisation) and downward (carries others, or has
//!    organisations as members), *partly* when linked one way, *not met* when
//!    isolated.
//!
//! ```
//! # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
//! use communs::{Assessment, Principle};
//! use time::macros::date;
//!
//! let audit = net.ostrom_audit("chambre-des-communs", date!(2017 - 12 - 01))?;
//! assert_eq!(audit.assessment(Principle::Recognition), Some(Assessment::Partly)); // through ANIS
//! assert_eq!(audit.assessment(Principle::GraduatedSanctions), Some(Assessment::NotAssessable));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeSet;
use std::fmt;

use petgraph::Direction;
use time::Date;

use crate::network::NodeIx;
use crate::{
    InterventionKind, Key, Network, Node, NodeKind, Process, QueryError, RelationKind, Visibility,
};

/// One of Ostrom's eight design principles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Principle {
    /// 1. Clearly defined boundaries.
    Boundaries,
    /// 2. Congruence between rules and local conditions.
    Congruence,
    /// 3. Collective-choice arrangements.
    CollectiveChoice,
    /// 4. Monitoring accountable to members.
    Monitoring,
    /// 5. Graduated sanctions.
    GraduatedSanctions,
    /// 6. Conflict-resolution mechanisms.
    ConflictResolution,
    /// 7. Minimal recognition of the right to organise.
    Recognition,
    /// 8. Nested enterprises.
    Nesting,
}

impl Principle {
    /// The eight principles, in Ostrom's order.
    pub const ALL: [Principle; 8] = [
        Principle::Boundaries,
        Principle::Congruence,
        Principle::CollectiveChoice,
        Principle::Monitoring,
        Principle::GraduatedSanctions,
        Principle::ConflictResolution,
        Principle::Recognition,
        Principle::Nesting,
    ];
}

impl fmt::Display for Principle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Principle::Boundaries => "clearly defined boundaries",
            Principle::Congruence => "congruence with local conditions",
            Principle::CollectiveChoice => "collective-choice arrangements",
            Principle::Monitoring => "monitoring accountable to members",
            Principle::GraduatedSanctions => "graduated sanctions",
            Principle::ConflictResolution => "conflict-resolution mechanisms",
            Principle::Recognition => "minimal recognition of the right to organise",
            Principle::Nesting => "nested enterprises",
        })
    }
}

/// How far a principle is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Assessment {
    /// Met.
    Met,
    /// Partly met.
    Partly,
    /// Not met.
    NotMet,
    /// The data cannot tell.
    NotAssessable,
}

impl fmt::Display for Assessment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Assessment::Met => "met",
            Assessment::Partly => "partly met",
            Assessment::NotMet => "not met",
            Assessment::NotAssessable => "not assessable from the data",
        })
    }
}

/// The assessment of one principle.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Finding {
    /// The principle.
    pub principle: Principle,
    /// How far it is met.
    pub assessment: Assessment,
    /// The keys behind the assessment.
    pub evidence: Vec<Key>,
    /// Why, in plain words.
    pub reason: String,
    /// What would meet it, when it is not met.
    pub to_meet: Option<String>,
}

/// The Ostrom audit of an organisation: see [`Network::ostrom_audit`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Audit {
    /// The organisation.
    pub organisation: Key,
    /// The date of the audit.
    pub date: Date,
    /// The eight principles, in order.
    pub principles: Vec<Finding>,
}

impl Audit {
    /// The assessment of one principle.
    #[must_use]
    pub fn assessment(&self, principle: Principle) -> Option<Assessment> {
        self.principles
            .iter()
            .find(|f| f.principle == principle)
            .map(|f| f.assessment)
    }

    /// The finding for one principle.
    #[must_use]
    pub fn finding(&self, principle: Principle) -> Option<&Finding> {
        self.principles.iter().find(|f| f.principle == principle)
    }
}

impl fmt::Display for Audit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Ostrom audit of `{}` on {}:",
            self.organisation, self.date
        )?;
        for (i, p) in (1..).zip(&self.principles) {
            write!(
                f,
                "  {}. {}: {} — {}",
                i, p.principle, p.assessment, p.reason
            )?;
            if let Some(to_meet) = &p.to_meet {
                write!(f, " (to meet it: {to_meet})")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

fn finding(
    principle: Principle,
    assessment: Assessment,
    evidence: Vec<Key>,
    reason: String,
    to_meet: &str,
) -> Finding {
    let to_meet = matches!(
        assessment,
        Assessment::Partly | Assessment::NotMet | Assessment::NotAssessable
    )
    .then(|| to_meet.to_owned())
    .filter(|s| !s.is_empty());
    Finding {
        principle,
        assessment,
        evidence,
        reason,
        to_meet,
    }
}

impl Network {
    /// The Ostrom audit of `organisation` as of `date`: each of the eight
    /// design principles as met, partly met, not met or not assessable, with
    /// its evidence. The mapping from the graph to each principle is
    /// documented in the [`audit`](crate::audit) module.
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn ostrom_audit(&self, organisation: &str, date: Date) -> Result<Audit, QueryError> {
        let ix = self.require_kind(organisation, NodeKind::Organisation)?;
        let (Some(key), Some(org)) = (self.key_at(ix).cloned(), self.organisation_at(ix)) else {
            return Err(QueryError::UnknownKey {
                key: organisation.to_owned(),
            });
        };
        let keys = |ixs: &BTreeSet<NodeIx>| -> Vec<Key> {
            self.sorted_keys(ixs.iter().copied())
                .into_iter()
                .cloned()
                .collect()
        };
        let mut principles = Vec::with_capacity(8);

        // 1. Boundaries.
        let members: BTreeSet<NodeIx> = self
            .edges(ix, Direction::Incoming, RelationKind::MemberOf)
            .filter(|(_, _, l)| l.period().contains(date))
            .map(|(m, _, _)| m)
            .collect();
        let a = match members.len() {
            0 => Assessment::NotMet,
            1 => Assessment::Partly,
            _ => Assessment::Met,
        };
        principles.push(finding(
            Principle::Boundaries,
            a,
            keys(&members),
            format!("{} current member(s) recorded", members.len()),
            "record who belongs with `member-of`",
        ));

        // 2. Congruence: briques it runs or that build it, hosted at places.
        let briques: BTreeSet<NodeIx> = self
            .edges(ix, Direction::Outgoing, RelationKind::Runs)
            .filter(|(_, _, l)| l.period().contains(date))
            .map(|(b, _, _)| b)
            .chain(
                self.edges(ix, Direction::Incoming, RelationKind::Builds)
                    .map(|(b, _, _)| b),
            )
            .collect();
        let places: BTreeSet<NodeIx> = briques
            .iter()
            .flat_map(|b| {
                self.edges(*b, Direction::Outgoing, RelationKind::HostedAt)
                    .map(|(p, _, _)| p)
            })
            .collect();
        let located: BTreeSet<NodeIx> = places
            .iter()
            .copied()
            .filter(|p| {
                self.edges(*p, Direction::Outgoing, RelationKind::LocatedIn)
                    .next()
                    .is_some()
            })
            .collect();
        let (a, reason) = if places.is_empty() {
            (
                Assessment::NotAssessable,
                "no brique of it is hosted at a place".to_owned(),
            )
        } else if located.len() == places.len() {
            (
                Assessment::Met,
                format!(
                    "its briques are held at {} place(s) located in their territory",
                    places.len()
                ),
            )
        } else {
            (
                Assessment::Partly,
                "some of its places have no territory recorded".to_owned(),
            )
        };
        let mut evidence: BTreeSet<NodeIx> = places.clone();
        evidence.extend(briques.iter().filter(|b| {
            self.edges(**b, Direction::Outgoing, RelationKind::HostedAt)
                .next()
                .is_some()
        }));
        principles.push(finding(
            Principle::Congruence,
            a,
            keys(&evidence),
            reason,
            "host its briques at places located in their territory",
        ));

        // Decisions it takes.
        let decisions: Vec<(NodeIx, &crate::Decision)> = self
            .edges(ix, Direction::Outgoing, RelationKind::Decides)
            .filter_map(|(d, _, _)| Some((d, self.node_at(d)?.as_decision()?)))
            .filter(|(_, d)| d.opened_at.date() <= date)
            .collect();

        // 3. Collective choice.
        let collective: BTreeSet<NodeIx> = decisions
            .iter()
            .filter(|(_, d)| {
                matches!(
                    d.process,
                    Process::Vote { .. }
                        | Process::Consent
                        | Process::Consensus
                        | Process::Transparency
                )
            })
            .map(|(i, _)| *i)
            .collect();
        let all: BTreeSet<NodeIx> = decisions.iter().map(|(i, _)| *i).collect();
        let (a, reason) = if !collective.is_empty() {
            (
                Assessment::Met,
                format!(
                    "{} decision(s) taken by vote, consent, consensus or transparency",
                    collective.len()
                ),
            )
        } else if !all.is_empty() {
            (
                Assessment::Partly,
                "its decisions are taken by advice or delegation only".to_owned(),
            )
        } else if !org.governance.is_established() {
            (
                Assessment::NotMet,
                "its governance is in formation: it has no way of deciding yet".to_owned(),
            )
        } else {
            (
                Assessment::NotAssessable,
                "no decision of its own is recorded".to_owned(),
            )
        };
        principles.push(finding(
            Principle::CollectiveChoice,
            a,
            keys(if collective.is_empty() {
                &all
            } else {
                &collective
            }),
            reason,
            "pose a way of deciding in which its members take part",
        ));

        // 4. Monitoring.
        let visible: BTreeSet<NodeIx> = decisions
            .iter()
            .filter(|(_, d)| matches!(d.visibility, Visibility::Public | Visibility::Members))
            .map(|(i, _)| *i)
            .collect();
        let (a, reason) = if !visible.is_empty() {
            (
                Assessment::Met,
                format!(
                    "{} decision(s) visible to members or the public",
                    visible.len()
                ),
            )
        } else if !all.is_empty() {
            (Assessment::Partly, "its decisions are private".to_owned())
        } else {
            (
                Assessment::NotAssessable,
                "no decision of its own is recorded".to_owned(),
            )
        };
        principles.push(finding(
            Principle::Monitoring,
            a,
            keys(if visible.is_empty() { &all } else { &visible }),
            reason,
            "open its decisions to its members",
        ));

        // 5. Graduated sanctions.
        principles.push(finding(
            Principle::GraduatedSanctions,
            Assessment::NotAssessable,
            Vec::new(),
            "the model records no sanctions".to_owned(),
            "sanctions are not recorded by this crate",
        ));

        // 6. Conflict resolution.
        let mut heard = BTreeSet::new();
        let mut standing = BTreeSet::new();
        for (i, d) in &decisions {
            let answers = d.answered_ids();
            for o in d
                .interventions
                .iter()
                .filter(|o| o.kind == InterventionKind::Objection)
            {
                let answered = answers.binary_search(&o.id).is_ok();
                if o.resolved || answered {
                    heard.insert(*i);
                } else {
                    standing.insert(*i);
                }
            }
        }
        let (a, reason) = match (heard.is_empty(), standing.is_empty()) {
            (true, true) => (
                Assessment::NotAssessable,
                "no objection was ever raised".to_owned(),
            ),
            (false, true) => (
                Assessment::Met,
                "objections were answered or resolved".to_owned(),
            ),
            (false, false) => (
                Assessment::Partly,
                "some objections were answered or resolved, others stand unresolved".to_owned(),
            ),
            (true, false) => (Assessment::NotMet, "objections stand unresolved".to_owned()),
        };
        let mut evidence = heard.clone();
        evidence.extend(standing);
        principles.push(finding(
            Principle::ConflictResolution,
            a,
            keys(&evidence),
            reason,
            "answer and resolve objections before decisions stand",
        ));

        // 7. Recognition.
        let carriers: BTreeSet<NodeIx> = self
            .edges(ix, Direction::Incoming, RelationKind::Carries)
            .filter(|(_, _, l)| l.period().contains(date))
            .map(|(c, _, _)| c)
            .collect();
        let (a, reason, evidence) = if org.is_legal_person() {
            (
                Assessment::Met,
                format!("it is a legal person ({})", org.form),
                vec![key.clone()],
            )
        } else if !carriers.is_empty() {
            (
                Assessment::Partly,
                "it has no legal personality but is carried by a legal person".to_owned(),
                keys(&carriers),
            )
        } else {
            (
                Assessment::NotMet,
                "it has no legal personality and no carrier".to_owned(),
                Vec::new(),
            )
        };
        principles.push(finding(
            Principle::Recognition,
            a,
            evidence,
            reason,
            "acquire legal personality, or be carried by a legal person",
        ));

        // 8. Nesting.
        let up: BTreeSet<NodeIx> = carriers
            .iter()
            .copied()
            .chain(
                self.edges(ix, Direction::Outgoing, RelationKind::MemberOf)
                    .filter(|(_, _, l)| l.period().contains(date))
                    .map(|(o, _, _)| o),
            )
            .collect();
        let down: BTreeSet<NodeIx> = self
            .edges(ix, Direction::Outgoing, RelationKind::Carries)
            .filter(|(_, _, l)| l.period().contains(date))
            .map(|(c, _, _)| c)
            .chain(
                members
                    .iter()
                    .copied()
                    .filter(|m| matches!(self.node_at(*m), Some(Node::Organisation(_)))),
            )
            .collect();
        let a = match (up.is_empty(), down.is_empty()) {
            (false, false) => Assessment::Met,
            (true, true) => Assessment::NotMet,
            _ => Assessment::Partly,
        };
        let mut evidence = up.clone();
        evidence.extend(down.iter().copied());
        principles.push(finding(
            Principle::Nesting,
            a,
            keys(&evidence),
            format!(
                "{} organisation(s) above it, {} below it",
                up.len(),
                down.len()
            ),
            "link it into the larger whole (carrying, membership) and to the groups it supports",
        ));

        Ok(Audit {
            organisation: key,
            date,
            principles,
        })
    }
}
