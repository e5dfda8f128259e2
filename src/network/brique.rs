//! Questions about briques: who runs them, what they build, and how ready an
//! institution in formation is.

use std::fmt;

use petgraph::Direction;
use time::Date;

use super::{Network, NodeIx};
use crate::{
    Blueprint, Brique, BriqueKind, BriqueStatus, Governance, Key, Link, NodeKind, QueryError,
    RelationKind, RelationRef, Running,
};

/// A brique and its status at the date asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BriqueAt<'n> {
    /// The brique's key.
    pub key: &'n Key,
    /// The brique.
    pub brique: &'n Brique,
    /// Its status at the date.
    pub status: BriqueStatus,
}

/// Where one kind of a blueprint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KindState {
    /// Some brique of the kind is active.
    Active,
    /// Briques of the kind exist (proposed, planned or paused) but none is active.
    Pending,
    /// No brique of the kind exists, or every one has ended.
    Missing,
}

impl fmt::Display for KindState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KindState::Active => "active",
            KindState::Pending => "pending",
            KindState::Missing => "missing",
        })
    }
}

/// One kind an institution's blueprint requires, and the briques of that
/// kind that build it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindReadiness<'n> {
    /// The kind.
    pub kind: BriqueKind,
    /// The briques of this kind that build the institution, in key order.
    pub briques: Vec<BriqueAt<'n>>,
}

impl KindState {
    /// Where a kind stands for one brique of it in `status`: a kind stands
    /// where its furthest along brique puts it (the least of these), and is
    /// missing without briques.
    pub(crate) fn of(status: BriqueStatus) -> KindState {
        match status {
            BriqueStatus::Active => KindState::Active,
            BriqueStatus::Ended => KindState::Missing,
            _ => KindState::Pending,
        }
    }
}

impl KindReadiness<'_> {
    /// Whether the kind is active, pending or missing.
    #[must_use]
    pub fn state(&self) -> KindState {
        self.briques
            .iter()
            .map(|b| KindState::of(b.status))
            .min()
            .unwrap_or(KindState::Missing)
    }
}

/// The governance body a blueprint that needs one requires, when it does
/// not list it among its kinds.
static GOVERNANCE_BODY: BriqueKind = BriqueKind::GovernanceBody;

/// How far an institution in formation is from working: see
/// [`Network::readiness`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Readiness<'n> {
    /// The institution.
    pub institution: &'n Key,
    /// Whether its governance is established (posed).
    pub governance_posed: bool,
    /// Each kind its blueprint requires, in blueprint order; a required
    /// governance body comes as the kind [`BriqueKind::GovernanceBody`].
    /// Empty for an established organisation.
    pub required: Vec<KindReadiness<'n>>,
    /// Briques that build it but whose kind the blueprint does not list.
    pub others: Vec<BriqueAt<'n>>,
}

impl<'n> Readiness<'n> {
    /// The readiness of the institution `key` (`org`) built by `builders`:
    /// the builders sorted by key and grouped by the kinds its blueprint
    /// requires.
    pub(crate) fn of(
        key: &'n Key,
        org: &crate::Organisation,
        mut builders: Vec<BriqueAt<'n>>,
    ) -> Self {
        builders.sort_unstable_by(|a, b| a.key.cmp(b.key));
        let mut required: Vec<KindReadiness<'_>> = match &org.governance {
            Governance::InFormation { blueprint } => Self::required_kinds(blueprint)
                .map(|kind| KindReadiness {
                    kind: kind.clone(),
                    briques: Vec::new(),
                })
                .collect(),
            Governance::Established { .. } => Vec::new(),
        };
        let mut others = Vec::new();
        for b in builders {
            match required.iter_mut().find(|k| k.kind == b.brique.kind) {
                Some(k) => k.briques.push(b),
                None => others.push(b),
            }
        }
        Readiness {
            institution: key,
            governance_posed: org.governance.is_established(),
            required,
            others,
        }
    }

    /// The kinds `blueprint` requires, in blueprint order: its kinds, then a
    /// governance body if it needs one and does not list it.
    pub(crate) fn required_kinds(blueprint: &Blueprint) -> impl Iterator<Item = &BriqueKind> + '_ {
        let body = blueprint.needs_governance_body
            && !blueprint.kinds.contains(&BriqueKind::GovernanceBody);
        blueprint
            .kinds
            .iter()
            .chain(body.then_some(&GOVERNANCE_BODY))
    }

    /// The required kinds in `state`.
    pub fn kinds_in(&self, state: KindState) -> impl Iterator<Item = &BriqueKind> + '_ {
        self.required
            .iter()
            .filter(move |k| k.state() == state)
            .map(|k| &k.kind)
    }

    /// Whether every required kind is active and the governance is posed.
    #[must_use]
    pub fn is_ready(&self) -> bool {
        self.governance_posed && self.required.iter().all(|k| k.state() == KindState::Active)
    }
}

impl fmt::Display for Readiness<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "`{}`: governance {}",
            self.institution,
            if self.governance_posed {
                "posed"
            } else {
                "not posed"
            }
        )?;
        for k in &self.required {
            write!(f, "  {} — {}", k.kind, k.state())?;
            for (i, b) in k.briques.iter().enumerate() {
                f.write_str(if i == 0 { ": " } else { ", " })?;
                write!(f, "{} ({})", b.key, b.status)?;
            }
            writeln!(f)?;
        }
        for b in &self.others {
            writeln!(f, "  also: {} ({}, {})", b.key, b.brique.kind, b.status)?;
        }
        Ok(())
    }
}

