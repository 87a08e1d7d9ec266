//! How the system is watched and changed: monitoring out of band, staged rollouts,
//! automated rollback, review of AI-made changes, staged fleet-agent updates.

use std::collections::BTreeSet;

use super::{Candidate, Cost, Ctx, Transform};
use crate::model::{AiAssisted, Architecture, Monitoring, Rollout};
use crate::resolve::Home;

pub(super) const MONITOR_OUT_OF_BAND: Transform = Transform {
    name: "monitor-out-of-band",
    summary: "Add a second, independent way to see and alert (synthetic checks from another provider), so the failure that needs a person is not also the failure that blinds them.",
    applies_when: "`operations.monitoring` is declared and every monitoring system in it runs on a provider or site the system itself runs on",
    cost: Cost::Low,
    cost_rationale: "a synthetic-monitoring subscription and alert routing outside the provider",
    answers: &["monitoring-shares-fate", "region-data-plane-loss"],
    candidates: monitor_out_of_band,
};

pub(super) const STAGE_ROLLOUT: Transform = Transform {
    name: "stage-rollout",
    summary: "Deploy region by region in waves with health gates (code, configuration and data alike), instead of everywhere at once.",
    applies_when: "some component deploys with `rollout: global` (its own or `operations.changes.rollout`)",
    cost: Cost::Low,
    cost_rationale: "pipeline stages and health gates; deploys take longer",
    answers: &[
        "own-global-rollout",
        "global-config-push",
        "ai-assisted-change",
    ],
    candidates: stage_rollout,
};

pub(super) const AUTOMATED_ROLLBACK: Transform = Transform {
    name: "automated-rollback",
    summary: "Roll bad changes back automatically on health signals, without waiting for a person.",
    applies_when: "`operations.changes.automated_rollback` is not `true`",
    cost: Cost::Medium,
    cost_rationale: "health signals reliable enough to act on, and a pipeline that can revert every kind of change",
    answers: &[
        "own-global-rollout",
        "ai-assisted-change",
        "destructive-operator-action",
    ],
    candidates: automated_rollback,
};

pub(super) const REVIEW_AI_CHANGES: Transform = Transform {
    name: "review-ai-changes",
    summary: "Require a person's approval for production changes that AI agents propose.",
    applies_when: "`operations.changes.ai_assisted` is `unreviewed`",
    cost: Cost::Low,
    cost_rationale: "a review step; agents' changes wait for a person",
    answers: &["ai-assisted-change", "destructive-operator-action"],
    candidates: review_ai_changes,
};

pub(super) const STAGE_AGENT_UPDATES: Transform = Transform {
    name: "stage-agent-updates",
    summary: "Put a fleet agent on staged updates (a canary ring first, production on N-1), so a bad update stops at the first ring; content pushed past the rings (as in 2024) remains a residual risk (it moves from `agents` to `staged_agents`).",
    applies_when: "some component lists the agent under `agents`",
    cost: Cost::Low,
    cost_rationale: "update-ring policies in the vendor's console, and a canary group to watch",
    answers: &["agent-bad-update"],
    candidates: stage_agent_updates,
};

/// Provider of the out-of-band monitoring the transform adds: it stands for the external
/// service the user chooses (the suggestion's description says to name the real one).
pub const OUT_OF_BAND_MONITORING: &str = "saas:external-monitoring";

fn monitor_out_of_band(ctx: &Ctx) -> Vec<Candidate> {
    let systems = &ctx.r.monitoring.systems;
    // In band: monitoring that runs on one of the components, or on a provider they use.
    let in_band = |s: &crate::resolve::MonitoringSystem| {
        s.component.is_some() || ctx.r.components.iter().any(|c| c.provider == s.provider)
    };
    if systems.is_empty() || !systems.iter().all(in_band) {
        return Vec::new();
    }
    let watched: Vec<String> = systems
        .iter()
        .map(|s| match s.component {
            Some(k) => format!("`{}`", ctx.r.components[k].id),
            None => s.provider.clone(),
        })
        .collect();
    vec![Candidate::new(
        "operations",
        "Watch from outside the provider you run on",
        format!(
            "Add an independent secondary monitor (synthetic checks and alerting from another provider, written `{OUT_OF_BAND_MONITORING}`: use the service you choose) next to {}, which fails with what it watches, so a manual failover still gets started.",
            watched.join(", ")
        ),
        |arch: &mut Architecture| {
            let new = Monitoring {
                provider: OUT_OF_BAND_MONITORING.to_owned(),
                regions: Vec::new(),
                service: Some("synthetic-checks".to_owned()),
                secondary: None,
                component: None,
            };
            match &mut arch.operations.monitoring {
                Some(m) => last(m).secondary = Some(Box::new(new)),
                None => arch.operations.monitoring = Some(new),
            }
        },
    )]
}

