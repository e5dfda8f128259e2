//! Questions about applications and decisions: exposure, tallies, what
//! decisions concern.

use std::collections::BTreeMap;
use std::fmt;

use petgraph::Direction;
use time::Date;

use super::{Network, NodeIx};
use crate::{
    Application, Currency, Decision, Key, Link, Money, NodeKind, Process, QueryError, RelationKind,
    Stance,
};

/// The money a carrier is exposed to through the applications it files: see
/// [`Network::exposure`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Exposure<'n> {
    /// The carrier.
    pub carrier: &'n Key,
    /// The total burden per currency, over its live applications (drafting,
    /// submitted or granted at the date).
    pub totals: BTreeMap<Currency, Money>,
    /// The live applications it files, in key order.
    pub applications: Vec<&'n Key>,
    /// Its burden limit, if it states one.
    pub limit: Option<Money>,
}

impl Exposure<'_> {
    /// Whether every total stays within the limit. Without a limit, always.
    /// A total in another currency than the limit's is within it only if
    /// it is zero.
    #[must_use]
    pub fn within_limit(&self) -> bool {
        let Some(limit) = self.limit else { return true };
        self.totals.values().all(|t| {
            if t.currency == limit.currency {
                t.amount <= limit.amount
            } else {
                t.amount <= 0
            }
        })
    }
}

impl fmt::Display for Exposure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let totals: Vec<String> = self.totals.values().map(Money::to_string).collect();
        write!(
            f,
            "`{}` files {} live application(s); burden {}",
            self.carrier,
            self.applications.len(),
            if totals.is_empty() {
                "none".to_owned()
            } else {
                totals.join(" + ")
            }
        )?;
        if let Some(limit) = self.limit {
            write!(
                f,
                ", {} its limit of {limit}",
                if self.within_limit() {
                    "within"
                } else {
                    "beyond"
                }
            )?;
        }
        Ok(())
    }
}

/// The count of a vote: see [`Network::tally`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tally {
    /// Votes for, by members.
    pub for_: u64,
    /// Votes against.
    pub against: u64,
    /// Abstentions.
    pub abstain: u64,
    /// Members of the deciding organisations at the opening date.
    pub members: u64,
    /// Whether the votes cast (abstentions included) reach the quorum.
    pub quorum_reached: bool,
    /// Whether the votes for reach the threshold of the votes expressed
    /// (for and against).
    pub threshold_reached: bool,
}

impl Tally {
    /// Every vote cast, abstentions included.
    #[must_use]
    pub fn cast(&self) -> u64 {
        self.for_
            .saturating_add(self.against)
            .saturating_add(self.abstain)
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} for, {} against, {} abstaining, of {} members: quorum {}, threshold {}",
            self.for_,
            self.against,
            self.abstain,
            self.members,
            if self.quorum_reached {
                "reached"
            } else {
                "not reached"
            },
            if self.threshold_reached {
                "reached"
            } else {
                "not reached"
            }
        )
    }
}

impl Network {
    /// The application with this key, if it is one.
    #[must_use]
    pub fn application(&self, key: &str) -> Option<&Application> {
        self.node(key)?.as_application()
    }

    /// The decision with this key, if it is one.
    #[must_use]
    pub fn decision(&self, key: &str) -> Option<&Decision> {
        self.node(key)?.as_decision()
    }

    /// The organisations that file `application`, sorted by key.
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an application.
    pub fn filers(&self, application: &str) -> Result<Vec<&Key>, QueryError> {
        let ix = self.require_kind(application, NodeKind::Application)?;
        Ok(self.sorted_keys(
            self.edges(ix, Direction::Incoming, RelationKind::Files)
                .map(|(o, _, _)| o),
        ))
    }

    /// The decisions that concern the node `key`, sorted by key.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownKey`] when no node has this key.
    pub fn decisions_concerning(&self, key: &str) -> Result<Vec<&Key>, QueryError> {
        let ix = self.require(key)?;
        Ok(self.sorted_keys(
            self.edges(ix, Direction::Incoming, RelationKind::Concerns)
                .map(|(d, _, _)| d),
        ))
    }

    /// The keys of `ixs`, sorted, each once.
    pub(crate) fn sorted_keys(&self, ixs: impl Iterator<Item = NodeIx>) -> Vec<&Key> {
        let mut keys: Vec<&Key> = ixs.filter_map(|i| self.key_at(i)).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// The money `carrier` is exposed to at `date` through the applications
    /// it files that are still live (drafting, submitted or granted), per
    /// currency, beside its burden limit.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// let exposure = net.exposure("anis", time::macros::date!(2017 - 12 - 01))?;
    /// assert!(exposure.within_limit()); // no burden, within a limit of zero
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation, or
    /// [`QueryError::Overflow`] when a total does not fit in 64 bits.
    pub fn exposure(&self, carrier: &str, date: Date) -> Result<Exposure<'_>, QueryError> {
        let ix = self.require_kind(carrier, NodeKind::Organisation)?;
        self.exposure_at(ix, date)?
            .ok_or_else(|| QueryError::UnknownKey {
                key: carrier.to_owned(),
            })
    }

