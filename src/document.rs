//! The document form: a versioned, serde-friendly picture of a network.
//!
//! A [`Network`] saves to a [`Document`] and loads from one. JSON is the
//! reference format, and the one the tests use. Relations are tagged by
//! their kind and read as maps, so a format must describe itself (as JSON
//! does; CBOR or YAML should serve, untested); formats that do not, such
//! as bincode, cannot read a document. Loading goes through
//! exactly the checks of [`Network::apply`]: a document can never produce a
//! network that the change API would have refused.
//!
//! # Format (version 1)
//!
//! - `version`: the format version, `1`. Required.
//! - `persons`, `organisations`, `places`, `territories`, `briques`,
//!   `contracts`, `applications`, `decisions`: objects mapping each node's key
//!   to its value. A key appears once in the whole document.
//! - `relations`: a list of `{kind, from, to, …attributes}`; `kind` is one of
//!   `carries` (`scope`), `member-of` (`role`, `involvement`), `mandate`
//!   (`powers`), `located-in`, `runs`, `builds`, `hosted-at`, `party-to`
//!   (`mode`, optional `signed-on` and `signed-by`), `files` (optional
//!   `signed-by`), `authors`, `funds`, `targets`, `decides`, `concerns`,
//!   `opens`. Dated relations
//!   (`carries`, `member-of`, `mandate`, `runs`) take optional `since` and
//!   `until` (both inclusive).
//! - A brique's `lifecycle` is a list of `{status, since}` steps: the first
//!   undated, each later one dated after the previous and allowed by the
//!   lifecycle. A `schedule` is `{recurrence, from-time, to-time, first,
//!   last?, exceptions?}` with times as `HH:MM`; a recurrence is
//!   `{"weekly": {"days": [...]}}` or `{"monthly": {"nth": "first", "day":
//!   "thursday"}}`.
//! - A contract is `{title, nature, term: {start, end?}, lifecycle, clauses}`;
//!   a clause is `{giver, receiver, gift, conditions?, modalities?}` where a
//!   gift is `{"money": {"amount": {...}, "frequency": "monthly"}}`, `{"time":
//!   {"hours": 4, "frequency": "once"}}`, `{"in-kind": "…"}`, `{"knowledge":
//!   "…"}` or `{"usage-right": "…"}`, and terms are `"to-be-defined"` or
//!   `{"text": "…"}`. Clauses name parties of their contract.
//! - Instants (an application's `submitted-at`, a decision's `opened-at`,
//!   `closes-at`, an intervention's `at`) are RFC 3339 with their offset
//!   (`2017-11-29T15:50:00+01:00`). A decision's `process` is `"consent"`,
//!   `"consensus"`, `"transparency"`, `{"vote": {"threshold": {"num": 1,
//!   "den": 2}, "quorum": {...}}}`, `{"advice": {"decider": key, "consulted":
//!   [...]}}` or `{"delegated": {"to": key}}`; an intervention is `{id, kind,
//!   by, at, resolved?}` with `kind` `"question"`, `"objection"`, `"concern"`,
//!   `"support"`, `{"stance": "for"}` or `{"answer-to": 1}`.
//! - `retired`: keys of removed nodes, which will never be reused.
//!
//! Dates are ISO 8601 (`2017-12-01`), enum values kebab-case, unknown fields
//! refused, and a key listed twice in a section refused. Empty sections may be
//! left out. Saving writes nodes in key order and relations sorted, so the same
//! network always gives the same document, byte for byte.
//!
//! ```
//! use communs::Network;
//!
//! let json = r#"{
//!   "version": 1,
//!   "persons": { "julien-lecaille": { "name": "Julien Lecaille" } },
//!   "organisations": {
//!     "anis": {
//!       "name": "ANIS",
//!       "form": "association",
//!       "objectives": ["digital-solidarity", "social-innovation"],
//!       "governance": { "established": { "statutes": "formal", "process": "transparency" } },
//!       "burden-limit": { "amount": 0, "currency": "EUR" }
//!     },
//!     "chambre-des-communs": {
//!       "name": "Chambre des communs",
//!       "form": "collective",
//!       "governance": { "in-formation": { "blueprint": {
//!         "kinds": ["coworking", "workshop", "permanence"],
//!         "needs-governance-body": true
//!       } } }
//!     }
//!   },
//!   "places": { "mess": { "name": "Espace Stéphane Hessel / MESS" } },
//!   "briques": {
//!     "permanence-mess": {
//!       "name": "Permanence des communs",
//!       "kind": "permanence",
//!       "lifecycle": [{ "status": "proposed" }, { "status": "planned", "since": "2017-11-29" }],
//!       "schedule": {
//!         "recurrence": { "weekly": { "days": ["tuesday"] } },
//!         "from-time": "14:00", "to-time": "17:00", "first": "2018-01-09",
//!         "exceptions": ["2018-05-01"]
//!       },
//!       "retribution": "to-be-defined"
//!     }
//!   },
//!   "territories": { "moulins": { "name": "Moulins, Lille", "priority-area": true } },
//!   "relations": [
//!     { "kind": "carries", "from": "anis", "to": "chambre-des-communs",
//!       "scope": ["administrative", "financial", "legal"], "since": "2015-11-01" },
//!     { "kind": "member-of", "from": "julien-lecaille", "to": "anis",
//!       "role": "co-president", "involvement": "core" },
//!     { "kind": "mandate", "from": "julien-lecaille", "to": "anis",
//!       "powers": ["sign", "speak", "file"], "since": "2017-06-01", "until": "2018-06-30" },
//!     { "kind": "runs", "from": "anis", "to": "permanence-mess", "since": "2018-01-09" },
//!     { "kind": "builds", "from": "permanence-mess", "to": "chambre-des-communs" },
//!     { "kind": "hosted-at", "from": "permanence-mess", "to": "mess" },
//!     { "kind": "located-in", "from": "mess", "to": "moulins" }
//!   ]
//! }"#;
//! let net: Network = serde_json::from_str(json)?;
//! let voice = net.voice("chambre-des-communs", time::macros::date!(2017 - 12 - 01))?;
//! assert_eq!(voice.speaker().map(|k| k.as_str()), Some("anis"));
//!
//! // Saving then loading gives back an equal network.
//! let saved = serde_json::to_string_pretty(&net)?;
//! assert_eq!(serde_json::from_str::<Network>(&saved)?, net);
//!
//! // A bad document is refused with what is wrong and where.
//! let cyclic = json.replace(r#""from": "mess", "to": "moulins""#, r#""from": "moulins", "to": "mess""#);
//! let err = serde_json::from_str::<Network>(&cyclic).unwrap_err();
//! assert!(err.to_string().contains("relations[6] (located-in `moulins` → `mess`)"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The complete seed scenario
//!
//! The whole seed text as a document (`examples/anis.json` in the
//! repository, which several tests load): ANIS, the five collectives it
//! carries, the Chambre des communs in formation with its briques, the
//! application to the public programme and the transparency decision of
//! 29 November 2017.
//!
#![doc = concat!("```json\n", include_str!("../examples/anis.json"), "```")]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::marker::PhantomData;

use petgraph::Direction;
use petgraph::visit::NodeIndexable;

use crate::change::{KeyLike, Txn};
use crate::network::{BATCH, NodeIx};
use crate::{Application, Contract, Decision, Filing, Mode, Party};
use serde::de::DeserializeSeed;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use time::Date;

use crate::model::iso_date;
use crate::{
    Brique, Carrying, Change, DocumentError, Involvement, Key, Link, Mandate, Membership, Network,
    Node, NodeKind, Organisation, Period, Person, Place, Powers, Relation, RelationKind, Role,
    Running, Scope, Territory,
};

/// The format version this crate reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The nodes of one kind, keyed by their slugs, in key order. Deserialising
/// refuses a key listed twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nodes<T>(pub BTreeMap<Key, T>);

impl<T> Default for Nodes<T> {
    fn default() -> Self {
        Nodes(BTreeMap::new())
    }
}

impl<T> Nodes<T> {
    /// Whether there is no node.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for Nodes<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nodes<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Nodes<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object mapping keys to nodes")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Nodes<T>, A::Error> {
                let mut nodes = BTreeMap::new();
                while let Some(key) = map.next_key::<Key>()? {
                    if nodes.contains_key(&key) {
                        return Err(serde::de::Error::custom(format_args!(
                            "key `{key}` is listed twice"
                        )));
                    }
                    let value = map
                        .next_value::<T>()
                        .map_err(|e| serde::de::Error::custom(format_args!("`{key}`: {e}")))?;
                    nodes.insert(key, value);
                }
                Ok(Nodes(nodes))
            }
        }
        deserializer.deserialize_map(Visitor(PhantomData))
    }
}

