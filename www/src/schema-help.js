// Hover help and key/value completion from the package's JSON Schema (`schema()`).
//
// The path of the key under the cursor is found from the syntax tree for JSON and from
// indentation for block-style YAML (flow mappings `{ a: 1 }` get no help); the schema is
// then walked along that path through `$ref`, `anyOf`/`oneOf` and array `items`.
import { syntaxTree } from '@codemirror/language';

const ITEM = '[]';

/** The schema nodes a node stands for (follows $ref, spreads anyOf/oneOf/allOf). */
function expand(root, node, seen = new Set()) {
  if (!node || typeof node !== 'object' || seen.has(node)) return [];
  seen.add(node);
  if (typeof node.$ref === 'string') {
    const target = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((o, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], root);
    return [node, ...expand(root, target, seen)];
  }
  const alts = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  return [node, ...alts.flatMap((a) => expand(root, a, seen))];
}

/** The schema alternatives at `path` (keys and ITEM markers), or [] when unknown. */
export function schemaAt(root, path) {
  let current = expand(root, root);
  for (const step of path) {
    const next = [];
    for (const n of current) {
      if (step === ITEM) {
        if (n.items) next.push(...expand(root, n.items));
      } else if (n.properties?.[step]) next.push(...expand(root, n.properties[step]));
    }
    if (next.length === 0) return [];
    current = next;
  }
  return current;
}

function descriptionOf(nodes) {
  for (const n of nodes) if (typeof n.description === 'string') return n.description;
  return null;
}

function enumValues(nodes) {
  const out = [];
  for (const n of nodes) {
    if (n.const !== undefined) out.push({ value: n.const, info: n.description ?? null });
    for (const v of n.enum ?? []) if (v !== null) out.push({ value: v, info: null });
  }
  return out;
}

function propertiesOf(nodes) {
  const out = new Map();
  for (const n of nodes) for (const [k, v] of Object.entries(n.properties ?? {})) if (!out.has(k)) out.set(k, v);
  return out;
}

// --- YAML: the key path of a line from its indentation -------------------------------------

/** Splits a YAML line into indentation, list-dash columns and its `key:` (if any). */
function yamlLine(text) {
  let i = 0;
  while (text[i] === ' ') i++;
  const dashes = [];
  while (text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === undefined)) {
    dashes.push(i);
    i += 2;
    while (text[i] === ' ') i++;
  }
  const m = /^([A-Za-z_][\w-]*)\s*:(\s|$)/.exec(text.slice(i));
  const blank = text.trim() === '' || text.trimStart().startsWith('#');
  return { blank, dashes, keyCol: m ? i : null, key: m ? m[1] : null, valueStart: m ? i + m[0].length : null, contentCol: i };
}

/** Path (parents, then the line's own key) of line `lineNo` (1-based) in a YAML doc. */
export function yamlPath(doc, lineNo) {
  const own = yamlLine(doc.line(lineNo).text);
  const path = [];
  let indent = own.keyCol ?? own.contentCol;
  for (let k = own.dashes.length - 1; k >= 0; k--) {
    path.unshift(ITEM);
    indent = own.dashes[k];
  }
  for (let n = lineNo - 1; n >= 1 && indent > 0; n--) {
    const l = yamlLine(doc.line(n).text);
    if (l.blank) continue;
    if (l.key !== null && l.keyCol < indent) {
      path.unshift(l.key);
      indent = l.keyCol;
    }
    for (let k = l.dashes.length - 1; k >= 0; k--) {
      if (l.dashes[k] < indent) {
        path.unshift(ITEM);
        indent = l.dashes[k];
      }
    }
    if (l.key === null && l.dashes.length === 0 && l.contentCol < indent) indent = l.contentCol;
  }
  return { parents: path, key: own.key, line: own };
}

// --- JSON: the key path from the syntax tree -----------------------------------------------

