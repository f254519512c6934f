/**
 * The build pipeline: engine → kernel module → load + verify → enable. listr2 shows progress
 * (plain lines when not a TTY, nothing with --quiet/--json); the steps are plain async
 * functions, so tests run them without listr2.
 */
import type { BuildContext, BuildStep, StepOutcome } from './build-context.js';
import { buildEngine, buildKmod } from './native-steps.js';
import { loadKmod } from './load-step.js';
import { enable } from './enable-step.js';

export const BUILD_STEPS: readonly BuildStep[] = [
  { id: 'engine', title: 'userspace engine (make -C native)', run: buildEngine },
  { id: 'kmod', title: 'kernel module (kbuild)', run: buildKmod },
  { id: 'load', title: 'load and verify the kernel module', run: loadKmod },
  { id: 'enable', title: 'enable commands', run: enable },
];

export interface StepReport extends StepOutcome {
  id: BuildStep['id'];
  title: string;
  durationMs: number;
}

export type RendererChoice = 'default' | 'simple' | 'silent';

export function chooseRenderer(opts: { quiet: boolean; json: boolean; tty: boolean }): RendererChoice {
  if (opts.quiet || opts.json) return 'silent';
  return opts.tty ? 'default' : 'simple';
}

/** Runs the steps in order under listr2; the first error stops the pipeline and is rethrown as is. */
export async function runPipeline(ctx: BuildContext, renderer: RendererChoice, steps: readonly BuildStep[] = BUILD_STEPS): Promise<StepReport[]> {
  const { Listr } = await import('listr2');
  const reports: StepReport[] = [];
  const list = new Listr(
    steps.map((step) => ({
      title: step.title,
      task: async (_: unknown, task: { title: string; skip(message?: string): void }): Promise<void> => {
        const t0 = ctx.host.now();
        const outcome = await step.run(ctx);
        reports.push({ id: step.id, title: step.title, ...outcome, durationMs: ctx.host.now() - t0 });
        if (outcome.state === 'skipped') task.skip(outcome.detail);
        else task.title = `${step.title}: ${outcome.detail}`;
      },
    })),
    { renderer, fallbackRenderer: 'simple', exitOnError: true, concurrent: false, rendererOptions: {} },
  );
  await list.run();
  return reports;
}
