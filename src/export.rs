//! Pictures: Graphviz DOT and Mermaid text of a network, of one node's
//! neighbourhood, and of an institution's readiness.
//!
//! Output is a pure, deterministic string: nodes in key order, relations in
//! [`Network::relations`] order. Each node kind has its own shape and
//! colour, and each relation kind its own colour and, where the format
//! allows, its own line or arrowhead; every relation is also labelled with
//! its kind. Labels longer than 1 000 characters are cut with an ellipsis
//! (Graphviz refuses longer quoted strings).
//!
//! # Escaping
//!
//! - **DOT**: identifiers are the node keys, always quoted (keys are slugs,
//!   so they need no escaping). Labels are double-quoted strings in which
//!   `\` becomes `\\`, `"` becomes `\"`, a line break becomes `\n` and
//!   other control characters (carriage return, NUL…) are dropped; any other
//!   character, accents included, is written as is (DOT reads UTF-8).
//! - **Mermaid**: identifiers are `n_` followed by the key with `-` written
//!   `_` (keys hold no `_` and no `--`, so no two keys meet). Labels are quoted, with
//!   `#` written `#35;`, `"` written `#quot;`, `<` `#lt;`, `>` `#gt;`, `&`
//!   `#amp;`, a line break `<br/>`, and other control characters dropped.
//!
//! ```
//! use communs::{Change, Form, Key, Network, Organisation};
//!
//! let mut net = Network::new();
//! net.apply(Change::add(Key::new("eco")?, Organisation::new("Économie \"des\" communs", Form::Collective)))?;
//! let dot = net.to_dot();
//! assert!(dot.contains(r#""eco" [label="Économie \"des\" communs""#));
//! let mermaid = net.to_mermaid();
//! assert!(mermaid.contains(r#"n_eco("Économie #quot;des#quot; communs")"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeSet, VecDeque};
use std::fmt::Write;

use petgraph::Direction;
use petgraph::visit::EdgeRef;
use time::Date;

use crate::network::NodeIx;
use crate::{Governance, KindState, Link, Network, Node, NodeKind, QueryError, RelationRef};

/// How a picture node looks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    Person,
    Organisation,
    Collective,
    InFormation,
    Place,
    Territory,
    PriorityTerritory,
    Brique,
    Contract,
    Application,
    Decision,
    KindActive,
    KindPending,
    KindMissing,
}

impl Look {
    fn of(node: &Node) -> Look {
        match node {
            Node::Person(_) => Look::Person,
            Node::Organisation(o) if !o.governance.is_established() => Look::InFormation,
            Node::Organisation(o) if !o.is_legal_person() => Look::Collective,
            Node::Organisation(_) => Look::Organisation,
            Node::Place(_) => Look::Place,
            Node::Territory(t) if t.priority_area => Look::PriorityTerritory,
            Node::Territory(_) => Look::Territory,
            Node::Brique(_) => Look::Brique,
            Node::Contract(_) => Look::Contract,
            Node::Application(_) => Look::Application,
            Node::Decision(_) => Look::Decision,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Look::Person => "person",
            Look::Organisation => "organisation",
            Look::Collective => "collective",
            Look::InFormation => "in-formation",
            Look::Place => "place",
            Look::Territory => "territory",
            Look::PriorityTerritory => "priority-territory",
            Look::Brique => "brique",
            Look::Contract => "contract",
            Look::Application => "application",
            Look::Decision => "decision",
            Look::KindActive => "kind-active",
            Look::KindPending => "kind-pending",
            Look::KindMissing => "kind-missing",
        }
    }