function jsonPath(state, pos) {
  const tree = syntaxTree(state);
  let keyNode = null;
  for (const side of [1, -1]) {
    const n = tree.resolveInner(pos, side);
    if (n.name === 'PropertyName') keyNode = n;
  }
  if (!keyNode) return { parents: [], key: null, keyNode: null };
  const parse = (n) => {
    try {
      return JSON.parse(state.sliceDoc(n.from, n.to));
    } catch {
      return state.sliceDoc(n.from + 1, n.to - 1);
    }
  };
  const path = [];
  for (let n = keyNode.parent?.parent; n; n = n.parent) {
    if (n.name === 'Property') {
      const name = n.getChild('PropertyName');
      if (name) path.unshift(parse(name));
    } else if (n.name === 'Array') path.unshift(ITEM);
  }
  return { parents: path, key: parse(keyNode), keyNode };
}

const isJson = (state) => state.sliceDoc(0, Math.min(state.doc.length, 200)).trimStart().startsWith('{');

/** CodeMirror hover source: the schema description of the key under the pointer. */
export function hoverSource(getSchema) {
  return (view, pos) => {
    const schema = getSchema();
    if (!schema) return null;
    const { state } = view;
    const line = state.doc.lineAt(pos);
    let path;
    let from;
    let to;
    if (isJson(state)) {
      const p = jsonPath(state, pos);
      if (p.key === null) return null;
      path = [...p.parents, p.key];
      from = p.keyNode.from;
      to = p.keyNode.to;
    } else {
      const p = yamlPath(state.doc, line.number);
      if (p.key === null) return null;
      from = line.from + p.line.keyCol;
      to = from + p.key.length;
      if (pos < from || pos > to) return null;
      path = [...p.parents, p.key];
    }
    const nodes = schemaAt(schema, path);
    const text = descriptionOf(nodes);
    if (!text) return null;
    const values = enumValues(nodes).map((v) => v.value);
    return {
      pos: from,
      end: to,
      above: true,
      create() {
        const dom = document.createElement('div');
        dom.className = 'schema-help';
        const title = document.createElement('strong');
        title.textContent = path.filter((k) => k !== ITEM).join('.');
        const body = document.createElement('p');
        body.textContent = text.replace(/\[`([^`\]]+)`\]/g, '$1');
        dom.append(title, body);
        if (values.length) {
          const v = document.createElement('p');
          v.textContent = `one of: ${values.join(', ')}`;
          dom.append(v);
        }
        return { dom };
      },
    };
  };
}

/** CodeMirror completion source (YAML): keys of the object at the cursor, or a key's values. */
export function completionSource(getSchema) {
  return (context) => {
    const schema = getSchema();
    const { state, pos } = context;
    if (!schema || isJson(state)) return null;
    const line = state.doc.lineAt(pos);
    const before = line.text.slice(0, pos - line.from);
    const p = yamlPath(state.doc, line.number);
    // After `key: ` → the key's values.
    if (p.key !== null && p.line.valueStart !== null && pos - line.from >= p.line.valueStart) {
      const word = context.matchBefore(/[\w-]*/);
      const values = enumValues(schemaAt(schema, [...p.parents, p.key]));
      if (values.length === 0) return null;
      return {
        from: word ? word.from : pos,
        options: values.map((v) => ({ label: String(v.value), type: 'enum', info: v.info ?? undefined })),
        validFor: /^[\w-]*$/,
      };
    }
    // At a key position → the keys the object there can have.
    if (!/^\s*(-\s+)*[\w-]*$/.test(before)) return null;
    const word = context.matchBefore(/[\w-]*/);
    if (!context.explicit && (!word || word.from === word.to)) return null;
    const props = propertiesOf(schemaAt(schema, p.parents));
    if (props.size === 0) return null;
    return {
      from: word ? word.from : pos,
      options: [...props].map(([k, v]) => ({
        label: k,
        type: 'property',
        apply: `${k}: `,
        info: descriptionOf(expand(schema, v)) ?? undefined,
      })),
      validFor: /^[\w-]*$/,
    };
  };
}
