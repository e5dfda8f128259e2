//! The questions a network answers about carrying, voice, authority and membership.

use std::collections::VecDeque;
use std::fmt;

use petgraph::Direction;
use petgraph::visit::EdgeRef;
use time::Date;

use super::{BATCH, IxMap, MandateAt, Network, NodeIx};
use crate::{
    Act, Carrying, Key, Link, Mandate, Membership, NodeKind, Period, Powers, QueryError,
    RelationKind, RelationRef,
};

/// Who may legitimately speak for an organisation at a date, and why.
///
/// See [`Network::voice`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Voice {
    /// The organisation's governance is established: it speaks for itself.
    Own {
        /// The organisation.
        organisation: Key,
    },
    /// The organisation's governance is in formation: its voice is the voice
    /// of its administrative carrier, up the chain to the first carrier whose
    /// governance is established.
    Carrier {
        /// The carrier that speaks.
        speaker: Key,
        /// The organisation, then each carrier up to and including the speaker.
        path: Vec<Key>,
    },
    /// Nobody may speak for the organisation.
    Silent {
        /// The organisation, then each carrier followed.
        path: Vec<Key>,
        /// Why the chain stops.
        reason: Silence,
    },
}

impl Voice {
    /// The organisation that speaks, if any.
    #[must_use]
    pub fn speaker(&self) -> Option<&Key> {
        match self {
            Voice::Own { organisation } => Some(organisation),
            Voice::Carrier { speaker, .. } => Some(speaker),
            Voice::Silent { .. } => None,
        }
    }

    /// The path that explains the answer: the organisation first, then each
    /// carrier followed.
    #[must_use]
    pub fn path(&self) -> &[Key] {
        match self {
            Voice::Own { organisation } => std::slice::from_ref(organisation),
            Voice::Carrier { path, .. } | Voice::Silent { path, .. } => path,
        }
    }
}

/// Why nobody may speak for an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Silence {
    /// This organisation (the last of the path) is in formation and has no
    /// administrative carrier at the date.
    NoCarrier {
        /// The organisation without a carrier.
        organisation: Key,
    },
}

/// The answer to [`Network::may_act`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authority {
    /// The person may act, and this is why.
    Granted(Grant),
    /// The person may not act, and this is why.
    Denied(Denial),
}

impl Authority {
    /// Whether the act is granted.
    #[must_use]
    pub fn is_granted(&self) -> bool {
        matches!(self, Authority::Granted(_))
    }
}

/// Why a person may act for an organisation: a mandate, reached through a
/// path of carrying.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Grant {
    /// The person.
    pub person: Key,
    /// The act.
    pub act: Act,
    /// The organisation acted for.
    pub organisation: Key,
    /// The organisation, then each carrier followed, ending with the
    /// organisation that gave the mandate (a single key for a direct mandate).
    pub path: Vec<Key>,
    /// The mandate that grants the act.
    pub mandate: Mandate,
}

/// Why a person may not act for an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Denial {
    /// The person.
    pub person: Key,
    /// The act.
    pub act: Act,
    /// The organisation.
    pub organisation: Key,
    /// Every organisation whose mandate could have granted the act, in the
    /// order they were searched.
    pub searched: Vec<Key>,
    /// The closest thing to a grant that was found.
    pub reason: DenialReason,
}

/// The reason in a [`Denial`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DenialReason {
    /// No mandate the person holds from a searched organisation could grant
    /// the act: none is current with another power, none has the act out of
    /// its period.
    NoMandate,
    /// The person holds a current mandate from `organisation`, but it does
    /// not include the act.
    PowerNotGranted {
        /// The organisation that gave the mandate.
        organisation: Key,
        /// What the mandate does authorise.
        powers: Powers,
    },
    /// The person holds a mandate for the act from `organisation`, but not
    /// at the date.
    OutOfPeriod {
        /// The organisation that gave the mandate.
        organisation: Key,
        /// When the mandate holds.
        period: Period,
    },
}

/// The outcome of an authority search: the holder found with its path, and
/// every organisation searched.
pub(crate) struct Search<T> {
    pub(crate) found: Option<(T, Vec<NodeIx>)>,
    pub(crate) searched: Vec<NodeIx>,
}

