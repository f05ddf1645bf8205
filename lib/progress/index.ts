/**
 * Live progress of a training loop: a progress line and a loss curve that redraw in place. It stands below
 * `lib/train` (whose `fit` draws it for `live: true`) and `lib/plot` (which shows it to notebooks as `dl.plot.live`),
 * so both may import it and neither imports the other for it.
 *
 * @example
 * const progress = dl.plot.live({ total: 1000 });
 * progress.update({ step: 1, loss: 2.3 });
 * progress.done();
 */
export { live } from "./live.js";
export type { LiveOptions, LiveHandle, LiveUpdate, LiveStream, LiveStatus } from "./live.js";
