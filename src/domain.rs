//! Fault domains: the shared infrastructure whose failure takes components down together.
//!
//! Outage patterns fail domains, never components directly. Every domain has a textual id
//! in one documented syntax, `class:rest`, used on the command line
//! (`faultline simulate --at`), in reports and in the catalogue:
//!
//! | class | syntax | example | what it is |
//! |---|---|---|---|
//! | zone | `zone:<provider>/<region>/<zone>` | `zone:aws/us-east-1/use1-az4` | one availability zone / data hall |
//! | region | `region:<provider>/<region>` | `region:aws/us-east-1` | a region's data plane |
//! | control | `control:<provider>/<region>` | `control:aws/us-east-1` | a region's control plane (launch, scale, edit) |
//! | global control | `control:<provider>/global` | `control:aws/global` | the provider's global control plane (IAM, DNS and CDN control planes, global STS), hosted in its home region |
//! | service | `service:<provider>/<region>/<service>` | `service:aws/us-east-1/dynamodb` | one managed service in one region |
//! | edge | `edge:<provider>` | `edge:cloudflare` | a provider's global edge: CDN, anycast, global load balancing, global config |
//! | backbone | `backbone:<provider>` | `backbone:gcp` | a provider's global network: every region at once |
//! | dns | `dns:<provider>` | `dns:aws` | an authoritative DNS provider |
//! | identity | `identity:<provider>` | `identity:saas:okta` | an identity provider (sign-in, tokens) |
//! | saas | `saas:<name>` | `saas:stripe` | a third-party service |
//! | site | `site:<name>` | `site:frankfurt-dc` | a physical site (on-prem data center) |
//! | room | `room:<site>/<room>` | `room:frankfurt-dc/hall-a` | one room of a site (a data hall, a fire compartment); `room:<site>/*` is "some room" of a component that names none |
//! | storage | `storage:<site>/<array>` | `storage:frankfurt-dc/san-1` | one shared storage array of a site; `storage:<site>/*` is "some array" of a component that names none |
//! | feed | `feed:<site>/<feed>` | `feed:frankfurt-dc/a` | one power feed (path) of a site: a UPS, PDU or breaker chain that single-corded equipment on it needs; `feed:<site>/*` is "some feed" of equipment that names none |
//! | uplink | `uplink:<site>/<uplink>` | `uplink:frankfurt-dc/telia` | one network path out of a site (a carrier circuit, a fibre route); `uplink:<site>/*` is "the uplink" of a component that names none |
//! | agent | `agent:<name>` | `agent:falcon-sensor` | fleet software that updates everywhere at once |
//! | rollout | `rollout:global` | `rollout:global` | your own deploys/config that reach every region at once |
//! | change | `change:production` | `change:production` | your change process: operators, automation, AI agents |
//! | credential | `credential:<owner>` | `credential:self` | certificates and signing keys (yours: `self`, or a provider's) |
//! | monitoring | `monitoring:<provider>` | `monitoring:saas:datadog` | the monitoring system itself |
//!
//! Provider names containing `:` (`saas:okta`, `on-prem:dc1`) are kept whole.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The classes of fault domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DomainClass {
    /// One zone of one region.
    Zone,
    /// A region's data plane.
    Region,
    /// A region's control plane.
    ControlPlane,
    /// A provider's global control plane (in its home region).
    GlobalControlPlane,
    /// One managed service in one region.
    Service,
    /// A provider's global edge.
    Edge,
    /// A provider's global backbone network.
    Backbone,
    /// An authoritative DNS provider.
    Dns,
    /// An identity provider.
    Identity,
    /// A third-party SaaS.
    Saas,
    /// A physical site.
    Site,
    /// One room (data hall, fire compartment) of a physical site.
    Room,
    /// One shared storage array of a physical site.
    Storage,
    /// One power feed (path) of a physical site.
    Feed,
    /// One network uplink (carrier circuit, fibre route) of a physical site.
    Uplink,
    /// A fleet agent.
    Agent,
    /// Your own global rollout.
    Rollout,
    /// Your own change process.
    Change,
    /// Certificates and keys.
    Credential,
    /// The monitoring system.
    Monitoring,
}

