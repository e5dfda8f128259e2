//! Briques: the building blocks that gradually make an institution work.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Tag;

/// The kind of a *brique*, a building block that gradually makes an
/// institution in formation work.
///
/// The seed names coworking time, workshops on the economy of the commons,
/// work on reciprocity contracts, the creation of a financial-service
/// association, and a permanence (recurring drop-in hours). A blueprint
/// ([`Blueprint`](crate::Blueprint)) lists the kinds an institution needs.
///
/// ```
/// use communs::BriqueKind;
///
/// assert_eq!(BriqueKind::ReciprocityContracts.to_string(), "reciprocity-contracts");
/// let other = BriqueKind::Other("newsletter".parse()?);
/// assert_eq!(other.to_string(), "other:newsletter");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum BriqueKind {
    /// Shared coworking time.
    Coworking,
    /// Workshops (for instance on the economy of the commons).
    Workshop,
    /// Work on reciprocity contracts.
    ReciprocityContracts,
    /// A financial service (such as the association Financial Service for Commons).
    FinancialService,
    /// A permanence: recurring drop-in hours held at a place.
    Permanence,
    /// A body that gives the institution a way of deciding.
    GovernanceBody,
    /// Recurring meetings.
    Meeting,
    /// Any other kind, named by a tag.
    Other(Tag),
}

impl fmt::Display for BriqueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            BriqueKind::Coworking => "coworking",
            BriqueKind::Workshop => "workshop",
            BriqueKind::ReciprocityContracts => "reciprocity-contracts",
            BriqueKind::FinancialService => "financial-service",
            BriqueKind::Permanence => "permanence",
            BriqueKind::GovernanceBody => "governance-body",
            BriqueKind::Meeting => "meeting",
            BriqueKind::Other(tag) => return write!(f, "other:{tag}"),
        };
        f.write_str(name)
    }
}
