//! Relations: carrying, membership, mandates, location, and those of
//! briques, contracts, applications and decisions.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::set::{FlagSet, flag_enum};
use crate::{Key, NodeKind, Period, Tag};

flag_enum!(
    /// One part of what a carrier does for the organisation it carries.
    ScopeKind {
        /// Administrative carrying (*portage administratif*): the carrier
        /// files applications and keeps the records. An organisation has at
        /// most one administrative carrier at any date, and its voice falls
        /// back to that carrier while its own governance is in formation.
        Administrative = 0, "administrative";
        /// Financial carrying: the carrier holds and handles money.
        Financial = 1, "financial";
        /// Legal carrying: the carrier signs and answers for it in law.
        Legal = 2, "legal";
    }
);

flag_enum!(
    /// An act a person may be mandated to perform for an organisation.
    ///
    /// Through carrying, a mandate on a carrier reaches the organisations it
    /// carries, but only for the acts that its scope covers:
    ///
    /// | Act | reaches a carried organisation through |
    /// |---|---|
    /// | [`Act::Sign`] | a carrier with [`ScopeKind::Legal`] |
    /// | [`Act::File`] | a carrier with [`ScopeKind::Administrative`] |
    /// | [`Act::Speak`], [`Act::Decide`] | only the organisation's [voice](crate::Network::voice): its own mandates when its governance is established; else those of its administrative carrier's voice, up the chain — never the mandates of an organisation in formation |
    Act {
        /// Sign contracts and documents.
        Sign = 0, "sign";
        /// Speak publicly for the organisation.
        Speak = 1, "speak";
        /// Take decisions for it.
        Decide = 2, "decide";
        /// File applications (dossiers) for it.
        File = 3, "file";
    }
);

impl Act {
    /// The carrying scope through which a mandate for this act reaches a
    /// carried organisation, or `None` for acts that only pass through the
    /// voice (speak, decide).
    #[must_use]
    pub fn carrying_scope(self) -> Option<ScopeKind> {
        match self {
            Act::Sign => Some(ScopeKind::Legal),
            Act::File => Some(ScopeKind::Administrative),
            Act::Speak | Act::Decide => None,
        }
    }
}

/// What a carrier does for an organisation: a set of [`ScopeKind`]s.
pub type Scope = FlagSet<ScopeKind>;

/// What a mandate authorises: a set of [`Act`]s.
pub type Powers = FlagSet<Act>;

/// A person's role in an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Role {
    /// A member.
    Member,
    /// A participant without formal membership.
    Participant,
    /// A contributor.
    Contributor,
    /// A coordinator.
    Coordinator,
    /// The president.
    President,
    /// One of several co-presidents (ANIS is represented by a college of
    /// elected co-presidents).
    CoPresident,
    /// The treasurer.
    Treasurer,
    /// The secretary.
    Secretary,
    /// Any other role, named by a tag.
    Other(Tag),
}

/// How involved a member is (the seed: participants have an economic
/// activity linked to the commons "to different degrees").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Involvement {
    /// Occasional or peripheral.
    Peripheral,
    /// Regular.
    Active,
    /// At the core of the organisation's activity.
    Core,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Member => "member",
            Role::Participant => "participant",
            Role::Contributor => "contributor",
            Role::Coordinator => "coordinator",
            Role::President => "president",
            Role::CoPresident => "co-president",
            Role::Treasurer => "treasurer",
            Role::Secretary => "secretary",
            Role::Other(tag) => tag.as_str(),
        })
    }
}

impl fmt::Display for Involvement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Involvement::Peripheral => "peripheral",
            Involvement::Active => "active",
            Involvement::Core => "core",
        })
    }
}

/// `carries`: a legal person carries an organisation (*portage*) with a scope
/// during a period.
///
/// ```
/// use communs::{Carrying, Period, Scope, ScopeKind};
/// use time::macros::date;
///
/// let c = Carrying::new(Scope::all(), Period::since(date!(2011 - 09 - 01)));
/// assert!(c.scope.contains(ScopeKind::Administrative));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Carrying {
    /// What the carrier does for the carried organisation (non-empty).
    pub scope: Scope,
    /// When it holds.
    pub period: Period,
}