/// A relation as written in a document: `{kind, from, to, …attributes}`.
///
/// Deserialising reads the fields in one pass, in any order, and refuses an
/// unknown field, a field listed twice, a missing one, or a field that the
/// relation's kind does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case"
)]
#[non_exhaustive]
#[allow(missing_docs)] // the fields are those of the relation kinds, documented on them
pub enum RelationDoc {
    /// `carries`: see [`Carrying`].
    Carries {
        from: Key,
        to: Key,
        scope: Scope,
        #[serde(
            default,
            with = "iso_date::option",
            skip_serializing_if = "Option::is_none"
        )]
        since: Option<Date>,
        #[serde(
            default,
            with = "iso_date::option",
            skip_serializing_if = "Option::is_none"
        )]
        until: Option<Date>,
    },
    /// `member-of`: see [`Membership`].
    MemberOf {
        from: Key,
        to: Key,
        role: Role,
        involvement: Involvement,
        #[serde(
            default,
            with = "iso_date::option",
            skip_serializing_if = "Option::is_none"
        )]
        since: Option<Date>,
        #[serde(
            default,
            with = "iso_date::option",
            skip_serializing_if = "Option::is_none"
        )]
        until: Option<Date>,
    },
    /// `mandate`: see [`Mandate`].
    Mandate {
        from: Key,
        to: Key,
        powers: Powers,
        #[serde(
            default,
            with = "iso_date::option",
            skip_serializing_if = "Option::is_none"
        )]
        since: Option<Date>,
        #[serde(
            default,
            with = "iso_date::option",
            skip_serializing_if = "Option::is_none"
        )]
        until: Option<Date>,
    },
    /// `located-in`: a place in a territory.
    LocatedIn { from: Key, to: Key },
    /// `runs`: see [`Running`].
    Runs {
        from: Key,
        to: Key,
        #[serde(
            default,
            with = "iso_date::option",
            skip_serializing_if = "Option::is_none"
        )]
        since: Option<Date>,
        #[serde(
            default,
            with = "iso_date::option",
            skip_serializing_if = "Option::is_none"
        )]
        until: Option<Date>,
    },
    /// `builds`: a brique builds an institution.
    Builds { from: Key, to: Key },
    /// `hosted-at`: a brique is hosted at a place.
    HostedAt { from: Key, to: Key },
    /// `party-to`: see [`Party`].
    PartyTo {
        from: Key,
        to: Key,
        mode: Mode,
        #[serde(
            default,
            with = "iso_date::option",
            skip_serializing_if = "Option::is_none"
        )]
        signed_on: Option<Date>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signed_by: Option<Key>,
    },
    /// `files`: see [`Filing`].
    Files {
        from: Key,
        to: Key,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        signed_by: Option<Key>,
    },
    /// `authors`: a person or organisation wrote an application.
    Authors { from: Key, to: Key },
    /// `funds`: an application funds a brique.
    Funds { from: Key, to: Key },
    /// `targets`: an application targets a territory.
    Targets { from: Key, to: Key },
    /// `decides`: an organisation takes a decision.
    Decides { from: Key, to: Key },
    /// `concerns`: a decision concerns a node.
    Concerns { from: Key, to: Key },
    /// `opens`: a person opens a decision.
    Opens { from: Key, to: Key },
}

/// The fields any relation may have, as written in documents.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "kebab-case")]
enum Field {
    Kind,
    From,
    To,
    Scope,
    Role,
    Involvement,
    Powers,
    Since,
    Until,
    Mode,
    SignedOn,
    SignedBy,
}

impl Field {
    fn name(&self) -> &'static str {
        match self {
            Field::Kind => "kind",
            Field::From => "from",
            Field::To => "to",
            Field::Scope => "scope",
            Field::Role => "role",
            Field::Involvement => "involvement",
            Field::Powers => "powers",
            Field::Since => "since",
            Field::Until => "until",
            Field::Mode => "mode",
            Field::SignedOn => "signed-on",
            Field::SignedBy => "signed-by",
        }
    }
}

/// An ISO 8601 date read on its own.
#[derive(Deserialize)]
#[serde(transparent)]
struct IsoDate(#[serde(with = "iso_date")] Date);

/// Every field a relation may have, read in one pass; its ends as `K`
/// ([`Key`], or [`KeyText`] for the network's own loader).
struct FlatRelation<K> {
    kind: Option<RelationKind>,
    from: Option<K>,
    to: Option<K>,
    scope: Option<Scope>,
    role: Option<Role>,
    involvement: Option<Involvement>,
    powers: Option<Powers>,
    since: Option<Date>,
    until: Option<Date>,
    mode: Option<Mode>,
    signed_on: Option<Date>,
    signed_by: Option<Key>,
    seen: Seen,
}

/// The names of the fields read so far, in order. Every field is read at
/// most once (a second time is refused at once), so twelve slots suffice.
#[derive(Default)]
struct Seen {
    names: [&'static str; 12],
    len: usize,
}

impl Seen {
    fn push(&mut self, name: &'static str) {
        if let Some(slot) = self.names.get_mut(self.len) {
            *slot = name;
            self.len = self.len.saturating_add(1);
        }
    }

    fn iter(&self) -> impl Iterator<Item = &&'static str> + '_ {
        self.names.iter().take(self.len)
    }
}

impl<'de> Deserialize<'de> for RelationDoc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RelationDoc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(A_RELATION)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RelationDoc, A::Error> {
                FlatRelation::<Key>::read(&mut map)?.into_doc()
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// What a relation is expected to be, in deserialization errors.
const A_RELATION: &str = "a relation {kind, from, to, ...}";

impl<K> FlatRelation<K> {
    /// Reads the fields of a relation, refusing a field given twice.
    fn read<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<Self, A::Error>
    where
        K: Deserialize<'de>,
    {
        use serde::de::Error;
        fn put<T, E: Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
            match slot.replace(value) {
                Some(_) => Err(E::duplicate_field(name)),
                None => Ok(()),
            }
        }
        let mut r = FlatRelation {
            kind: None,
            from: None,
            to: None,
            scope: None,
            role: None,
            involvement: None,
            powers: None,
            since: None,
            until: None,
            mode: None,
            signed_on: None,
            signed_by: None,
            seen: Seen::default(),
        };
        while let Some(field) = map.next_key::<Field>()? {
            let name = field.name();
            r.seen.push(name);
            match field {
                Field::Kind => put(&mut r.kind, map.next_value()?, name)?,
                Field::From => put(&mut r.from, map.next_value()?, name)?,
                Field::To => put(&mut r.to, map.next_value()?, name)?,
                Field::Scope => put(&mut r.scope, map.next_value()?, name)?,
                Field::Role => put(&mut r.role, map.next_value()?, name)?,
                Field::Involvement => put(&mut r.involvement, map.next_value()?, name)?,
                Field::Powers => put(&mut r.powers, map.next_value()?, name)?,
                Field::Since => put(&mut r.since, map.next_value::<IsoDate>()?.0, name)?,
                Field::Until => put(&mut r.until, map.next_value::<IsoDate>()?.0, name)?,
                Field::Mode => put(&mut r.mode, map.next_value()?, name)?,
                Field::SignedOn => put(&mut r.signed_on, map.next_value::<IsoDate>()?.0, name)?,
                Field::SignedBy => put(&mut r.signed_by, map.next_value()?, name)?,
            }
        }
        Ok(r)
    }

    /// The relation's kind and ends, refusing fields the kind does not
    /// have and a missing kind or end, in this order.
    fn kind_and_ends<E: serde::de::Error>(&mut self) -> Result<(RelationKind, K, K), E> {
        let kind = self.kind.ok_or_else(|| E::missing_field("kind"))?;
        let allowed: &[&str] = match kind {
            RelationKind::Carries => &["scope", "since", "until"],
            RelationKind::MemberOf => &["role", "involvement", "since", "until"],
            RelationKind::Mandate => &["powers", "since", "until"],
            RelationKind::Runs => &["since", "until"],
            RelationKind::PartyTo => &["mode", "signed-on", "signed-by"],
            RelationKind::Files => &["signed-by"],
            _ => &[],
        };
        if let Some(extra) = self
            .seen
            .iter()
            .find(|f| !matches!(**f, "kind" | "from" | "to") && !allowed.contains(*f))
        {
            return Err(E::custom(format_args!(
                "unknown field `{extra}` for a `{kind}` relation"
            )));
        }
        let from = self.from.take().ok_or_else(|| E::missing_field("from"))?;
        let to = self.to.take().ok_or_else(|| E::missing_field("to"))?;
        Ok((kind, from, to))
    }
}

impl FlatRelation<Key> {
    /// The relation of its kind, refusing fields the kind does not have.
    fn into_doc<E: serde::de::Error>(mut self) -> Result<RelationDoc, E> {
        let (kind, from, to) = self.kind_and_ends()?;
        let (since, until) = (self.since, self.until);
        Ok(match kind {
            RelationKind::Carries => RelationDoc::Carries {
                from,
                to,
                scope: self.scope.ok_or_else(|| E::missing_field("scope"))?,
                since,
                until,
            },
            RelationKind::MemberOf => RelationDoc::MemberOf {
                from,
                to,
                role: self.role.ok_or_else(|| E::missing_field("role"))?,
                involvement: self
                    .involvement
                    .ok_or_else(|| E::missing_field("involvement"))?,
                since,
                until,
            },
            RelationKind::Mandate => RelationDoc::Mandate {
                from,
                to,
                powers: self.powers.ok_or_else(|| E::missing_field("powers"))?,
                since,
                until,
            },
            RelationKind::LocatedIn => RelationDoc::LocatedIn { from, to },
            RelationKind::Runs => RelationDoc::Runs {
                from,
                to,
                since,
                until,
            },
            RelationKind::Builds => RelationDoc::Builds { from, to },
            RelationKind::HostedAt => RelationDoc::HostedAt { from, to },
            RelationKind::PartyTo => RelationDoc::PartyTo {
                from,
                to,
                mode: self.mode.ok_or_else(|| E::missing_field("mode"))?,
                signed_on: self.signed_on,
                signed_by: self.signed_by,
            },
            RelationKind::Files => RelationDoc::Files {
                from,
                to,
                signed_by: self.signed_by,
            },
            RelationKind::Authors => RelationDoc::Authors { from, to },
            RelationKind::Funds => RelationDoc::Funds { from, to },
            RelationKind::Targets => RelationDoc::Targets { from, to },
            RelationKind::Decides => RelationDoc::Decides { from, to },
            RelationKind::Concerns => RelationDoc::Concerns { from, to },
            RelationKind::Opens => RelationDoc::Opens { from, to },
        })
    }
}

impl<'de> FlatRelation<KeyText<'de>> {
    /// The relation as the network's loader adds it: its kind, ends and
    /// link, refusing what [`FlatRelation::into_doc`] refuses, in the same
    /// order; a malformed period is kept to be reported where the relation
    /// is added, as [`RelationDoc::into_parts`] has it.
    fn into_link<E: serde::de::Error>(mut self) -> Result<RelationIn<'de>, E> {
        let (kind, from, to) = self.kind_and_ends()?;
        fn need<T, E: serde::de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
            value.ok_or_else(|| E::missing_field(name))
        }
        let period = Period::new(self.since, self.until);
        let link = match kind {
            RelationKind::Carries => {
                let scope = need(self.scope, "scope")?;
                period.map(|p| Carrying::new(scope, p).into())
            }
            RelationKind::MemberOf => {
                let role = need(self.role, "role")?;
                let involvement = need(self.involvement, "involvement")?;
                period.map(|p| Membership::new(role, involvement, p).into())
            }
            RelationKind::Mandate => {
                let powers = need(self.powers, "powers")?;
                period.map(|p| Mandate::new(powers, p).into())
            }
            RelationKind::Runs => period.map(|p| Running::new(p).into()),
            RelationKind::PartyTo => {
                let mut party = Party::new(need(self.mode, "mode")?);
                party.signed_on = self.signed_on;
                party.signed_by = self.signed_by;
                Ok(party.into())
            }
            RelationKind::Files => Ok(Filing::new(self.signed_by).into()),
            RelationKind::LocatedIn => Ok(Link::LocatedIn),
            RelationKind::Builds => Ok(Link::Builds),
            RelationKind::HostedAt => Ok(Link::HostedAt),
            RelationKind::Authors => Ok(Link::Authors),
            RelationKind::Funds => Ok(Link::Funds),
            RelationKind::Targets => Ok(Link::Targets),
            RelationKind::Decides => Ok(Link::Decides),
            RelationKind::Concerns => Ok(Link::Concerns),
            RelationKind::Opens => Ok(Link::Opens),
        };
        Ok(RelationIn {
            kind,
            from,
            to,
            link,
        })
    }
}

