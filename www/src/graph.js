// The blast-radius picture: journeys on top, components in layers below the journeys and
// components that need them, and the fault domains they rest on (provider regions, or the
// provider itself for global services) in a band at the bottom. The layout is computed here
// from parse(text); a simulation colours it.
import { fmtMinutes, s } from './dom.js';

const NODE_W = 164;
const NODE_H = 50;
const GAP_X = 22;
const GAP_Y = 58;
const PAD = 16;
const DOMAIN_H = 38;

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

/** The provider-region (or provider) groups a component rests on. */
function domainsOf(c) {
  const regions = Array.isArray(c.regions) ? c.regions : [];
  if (regions.length === 0) return [{ key: `${c.provider}`, provider: c.provider, region: null, zones: null }];
  return regions.map((r) => {
    const name = typeof r === 'string' ? r : r.name;
    const z = typeof r === 'string' ? 1 : (r.zones ?? 1);
    return { key: `${c.provider}/${name}`, provider: c.provider, region: name, zones: Array.isArray(z) ? z : Number(z) };
  });
}

/**
 * Layout of the architecture: nodes with x/y, edges, domain boxes.
 * Layer of a component = 1 + the deepest layer of anything that needs it (journeys are 0).
 */
export function layout(arch) {
  const components = Array.isArray(arch?.components) ? arch.components : [];
  const journeys = Array.isArray(arch?.journeys) ? arch.journeys : [];
  const byId = new Map(components.map((c) => [c.id, c]));
  const nodes = new Map();
  const edges = [];
  for (const j of journeys) nodes.set(`journey:${j.name}`, { key: `journey:${j.name}`, type: 'journey', label: j.name, sub: `journey · ${j.criticality ?? 'normal'}`, parents: [] });
  for (const c of components) {
    nodes.set(c.id, { key: c.id, type: 'component', id: c.id, label: c.id, sub: [c.kind, c.provider].filter(Boolean).join(' · '), parents: [], component: c });
  }
  const link = (from, dep) => {
    for (const e of flatten(dep)) {
      if (!byId.has(e.target) || !nodes.has(from)) continue;
      edges.push({ from, to: e.target, hard: e.hard, alt: e.alt });
      nodes.get(e.target).parents.push(from);
    }
  };
  for (const j of journeys) for (const d of j.entry ?? []) link(`journey:${j.name}`, d);
  for (const c of components) for (const d of get(c, 'dependsOn', 'depends_on') ?? []) link(c.id, d);

  // Longest path from the top; a cycle (reported by validation anyway) is cut where met.
  const layer = new Map();
  const visiting = new Set();
  const depth = (key) => {
    if (layer.has(key)) return layer.get(key);
    if (visiting.has(key)) return 0;
    visiting.add(key);
    const n = nodes.get(key);
    let d = n.type === 'journey' ? 0 : journeys.length > 0 ? 1 : 0;
    for (const p of n.parents) d = Math.max(d, depth(p) + 1);
    visiting.delete(key);
    layer.set(key, d);
    return d;
  };
  for (const key of nodes.keys()) depth(key);
  const layers = [];
  for (const [key, d] of layer) (layers[d] ??= []).push(key);
  const rows = layers.filter(Boolean);

  // Order within a layer by the mean position of the parents (one downward sweep).
  const pos = new Map();
  rows.forEach((row, r) => {
    if (r > 0) {
      const bary = (k) => {
        const ps = nodes.get(k).parents.filter((p) => pos.has(p));
        return ps.length ? ps.reduce((a, p) => a + pos.get(p), 0) / ps.length : Number.MAX_SAFE_INTEGER;
      };
      const keyed = row.map((k, i) => [bary(k), i, k]);
      keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      row.splice(0, row.length, ...keyed.map((x) => x[2]));
    }
    row.forEach((k, i) => pos.set(k, i));
  });

  // Fault-domain band: one box per provider-region (or provider, for global services).
  const domainMap = new Map();
  for (const c of components) {
    for (const d of domainsOf(c)) {
      const box = domainMap.get(d.key) ?? { ...d, components: [], zoneNames: new Set(), zoneCount: 0 };
      box.components.push(c.id);
      if (Array.isArray(d.zones)) d.zones.forEach((z) => box.zoneNames.add(z));
      else box.zoneCount = Math.max(box.zoneCount, d.zones ?? 1);
      domainMap.set(d.key, box);
    }
  }
  const domains = [...domainMap.values()].sort((a, b) => a.key.localeCompare(b.key));

  const widest = Math.max(1, domains.length, ...rows.map((r) => r.length));
  const width = PAD * 2 + widest * NODE_W + (widest - 1) * GAP_X;
  rows.forEach((row, r) => {
    const rowW = row.length * NODE_W + (row.length - 1) * GAP_X;
    const x0 = (width - rowW) / 2;
    row.forEach((k, i) => {
      const n = nodes.get(k);
      n.x = x0 + i * (NODE_W + GAP_X);
      n.y = PAD + r * (NODE_H + GAP_Y);
    });
  });
  const domainY = PAD + rows.length * (NODE_H + GAP_Y) + 6;
  const dW = domains.length ? Math.min(NODE_W, (width - PAD * 2 - (domains.length - 1) * GAP_X) / domains.length) : NODE_W;
  const dRowW = domains.length * dW + Math.max(0, domains.length - 1) * GAP_X;
  domains.forEach((d, i) => {
    d.x = (width - dRowW) / 2 + i * (dW + GAP_X);
    d.y = domainY;
    d.w = dW;
  });
  const height = domainY + (domains.length ? DOMAIN_H : 0) + PAD;
  return { nodes: [...nodes.values()], edges, domains, width, height };
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

const truncate = (t, n) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);

