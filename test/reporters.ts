/**
 * Under CI, each suite also writes a JSON report to test-results/ so .ci/run can
 * print one `N passed, N failed` line for unit and e2e together.
 */
export function ciReporters(suite: string) {
  if (!process.env.CI) return {};
  return {
    reporters: ['default', 'json'],
    outputFile: { json: `test-results/${suite}.json` },
  };
}
