//! Validated slugs: the [`Key`] of every node and the [`Tag`] of every purpose.
//!
//! A key is chosen by the caller (`anis`, `chambre-des-communs`), is stable and
//! human-readable, and is the only way to name a node. Keys and tags share one
//! grammar, checked by one validator, whether they are built in code or read
//! from a document.

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The longest slug accepted, in bytes.
pub const MAX_SLUG_LEN: usize = 128;

/// Why a string is not a well-formed slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SlugError {
    /// The string is empty.
    #[error("a slug cannot be empty")]
    Empty,
    /// The string is longer than [`MAX_SLUG_LEN`] bytes.
    #[error("slug `{slug}` is {len} bytes long; at most {MAX_SLUG_LEN} are allowed")]
    TooLong {
        /// The first bytes of the refused string (lossless up to a char boundary).
        slug: String,
        /// Its length in bytes.
        len: usize,
    },
    /// The string holds a character outside `a-z`, `0-9` and `-`.
    #[error(
        "slug `{slug}` holds {character:?} at byte {position}; only a-z, 0-9 and single inner hyphens are allowed"
    )]
    InvalidCharacter {
        /// The refused string.
        slug: String,
        /// The offending character.
        character: char,
        /// Its byte offset.
        position: usize,
    },
    /// The string starts or ends with a hyphen, or holds two in a row.
    #[error("slug `{slug}` starts or ends with a hyphen or holds two in a row")]
    MisplacedHyphen {
        /// The refused string.
        slug: String,
    },
}

/// Checks the slug grammar: `[a-z0-9]+(-[a-z0-9]+)*`, at most [`MAX_SLUG_LEN`] bytes.
pub(crate) fn check_slug(s: &str) -> Result<(), SlugError> {
    if s.is_empty() {
        return Err(SlugError::Empty);
    }
    if s.len() > MAX_SLUG_LEN {
        let mut cut = MAX_SLUG_LEN;
        while !s.is_char_boundary(cut) {
            cut = cut.saturating_sub(1);
        }
        return Err(SlugError::TooLong {
            slug: s.get(..cut).unwrap_or_default().to_owned(),
            len: s.len(),
        });
    }
    // One pass over the bytes (a document has millions of keys): whether
    // every byte is a slug's, and whether a hyphen starts or ends the slug
    // or follows another. A character refused is then found again, as a
    // character, to name it.
    let (mut valid, mut misplaced, mut after_hyphen) = (true, false, true);
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' => after_hyphen = false,
            b'-' => {
                misplaced |= after_hyphen;
                after_hyphen = true;
            }
            _ => valid = false,
        }
    }
    if !valid
        && let Some((position, character)) = s
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        return Err(SlugError::InvalidCharacter {
            slug: s.to_owned(),
            character,
            position,
        });
    }
    if misplaced || after_hyphen {
        return Err(SlugError::MisplacedHyphen { slug: s.to_owned() });
    }
    Ok(())
}

