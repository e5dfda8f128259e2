//! Places and territories.

use serde::{Deserialize, Serialize};

/// A venue where briques are held (espace Stéphane Hessel / MESS, Lille).
///
/// ```
/// use communs::Place;
///
/// let mess = Place::new("Espace Stéphane Hessel / MESS").with_address("235 boulevard Paul Painlevé, Lille");
/// assert!(mess.address.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Place {
    /// The display name (non-empty).
    pub name: String,
    /// A postal address, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl Place {
    /// A place with a display name and no address.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Place {
            name: name.into(),
            address: None,
        }
    }

    /// This place with an address.
    #[must_use]
    pub fn with_address(mut self, address: impl Into<String>) -> Self {
        self.address = Some(address.into());
        self
    }
}

/// A district or a city. A *priority area* is a district of the French
/// *politique de la Ville* (a QPV, such as Moulins in Lille).
///
/// ```
/// use communs::Territory;
///
/// let moulins = Territory::new("Moulins, Lille").priority_area();
/// assert!(moulins.priority_area);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Territory {
    /// The display name (non-empty).
    pub name: String,
    /// Whether it is a priority area of urban policy (QPV).
    #[serde(default)]
    pub priority_area: bool,
}

impl Territory {
    /// A territory that is not a priority area.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Territory {
            name: name.into(),
            priority_area: false,
        }
    }

    /// This territory, marked as a priority area.
    #[must_use]
    pub fn priority_area(mut self) -> Self {
        self.priority_area = true;
        self
    }
}
