//! Timelines: the dated events of a node or of the whole network, in order.

use std::fmt;

use time::{Date, OffsetDateTime};

use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use crate::network::NodeIx;
use crate::{InterventionKind, Key, Link, Network, Node, QueryError, Status};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum EventKind {
    /// A relation began (its period's start): carrying, membership, mandate, running.
    Began,
    /// A relation ended (its period's last day).
    Ended,
    /// A brique, contract, application or decision changed status.
    Status,
    /// A contract's term began.
    TermStarts,
    /// A contract's term ends.
    TermEnds,
    /// A party signed a contract.
    Signed,
    /// An application was submitted.
    Submitted,
    /// An application is due.
    Deadline,
    /// A decision opened.
    Opened,
    /// A decision closes.
    Closes,
    /// Someone intervened in a decision.
    Intervened,
    /// A decision is to be reviewed.
    Review,
}

/// One dated event.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    /// The date (an instant's date in its own offset).
    pub date: Date,
    /// The instant, for events that have one.
    pub at: Option<OffsetDateTime>,
    /// What happened.
    pub kind: EventKind,
    /// The keys involved, the main one first.
    pub keys: Vec<Key>,
    /// In plain words.
    pub description: String,
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}  {}", self.date, self.description)
    }
}

fn event(date: Date, kind: EventKind, keys: Vec<Key>, description: String) -> Event {
    Event {
        date,
        at: None,
        kind,
        keys,
        description,
    }
}

fn at(instant: OffsetDateTime, kind: EventKind, keys: Vec<Key>, description: String) -> Event {
    Event {
        date: instant.date(),
        at: Some(instant),
        kind,
        keys,
        description,
    }
}

impl Network {
    /// Every dated event of the network, in chronological order: relations
    /// beginning and ending, status changes, terms, signatures, submissions,
    /// deadlines, decisions opening and closing, interventions, reviews.
    ///
    /// Events on the same date are ordered by instant (undated first), then
    /// kind, then keys and description, so the timeline is deterministic.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// let timeline = net.timeline();
    /// let first = &timeline[0];
    /// assert_eq!(first.date, time::macros::date!(2011 - 09 - 01)); // ANIS begins carrying Catalyst
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn timeline(&self) -> Vec<Event> {
        self.events(None)
    }