/// A key as a document writes it, checked as [`Key`]'s `Deserialize`
/// checks it (the same errors) but not made a [`Key`]: borrowed from the
/// document's text when the deserializer lends it, copied otherwise. The
/// ends of a relation are only looked up, and a million-node document has
/// two million of them: made keys, each would be allocated while reading
/// and freed while loading.
pub(crate) struct KeyText<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = KeyText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Word for word what `Key`'s visitor expects.
                f.write_str("a node key (a slug such as `chambre-des-communs`)")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, E> {
                crate::key::check_slug(v).map_err(E::custom)?;
                Ok(KeyText(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                crate::key::check_slug(v).map_err(E::custom)?;
                Ok(KeyText(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl KeyLike for KeyText<'_> {
    fn text(&self) -> &str {
        &self.0
    }

    fn to_key(&self) -> Key {
        Key::from_checked(&self.0)
    }
}

/// A relation as [`Network`]'s `Deserialize` reads it (see [`KeyText`]).
struct RelationIn<'de> {
    kind: RelationKind,
    from: KeyText<'de>,
    to: KeyText<'de>,
    link: Result<Link, crate::PeriodError>,
}

/// What the loader reads of a relation, from a [`RelationDoc`] or a
/// [`RelationIn`].
trait LoadRelation {
    /// How the relation names its ends.
    type Key: KeyLike;
    /// Its kind and the text of its ends.
    fn ends(&self) -> (RelationKind, &str, &str);
    /// Its ends, and its link or what is wrong with its period.
    fn into_parts(self) -> (Self::Key, Self::Key, Result<Link, crate::PeriodError>);
}

impl LoadRelation for RelationDoc {
    type Key = Key;
    fn ends(&self) -> (RelationKind, &str, &str) {
        let (kind, from, to) = match self {
            RelationDoc::Carries { from, to, .. } => (RelationKind::Carries, from, to),
            RelationDoc::MemberOf { from, to, .. } => (RelationKind::MemberOf, from, to),
            RelationDoc::Mandate { from, to, .. } => (RelationKind::Mandate, from, to),
            RelationDoc::LocatedIn { from, to } => (RelationKind::LocatedIn, from, to),
            RelationDoc::Runs { from, to, .. } => (RelationKind::Runs, from, to),
            RelationDoc::Builds { from, to } => (RelationKind::Builds, from, to),
            RelationDoc::HostedAt { from, to } => (RelationKind::HostedAt, from, to),
            RelationDoc::PartyTo { from, to, .. } => (RelationKind::PartyTo, from, to),
            RelationDoc::Files { from, to, .. } => (RelationKind::Files, from, to),
            RelationDoc::Authors { from, to } => (RelationKind::Authors, from, to),
            RelationDoc::Funds { from, to } => (RelationKind::Funds, from, to),
            RelationDoc::Targets { from, to } => (RelationKind::Targets, from, to),
            RelationDoc::Decides { from, to } => (RelationKind::Decides, from, to),
            RelationDoc::Concerns { from, to } => (RelationKind::Concerns, from, to),
            RelationDoc::Opens { from, to } => (RelationKind::Opens, from, to),
        };
        (kind, from.as_str(), to.as_str())
    }
    fn into_parts(self) -> (Key, Key, Result<Link, crate::PeriodError>) {
        RelationDoc::into_parts(self)
    }
}

impl<'de> LoadRelation for RelationIn<'de> {
    type Key = KeyText<'de>;
    fn ends(&self) -> (RelationKind, &str, &str) {
        (self.kind, &self.from.0, &self.to.0)
    }
    fn into_parts(self) -> (KeyText<'de>, KeyText<'de>, Result<Link, crate::PeriodError>) {
        (self.from, self.to, self.link)
    }
}

impl RelationDoc {
    fn into_relation(self) -> Result<Relation, crate::PeriodError> {
        let (from, to, link) = self.into_parts();
        Ok(Relation {
            from,
            to,
            link: link?,
        })
    }

    /// The source, target and attributes, or what is wrong with its period.
    fn into_parts(self) -> (Key, Key, Result<Link, crate::PeriodError>) {
        match self {
            RelationDoc::Carries {
                from,
                to,
                scope,
                since,
                until,
            } => (
                from,
                to,
                Period::new(since, until).map(|p| Carrying::new(scope, p).into()),
            ),
            RelationDoc::MemberOf {
                from,
                to,
                role,
                involvement,
                since,
                until,
            } => (
                from,
                to,
                Period::new(since, until).map(|p| Membership::new(role, involvement, p).into()),
            ),
            RelationDoc::Mandate {
                from,
                to,
                powers,
                since,
                until,
            } => (
                from,
                to,
                Period::new(since, until).map(|p| Mandate::new(powers, p).into()),
            ),
            RelationDoc::LocatedIn { from, to } => (from, to, Ok(Link::LocatedIn)),
            RelationDoc::Runs {
                from,
                to,
                since,
                until,
            } => (
                from,
                to,
                Period::new(since, until).map(|p| Running::new(p).into()),
            ),
            RelationDoc::Builds { from, to } => (from, to, Ok(Link::Builds)),
            RelationDoc::HostedAt { from, to } => (from, to, Ok(Link::HostedAt)),
            RelationDoc::PartyTo {
                from,
                to,
                mode,
                signed_on,
                signed_by,
            } => {
                let mut party = Party::new(mode);
                party.signed_on = signed_on;
                party.signed_by = signed_by;
                (from, to, Ok(party.into()))
            }
            RelationDoc::Files {
                from,
                to,
                signed_by,
            } => (from, to, Ok(Filing::new(signed_by).into())),
            RelationDoc::Authors { from, to } => (from, to, Ok(Link::Authors)),
            RelationDoc::Funds { from, to } => (from, to, Ok(Link::Funds)),
            RelationDoc::Targets { from, to } => (from, to, Ok(Link::Targets)),
            RelationDoc::Decides { from, to } => (from, to, Ok(Link::Decides)),
            RelationDoc::Concerns { from, to } => (from, to, Ok(Link::Concerns)),
            RelationDoc::Opens { from, to } => (from, to, Ok(Link::Opens)),
        }
    }
}

impl Serialize for Relation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RelationDoc::from(self.clone()).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Relation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RelationDoc::deserialize(deserializer)?
            .into_relation()
            .map_err(serde::de::Error::custom)
    }
}

impl From<Relation> for RelationDoc {
    fn from(r: Relation) -> Self {
        let Relation { from, to, link } = r;
        let (since, until) = (link.period().start(), link.period().end());
        match link {
            Link::Carries(c) => RelationDoc::Carries {
                from,
                to,
                scope: c.scope,
                since,
                until,
            },
            Link::MemberOf(m) => RelationDoc::MemberOf {
                from,
                to,
                role: m.role,
                involvement: m.involvement,
                since,
                until,
            },
            Link::Mandate(m) => RelationDoc::Mandate {
                from,
                to,
                powers: m.powers,
                since,
                until,
            },
            Link::LocatedIn => RelationDoc::LocatedIn { from, to },
            Link::Runs(_) => RelationDoc::Runs {
                from,
                to,
                since,
                until,
            },
            Link::Builds => RelationDoc::Builds { from, to },
            Link::HostedAt => RelationDoc::HostedAt { from, to },
            Link::PartyTo(p) => RelationDoc::PartyTo {
                from,
                to,
                mode: p.mode,
                signed_on: p.signed_on,
                signed_by: p.signed_by,
            },
            Link::Files(f) => RelationDoc::Files {
                from,
                to,
                signed_by: f.signed_by,
            },
            Link::Authors => RelationDoc::Authors { from, to },
            Link::Funds => RelationDoc::Funds { from, to },
            Link::Targets => RelationDoc::Targets { from, to },
            Link::Decides => RelationDoc::Decides { from, to },
            Link::Concerns => RelationDoc::Concerns { from, to },
            Link::Opens => RelationDoc::Opens { from, to },
        }
    }
}

/// The document form of a network (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[non_exhaustive]
pub struct Document {
    /// The format version ([`FORMAT_VERSION`]).
    pub version: u32,
    /// People.
    #[serde(default, skip_serializing_if = "Nodes::is_empty")]
    pub persons: Nodes<Person>,
    /// Organisations.
    #[serde(default, skip_serializing_if = "Nodes::is_empty")]
    pub organisations: Nodes<Organisation>,
    /// Places.
    #[serde(default, skip_serializing_if = "Nodes::is_empty")]
    pub places: Nodes<Place>,
    /// Territories.
    #[serde(default, skip_serializing_if = "Nodes::is_empty")]
    pub territories: Nodes<Territory>,
    /// Briques.
    #[serde(default, skip_serializing_if = "Nodes::is_empty")]
    pub briques: Nodes<Brique>,
    /// Contracts.
    #[serde(default, skip_serializing_if = "Nodes::is_empty")]
    pub contracts: Nodes<Contract>,
    /// Applications.
    #[serde(default, skip_serializing_if = "Nodes::is_empty")]
    pub applications: Nodes<Application>,
    /// Decisions.
    #[serde(default, skip_serializing_if = "Nodes::is_empty")]
    pub decisions: Nodes<Decision>,
    /// Relations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<RelationDoc>,
    /// Keys of removed nodes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<Key>,
}

impl Default for Document {
    fn default() -> Self {
        Document {
            version: FORMAT_VERSION,
            persons: Nodes::default(),
            organisations: Nodes::default(),
            places: Nodes::default(),
            territories: Nodes::default(),
            briques: Nodes::default(),
            contracts: Nodes::default(),
            applications: Nodes::default(),
            decisions: Nodes::default(),
            relations: Vec::new(),
            retired: Vec::new(),
        }
    }
}

impl From<&Network> for Document {
    fn from(net: &Network) -> Self {
        let mut doc = Document::default();
        for (key, node) in net.nodes() {
            let key = key.clone();
            match node {
                Node::Person(p) => {
                    doc.persons.0.insert(key, p.clone());
                }
                Node::Organisation(o) => {
                    doc.organisations.0.insert(key, o.clone());
                }
                Node::Place(p) => {
                    doc.places.0.insert(key, p.clone());
                }
                Node::Territory(t) => {
                    doc.territories.0.insert(key, t.clone());
                }
                Node::Brique(b) => {
                    doc.briques.0.insert(key, b.clone());
                }
                Node::Contract(c) => {
                    doc.contracts.0.insert(key, c.clone());
                }
                Node::Application(a) => {
                    doc.applications.0.insert(key, a.clone());
                }
                Node::Decision(d) => {
                    doc.decisions.0.insert(key, d.clone());
                }
            }
        }
        doc.relations = net
            .relations()
            .iter()
            .map(|r| r.to_relation().into())
            .collect();
        doc.retired = net.retired_keys().cloned().collect();
        doc
    }
}

impl TryFrom<Document> for Network {
    type Error = DocumentError;

    /// Builds a network from a document through the checks of
    /// [`Network::apply`]: retired keys first, then nodes, then relations in
    /// document order.
    fn try_from(doc: Document) -> Result<Self, DocumentError> {
        load_sections!(doc, doc.relations)
    }
}

/// Loads the sections of a document — the public [`Document`] or the one
/// [`Network`]'s `Deserialize` reads, which have the same fields — through
/// a [`Loader`], from a function returning `Result<_, DocumentError>`.
macro_rules! load_sections {
    ($doc:ident, $relations:expr) => {{
        let count = total([
            $doc.persons.0.len(),
            $doc.organisations.0.len(),
            $doc.places.0.len(),
            $doc.territories.0.len(),
            $doc.briques.0.len(),
            $doc.contracts.0.len(),
            $doc.applications.0.len(),
            $doc.decisions.0.len(),
        ]);
        let relations = $relations;
        let mut load = Loader::new($doc.version, $doc.retired, count, relations.len())?;
        load.nodes($doc.persons.0)?;
        load.nodes($doc.organisations.0)?;
        load.nodes($doc.places.0)?;
        load.nodes($doc.territories.0)?;
        load.nodes($doc.briques.0)?;
        load.nodes($doc.contracts.0)?;
        load.nodes($doc.applications.0)?;
        load.nodes($doc.decisions.0)?;
        load.finish(relations)
    }};
}
use load_sections;

/// The number of nodes in sections of these lengths.
fn total(lengths: [usize; 8]) -> usize {
    lengths.iter().fold(0usize, |a, b| a.saturating_add(*b))
}

/// A network being built from the parts of a document, in the order and
/// with the checks of [`Network::try_from`]: the version and the retired
/// keys ([`Loader::new`]), the nodes section by section in key order
/// ([`Loader::nodes`]), then the relations in document order and the checks
/// that need the whole document ([`Loader::finish`]).
struct Loader {
    net: Network,
    txn: Txn,
}

impl Loader {
    /// Checks the version and records the retired keys; room is made for
    /// `nodes` nodes and `relations` relations, so the key index and the
    /// graph never grow while loading (a refused document is dropped
    /// anyway).
    fn new(
        version: u32,
        retired: Vec<Key>,
        nodes: usize,
        relations: usize,
    ) -> Result<Self, DocumentError> {
        if version != FORMAT_VERSION {
            return Err(DocumentError::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let mut net = Network::new();
        for key in retired {
            if net.retired.contains(&key) {
                return Err(DocumentError::DuplicateRetired { key });
            }
            net.retired.insert(key);
        }
        net.reserve_exact(nodes, relations);
        Ok(Loader {
            net,
            txn: Txn::unlogged(),
        })
    }

    /// Adds the nodes of one section, each turned into a [`Node`] where it
    /// is added: a section at a time, so no node is moved through a chain
    /// of iterators.
    ///
    /// The nodes come [`BATCH`] at a time, the keys of a batch looked up
    /// together first (see [`Network::ixs`]): each new key's place in the
    /// key index is a cache miss, and asked one after another they would
    /// not overlap. A key found there is refused as adding it would refuse
    /// it; the others are then added one by one, their places in cache.
    fn nodes<T: Into<Node>>(
        &mut self,
        section: impl IntoIterator<Item = (Key, T)>,
    ) -> Result<(), DocumentError> {
        let mut section = section.into_iter();
        let mut batch: Vec<(Key, T)> = Vec::with_capacity(BATCH);
        let mut known: Vec<Option<NodeIx>> = Vec::with_capacity(BATCH);
        loop {
            batch.extend(section.by_ref().take(BATCH));
            if batch.is_empty() {
                return Ok(());
            }
            known.clear();
            let asked: Vec<&str> = batch.iter().map(|(key, _)| key.as_str()).collect();
            self.net.ixs(&asked, &mut known);
            for (i, (key, value)) in batch.drain(..).enumerate() {
                let node: Node = value.into();
                let kind: NodeKind = node.kind();
                let added = match known.get(i) {
                    Some(Some(_)) => Err(crate::ChangeError::DuplicateKey { key: key.clone() }),
                    // Not found (or not asked): adding it checks anyway.
                    _ => self.net.apply_one(
                        Change::AddNode {
                            key: key.clone(),
                            node,
                        },
                        &mut self.txn,
                    ),
                };
                added.map_err(|error| DocumentError::Node {
                    kind,
                    key,
                    error: Box::new(error),
                })?;
            }
        }
    }

    /// Adds the relations in document order, then runs the checks that
    /// need the whole document: every clause of a contract joins two of its
    /// parties.
    fn finish<R: LoadRelation>(self, relations: Vec<R>) -> Result<Network, DocumentError> {
        let Loader { mut net, mut txn } = self;
        let ends = resolve_ends(&net, &relations);
        for (index, (r, (a, b))) in relations.into_iter().zip(ends).enumerate() {
            let kind = r.ends().0;
            let (from, to, link) = r.into_parts();
            let link = match link {
                Ok(link) => link,
                Err(error) => {
                    return Err(DocumentError::Period {
                        index,
                        kind,
                        from: from.to_key(),
                        to: to.to_key(),
                        error,
                    });
                }
            };
            let added = found(&net, a, &from).and_then(|a| {
                let b = found(&net, b, &to)?;
                net.add_relation_at((a, b), &from, &to, link, &mut txn)
            });
            if let Err(error) = added {
                return Err(DocumentError::Relation {
                    index,
                    kind,
                    from: from.to_key(),
                    to: to.to_key(),
                    error: Box::new(error),
                });
            }
        }
        // A load is never undone (a refused document is dropped), so a
        // refused commit leaves every node in place to name its kind.
        debug_assert!(
            !txn.is_logged(),
            "a load's commit leaves its nodes in place"
        );
        if let Err((_, key, error)) = net.commit(txn) {
            let kind = net.kind_of(&key).unwrap_or(NodeKind::Contract);
            return Err(DocumentError::Node {
                kind,
                key,
                error: Box::new(error),
            });
        }
        Ok(net)
    }
}

/// The nodes at both ends of every relation, `None` for a key no node
/// has, found before any relation is added and [`BATCH`] relations at a
/// time (see [`Network::ixs`]), so that the processor overlaps the
/// lookups' cache misses. Relations saved from a network come grouped by
/// source: a source is looked up once for its group.
fn resolve_ends(
    net: &Network,
    relations: &[impl LoadRelation],
) -> Vec<(Option<NodeIx>, Option<NodeIx>)> {
    let mut ends = Vec::with_capacity(relations.len());
    let mut asked: Vec<&str> = Vec::with_capacity(BATCH.saturating_mul(2));
    let mut found: Vec<Option<NodeIx>> = Vec::with_capacity(BATCH.saturating_mul(2));
    // Whether each relation of a batch shares the source of the one before.
    let mut shares = [false; BATCH];
    let mut last: Option<&str> = None;
    for batch in relations.chunks(BATCH) {
        asked.clear();
        for (r, share) in batch.iter().zip(&mut shares) {
            let (_, from, to) = r.ends();
            *share = last == Some(from);
            if !*share {
                asked.push(from);
            }
            asked.push(to);
            last = Some(from);
        }
        found.clear();
        net.ixs(&asked, &mut found);
        let mut answers = found.iter().copied();
        for share in shares.iter().take(batch.len()) {
            let a = match (share, ends.last()) {
                (true, Some(&(a, _))) => a,
                _ => answers.next().flatten(),
            };
            ends.push((a, answers.next().flatten()));
        }
    }
    ends
}

/// The node found for `key`, or the error of looking it up.
fn found(
    net: &Network,
    ix: Option<NodeIx>,
    key: &impl KeyLike,
) -> Result<NodeIx, crate::ChangeError> {
    ix.map_or_else(|| net.known(key), Ok)
}

impl Network {
    /// The document form of this network.
    #[must_use]
    pub fn to_document(&self) -> Document {
        Document::from(self)
    }

    /// Loads a network from its document form, enforcing every hard invariant.
    ///
    /// # Errors
    ///
    /// A [`DocumentError`] naming what is wrong and where: an unsupported
    /// version, a refused node (with its key), a malformed period or a refused
    /// relation (with its position and endpoints).
    pub fn from_document(doc: Document) -> Result<Self, DocumentError> {
        Network::try_from(doc)
    }
}

/// Nodes of one kind, borrowed and in key order, written as a map.
struct Borrowed<'a, T>(Vec<(&'a Key, &'a T)>);

impl<T> Borrowed<'_, T> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for Borrowed<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().copied())
    }
}

/// The document form of a network, borrowed from it: what [`Network`]
/// serialises, in the same shape as [`Document`] without copying the nodes.
#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct DocumentRef<'a> {
    version: u32,
    #[serde(skip_serializing_if = "Borrowed::is_empty")]
    persons: Borrowed<'a, Person>,
    #[serde(skip_serializing_if = "Borrowed::is_empty")]
    organisations: Borrowed<'a, Organisation>,
    #[serde(skip_serializing_if = "Borrowed::is_empty")]
    places: Borrowed<'a, Place>,
    #[serde(skip_serializing_if = "Borrowed::is_empty")]
    territories: Borrowed<'a, Territory>,
    #[serde(skip_serializing_if = "Borrowed::is_empty")]
    briques: Borrowed<'a, Brique>,
    #[serde(skip_serializing_if = "Borrowed::is_empty")]
    contracts: Borrowed<'a, Contract>,
    #[serde(skip_serializing_if = "Borrowed::is_empty")]
    applications: Borrowed<'a, Application>,
    #[serde(skip_serializing_if = "Borrowed::is_empty")]
    decisions: Borrowed<'a, Decision>,
    #[serde(skip_serializing_if = "RelationsOut::is_empty")]
    relations: RelationsOut<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    retired: Vec<&'a Key>,
}