impl DomainClass {
    /// Every class, in declaration order.
    pub const ALL: [DomainClass; 20] = [
        DomainClass::Zone,
        DomainClass::Region,
        DomainClass::ControlPlane,
        DomainClass::GlobalControlPlane,
        DomainClass::Service,
        DomainClass::Edge,
        DomainClass::Backbone,
        DomainClass::Dns,
        DomainClass::Identity,
        DomainClass::Saas,
        DomainClass::Site,
        DomainClass::Room,
        DomainClass::Storage,
        DomainClass::Feed,
        DomainClass::Uplink,
        DomainClass::Agent,
        DomainClass::Rollout,
        DomainClass::Change,
        DomainClass::Credential,
        DomainClass::Monitoring,
    ];

    /// The name used in catalogue files (`global-control-plane` ...).
    pub fn as_str(self) -> &'static str {
        match self {
            DomainClass::Zone => "zone",
            DomainClass::Region => "region",
            DomainClass::ControlPlane => "control-plane",
            DomainClass::GlobalControlPlane => "global-control-plane",
            DomainClass::Service => "service",
            DomainClass::Edge => "edge",
            DomainClass::Backbone => "backbone",
            DomainClass::Dns => "dns",
            DomainClass::Identity => "identity",
            DomainClass::Saas => "saas",
            DomainClass::Site => "site",
            DomainClass::Room => "room",
            DomainClass::Storage => "storage",
            DomainClass::Feed => "feed",
            DomainClass::Uplink => "uplink",
            DomainClass::Agent => "agent",
            DomainClass::Rollout => "rollout",
            DomainClass::Change => "change",
            DomainClass::Credential => "credential",
            DomainClass::Monitoring => "monitoring",
        }
    }
}

impl fmt::Display for DomainClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed fault-domain id. Construct with [`DomainId::parse`] or the helpers; the
/// textual form round-trips through [`fmt::Display`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DomainId {
    /// `zone:<provider>/<region>/<zone>`
    Zone {
        /// Provider.
        provider: String,
        /// Region.
        region: String,
        /// Zone.
        zone: String,
    },
    /// `region:<provider>/<region>`
    Region {
        /// Provider.
        provider: String,
        /// Region.
        region: String,
    },
    /// `control:<provider>/<region>`
    Control {
        /// Provider.
        provider: String,
        /// Region.
        region: String,
    },
    /// `control:<provider>/global`
    GlobalControl {
        /// Provider.
        provider: String,
    },
    /// `service:<provider>/<region>/<service>`
    Service {
        /// Provider.
        provider: String,
        /// Region.
        region: String,
        /// Service.
        service: String,
    },
    /// `edge:<provider>`
    Edge(String),
    /// `backbone:<provider>`
    Backbone(String),
    /// `dns:<provider>`
    Dns(String),
    /// `identity:<provider>`
    Identity(String),
    /// `saas:<name>`
    Saas(String),
    /// `site:<name>`
    Site(String),
    /// `room:<site>/<room>`; `<room>` is `*` for "some room of the site" (a component
    /// that names none).
    Room {
        /// The site.
        site: String,
        /// The room.
        room: String,
    },
    /// `storage:<site>/<array>`; `<array>` is `*` for "some array of the site".
    Storage {
        /// The site.
        site: String,
        /// The array.
        array: String,
    },
    /// `feed:<site>/<feed>`; `<feed>` is `*` for "some feed of the site" (single-corded
    /// equipment that names none).
    Feed {
        /// The site.
        site: String,
        /// The feed.
        feed: String,
    },
    /// `uplink:<site>/<uplink>`; `<uplink>` is `*` for "the uplink of the site" (a
    /// component that names none).
    Uplink {
        /// The site.
        site: String,
        /// The uplink.
        uplink: String,
    },
    /// `agent:<name>`
    Agent(String),
    /// `rollout:global`
    Rollout,
    /// `change:production`
    Change,
    /// `credential:<owner>`
    Credential(String),
    /// `monitoring:<provider>`
    Monitoring(String),
}

/// Why a domain id did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid fault domain `{input}`: {reason}")]
pub struct DomainParseError {
    /// The text given.
    pub input: String,
    /// What is wrong with it.
    pub reason: String,
}

