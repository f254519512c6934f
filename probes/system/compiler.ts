/**
 * $CC against the compiler that built the kernel (the headers' CONFIG_CC_VERSION_TEXT when
 * configured headers are in use, else the running kernel's, else /proc/version), plus the
 * vermagic of an installed module. BLCR FAQ: a different gcc gives "Invalid module format".
 */
import type { Probe, ProbeOutcome } from '../../src/model/probe.js';
import { ccFromProcVersion, ccHint, compareCc, parseCc } from '../../src/probes/lib/cc-version.js';
import { firstLine, Trail } from '../../src/probes/lib/trail.js';
import { ccOf } from '../../src/probes/lib/userspace-probe.js';

export const probe: Probe = {
  id: 'compiler',
  kind: 'system',
  tier: 'required',
  title: 'C compiler',
  dependsOn: ['kernel-release', 'kernel-config', 'kernel-headers'],
  async run(ctx): Promise<ProbeOutcome> {
    const { host } = ctx;
    const cc = ccOf(ctx);
    const trail = new Trail();
    const v = await host.exec(cc, ['--version'], { timeoutMs: 10_000 });
    trail.add(`${cc} --version`, v.failed ? `failed (exit ${v.exitCode}) ${firstLine(v.stderr)}` : firstLine(v.stdout));
    if (v.failed) {
      return { status: 'fail', summary: `${cc} not usable`, facts: { cc, ccVersion: null, kernelCc: null, match: 'unknown', vermagic: null }, evidence: trail.list, code: 'BLCR_E_NO_CC', hint: 'install gcc (apt-get install gcc) or pass CC=/path/to/cc' };
    }
    // `cc --version` says "cc (Debian 12.2.0-14+deb12u1) 12.2.0": the family is in the copyright line.
    const ours = parseCc(firstLine(v.stdout));
    if (ours.family === 'unknown') ours.family = /Free Software Foundation/.test(v.stdout) ? 'gcc' : /clang/.test(v.stdout) ? 'clang' : 'unknown';

    const hdr = ctx.result('kernel-headers')?.facts;
    const cfg = ctx.result('kernel-config')?.facts;
    const procVersion = ctx.result('kernel-release')?.facts.procVersion;
    const sources: Array<[string, unknown]> = [
      [`${String(hdr?.dir)}/.config CONFIG_CC_VERSION_TEXT`, hdr?.configured === true ? hdr.ccVersionText : null],
      [`${String(cfg?.source)} CONFIG_CC_VERSION_TEXT`, cfg?.ccVersionText],
      ['/proc/version', typeof procVersion === 'string' ? ccFromProcVersion(procVersion) : null],
    ];
    const [kernelSource, kernelText] = sources.find(([, t]) => typeof t === 'string' && t !== '') ?? ['none', null];
    trail.add(kernelSource, typeof kernelText === 'string' ? kernelText : 'kernel compiler unknown');
    const kernel = parseCc(typeof kernelText === 'string' ? kernelText : '');
    const match = compareCc(ours, kernel);

    const vermagic = await moduleVermagic(ctx.host, host.uname().release, trail);
    const facts = { cc, ccVersion: ours.version, ccFamily: ours.family, kernelCc: kernel.text || null, kernelCcVersion: kernel.version, kernelCcSource: kernelSource, match, vermagic };
    const summary = `${cc} ${ours.family} ${ours.version ?? '?'}; kernel built with ${kernel.text || 'unknown'} (${match})`;
    if (match !== 'mismatch') return { status: 'pass', summary, facts, evidence: trail.list };
    // Only a module build is hurt by a different compiler; fail when one would happen.
    const kmodBuild = hdr?.configured === true && hdr.matchesRunning === true && cfg?.modules === true && ctx.options.enableKmod !== false;
    return { status: kmodBuild ? 'fail' : 'warn', summary, facts, evidence: trail.list, code: 'BLCR_E_CC_MISMATCH', hint: ccHint(kernel) };
  },
};

async function moduleVermagic(host: ProbeOutcomeHost, release: string, trail: Trail): Promise<string | null> {
  const dep = await host.readText(`/lib/modules/${release}/modules.dep`);
  const first = dep?.split('\n', 1)[0]?.split(':', 1)[0];
  if (!first) return null;
  const mod = first.startsWith('/') ? first : `/lib/modules/${release}/${first}`;
  const r = await host.exec('modinfo', ['-F', 'vermagic', mod], { timeoutMs: 10_000 });
  const vm = r.failed ? null : r.stdout.trim() || null;
  trail.add(`modinfo -F vermagic ${mod}`, vm ?? 'unavailable');
  return vm;
}

type ProbeOutcomeHost = Parameters<Probe['run']>[0]['host'];