/**
 * Draws the graph into `container` (an element); returns a one-line text summary.
 * `sim` (a SimulateReport or null) colours components and journeys by status and marks
 * the components whose failover limited the impact.
 */
export function draw(container, arch, sim) {
  const g = layout(arch);
  const compStatus = new Map();
  const journeyStatus = new Map();
  const saved = new Set();
  if (sim) {
    for (const c of sim.components ?? []) compStatus.set(c.id, c);
    for (const j of sim.journeys ?? []) {
      journeyStatus.set(`journey:${j.name}`, { status: j.status, impactMinutes: j.impactMinutes, degradedMinutes: j.degradedMinutes });
      for (const step of j.chain ?? []) if (step.kind === 'failover-worked') saved.add(step.subject);
    }
  }
  const failedBoxes = new Map();
  if (sim) {
    for (const f of sim.failedDomains ?? []) {
      for (const [d, how] of hitBoxes(String(f.domain), g.domains)) {
        if (failedBoxes.get(d.key) !== 'full') failedBoxes.set(d.key, how);
      }
    }
  }
  const byKey = new Map(g.nodes.map((n) => [n.key, n]));

  const svg = s('svg', {
    viewBox: `0 0 ${g.width} ${g.height}`,
    width: g.width,
    height: g.height,
    role: 'img',
    class: sim ? 'graph simulated' : 'graph',
  });
  const counts = { down: 0, degraded: 0, up: 0 };
  const defs = s('defs', null, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' })));
  svg.append(defs);

  // Placement links: component → the domain boxes it rests on.
  const links = s('g', { class: 'placements' });
  for (const d of g.domains) {
    for (const id of d.components) {
      const n = byKey.get(id);
      if (!n) continue;
      links.append(s('line', { x1: n.x + NODE_W / 2, y1: n.y + NODE_H, x2: d.x + d.w / 2, y2: d.y, class: 'placement' }));
    }
  }
  svg.append(links);

  const edgeLayer = s('g', { class: 'edges' });
  for (const e of g.edges) {
    const a = byKey.get(e.from);
    const b = byKey.get(e.to);
    const x1 = a.x + NODE_W / 2;
    const y1 = a.y + NODE_H;
    const x2 = b.x + NODE_W / 2;
    const y2 = b.y;
    const my = (y1 + y2) / 2;
    const st = compStatus.get(e.to)?.status;
    edgeLayer.append(
      s('path', {
        d: `M ${x1} ${y1} C ${x1} ${my}, ${x2} ${my}, ${x2} ${y2 - 2}`,
        class: ['edge', e.hard ? 'hard' : 'soft', e.alt && 'alt', st && st !== 'up' && `carries-${st}`],
        'marker-end': 'url(#arrow)',
      }),
    );
  }
  svg.append(edgeLayer);

  const nodeLayer = s('g', { class: 'nodes' });
  for (const n of g.nodes) {
    const info = n.type === 'journey' ? journeyStatus.get(n.key) : compStatus.get(n.id);
    const status = sim ? (info?.status ?? 'up') : 'none';
    if (sim && n.type === 'component') counts[status] = (counts[status] ?? 0) + 1;
    let line3 = '';
    if (sim && info) {
      if (status === 'down') line3 = `down ${fmtMinutes(info.impactMinutes)}`;
      else if (status === 'degraded') line3 = `degraded ${fmtMinutes(info.degradedMinutes)}`;
      else line3 = 'up';
    }
    const isSaved = n.type === 'component' && saved.has(n.id);
    if (isSaved) line3 += ' · failover saved it';
    const title = [n.label, n.sub, line3].filter(Boolean).join(' — ');
    nodeLayer.append(
      s(
        'g',
        {
          class: ['node', n.type, `status-${status}`, isSaved && 'failover-saved'],
          transform: `translate(${n.x} ${n.y})`,
          'data-id': n.type === 'journey' ? n.key : n.id,
          'data-status': status,
        },
        s('title', null, title),
        s('rect', { width: NODE_W, height: NODE_H, rx: n.type === 'journey' ? 18 : 6 }),
        isSaved ? s('circle', { cx: NODE_W - 10, cy: 10, r: 5, class: 'saved-mark' }) : null,
        s('text', { x: 10, y: 18, class: 'label' }, truncate(n.label, 22)),
        s('text', { x: 10, y: 32, class: 'sub' }, truncate(n.sub, 28)),
        line3 ? s('text', { x: 10, y: 44, class: 'state' }, truncate(line3, 30)) : null,
      ),
    );
  }
  svg.append(nodeLayer);

  const domainLayer = s('g', { class: 'domains' });
  for (const d of g.domains) {
    const hit = failedBoxes.get(d.key);
    const zones = d.zoneNames.size > 0 ? `${d.zoneNames.size} named zone${d.zoneNames.size > 1 ? 's' : ''}` : d.region ? `${d.zoneCount} zone${d.zoneCount > 1 ? 's' : ''}` : 'global';
    const label = d.region ? `${d.provider} ${d.region}` : d.provider;
    domainLayer.append(
      s(
        'g',
        { class: ['domain', hit && `failed-${hit}`], transform: `translate(${d.x} ${d.y})`, 'data-domain': d.key },
        s('title', null, `${label}: ${zones}; used by ${d.components.join(', ')}${hit ? ` — failed (${hit === 'full' ? 'whole' : 'part'})` : ''}`),
        s('rect', { width: d.w, height: DOMAIN_H, rx: 3 }),
        s('text', { x: 8, y: 16, class: 'label' }, truncate(label, Math.max(8, Math.floor(d.w / 7)))),
        s('text', { x: 8, y: 30, class: 'sub' }, truncate(zones, Math.max(8, Math.floor(d.w / 6.5)))),
      ),
    );
  }
  svg.append(domainLayer);

  const comps = g.nodes.filter((n) => n.type === 'component').length;
  const summary = sim
    ? `${comps} components: ${counts.down} down, ${counts.degraded} degraded, ${counts.up} up; ${saved.size} saved by failover`
    : `${comps} components, ${g.edges.length} dependencies, ${g.domains.length} fault-domain groups; pick a scenario to colour it`;
  svg.setAttribute('aria-label', `Dependency and fault-domain graph. ${summary}.`);
  container.replaceChildren(svg);
  return summary;
}
