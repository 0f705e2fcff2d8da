/**
 * Where the tests, the demo and the benchmarks find their browsers. Chromium (or Chrome):
 * `CHROME_PATH`, then the usual Linux and macOS places; Firefox: `FIREFOX_PATH`, then the
 * same. When none is there, on Debian or Ubuntu as root it is installed with apt-get after
 * a one-line message (Debian's `chromium`, `firefox-esr`); elsewhere the run stops with a
 * message naming the command to run. Nothing is downloaded from anywhere else.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export type BrowserName = 'chromium' | 'firefox';

interface Spec {
  env: string;
  label: string;
  paths: string[];
  /** Debian's package for it. */
  aptPackage: string;
}

const SPECS: Record<BrowserName, Spec> = {
  chromium: {
    env: 'CHROME_PATH',
    label: 'Chromium or Chrome',
    paths: [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/snap/bin/chromium',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ],
    aptPackage: 'chromium',
  },
  firefox: {
    env: 'FIREFOX_PATH',
    label: 'Firefox',
    paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/snap/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'],
    aptPackage: 'firefox-esr',
  },
};

export interface FindOptions {
  env?: NodeJS.ProcessEnv;
  exists?: (path: string) => boolean;
  /** May it install with apt-get (root on Debian or Ubuntu)? Defaults to asking the machine. */
  canApt?: () => boolean;
  install?: (aptPackage: string) => void;
  log?: (line: string) => void;
}

/** The first browser of that kind found; none: installed when the machine allows, else a clear error. */
export function findBrowser(name: BrowserName, options: FindOptions = {}): string {
  const spec = SPECS[name];
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const fromEnv = env[spec.env];
  if (fromEnv) {
    if (!exists(fromEnv)) throw new Error(`${spec.env} is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const found = spec.paths.find(exists);
  if (found) return found;
  if ((options.canApt ?? canUseApt)()) {
    (options.log ?? console.log)(`${spec.label} not found: installing Debian's ${spec.aptPackage} with apt-get (once).`);
    (options.install ?? aptInstall)(spec.aptPackage);
    const installed = spec.paths.find(exists);
    if (installed) return installed;
  }
  throw new Error(
    `${spec.label} not found. Install it (Debian/Ubuntu: sudo apt-get install -y ${spec.aptPackage}) ` +
      `or set ${spec.env} to its executable, then run again.`,
  );
}

function canUseApt(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
  try {
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

function aptInstall(aptPackage: string): void {
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', aptPackage], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
