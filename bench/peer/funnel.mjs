// The peer of scripts/bench-peer.sh: squiggle-lang 0.10 sampling a 15-input e-commerce funnel (five channels ×
// visitors × conversion × order value, each "a to b", i.e. a log-normal 90% interval) at N samples, and the
// chance of a GMV target — what a planner would write in Squiggle before Sandtable.
// Usage: node funnel.mjs [N]   (prints one JSON line: samples, mean GMV, P(GMV >= target))
import { run } from "@quri/squiggle-lang";

const n = Number(process.argv[2] ?? 10000);
const code = `
tmall = (1.7e8 to 2.0e8) * (0.028 to 0.036) * (265 to 305)
jd = (0.85e8 to 1.05e8) * (0.026 to 0.034) * (300 to 360)
douyin = (2.4e8 to 3.1e8) * (0.012 to 0.018) * (150 to 190)
pdd = (0.75e8 to 0.95e8) * (0.030 to 0.040) * (105 to 135)
wechat = (0.28e8 to 0.38e8) * (0.020 to 0.030) * (190 to 240)
gmv = tmall + jd + douyin + pdd + wechat
summary = { mean: mean(gmv), p10: quantile(gmv, 0.1), p90: quantile(gmv, 0.9), hit: 1 - cdf(gmv, 3.8e9) }
`;
const out = await run(code, { environment: { sampleCount: n, xyPointLength: 1000, seed: "2026" } });
if (!out.result.ok) {
  console.error(out.result.value.toString());
  process.exit(1);
}
const summary = out.result.value.bindings.get("summary");
console.log(JSON.stringify({ samples: n, summary: summary.toString() }));