    /// The events that involve `key`, in the order of [`Network::timeline`]:
    /// those of its relations, its own, the signatures it gave for another
    /// and its interventions in decisions. Only those events are written,
    /// so the cost is a pass over the relations and nodes, not the whole
    /// timeline.
    ///
    /// ```
    /// # let net: communs::Network = serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/anis.json")))?;
    /// let events = net.timeline_of("catalyst")?;
    /// assert!(events.iter().all(|e| e.keys.iter().any(|k| k == "catalyst")));
    /// assert_eq!(
    ///     events,
    ///     net.timeline()
    ///         .into_iter()
    ///         .filter(|e| e.keys.iter().any(|k| k == "catalyst"))
    ///         .collect::<Vec<_>>()
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownKey`] when no node has this key.
    pub fn timeline_of(&self, key: &str) -> Result<Vec<Event>, QueryError> {
        let ix = self.require(key)?;
        Ok(self.events(Some((ix, key))))
    }

    /// Every event, or with `only`, the events whose keys hold that node:
    /// whether an event is wanted is settled before it is written.
    fn events(&self, only: Option<(NodeIx, &str)>) -> Vec<Event> {
        let names = |k: &Key| only.is_none_or(|(_, o)| k.as_str() == o);
        let mut events = Vec::new();
        for e in self.graph.edge_references() {
            let (a, b, link) = (e.source(), e.target(), e.weight());
            let ends = only.is_none_or(|(ix, _)| a == ix || b == ix);
            let signature = match link {
                Link::PartyTo(p) => p.signed_on.map(|on| (on, p.signed_by.as_ref())),
                _ => None,
            };
            let signed_by_only = signature.is_some_and(|(_, by)| by.is_some_and(names));
            if !ends && !signed_by_only {
                continue;
            }
            let Some(r) = self.view(a, b, link) else {
                continue;
            };
            let keys = || vec![r.from.clone(), r.to.clone()];
            if ends {
                let period = link.period();
                let what = link.kind();
                if let Some(since) = period.start() {
                    events.push(event(
                        since,
                        EventKind::Began,
                        keys(),
                        format!("`{}` {what} `{}` from this day", r.from, r.to),
                    ));
                }
                if let Some(until) = period.end() {
                    events.push(event(
                        until,
                        EventKind::Ended,
                        keys(),
                        format!("`{}` {what} `{}` for the last day", r.from, r.to),
                    ));
                }
            }
            if let Some((on, signer)) = signature {
                let by = signer.map(|s| format!(" (by `{s}`)")).unwrap_or_default();
                let mut keys = keys();
                keys.extend(signer.cloned());
                events.push(event(
                    on,
                    EventKind::Signed,
                    keys,
                    format!("`{}` signs `{}`{by}", r.from, r.to),
                ));
            }
        }
        for (ix, slot) in self.slots() {
            let own = only.is_none_or(|(o, _)| o == ix);
            let (key, node) = (&slot.key, &slot.node);
            match node {
                Node::Decision(d) => {
                    if own {
                        push_decision(&mut events, key, d);
                    }
                    for i in d.interventions.iter().filter(|i| own || names(&i.by)) {
                        let what = match i.kind {
                            InterventionKind::Question => "asks a question".to_owned(),
                            InterventionKind::Objection => "objects".to_owned(),
                            InterventionKind::Concern => "raises a concern".to_owned(),
                            InterventionKind::Support => "supports".to_owned(),
                            InterventionKind::Stance(s) => format!("votes {s:?}").to_lowercase(),
                            InterventionKind::AnswerTo(id) => format!("answers #{id}"),
                        };
                        events.push(at(
                            i.at,
                            EventKind::Intervened,
                            vec![key.clone(), i.by.clone()],
                            format!("`{}` {what} in `{key}` (#{})", i.by, i.id),
                        ));
                    }
                }
                _ if own => push_node(&mut events, key, node),
                _ => {}
            }
        }
        events.sort_by(|a, b| {
            a.date
                .cmp(&b.date)
                .then_with(|| a.at.cmp(&b.at))
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.keys.cmp(&b.keys))
                .then_with(|| a.description.cmp(&b.description))
        });
        events
    }
}

/// The events of a brique, contract or application of its own.
fn push_node(events: &mut Vec<Event>, key: &Key, node: &Node) {
    let k = || vec![key.clone()];
    match node {
        Node::Brique(b) => push_status(events, key, &b.lifecycle),
        Node::Contract(c) => {
            push_status(events, key, &c.lifecycle);
            events.push(event(
                c.term.start(),
                EventKind::TermStarts,
                k(),
                format!("the term of `{key}` begins"),
            ));
            if let Some(end) = c.term.end() {
                events.push(event(
                    end,
                    EventKind::TermEnds,
                    k(),
                    format!("the term of `{key}` ends"),
                ));
            }
        }
        Node::Application(a) => {
            push_status(events, key, &a.lifecycle);
            events.push(event(
                a.deadline,
                EventKind::Deadline,
                k(),
                format!("`{key}` is due"),
            ));
            if let Some(s) = a.submitted_at {
                events.push(at(
                    s,
                    EventKind::Submitted,
                    k(),
                    format!("`{key}` is submitted"),
                ));
            }
        }
        _ => {}
    }
}

/// The events of a decision of its own, its interventions apart.
fn push_decision(events: &mut Vec<Event>, key: &Key, d: &crate::Decision) {
    let k = || vec![key.clone()];
    push_status(events, key, &d.outcome);
    events.push(at(
        d.opened_at,
        EventKind::Opened,
        k(),
        format!("`{key}` opens"),
    ));
    events.push(at(
        d.closes_at,
        EventKind::Closes,
        k(),
        format!("`{key}` closes"),
    ));
    if let Some(r) = d.review {
        events.push(event(
            r,
            EventKind::Review,
            k(),
            format!("`{key}` is to be reviewed"),
        ));
    }
}

fn push_status<S: Status>(events: &mut Vec<Event>, key: &Key, life: &crate::Lifecycle<S>) {
    for (date, status) in life.changes() {
        events.push(event(
            *date,
            EventKind::Status,
            vec![key.clone()],
            format!("`{key}` becomes {status}"),
        ));
    }
}
