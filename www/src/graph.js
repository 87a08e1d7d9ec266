// The blast-radius picture on the page: draws the layout the worker computed (layout.js), colours
// it with a simulation's overlay, and makes it usable: fit, zoom and pan (through the SVG
// viewBox: no inline styles, which the CSP forbids), the paths through a node lit on hover or
// focus, and nodes reachable by keyboard (one tab stop; arrow keys move between nodes, Enter
// jumps to the node's line in the editor).
import { DOMAIN_H, NODE_H, NODE_W } from './layout.js';
import { s } from './dom.js';

const truncate = (t, n) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 4;

export class Graph {
  /**
   * @param {HTMLElement} viewport the element the SVG goes in
   * @param {{ onActivate: (node: object) => void, onKeyHelp?: string }} options
   */
  constructor(viewport, { onActivate }) {
    this.viewport = viewport;
    this.onActivate = onActivate;
    this.g = null;
    this.svg = null;
    this.view = null; // [x, y, w, h] of the viewBox
    this.focusKey = null;
    this.overlay = null;
  }

  /** Draws a new layout (or the same one again) and fits it. */
  setLayout(g) {
    this.g = g;
    this.byKey = new Map(g.nodes.map((n) => [n.key, n]));
    this.up = new Map(g.nodes.map((n) => [n.key, []]));
    this.down = new Map(g.nodes.map((n) => [n.key, []]));
    g.edges.forEach((e, i) => {
      this.up.get(e.to)?.push([e.from, i]);
      this.down.get(e.from)?.push([e.to, i]);
    });
    if (!this.byKey.has(this.focusKey)) this.focusKey = g.nodes[0]?.key ?? null;
    this.draw();
    this.fit();
  }

  /** Colours the picture by a simulation overlay (from the worker), or clears it (null). */
  setOverlay(o) {
    this.overlay = o;
    if (this.g) this.paint();
  }

