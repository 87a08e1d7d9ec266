// The blast-radius picture's layout, computed in the engine worker (never on the main thread):
// journeys on top, components in layers below the journeys and components that need them, and
// the fault domains they rest on (provider regions, or the provider itself for global services)
// in a band at the bottom.
//
// Up to FULL_GRAPH_MAX components every component is a node. Above it the picture groups
// components by placement (provider and regions: the fault domains they share) and draws one
// node per group with its count, so a 9,000-component description draws a few dozen nodes,
// not 142,000 SVG elements. docs/web.md documents the threshold.

/** Most components drawn one by one; above, components are grouped by placement. */
export const FULL_GRAPH_MAX = 150;
/** Most journeys drawn one by one in a grouped picture; above, journeys are grouped by criticality. */
export const JOURNEY_GROUP_MAX = 24;
/** Most nodes side by side in one row; a wider layer wraps onto more rows. */
const ROW_MAX = 8;

export const NODE_W = 164;
export const NODE_H = 50;
const GAP_X = 22;
const GAP_Y = 58;
const WRAP_GAP_Y = 18;
const PAD = 16;
export const DOMAIN_H = 38;

const get = (o, camel, snake) => o?.[camel] ?? o?.[snake];

/** Flattens a dependency (id | {id, hard} | {anyOf, failover, hard}) into edges. */
function flatten(dep, hard = true, alt = false, out = []) {
  if (typeof dep === 'string') out.push({ target: dep, hard, alt });
  else if (dep && typeof dep === 'object') {
    const h = hard && dep.hard !== false;
    const group = get(dep, 'anyOf', 'any_of');
    if (Array.isArray(group)) for (const d of group) flatten(d, h, true, out);
    else if (typeof dep.id === 'string') out.push({ target: dep.id, hard: h, alt });
  }
  return out;
}

function regionName(r) {
  return typeof r === 'string' ? r : (r?.name ?? '?');
}

/** The provider-region (or provider) groups a component rests on. */
function domainsOf(c) {
  const regions = Array.isArray(c.regions) ? c.regions : [];
  if (regions.length === 0) return [{ key: `${c.provider}`, provider: c.provider, region: null, zones: null }];
  return regions.map((r) => {
    const name = regionName(r);
    const z = typeof r === 'string' ? 1 : (r.zones ?? 1);
    return { key: `${c.provider}/${name}`, provider: c.provider, region: name, zones: Array.isArray(z) ? z : Number(z) };
  });
}

/** The placement a large picture groups a component by: provider and its regions. */
function placementOf(c) {
  const regions = (Array.isArray(c.regions) ? c.regions : []).map(regionName).sort();
  const key = `group:${c.provider}${regions.length ? `/${regions.join('+')}` : ''}`;
  const label = regions.length ? `${c.provider} ${regions.join(' + ')}` : `${c.provider} (global)`;
  return { key, label };
}

/**
 * Layers (longest path from the top, cycles cut where met) and an order within each layer
 * from a few barycentre sweeps, down and up, which uncrosses most edges of a layered DAG.
 */
