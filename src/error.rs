//! Typed errors. Every variant about nodes or relations names the keys
//! involved.

use crate::{Key, Money, NodeKind, PeriodError, RelationKind, SlugError};

/// Why a [`Change`](crate::Change) was refused. The network is left exactly
/// as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChangeError {
    /// A node with this key already exists.
    #[error("key `{key}` is already used by another node")]
    DuplicateKey {
        /// The key.
        key: Key,
    },
    /// The key belonged to a removed node; keys are never reused.
    #[error("key `{key}` belonged to a removed node and cannot be reused")]
    RetiredKey {
        /// The key.
        key: Key,
    },
    /// No node has this key.
    #[error("no node has key `{key}`")]
    UnknownKey {
        /// The key.
        key: Key,
    },
    /// An update tried to change the kind of a node.
    #[error("node `{key}` is a {found}; it cannot become a {requested}")]
    KindChange {
        /// The node.
        key: Key,
        /// Its kind.
        found: NodeKind,
        /// The kind the update asked for.
        requested: NodeKind,
    },
    /// A node's display name is empty or blank.
    #[error("node `{key}` has an empty name")]
    EmptyName {
        /// The node.
        key: Key,
    },
    /// An organisation's burden limit is negative.
    #[error("organisation `{key}` has a negative burden limit ({limit})")]
    NegativeBurdenLimit {
        /// The organisation.
        key: Key,
        /// The refused limit.
        limit: Money,
    },
    /// An amount that must not be negative is (a retribution, a money gift
    /// in a contract, an application's amount requested or burden).
    #[error("node `{key}` has a negative amount ({amount})")]
    NegativeAmount {
        /// The node.
        key: Key,
        /// The refused amount.
        amount: Money,
    },
    /// An update would move a status back in its lifecycle, or rewrite its
    /// recorded history.
    #[error("node `{key}` cannot go from status `{from}` back to `{to}` or rewrite its history")]
    LifecycleBackwards {
        /// The node.
        key: Key,
        /// Its current status.
        from: &'static str,
        /// The status the update asked for.
        to: &'static str,
    },
    /// An attribute names a key that is neither a live node of the expected
    /// kind nor a retired key (checked when the change or batch commits).
    #[error(
        "`{key}` names `{reference}`, which is not a {expected} of the network nor a retired key"
    )]
    DanglingReference {
        /// The node holding the attribute.
        key: Key,
        /// The key it names.
        reference: Key,
        /// The kind it should be.
        expected: NodeKind,
    },
    /// An instant cannot be written in RFC 3339 (a year outside 0–9999, or an
    /// offset with seconds).
    #[error("node `{key}` holds the instant {instant}, which RFC 3339 cannot write")]
    UnwritableInstant {
        /// The node.
        key: Key,
        /// The instant.
        instant: time::OffsetDateTime,
    },
    /// A decision closes before (or when) it opens.
    #[error("decision `{key}` closes before it opens")]
    ClosesBeforeOpening {
        /// The decision.
        key: Key,
    },
    /// Two interventions of a decision share an id.
    #[error("decision `{key}` has two interventions with id {id}")]
    DuplicateIntervention {
        /// The decision.
        key: Key,
        /// The id.
        id: u32,
    },
    /// An answer answers an intervention the decision does not have.
    #[error("an answer in decision `{key}` answers intervention {id}, which does not exist")]
    AnswerToUnknown {
        /// The decision.
        key: Key,
        /// The missing id.
        id: u32,
    },
    /// A relation joins node kinds its kind does not allow.
    #[error("a `{kind}` relation cannot go from {from_kind} `{from}` to {to_kind} `{to}`")]
    EndpointKinds {
        /// The relation kind.
        kind: RelationKind,
        /// The source.
        from: Key,
        /// The source's kind.
        from_kind: NodeKind,
        /// The target.
        to: Key,
        /// The target's kind.
        to_kind: NodeKind,
    },
    /// A relation joins a node to itself.
    #[error("a `{kind}` relation cannot join `{key}` to itself")]
    SelfRelation {
        /// The relation kind.
        kind: RelationKind,
        /// The node.
        key: Key,
    },
    /// A carrier is not a legal person (a collective cannot carry), or an
    /// update would take legal personality from an organisation that carries
    /// others.
    #[error("`{carrier}` is not a legal person, so it cannot carry `{carried}`")]
    CarrierNotLegalPerson {
        /// The would-be carrier.
        carrier: Key,
        /// An organisation it carries or would carry.
        carried: Key,
    },
    /// A `carries` relation without scope, or a `mandate` without powers.
    #[error("the `{kind}` relation `{from}` → `{to}` grants nothing (empty scope or powers)")]
    EmptyGrant {
        /// The relation kind.
        kind: RelationKind,
        /// The source.
        from: Key,
        /// The target.
        to: Key,
    },
    /// The relation would make carrying circular: `to` already carries
    /// `from`, directly or through others.
    #[error(
        "`{from}` cannot carry `{to}`: `{to}` already carries `{from}`, directly or through others"
    )]
    CarryingCycle {
        /// The would-be carrier.
        from: Key,
        /// The would-be carried organisation.
        to: Key,
    },
    /// Two administrative carriers would overlap in time.
    #[error(
        "`{carried}` is already carried administratively by `{existing}` during part of that period; `{new}` cannot also be"
    )]
    AdministrativeCarrierOverlap {
        /// The carried organisation.
        carried: Key,
        /// Its administrative carrier already recorded.
        existing: Key,
        /// The refused carrier.
        new: Key,
    },
    /// The relation would make organisation membership circular.
    #[error(
        "`{from}` cannot be a member of `{to}`: `{to}` is already a member of `{from}`, directly or through others"
    )]
    MembershipCycle {
        /// The would-be member.
        from: Key,
        /// The organisation.
        to: Key,
    },
    /// The same relation (kind and endpoints) already holds during an
    /// overlapping period.
    #[error("a `{kind}` relation `{from}` → `{to}` already holds during an overlapping period")]
    DuplicateRelation {
        /// The relation kind.
        kind: RelationKind,
        /// The source.
        from: Key,
        /// The target.
        to: Key,
    },
    /// The node still has relations and the removal did not ask to remove them.
    #[error("node `{key}` still has {relations} relation(s); remove them in the same change")]
    NodeInUse {
        /// The node.
        key: Key,
        /// How many relations reference it.
        relations: usize,
    },
    /// A clause of a contract names a giver or receiver that is not a party
    /// to it (checked when the change or batch commits).
    #[error("a clause of contract `{contract}` names `{party}`, which is not a party to it")]
    ClauseWithoutParty {
        /// The contract.
        contract: Key,
        /// The giver or receiver.
        party: Key,
    },
    /// A clause of a contract gives from a party to itself.
    #[error("a clause of contract `{contract}` has `{party}` give to itself")]
    ClauseToSelf {
        /// The contract.
        contract: Key,
        /// The party.
        party: Key,
    },
    /// No relation with exactly these attributes exists.
    #[error("no `{kind}` relation `{from}` → `{to}` with these attributes exists")]
    RelationNotFound {
        /// The relation kind.
        kind: RelationKind,
        /// The source.
        from: Key,
        /// The target.
        to: Key,
    },
    /// The network holds as many nodes or relations as its storage can index.
    #[error("the network is full ({limit} nodes or relations)")]
    CapacityExceeded {
        /// The limit.
        limit: u64,
    },
}