    fn dot(self) -> &'static str {
        match self {
            Look::Person => r##"shape=ellipse, style=filled, fillcolor="#fff2cc""##,
            Look::Organisation => r##"shape=box, style="rounded,filled", fillcolor="#cfe2f3""##,
            Look::Collective => {
                r##"shape=box, style="rounded,filled,dashed", fillcolor="#cfe2f3""##
            }
            Look::InFormation => {
                r##"shape=box, style="rounded,filled,dashed", fillcolor="#fce5cd""##
            }
            Look::Place => r##"shape=house, style=filled, fillcolor="#d9ead3""##,
            Look::Territory => r##"shape=tab, style=filled, fillcolor="#ead1dc""##,
            Look::PriorityTerritory => {
                r##"shape=tab, style=filled, fillcolor="#ead1dc", peripheries=2"##
            }
            Look::Brique => r##"shape=component, style=filled, fillcolor="#d0e0e3""##,
            Look::Contract => r##"shape=note, style=filled, fillcolor="#ffffff""##,
            Look::Application => r##"shape=folder, style=filled, fillcolor="#eeeeee""##,
            Look::Decision => r##"shape=diamond, style=filled, fillcolor="#f9cb9c""##,
            Look::KindActive => r##"shape=box, style=filled, fillcolor="#b6d7a8""##,
            Look::KindPending => r##"shape=box, style=filled, fillcolor="#ffe599""##,
            Look::KindMissing => r##"shape=box, style="filled,dashed", fillcolor="#f4cccc""##,
        }
    }

    fn mermaid(self, id: &str, label: &str) -> String {
        match self {
            Look::Person => format!("{id}([\"{label}\"])"),
            Look::Organisation | Look::KindActive | Look::KindPending | Look::KindMissing => {
                format!("{id}[\"{label}\"]")
            }
            Look::Collective | Look::InFormation => format!("{id}(\"{label}\")"),
            Look::Place => format!("{id}[(\"{label}\")]"),
            Look::Territory | Look::PriorityTerritory => format!("{id}{{{{\"{label}\"}}}}"),
            Look::Brique => format!("{id}[[\"{label}\"]]"),
            Look::Contract => format!("{id}>\"{label}\"]"),
            Look::Application => format!("{id}[/\"{label}\"/]"),
            Look::Decision => format!("{id}{{\"{label}\"}}"),
        }
    }

    fn mermaid_style(self) -> &'static str {
        match self {
            Look::Person => "fill:#fff2cc",
            Look::Organisation => "fill:#cfe2f3",
            Look::Collective => "fill:#cfe2f3,stroke-dasharray:4",
            Look::InFormation => "fill:#fce5cd,stroke-dasharray:4",
            Look::Place => "fill:#d9ead3",
            Look::Territory => "fill:#ead1dc",
            Look::PriorityTerritory => "fill:#ead1dc,stroke-width:3px",
            Look::Brique => "fill:#d0e0e3",
            Look::Contract => "fill:#ffffff",
            Look::Application => "fill:#eeeeee",
            Look::Decision => "fill:#f9cb9c",
            Look::KindActive => "fill:#b6d7a8",
            Look::KindPending => "fill:#ffe599",
            Look::KindMissing => "fill:#f4cccc,stroke-dasharray:4",
        }
    }
}

/// How a picture edge looks: (DOT attributes, Mermaid arrow, Mermaid link
/// style). Every relation kind has its own colour, and its own line or
/// arrowhead where the formats allow.
fn edge_look(kind: &str) -> (&'static str, &'static str, &'static str) {
    match kind {
        "carries" => (
            r##"color="#1f4e79", penwidth=2.5"##,
            "==>",
            "stroke:#1f4e79,stroke-width:3px",
        ),
        "member-of" => (
            r##"color="#7f6000", style=dashed"##,
            "-.->",
            "stroke:#7f6000",
        ),
        "mandate" => (
            r##"color="#990000", arrowhead=diamond"##,
            "--o",
            "stroke:#990000",
        ),
        "located-in" => (
            r##"color="#741b47", style=dotted"##,
            "-.->",
            "stroke:#741b47",
        ),
        "runs" => (r##"color="#0b5394""##, "-->", "stroke:#0b5394"),
        "builds" | "blueprint" => (
            r##"color="#38761d", penwidth=2.5"##,
            "==>",
            "stroke:#38761d,stroke-width:3px",
        ),
        "hosted-at" => (
            r##"color="#274e13", style=dotted"##,
            "-.->",
            "stroke:#274e13",
        ),
        "party-to" => (
            r##"color="#b45f06", arrowhead=box"##,
            "--o",
            "stroke:#b45f06",
        ),
        "files" => (
            r##"color="#134f5c", penwidth=2"##,
            "-->",
            "stroke:#134f5c,stroke-width:2px",
        ),
        "authors" => (
            r##"color="#8e7cc3", style=dashed"##,
            "-.->",
            "stroke:#8e7cc3",
        ),
        "funds" => (
            r##"color="#bf9000", penwidth=2"##,
            "==>",
            "stroke:#bf9000,stroke-width:2px",
        ),
        "targets" => (
            r##"color="#a64d79", style=dashed"##,
            "-.->",
            "stroke:#a64d79",
        ),
        "decides" => (
            r##"color="#cc0000", arrowhead=vee"##,
            "-->",
            "stroke:#cc0000",
        ),
        "concerns" => (
            r##"color="#666666", style=dashed, arrowhead=open"##,
            "-.->",
            "stroke:#666666",
        ),
        "opens" => (
            r##"color="#e69138", style=dotted"##,
            "--x",
            "stroke:#e69138",
        ),
        _ => (
            r##"color="#999999", style=dotted"##,
            "-.->",
            "stroke:#999999",
        ),
    }
}

/// The longest label written, in characters: Graphviz refuses quoted strings
/// longer than 16 384 bytes, so longer names are cut with an ellipsis.
const MAX_LABEL: usize = 1000;

fn clip(label: &str) -> std::borrow::Cow<'_, str> {
    match label.char_indices().nth(MAX_LABEL) {
        Some((cut, _)) => {
            std::borrow::Cow::Owned(format!("{}…", label.get(..cut).unwrap_or(label)))
        }
        None => std::borrow::Cow::Borrowed(label),
    }
}

