//! Plain value types: the nodes of a network and the attributes of its relations.
//!
//! Nothing here knows about the graph; these are the values that
//! [`Change`](crate::Change)s carry into a [`Network`](crate::Network) and
//! that its queries hand back.

mod application;
mod brique;
mod contract;
mod decision;
mod lifecycle;
mod money;
mod organisation;
mod period;
mod person;
mod place;
mod relation;
mod schedule;
mod set;
pub(crate) use set::sealed as set_sealed;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use application::{Application, ApplicationStatus, Filing};
pub use brique::{Brique, BriqueKind, BriqueStatus, Per, Retribution};
pub use contract::{
    Clause, Contract, ContractStatus, Frequency, Gift, Mode, Nature, Party, Term, Terms,
};
pub use decision::{
    ClosesBeforeOpening, Decision, Fraction, FractionError, Intervention, InterventionKind,
    Outcome, Process, Stance, Visibility,
};
pub use lifecycle::{Lifecycle, LifecycleError, Status};
pub use money::{Currency, Money, MoneyError};
pub use organisation::{Blueprint, Form, Governance, Organisation, ProcessKind, Statutes};
pub(crate) use period::iso_date;
pub use period::{Period, PeriodError};
pub use person::Person;
pub use place::{Place, Territory};
pub use relation::{
    Act, Carrying, Involvement, Link, Mandate, Membership, Powers, Relation, RelationKind,
    RelationRef, Role, Running, Scope, ScopeKind,
};
pub use schedule::{Day, Days, Nth, Occurrence, Recurrence, Schedule, ScheduleError};
pub use set::{Flag, FlagSet};

/// The kind of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NodeKind {
    /// A natural person.
    Person,
    /// An association, cooperative, company, public body or collective.
    Organisation,
    /// A venue.
    Place,
    /// A district or city.
    Territory,
    /// A building block of an institution.
    Brique,
    /// A reciprocity contract.
    Contract,
    /// An application to a funding programme.
    Application,
    /// A decision.
    Decision,
}

impl NodeKind {
    /// Every node kind.
    pub const ALL: &'static [NodeKind] = &[
        NodeKind::Person,
        NodeKind::Organisation,
        NodeKind::Place,
        NodeKind::Territory,
        NodeKind::Brique,
        NodeKind::Contract,
        NodeKind::Application,
        NodeKind::Decision,
    ];

    /// The kebab-case name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Person => "person",
            NodeKind::Organisation => "organisation",
            NodeKind::Place => "place",
            NodeKind::Territory => "territory",
            NodeKind::Brique => "brique",
            NodeKind::Contract => "contract",
            NodeKind::Application => "application",
            NodeKind::Decision => "decision",
        }
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A node of the network, one variant per [`NodeKind`].
///
/// Every value type converts into a `Node` with `.into()`.
///
/// ```
/// use communs::{Node, NodeKind, Person};
///
/// let node: Node = Person::new("Christian Mahieu").into();
/// assert_eq!(node.kind(), NodeKind::Person);
/// assert_eq!(node.name(), "Christian Mahieu");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Node {
    /// A person.
    Person(Person),
    /// An organisation.
    Organisation(Organisation),
    /// A place.
    Place(Place),
    /// A territory.
    Territory(Territory),
    /// A brique.
    Brique(Brique),
    /// A contract.
    Contract(Contract),
    /// An application.
    Application(Application),
    /// A decision.
    Decision(Decision),
}

impl Node {
    /// The node's kind.
    #[must_use]
    pub fn kind(&self) -> NodeKind {
        match self {
            Node::Person(_) => NodeKind::Person,
            Node::Organisation(_) => NodeKind::Organisation,
            Node::Place(_) => NodeKind::Place,
            Node::Territory(_) => NodeKind::Territory,
            Node::Brique(_) => NodeKind::Brique,
            Node::Contract(_) => NodeKind::Contract,
            Node::Application(_) => NodeKind::Application,
            Node::Decision(_) => NodeKind::Decision,
        }
    }

    /// The node's display name.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Node::Person(p) => &p.name,
            Node::Organisation(o) => &o.name,
            Node::Place(p) => &p.name,
            Node::Territory(t) => &t.name,
            Node::Brique(b) => &b.name,
            Node::Contract(c) => &c.title,
            Node::Application(a) => &a.title,
            Node::Decision(d) => &d.title,
        }
    }

    /// Whether the node is a legal person: every person, and every
    /// organisation whose form is not a collective.
    #[must_use]
    pub fn is_legal_person(&self) -> bool {
        match self {
            Node::Person(_) => true,
            Node::Organisation(o) => o.is_legal_person(),
            Node::Place(_)
            | Node::Territory(_)
            | Node::Brique(_)
            | Node::Contract(_)
            | Node::Application(_)
            | Node::Decision(_) => false,
        }
    }

    /// The organisation, if the node is one.
    #[must_use]
    pub fn as_organisation(&self) -> Option<&Organisation> {
        match self {
            Node::Organisation(o) => Some(o),
            _ => None,
        }
    }
}

impl Node {
    /// The brique, if the node is one.
    #[must_use]
    pub fn as_brique(&self) -> Option<&Brique> {
        match self {
            Node::Brique(b) => Some(b),
            _ => None,
        }
    }
}

impl Node {
    /// The contract, if the node is one.
    #[must_use]
    pub fn as_contract(&self) -> Option<&Contract> {
        match self {
            Node::Contract(c) => Some(c),
            _ => None,
        }
    }
}

impl Node {
    /// The application, if the node is one.
    #[must_use]
    pub fn as_application(&self) -> Option<&Application> {
        match self {
            Node::Application(a) => Some(a),
            _ => None,
        }
    }

    /// The decision, if the node is one.
    #[must_use]
    pub fn as_decision(&self) -> Option<&Decision> {
        match self {
            Node::Decision(d) => Some(d),
            _ => None,
        }
    }
}

impl From<Application> for Node {
    fn from(v: Application) -> Self {
        Node::Application(v)
    }
}

impl From<Decision> for Node {
    fn from(v: Decision) -> Self {
        Node::Decision(v)
    }
}

impl From<Contract> for Node {
    fn from(v: Contract) -> Self {
        Node::Contract(v)
    }
}

impl From<Brique> for Node {
    fn from(v: Brique) -> Self {
        Node::Brique(v)
    }
}

impl From<Person> for Node {
    fn from(v: Person) -> Self {
        Node::Person(v)
    }
}
impl From<Organisation> for Node {
    fn from(v: Organisation) -> Self {
        Node::Organisation(v)
    }
}
impl From<Place> for Node {
    fn from(v: Place) -> Self {
        Node::Place(v)
    }
}
impl From<Territory> for Node {
    fn from(v: Territory) -> Self {
        Node::Territory(v)
    }
}
