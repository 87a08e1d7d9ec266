//! Whether a failover can happen during a scenario: its trigger (a manual one needs a
//! monitoring system that still sees), its mechanism (DNS needs a DNS provider that answers,
//! and its control plane when records are edited; anycast and global load balancing need the
//! provider's edge) and, when it calls provider APIs, the target region's control plane.
//! The same rules serve a component's own failover and an `any_of` group's switch.

use crate::domain::DomainId;
use crate::model::{Trigger, Via};
use crate::resolve::ResolvedFailover;
use crate::rules::{Dom, Impact, Reliance};

use super::Ctx;

impl Ctx<'_> {
    /// The control-plane domain `d` when it blocks control actions in this scenario.
    pub(super) fn control_blocked(&self, d: Dom) -> Option<&DomainId> {
        (Reliance::Control.impact(self.effects(d)) == Impact::Blocked).then(|| self.domain(d))
    }

    /// `Ok` when at least one monitoring system still sees, else the reason every system
    /// is blind. With no monitoring declared, nobody is assumed to see: the worst place for
    /// it is with what failed (so declaring monitoring never makes a score worse).
    fn sees(&self) -> Result<(), String> {
        if !self.r.monitoring_declared {
            return Err(
                "no monitoring is declared (`operations.monitoring`), so nobody is assumed to see the failure in time"
                    .to_owned(),
            );
        }
        if self.foot.watch.is_empty() {
            return Ok(());
        }
        let blind = |d: Dom| Reliance::Watch.impact(self.effects(d)) == Impact::Blind;
        let mut reasons = Vec::new();
        for s in &self.foot.watch {
            if let Some(&d) = s.blinded_by_any.iter().find(|&&d| blind(d)) {
                reasons.push(format!(
                    "{} monitoring is blind ({} failed)",
                    s.provider,
                    self.domain(d)
                ));
                continue;
            }
            if !s.regions.is_empty() && s.regions.iter().all(|ds| ds.iter().any(|&d| blind(d))) {
                let names: Vec<String> = s
                    .regions
                    .iter()
                    .filter_map(|ds| ds.iter().copied().find(|&d| blind(d)))
                    .map(|d| self.domain(d).to_string())
                    .collect();
                reasons.push(format!(
                    "{} monitoring is blind (it runs only in {}, which failed)",
                    s.provider,
                    names.join(", ")
                ));
                continue;
            }
            return Ok(());
        }
        Err(reasons.join("; "))
    }

    /// Why a failover on `provider` cannot happen, or `Ok`. `target` is the control planes
    /// of the region it moves to (none for an `any_of` switch).
    pub(super) fn failover_blocked(
        &self,
        provider: &str,
        target: Option<&[Dom]>,
        fo: &ResolvedFailover,
    ) -> Result<(), String> {
        if fo.trigger == Trigger::Manual {
            self.sees()
                .map_err(|why| format!("the failover is manual and {why}"))?;
        }
        let route = self.foot.route(provider);
        match fo.via {
            Via::Dns => {
                let dns = route.map(|r| r.dns.as_slice()).unwrap_or_default();
                let alive: Vec<&(Dom, Dom, String)> = dns
                    .iter()
                    .filter(|(d, _, _)| Reliance::Route.impact(self.effects(*d)) != Impact::Blocked)
                    .collect();
                if alive.is_empty() {
                    let names: Vec<&str> = dns.iter().map(|(_, _, q)| q.as_str()).collect();
                    return Err(format!(
                        "it moves traffic through DNS and dns:{} failed",
                        names.join(", dns:")
                    ));
                }
                if fo.needs_control_plane {
                    // Editing records needs some surviving DNS provider's control plane.
                    let editable = alive
                        .iter()
                        .any(|(_, control, _)| self.control_blocked(*control).is_none());
                    if let Some((_, _, q)) = alive.first()
                        && !editable
                    {
                        return Err(format!(
                            "it edits DNS records and control:{q}/global (the DNS control plane) is down"
                        ));
                    }
                }
            }
            Via::Anycast | Via::LoadBalancer => {
                if let Some(r) = route
                    && Reliance::Route.impact(self.effects(r.edge)) == Impact::Blocked
                {
                    return Err(format!(
                        "it moves traffic through {}, which failed",
                        self.domain(r.edge)
                    ));
                }
            }
            Via::Client => {}
        }
        if fo.needs_control_plane
            && let Some(controls) = target
            && let Some(d) = self.control_blocked_any(controls)
        {
            return Err(format!(
                "it needs the provider's control plane and {d} is down"
            ));
        }
        Ok(())
    }
}