struct SceneNode {
    id: String,
    label: String,
    look: Look,
}

struct SceneEdge {
    from: String,
    to: String,
    kind: &'static str,
    label: String,
}

/// What a picture shows, before it is written in a format.
#[derive(Default)]
struct Scene {
    nodes: Vec<SceneNode>,
    edges: Vec<SceneEdge>,
}

fn dot_escape(s: &str) -> String {
    let s = clip(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn mermaid_escape(s: &str) -> String {
    let s = clip(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn mermaid_id(id: &str) -> String {
    format!("n_{}", id.replace('-', "_").replace(':', "__"))
}

impl Scene {
    fn dot(&self) -> String {
        let mut out = String::from(
            "digraph communs {\n  graph [rankdir=LR, fontname=\"Helvetica\"];\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n",
        );
        for n in &self.nodes {
            let _ = writeln!(
                out,
                "  \"{}\" [label=\"{}\", {}];",
                n.id,
                dot_escape(&n.label),
                n.look.dot()
            );
        }
        for e in &self.edges {
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [label=\"{}\", {}];",
                e.from,
                e.to,
                dot_escape(&e.label),
                edge_look(e.kind).0
            );
        }
        out.push_str("}\n");
        out
    }

    fn mermaid(&self) -> String {
        let mut out = String::from("flowchart LR\n");
        let mut looks = BTreeSet::new();
        for n in &self.nodes {
            let _ = writeln!(
                out,
                "  {}",
                n.look
                    .mermaid(&mermaid_id(&n.id), &mermaid_escape(&n.label))
            );
            looks.insert(n.look.class());
        }
        for e in &self.edges {
            let _ = writeln!(
                out,
                "  {} {}|\"{}\"| {}",
                mermaid_id(&e.from),
                edge_look(e.kind).1,
                mermaid_escape(&e.label),
                mermaid_id(&e.to)
            );
        }
        for (i, e) in self.edges.iter().enumerate() {
            let _ = writeln!(out, "  linkStyle {i} {}", edge_look(e.kind).2);
        }
        for class in looks {
            let Some(look) = self
                .nodes
                .iter()
                .map(|n| n.look)
                .find(|l| l.class() == class)
            else {
                continue;
            };
            let _ = writeln!(
                out,
                "  classDef {} {}",
                class.replace('-', "_"),
                look.mermaid_style()
            );
            let ids: Vec<String> = self
                .nodes
                .iter()
                .filter(|n| n.look == look)
                .map(|n| mermaid_id(&n.id))
                .collect();
            let _ = writeln!(out, "  class {} {}", ids.join(","), class.replace('-', "_"));
        }
        out
    }
}

fn edge_label(r: &RelationRef<'_>) -> String {
    let kind = r.data.kind().name();
    match r.data {
        Link::Carries(c) => format!("{kind} ({})", c.scope),
        Link::MemberOf(m) => format!("{kind} ({})", m.role),
        Link::Mandate(m) => format!("{kind} ({})", m.powers),
        Link::PartyTo(p) => format!("{kind} ({})", p.mode),
        _ => kind.to_owned(),
    }
}

impl Network {
    fn scene_of(&self, nodes: &BTreeSet<NodeIx>) -> Scene {
        let mut scene = Scene::default();
        let mut sorted: Vec<_> = nodes.iter().filter_map(|ix| self.slot(*ix)).collect();
        sorted.sort_unstable_by(|a, b| a.key.cmp(&b.key));
        for slot in sorted {
            scene.nodes.push(SceneNode {
                id: slot.key.to_string(),
                label: slot.node.name().to_owned(),
                look: Look::of(&slot.node),
            });
        }
        let mut edges: Vec<RelationRef<'_>> = nodes
            .iter()
            .flat_map(|a| self.graph.edges_directed(*a, Direction::Outgoing))
            .filter(|e| nodes.contains(&e.target()))
            .filter_map(|e| self.view(e.source(), e.target(), e.weight()))
            .collect();
        edges.sort_unstable();
        for r in edges {
            scene.edges.push(SceneEdge {
                from: r.from.to_string(),
                to: r.to.to_string(),
                kind: r.data.kind().name(),
                label: edge_label(&r),
            });
        }
        scene
    }

    fn all_nodes(&self) -> BTreeSet<NodeIx> {
        self.index.indices().collect()
    }

    fn around(&self, key: &str, depth: usize) -> Result<BTreeSet<NodeIx>, QueryError> {
        let start = self.require(key)?;
        let mut seen = BTreeSet::from([start]);
        let mut queue = VecDeque::from([(start, 0usize)]);
        while let Some((n, d)) = queue.pop_front() {
            if d >= depth {
                continue;
            }
            for dir in [Direction::Outgoing, Direction::Incoming] {
                for m in self.graph.neighbors_directed(n, dir) {
                    if seen.insert(m) {
                        queue.push_back((m, d.saturating_add(1)));
                    }
                }
            }
        }
        Ok(seen)
    }

    fn readiness_scene(&self, institution: &str, date: Date) -> Result<Scene, QueryError> {
        let ix = self.require_kind(institution, NodeKind::Organisation)?;
        let readiness = self.readiness(institution, date)?;
        let mut scene = self.scene_of(&BTreeSet::from([ix]));
        let governance = self.organisation_at(ix).map(|o| &o.governance);
        if let (Some(first), Some(Governance::InFormation { .. })) =
            (scene.nodes.first_mut(), governance)
        {
            first.label.push_str("\n(governance not posed)");
        }
        for k in &readiness.required {
            let id = format!("kind:{}", k.kind);
            let (look, state) = match k.state() {
                KindState::Active => (Look::KindActive, "active"),
                KindState::Pending => (Look::KindPending, "pending"),
                KindState::Missing => (Look::KindMissing, "missing"),
            };
            scene.nodes.push(SceneNode {
                id: id.clone(),
                label: format!("{}\n{state}", k.kind),
                look,
            });
            scene.edges.push(SceneEdge {
                from: id.clone(),
                to: institution.to_owned(),
                kind: "blueprint",
                label: "needed by".into(),
            });
            for b in &k.briques {
                scene.nodes.push(SceneNode {
                    id: b.key.to_string(),
                    label: format!("{}\n({})", b.brique.name, b.status),
                    look: Look::Brique,
                });
                scene.edges.push(SceneEdge {
                    from: b.key.to_string(),
                    to: id.clone(),
                    kind: "builds",
                    label: "is a".into(),
                });
            }
        }
        for b in &readiness.others {
            scene.nodes.push(SceneNode {
                id: b.key.to_string(),
                label: format!("{}\n({})", b.brique.name, b.status),
                look: Look::Brique,
            });
            scene.edges.push(SceneEdge {
                from: b.key.to_string(),
                to: institution.to_owned(),
                kind: "builds",
                label: "builds".into(),
            });
        }
        Ok(scene)
    }

    /// The whole network in Graphviz DOT.
    #[must_use]
    pub fn to_dot(&self) -> String {
        self.scene_of(&self.all_nodes()).dot()
    }

    /// The whole network as a Mermaid flowchart.
    #[must_use]
    pub fn to_mermaid(&self) -> String {
        self.scene_of(&self.all_nodes()).mermaid()
    }

    /// The nodes within `depth` relations of `key` (in either direction), and
    /// the relations among them, in Graphviz DOT.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownKey`] when no node has this key.
    pub fn neighbourhood_dot(&self, key: &str, depth: usize) -> Result<String, QueryError> {
        Ok(self.scene_of(&self.around(key, depth)?).dot())
    }

    /// The neighbourhood of [`Network::neighbourhood_dot`] as a Mermaid flowchart.
    ///
    /// # Errors
    ///
    /// [`QueryError::UnknownKey`] when no node has this key.
    pub fn neighbourhood_mermaid(&self, key: &str, depth: usize) -> Result<String, QueryError> {
        Ok(self.scene_of(&self.around(key, depth)?).mermaid())
    }

    /// An institution's readiness at `date` in Graphviz DOT: each required
    /// kind coloured as active, pending or missing, with the briques behind it.
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn readiness_dot(&self, institution: &str, date: Date) -> Result<String, QueryError> {
        Ok(self.readiness_scene(institution, date)?.dot())
    }

    /// The readiness picture of [`Network::readiness_dot`] as a Mermaid flowchart.
    ///
    /// # Errors
    ///
    /// [`QueryError`] when the key is unknown or not an organisation.
    pub fn readiness_mermaid(&self, institution: &str, date: Date) -> Result<String, QueryError> {
        Ok(self.readiness_scene(institution, date)?.mermaid())
    }
}