fn carrying(link: &Link) -> Option<&Carrying> {
    match link {
        Link::Carries(c) => Some(c),
        _ => None,
    }
}

impl Network {
    // ----- carrying -----

    /// Every organisation that carries `organisation` at `date` (any scope),
    /// sorted by carrier key.
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn carriers(
        &self,
        organisation: &str,
        date: Date,
    ) -> Result<Vec<RelationRef<'_, Carrying>>, QueryError> {
        let ix = self.require_kind(organisation, NodeKind::Organisation)?;
        Ok(self.carrying_views(ix, Direction::Incoming, date))
    }

    /// What `carrier` carries at `date`, sorted by carried key.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// use time::macros::date;
    ///
    /// let carried: Vec<_> = net
    ///     .carried_by("anis", date!(2017 - 12 - 01))?
    ///     .iter()
    ///     .map(|r| r.to.as_str())
    ///     .collect();
    /// assert_eq!(
    ///     carried,
    ///     ["assemblee-des-communs", "catalyst", "chambre-des-communs", "retributions-contributives", "tiers-lieux"]
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn carried_by(
        &self,
        carrier: &str,
        date: Date,
    ) -> Result<Vec<RelationRef<'_, Carrying>>, QueryError> {
        let ix = self.require_kind(carrier, NodeKind::Organisation)?;
        Ok(self.carrying_views(ix, Direction::Outgoing, date))
    }

    fn carrying_views(
        &self,
        ix: NodeIx,
        dir: Direction,
        date: Date,
    ) -> Vec<RelationRef<'_, Carrying>> {
        let mut out: Vec<_> = self
            .edges(ix, dir, RelationKind::Carries)
            .filter_map(|(other, _, link)| {
                let c = carrying(link).filter(|c| c.period.contains(date))?;
                let (from, to) = if dir == Direction::Incoming {
                    (other, ix)
                } else {
                    (ix, other)
                };
                Some(RelationRef {
                    from: self.key_at(from)?,
                    to: self.key_at(to)?,
                    data: c,
                })
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// The administrative carrier of `organisation` at `date`, if any. There
    /// is at most one (hard invariant 4).
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn administrative_carrier(
        &self,
        organisation: &str,
        date: Date,
    ) -> Result<Option<RelationRef<'_, Carrying>>, QueryError> {
        let ix = self.require_kind(organisation, NodeKind::Organisation)?;
        Ok(self.admin_carrier_at(ix, date).and_then(|(c, data)| {
            Some(RelationRef {
                from: self.key_at(c)?,
                to: self.key_at(ix)?,
                data,
            })
        }))
    }

    /// The administrative carrier of a node at a date, with its carrying.
    pub(crate) fn admin_carrier_at(&self, ix: NodeIx, date: Date) -> Option<(NodeIx, &Carrying)> {
        let found = self.admin_carrying_at(ix, date)?;
        match self.edge_at(found.edge)? {
            (carrier, Link::Carries(data)) => Some((carrier, data)),
            _ => None,
        }
    }

    /// The administrative carrier of a node at a date, from the copies of
    /// its carryings: no relation is read.
    pub(crate) fn admin_carrier_ix_at(&self, ix: NodeIx, date: Date) -> Option<NodeIx> {
        Some(self.admin_carrying_at(ix, date)?.carrier)
    }

    /// The administrative carrying into a node at a date. There is at most
    /// one (hard invariant 4).
    fn admin_carrying_at(&self, ix: NodeIx, date: Date) -> Option<&super::CarryingAt> {
        self.carryings_into(ix)
            .iter()
            .find(|c| c.scope.contains(crate::ScopeKind::Administrative) && c.period.contains(date))
    }

    /// The carrier chain of `organisation` at `date`: its administrative
    /// carrier, that carrier's administrative carrier, and so on to the top.
    /// Empty when the organisation is not carried.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// use time::macros::date;
    ///
    /// let chain = net.carrier_chain("chambre-des-communs", date!(2017 - 12 - 01))?;
    /// assert_eq!(chain.len(), 1);
    /// assert_eq!(chain[0].from.as_str(), "anis");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn carrier_chain(
        &self,
        organisation: &str,
        date: Date,
    ) -> Result<Vec<RelationRef<'_, Carrying>>, QueryError> {
        let mut ix = self.require_kind(organisation, NodeKind::Organisation)?;
        let mut chain = Vec::new();
        // Carrying is acyclic (hard invariant 4); the bound is a second guard.
        while chain.len() < self.len() {
            let Some((carrier, data)) = self.admin_carrier_at(ix, date) else {
                break;
            };
            let (Some(from), Some(to)) = (self.key_at(carrier), self.key_at(ix)) else {
                break;
            };
            chain.push(RelationRef { from, to, data });
            ix = carrier;
        }
        Ok(chain)
    }

    // ----- voice -----

    /// Who may legitimately speak for `organisation` at `date`.
    ///
    /// An organisation whose governance is established speaks for itself. One
    /// in formation has no voice of its own: its voice is its administrative
    /// carrier's voice, up the chain; if the chain ends at an organisation in
    /// formation without a carrier, nobody may speak for it. The answer
    /// always carries the path that explains it.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// use communs::Voice;
    /// use time::macros::date;
    ///
    /// let voice = net.voice("chambre-des-communs", date!(2017 - 12 - 01))?;
    /// assert_eq!(voice.speaker().map(|k| k.as_str()), Some("anis"));
    /// assert_eq!(voice.path().len(), 2); // chambre-des-communs, then anis
    /// assert!(matches!(net.voice("anis", date!(2017 - 12 - 01))?, Voice::Own { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn voice(&self, organisation: &str, date: Date) -> Result<Voice, QueryError> {
        let ix = self.require_kind(organisation, NodeKind::Organisation)?;
        let (path, speaks) = self.voice_path(ix, date);
        let keys: Vec<Key> = path
            .iter()
            .filter_map(|i| self.key_at(*i).cloned())
            .collect();
        let last = keys.last().cloned().ok_or_else(|| QueryError::UnknownKey {
            key: organisation.to_owned(),
        })?;
        Ok(match (speaks, keys.len()) {
            (true, 1) => Voice::Own { organisation: last },
            (true, _) => Voice::Carrier {
                speaker: last,
                path: keys,
            },
            (false, _) => Voice::Silent {
                path: keys,
                reason: Silence::NoCarrier { organisation: last },
            },
        })
    }

    /// The voice chain from `ix`: the nodes followed, and whether the last one
    /// speaks (has established governance). It reads the bits of
    /// established governance, the graph's kinds and the copies of
    /// carryings, never a node's value.
    pub(crate) fn voice_path(&self, ix: NodeIx, date: Date) -> (Vec<NodeIx>, bool) {
        let mut path = vec![ix];
        let mut current = ix;
        while path.len() <= self.len() {
            if self.is_established(current) {
                return (path, true);
            }
            // An organisation in formation climbs; anything else is silent.
            if self.kind_at(current) != Some(NodeKind::Organisation) {
                return (path, false);
            }
            match self.admin_carrier_ix_at(current, date) {
                Some(carrier) => {
                    path.push(carrier);
                    current = carrier;
                }
                None => return (path, false),
            }
        }
        (path, false)
    }

    /// Whether the mandates of `org` can grant `act`. Speaking and deciding
    /// belong to the voice: an organisation in formation has none of its
    /// own, so its mandates grant neither.
    pub(crate) fn consults(&self, org: NodeIx, act: Act) -> bool {
        act.carrying_scope().is_some() || self.is_established(org)
    }

    /// The organisations whose mandates can reach `ix` for `act` at `date`,
    /// searched breadth first from `ix` (ties in key order), stopping at the
    /// first where `holds` finds something.
    pub(crate) fn search_authority<T>(
        &self,
        ix: NodeIx,
        act: Act,
        date: Date,
        mut holds: impl FnMut(NodeIx) -> Option<T>,
    ) -> Search<T> {
        let mut parent: IxMap<NodeIx, Option<NodeIx>> = IxMap::default();
        parent.insert(ix, None);
        let mut queue = VecDeque::from([ix]);
        let mut searched = Vec::new();
        // The carriers to visit from one organisation; one buffer for all.
        let mut next: Vec<NodeIx> = Vec::new();
        while let Some(org) = queue.pop_front() {
            let consulted = self.consults(org, act);
            if consulted {
                searched.push(org);
            }
            if let Some(found) = consulted.then(|| holds(org)).flatten() {
                let mut path = vec![org];
                let mut at = org;
                while let Some(Some(p)) = parent.get(&at) {
                    path.push(*p);
                    at = *p;
                }
                path.reverse();
                return Search {
                    found: Some((found, path)),
                    searched,
                };
            }
            next.clear();
            match act.carrying_scope() {
                Some(scope) => next.extend(
                    self.carryings_into(org)
                        .iter()
                        .filter(|c| c.scope.contains(scope) && c.period.contains(date))
                        .map(|c| c.carrier),
                ),
                None => {
                    if self.kind_at(org) == Some(NodeKind::Organisation)
                        && !self.is_established(org)
                    {
                        next.extend(self.admin_carrier_ix_at(org, date));
                    }
                }
            }
            next.sort_unstable_by(|a, b| self.key_at(*a).cmp(&self.key_at(*b)));
            for &n in &next {
                if let std::collections::hash_map::Entry::Vacant(v) = parent.entry(n) {
                    v.insert(Some(org));
                    queue.push_back(n);
                }
            }
        }
        Search {
            found: None,
            searched,
        }
    }

    /// For each question (person, act, organisation `o`, date), whether
    /// the person (by index; `None`, a key that names no node, holds
    /// nothing) holds a current mandate for the act directly from `o`, and
    /// `o` consults its own mandates for it: the first place the search of
    /// [`Network::may_act`] looks. It reads the copies of `o`'s few
    /// mandates ([`Network::mandates`]; at most [`Self::DIRECT_SCAN`];
    /// beyond, it answers `false` and leaves the question to the search)
    /// and compares their holders' indices with the person's, so neither a
    /// mandate relation nor a holder's slot is read.
    ///
    /// The questions are answered a batch at a time, one step at a time
    /// within a batch (the lists of mandates, then the mandates): the reads
    /// of a step are independent, so the processor overlaps their cache
    /// misses where question after question would wait on each.
    pub(crate) fn holds_direct_mandates(
        &self,
        asks: &[(Option<NodeIx>, Act, NodeIx, Date)],
    ) -> Vec<bool> {
        let mut held = vec![false; asks.len()];
        let mut lists: Vec<&[MandateAt]> = Vec::with_capacity(BATCH);
        for (batch, held) in asks.chunks(BATCH).zip(held.chunks_mut(BATCH)) {
            lists.clear();
            lists.extend(batch.iter().map(|&(person, act, o, _)| {
                let mandates = self.mandates_into(o);
                if person.is_some() && mandates.len() <= Self::DIRECT_SCAN && self.consults(o, act)
                {
                    mandates
                } else {
                    &[]
                }
            }));
            for ((mandates, &(person, act, _, date)), held) in lists.iter().zip(batch).zip(held) {
                *held = mandates
                    .iter()
                    .any(|m| Some(m.holder) == person && m.grants(act, date));
            }
        }
        held
    }

    /// The longest list of mandates [`Network::holds_direct_mandates`]
    /// reads.
    const DIRECT_SCAN: usize = 16;

    /// The organisations whose current mandates give person `p` `act` at
    /// `date`: a person holds few, so a person with none is answered
    /// without searching, and a search tests membership in a short list.
    fn granting(&self, p: NodeIx, act: Act, date: Date) -> Vec<NodeIx> {
        self.graph
            .edges_directed(p, Direction::Outgoing)
            .filter(|e| matches!(e.weight(), Link::Mandate(m) if m.grants(act, date)))
            .map(|e| e.target())
            .collect()
    }

    /// Whether person `p` holds a current mandate for `act` at `date` from
    /// a carrier that the search for `o` reaches (for signing, through
    /// carryings with legal scope), whatever mandates `o` itself gives
    /// them: what `legal-capacity` asks of the signer of a collective,
    /// whose own mandates lend it no legal personality.
    pub(crate) fn grants_through_carrier(
        &self,
        p: NodeIx,
        act: Act,
        o: NodeIx,
        date: Date,
    ) -> bool {
        let granting = self.granting(p, act, date);
        if granting.iter().all(|&org| org == o) {
            return false;
        }
        self.search_authority(o, act, date, |org| {
            (org != o && granting.contains(&org)).then_some(())
        })
        .found
        .is_some()
    }

    /// Whether `person` may perform `act` for `organisation` at `date`.
    ///
    /// Authority always comes from a mandate: a direct mandate from the
    /// organisation, or a mandate from a carrier that reaches it — for
    /// signing, through carriers with [legal](crate::ScopeKind::Legal) scope;
    /// for filing, through carriers with
    /// [administrative](crate::ScopeKind::Administrative) scope; for speaking
    /// and deciding, only from the organisation's [voice](Network::voice) (an
    /// organisation in formation has no voice of its own, so its own mandates
    /// grant neither). No path grants authority that no mandate gives. The answer names the mandate and the path, or why not.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// use communs::{Act, Authority};
    /// use time::macros::date;
    ///
    /// let day = date!(2017 - 12 - 01);
    /// let Authority::Granted(grant) = net.may_act("julien-lecaille", Act::Speak, "chambre-des-communs", day)?
    /// else { panic!("ANIS's co-president speaks for the Chambre") };
    /// assert_eq!(grant.path.last().map(|k| k.as_str()), Some("anis"));
    /// assert!(!net.may_act("laurent-courouble", Act::Sign, "anis", day)?.is_granted());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError`] when a key is unknown, `person` is not a person or
    /// `organisation` is not an organisation.
    pub fn may_act(
        &self,
        person: &str,
        act: Act,
        organisation: &str,
        date: Date,
    ) -> Result<Authority, QueryError> {
        let p = self.require_kind(person, NodeKind::Person)?;
        let o = self.require_kind(organisation, NodeKind::Organisation)?;
        self.authority_at(p, act, o, date)
            .ok_or_else(|| QueryError::UnknownKey {
                key: person.to_owned(),
            })
    }

    /// [`Network::may_act`] for a person and an organisation known by index;
    /// `None` when an index is vacant.
    pub(crate) fn authority_at(
        &self,
        p: NodeIx,
        act: Act,
        o: NodeIx,
        date: Date,
    ) -> Option<Authority> {
        let (search, miss) = self.search_explained(p, act, o, date);
        let keys = |v: &[NodeIx]| -> Vec<Key> {
            v.iter().filter_map(|i| self.key_at(*i).cloned()).collect()
        };
        let (person, organisation) = (self.key_at(p).cloned()?, self.key_at(o).cloned()?);
        Some(match search.found {
            Some((mandate, path)) => Authority::Granted(Grant {
                person,
                act,
                organisation,
                path: keys(&path),
                mandate,
            }),
            None => Authority::Denied(Denial {
                person,
                act,
                organisation,
                searched: keys(&search.searched),
                reason: miss.unwrap_or(DenialReason::NoMandate),
            }),
        })
    }

    /// Why `p` may not do `act` for `o` on `date`, or `None` when a mandate
    /// grants it: the reason [`Network::authority_at`] gives, without naming
    /// the organisations searched. Authority only comes from a mandate, and
    /// the closest misses are mandates, so a person who holds none is
    /// denied for [`DenialReason::NoMandate`]: a caller asking of many
    /// people settles that for all of them together (`unmandated-act`
    /// does) and asks this only of the others.
    pub(crate) fn denial_reason(
        &self,
        p: NodeIx,
        act: Act,
        o: NodeIx,
        date: Date,
    ) -> Option<DenialReason> {
        match self.search_explained(p, act, o, date) {
            (Search { found: Some(_), .. }, _) => None,
            (_, miss) => Some(miss.unwrap_or(DenialReason::NoMandate)),
        }
    }

    /// The search for a mandate of `p` granting `act` for `o` on `date`,
    /// and the closest miss, which names why it found none.
    fn search_explained(
        &self,
        p: NodeIx,
        act: Act,
        o: NodeIx,
        date: Date,
    ) -> (Search<Mandate>, Option<DenialReason>) {
        // The closest misses: rank 2 = a current mandate without the act,
        // 1 = a mandate for the act at another date. The reason reported is
        // the highest rank, then the first organisation searched, then the
        // greatest period and powers: never the storage order of the edges.
        let mut misses: Vec<(u8, usize, Period, Powers, NodeIx)> = Vec::new();
        let mut order = 0usize;
        let search = self.search_authority(o, act, date, |org| {
            order = order.saturating_add(1);
            let mut found: Option<&Mandate> = None;
            for e in self.graph.edges_connecting(p, org) {
                let Link::Mandate(m) = e.weight() else {
                    continue;
                };
                let now = m.period.contains(date);
                let has = m.powers.contains(act);
                if now && has {
                    found = Some(found.map_or(m, |f| f.max(m)));
                } else if now {
                    misses.push((2, order, m.period, m.powers, org));
                } else if has {
                    misses.push((1, order, m.period, m.powers, org));
                }
            }
            found.cloned()
        });
        misses.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(a.1.cmp(&b.1))
                .then(b.2.cmp(&a.2))
                .then(b.3.cmp(&a.3))
        });
        let miss = misses.first().and_then(|(rank, _, period, powers, org)| {
            let organisation = self.key_at(*org).cloned()?;
            Some(if *rank == 2 {
                DenialReason::PowerNotGranted {
                    organisation,
                    powers: *powers,
                }
            } else {
                DenialReason::OutOfPeriod {
                    organisation,
                    period: *period,
                }
            })
        });
        (search, miss)
    }

    // ----- membership -----

    /// The members of `organisation` at `date`, with their roles and
    /// involvement, sorted by member key.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// use time::macros::date;
    ///
    /// let members = net.members("anis", date!(2017 - 12 - 01))?;
    /// assert!(members.iter().any(|m| m.from.as_str() == "christian-mahieu"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn members(
        &self,
        organisation: &str,
        date: Date,
    ) -> Result<Vec<RelationRef<'_, Membership>>, QueryError> {
        let ix = self.require_kind(organisation, NodeKind::Organisation)?;
        let mut out: Vec<_> = self
            .edges(ix, Direction::Incoming, RelationKind::MemberOf)
            .filter_map(|(m, _, link)| match link {
                Link::MemberOf(data) if data.period.contains(date) => Some(RelationRef {
                    from: self.key_at(m)?,
                    to: self.key_at(ix)?,
                    data,
                }),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        Ok(out)
    }

    /// The organisations `member` (a person or an organisation) belongs to
    /// at `date`, sorted by organisation key.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownKey`] when no node has this key.
    pub fn memberships(
        &self,
        member: &str,
        date: Date,
    ) -> Result<Vec<RelationRef<'_, Membership>>, QueryError> {
        let ix = self.require(member)?;
        let mut out: Vec<_> = self
            .edges(ix, Direction::Outgoing, RelationKind::MemberOf)
            .filter_map(|(o, _, link)| match link {
                Link::MemberOf(data) if data.period.contains(date) => Some(RelationRef {
                    from: self.key_at(ix)?,
                    to: self.key_at(o)?,
                    data,
                }),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        Ok(out)
    }

    /// The mandates `organisation` has given that hold at `date`, sorted by
    /// holder key.
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn mandates(
        &self,
        organisation: &str,
        date: Date,
    ) -> Result<Vec<RelationRef<'_, Mandate>>, QueryError> {
        let ix = self.require_kind(organisation, NodeKind::Organisation)?;
        let mut out: Vec<_> = self
            .edges(ix, Direction::Incoming, RelationKind::Mandate)
            .filter_map(|(p, _, link)| match link {
                Link::Mandate(data) if data.period.contains(date) => Some(RelationRef {
                    from: self.key_at(p)?,
                    to: self.key_at(ix)?,
                    data,
                }),
                _ => None,
            })
            .collect();
        out.sort_unstable();
        Ok(out)
    }
}

