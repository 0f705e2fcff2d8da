/**
 * `npm run bench [-- --quick] [-- --no-build]`: builds the extension (production for
 * the sizes, test mode for the browser), measures every budgeted metric, prints a
 * table, writes bench/results.json and bench/results.md, exits 1 if a budget is missed.
 * BENCH_QUICK=1 is the same as --quick.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { failures, formatTable } from './report';
import { runBench } from './suite';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick') || process.env.BENCH_QUICK === '1';

if (!args.has('--no-build')) {
  execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  execFileSync('npx', ['wxt', 'build', '--mode', 'test'], { stdio: 'inherit' });
}

const startedAt = Date.now();
const results = await runBench({ quick, log: (line) => console.log(`[bench] ${line}`) });
const table = formatTable(results);
const when = new Date().toISOString();
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(
  'bench/results.md',
  `# Bench results\n\n${when}, ${quick ? 'quick mode' : 'full run'}, ${Math.round((Date.now() - startedAt) / 1000)} s\n\n${table}\n`,
);
console.log(`\n${table}\n`);
const missed = failures(results);
if (missed.length) {
  console.error(`Budgets missed: ${missed.join(', ')}`);
  process.exit(1);
}
console.log('Every budget met.');