/// A relation borrowed from a network, written exactly as [`RelationDoc`]
/// writes it (same name, tag, fields and order).
#[derive(Serialize)]
#[serde(
    rename = "RelationDoc",
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case"
)]
enum RelationOut<'a> {
    Carries {
        from: &'a str,
        to: &'a str,
        scope: &'a Scope,
        #[serde(with = "iso_date::option", skip_serializing_if = "Option::is_none")]
        since: Option<Date>,
        #[serde(with = "iso_date::option", skip_serializing_if = "Option::is_none")]
        until: Option<Date>,
    },
    MemberOf {
        from: &'a str,
        to: &'a str,
        role: &'a Role,
        involvement: &'a Involvement,
        #[serde(with = "iso_date::option", skip_serializing_if = "Option::is_none")]
        since: Option<Date>,
        #[serde(with = "iso_date::option", skip_serializing_if = "Option::is_none")]
        until: Option<Date>,
    },
    Mandate {
        from: &'a str,
        to: &'a str,
        powers: &'a Powers,
        #[serde(with = "iso_date::option", skip_serializing_if = "Option::is_none")]
        since: Option<Date>,
        #[serde(with = "iso_date::option", skip_serializing_if = "Option::is_none")]
        until: Option<Date>,
    },
    LocatedIn {
        from: &'a str,
        to: &'a str,
    },
    Runs {
        from: &'a str,
        to: &'a str,
        #[serde(with = "iso_date::option", skip_serializing_if = "Option::is_none")]
        since: Option<Date>,
        #[serde(with = "iso_date::option", skip_serializing_if = "Option::is_none")]
        until: Option<Date>,
    },
    Builds {
        from: &'a str,
        to: &'a str,
    },
    HostedAt {
        from: &'a str,
        to: &'a str,
    },
    PartyTo {
        from: &'a str,
        to: &'a str,
        mode: &'a Mode,
        #[serde(with = "iso_date::option", skip_serializing_if = "Option::is_none")]
        signed_on: Option<Date>,
        #[serde(skip_serializing_if = "Option::is_none")]
        signed_by: Option<&'a Key>,
    },
    Files {
        from: &'a str,
        to: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        signed_by: Option<&'a Key>,
    },
    Authors {
        from: &'a str,
        to: &'a str,
    },
    Funds {
        from: &'a str,
        to: &'a str,
    },
    Targets {
        from: &'a str,
        to: &'a str,
    },
    Decides {
        from: &'a str,
        to: &'a str,
    },
    Concerns {
        from: &'a str,
        to: &'a str,
    },
    Opens {
        from: &'a str,
        to: &'a str,
    },
}