impl Carrying {
    /// A carrying with a scope and a period.
    #[must_use]
    pub fn new(scope: Scope, period: Period) -> Self {
        Carrying { scope, period }
    }

    /// Whether the scope includes administrative carrying.
    #[must_use]
    pub fn is_administrative(&self) -> bool {
        self.scope.contains(ScopeKind::Administrative)
    }
}

/// `member-of`: a person or an organisation belongs to an organisation.
///
/// ```
/// use communs::{Involvement, Membership, Period, Role};
///
/// let m = Membership::new(Role::Member, Involvement::Core, Period::ALWAYS);
/// assert_eq!(m.involvement, Involvement::Core);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Membership {
    /// The member's role.
    pub role: Role,
    /// How involved the member is.
    pub involvement: Involvement,
    /// When it holds.
    pub period: Period,
}

impl Membership {
    /// A membership.
    #[must_use]
    pub fn new(role: Role, involvement: Involvement, period: Period) -> Self {
        Membership {
            role,
            involvement,
            period,
        }
    }
}

/// `mandate`: an organisation authorises a person to act for it.
///
/// ```
/// use communs::{Act, Mandate, Period, Powers};
///
/// let m = Mandate::new(Powers::of(&[Act::Sign, Act::File]), Period::ALWAYS);
/// assert!(m.powers.contains(Act::File));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Mandate {
    /// What the mandate authorises (non-empty).
    pub powers: Powers,
    /// When it holds.
    pub period: Period,
}

impl Mandate {
    /// A mandate.
    #[must_use]
    pub fn new(powers: Powers, period: Period) -> Self {
        Mandate { powers, period }
    }

    /// Whether it authorises `act` on `date`: the act is among its powers
    /// and the date within its period. Whether that reaches an organisation
    /// is [`Network::may_act`](crate::Network::may_act)'s question.
    ///
    /// ```
    /// use communs::{Act, Mandate, Period, Powers};
    /// use time::macros::date;
    ///
    /// let m = Mandate::new(Powers::of(&[Act::Sign]), Period::since(date!(2018 - 01 - 01)));
    /// assert!(m.grants(Act::Sign, date!(2018 - 06 - 01)));
    /// assert!(!m.grants(Act::File, date!(2018 - 06 - 01)));
    /// assert!(!m.grants(Act::Sign, date!(2017 - 06 - 01)));
    /// ```
    #[must_use]
    pub fn grants(&self, act: Act, date: time::Date) -> bool {
        self.powers.contains(act) && self.period.contains(date)
    }
}

/// `runs`: an organisation runs a brique during a period.
///
/// ```
/// use communs::{Period, Running};
/// use time::macros::date;
///
/// let r = Running::new(Period::since(date!(2018 - 01 - 09)));
/// assert!(r.period.contains(date!(2018 - 02 - 01)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Running {
    /// When it holds.
    pub period: Period,
}

impl Running {
    /// A running relation.
    #[must_use]
    pub fn new(period: Period) -> Self {
        Running { period }
    }
}

/// The kind of a relation, as written in documents (`kind: "carries"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RelationKind {
    /// `carries`: organisation (legal person) → organisation.
    Carries,
    /// `member-of`: person or organisation → organisation.
    MemberOf,
    /// `mandate`: person → organisation.
    Mandate,
    /// `located-in`: place → territory.
    LocatedIn,
    /// `runs`: organisation → brique.
    Runs,
    /// `builds`: brique → organisation (the institution it helps to exist).
    Builds,
    /// `hosted-at`: brique → place.
    HostedAt,
    /// `party-to`: person or organisation → contract.
    PartyTo,
    /// `files`: organisation → application (the *porteur*).
    Files,
    /// `authors`: person or organisation → application.
    Authors,
    /// `funds`: application → brique.
    Funds,
    /// `targets`: application → territory.
    Targets,
    /// `decides`: organisation → decision.
    Decides,
    /// `concerns`: decision → any node.
    Concerns,
    /// `opens`: person → decision.
    Opens,
}

