/**
 * `npm run sim [-- --port 4321 --scenario large]`: the console simulator alone.
 */
import { isScenarioName, SCENARIO_NAMES } from './scenarios';
import { startSimulator } from './server';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const scenario = option('scenario') ?? 'fixtures';
if (!isScenarioName(scenario)) {
  console.error(`--scenario must be one of ${SCENARIO_NAMES.join(', ')}`);
  process.exit(2);
}
const sim = await startSimulator({ port: Number(option('port') ?? 0), scenario, clock: 'real' });
const { tenant, sandbox } = sim.state.scenario;
console.log(`Console simulator (${scenario}) on ${sim.url}`);
console.log(`  Destinations: ${sim.url}/#/@${tenant}/sname:${sandbox}/platform/destination/browse`);
console.log(`  Control:      ${sim.url}/__control/state`);
console.log('Ctrl-C to stop.');
process.on('SIGINT', () => void sim.close().then(() => process.exit(0)));