fn join(keys: &[Key]) -> String {
    keys.iter().map(Key::as_str).collect::<Vec<_>>().join(" → ")
}

impl fmt::Display for Voice {
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// let voice = net.voice("chambre-des-communs", time::macros::date!(2017 - 12 - 01))?;
    /// assert_eq!(
    ///     voice.to_string(),
    ///     "`anis` speaks for `chambre-des-communs`, whose governance is in formation (chambre-des-communs → anis)"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Voice::Own { organisation } => write!(f, "`{organisation}` speaks for itself"),
            Voice::Carrier { speaker, path } => write!(
                f,
                "`{speaker}` speaks for `{}`, whose governance is in formation ({})",
                path.first().map_or("?", Key::as_str),
                join(path)
            ),
            Voice::Silent {
                path,
                reason: Silence::NoCarrier { organisation },
            } => write!(
                f,
                "nobody speaks for `{}`: `{organisation}` is in formation and has no administrative carrier ({})",
                path.first().map_or("?", Key::as_str),
                join(path)
            ),
        }
    }
}

impl fmt::Display for DenialReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DenialReason::NoMandate => {
                f.write_str("no mandate from any organisation that could grant it")
            }
            DenialReason::PowerNotGranted {
                organisation,
                powers,
            } => {
                write!(
                    f,
                    "the current mandate from `{organisation}` grants only {powers}"
                )
            }
            DenialReason::OutOfPeriod {
                organisation,
                period,
            } => {
                write!(
                    f,
                    "the mandate from `{organisation}` holds {period}, not at that date"
                )
            }
        }
    }
}

