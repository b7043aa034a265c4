import { planCalls, deliveriesOf, orgIds } from './payloads.ts';
const plans = planCalls({ seed: 1, count: 2000, orgs: orgIds(4) });
const by: Record<string, number[]> = {};
let msgs = 0;
const t = performance.now();
for (const p of plans) for (const d of deliveriesOf(p)) { (by[d.kind] ??= []).push(d.body.length); }
console.log('gen ms per call', (performance.now() - t) / 2000);
for (const [k, v] of Object.entries(by)) console.log(k, v.length, Math.round(v.reduce((a, b) => a + b) / v.length));
const e = JSON.parse(deliveriesOf(plans[3])[1].body);
console.log(JSON.stringify(e).slice(0, 3000));
console.log((e.message.artifact.messages ?? e.message.messages ?? e.message.artifact.messagesOpenAIFormatted).length, plans[3].tools, plans[3].format);