impl<'a> RelationOut<'a> {
    fn new(from: &'a str, to: &'a str, link: &'a Link) -> Self {
        let (since, until) = (link.period().start(), link.period().end());
        match link {
            Link::Carries(c) => RelationOut::Carries {
                from,
                to,
                scope: &c.scope,
                since,
                until,
            },
            Link::MemberOf(m) => RelationOut::MemberOf {
                from,
                to,
                role: &m.role,
                involvement: &m.involvement,
                since,
                until,
            },
            Link::Mandate(m) => RelationOut::Mandate {
                from,
                to,
                powers: &m.powers,
                since,
                until,
            },
            Link::LocatedIn => RelationOut::LocatedIn { from, to },
            Link::Runs(_) => RelationOut::Runs {
                from,
                to,
                since,
                until,
            },
            Link::Builds => RelationOut::Builds { from, to },
            Link::HostedAt => RelationOut::HostedAt { from, to },
            Link::PartyTo(p) => RelationOut::PartyTo {
                from,
                to,
                mode: &p.mode,
                signed_on: p.signed_on,
                signed_by: p.signed_by.as_ref(),
            },
            Link::Files(f) => RelationOut::Files {
                from,
                to,
                signed_by: f.signed_by.as_ref(),
            },
            Link::Authors => RelationOut::Authors { from, to },
            Link::Funds => RelationOut::Funds { from, to },
            Link::Targets => RelationOut::Targets { from, to },
            Link::Decides => RelationOut::Decides { from, to },
            Link::Concerns => RelationOut::Concerns { from, to },
            Link::Opens => RelationOut::Opens { from, to },
        }
    }
}

