// A deterministic synthetic architecture of `n` components for the page's speed check: three
// tiers (edge, services, data) over two AWS regions with three zones each, every service
// depending on two of the next tier, and one journey per edge component.
export function syntheticArchitecture(n) {
  const lines = ['version: 1', `name: synthetic-${n}`, 'targets: { availability: 99.95, rto_minutes: 60, rpo_minutes: 15 }', 'components:'];
  const edge = Math.max(1, Math.round(n * 0.1));
  const data = Math.max(1, Math.round(n * 0.3));
  const services = n - edge - data;
  const ids = [];
  const tierOf = [];
  for (let i = 0; i < n; i++) {
    const tier = i < edge ? 0 : i < edge + services ? 1 : 2;
    ids.push(`${['edge', 'svc', 'data'][tier]}-${i}`);
    tierOf.push(tier);
  }
  const firstOf = [0, edge, edge + services];
  const countOf = [edge, services, data];
  for (let i = 0; i < n; i++) {
    const tier = tierOf[i];
    const kind = tier === 0 ? 'load-balancer' : tier === 1 ? 'container' : i % 2 ? 'database' : 'cache';
    const service = tier === 0 ? 'elb' : tier === 1 ? 'ecs' : i % 2 ? 'rds' : 'elasticache';
    lines.push(`  - id: ${ids[i]}`, `    kind: ${kind}`, '    provider: aws', `    service: ${service}`);
    if (i % 3 === 0) {
      lines.push('    regions:', '      - { name: us-east-1, zones: 3 }', '      - { name: us-west-2, zones: 3 }', '    topology: active-passive', '    standby: warm');
      lines.push('    failover: { trigger: automatic, via: dns, detect_minutes: 3, switch_minutes: 5 }');
    } else {
      lines.push('    regions:', `      - { name: ${i % 2 ? 'us-east-1' : 'us-west-2'}, zones: ${1 + (i % 3)} }`);
    }
    if (tier === 2 && i % 2) {
      const replication = i % 3 === 0 ? 'async' : 'none';
      lines.push(`    data: { replication: ${replication}, backups: other-region, backup_interval_minutes: 60 }`);
    }
    // Every component is needed by someone: edge i needs the services s with s % edge == i,
    // service s needs data s % data (hard) and one more data component (soft).
    const deps = [];
    if (tier === 0) {
      for (let s = 0; s < services; s++) if (s % edge === i) deps.push(ids[firstOf[1] + s]);
    } else if (tier === 1) {
      const s = i - firstOf[1];
      const a = firstOf[2] + (s % data);
      const b = firstOf[2] + ((s * 7 + 3) % data);
      deps.push(ids[a]);
      if (b !== a) deps.push(`{ id: ${ids[b]}, hard: false }`);
    }
    if (deps.length) lines.push(`    depends_on: [${deps.join(', ')}]`);
  }
  lines.push('journeys:');
  for (let i = 0; i < edge; i++) lines.push(`  - name: journey-${i}`, `    entry: [${ids[i]}]`, `    criticality: ${['low', 'normal', 'high', 'critical'][i % 4]}`);
  return `${lines.join('\n')}\n`;
}