impl fmt::Display for Authority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Authority::Granted(g) => write!(
                f,
                "`{}` may {} for `{}`: mandate from `{}` ({}), through {}",
                g.person,
                g.act,
                g.organisation,
                g.path.last().map_or("?", Key::as_str),
                g.mandate.period,
                join(&g.path)
            ),
            Authority::Denied(d) => write!(
                f,
                "`{}` may not {} for `{}`: {} (searched {})",
                d.person,
                d.act,
                d.organisation,
                d.reason,
                d.searched
                    .iter()
                    .map(Key::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use time::macros::date;

    use crate::{
        Act, Authority, Change, DenialReason, Key, Mandate, Network, NodeKind, Period, Powers,
    };

    /// The reason-only search names, for every person, organisation, act
    /// and date, the reason the full answer gives, and grants what it
    /// grants, and the search through carriers agrees: the seed network,
    /// with mandates added that miss by power, by period, or both,
    /// directly and on carriers, and a signatory holding both the
    /// carrier's mandate and the carried organisation's own.
    #[test]
    fn a_denial_reason_is_the_full_answers_reason() {
        let mut net: Network =
            serde_json::from_str(include_str!("../../examples/anis.json")).unwrap();
        let k = |s: &str| Key::new(s).unwrap();
        let person = |i: usize| format!("mandated-{i}");
        let people: Vec<String> = net
            .slots()
            .filter(|(_, s)| s.node.kind() == NodeKind::Person)
            .map(|(_, s)| s.key.as_str().to_owned())
            .collect();
        let organisations: Vec<String> = net
            .organisations()
            .map(|(key, _)| key.as_str().to_owned())
            .collect();
        let past = Period::between(date!(2010 - 01 - 01), date!(2012 - 01 - 01)).unwrap();
        let mandates = [
            (Powers::of(&[Act::File]), Period::ALWAYS),
            (Powers::of(&[Act::Sign]), past),
            (
                Powers::of(&[Act::Speak, Act::Decide]),
                Period::since(date!(2017 - 06 - 01)),
            ),
            (
                Powers::of(&[Act::Sign, Act::File]),
                Period::until(date!(2016 - 01 - 01)),
            ),
        ];
        for (i, organisation) in organisations.iter().enumerate() {
            let name = person(i);
            net.apply(Change::add(k(&name), crate::Person::new(&name)))
                .unwrap();
            let (powers, period) = mandates[i % mandates.len()];
            let mandate = Mandate::new(powers, period);
            net.apply(Change::relate(k(&name), k(organisation), mandate))
                .unwrap();
        }
        // ANIS's signatory also holds a Sign mandate from the Chambre,
        // which ANIS carries with legal scope.
        net.apply(Change::relate(
            k("julien-lecaille"),
            k("chambre-des-communs"),
            Mandate::new(Powers::of(&[Act::Sign]), Period::ALWAYS),
        ))
        .unwrap();
        let everyone = people
            .iter()
            .cloned()
            .chain((0..organisations.len()).map(person));
        // Granted, then each reason of a denial.
        let mut answers = [0usize; 4];
        let mut no_mandate_held = 0usize;
        let mut carriers_grant = 0usize;
        // Granted through a carrier to someone who also holds a mandate
        // from the organisation itself (the case a search that stops at
        // the first grant answers with the direct one).
        let mut both_held = 0usize;
        for p in everyone {
            let pi = net.ix(&p).unwrap();
            for organisation in &organisations {
                let oi = net.ix(organisation).unwrap();
                // The same network without the person's mandates from the
                // organisation (indices are kept: edges go, nodes stay).
                let mut without_own = net.clone();
                let own_edges: Vec<_> = net
                    .graph
                    .edges_connecting(pi, oi)
                    .filter(|e| matches!(e.weight(), crate::Link::Mandate(_)))
                    .map(|e| petgraph::visit::EdgeRef::id(&e))
                    .collect();
                for e in &own_edges {
                    without_own.remove_edge(*e);
                }
                let own = !own_edges.is_empty();
                for act in [Act::Sign, Act::Speak, Act::Decide, Act::File] {
                    for day in [
                        date!(2011 - 01 - 01),
                        date!(2017 - 12 - 01),
                        date!(2030 - 01 - 01),
                    ] {
                        let answer = net.authority_at(pi, act, oi, day).unwrap();
                        let by_carrier =
                            matches!(&answer, Authority::Granted(g) if g.path.len() > 1);
                        let full = match answer {
                            Authority::Denied(d) => Some(d.reason),
                            _ => None,
                        };
                        let slot = match &full {
                            None => 0,
                            Some(DenialReason::NoMandate) => 1,
                            Some(DenialReason::PowerNotGranted { .. }) => 2,
                            Some(DenialReason::OutOfPeriod { .. }) => 3,
                        };
                        answers[slot] += 1;
                        assert_eq!(
                            net.denial_reason(pi, act, oi, day),
                            full,
                            "{p} {act} {organisation} {day}"
                        );
                        // The shortcut of `unmandated-act`: a person who
                        // holds no mandate is denied for that reason.
                        let holds_any = net
                            .graph
                            .edges_directed(pi, petgraph::Direction::Outgoing)
                            .any(|e| matches!(e.weight(), crate::Link::Mandate(_)));
                        if !holds_any {
                            no_mandate_held += 1;
                            assert_eq!(
                                full,
                                Some(DenialReason::NoMandate),
                                "{p} {act} {organisation} {day}"
                            );
                        }
                        // What `legal-capacity` asks: a carrier's mandate
                        // is a grant, and a grant the full answer finds
                        // through a carrier is one; exactly, what the full
                        // answer grants once the person's mandates from
                        // the organisation itself are gone.
                        let through = net.grants_through_carrier(pi, act, oi, day);
                        assert!(!through || full.is_none(), "{p} {act} {organisation} {day}");
                        assert!(through || !by_carrier, "{p} {act} {organisation} {day}");
                        let granted = matches!(
                            without_own.authority_at(pi, act, oi, day).unwrap(),
                            Authority::Granted(_)
                        );
                        assert_eq!(through, granted, "{p} {act} {organisation} {day}");
                        carriers_grant += usize::from(through);
                        both_held += usize::from(through && own);
                    }
                }
            }
        }
        assert!(answers.iter().all(|n| *n > 0), "every answer: {answers:?}");
        assert!(no_mandate_held > 0, "someone holds no mandate");
        assert!(carriers_grant > 0, "someone acts through a carrier");
        assert!(both_held > 0, "someone holds both mandates");
    }
}