impl<'a> From<&'a Network> for DocumentRef<'a> {
    fn from(net: &'a Network) -> Self {
        // Nodes in key order, sorted once; each node's rank in that order
        // then sorts the relations by integer instead of by key strings.
        // Every key is also copied, in storage order (read nearly in
        // sequence), into one buffer: a relation's target is then named
        // from two compact tables instead of its slot (and, for a key
        // longer than the 22 bytes a key holds in place, its own
        // allocation), read at random.
        let bound = NodeIndexable::node_bound(&net.graph);
        let mut names = String::new();
        let mut at: Vec<NameAt> = vec![NameAt::default(); bound];
        // Sorted as (key prefix, index) pairs, 32 bytes each, rather than
        // with the references to key and node: a million of them are moved
        // about 20 times each.
        let mut order: Vec<(u128, NodeIx)> = net
            .slots()
            .map(|(ix, s)| {
                if let (Some(at), Ok(start), Ok(len)) = (
                    at.get_mut(ix.index()),
                    u64::try_from(names.len()),
                    u8::try_from(s.key.as_str().len()),
                ) {
                    names.push_str(s.key.as_str());
                    *at = NameAt {
                        start,
                        rank: 0,
                        len,
                    };
                }
                (s.key.sort_prefix(), ix)
            })
            .collect();
        order.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| net.key_at(a.1).cmp(&net.key_at(b.1)))
        });
        let slots: Vec<(NodeIx, &'a Key, &'a Node)> = order
            .into_iter()
            .filter_map(|(_, ix)| {
                let s = net.slot(ix)?;
                Some((ix, &s.key, &s.node))
            })
            .collect();
        for (r, (ix, _, _)) in slots.iter().enumerate() {
            if let (Some(slot), Ok(r)) = (at.get_mut(ix.index()), u32::try_from(r)) {
                slot.rank = r;
            }
        }
        let mut doc = DocumentRef {
            version: FORMAT_VERSION,
            persons: Borrowed(Vec::new()),
            organisations: Borrowed(Vec::new()),
            places: Borrowed(Vec::new()),
            territories: Borrowed(Vec::new()),
            briques: Borrowed(Vec::new()),
            contracts: Borrowed(Vec::new()),
            applications: Borrowed(Vec::new()),
            decisions: Borrowed(Vec::new()),
            relations: RelationsOut {
                net,
                sources: Vec::with_capacity(slots.len()),
                at,
                names,
            },
            retired: net.retired_keys().collect(),
        };
        for &(ix, key, node) in &slots {
            match node {
                Node::Person(p) => doc.persons.0.push((key, p)),
                Node::Organisation(o) => doc.organisations.0.push((key, o)),
                Node::Place(p) => doc.places.0.push((key, p)),
                Node::Territory(t) => doc.territories.0.push((key, t)),
                Node::Brique(b) => doc.briques.0.push((key, b)),
                Node::Contract(c) => doc.contracts.0.push((key, c)),
                Node::Application(a) => doc.applications.0.push((key, a)),
                Node::Decision(d) => doc.decisions.0.push((key, d)),
            }
            doc.relations.sources.push((ix, key));
        }
        doc
    }
}

/// Every relation of a network, written as a list sorted by source key,
/// target key, then kind and attributes, as [`Network::relations`] sorts
/// them: each node's outgoing relations, nodes in key order, targets by
/// their rank in that order. Written as it is walked, never collected.
struct RelationsOut<'a> {
    net: &'a Network,
    /// Every node, in key order.
    sources: Vec<(NodeIx, &'a Key)>,
    /// By node index: its position in key order and where its key is in
    /// `names`.
    at: Vec<NameAt>,
    /// Every key, one after the other.
    names: String,
}

/// A node's rank in key order, and the span of its key in
/// [`RelationsOut::names`].
#[derive(Debug, Clone, Copy, Default)]
struct NameAt {
    start: u64,
    rank: u32,
    len: u8,
}

impl RelationsOut<'_> {
    fn is_empty(&self) -> bool {
        self.net.graph.edge_count() == 0
    }

    /// The rank of the node at `ix` in key order.
    fn rank(&self, ix: NodeIx) -> u32 {
        self.at.get(ix.index()).map_or(u32::MAX, |a| a.rank)
    }

    /// The key of the node at `ix`, from the buffer of keys (from the node
    /// itself should the buffer not hold it).
    fn name(&self, ix: NodeIx) -> &str {
        self.at
            .get(ix.index())
            .and_then(|a| {
                let start = usize::try_from(a.start).ok()?;
                self.names
                    .get(start..start.checked_add(usize::from(a.len))?)
            })
            .filter(|name| !name.is_empty())
            .or_else(|| self.net.key_at(ix).map(Key::as_str))
            .unwrap_or_default()
    }
}