function arrange(nodes, edges) {
  const parents = new Map([...nodes.keys()].map((k) => [k, []]));
  const children = new Map([...nodes.keys()].map((k) => [k, []]));
  for (const e of edges) {
    parents.get(e.to)?.push(e.from);
    children.get(e.from)?.push(e.to);
  }
  const layer = new Map();
  const visiting = new Set();
  // Iterative depth-first longest path, so a 20,000-long chain cannot overflow the stack.
  for (const start of nodes.keys()) {
    if (layer.has(start)) continue;
    const stack = [[start, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [key, i] = top;
      const ps = parents.get(key);
      if (i === 0) visiting.add(key);
      if (i < ps.length) {
        top[1] += 1;
        const p = ps[i];
        if (!layer.has(p) && !visiting.has(p)) stack.push([p, 0]);
        continue;
      }
      const n = nodes.get(key);
      let d = n.type === 'journey' || n.type === 'journeys' ? 0 : n.hasJourneys ? 1 : 0;
      for (const p of ps) if (layer.has(p)) d = Math.max(d, layer.get(p) + 1);
      layer.set(key, d);
      visiting.delete(key);
      stack.pop();
    }
  }
  const rows = [];
  for (const [key, d] of layer) (rows[d] ??= []).push(key);
  const layers = rows.filter(Boolean);
  const pos = new Map();
  layers.forEach((row) => row.forEach((k, i) => pos.set(k, i)));
  const sweep = (row, neighbours) => {
    const keyed = row.map((k, i) => {
      const ns = neighbours.get(k).filter((p) => pos.has(p));
      return [ns.length ? ns.reduce((a, p) => a + pos.get(p), 0) / ns.length : i, i, k];
    });
    keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    row.splice(0, row.length, ...keyed.map((x) => x[2]));
    row.forEach((k, i) => pos.set(k, i));
  };
  for (let pass = 0; pass < 4; pass++) {
    if (pass % 2 === 0) for (let r = 1; r < layers.length; r++) sweep(layers[r], parents);
    else for (let r = layers.length - 2; r >= 0; r--) sweep(layers[r], children);
  }
  return layers;
}

/** Places the layers' nodes in rows of at most ROW_MAX; returns the height used. */
function place(layers, nodes, width, top) {
  let y = top;
  const rowsOf = [];
  layers.forEach((row, r) => {
    for (let i = 0; i < row.length; i += ROW_MAX) {
      const part = row.slice(i, i + ROW_MAX);
      const rowW = part.length * NODE_W + (part.length - 1) * GAP_X;
      const x0 = (width - rowW) / 2;
      part.forEach((k, j) => {
        const n = nodes.get(k);
        n.x = x0 + j * (NODE_W + GAP_X);
        n.y = y;
        n.layer = r;
      });
      rowsOf.push(part);
      y += NODE_H + (i + ROW_MAX < row.length ? WRAP_GAP_Y : GAP_Y);
    }
  });
  return { bottom: y, rows: rowsOf };
}

/**
 * Layout of the architecture (the `parse()` result): nodes with x/y, edges, domain boxes,
 * and the reading order for keyboard navigation. Plain data (structured-cloneable).
 */
export function layout(arch) {
  const components = Array.isArray(arch?.components) ? arch.components : [];
  return components.length > FULL_GRAPH_MAX ? grouped(arch) : full(arch);
}

function full(arch) {
  const components = Array.isArray(arch?.components) ? arch.components : [];
  const journeys = Array.isArray(arch?.journeys) ? arch.journeys : [];
  const byId = new Map(components.map((c) => [c.id, c]));
  const nodes = new Map();
  const edges = [];
  const hasJourneys = journeys.length > 0;
  journeys.forEach((j, i) => {
    const key = `journey:${j.name}`;
    nodes.set(key, { key, type: 'journey', label: j.name, sub: `journey · ${j.criticality ?? 'normal'}`, pointer: `/journeys/${i}` });
  });
  components.forEach((c, i) => {
    nodes.set(c.id, { key: c.id, type: 'component', label: c.id, sub: [c.kind, c.provider].filter(Boolean).join(' · '), pointer: `/components/${i}`, hasJourneys });
  });
  const seen = new Set();
  const link = (from, dep) => {
    for (const e of flatten(dep)) {
      if (!byId.has(e.target) || !nodes.has(from) || from === e.target) continue;
      const id = `${from}\u0000${e.target}`;
      if (seen.has(id)) continue;
      seen.add(id);
      edges.push({ from, to: e.target, hard: e.hard, alt: e.alt });
    }
  };
  for (const j of journeys) for (const d of j.entry ?? []) link(`journey:${j.name}`, d);
  for (const c of components) for (const d of get(c, 'dependsOn', 'depends_on') ?? []) link(c.id, d);

  const layers = arrange(nodes, edges);
  const domainMap = new Map();
  for (const c of components) {
    for (const d of domainsOf(c)) {
      const box = domainMap.get(d.key) ?? { key: d.key, provider: d.provider, region: d.region, components: [], zoneNames: new Set(), zoneCount: 0 };
      if (!box.components.includes(c.id)) box.components.push(c.id);
      if (Array.isArray(d.zones)) d.zones.forEach((z) => box.zoneNames.add(z));
      else box.zoneCount = Math.max(box.zoneCount, d.zones ?? 1);
      domainMap.set(d.key, box);
    }
  }
  const domains = [...domainMap.values()].sort((a, b) => a.key.localeCompare(b.key));
  const widest = Math.max(1, Math.min(ROW_MAX, Math.max(0, ...layers.map((r) => r.length))), Math.min(domains.length, ROW_MAX));
  const width = PAD * 2 + widest * NODE_W + (widest - 1) * GAP_X;
  const { bottom, rows } = place(layers, nodes, width, PAD);
  // The domain band, wrapped like the layers.
  let y = bottom + 6;
  for (let i = 0; i < domains.length; i += ROW_MAX) {
    const part = domains.slice(i, i + ROW_MAX);
    const rowW = part.length * NODE_W + (part.length - 1) * GAP_X;
    part.forEach((d, j) => {
      d.x = (width - rowW) / 2 + j * (NODE_W + GAP_X);
      d.y = y;
      d.w = NODE_W;
    });
    y += DOMAIN_H + WRAP_GAP_Y;
  }
  const out = domains.map((d) => {
    const zones = d.zoneNames.size > 0 ? `${d.zoneNames.size} named zone${d.zoneNames.size > 1 ? 's' : ''}` : d.region ? `${d.zoneCount} zone${d.zoneCount > 1 ? 's' : ''}` : 'global';
    return { key: d.key, provider: d.provider, region: d.region, label: d.region ? `${d.provider} ${d.region}` : d.provider, zones, components: d.components, x: d.x, y: d.y, w: d.w };
  });
  const order = rows.flat();
  return {
    mode: 'full',
    nodes: order.map((k) => nodes.get(k)).map(({ hasJourneys: _, ...n }) => n),
    edges,
    domains: out,
    rows,
    width,
    height: (domains.length ? y - WRAP_GAP_Y : bottom - GAP_Y) + PAD,
    components: components.length,
    journeys: journeys.length,
  };
}

function grouped(arch) {
  const components = Array.isArray(arch?.components) ? arch.components : [];
  const journeys = Array.isArray(arch?.journeys) ? arch.journeys : [];
  const groupOf = new Map();
  const nodes = new Map();
  const hasJourneys = journeys.length > 0;
  const journeyKey = journeyGrouping(journeys);
  journeys.forEach((j, i) => {
    const key = journeyKey(j);
    const n = nodes.get(key);
    if (n) {
      n.count += 1;
      if (n.members.length < 12) n.members.push(j.name);
      n.sub = `${n.count.toLocaleString('en')} journeys`;
    } else if (key.startsWith('journeys:')) {
      const crit = j.criticality ?? 'normal';
      nodes.set(key, { key, type: 'journeys', label: `${crit} journeys`, sub: '1 journey', count: 1, members: [j.name], pointer: `/journeys/${i}` });
    } else nodes.set(key, { key, type: 'journey', label: j.name, sub: `journey · ${j.criticality ?? 'normal'}`, pointer: `/journeys/${i}` });
  });
  components.forEach((c, i) => {
    const p = placementOf(c);
    groupOf.set(c.id, p.key);
    const g = nodes.get(p.key);
    if (g) {
      g.count += 1;
      if (g.members.length < 12) g.members.push(c.id);
    } else nodes.set(p.key, { key: p.key, type: 'group', label: p.label, count: 1, members: [c.id], pointer: `/components/${i}`, hasJourneys });
  });
  for (const n of nodes.values()) if (n.type === 'group') n.sub = `${n.count.toLocaleString('en')} component${n.count === 1 ? '' : 's'}`;
  const counted = new Map();
  const link = (from, dep) => {
    for (const e of flatten(dep)) {
      const to = groupOf.get(e.target);
      if (!to || from === to) continue;
      const id = `${from}\u0000${to}`;
      const edge = counted.get(id) ?? { from, to, hard: false, alt: false, count: 0 };
      edge.count += 1;
      edge.hard ||= e.hard;
      edge.alt ||= e.alt;
      counted.set(id, edge);
    }
  };
  for (const j of journeys) for (const d of j.entry ?? []) link(journeyKey(j), d);
  for (const c of components) for (const d of get(c, 'dependsOn', 'depends_on') ?? []) link(groupOf.get(c.id), d);
  const edges = [...counted.values()];
  const layers = arrange(nodes, edges);
  const widest = Math.max(1, Math.min(ROW_MAX, Math.max(0, ...layers.map((r) => r.length))));
  const width = PAD * 2 + widest * NODE_W + (widest - 1) * GAP_X;
  const { bottom, rows } = place(layers, nodes, width, PAD);
  return {
    mode: 'grouped',
    nodes: rows.flat().map((k) => nodes.get(k)).map(({ hasJourneys: _, ...n }) => n),
    edges,
    domains: [],
    rows,
    width,
    height: bottom - GAP_Y + PAD,
    components: components.length,
    journeys: journeys.length,
  };
}

/** The node a journey is drawn in: its own, or (many journeys) its criticality's group. */
function journeyGrouping(journeys) {
  if (journeys.length <= JOURNEY_GROUP_MAX) return (j) => `journey:${j.name}`;
  return (j) => `journeys:${j.criticality ?? 'normal'}`;
}

/** Which domain boxes a failed domain id (`region:aws/us-east-1`, `zone:...`) hits. */
function hitBoxes(domainId, domains) {
  const colon = domainId.indexOf(':');
  const cls = domainId.slice(0, colon);
  const rest = domainId.slice(colon + 1);
  const parts = rest.split('/');
  const hits = [];
  for (const d of domains) {
    switch (cls) {
      case 'zone':
      case 'region':
      case 'control':
      case 'control-plane':
      case 'service':
        if (parts[0] === d.provider && (parts[1] === d.region || parts[1] === 'global')) hits.push([d, cls === 'zone' ? 'partial' : 'full']);
        break;
      case 'edge':
      case 'backbone':
      case 'dns':
      case 'monitoring':
      case 'identity':
        if (rest === d.provider) hits.push([d, cls === 'backbone' ? 'full' : 'partial']);
        break;
      case 'saas':
      case 'site':
        if (domainId === d.provider || `on-prem:${rest}` === d.provider || rest === d.provider) hits.push([d, 'full']);
        break;
      default:
        break;
    }
  }
  return hits;
}

/**
 * What a simulation does to the picture: per node its status and a line of text, the
 * domain boxes it hits, a one-line summary. `impact(x)` words a journey's or component's
 * impact (the worker's, with the engine's minute format).
 */
export function overlay(g, arch, sim, impact) {
  const compStatus = new Map((sim.components ?? []).map((c) => [c.id, c]));
  const saved = new Set();
  const journeyStatus = new Map();
  for (const j of sim.journeys ?? []) {
    journeyStatus.set(`journey:${j.name}`, j);
    for (const step of j.chain ?? []) if (step.kind === 'failover-worked') saved.add(step.subject);
  }
  const nodes = [];
  const counts = { down: 0, degraded: 0, up: 0 };
  for (const c of compStatus.values()) counts[c.status] = (counts[c.status] ?? 0) + 1;
  if (g.mode === 'full') {
    for (const n of g.nodes) {
      const info = n.type === 'journey' ? journeyStatus.get(n.key) : compStatus.get(n.key);
      const status = info?.status ?? 'up';
      let line = status === 'up' ? 'up' : impact(info);
      const isSaved = n.type === 'component' && saved.has(n.key);
      if (isSaved) line += ' · failover saved it';
      nodes.push({ key: n.key, status, line, saved: isSaved });
    }
  } else {
    const groups = new Map();
    const components = Array.isArray(arch?.components) ? arch.components : [];
    for (const c of components) {
      const key = placementOf(c).key;
      const s = compStatus.get(c.id)?.status ?? 'up';
      const tally = groups.get(key) ?? { down: 0, degraded: 0, up: 0, saved: 0 };
      tally[s] += 1;
      if (saved.has(c.id)) tally.saved += 1;
      groups.set(key, tally);
    }
    const journeyKey = journeyGrouping(Array.isArray(arch?.journeys) ? arch.journeys : []);
    for (const j of Array.isArray(arch?.journeys) ? arch.journeys : []) {
      const key = journeyKey(j);
      if (!key.startsWith('journeys:')) continue;
      const s = journeyStatus.get(`journey:${j.name}`)?.status ?? 'up';
      const tally = groups.get(key) ?? { down: 0, degraded: 0, up: 0, saved: 0 };
      tally[s] += 1;
      groups.set(key, tally);
    }
    for (const n of g.nodes) {
      if (n.type === 'journey') {
        const info = journeyStatus.get(n.key);
        const status = info?.status ?? 'up';
        nodes.push({ key: n.key, status, line: status === 'up' ? 'up' : impact(info), saved: false });
        continue;
      }
      const t = groups.get(n.key) ?? { down: 0, degraded: 0, up: 0, saved: 0 };
      const status = t.down ? 'down' : t.degraded ? 'degraded' : 'up';
      const parts = [t.down && `${t.down} down`, t.degraded && `${t.degraded} degraded`, t.saved && `${t.saved} saved`].filter(Boolean);
      nodes.push({ key: n.key, status, line: parts.length ? parts.join(' · ') : 'all up', saved: t.saved > 0 });
    }
  }
  const hit = new Map();
  for (const f of sim.failedDomains ?? []) {
    for (const [d, how] of hitBoxes(String(f.domain), g.domains)) if (hit.get(d.key) !== 'full') hit.set(d.key, how);
  }
  const summary = `${g.components} components: ${counts.down} down, ${counts.degraded} degraded, ${counts.up} up; ${saved.size} saved by failover`;
  return { nodes, domains: [...hit].map(([key, how]) => ({ key, how })), failed: (sim.failedDomains ?? []).map((f) => String(f.domain)), summary };
}