impl DomainId {
    /// The class of this domain.
    pub fn class(&self) -> DomainClass {
        match self {
            DomainId::Zone { .. } => DomainClass::Zone,
            DomainId::Region { .. } => DomainClass::Region,
            DomainId::Control { .. } => DomainClass::ControlPlane,
            DomainId::GlobalControl { .. } => DomainClass::GlobalControlPlane,
            DomainId::Service { .. } => DomainClass::Service,
            DomainId::Edge(_) => DomainClass::Edge,
            DomainId::Backbone(_) => DomainClass::Backbone,
            DomainId::Dns(_) => DomainClass::Dns,
            DomainId::Identity(_) => DomainClass::Identity,
            DomainId::Saas(_) => DomainClass::Saas,
            DomainId::Site(_) => DomainClass::Site,
            DomainId::Room { .. } => DomainClass::Room,
            DomainId::Storage { .. } => DomainClass::Storage,
            DomainId::Feed { .. } => DomainClass::Feed,
            DomainId::Uplink { .. } => DomainClass::Uplink,
            DomainId::Agent(_) => DomainClass::Agent,
            DomainId::Rollout => DomainClass::Rollout,
            DomainId::Change => DomainClass::Change,
            DomainId::Credential(_) => DomainClass::Credential,
            DomainId::Monitoring(_) => DomainClass::Monitoring,
        }
    }

    /// The provider this domain belongs to, when it belongs to one.
    pub fn provider(&self) -> Option<&str> {
        match self {
            DomainId::Zone { provider, .. }
            | DomainId::Region { provider, .. }
            | DomainId::Control { provider, .. }
            | DomainId::GlobalControl { provider }
            | DomainId::Service { provider, .. } => Some(provider),
            DomainId::Edge(p)
            | DomainId::Backbone(p)
            | DomainId::Dns(p)
            | DomainId::Identity(p) => Some(p),
            DomainId::Monitoring(p) => Some(p),
            _ => None,
        }
    }

    /// The region this domain is in, when it is regional.
    pub fn region(&self) -> Option<&str> {
        match self {
            DomainId::Zone { region, .. }
            | DomainId::Region { region, .. }
            | DomainId::Control { region, .. }
            | DomainId::Service { region, .. } => Some(region),
            _ => None,
        }
    }

    /// Parses the textual syntax documented on this module.
    ///
    /// # Errors
    ///
    /// A [`DomainParseError`] naming what is wrong, for an unknown class, a missing part or
    /// an empty name.
    ///
    /// ```
    /// use faultline::domain::DomainId;
    /// let d = DomainId::parse("service:aws/us-east-1/dynamodb").unwrap();
    /// assert_eq!(d.to_string(), "service:aws/us-east-1/dynamodb");
    /// assert_eq!(d.region(), Some("us-east-1"));
    /// assert!(DomainId::parse("region:aws").is_err());
    /// ```
    pub fn parse(input: &str) -> Result<DomainId, DomainParseError> {
        let err = |reason: &str| DomainParseError {
            input: input.to_owned(),
            reason: reason.to_owned(),
        };
        let (class, rest) = input.split_once(':').ok_or_else(|| {
            err("expected `class:name`, e.g. `region:aws/us-east-1` (classes: zone, region, control, service, edge, backbone, dns, identity, saas, site, room, storage, feed, uplink, agent, rollout, change, credential, monitoring)")
        })?;
        if rest.is_empty() {
            return Err(err("the name after `:` is empty"));
        }
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err(err("a `/`-separated part is empty"));
        }
        let s = |i: usize| parts[i].to_owned();
        let need = |n: usize, shape: &str| {
            if parts.len() == n {
                Ok(())
            } else {
                Err(err(&format!("expected `{class}:{shape}`")))
            }
        };
        let single = |shape: &str| {
            if parts.len() == 1 {
                Ok(rest.to_owned())
            } else {
                Err(err(&format!("expected `{class}:{shape}` without `/`")))
            }
        };
        Ok(match class {
            "zone" => {
                need(3, "<provider>/<region>/<zone>")?;
                DomainId::Zone {
                    provider: s(0),
                    region: s(1),
                    zone: s(2),
                }
            }
            "region" => {
                need(2, "<provider>/<region>")?;
                DomainId::Region {
                    provider: s(0),
                    region: s(1),
                }
            }
            "control" => {
                need(2, "<provider>/<region>` or `control:<provider>/global")?;
                if parts[1] == "global" {
                    DomainId::GlobalControl { provider: s(0) }
                } else {
                    DomainId::Control {
                        provider: s(0),
                        region: s(1),
                    }
                }
            }
            "service" => {
                need(3, "<provider>/<region>/<service>")?;
                DomainId::Service {
                    provider: s(0),
                    region: s(1),
                    service: s(2),
                }
            }
            "edge" => DomainId::Edge(single("<provider>")?),
            "backbone" => DomainId::Backbone(single("<provider>")?),
            "dns" => DomainId::Dns(single("<provider>")?),
            "identity" => DomainId::Identity(single("<provider>")?),
            "saas" => DomainId::Saas(single("<name>")?),
            "site" => DomainId::Site(single("<name>")?),
            "room" => {
                need(2, "<site>/<room>")?;
                DomainId::Room {
                    site: s(0),
                    room: s(1),
                }
            }
            "storage" => {
                need(2, "<site>/<array>")?;
                DomainId::Storage {
                    site: s(0),
                    array: s(1),
                }
            }
            "feed" => {
                need(2, "<site>/<feed>")?;
                DomainId::Feed {
                    site: s(0),
                    feed: s(1),
                }
            }
            "uplink" => {
                need(2, "<site>/<uplink>")?;
                DomainId::Uplink {
                    site: s(0),
                    uplink: s(1),
                }
            }
            "agent" => DomainId::Agent(single("<name>")?),
            "rollout" if rest == "global" => DomainId::Rollout,
            "rollout" => return Err(err("the only rollout domain is `rollout:global`")),
            "change" if rest == "production" => DomainId::Change,
            "change" => return Err(err("the only change domain is `change:production`")),
            "credential" => DomainId::Credential(single("<owner>")?),
            "monitoring" => DomainId::Monitoring(single("<provider>")?),
            _ => return Err(err("unknown class before `:`")),
        })
    }
}