/// The last system of a monitoring chain (primary, secondary, its secondary ...).
fn last(m: &mut Monitoring) -> &mut Monitoring {
    match m.secondary {
        Some(ref mut s) => last(s),
        None => m,
    }
}

fn stage_rollout(ctx: &Ctx) -> Vec<Candidate> {
    if !ctx
        .r
        .components
        .iter()
        .any(|c| c.rollout == Rollout::Global)
    {
        return Vec::new();
    }
    let global: Vec<String> = ctx
        .r
        .components
        .iter()
        .filter(|c| c.rollout == Rollout::Global && !matches!(c.home, Home::Saas(_)))
        .map(|c| format!("`{}`", c.id))
        .collect();
    vec![Candidate::new(
        "production",
        "Stage deploys region by region",
        if global.is_empty() {
            "Deploy in waves with health gates between them (`rollout: staged`) instead of everywhere at once.".to_owned()
        } else {
            format!(
                "Deploy in waves with health gates between them (`rollout: staged`) instead of everywhere at once; now {} deploy{} globally.",
                global.join(", "),
                if global.len() == 1 { "s" } else { "" }
            )
        },
        |arch: &mut Architecture| {
            if arch.operations.changes.rollout == Some(Rollout::Global) {
                arch.operations.changes.rollout = Some(Rollout::Staged);
            }
            for c in &mut arch.components {
                if c.rollout == Some(Rollout::Global) {
                    c.rollout = Some(Rollout::Staged);
                }
            }
        },
    )]
}

fn automated_rollback(ctx: &Ctx) -> Vec<Candidate> {
    if ctx.r.automated_rollback || ctx.r.components.is_empty() {
        return Vec::new();
    }
    vec![Candidate::new(
        "production",
        "Roll bad changes back automatically",
        "Watch health signals during and after every change and revert automatically when they degrade, which shortens the outages that bad deploys, configuration pushes and agent-made changes cause.",
        |arch: &mut Architecture| arch.operations.changes.automated_rollback = Some(true),
    )]
}

fn review_ai_changes(ctx: &Ctx) -> Vec<Candidate> {
    if ctx.r.ai_assisted != AiAssisted::Unreviewed {
        return Vec::new();
    }
    vec![Candidate::new(
        "production",
        "Review AI-made production changes",
        "Require a person's sign-off before changes that AI agents propose reach production (`ai_assisted: reviewed`), and give the agents least privilege.",
        |arch: &mut Architecture| arch.operations.changes.ai_assisted = Some(AiAssisted::Reviewed),
    )]
}

fn stage_agent_updates(ctx: &Ctx) -> Vec<Candidate> {
    let agents: BTreeSet<&str> = ctx
        .arch
        .components
        .iter()
        .flat_map(|c| c.agents.iter().map(String::as_str))
        .collect();
    agents
        .into_iter()
        .map(|agent| {
            let hosts: Vec<String> = ctx
                .arch
                .components
                .iter()
                .filter(|c| c.agents.iter().any(|a| a == agent))
                .map(|c| format!("`{}`", c.id))
                .collect();
            let name = agent.to_owned();
            Candidate::new(
                agent,
                format!("Stage `{agent}` updates in rings"),
                format!(
                    "Put `{agent}` (on {}) on staged updates: a canary ring first, production hosts on N-1 content and versions, so a bad update stops at the first ring. Updates the vendor pushes past the rings (content updates, as in July 2024) still reach every host: that residual stays in the score. It moves from `agents` to `staged_agents`.",
                    hosts.join(", ")
                ),
                move |arch: &mut Architecture| {
                    for c in &mut arch.components {
                        let before = c.agents.len();
                        c.agents.retain(|a| a != &name);
                        if c.agents.len() < before && !c.staged_agents.contains(&name) {
                            c.staged_agents.push(name.clone());
                        }
                    }
                },
            )
        })
        .collect()
}
