// The score report as Markdown, built here from the report object (the package's own
// Markdown renderer is used instead when the build exports `scoreMarkdown`).
import { fmtDataLoss, fmtMinutes } from './dom.js';

const cell = (v) => String(v ?? '').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

/** Markdown for a ScoreReport (camelCase keys), the `top` costliest findings included. */
export function scoreMarkdown(r, top = 10) {
  const lines = [];
  lines.push(`## faultline: ${cell(r.name)} scores ${r.score.toFixed(1)}/100 (grade ${r.grade})`, '');
  lines.push(`faultline ${cell(r.faultlineVersion)}, catalogue ${cell(r.catalogueVersion)}, ${r.scenarios} scenarios played.`, '');
  lines.push('| journey | score | grade | expected downtime / year | budget / year | target |');
  lines.push('|---|---:|:-:|---:|---:|---:|');
  for (const j of r.journeys) {
    lines.push(
      `| ${cell(j.name)} | ${j.score.toFixed(1)} | ${j.grade} | ${fmtMinutes(j.expectedDowntimeMinutesPerYear)} | ${fmtMinutes(j.budgetMinutesPerYear)} | ${j.targetAvailability} % |`,
    );
  }
  lines.push('', '### Costliest findings', '');
  if (r.findings.length === 0) lines.push('No scenario costs anything.');
  else {
    lines.push('| points | journey | scenario | status | minutes | data loss | per year | why |');
    lines.push('|---:|---|---|---|---:|---|---:|---|');
    for (const f of r.findings.slice(0, top)) {
      const why = (f.chain ?? []).map((step) => step.text).join('; ');
      lines.push(
        `| ${f.points.toFixed(2)} | ${cell(f.journey)} | \`${cell(f.scenario)}\` | ${f.status} | ${fmtMinutes(Math.max(f.impactMinutes, f.degradedMinutes))} | ${fmtDataLoss(f)} | ${f.perYear.toFixed(4)} | ${cell(why)} |`,
      );
    }
    if (r.findings.length > top) lines.push('', `…and ${r.findings.length - top} more findings.`);
  }
  const notes = (r.diagnostics ?? []).filter((d) => d.severity !== 'info');
  if (notes.length) {
    lines.push('', '### Warnings', '');
    for (const d of notes) lines.push(`- ${d.severity} \`${cell(d.code)}\`${d.line ? ` (line ${d.line})` : ''}: ${cell(d.message)}`);
  }
  return `${lines.join('\n')}\n`;
}