macro_rules! slug_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Arc<str>);

        impl $name {
            #[doc = concat!("Validates `s` as ", $what, ".")]
            ///
            /// # Errors
            ///
            /// [`SlugError`] when `s` is empty, longer than [`MAX_SLUG_LEN`]
            /// bytes, holds a character outside `a-z`, `0-9` and `-`, or has a
            /// leading, trailing or doubled hyphen.
            pub fn new(s: &str) -> Result<Self, SlugError> {
                check_slug(s)?;
                Ok(Self(Arc::from(s)))
            }

            /// The slug as a string slice.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), &*self.0)
            }
        }

        impl FromStr for $name {
            type Err = SlugError;
            fn from_str(s: &str) -> Result<Self, SlugError> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = SlugError;
            fn try_from(s: &str) -> Result<Self, SlugError> {
                Self::new(s)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                &*self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                &*self.0 == *other
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!($what, " (a slug such as `chambre-des-communs`)"))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        $name::new(v).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

slug_type!(
    /// The key of a node: a stable, human-readable slug chosen by the caller.
    ///
    /// A key is unique in its [`Network`](crate::Network) across all node
    /// kinds, and a key that has been removed is never given to another node.
    /// Keys are cheap to clone (a shared string).
    ///
    /// The grammar is `[a-z0-9]+(-[a-z0-9]+)*`, at most [`MAX_SLUG_LEN`]
    /// bytes: lowercase ASCII letters and digits in hyphen-separated words.
    /// Accents and capitals belong in the display name, not the key.
    ///
    /// ```
    /// use communs::Key;
    ///
    /// let chambre = Key::new("chambre-des-communs")?;
    /// assert_eq!(chambre.as_str(), "chambre-des-communs");
    /// assert!(Key::new("Chambre des communs").is_err());
    /// assert!(Key::new("-anis").is_err());
    /// assert!(Key::new("").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Key,
    "a node key"
);

slug_type!(
    /// A purpose tag: one word of an organisation's statutory objectives or
    /// of a project's purpose (`digital-solidarity`, `social-innovation`).
    ///
    /// Tags follow the same grammar as [`Key`]. A project's purpose is
    /// *covered* by an organisation's objectives when every tag of the
    /// purpose is one of the objectives.
    ///
    /// ```
    /// use communs::Tag;
    ///
    /// let tag: Tag = "social-innovation".parse()?;
    /// assert_eq!(tag.to_string(), "social-innovation");
    /// assert!("Social Innovation".parse::<Tag>().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    Tag,
    "a purpose tag"
);

impl Key {
    /// Whether both are the same allocation: a sufficient test of equality
    /// that reads no string. The network makes the keys attributes hold
    /// share their node's allocation when a change commits.
    pub(crate) fn is(&self, other: &Key) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The key of text that [`check_slug`] accepted: a key without
    /// checking it again.
    pub(crate) fn from_checked(s: &str) -> Key {
        debug_assert!(check_slug(s).is_ok(), "{s:?} was not checked");
        Key(Arc::from(s))
    }

    /// The first 16 bytes of the key, zero-padded, as a number. Keys whose
    /// prefixes differ are in the order of their prefixes (a slug holds no
    /// zero byte, so a key that is a prefix of another sorts first either
    /// way): sorts compare these numbers and read whole keys, behind their
    /// pointers, only to break ties.
    pub(crate) fn sort_prefix(&self) -> u128 {
        let mut bytes = [0u8; 16];
        for (b, k) in bytes.iter_mut().zip(self.as_bytes()) {
            *b = *k;
        }
        u128::from_be_bytes(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The checks as first written, one rule at a time: the byte pass of
    /// `check_slug` must give the same answer and the same error.
    fn check_slug_by_rules(s: &str) -> Result<(), SlugError> {
        if s.is_empty() {
            return Err(SlugError::Empty);
        }
        if let Some((position, character)) = s
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            return Err(SlugError::InvalidCharacter {
                slug: s.to_owned(),
                character,
                position,
            });
        }
        if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(SlugError::MisplacedHyphen { slug: s.to_owned() });
        }
        Ok(())
    }

    /// Every string of up to four characters from an alphabet of slug
    /// characters, hyphens and refused ones (ASCII and not): the same
    /// answer, the same error, as the rules checked one at a time.
    #[test]
    fn slugs_are_checked_as_the_rules_say() {
        let alphabet = ['a', 'z', '0', '9', '-', 'A', '_', ' ', 'é', '€'];
        let mut words = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(last.iter().cloned());
        }
        assert_eq!(words.len(), 1 + 10 + 100 + 1000 + 10_000);
        for word in &words {
            assert_eq!(check_slug(word), check_slug_by_rules(word), "{word:?}");
        }
    }

    #[test]
    fn sort_prefixes_order_keys_as_their_strings_do() {
        let keys = [
            "a",
            "a-b",
            "ab",
            "anis",
            "b",
            "chambre-des-communs",
            "chambre-des-communs-2",
            "chambre-des-commun",
            "z9",
            "0",
            "9-a",
            "sixteen-bytes-ab",
            "sixteen-bytes-abc",
        ];
        let keys: Vec<Key> = keys.iter().map(|k| Key::new(k).unwrap()).collect();
        for a in &keys {
            for b in &keys {
                let (pa, pb) = (a.sort_prefix(), b.sort_prefix());
                if pa != pb {
                    assert_eq!(pa.cmp(&pb), a.cmp(b), "{a} {b}");
                } else {
                    let head = |k: &Key| k.as_bytes().iter().take(16).copied().collect::<Vec<u8>>();
                    assert_eq!(head(a), head(b), "{a} {b}");
                }
            }
        }
    }

    #[test]
    fn grammar() {
        for ok in ["a", "anis", "chambre-des-communs", "f1", "2017-ag"] {
            assert!(Key::new(ok).is_ok(), "{ok}");
        }
        assert_eq!(Key::new(""), Err(SlugError::Empty));
        assert!(matches!(
            Key::new("a b"),
            Err(SlugError::InvalidCharacter {
                character: ' ',
                position: 1,
                ..
            })
        ));
        assert!(matches!(
            Key::new("é"),
            Err(SlugError::InvalidCharacter {
                character: 'é',
                position: 0,
                ..
            })
        ));
        for bad in ["-a", "a-", "a--b", "-"] {
            assert!(
                matches!(Key::new(bad), Err(SlugError::MisplacedHyphen { .. })),
                "{bad}"
            );
        }
        let long = "é".repeat(100);
        assert!(matches!(
            Key::new(&long),
            Err(SlugError::TooLong { len: 200, .. })
        ));
        assert!(Key::new(&"a".repeat(MAX_SLUG_LEN)).is_ok());
    }

    #[test]
    fn small() {
        assert_eq!(std::mem::size_of::<Key>(), 16);
    }
}