    /// [`Network::exposure`] of the organisation at `ix`, without looking
    /// its key up; `Ok(None)` when it is not an organisation.
    pub(crate) fn exposure_at(
        &self,
        ix: NodeIx,
        date: Date,
    ) -> Result<Option<Exposure<'_>>, QueryError> {
        let (Some(key), Some(org)) = (self.key_at(ix), self.organisation_at(ix)) else {
            return Ok(None);
        };
        // The live applications in key order, each once, so that the sums
        // (and the currency an overflow names) do not depend on the order
        // the relations were added in.
        let mut live: BTreeMap<&Key, &Application> = BTreeMap::new();
        for (a, _, _) in self.edges(ix, Direction::Outgoing, RelationKind::Files) {
            if let (Some(akey), Some(app)) = (
                self.key_at(a),
                self.node_at(a).and_then(|n| n.as_application()),
            ) && app.status_at(date).is_live()
            {
                live.insert(akey, app);
            }
        }
        let mut totals: BTreeMap<Currency, Money> = BTreeMap::new();
        for app in live.values() {
            if let Some(burden) = app.burden {
                let total = totals
                    .entry(burden.currency)
                    .or_insert(Money::zero(burden.currency));
                *total = total
                    .checked_add(burden)
                    .map_err(|_| QueryError::Overflow {
                        key: key.clone(),
                        currency: burden.currency,
                    })?;
            }
        }
        Ok(Some(Exposure {
            carrier: key,
            totals,
            applications: live.into_keys().collect(),
            limit: org.burden_limit,
        }))
    }

    /// The tally of a vote: each member's last stance (votes of people who
    /// are not members of a deciding organisation at the opening date do not
    /// count), the deciding organisations' members at the opening date, and whether the quorum and
    /// the threshold are reached (both inclusive: exactly at the threshold is
    /// reached).
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not a decision, or
    /// [`QueryError::NotAVote`] when its process is not a vote.
    pub fn tally(&self, decision: &str) -> Result<Tally, QueryError> {
        let ix = self.require_kind(decision, NodeKind::Decision)?;
        let Some(d) = self.node_at(ix).and_then(|n| n.as_decision()) else {
            return Err(QueryError::UnknownKey {
                key: decision.to_owned(),
            });
        };
        let Process::Vote { threshold, quorum } = d.process else {
            return Err(QueryError::NotAVote {
                key: self
                    .key_at(ix)
                    .cloned()
                    .ok_or_else(|| QueryError::UnknownKey {
                        key: decision.to_owned(),
                    })?,
            });
        };
        let opened = d.opened_at.date();
        let mut members: Vec<NodeIx> = Vec::new();
        for (org, _, _) in self.edges(ix, Direction::Incoming, RelationKind::Decides) {
            for (m, _, l) in self.edges(org, Direction::Incoming, RelationKind::MemberOf) {
                if matches!(l, Link::MemberOf(ms) if ms.period.contains(opened)) {
                    members.push(m);
                }
            }
        }
        Ok(self.count_votes(d, threshold, quorum, members))
    }

    /// The tally of the vote `d` (with its `threshold` and `quorum`) given
    /// its deciding organisations' members at the opening date, by index,
    /// in any order and repeated: a member's key is read only if it votes,
    /// as the voter's key is looked up. [`Network::tally`] gathers the
    /// members of one vote; `quorum-not-met` those of every vote together.
    pub(crate) fn count_votes(
        &self,
        d: &Decision,
        threshold: crate::Fraction,
        quorum: crate::Fraction,
        mut members: Vec<NodeIx>,
    ) -> Tally {
        members.sort_unstable();
        members.dedup();
        let (mut for_, mut against, mut abstain) = (0u64, 0u64, 0u64);
        for (voter, stance) in d.stances() {
            let member = self
                .ix(voter)
                .is_some_and(|v| members.binary_search(&v).is_ok());
            if !member {
                continue;
            }
            match stance {
                Stance::For => for_ = for_.saturating_add(1),
                Stance::Against => against = against.saturating_add(1),
                Stance::Abstain => abstain = abstain.saturating_add(1),
            }
        }
        let members = members.len() as u64;
        let expressed = for_.saturating_add(against);
        let cast = expressed.saturating_add(abstain);
        Tally {
            for_,
            against,
            abstain,
            members,
            quorum_reached: quorum.reached(cast, members),
            threshold_reached: expressed > 0 && threshold.reached(for_, expressed),
        }
    }
}