impl fmt::Display for DomainId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DomainId::Zone {
                provider,
                region,
                zone,
            } => write!(f, "zone:{provider}/{region}/{zone}"),
            DomainId::Region { provider, region } => write!(f, "region:{provider}/{region}"),
            DomainId::Control { provider, region } => write!(f, "control:{provider}/{region}"),
            DomainId::GlobalControl { provider } => write!(f, "control:{provider}/global"),
            DomainId::Service {
                provider,
                region,
                service,
            } => write!(f, "service:{provider}/{region}/{service}"),
            DomainId::Edge(p) => write!(f, "edge:{p}"),
            DomainId::Backbone(p) => write!(f, "backbone:{p}"),
            DomainId::Dns(p) => write!(f, "dns:{p}"),
            DomainId::Identity(p) => write!(f, "identity:{p}"),
            DomainId::Saas(p) => write!(f, "saas:{p}"),
            DomainId::Site(p) => write!(f, "site:{p}"),
            DomainId::Room { site, room } => write!(f, "room:{site}/{room}"),
            DomainId::Storage { site, array } => write!(f, "storage:{site}/{array}"),
            DomainId::Feed { site, feed } => write!(f, "feed:{site}/{feed}"),
            DomainId::Uplink { site, uplink } => write!(f, "uplink:{site}/{uplink}"),
            DomainId::Agent(p) => write!(f, "agent:{p}"),
            DomainId::Rollout => f.write_str("rollout:global"),
            DomainId::Change => f.write_str("change:production"),
            DomainId::Credential(p) => write!(f, "credential:{p}"),
            DomainId::Monitoring(p) => write!(f, "monitoring:{p}"),
        }
    }
}

impl Serialize for DomainId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DomainId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        DomainId::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for DomainId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DomainId".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A fault domain, `class:name` (see docs/domains.md)",
            "pattern": "^(zone|region|control|service|edge|backbone|dns|identity|saas|site|room|storage|feed|uplink|agent|rollout|change|credential|monitoring):.+$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_round_trips() {
        for text in [
            "zone:aws/us-east-1/use1-az4",
            "region:gcp/europe-west9",
            "control:azure/eastus",
            "control:aws/global",
            "service:aws/us-east-1/dynamodb",
            "edge:cloudflare",
            "backbone:gcp",
            "dns:aws",
            "identity:saas:okta",
            "saas:stripe",
            "site:frankfurt-dc",
            "room:frankfurt-dc/hall-a",
            "storage:frankfurt-dc/san-1",
            "feed:frankfurt-dc/a",
            "uplink:frankfurt-dc/telia",
            "agent:falcon-sensor",
            "rollout:global",
            "change:production",
            "credential:self",
            "monitoring:saas:datadog",
        ] {
            let parsed = DomainId::parse(text).unwrap();
            assert_eq!(parsed.to_string(), text);
        }
    }

    #[test]
    fn malformed_ids_are_rejected_with_a_reason() {
        for bad in [
            "",
            "region",
            "region:",
            "region:aws",
            "zone:aws//a",
            "planet:earth",
            "rollout:eu",
            "edge:a/b",
        ] {
            let e = DomainId::parse(bad).unwrap_err();
            assert_eq!(e.input, bad);
            assert!(!e.reason.is_empty());
        }
    }
}