impl RelationKind {
    /// Every relation kind.
    pub const ALL: &'static [RelationKind] = &[
        RelationKind::Carries,
        RelationKind::MemberOf,
        RelationKind::Mandate,
        RelationKind::LocatedIn,
        RelationKind::Runs,
        RelationKind::Builds,
        RelationKind::HostedAt,
        RelationKind::PartyTo,
        RelationKind::Files,
        RelationKind::Authors,
        RelationKind::Funds,
        RelationKind::Targets,
        RelationKind::Decides,
        RelationKind::Concerns,
        RelationKind::Opens,
    ];

    /// The kebab-case name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RelationKind::Carries => "carries",
            RelationKind::MemberOf => "member-of",
            RelationKind::Mandate => "mandate",
            RelationKind::LocatedIn => "located-in",
            RelationKind::Runs => "runs",
            RelationKind::Builds => "builds",
            RelationKind::HostedAt => "hosted-at",
            RelationKind::PartyTo => "party-to",
            RelationKind::Files => "files",
            RelationKind::Authors => "authors",
            RelationKind::Funds => "funds",
            RelationKind::Targets => "targets",
            RelationKind::Decides => "decides",
            RelationKind::Concerns => "concerns",
            RelationKind::Opens => "opens",
        }
    }

    /// The node kinds a relation of this kind may start from.
    #[must_use]
    pub fn sources(self) -> &'static [NodeKind] {
        match self {
            RelationKind::Carries => &[NodeKind::Organisation],
            RelationKind::MemberOf => &[NodeKind::Person, NodeKind::Organisation],
            RelationKind::Mandate => &[NodeKind::Person],
            RelationKind::LocatedIn => &[NodeKind::Place],
            RelationKind::Runs => &[NodeKind::Organisation],
            RelationKind::Builds | RelationKind::HostedAt => &[NodeKind::Brique],
            RelationKind::PartyTo | RelationKind::Authors => {
                &[NodeKind::Person, NodeKind::Organisation]
            }
            RelationKind::Files | RelationKind::Decides => &[NodeKind::Organisation],
            RelationKind::Funds | RelationKind::Targets => &[NodeKind::Application],
            RelationKind::Concerns => &[NodeKind::Decision],
            RelationKind::Opens => &[NodeKind::Person],
        }
    }

    /// The node kinds a relation of this kind may end at.
    #[must_use]
    pub fn targets(self) -> &'static [NodeKind] {
        match self {
            RelationKind::Carries | RelationKind::MemberOf | RelationKind::Mandate => {
                &[NodeKind::Organisation]
            }
            RelationKind::LocatedIn => &[NodeKind::Territory],
            RelationKind::Runs => &[NodeKind::Brique],
            RelationKind::Builds => &[NodeKind::Organisation],
            RelationKind::HostedAt => &[NodeKind::Place],
            RelationKind::PartyTo => &[NodeKind::Contract],
            RelationKind::Files | RelationKind::Authors => &[NodeKind::Application],
            RelationKind::Funds => &[NodeKind::Brique],
            RelationKind::Targets => &[NodeKind::Territory],
            RelationKind::Decides | RelationKind::Opens => &[NodeKind::Decision],
            RelationKind::Concerns => NodeKind::ALL,
        }
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The attributes of a relation, one variant per [`RelationKind`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Link {
    /// `carries`.
    Carries(Carrying),
    /// `member-of`.
    MemberOf(Membership),
    /// `mandate`.
    Mandate(Mandate),
    /// `located-in`.
    LocatedIn,
    /// `runs`.
    Runs(Running),
    /// `builds`.
    Builds,
    /// `hosted-at`.
    HostedAt,
    /// `party-to`.
    PartyTo(crate::Party),
    /// `files`.
    Files(crate::Filing),
    /// `authors`.
    Authors,
    /// `funds`.
    Funds,
    /// `targets`.
    Targets,
    /// `decides`.
    Decides,
    /// `concerns`.
    Concerns,
    /// `opens`.
    Opens,
}

impl Link {
    /// The kind of relation.
    #[must_use]
    pub fn kind(&self) -> RelationKind {
        match self {
            Link::Carries(_) => RelationKind::Carries,
            Link::MemberOf(_) => RelationKind::MemberOf,
            Link::Mandate(_) => RelationKind::Mandate,
            Link::LocatedIn => RelationKind::LocatedIn,
            Link::Runs(_) => RelationKind::Runs,
            Link::Builds => RelationKind::Builds,
            Link::HostedAt => RelationKind::HostedAt,
            Link::PartyTo(_) => RelationKind::PartyTo,
            Link::Files(_) => RelationKind::Files,
            Link::Authors => RelationKind::Authors,
            Link::Funds => RelationKind::Funds,
            Link::Targets => RelationKind::Targets,
            Link::Decides => RelationKind::Decides,
            Link::Concerns => RelationKind::Concerns,
            Link::Opens => RelationKind::Opens,
        }
    }

    /// The period of the relation; [`Period::ALWAYS`] for relations without one.
    #[must_use]
    pub fn period(&self) -> Period {
        match self {
            Link::Carries(c) => c.period,
            Link::MemberOf(m) => m.period,
            Link::Mandate(m) => m.period,
            Link::Runs(r) => r.period,
            _ => Period::ALWAYS,
        }
    }
}

impl From<Carrying> for Link {
    fn from(c: Carrying) -> Self {
        Link::Carries(c)
    }
}
impl From<Membership> for Link {
    fn from(m: Membership) -> Self {
        Link::MemberOf(m)
    }
}
impl From<crate::Filing> for Link {
    fn from(f: crate::Filing) -> Self {
        Link::Files(f)
    }
}
impl From<crate::Party> for Link {
    fn from(p: crate::Party) -> Self {
        Link::PartyTo(p)
    }
}
impl From<Running> for Link {
    fn from(r: Running) -> Self {
        Link::Runs(r)
    }
}
impl From<Mandate> for Link {
    fn from(m: Mandate) -> Self {
        Link::Mandate(m)
    }
}

/// A relation between two nodes, named by their keys.
///
/// ```
/// use communs::{Carrying, Key, Link, Period, Relation, RelationKind, Scope};
///
/// let r = Relation::new(
///     Key::new("anis")?,
///     Key::new("catalyst")?,
///     Carrying::new(Scope::all(), Period::ALWAYS),
/// );
/// assert_eq!(r.link.kind(), RelationKind::Carries);
/// assert_eq!(r.to_string(), "carries anis → catalyst");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Relation {
    /// The source node.
    pub from: Key,
    /// The target node.
    pub to: Key,
    /// The kind and attributes.
    pub link: Link,
}

impl Relation {
    /// A relation from `from` to `to`.
    #[must_use]
    pub fn new(from: Key, to: Key, link: impl Into<Link>) -> Self {
        Relation {
            from,
            to,
            link: link.into(),
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} → {}", self.link.kind(), self.from, self.to)
    }
}

/// A borrowed view of a relation stored in a network, with typed attributes.
///
/// Queries return `RelationRef<'_, Carrying>`, `RelationRef<'_, Membership>`
/// and so on; [`Network::relations`](crate::Network::relations) returns
/// `RelationRef<'_, Link>`.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationRef<'n, T = Link> {
    /// The source node.
    pub from: &'n Key,
    /// The target node.
    pub to: &'n Key,
    /// The attributes.
    pub data: &'n T,
}

impl<T> Clone for RelationRef<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for RelationRef<'_, T> {}

impl<T: Clone + Into<Link>> RelationRef<'_, T> {
    /// An owned copy of the relation.
    #[must_use]
    pub fn to_relation(&self) -> Relation {
        Relation::new(self.from.clone(), self.to.clone(), self.data.clone())
    }
}
