//! Timelines: the dated events of a node or of the whole network, in order.

use std::fmt;

use time::{Date, OffsetDateTime};

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
        let mut events = Vec::new();
        for r in self.relations() {
            let period = r.data.period();
            let what = r.data.kind();
            let keys = || vec![r.from.clone(), r.to.clone()];
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
            if let Link::PartyTo(p) = r.data
                && let Some(on) = p.signed_on
            {
                let by = p
                    .signed_by
                    .as_ref()
                    .map(|s| format!(" (by `{s}`)"))
                    .unwrap_or_default();
                let mut keys = keys();
                keys.extend(p.signed_by.iter().cloned());
                events.push(event(
                    on,
                    EventKind::Signed,
                    keys,
                    format!("`{}` signs `{}`{by}", r.from, r.to),
                ));
            }
        }
        for (key, node) in self.nodes() {
            let k = || vec![key.clone()];
            match node {
                Node::Brique(b) => push_status(&mut events, key, &b.lifecycle),
                Node::Contract(c) => {
                    push_status(&mut events, key, &c.lifecycle);
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
                    push_status(&mut events, key, &a.lifecycle);
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
                Node::Decision(d) => {
                    push_status(&mut events, key, &d.outcome);
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
                    for i in &d.interventions {
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
                    if let Some(r) = d.review {
                        events.push(event(
                            r,
                            EventKind::Review,
                            k(),
                            format!("`{key}` is to be reviewed"),
                        ));
                    }
                }
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

    /// The events that involve `key`, in the order of [`Network::timeline`].
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownKey`] when no node has this key.
    pub fn timeline_of(&self, key: &str) -> Result<Vec<Event>, QueryError> {
        self.require(key)?;
        Ok(self
            .timeline()
            .into_iter()
            .filter(|e| e.keys.iter().any(|k| k == key))
            .collect())
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