/// Why a batch of changes was refused: the position of the first refused
/// change in the batch and why — or, for a check deferred to commit (a
/// clause naming a non-party, a dangling key in an attribute), the last
/// change that touched the node at fault (the change that added a party
/// or a filing, for its signatory, when nothing else in the batch asked
/// for the whole contract or application to be checked). None of the
/// batch was applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("change #{index} of the batch was refused: {error}")]
pub struct BatchError {
    /// The position of the refused change, from 0.
    pub index: usize,
    /// Why it was refused.
    #[source]
    pub error: ChangeError,
}

/// Why a question could not be asked of the network.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// No node has this key.
    #[error("no node has key `{key}`")]
    UnknownKey {
        /// The key as given.
        key: String,
    },
    /// The node is not of the kind the question is about.
    #[error("`{key}` is a {found}, not a {expected}")]
    WrongKind {
        /// The node.
        key: Key,
        /// The kind the question needs.
        expected: NodeKind,
        /// The node's kind.
        found: NodeKind,
    },
    /// A total of money does not fit in 64 bits.
    #[error("the total burden of `{key}` in {currency} overflows")]
    Overflow {
        /// The organisation.
        key: Key,
        /// The currency.
        currency: crate::Currency,
    },
    /// A tally was asked of a decision that is not a vote.
    #[error("decision `{key}` is not a vote")]
    NotAVote {
        /// The decision.
        key: Key,
    },
}