impl Network {
    /// The brique with this key, if it is one.
    #[must_use]
    pub fn brique(&self, key: &str) -> Option<&Brique> {
        self.node(key)?.as_brique()
    }

    /// The organisations that run `brique` at `date`, sorted by key.
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not a brique.
    pub fn runners(
        &self,
        brique: &str,
        date: Date,
    ) -> Result<Vec<RelationRef<'_, Running>>, QueryError> {
        let ix = self.require_kind(brique, NodeKind::Brique)?;
        let mut out: Vec<_> = self
            .runners_at(ix, date)
            .filter_map(|(o, data)| {
                Some(RelationRef {
                    from: self.key_at(o)?,
                    to: self.key_at(ix)?,
                    data,
                })
            })
            .collect();
        out.sort_unstable();
        Ok(out)
    }

    pub(crate) fn runners_at(
        &self,
        brique: NodeIx,
        date: Date,
    ) -> impl Iterator<Item = (NodeIx, &Running)> + '_ {
        self.edges(brique, Direction::Incoming, RelationKind::Runs)
            .filter_map(move |(o, _, l)| match l {
                Link::Runs(r) if r.period.contains(date) => Some((o, r)),
                _ => None,
            })
    }

    /// The briques an organisation runs at `date`, sorted by key.
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn briques_run_by(
        &self,
        organisation: &str,
        date: Date,
    ) -> Result<Vec<BriqueAt<'_>>, QueryError> {
        let ix = self.require_kind(organisation, NodeKind::Organisation)?;
        let mut out: Vec<_> = self
            .edges(ix, Direction::Outgoing, RelationKind::Runs)
            .filter(|(_, _, l)| l.period().contains(date))
            .filter_map(|(b, _, _)| self.brique_at(b, date))
            .collect();
        out.sort_unstable_by(|a, b| a.key.cmp(b.key));
        out.dedup_by(|a, b| a.key == b.key);
        Ok(out)
    }

    pub(crate) fn brique_at(&self, ix: NodeIx, date: Date) -> Option<BriqueAt<'_>> {
        let slot = self.slot(ix)?;
        let brique = slot.node.as_brique()?;
        Some(BriqueAt {
            key: &slot.key,
            brique,
            status: brique.status_at(date),
        })
    }

    /// The readiness of an institution at `date`: for each kind its blueprint
    /// requires, the briques that build it and their status; which kinds are
    /// active, pending or missing; whether its governance is posed.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// use communs::{BriqueKind, KindState};
    /// use time::macros::date;
    ///
    /// let r = net.readiness("chambre-des-communs", date!(2017 - 12 - 01))?;
    /// assert!(!r.governance_posed);
    /// assert_eq!(r.kinds_in(KindState::Pending).collect::<Vec<_>>(), [&BriqueKind::Permanence]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn readiness(&self, institution: &str, date: Date) -> Result<Readiness<'_>, QueryError> {
        let ix = self.require_kind(institution, NodeKind::Organisation)?;
        self.readiness_at(ix, date)
            .ok_or_else(|| QueryError::UnknownKey {
                key: institution.to_owned(),
            })
    }

    /// The readiness of the organisation at `ix`, or `None` when it is not one.
    pub(crate) fn readiness_at(&self, ix: NodeIx, date: Date) -> Option<Readiness<'_>> {
        let (Some(key), Some(org)) = (self.key_at(ix), self.organisation_at(ix)) else {
            return None;
        };
        let builders = self.builders_at(&[ix], date).map(|(_, b)| b).collect();
        Some(Readiness::of(key, org, builders))
    }

    /// The briques that build each of `institutions`, by its position, with
    /// their status at `date`, grouped by institution in the order given:
    /// the lists of builders, then the `builds` relations, then the briques,
    /// each step for every institution before the next so that the reads
    /// of a step overlap.
    pub(crate) fn builders_at(
        &self,
        institutions: &[NodeIx],
        date: Date,
    ) -> impl Iterator<Item = (usize, BriqueAt<'_>)> + '_ {
        let briques: Vec<_> = self
            .builds_into(institutions)
            .into_iter()
            .filter_map(|(i, b)| Some((i, self.brique_at(b, date)?)))
            .collect();
        briques.into_iter()
    }

    /// The nodes that build each of `institutions` (the sources of its
    /// `builds` relations), by its position, grouped by institution in the
    /// order given: the lists of relations, then the relations, each step
    /// for every institution before the next.
    pub(crate) fn builds_into(&self, institutions: &[NodeIx]) -> Vec<(usize, NodeIx)> {
        let lists: Vec<_> = institutions
            .iter()
            .map(|ix| self.inbound_edges(*ix, RelationKind::Builds))
            .collect();
        let mut builds: Vec<(usize, NodeIx)> = Vec::new();
        for (i, list) in lists.iter().enumerate() {
            builds.extend(list.iter().filter_map(|e| Some((i, self.edge_at(*e)?.0))));
        }
        builds
    }
}