impl Serialize for RelationsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let net = self.net;
        // As a `Vec` of relations writes itself: every relation of the
        // graph is the outgoing relation of exactly one node.
        let mut seq = serializer.serialize_seq(Some(net.graph.edge_count()))?;
        // Sources are taken [`BATCH`] at a time: their relations walked
        // side by side, then their targets' ranks read, so the cache misses
        // of different relations overlap (see `Network::walk_together`);
        // then grouped by source and each group, a few relations, sorted by
        // (target rank, link).
        let mut nodes: Vec<NodeIx> = Vec::with_capacity(BATCH);
        let mut out: Vec<(usize, u32, NodeIx, &Link)> = Vec::new();
        for batch in self.sources.chunks(BATCH) {
            nodes.clear();
            nodes.extend(batch.iter().map(|(ix, _)| *ix));
            out.clear();
            net.walk_together(&nodes, Direction::Outgoing, |i, to, _, link| {
                out.push((i, 0, to, link));
                false
            });
            for o in &mut out {
                o.1 = self.rank(o.2);
            }
            out.sort_unstable_by_key(|o| o.0);
            for group in out.chunk_by_mut(|a, b| a.0 == b.0) {
                group.sort_unstable_by(|a, b| a.1.cmp(&b.1).then_with(|| a.3.cmp(b.3)));
            }
            for &(i, _, to, link) in &out {
                let from = batch.get(i).map_or("", |(_, key)| key.as_str());
                seq.serialize_element(&RelationOut::new(from, self.name(to), link))?;
            }
        }
        seq.end()
    }
}

impl Serialize for Network {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DocumentRef::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Network {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let doc = direct::Document::deserialize(deserializer)?;
        let load = || -> Result<Network, DocumentError> { load_sections!(doc, doc.relations.0) };
        load().map_err(D::Error::custom)
    }
}

/// What a network is read from.
mod direct {
    use serde::Deserialize;

    use super::{RelationsIn, Section};
    use crate::{
        Application, Brique, Contract, Decision, Key, Organisation, Person, Place, Territory,
    };

    /// A [`Document`](super::Document) read exactly as `Document` reads
    /// itself (the same type name, fields, defaults and so the same errors),
    /// but with sections kept as sorted vectors instead of maps and relations
    /// read as [`RelationIn`](super::RelationIn), their ends borrowed.
    #[derive(Deserialize)]
    #[serde(rename_all = "kebab-case", deny_unknown_fields)]
    pub(super) struct Document<'a> {
        pub(super) version: u32,
        #[serde(default)]
        pub(super) persons: Section<Person>,
        #[serde(default)]
        pub(super) organisations: Section<Organisation>,
        #[serde(default)]
        pub(super) places: Section<Place>,
        #[serde(default)]
        pub(super) territories: Section<Territory>,
        #[serde(default)]
        pub(super) briques: Section<Brique>,
        #[serde(default)]
        pub(super) contracts: Section<Contract>,
        #[serde(default)]
        pub(super) applications: Section<Application>,
        #[serde(default)]
        pub(super) decisions: Section<Decision>,
        #[serde(default, borrow)]
        pub(super) relations: RelationsIn<'a>,
        #[serde(default)]
        pub(super) retired: Vec<Key>,
    }
}

/// The nodes of one section in key order, read as [`Nodes`] reads them
/// (refusing a key listed twice at the same point) but into a vector: a
/// saved document lists keys in order, which is checked as they come, and
/// only a section out of order pays for a set of the keys seen.
struct Section<T>(Vec<(Key, T)>);

impl<T> Default for Section<T> {
    fn default() -> Self {
        Section(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Section<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Section<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object mapping keys to nodes")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Section<T>, A::Error> {
                let mut nodes: Vec<(Key, T)> = Vec::new();
                // The keys seen, once they stop coming in order.
                let mut seen: Option<BTreeSet<Key>> = None;
                while let Some(key) = map.next_key::<Key>()? {
                    let listed = match &mut seen {
                        Some(seen) => !seen.insert(key.clone()),
                        None => match nodes.last() {
                            Some((last, _)) if *last >= key => {
                                let all: BTreeSet<Key> =
                                    nodes.iter().map(|(k, _)| k.clone()).collect();
                                let listed = all.contains(&key);
                                seen = Some(all).map(|mut all| {
                                    all.insert(key.clone());
                                    all
                                });
                                listed
                            }
                            _ => false,
                        },
                    };
                    if listed {
                        return Err(serde::de::Error::custom(format_args!(
                            "key `{key}` is listed twice"
                        )));
                    }
                    let value = map
                        .next_value::<T>()
                        .map_err(|e| serde::de::Error::custom(format_args!("`{key}`: {e}")))?;
                    nodes.push((key, value));
                }
                if seen.is_some() {
                    nodes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                }
                Ok(Section(nodes))
            }
        }
        deserializer.deserialize_map(Visitor(PhantomData))
    }
}

/// The relations of a document, read as a `Vec` reads them, their ends
/// borrowed ([`KeyText`]).
#[derive(Default)]
struct RelationsIn<'de>(Vec<RelationIn<'de>>);

impl<'de: 'a, 'a> Deserialize<'de> for RelationsIn<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RelationsIn<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // Word for word what `Vec`'s visitor expects.
                f.write_str("a sequence")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<RelationsIn<'de>, A::Error> {
                // As serde's own `Vec`: trust the size hint up to 1 MiB.
                let cap = seq.size_hint().unwrap_or(0).min(
                    (1024 * 1024usize)
                        .checked_div(std::mem::size_of::<RelationIn<'de>>().max(1))
                        .unwrap_or(0),
                );
                let mut all: Vec<RelationIn<'de>> = Vec::with_capacity(cap);
                while let Some(r) = seq.next_element_seed(RelationInSeed)? {
                    all.push(r);
                }
                Ok(RelationsIn(all))
            }
        }
        deserializer.deserialize_seq(Visitor)
    }
}

/// Reads a relation as a [`RelationDoc`] reads itself (the same errors),
/// into a [`RelationIn`].
struct RelationInSeed;

impl<'de> DeserializeSeed<'de> for RelationInSeed {
    type Value = RelationIn<'de>;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<RelationIn<'de>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for RelationInSeed {
    type Value = RelationIn<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(A_RELATION)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<RelationIn<'de>, A::Error> {
        FlatRelation::<KeyText<'de>>::read(&mut map)?.into_link()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both ends of every relation are found as looking each up alone
    /// finds them: sources shared by runs of relations (across batch
    /// boundaries too), sources and targets no node has, in any order.
    #[test]
    fn ends_are_found_as_each_lookup_finds_them() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new();
        let people: Vec<Key> = (0..50)
            .map(|i| Key::new(&format!("person-{i}")))
            .collect::<Result<_, _>>()?;
        for p in &people {
            net.apply(Change::add(p.clone(), Person::new("P")))?;
        }
        let org = Key::new("org")?;
        net.apply(Change::add(
            org.clone(),
            Organisation::new("O", crate::Form::Association),
        ))?;
        let nobody = Key::new("nobody")?;
        let membership =
            || Membership::new(crate::Role::Member, Involvement::Active, Period::ALWAYS);
        // Runs of one to six relations from the same source, now and then
        // an unknown source or target: 300 relations, about five batches.
        let mut relations = Vec::new();
        for i in 0..120usize {
            let from = match i % 11 {
                3 => nobody.clone(),
                _ => people.get(i % 50).ok_or("person")?.clone(),
            };
            for j in 0..=(i % 6) {
                let to = if (i + j) % 13 == 0 { &nobody } else { &org };
                relations.push(RelationDoc::from(Relation::new(
                    from.clone(),
                    to.clone(),
                    membership(),
                )));
            }
        }
        assert!(relations.len() > 4 * BATCH);
        let expected: Vec<_> = relations
            .iter()
            .map(|r| {
                let (_, from, to) = r.ends();
                (net.ix(from), net.ix(to))
            })
            .collect();
        assert!(expected.iter().any(|(a, _)| a.is_none()));
        assert!(expected.iter().any(|(_, b)| b.is_none()));
        assert_eq!(resolve_ends(&net, &relations), expected);
        Ok(())
    }

    /// What loading a network through `Document` says: the reference the
    /// direct reading of a network must match, error for error.
    fn through_document(json: &str) -> Result<Network, String> {
        let doc: Document = serde_json::from_str(json).map_err(|e| e.to_string())?;
        Network::try_from(doc).map_err(|e| e.to_string())
    }

