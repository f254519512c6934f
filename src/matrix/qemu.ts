/**
 * Boots a kernel + initramfs under qemu-system-x86_64: KVM when /dev/kvm is usable, else TCG
 * with `-cpu max` (the default qemu64 has no XSAVE: NT_X86_XSTATE fails). qboot saves ~1 s
 * over SeaBIOS. `panic=-1` with `-no-reboot` turns a guest panic into a prompt exit.
 */
import type { Host } from '../host/host.js';

export interface BootSpec {
  vmlinuz: string;
  initrd: string;
  append?: string;
  memMb?: number;
  timeoutMs?: number;
}

export interface BootResult {
  log: string;
  exitCode: number;
  timedOut: boolean;
  seconds: number;
  accel: string;
}

export function qemuArgs(spec: BootSpec, kvm: boolean, qboot: boolean): string[] {
  return [
    ...(kvm ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg', '-cpu', 'max']),
    '-m', String(spec.memMb ?? 512), '-smp', '1', '-nographic', '-no-reboot',
    '-kernel', spec.vmlinuz, '-initrd', spec.initrd,
    '-append', `console=ttyS0 panic=-1 oops=panic quiet loglevel=3 ${spec.append ?? ''}`.trim(),
    '-nic', 'none', '-display', 'none', '-serial', 'stdio', '-monitor', 'none',
    ...(qboot ? ['-bios', '/usr/share/qemu/qboot.rom'] : []),
  ];
}

/** KVM is tried once when /dev/kvm is writable; a nested KVM that cannot start a guest
 * (seen here: "failed to set MSR 0x10a") falls back to TCG for the rest of the run. */
let kvmBroken = false;

async function bootOnce(host: Host, spec: BootSpec, kvm: boolean, qboot: boolean): Promise<BootResult> {
  const t0 = host.now();
  const r = await host.exec('qemu-system-x86_64', qemuArgs(spec, kvm, qboot), { timeoutMs: spec.timeoutMs ?? 180_000 });
  const seconds = (host.now() - t0) / 1000;
  const log = `${r.stdout}\n${r.stderr}`.replace(/\r/g, '');
  const timedOut = r.failed && !/BLCR-END/.test(log) && seconds * 1000 >= (spec.timeoutMs ?? 180_000) - 1000;
  return { log, exitCode: r.exitCode, timedOut, seconds, accel: kvm ? 'kvm' : 'tcg' };
}

export async function boot(host: Host, spec: BootSpec): Promise<BootResult> {
  const want = host.env('BLCR_MATRIX_ACCEL');
  const kvm = want !== 'tcg' && !kvmBroken && (await host.exec('sh', ['-c', 'test -w /dev/kvm'])).exitCode === 0;
  const qboot = await host.exists('/usr/share/qemu/qboot.rom');
  const first = await bootOnce(host, spec, kvm, qboot);
  if (!kvm || /BLCR-BEGIN/.test(first.log) || want === 'kvm') return first;
  kvmBroken = true;
  return bootOnce(host, spec, false, qboot);
}
