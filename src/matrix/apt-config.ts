/**
 * A private apt configuration that sees bullseye, bookworm, trixie, their -security and
 * backports suites from the host's own mirror, with its own lists, cache and an empty dpkg
 * status. Used only as APT_CONFIG=… for apt-get update/download: it never changes
 * /etc/apt and cannot change what the host installs.
 */
import path from 'node:path';
import type { Host } from '../host/host.js';
import { BlcrError } from '../model/errors.js';

export interface Mirrors {
  main: string;
  security: string;
}

const DEFAULT_MIRRORS: Mirrors = { main: 'http://deb.debian.org/debian', security: 'http://deb.debian.org/debian-security' };
export const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/** Mirror URIs from a deb822 sources file (or one-line sources.list text). */
export function parseMirrors(text: string): Mirrors {
  const uris: string[] = [];
  for (const line of text.split('\n')) {
    const deb822 = /^URIs:\s*(\S+)/.exec(line.trim());
    const oneLine = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(line.trim());
    const uri = deb822?.[1] ?? oneLine?.[1];
    if (uri !== undefined) uris.push(uri.replace(/\/$/, ''));
  }
  const security = uris.find((u) => /security/.test(u)) ?? DEFAULT_MIRRORS.security;
  const main = uris.find((u) => !/security/.test(u)) ?? DEFAULT_MIRRORS.main;
  return { main, security };
}

export interface AptFiles {
  /** Path → contents. */
  files: Record<string, string>;
  aptConf: string;
}

export function renderAptConfig(dir: string, mirrors: Mirrors, keyring = KEYRING): AptFiles {
  const stanza = (uri: string, suites: string) =>
    `Types: deb\nURIs: ${uri}\nSuites: ${suites}\nComponents: main\nSigned-By: ${keyring}\n`;
  const sources = [
    stanza(mirrors.main, 'bullseye bookworm bookworm-updates trixie bookworm-backports trixie-backports'),
    stanza(mirrors.security, 'bullseye-security bookworm-security trixie-security'),
  ].join('\n');
  const aptConf = path.join(dir, 'apt.conf');
  const conf = [
    'Dir::Etc::sourcelist "/dev/null";',
    `Dir::Etc::sourceparts "${dir}/sources.list.d";`,
    `Dir::Etc::preferencesparts "${dir}/preferences.d";`,
    `Dir::State::lists "${dir}/lists";`,
    `Dir::State::status "${dir}/status";`,
    `Dir::Cache "${dir}/cache";`,
    'APT::Architecture "amd64";',
    'APT::Architectures { "amd64"; };',
    'APT::Sandbox::User "root";',
    '',
  ].join('\n');
  return {
    aptConf,
    files: {
      [path.join(dir, 'sources.list.d', 'blcr-matrix.sources')]: sources,
      [aptConf]: conf,
      [path.join(dir, 'status')]: '',
      [path.join(dir, 'preferences.d', '.keep')]: '',
      [path.join(dir, 'lists', 'partial', '.keep')]: '',
      [path.join(dir, 'cache', 'archives', 'partial', '.keep')]: '',
    },
  };
}

/** Writes the configuration (once) and runs `apt-get update` with it when the lists are older than maxAgeMs. */
export async function ensureAptConfig(host: Host, dir: string, maxAgeMs = 12 * 3600_000): Promise<string> {
  const sourcesText = (await host.readText('/etc/apt/sources.list.d/debian.sources')) ?? (await host.readText('/etc/apt/sources.list')) ?? '';
  const { files, aptConf } = renderAptConfig(dir, parseMirrors(sourcesText));
  for (const [p, text] of Object.entries(files)) await host.writeFile(p, text);
  const stamp = path.join(dir, 'updated-at');
  const last = Number((await host.readText(stamp)) ?? 0);
  if (host.now() - last > maxAgeMs) {
    const r = await host.exec('apt-get', ['update', '-qq'], { env: { APT_CONFIG: aptConf }, timeoutMs: 300_000 });
    if (r.exitCode !== 0) {
      throw new BlcrError('BLCR_E_BUILD_FAILED', `apt-get update with ${aptConf} failed: ${r.stderr.trim().split('\n').pop() ?? ''}`, {
        hint: 'check the network and the mirror in /etc/apt/sources.list.d/debian.sources',
      });
    }
    await host.writeFile(stamp, String(host.now()));
  }
  return aptConf;
}
