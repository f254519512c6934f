/** Reading and classifying one System.map file, once per host (two probes look at it). */
import type { Host } from '../../host/host.js';
import { classifyMap, type MapClass } from './system-map.js';

export type MapRead = { state: 'missing' } | { state: 'unreadable' } | ({ state: 'read' } & MapClass);

const memo = new WeakMap<Host, Map<string, Promise<MapRead>>>();

export function readMap(host: Host, path: string): Promise<MapRead> {
  let m = memo.get(host);
  if (!m) memo.set(host, (m = new Map()));
  let p = m.get(path);
  if (!p) m.set(path, (p = load(host, path)));
  return p;
}

async function load(host: Host, path: string): Promise<MapRead> {
  if (!(await host.exists(path))) return { state: 'missing' };
  const text = await host.readText(path);
  if (text === undefined) return { state: 'unreadable' };
  return { state: 'read', ...classifyMap(text) };
}
