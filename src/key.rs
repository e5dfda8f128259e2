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

/// The longest slug held in place, in the key or tag itself: most keys
/// (`chambre-des-communs` is 19 bytes, every key of the generated networks
/// fits) and most tags (`social-innovation` is 17).
const INLINE: usize = 22;

/// The text of a slug: in place when it is short, shared on the heap when
/// it is long. Which one depends only on the length, so two equal slugs
/// always have the same form.
///
/// In place, reading a key is reading the node, the finding or the relation
/// that holds it, and cloning one copies 24 bytes; a shared string would be
/// a pointer to follow (a cache miss in a large network) and a clone an
/// atomic count to raise (`docs/PERFORMANCE.md`).
#[derive(Clone)]
enum Text {
    /// The length, then the bytes, zero-padded (a slug holds no zero byte).
    Inline(u8, [u8; INLINE]),
    /// A slug longer than [`INLINE`] bytes.
    Shared(Arc<str>),
}

impl Text {
    /// The text of `s`, a string [`check_slug`] accepted.
    fn new(s: &str) -> Text {
        match u8::try_from(s.len()) {
            Ok(len) if s.len() <= INLINE => {
                let mut bytes = [0u8; INLINE];
                for (b, c) in bytes.iter_mut().zip(s.as_bytes()) {
                    *b = *c;
                }
                Text::Inline(len, bytes)
            }
            _ => Text::Shared(Arc::from(s)),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // The bytes were copied from a `str`, whole: always UTF-8.
            Text::Inline(len, bytes) => {
                std::str::from_utf8(bytes.get(..usize::from(*len)).unwrap_or_default())
                    .unwrap_or_default()
            }
            Text::Shared(s) => s,
        }
    }

    /// The first 16 bytes, zero-padded, as a big-endian number.
    fn prefix(&self) -> u128 {
        let mut head = [0u8; 16];
        let bytes = match self {
            Text::Inline(_, bytes) => &bytes[..],
            Text::Shared(s) => s.as_bytes(),
        };
        for (h, b) in head.iter_mut().zip(bytes) {
            *h = *b;
        }
        u128::from_be_bytes(head)
    }

    /// Whether both hold the same text, read in place when short.
    fn same(&self, other: &Text) -> bool {
        match (self, other) {
            (Text::Inline(a, x), Text::Inline(b, y)) => a == b && x == y,
            (Text::Shared(x), Text::Shared(y)) => Arc::ptr_eq(x, y) || x == y,
            // The form follows the length: different forms, different lengths.
            _ => false,
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.same(other)
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        match (self, other) {
            // Zero-padded, the byte arrays order as the strings do: a slug
            // that is a prefix of another has a zero where the other has a
            // byte.
            (Text::Inline(_, x), Text::Inline(_, y)) => x.cmp(y),
            _ => self.as_str().cmp(other.as_str()),
        }
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // As the `str` it borrows as, for maps looked up by `&str`.
        self.as_str().hash(state);
    }
}

macro_rules! slug_type {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Text);

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
                Ok(Self(Text::new(s)))
            }

            /// The slug as a string slice.
            #[must_use]
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.as_str())
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
                self.as_str()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                self.as_str()
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
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
    /// Keys are cheap to clone: a key of up to 22 bytes is held in place,
    /// a longer one is a shared string.
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
    /// Whether both are the same key, as a test that reads no string
    /// behind a pointer: short keys are compared in place, long ones by
    /// allocation. The network makes the long keys attributes hold share
    /// their node's allocation when a change commits, so this is exact for
    /// the keys of a network.
    pub(crate) fn is(&self, other: &Key) -> bool {
        match (&self.0, &other.0) {
            (Text::Shared(a), Text::Shared(b)) => Arc::ptr_eq(a, b),
            (a, b) => a == b,
        }
    }

    /// The key of text that [`check_slug`] accepted: a key without
    /// checking it again.
    pub(crate) fn from_checked(s: &str) -> Key {
        debug_assert!(check_slug(s).is_ok(), "{s:?} was not checked");
        Key(Text::new(s))
    }

    /// The first 16 bytes of the key, zero-padded, as a number. Keys whose
    /// prefixes differ are in the order of their prefixes (a slug holds no
    /// zero byte, so a key that is a prefix of another sorts first either
    /// way): sorts compare these numbers and read whole keys only to break
    /// ties. Read from the bytes themselves, without checking them again as
    /// a string.
    pub(crate) fn sort_prefix(&self) -> u128 {
        self.0.prefix()
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

    /// A key is 24 bytes: the size of a `String`, and the room for a
    /// [`INLINE`]-byte slug with its length.
    #[test]
    fn small() {
        assert_eq!(std::mem::size_of::<Key>(), 24);
        assert_eq!(std::mem::size_of::<Option<Key>>(), 24);
    }

    /// Keys on both sides of the in-place bound (and the longest) read,
    /// compare, order and hash as their strings do, whichever forms meet;
    /// `is` is equality for short keys, and for long ones holds for clones
    /// of the same key only.
    #[test]
    fn keys_in_place_and_shared_behave_as_their_strings() {
        use std::hash::BuildHasher;
        let mut words: Vec<String> = Vec::new();
        for len in [
            1,
            2,
            INLINE - 1,
            INLINE,
            INLINE + 1,
            INLINE + 2,
            MAX_SLUG_LEN,
        ] {
            for last in ['a', 'b', '0'] {
                let mut w = "m".repeat(len - 1);
                w.push(last);
                words.push(w);
            }
        }
        words.push("m".repeat(INLINE - 1) + "-a");
        words.push("chambre-des-communs".to_owned());
        let keys: Vec<Key> = words.iter().map(|w| Key::new(w).unwrap()).collect();
        let tags: Vec<Tag> = words.iter().map(|w| Tag::new(w).unwrap()).collect();
        let state = std::collections::hash_map::RandomState::new();
        for (i, (a, wa)) in keys.iter().zip(&words).enumerate() {
            assert_eq!(a.as_str(), wa);
            assert_eq!(tags[i].as_str(), wa);
            assert_eq!(state.hash_one(a), state.hash_one(wa.as_str()), "{wa}");
            assert_eq!(format!("{a:?}"), format!("Key({wa:?})"));
            for (j, (b, wb)) in keys.iter().zip(&words).enumerate() {
                assert_eq!(a == b, wa == wb, "{wa} {wb}");
                assert_eq!(a.cmp(b), wa.cmp(wb), "{wa} {wb}");
                assert_eq!(tags[i].cmp(&tags[j]), wa.cmp(wb), "{wa} {wb}");
                if wa.len() <= INLINE {
                    assert_eq!(a.is(b), wa == wb, "{wa} {wb}");
                }
            }
            assert!(a.is(&a.clone()));
            let again = Key::new(wa).unwrap();
            assert_eq!(a.is(&again), wa.len() <= INLINE, "{wa}");
        }
    }
}
