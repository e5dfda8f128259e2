//! Small sets of enum values (carrying scopes, mandate powers, days of the
//! week), stored as bits.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// An enum whose values can live in a [`FlagSet`]. Implemented by
/// [`ScopeKind`](crate::ScopeKind), [`Act`](crate::Act) and
/// [`Day`](crate::Day); sealed.
pub trait Flag: Copy + Ord + fmt::Debug + sealed::Sealed + 'static {
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// The value's kebab-case name, as written in documents.
    fn name(self) -> &'static str;
    /// The value's bit (its position in [`Flag::ALL`]).
    #[doc(hidden)]
    fn bit(self) -> u8;
}

macro_rules! flag_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $bit:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $crate::model::set_sealed::Sealed for $name {}

        impl $crate::Flag for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn name(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
            fn bit(self) -> u8 {
                match self { $($name::$variant => $bit,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str($crate::Flag::name(*self))
            }
        }
    };
}
pub(crate) use flag_enum;

/// A set of [`Flag`] values, as compact as a byte, iterated in declaration order.
///
/// Written in documents as a list of kebab-case names; a name listed twice is
/// refused.
///
/// ```
/// use communs::{Scope, ScopeKind};
///
/// let scope = Scope::of(&[ScopeKind::Administrative, ScopeKind::Financial]);
/// assert!(scope.contains(ScopeKind::Financial));
/// assert!(!scope.contains(ScopeKind::Legal));
/// assert_eq!(scope.to_string(), "administrative+financial");
/// assert_eq!(Scope::all().len(), 3);
/// ```
pub struct FlagSet<T: Flag> {
    bits: u8,
    marker: PhantomData<T>,
}

impl<T: Flag> FlagSet<T> {
    /// The empty set.
    #[must_use]
    pub const fn empty() -> Self {
        FlagSet {
            bits: 0,
            marker: PhantomData,
        }
    }

    /// The set of every value.
    #[must_use]
    pub fn all() -> Self {
        Self::of(T::ALL)
    }

    /// The set of the given values.
    #[must_use]
    pub fn of(values: &[T]) -> Self {
        values.iter().fold(Self::empty(), |s, v| s.with(*v))
    }

    /// This set with `value` added.
    #[must_use]
    pub fn with(mut self, value: T) -> Self {
        self.insert(value);
        self
    }

    /// Adds `value`; returns whether it was absent.
    pub fn insert(&mut self, value: T) -> bool {
        let mask = 1u8 << (value.bit() & 7);
        let absent = self.bits & mask == 0;
        self.bits |= mask;
        absent
    }

    /// Removes `value`; returns whether it was present.
    pub fn remove(&mut self, value: T) -> bool {
        let mask = 1u8 << (value.bit() & 7);
        let present = self.bits & mask != 0;
        self.bits &= !mask;
        present
    }

    /// Whether `value` is in the set.
    #[must_use]
    pub fn contains(&self, value: T) -> bool {
        self.bits & (1u8 << (value.bit() & 7)) != 0
    }

    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bits == 0
    }

    /// The number of values in the set.
    #[must_use]
    pub fn len(&self) -> usize {
        self.bits.count_ones() as usize
    }

    /// The values, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        T::ALL.iter().copied().filter(|v| self.contains(*v))
    }
}

impl<T: Flag> Clone for FlagSet<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Flag> Copy for FlagSet<T> {}
impl<T: Flag> Default for FlagSet<T> {
    fn default() -> Self {
        Self::empty()
    }
}
impl<T: Flag> PartialEq for FlagSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}
impl<T: Flag> Eq for FlagSet<T> {}
impl<T: Flag> std::hash::Hash for FlagSet<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
    }
}
impl<T: Flag> PartialOrd for FlagSet<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T: Flag> Ord for FlagSet<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bits.cmp(&other.bits)
    }
}

impl<T: Flag> FromIterator<T> for FlagSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        iter.into_iter().fold(Self::empty(), |s, v| s.with(v))
    }
}

impl<T: Flag> fmt::Debug for FlagSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Flag> fmt::Display for FlagSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("nothing");
        }
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                f.write_str("+")?;
            }
            f.write_str(v.name())?;
        }
        Ok(())
    }
}

impl<T: Flag + Serialize> Serialize for FlagSet<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de, T: Flag + Deserialize<'de>> Deserialize<'de> for FlagSet<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(PhantomData<T>);
        impl<'de, T: Flag + Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = FlagSet<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of distinct names")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<FlagSet<T>, A::Error> {
                let mut set = FlagSet::empty();
                while let Some(v) = seq.next_element::<T>()? {
                    if !set.insert(v) {
                        return Err(serde::de::Error::custom(format_args!(
                            "`{}` is listed twice",
                            v.name()
                        )));
                    }
                }
                Ok(set)
            }
        }
        deserializer.deserialize_seq(Visitor(PhantomData))
    }
}