    #[test]
    fn reading_a_network_directly_matches_reading_its_document() {
        let o = r#""form": "association", "governance": {"established": {"statutes": "formal", "process": "transparency"}}"#;
        let cases = [
            r#"{"version": 1}"#.to_owned(),
            r#"{"version": 2}"#.to_owned(),
            r#"{}"#.to_owned(),
            r#"{"version": 1, "extra": 1}"#.to_owned(),
            r#"{"version": 1, "version": 1}"#.to_owned(),
            r#"[]"#.to_owned(),
            r#"{"version": 1, "persons": {"b": {"name": "B"}, "a": {"name": "A"}, "c": {"name": "C"}}}"#.to_owned(),
            r#"{"version": 1, "persons": {"a": {"name": "A"}, "b": {"name": "B"}, "a": {"name": "A"}}}"#.to_owned(),
            r#"{"version": 1, "persons": {"b": {"name": "B"}, "a": {"name": "A"}, "b": {"name": "B"}}}"#.to_owned(),
            r#"{"version": 1, "persons": {"a": {"name": "A"}, "a": {"name": "A"}}}"#.to_owned(),
            r#"{"version": 1, "persons": {"A": {"name": "A"}}}"#.to_owned(),
            r#"{"version": 1, "persons": {"a": {"nom": "A"}}}"#.to_owned(),
            r#"{"version": 1, "persons": []}"#.to_owned(),
            format!(r#"{{"version": 1, "persons": {{"a": {{"name": "A"}}}}, "organisations": {{"a": {{"name": "A", {o}}}}}}}"#),
            r#"{"version": 1, "retired": ["a", "a"]}"#.to_owned(),
            r#"{"version": 1, "retired": ["a"], "persons": {"a": {"name": "A"}}}"#.to_owned(),
            r#"{"version": 1, "relations": {}}"#.to_owned(),
            r#"{"version": 1, "relations": [1]}"#.to_owned(),
            format!(
                r#"{{"version": 1, "persons": {{"p": {{"name": "P"}}, "q": {{"name": "Q"}}}},
                "organisations": {{"o": {{"name": "O", {o}}}, "x": {{"name": "X", {o}}}}},
                "relations": [
                  {{"kind": "member-of", "from": "p", "to": "o", "role": "member", "involvement": "core"}},
                  {{"kind": "member-of", "from": "p", "to": "x", "role": "member", "involvement": "core", "since": "2017-01-01"}},
                  {{"kind": "mandate", "from": "p", "to": "o", "powers": ["sign"], "since": "2018-01-01", "until": "2017-01-01"}},
                  {{"kind": "member-of", "from": "q", "to": "o", "role": "member", "involvement": "core"}}
                ]}}"#
            ),
            format!(
                r#"{{"version": 1, "persons": {{"p": {{"name": "P"}}}},
                "organisations": {{"o": {{"name": "O", {o}}}}},
                "relations": [
                  {{"kind": "member-of", "from": "p", "to": "o", "role": "member", "involvement": "core"}},
                  {{"kind": "member-of", "from": "p", "to": "o", "role": "member", "involvement": "core"}}
                ]}}"#
            ),
            r#"{"version": 1, "persons": {"p": {"name": "P"}}, "relations": [{"kind": "member-of", "from": "p", "to": "nobody", "role": "member", "involvement": "core"}]}"#.to_owned(),
            r#"{"version": 1, "persons": {"p": {"name": "P"}}, "relations": [{"kind": "member-of", "from": "nobody", "to": "p", "role": "member", "involvement": "core"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "builds", "from": 5, "to": "p"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "builds", "from": "P", "to": "p"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "builds", "from": "p", "from": "p", "to": "p"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "builds", "from": "p", "to": "q", "since": "2017-01-01"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "runs", "from": "p", "to": "q", "since": null}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "runs", "from": "p", "to": "q", "since": "2017-02-30"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "runs", "from": "p", "to": "q", "since": "-2017-02-03"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"from": "p", "to": "q"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "runs", "to": "q"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "runs", "from": "p"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "runs", "from": "p", "to": "Q"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "runs", "from": "p", "to": "q-"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "runs", "from": "p", "to": 7}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "runs", "from": "p", "to": "q", "to": "q"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "carries", "from": "p", "to": "q"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "member-of", "from": "p", "to": "q", "role": "member"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "mandate", "from": "p", "to": "q"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "party-to", "from": "p", "to": "q"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "files", "from": "p", "to": "q", "mode": "committing"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "member-of", "from": "p", "to": "q"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "member-of", "from": "p", "to": "q", "involvement": "core"}]}"#.to_owned(),
            // A malformed period is reported before an end no node has.
            r#"{"version": 1, "relations": [{"kind": "carries", "from": "p", "to": "q", "scope": ["legal"], "since": "2018-01-01", "until": "2017-01-01"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "member-of", "from": "p", "to": "q", "role": "member", "involvement": "core", "since": "2018-01-01", "until": "2017-01-01"}]}"#.to_owned(),
            r#"{"version": 1, "relations": [{"kind": "runs", "from": "p", "to": "q", "since": "2018-01-01", "until": "2017-01-01"}]}"#.to_owned(),
            // Keys written with escapes: read as text the deserializer
            // cannot lend.
            format!(
                r#"{{"version": 1, "persons": {{"p": {{"name": "P"}}}},
                "organisations": {{"o": {{"name": "O", {o}}}, "x": {{"name": "X", {o}}}}},
                "relations": [
                  {{"kind": "carries", "from": "\u006f", "to": "x", "scope": ["legal"], "since": "2017-01-01"}},
                  {{"kind": "mandate", "from": "p", "to": "\u006f", "powers": ["sign", "file"]}},
                  {{"kind": "member-of", "from": "\u0070", "to": "\u0078", "role": "member", "involvement": "core"}}
                ]}}"#
            ),
            format!(
                r#"{{"version": 1, "persons": {{"p": {{"name": "P"}}}},
                "organisations": {{"o": {{"name": "O", {o}}}, "x": {{"name": "X", {o}}}}},
                "relations": [
                  {{"kind": "carries", "from": "o", "to": "x", "scope": ["legal", "financial"]}},
                  {{"kind": "member-of", "from": "p", "to": "x", "role": "member", "involvement": "core"}}
                ]}}"#
            ),
            // Signed parties and filings.
            format!(
                r#"{{"version": 1, "persons": {{"p": {{"name": "P"}}}},
                "organisations": {{"o": {{"name": "O", {o}}}, "x": {{"name": "X", {o}}}}},
                "contracts": {{"pact": {{"title": "Pacte", "nature": "moral", "term": {{"start": "2018-01-01"}}, "lifecycle": [{{"status": "active"}}]}}}},
                "applications": {{"dossier": {{"title": "Dossier", "programme": "P", "deadline": "2018-03-01", "lifecycle": [{{"status": "drafting"}}]}}}},
                "relations": [
                  {{"kind": "party-to", "from": "o", "to": "pact", "mode": "committing", "signed-on": "2018-01-02", "signed-by": "p"}},
                  {{"kind": "party-to", "from": "x", "to": "pact", "mode": "supporting"}},
                  {{"kind": "files", "from": "o", "to": "dossier", "signed-by": "p"}},
                  {{"kind": "files", "from": "x", "to": "dossier", "signed-by": "nobody"}}
                ]}}"#
            ),
            format!(
                r#"{{"version": 1, "persons": {{"p": {{"name": "P"}}}},
                "organisations": {{"o": {{"name": "O", {o}}}}},
                "contracts": {{"pact": {{"title": "Pacte", "nature": "moral", "term": {{"start": "2018-01-01"}}, "lifecycle": [{{"status": "active"}}]}}}},
                "relations": [
                  {{"kind": "party-to", "from": "o", "to": "pact", "mode": "committing", "signed-on": "2018-01-02", "signed-by": "p"}}
                ]}}"#
            ),
        ];
        let loaded = cases
            .iter()
            .filter(|json| {
                serde_json::from_str::<Network>(json).is_ok_and(|n| n.relation_count() > 0)
            })
            .count();
        assert_eq!(loaded, 3, "the documents that load and hold relations");
        for json in &cases {
            let direct = serde_json::from_str::<Network>(json).map_err(|e| e.to_string());
            let expected = through_document(json);
            assert_eq!(direct, expected, "{json}");
            // From a reader, no string is lent: every key is copied. (A
            // reader's errors name positions of their own.)
            let read =
                serde_json::from_reader::<_, Network>(json.as_bytes()).map_err(|e| e.to_string());
            let read_document = serde_json::from_reader::<_, Document>(json.as_bytes())
                .map_err(|e| e.to_string())
                .and_then(|doc| Network::try_from(doc).map_err(|e| e.to_string()));
            assert_eq!(read, read_document, "{json}");
        }
    }
}
