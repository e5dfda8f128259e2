//! People.

use serde::{Deserialize, Serialize};

/// A natural person. A person is a legal person: they can sign and hold
/// mandates.
///
/// ```
/// use communs::Person;
///
/// let julien = Person::new("Julien Lecaille");
/// assert_eq!(julien.name, "Julien Lecaille");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Person {
    /// The display name (non-empty).
    pub name: String,
}

impl Person {
    /// A person with a display name.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Person { name: name.into() }
    }
}
