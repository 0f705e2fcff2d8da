/**
 * `npm run demo [-- --once] [-- --scenario large] [-- --port 4310]`: builds the test
 * extension, serves the simulated console (fixtures by default) and opens Chromium
 * with the extension on the Destinations page. Without a DISPLAY it runs headless and
 * saves screenshots to test-results/demo/. --once exits after the screenshots. Chromium is
 * found, or installed on Debian/Ubuntu as root (test/browsers.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isScenarioName } from './console-sim/scenarios';
import { launch, RESULTS_DIR } from './e2e/harness';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const once = args.includes('--once');
const scenario = option('scenario') ?? 'fixtures';
if (!isScenarioName(scenario)) throw new Error(`unknown scenario ${scenario}`);

console.log('Building the test extension (wxt build --mode test)…');
const build = spawnSync('npx', ['wxt', 'build', '--mode', 'test'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const headed = Boolean(process.env.DISPLAY) && !once;
const harness = await launch({ scenario, headless: !headed, port: Number(option('port') ?? 4310) }).catch(() =>
  // The preferred port may be taken: any free one will do.
  launch({ scenario, headless: !headed }),
);
const outDir = join(RESULTS_DIR, 'demo');
mkdirSync(outDir, { recursive: true });

const { page: browse, frame } = await harness.openConsole(harness.route());
await frame.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"]');
await browse.waitForTimeout(1500); // let the extension draw its badges
const shots = [join(outDir, 'browse.png')];
await browse.screenshot({ path: shots[0]!, fullPage: true });

const firstFlow = harness.state.scenario.flows[0]!.id as string;
const { page: detail, frame: detailFrame } = await harness.openConsole(harness.route(firstFlow));
await detailFrame.waitForSelector('[role="grid"] [role="row"][aria-rowindex="2"]');
await detail.waitForTimeout(1500);
shots.push(join(outDir, 'activation-data.png'));
await detail.screenshot({ path: shots[1]!, fullPage: true });

console.log(`\nScreenshots:\n${shots.map((s) => `  ${s}`).join('\n')}`);

if (once) {
  // Its simulator stops with it: no address to print that would be dead by the time it is read.
  await harness.close();
  console.log('To try the extension in your own browser against the simulator, see the README (npm run sim).');
  process.exit(0);
}
console.log(`Simulated console: ${harness.consoleUrl(harness.route())}`);
console.log(`Simulator control: ${harness.sim.url}/__control/state`);
console.log(headed ? 'Chromium is open with the extension. Ctrl-C to stop.' : 'Simulator running (headless browser). Ctrl-C to stop.');
process.on('SIGINT', () => void harness.close().then(() => process.exit(0)));