  draw() {
    const g = this.g;
    const svg = s('svg', {
      class: ['graph', g.mode],
      role: 'group',
      'aria-roledescription': 'graph',
      preserveAspectRatio: 'xMidYMid meet',
    });
    svg.append(s('defs', null, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }))));
    const placements = s('g', { class: 'placements' });
    for (const d of g.domains) {
      for (const id of d.components) {
        const n = this.byKey.get(id);
        if (n) placements.append(s('line', { x1: n.x + NODE_W / 2, y1: n.y + NODE_H, x2: d.x + d.w / 2, y2: d.y, class: 'placement', 'data-from': id, 'data-domain': d.key }));
      }
    }
    const edgeLayer = s('g', { class: 'edges' });
    this.edgeEls = g.edges.map((e) => {
      const a = this.byKey.get(e.from);
      const b = this.byKey.get(e.to);
      const x1 = a.x + NODE_W / 2;
      const y1 = a.y + NODE_H;
      const x2 = b.x + NODE_W / 2;
      const y2 = b.y;
      const back = y2 <= y1; // a cycle, or an edge into a wrapped row above
      const my = back ? Math.max(y1, y2) + 30 : (y1 + y2) / 2;
      const el = s(
        'path',
        {
          d: `M ${x1} ${y1} C ${x1} ${my}, ${x2} ${my}, ${x2} ${y2 - 2}`,
          class: ['edge', e.hard ? 'hard' : 'soft', e.alt && 'alt', e.count > 1 && 'bundle'],
          'marker-end': 'url(#arrow)',
        },
        e.count ? s('title', null, `${e.count} dependenc${e.count === 1 ? 'y' : 'ies'}`) : null,
      );
      edgeLayer.append(el);
      return el;
    });
    const nodeLayer = s('g', { class: 'nodes' });
    this.nodeEls = new Map();
    for (const n of g.nodes) {
      const el = s(
        'g',
        {
          class: ['node', n.type, 'status-none'],
          transform: `translate(${n.x} ${n.y})`,
          'data-id': n.key,
          'data-status': 'none',
          role: 'button',
          tabindex: n.key === this.focusKey ? 0 : -1,
        },
        s('rect', { width: NODE_W, height: NODE_H, rx: n.type === 'journey' || n.type === 'journeys' ? 18 : 6 }),
        // One text element, so its words read in order with spaces between the lines (the
        // trailing spaces do not show): the accessible name starts with exactly these words.
        s(
          'text',
          null,
          s('tspan', { x: 10, y: 18, class: 'label' }, `${truncate(n.label, 22)} `),
          s('tspan', { x: 10, y: 32, class: 'sub' }, `${truncate(n.sub ?? '', 28)} `),
          s('tspan', { x: 10, y: 44, class: 'state' }, ''),
        ),
      );
      el.addEventListener('click', () => this.activate(n));
      el.addEventListener('pointerenter', () => this.light(n.key));
      el.addEventListener('pointerleave', () => this.light(null));
      el.addEventListener('focus', () => {
        this.focusKey = n.key;
        this.light(n.key);
        this.reveal(n);
      });
      el.addEventListener('blur', () => this.light(null));
      el.addEventListener('keydown', (event) => this.key(event, n));
      this.nodeEls.set(n.key, el);
      nodeLayer.append(el);
    }
    const domainLayer = s('g', { class: 'domains' });
    this.domainEls = new Map();
    for (const d of g.domains) {
      const el = s(
        'g',
        { class: 'domain', transform: `translate(${d.x} ${d.y})`, 'data-domain': d.key },
        s('title', null, `${d.label}: ${d.zones}; used by ${d.components.join(', ')}`),
        s('rect', { width: d.w, height: DOMAIN_H, rx: 3 }),
        s('text', { x: 8, y: 16, class: 'label' }, truncate(d.label, 22)),
        s('text', { x: 8, y: 30, class: 'sub' }, truncate(d.zones, 24)),
      );
      el.addEventListener('pointerenter', () => this.lightDomain(d));
      el.addEventListener('pointerleave', () => this.light(null));
      this.domainEls.set(d.key, el);
      domainLayer.append(el);
    }
    svg.append(placements, edgeLayer, nodeLayer, domainLayer);
    this.placementLayer = placements;
    this.svg = svg;
    this.panning(svg);
    this.viewport.replaceChildren(svg);
    this.paint();
  }

  /** Applies the overlay (or none) to the drawn nodes and domain boxes. */
  paint() {
    const o = this.overlay;
    const byKey = new Map((o?.nodes ?? []).map((x) => [x.key, x]));
    for (const n of this.g.nodes) {
      const el = this.nodeEls.get(n.key);
      const info = byKey.get(n.key);
      const status = o ? (info?.status ?? 'up') : 'none';
      el.setAttribute('class', ['node', n.type, `status-${status}`, info?.saved && 'failover-saved'].filter(Boolean).join(' '));
      el.setAttribute('data-status', status);
      const line = o ? (info?.line ?? 'up') : '';
      el.querySelector('tspan.state').textContent = truncate(line, 30);
      // The name starts with the words shown (label in name), then what the box cuts off.
      const shown = [truncate(n.label, 22), truncate(n.sub ?? '', 28), truncate(line, 30)].filter(Boolean);
      const cut = [n.label, n.sub ?? '', line].filter(Boolean).some((t, i) => t !== shown[i]);
      const members = n.type === 'group' || n.type === 'journeys' ? `. ${n.type === 'group' ? 'Components' : 'Journeys'}: ${n.members.join(', ')}${n.count > n.members.length ? ` and ${n.count - n.members.length} more` : ''}` : '';
      el.setAttribute('aria-label', `${shown.join(' ')}${cut ? ` (in full: ${[n.label, n.sub, line].filter(Boolean).join(', ')})` : ''}${members}. Enter: go to its line.`);
    }
    const hit = new Map((o?.domains ?? []).map((d) => [d.key, d.how]));
    for (const [key, el] of this.domainEls) {
      const how = hit.get(key);
      el.setAttribute('class', ['domain', how && `failed-${how}`].filter(Boolean).join(' '));
    }
    const lines = new Map((o?.nodes ?? []).map((x) => [x.key, x.status]));
    this.g.edges.forEach((e, i) => {
      const st = lines.get(e.to);
      this.edgeEls[i].classList.toggle('carries-down', st === 'down');
      this.edgeEls[i].classList.toggle('carries-degraded', st === 'degraded');
    });
    this.svg.classList.toggle('simulated', Boolean(o));
    const summary = o ? o.summary : `${this.g.components} components, ${this.g.edges.length} ${this.g.mode === 'grouped' ? 'links between groups' : 'dependencies'}`;
    this.svg.setAttribute('aria-label', `Dependency graph${this.g.mode === 'grouped' ? ', components grouped by provider and regions' : ''}. ${summary}. Arrow keys move between nodes.`);
  }

  /** Lights the paths through `key`: everything that needs it, everything it needs. */
  light(key) {
    if (!this.svg) return;
    for (const el of this.svg.querySelectorAll('.lit')) el.classList.remove('lit');
    this.svg.classList.toggle('tracing', key !== null);
    if (key === null) return;
    const walk = (start, adj) => {
      const seen = new Set([start]);
      const stack = [start];
      while (stack.length) {
        const k = stack.pop();
        for (const [next, i] of adj.get(k) ?? []) {
          this.edgeEls[i].classList.add('lit');
          if (!seen.has(next)) {
            seen.add(next);
            stack.push(next);
          }
        }
      }
      return seen;
    };
    const keys = new Set([...walk(key, this.up), ...walk(key, this.down)]);
    for (const k of keys) this.nodeEls.get(k)?.classList.add('lit');
    for (const line of this.placementLayer.children) if (line.getAttribute('data-from') === key) line.classList.add('lit');
  }

  lightDomain(d) {
    for (const el of this.svg.querySelectorAll('.lit')) el.classList.remove('lit');
    this.svg.classList.add('tracing');
    this.domainEls.get(d.key)?.classList.add('lit');
    for (const id of d.components) this.nodeEls.get(id)?.classList.add('lit');
    for (const line of this.placementLayer.children) if (line.getAttribute('data-domain') === d.key) line.classList.add('lit');
  }

  activate(n) {
    this.onActivate?.(n);
  }

  /** Moves keyboard focus to another node (roving tab stop). */
  focusNode(key) {
    const el = this.nodeEls.get(key);
    if (!el) return;
    for (const other of this.nodeEls.values()) other.setAttribute('tabindex', '-1');
    el.setAttribute('tabindex', '0');
    this.focusKey = key;
    el.focus();
  }

  key(event, n) {
    const rows = this.g.rows;
    const r = rows.findIndex((row) => row.includes(n.key));
    const i = rows[r].indexOf(n.key);
    const order = this.g.nodes.map((x) => x.key);
    const at = order.indexOf(n.key);
    const nearest = (row) => row.reduce((best, k) => (Math.abs(this.byKey.get(k).x - n.x) < Math.abs(this.byKey.get(best).x - n.x) ? k : best), row[0]);
    let next = null;
    switch (event.key) {
      case 'ArrowRight':
        next = order[at + 1];
        break;
      case 'ArrowLeft':
        next = order[at - 1];
        break;
      case 'ArrowDown':
        next = rows[r + 1] ? nearest(rows[r + 1]) : null;
        break;
      case 'ArrowUp':
        next = rows[r - 1] ? nearest(rows[r - 1]) : null;
        break;
      case 'Home':
        next = order[0];
        break;
      case 'End':
        next = order[order.length - 1];
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.activate(n);
        return;
      case '+':
      case '=':
        this.zoom(1.25);
        break;
      case '-':
        this.zoom(0.8);
        break;
      default:
        return;
    }
    void i;
    event.preventDefault();
    if (next) this.focusNode(next);
  }

  // --- viewBox: fit, zoom, pan ---

  setView(v) {
    this.view = v;
    this.svg?.setAttribute('viewBox', v.map((x) => Math.round(x * 10) / 10).join(' '));
  }

  fit() {
    if (!this.g) return;
    this.setView([0, 0, this.g.width, this.g.height]);
  }

  zoom(factor, cx, cy) {
    if (!this.view || !this.g) return;
    const [x, y, w, h] = this.view;
    const full = Math.max(this.g.width, this.g.height);
    const nw = Math.min(full / MIN_ZOOM, Math.max(NODE_W / MAX_ZOOM, w / factor));
    const k = nw / w;
    const px = cx ?? x + w / 2;
    const py = cy ?? y + h / 2;
    this.setView([px - (px - x) * k, py - (py - y) * k, w * k, h * k]);
  }

  /** Pans so that a node (focused by keyboard) is in view. */
  reveal(n) {
    if (!this.view) return;
    const [x, y, w, h] = this.view;
    if (n.x >= x && n.y >= y && n.x + NODE_W <= x + w && n.y + NODE_H <= y + h) return;
    this.setView([n.x + NODE_W / 2 - w / 2, n.y + NODE_H / 2 - h / 2, w, h]);
  }

  panning(svg) {
    let start = null;
    svg.addEventListener('pointerdown', (event) => {
      if (event.button !== 0 || event.target.closest('.node')) return;
      start = { x: event.clientX, y: event.clientY, view: this.view };
      svg.setPointerCapture(event.pointerId);
      svg.classList.add('panning');
    });
    svg.addEventListener('pointermove', (event) => {
      if (!start) return;
      const rect = svg.getBoundingClientRect();
      const [x, y, w, h] = start.view;
      // With "meet", one screen pixel is the larger of the two ratios in viewBox units.
      const unit = Math.max(w / rect.width, h / rect.height);
      this.setView([x - (event.clientX - start.x) * unit, y - (event.clientY - start.y) * unit, w, h]);
    });
    const end = () => {
      start = null;
      svg.classList.remove('panning');
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    svg.addEventListener(
      'wheel',
      (event) => {
        if (!event.ctrlKey && !event.metaKey) return; // a plain wheel scrolls the page
        event.preventDefault();
        const rect = svg.getBoundingClientRect();
        const [x, y, w, h] = this.view;
        const unit = Math.max(w / rect.width, h / rect.height);
        const cx = x + (event.clientX - rect.left - (rect.width - w / unit) / 2) * unit;
        const cy = y + (event.clientY - rect.top - (rect.height - h / unit) / 2) * unit;
        this.zoom(event.deltaY < 0 ? 1.2 : 1 / 1.2, cx, cy);
      },
      { passive: false },
    );
  }
}