/// Why a document could not be loaded: what is wrong and where.
///
/// A refused node or relation holds the [`ChangeError`] that refused it,
/// boxed; [`std::error::Error::source`] gives that `ChangeError` itself
/// (or the [`PeriodError`] of a malformed period).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocumentError {
    /// The document's format version is not one this crate reads.
    UnsupportedVersion {
        /// The version found.
        found: u32,
        /// The version this crate reads and writes.
        supported: u32,
    },
    /// A node was refused.
    Node {
        /// The node's kind (the section it is listed in).
        kind: NodeKind,
        /// The node's key.
        key: Key,
        /// Why it was refused (boxed: a refused document is rare, and this
        /// keeps every `Result` that may hold one small).
        error: Box<ChangeError>,
    },
    /// A relation has a malformed period.
    Period {
        /// The relation's position in `relations`, from 0.
        index: usize,
        /// Its kind.
        kind: RelationKind,
        /// Its source.
        from: Key,
        /// Its target.
        to: Key,
        /// What is wrong.
        error: PeriodError,
    },
    /// A relation was refused.
    Relation {
        /// The relation's position in `relations`, from 0.
        index: usize,
        /// Its kind.
        kind: RelationKind,
        /// Its source.
        from: Key,
        /// Its target.
        to: Key,
        /// Why it was refused (boxed, as for [`DocumentError::Node`]).
        error: Box<ChangeError>,
    },
    /// A retired key is listed twice.
    DuplicateRetired {
        /// The key.
        key: Key,
    },
}

impl std::fmt::Display for DocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocumentError::UnsupportedVersion { found, supported } => write!(
                f,
                "document format version {found} is not supported (this crate reads version {supported})"
            ),
            DocumentError::Node { kind, key, error } => write!(f, "{kind} `{key}`: {error}"),
            DocumentError::Period {
                index,
                kind,
                from,
                to,
                error,
            } => relation(f, *index, *kind, from, to, error),
            DocumentError::Relation {
                index,
                kind,
                from,
                to,
                error,
            } => relation(f, *index, *kind, from, to, error),
            DocumentError::DuplicateRetired { key } => {
                write!(f, "retired key `{key}` is listed twice")
            }
        }
    }
}

/// A refused relation's message: where it is, what it joins, then why.
fn relation(
    f: &mut std::fmt::Formatter<'_>,
    index: usize,
    kind: RelationKind,
    from: &Key,
    to: &Key,
    error: &dyn std::fmt::Display,
) -> std::fmt::Result {
    write!(f, "relations[{index}] ({kind} `{from}` → `{to}`): {error}")
}

// By hand rather than derived: a derived `source` would give the box, where
// a caller downcasts to `ChangeError`.
impl std::error::Error for DocumentError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DocumentError::Node { error, .. } | DocumentError::Relation { error, .. } => {
                Some(&**error)
            }
            DocumentError::Period { error, .. } => Some(error),
            DocumentError::UnsupportedVersion { .. } | DocumentError::DuplicateRetired { .. } => {
                None
            }
        }
    }
}

/// Any error of this crate, for callers who want one type to `?` into.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A malformed key or tag.
    #[error(transparent)]
    Slug(#[from] SlugError),
    /// A malformed period.
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// A refused change.
    #[error(transparent)]
    Change(#[from] ChangeError),
    /// A refused batch.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// A question that could not be asked.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// A refused document.
    #[error(transparent)]
    Document(#[from] DocumentError),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A refused node's or relation's source is its `ChangeError`, not the
    /// box around it, and the message names it in full.
    #[test]
    fn a_document_error_gives_its_change_error_as_source() -> Result<(), SlugError> {
        use std::error::Error as _;
        let key = Key::new("p")?;
        let refused = ChangeError::EmptyName { key: key.clone() };
        let node = DocumentError::Node {
            kind: NodeKind::Person,
            key: key.clone(),
            error: Box::new(refused.clone()),
        };
        let relation = DocumentError::Relation {
            index: 3,
            kind: RelationKind::MemberOf,
            from: key.clone(),
            to: key,
            error: Box::new(refused.clone()),
        };
        for err in [&node, &relation] {
            let source = err.source().and_then(|s| s.downcast_ref::<ChangeError>());
            assert_eq!(source, Some(&refused));
            assert!(err.to_string().ends_with(&refused.to_string()), "{err}");
        }
        assert!(
            relation
                .to_string()
                .starts_with("relations[3] (member-of `p` → `p`): ")
        );
        Ok(())
    }

    /// Errors travel in every `Result` of the change path: the largest
    /// variant holds three keys (24 bytes each) and a tag.
    #[test]
    fn errors_stay_small() {
        let sizes = (
            std::mem::size_of::<ChangeError>(),
            std::mem::size_of::<BatchError>(),
            std::mem::size_of::<QueryError>(),
        );
        assert!(sizes.0 <= 72 && sizes.1 <= 80 && sizes.2 <= 40, "{sizes:?}");
    }
}
